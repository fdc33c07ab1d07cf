/*
 * test_input.c - the document readers and the article anatomy.
 *
 * JSONL (good, broken, truncated, too long, NUL and invalid UTF-8, missing
 * fields), format detection, empty input, a text article (zones of the SCMP
 * sample from ../shared and of examples/article.txt), PETRARCH XML (the unit
 * test records from ../shared, truncated and broken records) and the gold
 * side read by petr_read_file.  Tests needing ../shared skip without it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "input.h"
#include "redline.h"

#define SHARED "../shared"
#define SAMPLE SHARED "/samples/scmp-2024-04-redline.txt"
#define UNITTEST SHARED "/data/petrarch2/PETR.UnitTest.records.xml"
#define GIGAWORD SHARED "/data/petrarch2/GigaWord.sample.PETR.xml"

/* A reader over bytes in memory (fmemopen keeps NULs). */
typedef struct mem_reader {
    FILE *f;
    rl_reader *r;
} mem_reader;

static void mem_open(mem_reader *m, const char *data, size_t n, const char *name,
                     rl_format fmt, size_t max)
{
    static char empty[1];
    m->f = n ? fmemopen((void *)data, n, "rb") : fmemopen(empty, 0, "rb");
    assert_non_null(m->f);
    rl_reader_opts o = {fmt, 20240101, max};
    rl_error err;
    assert_int_equal(rl_reader_open(&m->r, m->f, name, &o, &err), RL_OK);
}

static void mem_close(mem_reader *m)
{
    rl_reader_close(m->r);
    fclose(m->f);
}

static int has_bytes(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(s + i, needle, k) == 0)
            return 1;
    return 0;
}

static int utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        if (p[i] == 0)
            return 0;
        size_t k = p[i] < 0x80 ? 1 : (p[i] & 0xE0) == 0xC0 ? 2 : (p[i] & 0xF0) == 0xE0 ? 3 : 4;
        if ((p[i] >= 0x80 && p[i] < 0xC2) || p[i] > 0xF4 || i + k > n)
            return 0;
        for (size_t j = 1; j < k; j++)
            if ((p[i + j] & 0xC0) != 0x80)
                return 0;
        i += k;
    }
    return 1;
}

/* ---------------- JSONL ---------------- */

static void test_jsonl_good(void **state)
{
    (void)state;
    static const char in[] =
        "{\"id\": \"a1\", \"date\": \"2024-04-09\", \"title\": \"T\", \"text\": \"Arnor met Gondor.\", "
        "\"url\": \"http://x\", \"source\": \"S\"}\n"
        "\n   \n"
        "{\"id\": 42, \"date\": \"20230102\", \"text\": \"second\"}\r\n"
        "{\"text\": \"third\", \"date\": \"2022-05-06T10:20:00Z\", \"extra\": [1,2]}\n"
        "{\"id\": \"d4\", \"date\": null, \"text\": \"fourth\", \"source\": [{\"code\": \"HUN\"}]}";
    mem_reader m;
    mem_open(&m, in, sizeof in - 1, "dir/t.jsonl", RL_IN_AUTO, 0);
    assert_int_equal(rl_reader_format(m.r), RL_IN_JSONL);
    const rl_doc *d;
    rl_error err;
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_OK);
    assert_string_equal(d->id, "a1");
    assert_int_equal(d->date, 20240409);
    assert_string_equal(d->title, "T");
    assert_string_equal(d->text, "Arnor met Gondor.");
    assert_int_equal(d->text_len, 17);
    assert_string_equal(d->url, "http://x");
    assert_string_equal(d->source, "S");
    assert_string_equal(d->origin, "dir/t.jsonl:1");
    assert_null(d->zones);
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_OK);
    assert_string_equal(d->id, "42");
    assert_int_equal(d->date, 20230102);
    assert_null(d->title);
    assert_string_equal(d->origin, "dir/t.jsonl:4");
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_OK);
    assert_string_equal(d->id, "dir/t.jsonl:5"); /* no id: the place it was read */
    assert_int_equal(d->date, 20220506);
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_OK);
    assert_int_equal(d->date, 20240101); /* default date */
    assert_string_equal(d->text, "fourth");
    assert_null(d->source); /* not a string: ignored */
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_ERR_EOF);
    assert_null(d);
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_ERR_EOF);
    rl_reader_stats st;
    rl_reader_stats_get(m.r, &st);
    assert_int_equal(st.docs, 4);
    assert_int_equal(st.skipped, 0);
    mem_close(&m);
}

static void test_jsonl_broken(void **state)
{
    (void)state;
    static const char in[] = "{\"id\": \"ok1\", \"text\": \"one\"}\n"
                             "{\"id\": \"bad\", \"text\": \"two\",, }\n"
                             "{\"id\": \"nt\"}\n"
                             "{\"id\": \"num\", \"text\": 5}\n"
                             "[1, 2]\n"
                             "{\"id\": \"bd\", \"text\": \"x\", \"date\": \"April 9\"}\n"
                             "{\"id\": \"ok2\", \"text\": \"three\"}\n"
                             "{\"id\": \"trunc\", \"text\": \"four";
    mem_reader m;
    mem_open(&m, in, sizeof in - 1, "t.jsonl", RL_IN_JSONL, 0);
    const rl_doc *d;
    rl_error err;
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_OK);
    assert_string_equal(d->id, "ok1");
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_ERR_PARSE);
    assert_int_equal(strncmp(err.msg, "t.jsonl:2:", 10), 0);
    assert_non_null(strstr(err.msg, "bad JSON"));
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_ERR_PARSE);
    assert_int_equal(strncmp(err.msg, "t.jsonl:3: ", 11), 0);
    assert_non_null(strstr(err.msg, "\"text\""));
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_ERR_PARSE);
    assert_non_null(strstr(err.msg, "\"text\" must be a string"));
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_ERR_PARSE);
    assert_non_null(strstr(err.msg, "t.jsonl:5: expected a JSON object"));
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_ERR_PARSE);
    assert_non_null(strstr(err.msg, "t.jsonl:6: bad \"date\""));
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_OK);
    assert_string_equal(d->id, "ok2");
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_ERR_PARSE); /* truncated last line */
    assert_int_equal(strncmp(err.msg, "t.jsonl:8:", 10), 0);
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_ERR_EOF);
    rl_reader_stats st;
    rl_reader_stats_get(m.r, &st);
    assert_int_equal(st.docs, 2);
    assert_int_equal(st.skipped, 6);
    mem_close(&m);
}

static void test_jsonl_too_long(void **state)
{
    (void)state;
    char in[1024];
    int k = snprintf(in, sizeof in, "{\"id\": \"a\", \"text\": \"short\"}\n{\"id\": \"b\", \"text\": \"");
    for (int i = 0; i < 300; i++)
        in[k++] = 'x';
    k += snprintf(in + k, sizeof in - (size_t)k, "\"}\n{\"id\": \"c\", \"text\": \"after\"}\n");
    /* and a too-long last line without a newline */
    for (int i = 0; i < 100; i++)
        in[k++] = 'y';
    mem_reader m;
    mem_open(&m, in, (size_t)k, "long.jsonl", RL_IN_AUTO, 64);
    const rl_doc *d;
    rl_error err;
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_OK);
    assert_string_equal(d->id, "a");
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_ERR_TOOBIG);
    assert_string_equal(err.msg, "long.jsonl:2: line longer than 64 bytes, skipped");
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_OK);
    assert_string_equal(d->id, "c");
    assert_string_equal(d->origin, "long.jsonl:3");
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_ERR_TOOBIG);
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_ERR_EOF);
    mem_close(&m);
}

/* A 10 MB line with the default limit is read whole. */
static void test_jsonl_big_line(void **state)
{
    (void)state;
    size_t n = 10u << 20;
    char *in = malloc(n + 64);
    assert_non_null(in);
    int k = snprintf(in, 64, "{\"id\": \"big\", \"text\": \"");
    memset(in + k, 'w', n);
    size_t len = (size_t)k + n;
    memcpy(in + len, "\"}\n", 3);
    len += 3;
    mem_reader m;
    mem_open(&m, in, len, "big.jsonl", RL_IN_AUTO, 0);
    const rl_doc *d;
    rl_error err;
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_OK);
    assert_int_equal(d->text_len, n);
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_ERR_EOF);
    mem_close(&m);
    free(in);
}

static void test_jsonl_nul_and_bad_utf8(void **state)
{
    (void)state;
    static const char in[] = "{\"id\": \"n\", \"text\": \"a\\u0000b\"}\n"
                             "{\"id\": \"u\", \"text\": \"caf\xff\xfe \xc3\xa9\", \"title\": \"t\xc0\"}\n"
                             "{\"id\": \"z\", \"text\": \"raw\0nul\"}\n";
    mem_reader m;
    mem_open(&m, in, sizeof in - 1, "u.jsonl", RL_IN_AUTO, 0);
    const rl_doc *d;
    rl_error err;
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_OK);
    assert_string_equal(d->text, "a\xef\xbf\xbd" "b");
    assert_int_equal(d->bad_bytes, 1);
    assert_true(utf8_valid(d->text, d->text_len));
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_OK);
    assert_string_equal(d->id, "u");
    assert_true(utf8_valid(d->text, d->text_len));
    assert_true(utf8_valid(d->title, strlen(d->title)));
    assert_non_null(strstr(d->text, "\xc3\xa9"));
    assert_true(d->bad_bytes >= 3);
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_OK);
    assert_string_equal(d->id, "z");
    assert_string_equal(d->text, "raw\xef\xbf\xbdnul");
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_ERR_EOF);
    rl_reader_stats st;
    rl_reader_stats_get(m.r, &st);
    assert_int_equal(st.docs, 3);
    assert_true(st.bad_bytes >= 5);
    mem_close(&m);
}

/* ---------------- detection, empty input, text ---------------- */

static void test_detect_and_empty(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        rl_format f;
    } cases[] = {
        {"  \n {\"text\": \"x\"}\n", RL_IN_JSONL},
        {"\xef\xbb\xbf{\"text\": \"x\"}", RL_IN_JSONL},
        {"<Sentences>\n<Sentence id=\"1\">", RL_IN_PETRARCH},
        {"<?xml version=\"1.0\"?>\n<!-- c -->\n<Validation>", RL_IN_PETRARCH},
        {"<p>html</p>", RL_IN_TEXT},
        {"Arnor met Gondor.", RL_IN_TEXT},
        {"", RL_IN_TEXT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mem_reader m;
        mem_open(&m, cases[i].in, strlen(cases[i].in), "x", RL_IN_AUTO, 0);
        assert_int_equal(rl_reader_format(m.r), cases[i].f);
        mem_close(&m);
    }
    {
        static const char bom[] = "\xef\xbb\xbf{\"id\": \"b\", \"text\": \"x\"}\n";
        mem_reader m;
        mem_open(&m, bom, sizeof bom - 1, "bom.jsonl", RL_IN_AUTO, 0);
        const rl_doc *d;
        rl_error err;
        assert_int_equal(rl_reader_next(m.r, &d, &err), RL_OK);
        assert_string_equal(d->id, "b");
        mem_close(&m);
    }
    static const rl_format fmts[] = {RL_IN_AUTO, RL_IN_TEXT, RL_IN_JSONL, RL_IN_PETRARCH};
    for (size_t i = 0; i < 4; i++) {
        for (int ws = 0; ws < 2; ws++) {
            mem_reader m;
            mem_open(&m, " \n\n \n", ws ? 5 : 0, "empty", fmts[i], 0);
            const rl_doc *d;
            rl_error err;
            assert_int_equal(rl_reader_next(m.r, &d, &err), RL_ERR_EOF);
            rl_reader_stats st;
            rl_reader_stats_get(m.r, &st);
            assert_int_equal(st.docs, 0);
            assert_int_equal(st.skipped, 0);
            mem_close(&m);
        }
    }
}

static void test_open_usage(void **state)
{
    (void)state;
    rl_reader *r = NULL;
    rl_error err;
    assert_int_equal(rl_reader_open(&r, NULL, "x", NULL, &err), RL_ERR_USAGE);
    rl_reader_opts o = {RL_IN_TEXT, 20241399, 0};
    assert_int_equal(rl_reader_open(&r, stdin, "x", &o, &err), RL_ERR_USAGE);
    assert_null(r);
}

static void test_text_plain(void **state)
{
    (void)state;
    static const char in[] = "Arnor restored ties with Gondor on Monday, officials said.\n";
    mem_reader m;
    mem_open(&m, in, sizeof in - 1, "/some/dir/story.txt", RL_IN_AUTO, 0);
    const rl_doc *d;
    rl_error err;
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_OK);
    assert_string_equal(d->id, "story.txt");
    assert_int_equal(d->date, 20240101);
    assert_null(d->title);
    assert_string_equal(d->text, in);
    assert_int_equal(d->n_zones, 1);
    assert_int_equal(d->zones[0].zone, RL_ZONE_BODY);
    assert_int_equal(d->zones[0].start, 0);
    assert_int_equal(d->zones[0].end, sizeof in - 1);
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_ERR_EOF);
    mem_close(&m);

    mem_open(&m, in, sizeof in - 1, "-", RL_IN_TEXT, 0);
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_OK);
    assert_string_equal(d->id, "stdin");
    mem_close(&m);

    mem_open(&m, in, sizeof in - 1, "big.txt", RL_IN_TEXT, 16);
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_ERR_TOOBIG);
    assert_string_equal(err.msg, "big.txt: text longer than 16 bytes, skipped");
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_ERR_EOF);
    mem_close(&m);
}

static char *slurp(const char *path, size_t *n)
{
    *n = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *b = malloc(1 << 20);
    assert_non_null(b);
    *n = fread(b, 1, (1 << 20) - 1, f);
    b[*n] = '\0';
    fclose(f);
    return b;
}

/* Text of the first zone of kind z (trimmed), in a static buffer. */
static const char *zone_text(const rl_doc *d, rl_zone z, size_t nth)
{
    static char buf[4096];
    for (size_t i = 0; i < d->n_zones; i++) {
        if (d->zones[i].zone != z || nth-- > 0)
            continue;
        size_t s = d->zones[i].start, e = d->zones[i].end;
        while (e > s && (d->text[e - 1] == '\n' || d->text[e - 1] == ' '))
            e--;
        size_t n = e - s < sizeof buf - 1 ? e - s : sizeof buf - 1;
        memcpy(buf, d->text + s, n);
        buf[n] = '\0';
        return buf;
    }
    return NULL;
}

static void check_zones_cover(const rl_doc *d)
{
    assert_true(d->n_zones > 0);
    assert_int_equal(d->zones[0].start, 0);
    for (size_t i = 1; i < d->n_zones; i++)
        assert_int_equal(d->zones[i].start, d->zones[i - 1].end);
    assert_int_equal(d->zones[d->n_zones - 1].end, d->text_len);
}

static void test_text_sample_article(void **state)
{
    (void)state;
    FILE *f = fopen(SAMPLE, "rb");
    if (!f)
        skip();
    rl_reader *r;
    rl_error err;
    rl_reader_opts o = {RL_IN_AUTO, 20240410, 0};
    assert_int_equal(rl_reader_open(&r, f, SAMPLE, &o, &err), RL_OK);
    assert_int_equal(rl_reader_format(r), RL_IN_TEXT);
    const rl_doc *d;
    assert_int_equal(rl_reader_next(r, &d, &err), RL_OK);
    assert_string_equal(d->id, "scmp-2024-04-redline.txt");
    assert_int_equal(d->date, 20240410);
    assert_null(d->title);
    check_zones_cover(d);
    assert_string_equal(zone_text(d, RL_ZONE_MASTHEAD, 0), "South China Morning Post");
    const char *h = zone_text(d, RL_ZONE_HEADLINE, 0);
    assert_non_null(h);
    assert_int_equal(strncmp(h, "Closer Beijing ties", 19), 0);
    size_t hl;
    const char *hp = article_headline(d->text, d->zones, d->n_zones, &hl);
    assert_non_null(hp);
    assert_int_equal(strncmp(hp, "Closer Beijing ties", 19), 0);
    assert_int_equal(hp[hl - 1], 's'); /* "... Washington warns" */
    const char *b = zone_text(d, RL_ZONE_BYLINE, 0);
    assert_non_null(b);
    assert_non_null(strstr(b, "Robert Delaney"));
    const char *pq = zone_text(d, RL_ZONE_PULLQUOTE, 0);
    assert_non_null(pq);
    assert_non_null(strstr(pq, "KURT CAMPBELL"));
    assert_string_equal(zone_text(d, RL_ZONE_BOILERPLATE, 0), "Newspapers in English");
    assert_string_equal(zone_text(d, RL_ZONE_BOILERPLATE, 1), "Newspapers from China");
    /* the body keeps the story, and only the story */
    size_t body = 0;
    for (size_t i = 0; i < d->n_zones; i++) {
        if (d->zones[i].zone != RL_ZONE_BODY)
            continue;
        body++;
        const char *s = d->text + d->zones[i].start;
        size_t n = d->zones[i].end - d->zones[i].start;
        assert_false(has_bytes(s, n, "Delaney"));
        assert_false(has_bytes(s, n, "KURT CAMPBELL"));
    }
    assert_int_equal(body, 15);
    rl_reader_close(r);
    fclose(f);
}

static void test_text_example_article(void **state)
{
    (void)state;
    size_t n;
    char *t = slurp("examples/article.txt", &n);
    if (!t)
        skip();
    rl_zone_span z[64];
    size_t k = article_zones(t, n, z, 64);
    assert_true(k > 6 && k <= 64);
    assert_int_equal(z[0].zone, RL_ZONE_MASTHEAD);
    assert_int_equal(z[1].zone, RL_ZONE_HEADLINE);
    assert_int_equal(z[2].zone, RL_ZONE_BYLINE);
    assert_int_equal(z[3].zone, RL_ZONE_BODY);
    assert_int_equal(z[k - 1].zone, RL_ZONE_BOILERPLATE);
    assert_int_equal(z[k - 2].zone, RL_ZONE_BOILERPLATE);
    assert_int_equal(z[k - 3].zone, RL_ZONE_PULLQUOTE);
    for (size_t i = 3; i < k - 3; i++)
        assert_int_equal(z[i].zone, RL_ZONE_BODY);
    /* too small an array: the count is still the full one */
    rl_zone_span z2[2];
    assert_int_equal(article_zones(t, n, z2, 2), k);
    assert_int_equal(z2[1].zone, RL_ZONE_HEADLINE);
    free(t);
}

static void test_article_edge_cases(void **state)
{
    (void)state;
    rl_zone_span z[8];
    assert_int_equal(article_zones("", 0, z, 8), 0);
    assert_int_equal(article_zones("  \n\n\t\n", 6, z, 8), 0);
    /* one paragraph over several lines: body */
    static const char one[] = "Arnor met\nGondor on Monday\nin Minas Tirith";
    assert_int_equal(article_zones(one, sizeof one - 1, z, 8), 1);
    assert_int_equal(z[0].zone, RL_ZONE_BODY);
    /* headline + body, no masthead; "By" byline; a shouted all-caps line is no pull-quote */
    static const char hb[] = "\n\nArnor and Gondor restore ties\n\nBy Jane Roe\n\n"
                             "Arnor restored full ties with Gondor on Monday.\n\n"
                             "ARNOR AND GONDOR SIGN A PACT\n\n(c) 2024 Some Paper\n";
    size_t k = article_zones(hb, sizeof hb - 1, z, 8);
    assert_int_equal(k, 5);
    assert_int_equal(z[0].zone, RL_ZONE_HEADLINE);
    assert_int_equal(z[0].start, 0);
    assert_int_equal(z[1].zone, RL_ZONE_BYLINE);
    assert_int_equal(z[2].zone, RL_ZONE_BODY);
    assert_int_equal(z[3].zone, RL_ZONE_BODY);
    assert_int_equal(z[4].zone, RL_ZONE_BOILERPLATE);
    assert_int_equal(z[4].end, sizeof hb - 1);
    /* paragraphs ending in a period are never a headline */
    static const char two[] = "Arnor met Gondor.\n\nGondor met Arnor.\n";
    assert_int_equal(article_zones(two, sizeof two - 1, z, 8), 2);
    assert_int_equal(z[0].zone, RL_ZONE_BODY);
    assert_int_equal(z[1].zone, RL_ZONE_BODY);
    /* arbitrary bytes never crash */
    char junk[4096];
    unsigned v = 12345;
    for (size_t i = 0; i < sizeof junk; i++) {
        v = v * 1103515245u + 12345u;
        junk[i] = (char)(v >> 16);
        if (junk[i] == 'x')
            junk[i] = '\n';
    }
    (void)article_zones(junk, sizeof junk, z, 8);
    assert_string_equal(rl_zone_name(RL_ZONE_PULLQUOTE), "pullquote");
    assert_string_equal(rl_zone_name(RL_ZONE_BODY), "body");
}

/* ---------------- PETRARCH XML ---------------- */

static void test_petr_unit_records(void **state)
{
    (void)state;
    FILE *f = fopen(UNITTEST, "rb");
    if (!f)
        skip();
    rl_reader *r;
    rl_error err;
    assert_int_equal(rl_reader_open(&r, f, UNITTEST, NULL, &err), RL_OK);
    assert_int_equal(rl_reader_format(r), RL_IN_PETRARCH);
    const rl_doc *d;
    size_t n = 0;
    rl_status st;
    while ((st = rl_reader_next(r, &d, &err)) == RL_OK) {
        if (n == 0) {
            assert_string_equal(d->id, "DEMO-00");
            assert_int_equal(d->date, 19950101);
            assert_string_equal(d->text, "Arnor is about to restore full diplomatic ties with "
                                         "Gondor almost five years after crowds trashed its embassy.");
            assert_null(d->zones);
            assert_non_null(strstr(d->origin, "PETR.UnitTest.records.xml:"));
        }
        assert_true(utf8_valid(d->text, d->text_len));
        assert_null(strchr(d->text, '\n'));
        n++;
    }
    assert_int_equal(st, RL_ERR_EOF);
    assert_int_equal(n, 284); /* every <Sentence> in the file */
    rl_reader_stats rs;
    rl_reader_stats_get(r, &rs);
    assert_int_equal(rs.skipped, 0);
    rl_reader_close(r);
    fclose(f);
}

static void test_petr_read_file(void **state)
{
    (void)state;
    FILE *probe = fopen(UNITTEST, "rb");
    if (!probe)
        skip();
    fclose(probe);
    petr_record *recs;
    size_t n;
    petr_env env;
    rl_error err;
    assert_int_equal(petr_read_file(UNITTEST, &recs, &n, &env, &err), RL_OK);
    assert_int_equal(n, 284);
    assert_string_equal(env.verbfile, "PETR.Validate.verbs.txt");
    assert_int_equal(env.n_actorfiles, 1);
    assert_string_equal(env.actorfiles[0], "PETR.Validate.actors.txt");
    assert_string_equal(env.agentfile, "PETR.Validate.agents.txt");
    assert_string_equal(env.discardfile, "PETR.Validate.discards.txt");
    assert_true(env.n_config >= 2);
    assert_string_equal(env.config[0].option, "stop_on_error");
    assert_string_equal(env.config[0].value, "True");
    assert_string_equal(recs[0].id, "DEMO-00");
    assert_string_equal(recs[0].category, "DEMO");
    assert_int_equal(recs[0].date, 19950101);
    assert_int_equal(recs[0].n_codings, 1);
    assert_string_equal(recs[0].codings[0].src, "ARN");
    assert_string_equal(recs[0].codings[0].tgt, "GON");
    assert_string_equal(recs[0].codings[0].code, "064");
    assert_int_equal(recs[0].n_config, 1);
    size_t dyad_off = 0, noev = 0, errs = 0, quoted = 0;
    for (size_t i = 0; i < n; i++) {
        assert_non_null(recs[i].text);
        noev += (size_t)recs[i].noevents;
        errs += recs[i].error != NULL;
        for (size_t j = 0; j < recs[i].n_codings; j++)
            quoted += recs[i].codings[j].src[0] == '"';
        for (size_t c = 0; c < recs[i].n_config; c++)
            if (strcmp(env.config[c].option, "require_dyad") == 0)
                dyad_off = strcmp(env.config[c].value, "false") == 0 ? i : dyad_off;
    }
    assert_string_equal(recs[n - 1].id, "FINAL-RECORD");
    assert_true(recs[n - 1].noevents);
    assert_true(noev >= 15);
    assert_int_equal(errs, 7);
    assert_true(quoted >= 3);
    assert_true(dyad_off > 0);
    petr_free(recs, &env);

    assert_int_equal(petr_read_file("/nonexistent/x.xml", &recs, &n, &env, &err), RL_ERR_IO);
    assert_non_null(strstr(err.msg, "/nonexistent/x.xml: cannot open"));
}

static void test_petr_gigaword(void **state)
{
    (void)state;
    FILE *f = fopen(GIGAWORD, "rb");
    if (!f)
        skip();
    rl_reader *r;
    rl_error err;
    assert_int_equal(rl_reader_open(&r, f, GIGAWORD, NULL, &err), RL_OK);
    assert_int_equal(rl_reader_format(r), RL_IN_PETRARCH);
    const rl_doc *d;
    size_t n = 0;
    while (rl_reader_next(r, &d, &err) == RL_OK) {
        if (n == 0) {
            assert_string_equal(d->id, "AFP0808020625_4");
            assert_string_equal(d->source, "AFP");
            assert_int_equal(d->date, 20080804);
        }
        n++;
    }
    assert_int_equal(n, 76); /* every <Sentence> in the file */
    rl_reader_close(r);
    fclose(f);
}

static const char petr_doc[] =
    "<Sentences>\n"                                                 /* 1 */
    "<!-- <Sentence id=\"in-comment\"> -->\n"                         /* 2 */
    "<Sentence date=\"20240409\" id=\"ok-1\">\n"                     /* 3 */
    "<Text>\n  AT&T &amp; Arnor\n met   Gondor. &#233;\n</Text>\n"    /* 4-7 */
    "<Parse>(ROOT (S (NP (NNP Arnor))))</Parse>\n"                  /* 8 */
    "</Sentence>\n"                                                 /* 9 */
    "<Config option=\"require_dyad\" value=\"false\"/>\n"           /* 10 */
    "<Sentence date=\"2024\" id=\"broken\">\n"                      /* 11 */
    "<Text>bad <b>nesting</Text></b>\n"                             /* 12 */
    "</Sentence>\n"                                                 /* 13 */
    "<Sentence id=\"unclosed\">\n"                                  /* 14 */
    "<Text>never closed</Text>\n"                                   /* 15 */
    "<Sentence date=\"20240410\" id=\"ok-2\"><Text>Gondor \x01 met\xff Arnor.</Text></Sentence>\n" /* 16 */
    "<Sentence id=\"notext\"><Parse>x</Parse></Sentence>\n"         /* 17 */
    "<Sentence date=\"20240411\" id=\"trunc\">\n"                   /* 18 */
    "<Text>cut off in the midd";

static void test_petr_broken(void **state)
{
    (void)state;
    mem_reader m;
    mem_open(&m, petr_doc, sizeof petr_doc - 1, "b.xml", RL_IN_AUTO, 0);
    assert_int_equal(rl_reader_format(m.r), RL_IN_PETRARCH);
    const rl_doc *d;
    rl_error err;
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_OK);
    assert_string_equal(d->id, "ok-1");
    assert_int_equal(d->date, 20240409);
    assert_string_equal(d->text, "AT&T & Arnor met Gondor. \xc3\xa9");
    assert_string_equal(d->origin, "b.xml:3");
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_ERR_PARSE);
    assert_string_equal(err.msg, "b.xml:12: XML: <b> on line 12 closed by </Text>, "
                                 "record skipped");
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_ERR_PARSE);
    assert_string_equal(err.msg, "b.xml:14: <Sentence> not closed before the <Sentence> on "
                                 "line 16, skipped");
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_OK);
    assert_string_equal(d->id, "ok-2");
    assert_int_equal(d->bad_bytes, 1);
    assert_string_equal(d->text, "Gondor met\xef\xbf\xbd Arnor.");
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_ERR_PARSE);
    assert_string_equal(err.msg, "b.xml:17: <Sentence> without <Text>, skipped");
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_ERR_PARSE);
    assert_string_equal(err.msg, "b.xml:18: end of file inside <Sentence> (truncated XML?), skipped");
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_ERR_EOF);
    rl_reader_stats st;
    rl_reader_stats_get(m.r, &st);
    assert_int_equal(st.docs, 2);
    assert_int_equal(st.skipped, 4);
    mem_close(&m);

    /* a record over the limit is skipped, the next one is read */
    static const char big[] = "<Sentences><Sentence id=\"a\"><Text>one two three four five six seven"
                              "</Text></Sentence>\n<Sentence id=\"b\"><Text>ok</Text></Sentence>";
    mem_open(&m, big, sizeof big - 1, "big.xml", RL_IN_PETRARCH, 60);
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_ERR_TOOBIG);
    assert_string_equal(err.msg, "big.xml:1: <Sentence> longer than 60 bytes, skipped");
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_OK);
    assert_string_equal(d->id, "b");
    assert_int_equal(rl_reader_next(m.r, &d, &err), RL_ERR_EOF);
    mem_close(&m);
}

/* petr_read_file refuses a broken gold file, naming the line. */
static void test_petr_read_file_broken(void **state)
{
    (void)state;
    char path[] = "/tmp/redline-test-petr-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs(petr_doc, f);
    fclose(f);
    petr_record *recs;
    size_t n;
    petr_env env;
    rl_error err;
    assert_int_equal(petr_read_file(path, &recs, &n, &env, &err), RL_ERR_PARSE);
    assert_non_null(strstr(err.msg, ":12: XML: <b> on line 12 closed by </Text>"));
    remove(path);
}

/* Every prefix of a PETRARCH file and of a JSONL file reads without crashing. */
static void test_truncations(void **state)
{
    (void)state;
    static const char jl[] = "{\"id\": \"a\", \"date\": \"2024-01-02\", \"text\": \"x\\\"y\"}\n"
                             "{\"id\": \"b\", \"text\": \"\xc3\xa9\"}\n";
    const char *srcs[2] = {petr_doc, jl};
    size_t lens[2] = {sizeof petr_doc - 1, sizeof jl - 1};
    for (int s = 0; s < 2; s++) {
        for (size_t cut = 0; cut <= lens[s]; cut++) {
            mem_reader m;
            mem_open(&m, srcs[s], cut, "cut", s ? RL_IN_JSONL : RL_IN_PETRARCH, 0);
            const rl_doc *d;
            rl_error err;
            rl_status st;
            int guard = 0;
            while ((st = rl_reader_next(m.r, &d, &err)) != RL_ERR_EOF && guard++ < 100)
                assert_true(st == RL_OK || st == RL_ERR_PARSE || st == RL_ERR_TOOBIG);
            assert_int_equal(st, RL_ERR_EOF);
            mem_close(&m);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jsonl_good),
        cmocka_unit_test(test_jsonl_broken),
        cmocka_unit_test(test_jsonl_too_long),
        cmocka_unit_test(test_jsonl_big_line),
        cmocka_unit_test(test_jsonl_nul_and_bad_utf8),
        cmocka_unit_test(test_detect_and_empty),
        cmocka_unit_test(test_open_usage),
        cmocka_unit_test(test_text_plain),
        cmocka_unit_test(test_text_sample_article),
        cmocka_unit_test(test_text_example_article),
        cmocka_unit_test(test_article_edge_cases),
        cmocka_unit_test(test_petr_unit_records),
        cmocka_unit_test(test_petr_read_file),
        cmocka_unit_test(test_petr_gigaword),
        cmocka_unit_test(test_petr_broken),
        cmocka_unit_test(test_petr_read_file_broken),
        cmocka_unit_test(test_truncations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
