/*
 * fuzz_dict.c - libFuzzer target: any bytes as a dictionary file (verbs,
 * actors, agents or discards), strict and lenient.
 *
 * The bytes go to one temporary file (rewritten for every input) and are
 * loaded as the kind they look like (fz_guess) and as the kind their last
 * byte picks, so every kind sees every input shape while a seed is still
 * read as what it is; all four kinds for every input would cost four times
 * as much (each set allocates its lexicon cache).  Each load
 * starts from a fresh set holding the small fixtures of tests/data/dict for
 * the other kinds; when the fuzzed file loads and the set finishes, a few
 * fixed sentences are coded with it, so the patterns, actors and synsets it
 * defines reach the matcher.  Run from the repository root (or set
 * REDLINE_FUZZ_DATA to a data directory).  This file must not keep any
 * dictionary between inputs.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "redline.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char fz_path[64];
static const char *fz_data = "data";

static const char *const fz_fixture[] = {
    "tests/data/dict/good.verbs.txt",
    "tests/data/dict/good.actors.txt",
    "tests/data/dict/good.agents.txt",
    "tests/data/dict/good.discards.txt",
};

static const char fz_text[] =
    "Testland met Alice Example with foreign red boxes. The police of Testland "
    "accused a spokesman of Bob on Tuesday. Carol will not sit down with "
    "Testlandia's capital, officials said. China's government met the United "
    "States and Russia. Thieves re-arrested Dave before court.";

static void fz_cleanup(void)
{
    if (fz_path[0])
        unlink(fz_path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *dir = getenv("REDLINE_FUZZ_DATA");
    if (dir)
        fz_data = dir;
    const char *tmp = getenv("TMPDIR");
    int k = snprintf(fz_path, sizeof fz_path, "%s/fuzz_dict.XXXXXX",
                     tmp && strlen(tmp) < 40 ? tmp : "/tmp");
    if (k < 0 || (size_t)k >= sizeof fz_path)
        exit(1);
    int fd = mkstemp(fz_path);
    if (fd < 0) {
        perror("fuzz_dict: mkstemp");
        exit(1);
    }
    close(fd);
    atexit(fz_cleanup);
    for (size_t i = 0; i < sizeof fz_fixture / sizeof fz_fixture[0]; i++) {
        if (access(fz_fixture[i], R_OK) != 0) {
            fprintf(stderr, "fuzz_dict: %s missing (run from the repository root)\n",
                    fz_fixture[i]);
            exit(1);
        }
    }
    return 0;
}

static int fz_emit(const rl_event *ev, void *ud)
{
    (void)ud;
    if (!ev->cameo || !ev->rule)
        abort();
    return 0;
}

static void fz_code(const rl_dict *d)
{
    rl_coder_opts o;
    rl_coder_opts_init(&o);
    o.emit_all = 1;
    rl_coder *c = NULL;
    rl_error err;
    memset(&err, 0, sizeof err);
    if (rl_coder_new(&c, d, &o, &err) != RL_OK)
        return;
    rl_doc doc;
    memset(&doc, 0, sizeof doc);
    doc.id = "fuzz";
    doc.origin = "fuzz:1";
    doc.title = "Testland accuses Bob";
    doc.text = fz_text;
    doc.text_len = sizeof fz_text - 1;
    static const int dates[] = {20240101, 20120601, 19950101};
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        doc.date = dates[i];
        (void)rl_coder_code_doc(c, &doc, fz_emit, NULL, &err);
    }
    rl_coder_free(c);
}

static void fz_load(rl_dict_kind kind, unsigned flags)
{
    rl_error err;
    memset(&err, 0, sizeof err);
    rl_dict *d = NULL;
    if (rl_dict_new(&d, fz_data, &err) != RL_OK) {
        fprintf(stderr, "fuzz_dict: %s\n", err.msg);
        abort(); /* the data directory itself does not load */
    }
    rl_status st = RL_OK;
    for (size_t k = 0; k < sizeof fz_fixture / sizeof fz_fixture[0] && st == RL_OK; k++)
        if ((rl_dict_kind)k != kind)
            st = rl_dict_add_file(d, (rl_dict_kind)k, fz_fixture[k], 0, &err);
    if (st != RL_OK) {
        fprintf(stderr, "fuzz_dict: fixture: %s\n", err.msg);
        abort();
    }
    st = rl_dict_add_file(d, kind, fz_path, flags, &err);
    if (st == RL_OK)
        st = rl_dict_finish(d, &err);
    if (st == RL_OK) {
        rl_dict_stats ds;
        rl_dict_stats_get(d, &ds);
        fz_code(d);
    } else if (err.msg[0] == '\0') {
        abort(); /* every failure says why */
    }
    rl_dict_free(d);
}

/* The kind a file looks like: verb blocks and synsets, agents' [~XXX],
 * actors' [CODE] or "CODE: name" lines, else a discards list. */
static rl_dict_kind fz_guess(const uint8_t *data, size_t size)
{
    int bracket = 0, colon = 0;
    for (size_t i = 0; i < size; i++) {
        int bol = i == 0 || data[i - 1] == '\n';
        if (bol && (data[i] == '&' || (i + 2 < size && memcmp(data + i, "---", 3) == 0)))
            return RL_DICT_VERBS;
        if (data[i] == '[' && i + 1 < size && data[i + 1] == '~')
            return RL_DICT_AGENTS;
        if (data[i] == '~' && i + 1 < size && data[i + 1] == ']')
            return RL_DICT_AGENTS;
        bracket |= data[i] == '[';
        colon |= data[i] == ':';
    }
    return bracket || colon ? RL_DICT_ACTORS : RL_DICT_DISCARDS;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fopen(fz_path, "wb");
    if (!f)
        abort();
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    if (fclose(f) != 0)
        abort();
    rl_dict_kind kinds[2];
    kinds[0] = fz_guess(data, size);
    kinds[1] = (rl_dict_kind)(size ? data[size - 1] % 4 : 0);
    for (size_t i = 0; i < 2; i++) {
        if (i == 1 && kinds[1] == kinds[0])
            break;
        fz_load(kinds[i], 0);
        fz_load(kinds[i], RL_DICT_LENIENT);
    }
    return 0;
}
