/*
 * test_eval.c - unit tests of the evaluator (src/eval.c): the test-case
 * parser, the triple comparison, the PLOVER gold rules, and rl_eval_file
 * end to end when a coder and dictionaries are available (skipped if not).
 *
 * Runs with the repository root as working directory; tests that need
 * ../shared skip when it is absent.  Must not depend on what the coder
 * finds in a text, only on how the evaluator scores it.
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
#include "eval.h"

#define SHARED_PETR "../shared/data/petrarch2/PETR.UnitTest.records.xml"
#define SHARED_PLOVER "../shared/data/plover/gsr-dev.jsonl"
#define DATA_DIR "data" /* the bundled dictionaries, from the repository root */

/* ---- helpers ------------------------------------------------------- */

static eval_triple triple(const char *src, const char *tgt, const char *cameo)
{
    eval_triple t;
    memset(&t, 0, sizeof t);
    snprintf(t.src, sizeof t.src, "%s", src);
    snprintf(t.tgt, sizeof t.tgt, "%s", tgt);
    snprintf(t.cameo, sizeof t.cameo, "%s", cameo);
    return t;
}

static void add(eval_tset *s, eval_triple t)
{
    assert_int_equal(eval_tset_add(s, &t), RL_OK);
}

static rl_status parse_cases(const char *text, eval_cases *c, rl_error *err)
{
    memset(c, 0, sizeof *c);
    return eval_parse_cases("t.txt", text, strlen(text), c, err);
}

/* Write `text` to a fresh temporary file; returns its path (static). */
static const char *write_temp(const char *text, size_t len)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/test_eval_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    fclose(f);
    return path;
}

static int file_exists(const char *p)
{
    FILE *f = fopen(p, "rb");
    if (!f)
        return 0;
    fclose(f);
    return 1;
}

/* A working coder with the default dictionaries, or skip(). */
static void need_coder(void)
{
    rl_dict *d = NULL;
    rl_error err;
    if (rl_dict_load_dir(&d, DATA_DIR, 0, &err) != RL_OK) {
        skip();
        return;
    }
    rl_coder *c = NULL;
    rl_coder_opts o;
    rl_coder_opts_init(&o);
    rl_status st = rl_coder_new(&c, d, &o, &err);
    rl_coder_free(c);
    rl_dict_free(d);
    if (st != RL_OK)
        skip();
}

/* ---- dates ----------------------------------------------------------- */

static void test_dates(void **state)
{
    (void)state;
    assert_int_equal(eval_parse_date("2022-03-01", 10), 20220301);
    assert_int_equal(eval_parse_date("19950101", 8), 19950101);
    assert_int_equal(eval_parse_date("2022-13-01", 10), 0);
    assert_int_equal(eval_parse_date("2022-3-1", 8), 0);
    assert_int_equal(eval_parse_date("2022/03/01", 10), 0);
    assert_int_equal(eval_parse_date("", 0), 0);
    assert_int_equal(eval_parse_date("202203011", 9), 0);
}

/* ---- expect: lines --------------------------------------------------- */

static void test_parse_expect(void **state)
{
    (void)state;
    eval_triple t;
    rl_error err;
    const char *s = "RUS UKR 192";
    assert_int_equal(eval_parse_expect(s, strlen(s), &t, &err), RL_OK);
    assert_string_equal(t.src, "RUS");
    assert_string_equal(t.tgt, "UKR");
    assert_string_equal(t.cameo, "192");
    assert_int_equal(t.prefix, 0);
    assert_int_equal(t.flags, 0);

    s = "  CHNGOV   -  19*  ";
    assert_int_equal(eval_parse_expect(s, strlen(s), &t, &err), RL_OK);
    assert_string_equal(t.tgt, EVAL_NO_ACTOR);
    assert_string_equal(t.cameo, "19");
    assert_int_equal(t.prefix, 1);

    s = "---GOV --- 023 negated,hypothetical reported";
    assert_int_equal(eval_parse_expect(s, strlen(s), &t, &err), RL_OK);
    assert_string_equal(t.src, "---GOV");
    assert_int_equal(t.flags, RL_EV_NEGATED | RL_EV_HYPOTHETICAL | RL_EV_REPORTED);
    assert_int_equal(t.flags_listed, t.flags);

    const char *bad[] = {"RUS UKR",  "RUS UKR 1",   "RUS UKR 12345", "RUS UKR 1a2",
                         "rus UKR 190", "RUS UKR 190 maybe", "RUS UKR *", "",
                         "RUS U%R 190", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA UKR 190"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        rl_status st = eval_parse_expect(bad[i], strlen(bad[i]), &t, &err);
        assert_int_equal(st, RL_ERR_PARSE);
        assert_true(strlen(err.msg) > 0);
    }
}

/* ---- set comparison -------------------------------------------------- */

static void test_triples_equal(void **state)
{
    (void)state;
    eval_tset want = {0}, got = {0};
    size_t extra, missed;

    /* empty == empty: a correct "no event" */
    assert_true(eval_triples_equal(&want, &got, &extra, &missed));
    assert_int_equal(extra + missed, 0);

    add(&want, triple("ARN", "GON", "064"));
    assert_false(eval_triples_equal(&want, &got, &extra, &missed));
    assert_int_equal(missed, 1);
    assert_int_equal(extra, 0);

    add(&got, triple("ARN", "GON", "064"));
    add(&got, triple("ARN", "GON", "064")); /* duplicates count once */
    assert_true(eval_triples_equal(&want, &got, &extra, &missed));

    add(&got, triple("GON", "ARN", "064"));
    assert_false(eval_triples_equal(&want, &got, &extra, &missed));
    assert_int_equal(extra, 1);
    assert_int_equal(missed, 0);

    /* order does not matter */
    eval_tset_clear(&want);
    eval_tset_clear(&got);
    add(&want, triple("A", "B", "010"));
    add(&want, triple("C", "D", "020"));
    add(&got, triple("C", "D", "020"));
    add(&got, triple("A", "B", "010"));
    assert_true(eval_triples_equal(&want, &got, NULL, NULL));

    /* wildcard cameo */
    eval_tset_clear(&want);
    eval_tset_clear(&got);
    eval_triple w = triple("RUS", "UKR", "19");
    w.prefix = 1;
    add(&want, w);
    add(&got, triple("RUS", "UKR", "190"));
    add(&got, triple("RUS", "UKR", "1951"));
    assert_true(eval_triples_equal(&want, &got, &extra, &missed));
    add(&got, triple("RUS", "UKR", "180"));
    assert_false(eval_triples_equal(&want, &got, &extra, &missed));
    assert_int_equal(extra, 1);
    assert_false(eval_triple_matches(&w, &got.v[2]));

    eval_tset_free(&want);
    eval_tset_free(&got);
}

static void test_flags_compare(void **state)
{
    (void)state;
    eval_triple want = triple("RUS", "UKR", "190");
    eval_triple got = triple("RUS", "UKR", "190");
    assert_true(eval_triple_matches(&want, &got));
    got.flags = RL_EV_NEGATED;
    assert_false(eval_triple_matches(&want, &got)); /* negated always compared */
    want.flags = want.flags_listed = RL_EV_NEGATED;
    assert_true(eval_triple_matches(&want, &got));
    got.flags |= RL_EV_REPORTED; /* not listed: not compared */
    assert_true(eval_triple_matches(&want, &got));
    want.flags |= RL_EV_FUTURE;
    want.flags_listed |= RL_EV_FUTURE;
    assert_false(eval_triple_matches(&want, &got)); /* listed: must be there */
    got.flags |= RL_EV_FUTURE;
    assert_true(eval_triple_matches(&want, &got));
}

static void test_tset_rule_copied(void **state)
{
    (void)state;
    eval_tset s = {0};
    char rule[1000];
    memset(rule, 'x', sizeof rule - 1);
    rule[sizeof rule - 1] = '\0';
    eval_triple t = triple("A", "B", "010");
    t.rule = rule;
    assert_int_equal(eval_tset_add(&s, &t), RL_OK);
    assert_ptr_not_equal(s.v[0].rule, rule);
    assert_true(strlen(s.v[0].rule) <= 512);
    eval_tset_free(&s);
}

static void test_tset_limit(void **state)
{
    (void)state;
    eval_tset s = {0};
    eval_triple t = triple("A", "B", "010");
    for (size_t i = 0; i < EVAL_TSET_MAX; i++)
        assert_int_equal(eval_tset_add(&s, &t), RL_OK);
    assert_int_equal(eval_tset_add(&s, &t), RL_ERR_TOOBIG);
    eval_tset_free(&s);
}

/* ---- case files ------------------------------------------------------ */

static void test_cases_good(void **state)
{
    (void)state;
    const char *text = "# a file comment\n"
                       "\n"
                       "# Passive voice\n"
                       "text: Ukraine was invaded by Russia.\n"
                       "date: 2022-03-01\n"
                       "expect: RUS UKR 192\n"
                       "\n\n"
                       "text: Russia did not attack Ukraine.\r\n"
                       "expect: none\r\n"
                       "\r\n"
                       "  text: Russia may attack\n"
                       "text: Ukraine.\n"
                       "all: yes\n"
                       "dict: petrarch-validate\n"
                       "# comments inside a block do not end it\n"
                       "expect: RUS UKR 19* hypothetical\n"
                       "expect: RUS - 190\n";
    eval_cases c;
    rl_error err;
    assert_int_equal(parse_cases(text, &c, &err), RL_OK);
    assert_int_equal(c.n, 3);

    assert_int_equal(c.v[0].line, 4);
    assert_string_equal(c.v[0].text, "Ukraine was invaded by Russia.");
    assert_int_equal(c.v[0].date, 20220301);
    assert_int_equal(c.v[0].expect.n, 1);
    assert_int_equal(c.v[0].expect_none, 0);
    assert_int_equal(c.v[0].dict, EVAL_DICT_DEFAULT);
    assert_int_equal(c.v[0].all, 0);

    assert_string_equal(c.v[1].text, "Russia did not attack Ukraine.");
    assert_int_equal(c.v[1].date, EVAL_CASE_DEFAULT_DATE);
    assert_int_equal(c.v[1].expect_none, 1);
    assert_int_equal(c.v[1].expect.n, 0);

    assert_int_equal(c.v[2].line, 12);
    assert_string_equal(c.v[2].text, "Russia may attack Ukraine.");
    assert_int_equal(c.v[2].text_len, strlen("Russia may attack Ukraine."));
    assert_int_equal(c.v[2].all, 1);
    assert_int_equal(c.v[2].dict, EVAL_DICT_PETRARCH);
    assert_int_equal(c.v[2].expect.n, 2);
    assert_int_equal(c.v[2].expect.v[0].prefix, 1);
    assert_int_equal(c.v[2].expect.v[0].flags, RL_EV_HYPOTHETICAL);
    assert_string_equal(c.v[2].expect.v[1].tgt, EVAL_NO_ACTOR);
    eval_cases_free(&c);

    /* no trailing newline, BOM */
    const char *t2 = "\xEF\xBB\xBFtext: A met B.\nexpect: AAA BBB 040";
    assert_int_equal(parse_cases(t2, &c, &err), RL_OK);
    assert_int_equal(c.n, 1);
    eval_cases_free(&c);

    /* only comments: no cases, no error */
    assert_int_equal(parse_cases("# nothing\n\n", &c, &err), RL_OK);
    assert_int_equal(c.n, 0);
    eval_cases_free(&c);
}

static void expect_case_error(const char *text, const char *msg)
{
    eval_cases c;
    rl_error err;
    memset(&err, 0, sizeof err);
    rl_status st = parse_cases(text, &c, &err);
    assert_int_equal(st, RL_ERR_PARSE);
    if (strstr(err.msg, msg) == NULL)
        fail_msg("error '%s' lacks '%s'", err.msg, msg);
    eval_cases_free(&c);
}

static void test_cases_errors(void **state)
{
    (void)state;
    expect_case_error("expect: RUS UKR 190\n", "t.txt:1: case has no 'text:' line");
    expect_case_error("\n# c\ntext: Russia attacked Ukraine.\n",
                      "t.txt:3: case has no 'expect:' line");
    expect_case_error("text: x\nexpect: RUS UKR 190\n\ntext: y\nexpect: RUS UKR\n",
                      "t.txt:5: expect: wants SOURCE TARGET CAMEO");
    expect_case_error("text: x\nexpect: RUS UKR 1x0\n", "t.txt:2: bad CAMEO code '1x0'");
    expect_case_error("text: x\nwhen: today\nexpect: none\n", "t.txt:2: unknown key 'when'");
    expect_case_error("text: x\nthis line has no key\n", "t.txt:2: expected 'key: value'");
    expect_case_error("text: x\nexpect: none\nexpect: RUS UKR 190\n",
                      "t.txt:3: 'expect: none' with other");
    expect_case_error("text: x\nexpect: RUS UKR 190\nexpect: none\n",
                      "t.txt:3: 'expect: none' with other");
    expect_case_error("text: x\ndate: 2022-02-30x\nexpect: none\n", "t.txt:2: bad date");
    expect_case_error("text: x\ndate: 2022-02-03\ndate: 2022-02-03\nexpect: none\n",
                      "t.txt:3: second 'date:'");
    expect_case_error("text: x\ndict: phoenix\nexpect: none\n", "t.txt:2: unknown dict");
    expect_case_error("text: x\nall: maybe\nexpect: none\n", "t.txt:2: 'all:' wants yes");
    expect_case_error("text: x\nexpect: RUS UKR 190 negated\n",
                      "t.txt:2: negated/hypothetical events are only coded with 'all: yes'");
    expect_case_error("text:\nexpect: none\n", "t.txt:1: empty 'text:'");

    /* a NUL byte */
    const char nul[] = "text: a\0b\nexpect: none\n";
    eval_cases c;
    rl_error err;
    memset(&c, 0, sizeof c);
    assert_int_equal(eval_parse_cases("t.txt", nul, sizeof nul - 1, &c, &err), RL_ERR_PARSE);
    assert_non_null(strstr(err.msg, "t.txt:1: NUL byte"));
    eval_cases_free(&c);
}

/* Arbitrary bytes must give RL_OK or an error, never a crash or a leak. */
static void test_cases_garbage(void **state)
{
    (void)state;
    unsigned seed = 12345;
    char buf[512];
    for (int round = 0; round < 2000; round++) {
        size_t n = (size_t)(round % (int)sizeof buf);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            static const char alpha[] = "text: expect: none RUS UKR 190 19* date: 2022-01-01 "
                                        "all: yes dict: default\n\n#-,\xff\xc3\x00";
            buf[i] = alpha[(seed >> 16) % (sizeof alpha - 1)];
        }
        eval_cases c;
        rl_error err;
        memset(&c, 0, sizeof c);
        rl_status st = eval_parse_cases("g", buf, n, &c, &err);
        assert_true(st == RL_OK || st == RL_ERR_PARSE);
        eval_cases_free(&c);
    }
}

/* ---- PLOVER gold ----------------------------------------------------- */

static void test_plover_names(void **state)
{
    (void)state;
    assert_string_equal(eval_plover_canon("DISAPPROVE"), "ACCUSE");
    assert_string_equal(eval_plover_canon("DEMAND"), "REQUEST");
    assert_string_equal(eval_plover_canon("FIGHT"), "ASSAULT");
    assert_string_equal(eval_plover_canon("ASSAULT"), "ASSAULT");
    assert_string_equal(eval_plover_canon("AGREE"), "AGREE");
    assert_string_equal(eval_plover_canon(NULL), "");
}

/* The gold records' PLOVER generation names a few CAMEO codes otherwise. */
static void test_plover_legacy(void **state)
{
    (void)state;
    assert_string_equal(eval_plover_legacy("090"), "INVESTIGATE");
    assert_string_equal(eval_plover_legacy("0921"), "INVESTIGATE");
    assert_string_equal(eval_plover_legacy("163"), "SANCTION");
    assert_string_equal(eval_plover_legacy("191"), "FIGHT");
    assert_string_equal(eval_plover_legacy("185"), "THREATEN");
    assert_null(eval_plover_legacy("112"));
    assert_null(eval_plover_legacy("16"));
    assert_null(eval_plover_legacy(""));
    assert_null(eval_plover_legacy(NULL));
}

static void test_country_match(void **state)
{
    (void)state;
    assert_true(eval_country_match("USA", "USAGOV"));
    assert_true(eval_country_match("USA", "USA"));
    assert_false(eval_country_match("USA", "RUSGOV"));
    assert_true(eval_country_match("JAP", "JPNGOV"));
    assert_true(eval_country_match("ITL", "ITA"));
    assert_true(eval_country_match("VTN", "VNMMIL"));
    assert_true(eval_country_match("IGO", "IGOUNO"));
    assert_true(eval_country_match("NGO", "NGOHRI"));
    assert_true(eval_country_match("NGO", "USANGO"));
    assert_false(eval_country_match("NGO", "USAGOV"));
    assert_false(eval_country_match("IGO", "XIGOAA")); /* not at a 3-letter boundary */
    assert_false(eval_country_match("USA", EVAL_NO_ACTOR));
    assert_false(eval_country_match("USA", "US"));
    assert_false(eval_country_match("USA", ""));
    assert_false(eval_country_match(NULL, "USA"));
    assert_true(eval_country_match("SRB", "SCGSRB"));
    assert_true(eval_country_match("MNE", "SCGMNE"));
    assert_true(eval_country_match("UKR", "USRUKRGOV"));
    assert_false(eval_country_match("SRB", "SCGMNE"));
    assert_false(eval_country_match("SRB", "SCG"));
    assert_true(eval_country_match("SCG", "SCGSRB"));
}

static void test_plover_parse(void **state)
{
    (void)state;
    eval_plover_rec r;
    rl_error err;
    const char *line =
        "{\"id\": \"X-1\", \"date\": \"2000-01-02\", \"event\": \"FIGHT\","
        " \"source\": [{\"actorText\": \"Japan\", \"code\": \"JAP\"}, {\"code\": 5}, \"x\"],"
        " \"target\": [{\"actorText\": \"UN\", \"code\": \"IGO\"}],"
        " \"text\": \"Japan fought the UN.\"}";
    assert_int_equal(eval_plover_parse(line, strlen(line), &r, &err), RL_OK);
    assert_string_equal(r.id, "X-1");
    assert_string_equal(r.event, "FIGHT");
    assert_int_equal(r.date, 20000102);
    assert_int_equal(r.n_src, 1);
    assert_string_equal(r.src[0], "JAP");
    assert_int_equal(r.n_tgt, 1);
    assert_string_equal(r.text, "Japan fought the UN.");

    eval_tset got = {0};
    assert_false(eval_plover_correct(&r, &got));
    eval_triple t = triple("JPNGOV", "IGOUNO", "190");
    snprintf(t.plover, sizeof t.plover, "ASSAULT");
    add(&got, t);
    assert_true(eval_plover_correct(&r, &got));
    got.v[0].tgt[0] = 'X'; /* XGOUNO: wrong target */
    assert_false(eval_plover_correct(&r, &got));
    eval_tset_clear(&got);
    t = triple("JPNGOV", "IGOUNO", "173");
    snprintf(t.plover, sizeof t.plover, "COERCE");
    add(&got, t);
    assert_false(eval_plover_correct(&r, &got)); /* wrong type */
    t = triple("CHN", "IGOUNO", "190");
    snprintf(t.plover, sizeof t.plover, "ASSAULT");
    add(&got, t);
    assert_false(eval_plover_correct(&r, &got)); /* wrong source */
    eval_tset_free(&got);
    eval_plover_rec_free(&r);

    /* target "", a string, or missing: no target constraint */
    const char *notgt[] = {
        "{\"event\": \"AGREE\", \"text\": \"t\", \"source\": [{\"code\": \"USA\"}], \"target\": \"\"}",
        "{\"event\": \"AGREE\", \"text\": \"t\", \"source\": [{\"code\": \"USA\"}], \"target\": \"diplomatic\"}",
        "{\"event\": \"AGREE\", \"text\": \"t\", \"source\": [{\"code\": \"USA\"}]}",
    };
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(eval_plover_parse(notgt[i], strlen(notgt[i]), &r, &err), RL_OK);
        assert_int_equal(r.n_tgt, 0);
        eval_tset g = {0};
        eval_triple a = triple("USAGOV", EVAL_NO_ACTOR, "057");
        snprintf(a.plover, sizeof a.plover, "AGREE");
        add(&g, a);
        assert_true(eval_plover_correct(&r, &g));
        eval_tset_free(&g);
        eval_plover_rec_free(&r);
    }

    const char *bad[] = {"{\"event\": \"AGREE\"", "[1, 2]", "{\"event\": \"AGREE\"}",
                         "{\"text\": \"t\"}", "{\"text\": 5, \"event\": \"AGREE\"}", "",
                         "{\"text\": \"t\", \"event\": \"\"}"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(eval_plover_parse(bad[i], strlen(bad[i]), &r, &err), RL_ERR_PARSE);
        eval_plover_rec_free(&r);
    }
}

/* ---- rl_eval_file ---------------------------------------------------- */

static void test_eval_file_errors(void **state)
{
    (void)state;
    rl_error err;
    rl_eval_result res;
    assert_int_equal(rl_eval_file("/nonexistent/gold.txt", NULL, &res, &err), RL_ERR_IO);
    assert_non_null(strstr(err.msg, "/nonexistent/gold.txt"));
    assert_int_equal(rl_eval_file(NULL, NULL, &res, &err), RL_ERR_USAGE);

    /* a bad case file fails before any dictionary is loaded */
    const char *bad = "text: Russia attacked Ukraine.\nexpect: RUS UKR\n";
    const char *path = write_temp(bad, strlen(bad));
    assert_int_equal(rl_eval_file(path, NULL, &res, &err), RL_ERR_PARSE);
    char want[128];
    snprintf(want, sizeof want, "%s:2: expect:", path);
    assert_non_null(strstr(err.msg, want));
    unlink(path);

    const char *empty = "# only a comment\n";
    path = write_temp(empty, strlen(empty));
    assert_int_equal(rl_eval_file(path, NULL, &res, &err), RL_ERR_PARSE);
    assert_non_null(strstr(err.msg, "no test cases"));
    unlink(path);

    rl_eval_opts o;
    memset(&o, 0, sizeof o);
    o.require = 101;
    assert_int_equal(rl_eval_file("x", &o, &res, &err), RL_ERR_USAGE);
}

static void test_eval_cases_end_to_end(void **state)
{
    (void)state;
    need_coder();
    /* Two cases whose outcome cannot depend on the coder's skill: a text
     * with no actor at all, and one expectation nobody can produce. */
    const char *cases = "text: The weather was fine.\n"
                        "expect: none\n"
                        "\n"
                        "text: The weather was fine.\n"
                        "expect: ZZZ YYY 190\n";
    const char *path = write_temp(cases, strlen(cases));
    char *rep = NULL, *mis = NULL;
    size_t rep_n = 0, mis_n = 0;
    FILE *report = open_memstream(&rep, &rep_n);
    FILE *misses = open_memstream(&mis, &mis_n);
    rl_eval_opts o;
    memset(&o, 0, sizeof o);
    o.report = report;
    o.misses = misses;
    o.data_dir = DATA_DIR;
    rl_eval_result res;
    rl_error err;
    assert_int_equal(rl_eval_file(path, &o, &res, &err), RL_OK);
    fclose(report);
    fclose(misses);
    assert_int_equal(res.records, 2);
    assert_int_equal(res.correct, 1);
    assert_int_equal(res.events, 0);
    assert_true(res.accuracy > 0.49 && res.accuracy < 0.51);
    assert_non_null(strstr(rep, "1 of 2 correct (50.0%)"));
    assert_non_null(strstr(mis, "expected: ZZZ YYY 190"));
    assert_non_null(strstr(mis, "produced: none"));
    assert_non_null(strstr(mis, ":4\n")); /* the case is named file:line */
    free(rep);
    free(mis);

    /* --require */
    report = fopen("/dev/null", "w");
    o.report = report;
    o.misses = NULL;
    o.require = 75;
    assert_int_equal(rl_eval_file(path, &o, &res, &err), RL_ERR_USAGE);
    assert_non_null(strstr(err.msg, "1 of 2 correct (50.0%), below the required 75.0%"));
    o.require = 50;
    assert_int_equal(rl_eval_file(path, &o, &res, &err), RL_OK);
    fclose(report);
    unlink(path);
}

static void test_eval_petrarch(void **state)
{
    (void)state;
    if (!file_exists(SHARED_PETR)) {
        skip();
        return;
    }
    need_coder();
    FILE *report = fopen("/dev/null", "w");
    rl_eval_opts o;
    memset(&o, 0, sizeof o);
    o.report = report;
    o.data_dir = DATA_DIR;
    rl_eval_result res;
    rl_error err;
    rl_status st = rl_eval_file(SHARED_PETR, &o, &res, &err);
    fclose(report);
    if (st != RL_OK)
        fail_msg("%s", err.msg);
    assert_true(res.records >= 280);
    assert_true(res.correct <= res.records);
}

static void test_eval_plover(void **state)
{
    (void)state;
    if (!file_exists(SHARED_PLOVER)) {
        skip();
        return;
    }
    need_coder();
    FILE *report = fopen("/dev/null", "w");
    rl_eval_opts o;
    memset(&o, 0, sizeof o);
    o.report = report;
    o.data_dir = DATA_DIR;
    rl_eval_result res;
    rl_error err;
    rl_status st = rl_eval_file(SHARED_PLOVER, &o, &res, &err);
    fclose(report);
    if (st != RL_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(res.records, 164);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_parse_expect),
        cmocka_unit_test(test_triples_equal),
        cmocka_unit_test(test_flags_compare),
        cmocka_unit_test(test_tset_rule_copied),
        cmocka_unit_test(test_tset_limit),
        cmocka_unit_test(test_cases_good),
        cmocka_unit_test(test_cases_errors),
        cmocka_unit_test(test_cases_garbage),
        cmocka_unit_test(test_plover_names),
        cmocka_unit_test(test_plover_legacy),
        cmocka_unit_test(test_country_match),
        cmocka_unit_test(test_plover_parse),
        cmocka_unit_test(test_eval_file_errors),
        cmocka_unit_test(test_eval_cases_end_to_end),
        cmocka_unit_test(test_eval_petrarch),
        cmocka_unit_test(test_eval_plover),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
