/*
 * dict.c - the dictionary set as a whole: creating it, adding files by
 * kind, loading a directory's redline.dicts list, freezing it for the
 * matcher, and choosing an actor's code for a date.
 *
 * The file formats themselves are parsed in dict_tabari.c and (redline's
 * own actor format, recognised from a file's first line) dict_redline.c; the lookup
 * indexes are built in match.c.  This file never reads news text and never
 * prints: every problem goes back through an rl_error.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "dict.h"

#include <errno.h>
#include <stddef.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "lexicon.h"
#include "text.h"
#include "match.h"

#ifndef RL_DATA_DIR
#define RL_DATA_DIR "/usr/local/share/redline"
#endif

#define DICT_VEC_MAX ((size_t)16 * 1024 * 1024) /* elements per array */
#define DICT_LIST_MAX ((long)1024 * 1024)        /* bytes of a redline.dicts */
#define DICT_SNIFF_MAX ((size_t)64 * 1024)       /* bytes read to recognise a format */

long dict_vec_push(void **v, size_t *n, size_t *cap, size_t elem)
{
    if (*n >= DICT_VEC_MAX)
        return -1;
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 64;
        if (ncap > DICT_VEC_MAX)
            ncap = DICT_VEC_MAX;
        void *p = realloc(*v, ncap * elem);
        if (!p)
            return -1;
        *v = p;
        *cap = ncap;
    }
    memset((char *)*v + *n * elem, 0, elem);
    return (long)(*n)++;
}

/* ---- creating and freeing ------------------------------------------- */

static rl_status dict_join(char *out, size_t cap, const char *dir, const char *name,
                           rl_error *err)
{
    int w;
    if (name[0] == '/' || !dir || !*dir)
        w = snprintf(out, cap, "%s", name);
    else
        w = snprintf(out, cap, "%s/%s", dir, name);
    if (w < 0 || (size_t)w >= cap)
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "path too long: %s/%s",
                       dir ? dir : "", name);
    return RL_OK;
}

rl_status rl_dict_new(rl_dict **out, const char *data_dir, rl_error *err)
{
    if (!out)
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "rl_dict_new: no output pointer");
    *out = NULL;
    if (!data_dir)
        data_dir = rl_default_data_dir();
    char lexpath[DICT_PATH_MAX];
    rl_status st = dict_join(lexpath, sizeof lexpath, data_dir, "lexicon.txt", err);
    if (st)
        return st;
    rl_dict *d = calloc(1, sizeof *d);
    if (!d)
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    snprintf(d->data_dir, sizeof d->data_dir, "%s", data_dir);
    arena_init(&d->mem, 0);
    d->words = intern_new();
    if (!d->words) {
        rl_dict_free(d);
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    st = lexicon_new(&d->lex, d->words, lexpath, err);
    if (st) {
        rl_dict_free(d);
        return st;
    }
    /* the sentence splitter's abbreviations live beside the lexicon; a
     * missing list keeps the built-in default */
    char abbrpath[DICT_PATH_MAX];
    if (dict_join(abbrpath, sizeof abbrpath, data_dir, "abbreviations.txt", NULL) == RL_OK &&
        access(abbrpath, R_OK) == 0) {
        st = text_load_abbrevs(abbrpath, err);
        if (st) {
            rl_dict_free(d);
            return st;
        }
    }
    *out = d;
    return RL_OK;
}

void rl_dict_free(rl_dict *d)
{
    if (!d)
        return;
    match_index_free(d->index);
    if (d->lex)
        lexicon_free(d->lex);
    intern_free(d->words);
    free(d->actors.v);
    free(d->actor_phrases.v);
    free(d->agents.v);
    free(d->verb_blocks.v);
    free(d->verb_forms.v);
    free(d->patterns.v);
    free(d->synsets.v);
    free(d->discards.v);
    free(d->syn_slots);
    arena_free(&d->mem);
    free(d);
}

/* Is the actors file at `path` in redline's own format?  Decided from its
 * first line that is not blank or a comment, within the first 64 KiB; a
 * file that cannot be read is left to the TABARI loader to report. */
static int dict_file_is_redline(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    char *buf = malloc(DICT_SNIFF_MAX);
    size_t n = buf ? fread(buf, 1, DICT_SNIFF_MAX, f) : 0;
    fclose(f);
    int yes = buf && dict_is_redline_format(buf, n);
    free(buf);
    return yes;
}

rl_status rl_dict_add_file(rl_dict *d, rl_dict_kind kind, const char *path, unsigned flags,
                           rl_error *err)
{
    if (!d || !path)
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "rl_dict_add_file: no dictionary or path");
    if (d->finished)
        return err_set(err, RL_ERR_USAGE, path, 0, 0,
                       "the dictionary set is finished: add files before rl_dict_finish");
    switch (kind) {
    case RL_DICT_VERBS: return dict_load_verbs(d, path, flags, err);
    case RL_DICT_ACTORS:
        if (dict_file_is_redline(path))
            return dict_load_redline_actors(d, path, flags, err);
        return dict_load_actors(d, path, flags, err);
    case RL_DICT_AGENTS: return dict_load_agents(d, path, flags, err);
    case RL_DICT_DISCARDS: return dict_load_discards(d, path, flags, err);
    }
    return err_set(err, RL_ERR_USAGE, path, 0, 0, "unknown dictionary kind %d", (int)kind);
}

/* ---- freezing ------------------------------------------------------- */

static uint64_t dict_phrase_hash(const dict_phrase *p)
{
    uint64_t h = 1469598103934665603ull ^ p->n;
    for (uint16_t i = 0; i < p->n; i++) {
        h ^= p->w[i];
        h *= 1099511628211ull;
    }
    return h ^ (h >> 29);
}

static int dict_phrase_same(const dict_phrase *a, const dict_phrase *b)
{
    return a->n == b->n && memcmp(a->w, b->w, a->n * sizeof *a->w) == 0;
}

/* When the same actor or agent phrase is listed twice, the later listing
 * wins: a file loaded after Phoenix (data/redline-updates.*.txt) can
 * replace an outdated entry just by naming it again.  The matcher then sees
 * every phrase once.  `v` holds n elements of `size` bytes, each with a
 * dict_phrase at offset `off`; the survivors keep their order. */
static rl_status dict_dedupe(void *v, size_t *n_io, size_t size, size_t off, rl_error *err)
{
    size_t n = *n_io;
    if (n < 2)
        return RL_OK;
    size_t cap = 16;
    while (cap < n * 2)
        cap *= 2;
    uint32_t *slot = calloc(cap, sizeof *slot);
    uint8_t *drop = calloc(n, 1);
    if (!slot || !drop) {
        free(slot);
        free(drop);
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    char *base = v;
#define DICT_PH(k) ((const dict_phrase *)(const void *)(base + (k) * size + off))
    for (size_t k = n; k-- > 0;) {
        size_t i = (size_t)dict_phrase_hash(DICT_PH(k)) & (cap - 1);
        while (slot[i]) {
            if (dict_phrase_same(DICT_PH(slot[i] - 1), DICT_PH(k)))
                break;
            i = (i + 1) & (cap - 1);
        }
        if (slot[i])
            drop[k] = 1;
        else
            slot[i] = (uint32_t)(k + 1);
    }
#undef DICT_PH
    size_t o = 0;
    for (size_t k = 0; k < n; k++)
        if (!drop[k]) {
            if (o != k)
                memcpy(base + o * size, base + k * size, size);
            o++;
        }
    *n_io = o;
    free(slot);
    free(drop);
    return RL_OK;
}

rl_status rl_dict_finish(rl_dict *d, rl_error *err)
{
    if (!d)
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "rl_dict_finish: no dictionary");
    if (d->finished)
        return RL_OK;
    rl_status st = dict_dedupe(d->actor_phrases.v, &d->actor_phrases.n,
                               sizeof *d->actor_phrases.v, offsetof(dict_actor_phrase, ph), err);
    if (st == RL_OK)
        st = dict_dedupe(d->agents.v, &d->agents.n, sizeof *d->agents.v,
                         offsetof(dict_agent, ph), err);
    if (st)
        return st;
    st = match_index_build(d, err);
    if (st)
        return st;
    d->finished = 1;
    return RL_OK;
}

void rl_dict_stats_get(const rl_dict *d, rl_dict_stats *st)
{
    if (!st)
        return;
    memset(st, 0, sizeof *st);
    if (!d)
        return;
    st->actors = d->actors.n;
    st->agents = d->agents.n;
    st->verbs = d->verb_forms.n;
    st->patterns = d->patterns.n;
    st->discards = d->discards.n;
    st->warnings = d->warnings;
}

/* ---- redline.dicts -------------------------------------------------- */

static int dict_kind_named(const char *s, size_t n, rl_dict_kind *kind)
{
    static const struct { const char *name; rl_dict_kind kind; } kinds[] = {
        {"verbs", RL_DICT_VERBS}, {"actors", RL_DICT_ACTORS},
        {"agents", RL_DICT_AGENTS}, {"discards", RL_DICT_DISCARDS},
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strlen(kinds[i].name) == n && memcmp(kinds[i].name, s, n) == 0) {
            *kind = kinds[i].kind;
            return 1;
        }
    return 0;
}

static int dict_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* Read the list file whole; each line is "kind file" or a '#' comment. */
static rl_status dict_load_list(rl_dict *d, const char *dir, const char *listpath,
                                unsigned flags, rl_error *err)
{
    FILE *f = fopen(listpath, "rb");
    if (!f)
        return err_set(err, RL_ERR_IO, listpath, 0, 0, "cannot open: %s", strerror(errno));
    char *buf = malloc((size_t)DICT_LIST_MAX + 1);
    if (!buf) {
        fclose(f);
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    size_t len = fread(buf, 1, (size_t)DICT_LIST_MAX + 1, f);
    int rd_err = ferror(f) ? errno : 0;
    fclose(f);
    if (rd_err) {
        free(buf);
        return err_set(err, RL_ERR_IO, listpath, 0, 0, "cannot read: %s", strerror(rd_err));
    }
    if (len > (size_t)DICT_LIST_MAX) {
        free(buf);
        return err_set(err, RL_ERR_TOOBIG, listpath, 0, 0, "file list larger than %ld bytes",
                       DICT_LIST_MAX);
    }
    rl_status st = RL_OK;
    long lineno = 0;
    size_t pos = 0;
    while (pos < len && st == RL_OK) {
        size_t e = pos;
        while (e < len && buf[e] != '\n')
            e++;
        lineno++;
        size_t s = pos, t = e;
        pos = e + 1;
        const char *hash = memchr(buf + s, '#', t - s);
        if (hash)
            t = (size_t)(hash - buf);
        while (s < t && dict_blank(buf[s]))
            s++;
        while (t > s && dict_blank(buf[t - 1]))
            t--;
        if (s == t)
            continue;
        size_t k = s;
        while (k < t && !dict_blank(buf[k]))
            k++;
        rl_dict_kind kind;
        if (!dict_kind_named(buf + s, k - s, &kind)) {
            st = err_set(err, RL_ERR_DICT, listpath, lineno, 0,
                         "unknown dictionary kind near '%.*s' (verbs, actors, agents, discards)",
                         (int)(k - s > 40 ? 40 : k - s), buf + s);
            break;
        }
        while (k < t && dict_blank(buf[k]))
            k++;
        if (k == t) {
            st = err_set(err, RL_ERR_DICT, listpath, lineno, 0, "missing file name");
            break;
        }
        if (memchr(buf + k, '\0', t - k)) {
            st = err_set(err, RL_ERR_DICT, listpath, lineno, 0, "NUL byte in file name");
            break;
        }
        char name[DICT_PATH_MAX], path[DICT_PATH_MAX];
        if (t - k >= sizeof name) {
            st = err_set(err, RL_ERR_DICT, listpath, lineno, 0, "file name too long");
            break;
        }
        memcpy(name, buf + k, t - k);
        name[t - k] = '\0';
        st = dict_join(path, sizeof path, dir, name, err);
        if (st == RL_OK)
            st = rl_dict_add_file(d, kind, path, flags, err);
    }
    free(buf);
    return st;
}

rl_status rl_dict_load_dir(rl_dict **out, const char *dir, unsigned flags, rl_error *err)
{
    if (!out)
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "rl_dict_load_dir: no output pointer");
    *out = NULL;
    if (!dir)
        dir = rl_default_data_dir();
    char listpath[DICT_PATH_MAX];
    rl_status st = dict_join(listpath, sizeof listpath, dir, "redline.dicts", err);
    if (st)
        return st;
    rl_dict *d;
    st = rl_dict_new(&d, dir, err);
    if (st)
        return st;
    st = dict_load_list(d, dir, listpath, flags, err);
    if (st == RL_OK)
        st = rl_dict_finish(d, err);
    if (st) {
        rl_dict_free(d);
        return st;
    }
    err_clear(err);
    *out = d;
    return RL_OK;
}

/* ---- the default data directory ------------------------------------ */

static char dict_data_dir[DICT_PATH_MAX];
static pthread_once_t dict_data_once = PTHREAD_ONCE_INIT;

static void dict_find_data_dir(void)
{
    const char *env = getenv("REDLINE_DATA");
    if (env && *env && strlen(env) < sizeof dict_data_dir) {
        memcpy(dict_data_dir, env, strlen(env) + 1);
        return;
    }
    char exe[DICT_PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            /* a checkout (build/redline uses data/), then an installed
             * tree wherever it was moved (PREFIX/bin/redline uses
             * PREFIX/share/redline, also when staged with DESTDIR) */
            static const char *const rel[] = {"../data", "../share/redline"};
            for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
                char probe[DICT_PATH_MAX + 32];
                int w = snprintf(probe, sizeof probe, "%s/%s/redline.dicts", exe, rel[i]);
                if (w > 0 && (size_t)w < sizeof probe && access(probe, R_OK) == 0) {
                    w = snprintf(dict_data_dir, sizeof dict_data_dir, "%s/%s", exe, rel[i]);
                    if (w > 0 && (size_t)w < sizeof dict_data_dir) {
                        /* "/src/redline/data", not "/src/redline/build/../data":
                         * the path every event's rule names */
                        char *real = realpath(dict_data_dir, NULL);
                        if (real && strlen(real) < sizeof dict_data_dir)
                            memcpy(dict_data_dir, real, strlen(real) + 1);
                        free(real);
                        return;
                    }
                }
            }
        }
    }
    snprintf(dict_data_dir, sizeof dict_data_dir, "%s", RL_DATA_DIR);
}

const char *rl_default_data_dir(void)
{
    pthread_once(&dict_data_once, dict_find_data_dir);
    return dict_data_dir;
}

/* ---- dated roles ---------------------------------------------------- */

/* Days since 1970-01-01 of a YYYYMMDD date (proleptic Gregorian). */
static long dict_days(int ymd)
{
    long y = ymd / 10000, m = (ymd / 100) % 100, dd = ymd % 100;
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

const char *dict_actor_code(const rl_dict *d, uint32_t actor, int date)
{
    if (!d || actor >= d->actors.n)
        return "";
    const dict_actor *a = &d->actors.v[actor];
    const dict_role *best = NULL;
    if (date == 0) {
        /* "today": the most recent role that has not ended */
        for (size_t i = 0; i < a->n_roles; i++) {
            const dict_role *r = &a->roles[i];
            if (r->to == 0 && (!best || r->from > best->from))
                best = r;
        }
        return best ? best->code : a->code;
    }
    long best_span = 0;
    for (size_t i = 0; i < a->n_roles; i++) {
        const dict_role *r = &a->roles[i];
        if ((r->from && date < r->from) || (r->to && date > r->to))
            continue;
        /* the most specific role wins: a bounded range over an open one,
         * the shorter range over the longer, the first listed on a tie */
        long span = (r->from && r->to) ? dict_days(r->to) - dict_days(r->from) : -1;
        if (!best || (span >= 0 && (best_span < 0 || span < best_span))) {
            best = r;
            best_span = span;
        }
    }
    return best ? best->code : a->code;
}
