/*
 * fuzz_cases.c - libFuzzer target: any bytes as a redline test-case file
 * (eval_parse_cases), and each line as a PLOVER gold record, an "expect:"
 * value and a date (the other parsers of src/eval.h).
 *
 * Only the parsers run: no dictionary, no coder, so it is fast.  The parsed
 * cases are checked against what eval.h promises (NUL-terminated text of
 * the stated length, at most EVAL_TSET_MAX triples) and compared with each
 * other through eval_triples_equal.  This file must not keep state between
 * inputs.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fz_lines(const char *buf, size_t len)
{
    size_t pos = 0;
    while (pos < len) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - buf) : len;
        const char *line = buf + pos;
        size_t n = end - pos;
        rl_error err;
        memset(&err, 0, sizeof err);
        eval_plover_rec rec;
        memset(&rec, 0, sizeof rec);
        if (eval_plover_parse(line, n, &rec, &err) == RL_OK) {
            if (!rec.text || rec.n_src > EVAL_PLOVER_ACTORS_MAX ||
                rec.n_tgt > EVAL_PLOVER_ACTORS_MAX)
                abort();
            (void)eval_plover_canon(rec.event);
        }
        eval_plover_rec_free(&rec);
        eval_triple t;
        if (eval_parse_expect(line, n, &t, &err) == RL_OK) {
            if (!memchr(t.src, '\0', sizeof t.src) || !memchr(t.tgt, '\0', sizeof t.tgt) ||
                !memchr(t.cameo, '\0', sizeof t.cameo))
                abort();
            (void)eval_triple_matches(&t, &t);
            (void)eval_country_match(t.src, t.tgt);
        }
        (void)eval_parse_date(line, n);
        pos = end + 1;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *buf = (const char *)data;
    eval_cases cs;
    memset(&cs, 0, sizeof cs);
    rl_error err;
    memset(&err, 0, sizeof err);
    rl_status st = eval_parse_cases("fuzz", buf, size, &cs, &err);
    if (st != RL_OK && err.msg[0] == '\0')
        abort(); /* every failure says why */
    for (size_t i = 0; i < cs.n; i++) {
        const eval_case *c = &cs.v[i];
        if (!c->text || strlen(c->text) != c->text_len || c->expect.n > EVAL_TSET_MAX)
            abort();
        if (i > 0) {
            size_t extra = 0, missed = 0;
            (void)eval_triples_equal(&cs.v[i - 1].expect, &c->expect, &extra, &missed);
        }
    }
    eval_cases_free(&cs);
    fz_lines(buf, size);
    return 0;
}
