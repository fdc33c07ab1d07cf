/*
 * fuzz_gkg.c - libFuzzer target: any bytes as a text article and as JSONL
 * through rl_gkg_doc (events, quotations, names, places, amounts, tone),
 * each record written as JSON and as a GKG 2.1 row.
 *
 * Besides the sanitizers it checks what the API promises: every mention,
 * amount, event place and quotation inside the document's code points
 * with start <= end, every place with a country, percentages between 0
 * and 100, and the JSON line valid JSON.  Run from the repository root
 * (or set REDLINE_FUZZ_DATA to a data directory).  Keeps only the
 * dictionary, coder and builder between inputs.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "redline.h"

#define FZ_MAX_DOCS 64 /* documents read per input and format */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static rl_dict *fz_dict;
static rl_coder *fz_coder;
static rl_gkg *fz_gkg;
static FILE *fz_null;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *dir = getenv("REDLINE_FUZZ_DATA");
    rl_error err;
    memset(&err, 0, sizeof err);
    if (rl_dict_load_dir(&fz_dict, dir ? dir : "data", 0, &err) != RL_OK ||
        rl_coder_new(&fz_coder, fz_dict, NULL, &err) != RL_OK ||
        rl_gkg_new(&fz_gkg, fz_dict, fz_coder, dir ? dir : "data", &err) != RL_OK) {
        fprintf(stderr, "fuzz_gkg: %s (run from the repository root)\n", err.msg);
        exit(1);
    }
    fz_null = fopen("/dev/null", "w");
    if (!fz_null)
        exit(1);
    return 0;
}

static size_t fz_cps(const rl_doc *doc)
{
    size_t n = 0;
    for (size_t i = 0; i < doc->text_len; i++)
        n += ((unsigned char)doc->text[i] & 0xC0) != 0x80;
    return n;
}

static void fz_span(size_t start, size_t end, size_t cps)
{
    if (start > end || end > cps)
        abort();
}

static void fz_check(const rl_gkg_record *r)
{
    size_t cps = fz_cps(r->doc);
    for (size_t i = 0; i < r->n_entities; i++) {
        const rl_entity *e = &r->entities[i];
        if (!e->name || !e->code || e->n_mentions == 0 || (e->kind == RL_ENT_PLACE) != !!e->place)
            abort();
        if (e->place && strlen(e->place->country2) != 2)
            abort();
        for (size_t m = 0; m < e->n_mentions; m++)
            fz_span(e->mentions[m].start, e->mentions[m].end, cps);
    }
    for (size_t i = 0; i < r->n_amounts; i++) {
        if (!r->amounts[i].unit || !r->amounts[i].object || !(r->amounts[i].value >= 0))
            abort();
        fz_span(r->amounts[i].start, r->amounts[i].end, cps);
    }
    for (size_t i = 0; i < r->n_events; i++)
        if (r->events[i].location)
            fz_span(r->events[i].location_start, r->events[i].location_end, cps);
    for (size_t i = 0; i < r->n_quotes; i++)
        fz_span(r->quotes[i].start, r->quotes[i].end, cps);
    const rl_tone *t = &r->tone;
    if (t->positive < 0 || t->positive > 100 || t->negative < 0 || t->negative > 100 ||
        t->pos_words + t->neg_words > t->words)
        abort();
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem || rl_gkg_write(mem, RL_GKG_JSON, r, 1) != RL_OK)
        abort();
    fclose(mem);
    json_error_t je;
    json_t *o = json_loadb(buf, len, 0, &je);
    if (!o)
        abort();
    json_decref(o);
    free(buf);
    if (rl_gkg_write(fz_null, RL_GKG_TSV, r, 1) != RL_OK)
        abort();
}

static void fz_run(const uint8_t *data, size_t size, rl_format f)
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
        for (int k = 0; k < FZ_MAX_DOCS; k++) {
            const rl_doc *doc = NULL;
            rl_status st = rl_reader_next(r, &doc, &err);
            if (st == RL_ERR_EOF || (st != RL_OK && st != RL_ERR_PARSE && st != RL_ERR_TOOBIG))
                break;
            if (st != RL_OK)
                continue;
            const rl_gkg_record *rec = NULL;
            st = rl_gkg_doc(fz_gkg, doc, &rec, &err);
            if (st == RL_OK)
                fz_check(rec);
            else if (st != RL_ERR_TOOBIG && st != RL_ERR_NOMEM)
                abort();
        }
        rl_reader_close(r);
    }
    fclose(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_run(data, size, RL_IN_TEXT);
    fz_run(data, size, RL_IN_JSONL);
    return 0;
}
