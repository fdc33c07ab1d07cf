/*
 * test_text.c - unit tests for text.c, token.c and sentence.c.
 *
 * Covers repair of bad UTF-8, normalization and its byte map, token
 * boundaries and offsets (bytes and code points), Treebank splits, and
 * sentence boundaries around abbreviations, initials, numbers, quotations,
 * paragraphs, zones and over-long input.  Runs with cwd = repo root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "error.h"
#include "text.h"

/* ---- helpers ---------------------------------------------------------- */

typedef struct fixture {
    arena a;
    intern *words;
    text_doc td;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    arena_init(&f->a, 0);
    f->words = intern_new();
    assert_non_null(f->words);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    arena_free(&f->a);
    intern_free(f->words);
    free(f);
    return 0;
}

static void analyze(fixture *f, const char *s)
{
    rl_error err;
    err_clear(&err);
    arena_reset(&f->a);
    rl_status st = text_analyze(&f->a, f->words, s, strlen(s), NULL, 0, &f->td, &err);
    assert_int_equal(st, RL_OK);
}

/* The tokens joined by single spaces, into buf. */
static const char *tokens_str(const fixture *f, char *buf, size_t cap)
{
    size_t w = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < f->td.n_toks; i++) {
        size_t n;
        const char *s = tok_str(&f->td, &f->td.toks[i], &n);
        if (w + n + 2 >= cap)
            break;
        if (i)
            buf[w++] = ' ';
        memcpy(buf + w, s, n);
        w += n;
        buf[w] = '\0';
    }
    return buf;
}

static void expect_tokens(fixture *f, const char *text, const char *want)
{
    char buf[4096];
    analyze(f, text);
    assert_string_equal(tokens_str(f, buf, sizeof buf), want);
}

/* Sentence k as its document text. */
static void expect_sentence(const fixture *f, size_t k, const char *want)
{
    assert_true(k < f->td.n_sents);
    const sentence *s = &f->td.sents[k];
    size_t n = s->de - s->db;
    assert_int_equal(n, strlen(want));
    assert_memory_equal(f->td.doc + s->db, want, n);
}

static const token *find_token(const fixture *f, const char *w)
{
    for (size_t i = 0; i < f->td.n_toks; i++) {
        size_t n;
        const char *s = tok_str(&f->td, &f->td.toks[i], &n);
        if (n == strlen(w) && memcmp(s, w, n) == 0)
            return &f->td.toks[i];
    }
    fail_msg("token '%s' not found", w);
    return NULL;
}

/* ---- sanitize ----------------------------------------------------------- */

static void test_sanitize_valid(void **state)
{
    (void)state;
    const char in[] = "Z\xc3\xbcrich \xe2\x80\x99 \xf0\x9f\x98\x80 ok";
    size_t len, bad;
    char *out = text_sanitize(in, sizeof in - 1, &len, &bad);
    assert_non_null(out);
    assert_int_equal(bad, 0);
    assert_int_equal(len, sizeof in - 1);
    assert_string_equal(out, in);
    free(out);
}

static void test_sanitize_invalid(void **state)
{
    (void)state;
    /* 0xff; NUL; overlong "/" (2); surrogate U+D800 (3); > U+10FFFF (4);
     * lone continuation (1); truncated sequence at the end (2) */
    const char in[] = "a\xff" "b\x00" "c\xc0\xaf" "d\xed\xa0\x80" "e\xf4\x90\x80\x80"
                      "f\x80" "g\xe2\x82";
    size_t n = sizeof in - 1, len, bad;
    char *out = text_sanitize(in, n, &len, &bad);
    assert_non_null(out);
    assert_int_equal(bad, 14);
    assert_int_equal(len, n + 2 * 14);
    const char want[] = "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xef\xbf\xbd\xef\xbf\xbd"
                        "d\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
                        "e\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
                        "f\xef\xbf\xbd" "g\xef\xbf\xbd\xef\xbf\xbd";
    assert_int_equal(len, sizeof want - 1);
    assert_memory_equal(out, want, len);
    assert_int_equal(out[len], '\0');
    free(out);
}

static void test_sanitize_empty(void **state)
{
    (void)state;
    size_t len = 9, bad = 9;
    char *out = text_sanitize("", 0, &len, &bad);
    assert_non_null(out);
    assert_int_equal(len, 0);
    assert_int_equal(bad, 0);
    assert_string_equal(out, "");
    free(out);
}

/* ---- normalize ---------------------------------------------------------- */

static void test_normalize_forms(void **state)
{
    fixture *f = *state;
    /* “Hi” it’s… a<NBSP>b co<SHY>op x — y US–China */
    const char doc[] = "\xe2\x80\x9cHi\xe2\x80\x9d it\xe2\x80\x99s\xe2\x80\xa6 a\xc2\xa0" "b "
                       "co\xc2\xad" "op x \xe2\x80\x94 y US\xe2\x80\x93" "China";
    text_norm nm;
    rl_error err;
    assert_int_equal(text_normalize(&f->a, doc, sizeof doc - 1, &nm, &err), RL_OK);
    assert_string_equal(nm.s, "\"Hi\" it's... a b coop x - y US-China");
    assert_int_equal(nm.len, strlen(nm.s));
    /* the map: every output byte to the document byte that made it */
    assert_int_equal(nm.src[0], 0);   /* " from U+201C at 0 */
    assert_int_equal(nm.src[1], 3);   /* H */
    assert_int_equal(nm.src[3], 5);   /* " from U+201D at 5 */
    assert_int_equal(nm.src[7], 11);  /* ' from U+2019 at 11 */
    assert_int_equal(nm.src[8], 14);  /* s */
    assert_int_equal(nm.src[9], 15);  /* . . . all from U+2026 at 15 */
    assert_int_equal(nm.src[10], 15);
    assert_int_equal(nm.src[11], 15);
    assert_int_equal(nm.src[14], 20); /* space from NBSP at 20 */
    assert_int_equal(nm.src[15], 22); /* b */
    assert_int_equal(nm.src[19], 28); /* o after the soft hyphen at 26..27 */
    assert_int_equal(nm.src[nm.len], sizeof doc - 1);
    for (size_t i = 1; i <= nm.len; i++)
        assert_true(nm.src[i] >= nm.src[i - 1]);
}

static void test_normalize_nfc_and_fffd(void **state)
{
    fixture *f = *state;
    /* e + combining acute -> é; U+FFFD stays; U+FEFF and ZWSP removed;
     * U+2028 becomes a line break */
    const char doc[] = "\xef\xbb\xbf" "Cafe\xcc\x81 \xef\xbf\xbd x\xe2\x80\x8by\xe2\x80\xa8z";
    text_norm nm;
    rl_error err;
    assert_int_equal(text_normalize(&f->a, doc, sizeof doc - 1, &nm, &err), RL_OK);
    assert_string_equal(nm.s, "Caf\xc3\xa9 \xef\xbf\xbd xy\nz");
    assert_int_equal(nm.src[0], 3);  /* C after the BOM */
    assert_int_equal(nm.src[3], 6);  /* é from the cluster e+U+0301 at 6 */
    assert_int_equal(nm.src[4], 6);
    assert_int_equal(nm.src[5], 9);
}

static void test_normalize_treebank_quotes(void **state)
{
    fixture *f = *state;
    const char doc[] = "as ``unacceptable'' and `this' ''";
    text_norm nm;
    rl_error err;
    assert_int_equal(text_normalize(&f->a, doc, sizeof doc - 1, &nm, &err), RL_OK);
    assert_string_equal(nm.s, "as \"unacceptable\" and 'this' \"");
    assert_int_equal(nm.src[3], 3);
    assert_int_equal(nm.src[4], 5);
    assert_int_equal(nm.src[16], 17);
    assert_int_equal(nm.src[17], 19);
    assert_int_equal(nm.src[nm.len], sizeof doc - 1);
}

static void test_normalize_empty(void **state)
{
    fixture *f = *state;
    text_norm nm;
    rl_error err;
    assert_int_equal(text_normalize(&f->a, "", 0, &nm, &err), RL_OK);
    assert_int_equal(nm.len, 0);
    assert_string_equal(nm.s, "");
    assert_int_equal(nm.src[0], 0);
}

/* ---- tokens ------------------------------------------------------------- */

static void test_tokens_empty(void **state)
{
    fixture *f = *state;
    analyze(f, "");
    assert_int_equal(f->td.n_toks, 0);
    assert_int_equal(f->td.n_sents, 0);
    analyze(f, " \n\t \n ");
    assert_int_equal(f->td.n_toks, 0);
    assert_int_equal(f->td.n_sents, 0);
}

static void test_tokens_offsets_multibyte(void **state)
{
    fixture *f = *state;
    const char *doc = "Z\xc3\xbcrich\xe2\x80\x99s mayor";
    expect_tokens(f, doc, "Z\xc3\xbcrich 's mayor");
    const token *t = f->td.toks;
    assert_int_equal(f->td.n_toks, 3);
    assert_int_equal(t[0].db, 0);
    assert_int_equal(t[0].de, 7);
    assert_int_equal(t[0].cb, 0);
    assert_int_equal(t[0].ce, 6);
    assert_int_equal(t[1].db, 7);
    assert_int_equal(t[1].de, 11);
    assert_int_equal(t[1].cb, 6);
    assert_int_equal(t[1].ce, 8);
    assert_int_equal(t[2].db, 12);
    assert_int_equal(t[2].de, 17);
    assert_int_equal(t[2].cb, 9);
    assert_int_equal(t[2].ce, 14);
    assert_true(t[0].flags & TOK_CAP);
    assert_false(t[1].flags & TOK_QUOTE);
    assert_false(t[2].flags & TOK_CAP);
}

static void test_tokens_offsets_removed_chars(void **state)
{
    fixture *f = *state;
    /* a soft hyphen at the end of a word is not part of its span */
    const char *doc = "\xe2\x80\x9cpeace\xc2\xad\xe2\x80\x9d now";
    expect_tokens(f, doc, "\" peace \" now");
    const token *t = f->td.toks;
    assert_int_equal(t[1].db, 3);
    assert_int_equal(t[1].de, 8);
    assert_int_equal(t[1].cb, 1);
    assert_int_equal(t[1].ce, 6);
    assert_int_equal(t[2].db, 10);
    assert_int_equal(t[2].de, 13);
    assert_int_equal(t[2].cb, 7);
    assert_int_equal(t[2].ce, 8);
    assert_int_equal(t[3].cb, 9);
    assert_int_equal(t[3].ce, 12);
}

static void test_tokens_clitics(void **state)
{
    fixture *f = *state;
    expect_tokens(f, "Gondor's army won't go, can't stop, don't care.",
                  "Gondor 's army wo n't go , ca n't stop , do n't care .");
    expect_tokens(f, "We're here, they've left, I'm sure she'd say we'll see.",
                  "We 're here , they 've left , I 'm sure she 'd say we 'll see .");
    expect_tokens(f, "The countries' leaders cannot agree on O'Brien's plan.",
                  "The countries ' leaders can not agree on O'Brien 's plan .");
    const token *p = find_token(f, "'");
    assert_false(p->flags & TOK_QUOTE);
    expect_tokens(f, "DON'T", "DO N'T");
    assert_true(f->td.toks[0].flags & TOK_ALLCAPS);
}

static void test_tokens_numbers(void **state)
{
    fixture *f = *state;
    expect_tokens(f, "It rose 3.5 percent to $1,000,000 or $300m on 9/11 at 2:30 in 2022.",
                  "It rose 3.5 percent to $ 1,000,000 or $ 300m on 9/11 at 2:30 in 2022 .");
    assert_true(find_token(f, "3.5")->flags & TOK_NUM);
    assert_true(find_token(f, "2022")->flags & TOK_NUM);
    assert_true(find_token(f, "$")->flags & TOK_PUNCT);
    expect_tokens(f, "1,2 and 10,0000 in the '90s.", "1 , 2 and 10 , 0000 in the '90s .");
}

static void test_tokens_abbreviations(void **state)
{
    fixture *f = *state;
    expect_tokens(f, "U.S. Sen. John F. Kennedy met the U.N. envoy on Feb. 3, e.g. at No. 10.",
                  "U.S. Sen. John F. Kennedy met the U.N. envoy on Feb. 3 , e.g. at No. 10 .");
    assert_true(find_token(f, "U.S.")->flags & TOK_ABBREV);
    assert_true(find_token(f, "F.")->flags & TOK_ABBREV);
    assert_true(find_token(f, "Sen.")->flags & TOK_CAP);
    /* "No." only before a number; "sen." in lower case is not "Sen." */
    expect_tokens(f, "He said no. Then sen. left", "He said no . Then sen . left");
    expect_tokens(f, "Wait... what?", "Wait ... what ?");
    expect_tokens(f, "The E.U.\xe2\x80\x99s envoy", "The E.U. 's envoy");
    expect_tokens(f, "Mail robert.delaney@scmp.com or see https://scmp.com/a?b=1. Or www.un.org, ok",
                  "Mail robert.delaney@scmp.com or see https://scmp.com/a?b=1 . Or www.un.org , ok");
    expect_tokens(f, "a@b and x@y.z. end", "a @ b and x @ y.z. end");
}

static void test_tokens_hyphens(void **state)
{
    fixture *f = *state;
    intern_add(f->words, "AL-QAEDA", 8);
    intern_add(f->words, "VICE-PRESIDENT", 14);
    expect_tokens(f, "US\xe2\x80\x93" "China talks", "US - China talks");
    assert_true(f->td.toks[0].flags & TOK_HYPHEN_PART);
    assert_true(f->td.toks[1].flags & TOK_HYPHEN_PART);
    assert_true(f->td.toks[1].flags & TOK_PUNCT);
    assert_true(f->td.toks[2].flags & TOK_HYPHEN_PART);
    assert_false(f->td.toks[3].flags & TOK_HYPHEN_PART);
    expect_tokens(f, "an al-Qaeda cell", "an al-Qaeda cell");
    assert_int_not_equal(f->td.toks[1].word, INTERN_NONE);
    assert_false(f->td.toks[1].flags & TOK_HYPHEN_PART);
    expect_tokens(f, "al-Qaeda-linked vice-president", "al-Qaeda - linked vice-president");
    assert_true(f->td.toks[0].flags & TOK_HYPHEN_PART);
    expect_tokens(f, "talks \xe2\x80\x94 or not -- end", "talks - or not -- end");
    assert_false(f->td.toks[1].flags & TOK_HYPHEN_PART);
}

static void test_tokens_quotes_and_words(void **state)
{
    fixture *f = *state;
    uint32_t id = intern_add(f->words, "BEIJING", 7);
    expect_tokens(f, "\xe2\x80\x9c" "Beijing\xe2\x80\x9d said 'no' (again)!",
                  "\" Beijing \" said ' no ' ( again ) !");
    const token *t = f->td.toks;
    assert_true(t[0].flags & TOK_QUOTE);
    assert_int_equal(t[1].word, id);
    assert_true(t[2].flags & TOK_QUOTE);
    assert_true(t[4].flags & TOK_QUOTE);
    assert_true(t[6].flags & TOK_QUOTE);
    assert_true(t[1].flags & TOK_INQUOTE);
    assert_true(t[5].flags & TOK_INQUOTE);
    assert_false(t[3].flags & TOK_INQUOTE);
    assert_false(t[8].flags & TOK_INQUOTE);
    assert_true(t[7].flags & TOK_PUNCT);
}

static void test_tokens_unicode_words(void **state)
{
    fixture *f = *state;
    expect_tokens(f, "\xc3\x89lys\xc3\xa9" "e \xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0 \xe2\x82\xac" "5 \xef\xbf\xbd\xef\xbf\xbd",
                  "\xc3\x89lys\xc3\xa9" "e \xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0 \xe2\x82\xac 5 \xef\xbf\xbd\xef\xbf\xbd");
    assert_true(f->td.toks[0].flags & TOK_CAP);
    assert_true(f->td.toks[1].flags & TOK_CAP);
    assert_true(f->td.toks[2].flags & TOK_PUNCT);
    assert_int_equal(f->td.toks[3].cb, 15);
}

/* ---- sentences ---------------------------------------------------------- */

static void test_split_abbreviations(void **state)
{
    fixture *f = *state;
    analyze(f, "U.S. President Joe Biden met Mr. Xi on Feb. 3. He said the talks went well.");
    assert_int_equal(f->td.n_sents, 2);
    expect_sentence(f, 0, "U.S. President Joe Biden met Mr. Xi on Feb. 3.");
    expect_sentence(f, 1, "He said the talks went well.");
    assert_true(f->td.toks[f->td.sents[1].t0].flags & TOK_SENT_START);
    assert_false(f->td.toks[1].flags & TOK_SENT_START);

    analyze(f, "John F. Kennedy spoke.");
    assert_int_equal(f->td.n_sents, 1);
    analyze(f, "It rose 3.5 percent.");
    assert_int_equal(f->td.n_sents, 1);
    analyze(f, "Troops left the U.S. The war ended. Sen. Smith agreed with Gen. Jones.");
    assert_int_equal(f->td.n_sents, 3);
    expect_sentence(f, 0, "Troops left the U.S.");
    expect_sentence(f, 2, "Sen. Smith agreed with Gen. Jones.");
    analyze(f, "Apple Inc. said sales rose. Shares fell 2.1 percent at 3 p.m. on Tuesday.");
    assert_int_equal(f->td.n_sents, 2);
    analyze(f, "Is it over? Yes! It is. and more");
    assert_int_equal(f->td.n_sents, 3);
    analyze(f, "He paused... and went on. Then he stopped...");
    assert_int_equal(f->td.n_sents, 2);
}

static void test_split_quotations(void **state)
{
    fixture *f = *state;
    analyze(f, "\"We will not sit by,\" Campbell said. \"It is unacceptable.\" China denied it.");
    assert_int_equal(f->td.n_sents, 3);
    expect_sentence(f, 0, "\"We will not sit by,\" Campbell said.");
    expect_sentence(f, 1, "\"It is unacceptable.\"");
    expect_sentence(f, 2, "China denied it.");
    assert_true(find_token(f, "We")->flags & TOK_INQUOTE);
    assert_true(find_token(f, "unacceptable")->flags & TOK_INQUOTE);
    assert_false(find_token(f, "Campbell")->flags & TOK_INQUOTE);
    assert_false(find_token(f, "China")->flags & TOK_INQUOTE);

    analyze(f, "\xe2\x80\x9cIs it fine?\xe2\x80\x9d he asked. \xe2\x80\x9cIt is fine.\xe2\x80\x9d she said.");
    assert_int_equal(f->td.n_sents, 2);
    analyze(f, "He said, \"Stop it...\" Then he left.");
    assert_int_equal(f->td.n_sents, 2);
}

static void test_split_paragraphs_and_zones(void **state)
{
    fixture *f = *state;
    analyze(f, "A headline without a period\n\nThe body starts here\r\n\r\nand a new paragraph");
    assert_int_equal(f->td.n_sents, 3);
    expect_sentence(f, 0, "A headline without a period");
    expect_sentence(f, 2, "and a new paragraph");

    const char *doc = "China warns U.S.\nBy Jane Doe\nBeijing said on Monday it would act.";
    rl_zone_span z[2] = {{RL_ZONE_BYLINE, 17, 28}, {RL_ZONE_HEADLINE, 0, 16}};
    rl_error err;
    arena_reset(&f->a);
    assert_int_equal(text_analyze(&f->a, f->words, doc, strlen(doc), z, 2, &f->td, &err), RL_OK);
    assert_int_equal(f->td.n_sents, 3);
    assert_int_equal(f->td.sents[0].zone, RL_ZONE_HEADLINE);
    assert_int_equal(f->td.sents[1].zone, RL_ZONE_BYLINE);
    assert_int_equal(f->td.sents[2].zone, RL_ZONE_BODY);
    expect_sentence(f, 1, "By Jane Doe");
    assert_int_equal(f->td.sents[2].cb, 29);
}

static void test_split_long_line(void **state)
{
    fixture *f = *state;
    size_t n = 10u * 1024 * 1024;
    char *big = malloc(n + 1);
    assert_non_null(big);
    for (size_t i = 0; i < n; i++)
        big[i] = (i % 6 == 5) ? ' ' : 'a';
    big[n] = '\0';
    rl_error err;
    arena_reset(&f->a);
    assert_int_equal(text_analyze(&f->a, f->words, big, n, NULL, 0, &f->td, &err), RL_OK);
    size_t words = (n + 5) / 6;
    assert_int_equal(f->td.n_toks, words);
    assert_int_equal(f->td.n_sents, (words + TEXT_MAX_SENT_TOKENS - 1) / TEXT_MAX_SENT_TOKENS);
    for (size_t s = 0; s < f->td.n_sents; s++)
        assert_true(f->td.sents[s].t1 - f->td.sents[s].t0 <= TEXT_MAX_SENT_TOKENS);
    assert_int_equal(f->td.toks[f->td.n_toks - 1].ce, n);

    /* one 10 MB token, and 10 MB of apostrophes and quotes */
    memset(big, 'x', n);
    arena_reset(&f->a);
    assert_int_equal(text_analyze(&f->a, f->words, big, n, NULL, 0, &f->td, &err), RL_OK);
    assert_int_equal(f->td.n_toks, 1);
    assert_int_equal(f->td.n_sents, 1);
    /* 10 M one-byte tokens: more than TEXT_MAX_DOC_TOKENS, a clear error */
    for (size_t i = 0; i < n; i++)
        big[i] = "'\".-"[i % 4];
    arena_reset(&f->a);
    err_clear(&err);
    assert_int_equal(text_analyze(&f->a, f->words, big, n, NULL, 0, &f->td, &err),
                     RL_ERR_TOOBIG);
    assert_non_null(strstr(err.msg, "tokens"));
    /* just under the limit it works */
    n = TEXT_MAX_DOC_TOKENS / 2 * 2 - 2;
    arena_reset(&f->a);
    assert_int_equal(text_analyze(&f->a, f->words, big, n, NULL, 0, &f->td, &err), RL_OK);
    assert_int_equal(f->td.n_toks, n);
    free(big);
}

static void test_analyze_garbage(void **state)
{
    fixture *f = *state;
    /* every byte value, sanitized first as readers do */
    char raw[512];
    for (size_t i = 0; i < sizeof raw; i++)
        raw[i] = (char)(i * 7 + 3);
    size_t len, bad;
    char *clean = text_sanitize(raw, sizeof raw, &len, &bad);
    assert_non_null(clean);
    assert_true(bad > 0);
    rl_error err;
    arena_reset(&f->a);
    assert_int_equal(text_analyze(&f->a, f->words, clean, len, NULL, 0, &f->td, &err), RL_OK);
    for (size_t i = 0; i < f->td.n_toks; i++) {
        const token *t = &f->td.toks[i];
        assert_true(t->nb < t->ne && t->ne <= f->td.norm.len);
        assert_true(t->db <= t->de && t->de <= len);
        assert_true(t->cb <= t->ce);
        if (i)
            assert_true(t->db >= f->td.toks[i - 1].de);
    }
    free(clean);
}

/* Random mixes of awkward pieces keep every invariant: tokens non-empty,
 * in order and inside the text; sentences cover the tokens exactly. */
static void test_analyze_random_pieces(void **state)
{
    fixture *f = *state;
    static const char *const pieces[] = {
        "a", "Z", "1", ".", "..", ",", "'", "\"", "-", " ", "\n", "\n\n", "U.S.", "Mr.",
        "\xe2\x80\x99", "\xe2\x80\x9c", "\xc2\xad", "\xcc\x81", "\xe2\x80\xa6", "\xff",
        "@", "http://x.y", "n't", "'s", "?", "(", "``", "''", "x@y.com", "3.5", "1,000",
        "\xe2\x80\x94", "\xef\xbf\xbd",
    };
    const size_t np = sizeof pieces / sizeof pieces[0];
    unsigned seed = 12345;
    char buf[1024];
    intern_add(f->words, "A-Z", 3);
    for (int it = 0; it < 3000; it++) {
        size_t n = 0;
        seed = seed * 1103515245u + 12345u;
        size_t k = (seed >> 16) % 50;
        for (size_t j = 0; j < k; j++) {
            seed = seed * 1103515245u + 12345u;
            const char *p = pieces[(seed >> 16) % np];
            size_t l = strlen(p);
            memcpy(buf + n, p, l);
            n += l;
        }
        size_t len, bad;
        char *clean = text_sanitize(buf, n, &len, &bad);
        assert_non_null(clean);
        rl_error err;
        rl_zone_span z = {RL_ZONE_HEADLINE, 0, len / 2};
        arena_reset(&f->a);
        assert_int_equal(text_analyze(&f->a, f->words, clean, len, &z, it % 2, &f->td, &err),
                         RL_OK);
        uint32_t prev = 0;
        for (size_t i = 0; i < f->td.n_toks; i++) {
            const token *t = &f->td.toks[i];
            assert_true(t->nb < t->ne && t->ne <= f->td.norm.len);
            assert_true(t->db >= prev && t->db <= t->de && t->de <= len);
            assert_true(t->cb <= t->ce);
            prev = t->de;
        }
        size_t covered = 0;
        for (size_t s = 0; s < f->td.n_sents; s++) {
            const sentence *se = &f->td.sents[s];
            assert_true(se->t0 < se->t1);
            assert_int_equal(se->t0, covered);
            assert_true(f->td.toks[se->t0].flags & TOK_SENT_START);
            covered = se->t1;
        }
        assert_int_equal(covered, f->td.n_toks);
        free(clean);
    }
}

/* ---- abbreviation list -------------------------------------------------- */

static void test_abbrev_file(void **state)
{
    fixture *f = *state;
    rl_error err;
    err_clear(&err);
    assert_int_equal(text_load_abbrevs("data/abbreviations.txt", &err), RL_OK);
    assert_int_equal(text_abbrev_find("Sen", 3), TEXT_ABBR_TITLE);
    assert_int_equal(text_abbrev_find("SEN", 3), TEXT_ABBR_TITLE);
    assert_int_equal(text_abbrev_find("sen", 3), TEXT_ABBR_NONE);
    assert_int_equal(text_abbrev_find("etc", 3), TEXT_ABBR_PLAIN);
    assert_int_equal(text_abbrev_find("No", 2), TEXT_ABBR_NUM);
    assert_int_equal(text_abbrev_find("President", 9), TEXT_ABBR_NONE);
    analyze(f, "Gov. Newsom met Lt. Gov. Kounalakis in Sacramento, Calif. on Tuesday.");
    assert_int_equal(f->td.n_sents, 1);

    char path[] = "/tmp/redline_abbrev_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    assert_non_null(fp);
    fputs("# test\nMr. title\nBad\n", fp);
    fclose(fp);
    assert_int_equal(text_load_abbrevs(path, &err), RL_ERR_DICT);
    char want[600];
    snprintf(want, sizeof want, "%s:3: ", path);
    assert_memory_equal(err.msg, want, strlen(want));
    remove(path);
    assert_int_equal(text_load_abbrevs("/nonexistent/abbrev.txt", &err), RL_ERR_IO);
    /* the list loaded first is still in force */
    assert_int_equal(text_abbrev_find("Calif", 5), TEXT_ABBR_PLAIN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sanitize_valid),
        cmocka_unit_test(test_sanitize_invalid),
        cmocka_unit_test(test_sanitize_empty),
        cmocka_unit_test_setup_teardown(test_normalize_forms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_normalize_nfc_and_fffd, setup, teardown),
        cmocka_unit_test_setup_teardown(test_normalize_treebank_quotes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_normalize_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tokens_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tokens_offsets_multibyte, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tokens_offsets_removed_chars, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tokens_clitics, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tokens_numbers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tokens_abbreviations, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tokens_hyphens, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tokens_quotes_and_words, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tokens_unicode_words, setup, teardown),
        cmocka_unit_test_setup_teardown(test_split_abbreviations, setup, teardown),
        cmocka_unit_test_setup_teardown(test_split_quotations, setup, teardown),
        cmocka_unit_test_setup_teardown(test_split_paragraphs_and_zones, setup, teardown),
        cmocka_unit_test_setup_teardown(test_split_long_line, setup, teardown),
        cmocka_unit_test_setup_teardown(test_analyze_garbage, setup, teardown),
        cmocka_unit_test_setup_teardown(test_analyze_random_pieces, setup, teardown),
        cmocka_unit_test_setup_teardown(test_abbrev_file, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
