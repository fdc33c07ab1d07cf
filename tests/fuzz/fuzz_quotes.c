/*
 * fuzz_quotes.c - libFuzzer target: any bytes as a text article (and as
 * JSONL) through rl_quotes_doc, with and without events, every quotation
 * written as JSONL to /dev/null.
 *
 * Besides the sanitizers it checks what the API promises for quotations:
 * start <= end within the document's code points, the words no longer
 * than the document, the speaker's mention and every event trigger inside
 * the document (the triggers inside the quotation).  Run from the
 * repository root (or set REDLINE_FUZZ_DATA to a data directory).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "redline.h"

#define FZ_MAX_DOCS 64 /* documents read per input and format */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static rl_dict *fz_dict;
static rl_coder *fz_coder;
static FILE *fz_null;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *dir = getenv("REDLINE_FUZZ_DATA");
    rl_error err;
    memset(&err, 0, sizeof err);
    if (rl_dict_load_dir(&fz_dict, dir ? dir : "data", 0, &err) != RL_OK ||
        rl_coder_new(&fz_coder, fz_dict, NULL, &err) != RL_OK) {
        fprintf(stderr, "fuzz_quotes: %s (run from the repository root)\n", err.msg);
        exit(1);
    }
    fz_null = fopen("/dev/null", "w");
    if (!fz_null)
        exit(1);
    return 0;
}

/* Code points in the document text. */
static size_t fz_cps(const rl_doc *doc)
{
    size_t n = 0;
    for (size_t i = 0; i < doc->text_len; i++)
        n += ((unsigned char)doc->text[i] & 0xC0) != 0x80;
    return n;
}

typedef struct fz_state {
    size_t cps;
} fz_state;

static int fz_check(const rl_quote *q, void *ud)
{
    const fz_state *s = ud;
    if (q->start > q->end || q->end > s->cps || !q->text || q->text_len > q->doc->text_len ||
        strlen(q->text) != q->text_len)
        abort();
    if (q->speaker.found &&
        (!q->speaker.name || !q->speaker.code || q->speaker.mention.end > s->cps ||
         q->speaker.mention.start > q->speaker.mention.end))
        abort();
    for (size_t i = 0; i < q->n_events; i++)
        if (q->events[i].trigger.start < q->start || q->events[i].trigger.end > q->end ||
            !q->events[i].cameo || !q->events[i].source)
            abort();
    if (rl_write_quote(fz_null, q) != RL_OK)
        abort();
    return 0;
}

static void fz_run(const uint8_t *data, size_t size, rl_format f, int events)
{
    static const char empty[1];
    FILE *in = fmemopen(size ? (void *)(uintptr_t)data : (void *)(uintptr_t)empty,
                        size ? size : 1, "rb");
    if (!in)
        return;
    rl_reader_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.format = f;
    ro.default_date = 20240410;
    rl_reader *r = NULL;
    rl_error err;
    if (rl_reader_open(&r, in, "fuzz", &ro, &err) == RL_OK) {
        rl_quote_opts qo;
        rl_quote_opts_init(&qo);
        qo.events = events;
        for (int k = 0; k < FZ_MAX_DOCS; k++) {
            const rl_doc *doc = NULL;
            rl_status st = rl_reader_next(r, &doc, &err);
            if (st == RL_ERR_EOF || (st != RL_OK && st != RL_ERR_PARSE && st != RL_ERR_TOOBIG))
                break;
            if (st != RL_OK)
                continue;
            fz_state s = {fz_cps(doc)};
            st = rl_quotes_doc(fz_coder, doc, &qo, fz_check, &s, &err);
            if (st != RL_OK && st != RL_ERR_TOOBIG && st != RL_ERR_NOMEM)
                abort();
        }
        rl_reader_close(r);
    }
    fclose(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_run(data, size, RL_IN_TEXT, size > 0 && (data[0] & 1));
    fz_run(data, size, RL_IN_JSONL, 0);
    return 0;
}
