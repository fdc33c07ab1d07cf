/*
 * fuzz_reader.c - libFuzzer target: any bytes through every document reader
 * (JSONL, PETRARCH XML, plain text, autodetection), and every document read
 * through one coder built once from the default dictionaries in data/.
 *
 * Besides the sanitizers it checks what the public API promises: document
 * text is valid UTF-8 of the stated length, and every span of an event lies
 * inside the document's text or title.  Run from the repository root (or set
 * REDLINE_FUZZ_DATA to a data directory).  This file must not leak state
 * between inputs other than the coder and the dictionaries.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "redline.h"

#define FZ_MAX_DOCS 4096 /* documents coded per input and format */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static rl_dict *fz_dict;
static rl_coder *fz_coder;
static FILE *fz_null;

static void fz_unknown(const rl_span *name, const rl_span *sentence, void *ud)
{
    (void)ud;
    if (!name || !sentence || !name->text || !sentence->text)
        abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *dir = getenv("REDLINE_FUZZ_DATA");
    rl_error err;
    memset(&err, 0, sizeof err);
    if (rl_dict_load_dir(&fz_dict, dir ? dir : "data", 0, &err) != RL_OK) {
        fprintf(stderr, "fuzz_reader: %s (run from the repository root)\n", err.msg);
        exit(1);
    }
    rl_coder_opts o;
    rl_coder_opts_init(&o);
    o.emit_all = 1;
    o.unknown_fn = fz_unknown;
    fz_null = fopen("/dev/null", "w");
    if (!fz_null || rl_coder_new(&fz_coder, fz_dict, &o, &err) != RL_OK) {
        fprintf(stderr, "fuzz_reader: %s\n", err.msg);
        exit(1);
    }
    return 0;
}

/* Is s[0, n) valid UTF-8 without NUL bytes? */
static int fz_valid_utf8(const char *s, size_t n)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    size_t i = 0;
    while (i < n) {
        utf8proc_int32_t cp = -1;
        utf8proc_ssize_t l = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
        if (l <= 0 || cp <= 0)
            return 0;
        i += (size_t)l;
    }
    return 1;
}

static int fz_inside(const rl_span *sp, const char *base, size_t len)
{
    return base && sp->text >= base && sp->len <= len &&
           (size_t)(sp->text - base) <= len - sp->len;
}

static void fz_check_span(const rl_doc *doc, const rl_span *sp)
{
    if (!sp->text) {
        if (sp->len)
            abort();
        return;
    }
    if (sp->start > sp->end)
        abort();
    size_t tl = doc->title ? strlen(doc->title) : 0;
    if (!fz_inside(sp, doc->text, doc->text_len) && !fz_inside(sp, doc->title, tl))
        abort(); /* a span outside the document */
}

static int fz_emit(const rl_event *ev, void *ud)
{
    const rl_doc *doc = ud;
    fz_check_span(doc, &ev->source.span);
    if (ev->has_target)
        fz_check_span(doc, &ev->target.span);
    fz_check_span(doc, &ev->trigger);
    fz_check_span(doc, &ev->sentence);
    if (!ev->cameo || !ev->rule)
        abort();
    rl_write_event(fz_null, (ev->sent & 1) ? RL_OUT_TSV : RL_OUT_JSONL, ev);
    return 0;
}

static void fz_read_all(const uint8_t *data, size_t size, rl_format fmt)
{
    static const char empty[1] = "";
    FILE *f = fmemopen(size ? (void *)(uintptr_t)data : (void *)(uintptr_t)empty,
                       size ? size : 1, "r");
    if (!f)
        return;
    if (!size)
        (void)fgetc(f); /* an empty stream */
    rl_reader_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.format = fmt;
    ro.default_date = 20240101;
    ro.max_doc_bytes = (size_t)1 << 20;
    rl_error err;
    memset(&err, 0, sizeof err);
    rl_reader *rd = NULL;
    if (rl_reader_open(&rd, f, "fuzz", &ro, &err) != RL_OK) {
        fclose(f);
        return;
    }
    (void)rl_reader_format(rd);
    for (size_t n = 0; n < FZ_MAX_DOCS; n++) {
        const rl_doc *doc = NULL;
        rl_status st = rl_reader_next(rd, &doc, &err);
        if (st == RL_ERR_PARSE || st == RL_ERR_TOOBIG)
            continue;
        if (st != RL_OK)
            break;
        if (!doc || !doc->text || doc->text[doc->text_len] != '\0' ||
            !fz_valid_utf8(doc->text, doc->text_len))
            abort();
        if (doc->title && !fz_valid_utf8(doc->title, strlen(doc->title)))
            abort();
        for (size_t z = 0; z < doc->n_zones; z++)
            if (doc->zones[z].start > doc->zones[z].end ||
                doc->zones[z].end > doc->text_len)
                abort();
        (void)rl_coder_code_doc(fz_coder, doc, fz_emit, (void *)(uintptr_t)doc, &err);
    }
    rl_reader_stats rs;
    rl_reader_stats_get(rd, &rs);
    rl_reader_close(rd);
    fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const rl_format fmts[] = {RL_IN_JSONL, RL_IN_PETRARCH, RL_IN_TEXT, RL_IN_AUTO};
    for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++)
        fz_read_all(data, size, fmts[i]);
    return 0;
}
