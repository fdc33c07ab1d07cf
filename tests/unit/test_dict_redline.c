/*
 * test_dict_redline.c - unit tests of redline's own actor format
 * (src/dict_redline.c, docs/dictionaries.md): recognising the format, the
 * fixture tests/data/dict/redline-good.txt (one record per name, codes by
 * date, names split as the tokenizer splits news text), the exact
 * "file:line: message" of each bad line, lenient loading, later files
 * winning, and one sentence coded end to end through the public API.
 *
 * Runs with the repository root as working directory; scratch files go to
 * $TMPDIR.  Reads the loaded arrays directly (dict.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "redline.h"
#include "dict.h"
#include "dict_helpers.h"

#define GOOD "tests/data/dict/redline-good.txt"

/* ---- helpers --------------------------------------------------------- */


/* A scratch file holding `text`; its path goes to path[cap]. */
static void write_tmp(char *path, size_t cap, const char *text, size_t len)
{
    const char *dir = getenv("TMPDIR");
    snprintf(path, cap, "%s/redline-dictrl.XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/* The phrase index of the words "A B C" (space-separated, any case), or
 * -1.  Several listings of one phrase: the last. */
static long find_phrase(const rl_dict *d, const char *text)
{
    uint32_t ids[64];
    size_t n = 0;
    const char *p = text;
    while (*p && n < 64) {
        while (*p == ' ')
            p++;
        const char *b = p;
        while (*p && *p != ' ')
            p++;
        if (p > b) {
            ids[n] = intern_find(d->words, b, (size_t)(p - b));
            if (!ids[n])
                return -1;
            n++;
        }
    }
    long found = -1;
    for (size_t i = 0; i < d->actor_phrases.n; i++) {
        const dict_phrase *ph = &d->actor_phrases.v[i].ph;
        if (ph->n == n && memcmp(ph->w, ids, n * sizeof *ids) == 0)
            found = (long)i;
    }
    return found;
}

static uint32_t actor_of(const rl_dict *d, const char *text)
{
    long k = find_phrase(d, text);
    if (k < 0)
        fprintf(stderr, "no actor phrase '%s'\n", text);
    assert_true(k >= 0);
    return d->actor_phrases.v[k].actor;
}

static size_t phrases_named(const rl_dict *d, const char *text)
{
    size_t c = 0;
    long k = find_phrase(d, text);
    if (k < 0)
        return 0;
    const dict_phrase *want = &d->actor_phrases.v[k].ph;
    for (size_t i = 0; i < d->actor_phrases.n; i++) {
        const dict_phrase *ph = &d->actor_phrases.v[i].ph;
        c += ph->n == want->n && memcmp(ph->w, want->w, ph->n * sizeof *ph->w) == 0;
    }
    return c;
}

static const char *code_on(const rl_dict *d, const char *name, int date)
{
    return dict_actor_code(d, actor_of(d, name), date);
}

/* Load `text` (after a good first line, so the format is recognised) and
 * expect the error "PATH:want" exactly. */
static void expect_error(const char *text, const char *want)
{
    char path[512], full[1024];
    char *buf = malloc(strlen(text) + 64);
    assert_non_null(buf);
    int n = snprintf(buf, strlen(text) + 64, "USA: United States\n%s", text);
    write_tmp(path, sizeof path, buf, (size_t)n);
    free(buf);
    rl_dict *d = new_dict();
    rl_error err;
    rl_status st = rl_dict_add_file(d, RL_DICT_ACTORS, path, 0, &err);
    snprintf(full, sizeof full, "%s:%s", path, want);
    if (st != RL_ERR_DICT || strcmp(err.msg, full) != 0)
        fprintf(stderr, "got  %d %s\nwant %s\n", (int)st, st ? err.msg : "", full);
    assert_int_equal(st, RL_ERR_DICT);
    assert_string_equal(err.msg, full);
    /* the same line, lenient: skipped and counted */
    rl_dict_free(d);
    d = new_dict();
    st = rl_dict_add_file(d, RL_DICT_ACTORS, path, RL_DICT_LENIENT, &err);
    assert_int_equal(st, RL_OK);
    assert_int_equal(d->warnings, 1);
    assert_true(find_phrase(d, "UNITED STATES") >= 0);
    rl_dict_free(d);
    unlink(path);
}

/* ---- recognising the format ----------------------------------------- */

static void test_detect(void **state)
{
    (void)state;
    static const struct { const char *text; int want; } cases[] = {
        {"USA: United States\n", 1},
        {"# people\n\n   \n# more\nUSAGOV 2009-01-20..2017-01-20: Joe Biden\n", 1},
        {"USAGOV 2025-01-20..: Donald Trump", 1},
        {"USAGOV ..2012: X", 1},
        {"IMGMUSHMS: Muslim Brotherhood", 1},
        {"\xEF\xBB\xBF" "CHN: China", 1},
        {"  CHN: China", 1},
        {"JOE_BIDEN_\n+BIDEN_\n\t[USAGOV 20210120-20250120]\n", 0},
        {"# only comments\n\n", 0},
        {"", 0},
        {"usa: United States", 0},
        {"US: United States", 0},
        {"USA 2009: X", 0},
        {"USA", 0},
        {"<!-- comment -->\nCHN: China", 0},
        {"; comment\nUSA: X", 0},
        {"[USA]: X", 0},
        {"CHINA_ [CHN]", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int got = dict_is_redline_format(cases[i].text, strlen(cases[i].text));
        if (got != cases[i].want)
            fprintf(stderr, "case %zu: '%s' -> %d\n", i, cases[i].text, got);
        assert_int_equal(got, cases[i].want);
    }
    /* the length bounds the read: a line cut before its ':' is no match */
    assert_int_equal(dict_is_redline_format("USA: X", 3), 0);
    assert_int_equal(dict_is_redline_format(NULL, 0), 0);

    /* the bundled TABARI files still load with the TABARI loader */
    rl_dict *d = new_dict();
    add_ok(d, RL_DICT_ACTORS, "tests/data/dict/good.actors.txt");
    add_ok(d, RL_DICT_ACTORS, "data/redline-updates.actors.txt");
    rl_dict_free(d);
}

/* ---- the good fixture ------------------------------------------------ */

static void test_good(void **state)
{
    (void)state;
    rl_dict *d = new_dict();
    add_ok(d, RL_DICT_ACTORS, GOOD);
    assert_int_equal(d->warnings, 0);

    /* one record and one phrase per distinct name */
    assert_int_equal(d->actors.n, d->actor_phrases.n);
    assert_int_equal(d->actors.n, 19);
    assert_int_equal(phrases_named(d, "JOE BIDEN"), 1);
    assert_int_equal(phrases_named(d, "BIDEN"), 1);
    assert_int_equal(phrases_named(d, "XI JINPING"), 1);

    /* the record keeps where the name first appeared, as written there */
    const dict_actor *biden = &d->actors.v[actor_of(d, "JOE BIDEN")];
    assert_string_equal(biden->name, "Joe Biden");
    assert_string_equal(biden->src.file, GOOD);
    assert_int_equal(biden->src.line, 11);
    assert_string_equal(biden->code, "USAELI");
    assert_int_equal(biden->n_roles, 2);

    /* codes by date: the dated role that holds, else the default */
    assert_string_equal(code_on(d, "JOE BIDEN", 20150601), "USAGOV");
    assert_string_equal(code_on(d, "JOE BIDEN", 20190601), "USAELI");
    assert_string_equal(code_on(d, "JOE BIDEN", 20230601), "USAGOV");
    assert_string_equal(code_on(d, "JOE BIDEN", 20250120), "USAGOV"); /* inclusive */
    assert_string_equal(code_on(d, "JOE BIDEN", 20250121), "USAELI");
    assert_string_equal(code_on(d, "BIDEN", 20230601), "USAGOV");
    assert_string_equal(code_on(d, "XI JINPING", 20230601), "CHNGOV");
    assert_string_equal(code_on(d, "XI JINPING", 20100101), "CHNELI");
    assert_string_equal(code_on(d, "PRESIDENT XI", 20100101), ""); /* dated only */
    assert_string_equal(code_on(d, "XI", 0), "CHNGOV");            /* open role: today */
    assert_string_equal(code_on(d, "CHINA", 20230601), "CHN");

    /* YYYY and YYYY-MM bounds: FROM pads to the first day, TO to the last */
    const dict_actor *trump = &d->actors.v[actor_of(d, "DONALD TRUMP")];
    assert_int_equal(trump->n_roles, 2);
    assert_int_equal(trump->roles[0].from, 20170101);
    assert_int_equal(trump->roles[0].to, 20201231);
    assert_int_equal(trump->roles[1].from, 20250101);
    assert_int_equal(trump->roles[1].to, 0);
    assert_string_equal(code_on(d, "DONALD TRUMP", 20201231), "USAGOV");
    assert_string_equal(code_on(d, "DONALD TRUMP", 20210101), "USAELI");
    assert_string_equal(code_on(d, "TRUMP", 20250201), "USAGOV");
    const dict_actor *med = &d->actors.v[actor_of(d, "DMITRY MEDVEDEV")];
    assert_int_equal(med->roles[0].from, 0);
    assert_int_equal(med->roles[0].to, 20120229); /* a leap year */
    assert_string_equal(code_on(d, "DMITRY MEDVEDEV", 20120229), "RUSGOV");
    assert_string_equal(code_on(d, "DMITRY MEDVEDEV", 20120301), "");

    /* words as the tokenizer makes them: the possessive split off, a
     * hyphenated name one word, a leading "the" dropped, any case */
    assert_string_equal(code_on(d, "PEOPLE 'S REPUBLIC OF CHINA", 0), "CHN");
    assert_string_equal(code_on(d, "CHINA 'S FOREIGN MINISTRY", 0), "CHNGOV");
    assert_string_equal(code_on(d, "GUINEA-BISSAU", 0), "GNB");
    assert_string_equal(code_on(d, "UNITED STATES OF AMERICA", 0), "USA");
    assert_string_equal(code_on(d, "UN", 0), "IGOUNO");
    assert_true(find_phrase(d, "THE UN") < 0);

    /* the whole hyphenated word is known, so news text keeps it whole */
    rl_dict_free(d);
}

/* ---- bad lines -------------------------------------------------------- */

static void test_errors(void **state)
{
    (void)state;
    expect_error("USAELI: Joe Biden; Biden\nUSAGOV 2021..2025: Joe Biden\nUSAGOV: joe  biden\n",
                 "4: 'joe  biden' already has default code USAELI (line 2)");
    expect_error("USAGOV 2021-13-01..: Joe Biden\n",
                 "2: bad date (YYYY-MM-DD, YYYY-MM or YYYY) near '2021-13-01'");
    expect_error("USAGOV 2021-02-29..: Joe Biden\n",
                 "2: bad date (YYYY-MM-DD, YYYY-MM or YYYY) near '2021-02-29'");
    expect_error("USAGOV 2021-1-20..: Joe Biden\n",
                 "2: bad date (YYYY-MM-DD, YYYY-MM or YYYY) near '2021-1-20'");
    expect_error("USAGOV ..20250120: Joe Biden\n",
                 "2: bad date (YYYY-MM-DD, YYYY-MM or YYYY) near '20250120'");
    expect_error("USAGOV 2021-01-20..2017-01-20: Joe Biden\n",
                 "2: date range ends before it starts near '2021-01-20..2017-01-20'");
    expect_error("USAGOV ..: Joe Biden\n", "2: date range without a date near '..'");
    expect_error("USAGOV 2021-01-20: Joe Biden\n",
                 "2: bad date range (FROM..TO, either side may be empty) near '2021-01-20'");
    expect_error("USA: United States;; America\n", "2: empty name near 'United States;; America'");
    expect_error("USA:\n", "2: empty name near ''");
    expect_error("USA: the\n", "2: a name needs a word near 'the'");
    expect_error("USA: , .\n", "2: a name needs a word near ', .'");
    expect_error("usagov: Joe Biden\n",
                 "2: bad actor code (three capital letters, then capital letters or digits) "
                 "near 'usagov'");
    expect_error("US: Joe Biden\n",
                 "2: bad actor code (three capital letters, then capital letters or digits) "
                 "near 'US'");
    expect_error(": Joe Biden\n", "2: missing code before ':'");
    expect_error("JOE_BIDEN_ [USAGOV]\n",
                 "2: missing ':' after the code (CODE [FROM..TO]: NAME; NAME) near "
                 "'JOE_BIDEN_ [USAGOV]'");
    expect_error("USA: Joe \xff Biden\n", "2: invalid UTF-8 in a name near 'Joe ? Biden'");
    expect_error("USA: Joe \x01 Biden\n", "2: control byte 0x01 in a name near 'Joe ? Biden'");

    /* a line longer than 64 KiB */
    size_t n = DICT_LINE_MAX + 16;
    char *big = malloc(n + 1);
    assert_non_null(big);
    memcpy(big, "USA: ", 5);
    memset(big + 5, 'a', n - 5);
    big[n] = '\0';
    expect_error(big, "2: line longer than 65536 bytes");
    free(big);

    /* the same default twice is no conflict; a dated line adds to it */
    char path[512];
    const char *ok = "USAELI: Joe Biden\nUSAELI: JOE BIDEN\nUSAGOV 2021..2024: Joe Biden\n";
    write_tmp(path, sizeof path, ok, strlen(ok));
    rl_dict *d = new_dict();
    add_ok(d, RL_DICT_ACTORS, path);
    assert_int_equal(d->actors.n, 1);
    assert_string_equal(code_on(d, "JOE BIDEN", 20220101), "USAGOV");
    rl_dict_free(d);
    unlink(path);
}

static void test_lenient(void **state)
{
    (void)state;
    const char *text = "CHN: China\n"
                       "USA: Good Name;; America\n"       /* empty name */
                       "USAGOV 2021-02-30..: Joe Biden\n" /* bad date */
                       "USAELI: Joe Biden\n"
                       "USAGOV: Joe Biden; Biden\n"        /* conflicting default */
                       "RUS: Russia\n";
    char path[512];
    write_tmp(path, sizeof path, text, strlen(text));
    rl_dict *d = new_dict();
    rl_error err;
    assert_int_equal(rl_dict_add_file(d, RL_DICT_ACTORS, path, RL_DICT_LENIENT, &err), RL_OK);
    assert_int_equal(d->warnings, 3);
    /* a skipped line leaves nothing behind, not even its good names */
    assert_true(find_phrase(d, "GOOD NAME") < 0);
    assert_true(find_phrase(d, "BIDEN") < 0);
    assert_int_equal(d->actors.n, 3);
    assert_string_equal(code_on(d, "JOE BIDEN", 20220101), "USAELI");
    assert_string_equal(code_on(d, "RUSSIA", 0), "RUS");
    rl_dict_stats stats;
    rl_dict_stats_get(d, &stats);
    assert_int_equal(stats.warnings, 3);
    rl_dict_free(d);

    /* strict: the first bad line stops the load */
    d = new_dict();
    assert_int_equal(rl_dict_add_file(d, RL_DICT_ACTORS, path, 0, &err), RL_ERR_DICT);
    assert_non_null(strstr(err.msg, ":2: empty name"));
    rl_dict_free(d);
    unlink(path);
}

/* Arbitrary bytes after a good first line never crash the loader. */
static void test_hostile_bytes(void **state)
{
    (void)state;
    unsigned seed = 12345;
    for (int round = 0; round < 40; round++) {
        char buf[4096];
        size_t n = (size_t)snprintf(buf, sizeof buf, "USA: United States\n");
        static const char alphabet[] = "USAGOV:;.-0123456789 \n#'\"the\xff\xc3\xa9\x00-_";
        while (n < sizeof buf) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = seed >> 16;
            buf[n++] = (r & 7) == 0 ? (char)(r >> 3) : alphabet[(r >> 3) % (sizeof alphabet - 1)];
        }
        char path[512];
        write_tmp(path, sizeof path, buf, n);
        for (int lenient = 0; lenient < 2; lenient++) {
            rl_dict *d = new_dict();
            rl_error err;
            rl_status st = rl_dict_add_file(d, RL_DICT_ACTORS, path,
                                            lenient ? RL_DICT_LENIENT : 0, &err);
            assert_true(st == RL_OK || st == RL_ERR_DICT);
            if (lenient)
                assert_int_equal(st, RL_OK);
            assert_int_equal(rl_dict_finish(d, &err), RL_OK);
            rl_dict_free(d);
        }
        unlink(path);
    }
}

/* ---- later files win ------------------------------------------------- */

static void test_later_wins(void **state)
{
    (void)state;
    char path[512];
    const char *text = "GBR: Joe Biden\n";
    write_tmp(path, sizeof path, text, strlen(text));
    rl_dict *d = new_dict();
    /* TABARI first (it lists JOE_BIDEN_), then redline's format, then again */
    add_ok(d, RL_DICT_ACTORS, "data/redline-updates.actors.txt");
    add_ok(d, RL_DICT_ACTORS, GOOD);
    rl_error err;
    assert_int_equal(rl_dict_finish(d, &err), RL_OK);
    assert_int_equal(phrases_named(d, "JOE BIDEN"), 1);
    const dict_actor *a = &d->actors.v[actor_of(d, "JOE BIDEN")];
    assert_string_equal(a->src.file, GOOD);
    rl_dict_free(d);

    d = new_dict();
    add_ok(d, RL_DICT_ACTORS, GOOD);
    add_ok(d, RL_DICT_ACTORS, path);
    assert_int_equal(rl_dict_finish(d, &err), RL_OK);
    assert_int_equal(phrases_named(d, "JOE BIDEN"), 1);
    assert_string_equal(code_on(d, "JOE BIDEN", 20230601), "GBR");
    assert_string_equal(code_on(d, "BIDEN", 20230601), "USAGOV");
    rl_dict_free(d);
    unlink(path);
}

/* ---- end to end ------------------------------------------------------ */

typedef struct seen {
    char source[DICT_CODE_MAX], target[DICT_CODE_MAX];
    int n;
} seen;

static int on_event(const rl_event *ev, void *ud)
{
    seen *s = ud;
    if (s->n++ == 0) {
        snprintf(s->source, sizeof s->source, "%s", ev->source.code ? ev->source.code : "");
        snprintf(s->target, sizeof s->target, "%s",
                 ev->has_target && ev->target.code ? ev->target.code : "");
    }
    return 0;
}

static void code_sentence(rl_coder *c, const char *text, int date, seen *s)
{
    rl_doc doc;
    memset(&doc, 0, sizeof doc);
    doc.id = "t";
    doc.date = date;
    doc.text = text;
    doc.text_len = strlen(text);
    memset(s, 0, sizeof *s);
    rl_error err;
    rl_status st = rl_coder_code_doc(c, &doc, on_event, s, &err);
    if (st)
        fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(st, RL_OK);
}

static void test_end_to_end(void **state)
{
    (void)state;
    rl_dict *d = new_dict();
    add_ok(d, RL_DICT_VERBS, "data/cameo.verbs.txt");
    add_ok(d, RL_DICT_ACTORS, GOOD);
    rl_error err;
    assert_int_equal(rl_dict_finish(d, &err), RL_OK);
    rl_coder *c = NULL;
    assert_int_equal(rl_coder_new(&c, d, NULL, &err), RL_OK);
    seen s;
    code_sentence(c, "Joe Biden met Xi Jinping.", 20230601, &s);
    assert_true(s.n >= 1);
    assert_string_equal(s.source, "USAGOV");
    assert_string_equal(s.target, "CHNGOV");
    code_sentence(c, "Joe Biden met Xi Jinping.", 20190601, &s);
    assert_true(s.n >= 1);
    assert_string_equal(s.source, "USAELI");
    code_sentence(c, "Guinea-Bissau's president met Xi Jinping.", 20230601, &s);
    assert_true(s.n >= 1);
    assert_string_equal(s.source, "GNB");
    rl_coder_free(c);
    rl_dict_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect),
        cmocka_unit_test(test_good),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_lenient),
        cmocka_unit_test(test_hostile_bytes),
        cmocka_unit_test(test_later_wins),
        cmocka_unit_test(test_end_to_end),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
