/*
 * test_output.c - event output (JSONL, TSV) and the CAMEO tables.
 *
 * Checks the exact JSONL text (field order, escaping, nulls), that very long
 * and hostile strings still give one valid JSON line, the TSV row and
 * header, rl_cameo_lookup on known and fallback codes, and that the
 * generated src/cameo_table.h matches data/cameo.tsv.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "redline.h"

/* ---- helpers ---- */

typedef struct capture {
    char *buf;
    size_t len;
    FILE *f;
} capture;

static void cap_open(capture *c)
{
    c->buf = NULL;
    c->len = 0;
    c->f = open_memstream(&c->buf, &c->len);
    assert_non_null(c->f);
}

static char *cap_close(capture *c)
{
    fclose(c->f);
    return c->buf;
}

static const char demo_text[] = "Xi Jinping met Sergey Lavrov in Beijing.";

static void demo_event(rl_event *ev, rl_doc *doc)
{
    memset(doc, 0, sizeof *doc);
    doc->id = "doc-1";
    doc->text = demo_text;
    doc->text_len = sizeof demo_text - 1;
    memset(ev, 0, sizeof *ev);
    ev->doc = doc;
    ev->sent = 3;
    ev->date = 20240409;
    ev->cameo = "043";
    ev->plover = "CONSULT";
    ev->mode = "visit";
    ev->context = "diplomatic";
    ev->goldstein = 2.8;
    ev->quad = 1;
    ev->source.span.text = demo_text;
    ev->source.span.len = 10;
    ev->source.span.start = 0;
    ev->source.span.end = 10;
    ev->source.code = "CHNGOV";
    memcpy(ev->source.country, "CHN", 4);
    ev->source.sector = "GOV";
    ev->target.span.text = demo_text + 15;
    ev->target.span.len = 13;
    ev->target.span.start = 15;
    ev->target.span.end = 28;
    ev->target.code = "RUSGOV";
    memcpy(ev->target.country, "RUS", 4);
    ev->target.sector = "GOV";
    ev->has_target = 1;
    ev->trigger.text = demo_text + 11;
    ev->trigger.len = 3;
    ev->trigger.start = 11;
    ev->trigger.end = 14;
    ev->sentence.text = demo_text;
    ev->sentence.len = doc->text_len;
    ev->sentence.start = 0;
    ev->sentence.end = 40;
    ev->rule = "data/verbs.txt:812 MEET * WITH +";
    ev->zone = RL_ZONE_BODY;
}

/* ---- JSONL ---- */

static void test_jsonl_exact(void **state)
{
    (void)state;
    rl_doc doc;
    rl_event ev;
    demo_event(&ev, &doc);
    capture c;
    cap_open(&c);
    assert_int_equal(rl_write_event(c.f, RL_OUT_JSONL, &ev), RL_OK);
    char *s = cap_close(&c);
    assert_string_equal(
        s,
        "{\"doc_id\": \"doc-1\", \"sent\": 3, \"date\": \"2024-04-09\", \"event\": \"CONSULT\", "
        "\"mode\": \"visit\", \"context\": \"diplomatic\", \"cameo\": \"043\", \"goldstein\": 2.8, "
        "\"quad\": 1, \"source\": {\"text\": \"Xi Jinping\", \"code\": \"CHNGOV\", \"country\": "
        "\"CHN\", \"sector\": \"GOV\", \"start\": 0, \"end\": 10}, \"target\": {\"text\": "
        "\"Sergey Lavrov\", \"code\": \"RUSGOV\", \"country\": \"RUS\", \"sector\": \"GOV\", "
        "\"start\": 15, \"end\": 28}, \"trigger\": {\"text\": \"met\", \"start\": 11, \"end\": 14}, "
        "\"rule\": \"data/verbs.txt:812 MEET * WITH +\", \"sentence\": {\"start\": 0, \"end\": 40}}\n");
    free(s);
}

static void test_jsonl_nulls_flags_zone(void **state)
{
    (void)state;
    rl_doc doc;
    rl_event ev;
    demo_event(&ev, &doc);
    ev.date = 0;
    ev.plover = NULL;
    ev.mode = "";
    ev.context = "";
    ev.cameo = "010";
    ev.goldstein = -0.0;
    ev.has_target = 0;
    ev.flags = RL_EV_NEGATED | RL_EV_REPORTED | RL_EV_TITLE;
    ev.zone = RL_ZONE_HEADLINE;
    capture c;
    cap_open(&c);
    assert_int_equal(rl_write_event(c.f, RL_OUT_JSONL, &ev), RL_OK);
    char *s = cap_close(&c);
    assert_non_null(strstr(s, "\"date\": null, \"event\": null, \"mode\": \"\", \"context\": \"\""));
    assert_non_null(strstr(s, "\"goldstein\": 0.0,"));
    assert_non_null(strstr(s, "\"target\": null, \"trigger\""));
    assert_non_null(strstr(s, ", \"flags\": [\"negated\", \"reported\"], \"zone\": \"headline\", "
                              "\"sentence\": {"));
    json_error_t je;
    json_t *j = json_loads(s, 0, &je);
    assert_non_null(j);
    json_decref(j);
    free(s);
}

static void test_jsonl_escaping(void **state)
{
    (void)state;
    static const char nasty[] = "say \"hi\"\\ \n\t\r\x01\x1f caf\xc3\xa9 \xff\xfe end";
    rl_doc doc;
    rl_event ev;
    demo_event(&ev, &doc);
    doc.id = "id \"q\"";
    ev.source.span.text = nasty;
    ev.source.span.len = sizeof nasty - 1;
    ev.rule = "r\\1";
    capture c;
    cap_open(&c);
    assert_int_equal(rl_write_event(c.f, RL_OUT_JSONL, &ev), RL_OK);
    char *s = cap_close(&c);
    assert_non_null(strstr(s, "\"doc_id\": \"id \\\"q\\\"\""));
    assert_non_null(strstr(s, "{\"text\": \"say \\\"hi\\\"\\\\ \\n\\t\\r\\u0001\\u001f caf\xc3\xa9 "
                              "\\ufffd\\ufffd end\""));
    assert_non_null(strstr(s, "\"rule\": \"r\\\\1\""));
    /* one line, valid JSON, the string comes back as written (bad bytes aside) */
    assert_ptr_equal(strchr(s, '\n'), s + strlen(s) - 1);
    json_error_t je;
    json_t *j = json_loads(s, 0, &je);
    assert_non_null(j);
    const char *back = json_string_value(json_object_get(json_object_get(j, "source"), "text"));
    assert_string_equal(back, "say \"hi\"\\ \n\t\r\x01\x1f caf\xc3\xa9 \xef\xbf\xbd\xef\xbf\xbd end");
    json_decref(j);
    free(s);
}

static void test_jsonl_long_text(void **state)
{
    (void)state;
    size_t n = 300000;
    char *big = malloc(n);
    assert_non_null(big);
    for (size_t i = 0; i < n; i++)
        big[i] = (char)(i % 97 == 0 ? '"' : 'a' + (int)(i % 26));
    rl_doc doc;
    rl_event ev;
    demo_event(&ev, &doc);
    ev.source.span.text = big;
    ev.source.span.len = n;
    capture c;
    cap_open(&c);
    assert_int_equal(rl_write_event(c.f, RL_OUT_JSONL, &ev), RL_OK);
    char *s = cap_close(&c);
    json_error_t je;
    json_t *j = json_loads(s, 0, &je);
    assert_non_null(j);
    json_t *t = json_object_get(json_object_get(j, "source"), "text");
    assert_int_equal(json_string_length(t), n);
    assert_memory_equal(json_string_value(t), big, n);
    json_decref(j);
    free(s);
    free(big);
}

/* ---- TSV ---- */

static void test_tsv(void **state)
{
    (void)state;
    rl_doc doc;
    rl_event ev;
    demo_event(&ev, &doc);
    static const char trig[] = "met\twith\nhim";
    ev.trigger.text = trig;
    ev.trigger.len = sizeof trig - 1;
    capture c;
    cap_open(&c);
    rl_write_tsv_header(c.f);
    assert_int_equal(rl_write_event(c.f, RL_OUT_TSV, &ev), RL_OK);
    ev.has_target = 0;
    ev.goldstein = -10.0;
    ev.plover = NULL;
    assert_int_equal(rl_write_event(c.f, RL_OUT_TSV, &ev), RL_OK);
    char *s = cap_close(&c);
    assert_string_equal(s,
                        "#date\tsource\ttarget\tcameo\tquad\tgoldstein\tplover\tsource_text"
                        "\ttarget_text\ttrigger\tsent\tdoc_id\trule\n"
                        "20240409\tCHNGOV\tRUSGOV\t043\t1\t2.8\tCONSULT\tXi Jinping\tSergey Lavrov"
                        "\tmet with him\t3\tdoc-1\tdata/verbs.txt:812 MEET * WITH +\n"
                        "20240409\tCHNGOV\t\t043\t1\t-10.0\t\tXi Jinping\t"
                        "\tmet with him\t3\tdoc-1\tdata/verbs.txt:812 MEET * WITH +\n");
    free(s);
}

static void test_write_usage(void **state)
{
    (void)state;
    rl_doc doc;
    rl_event ev;
    demo_event(&ev, &doc);
    assert_int_equal(rl_write_event(NULL, RL_OUT_JSONL, &ev), RL_ERR_USAGE);
    assert_int_equal(rl_write_event(stdout, (rl_out_format)7, &ev), RL_ERR_USAGE);
    assert_int_equal(rl_write_event(stdout, RL_OUT_JSONL, NULL), RL_ERR_USAGE);
}

/* ---- CAMEO ---- */

static void test_cameo_known(void **state)
{
    (void)state;
    rl_cameo_info in;
    assert_int_equal(rl_cameo_lookup("043", &in), RL_OK);
    assert_string_equal(in.plover, "CONSULT");
    assert_string_equal(in.mode, "visit");
    assert_string_equal(in.context, "");
    assert_true(fabs(in.goldstein - 2.8) < 1e-9);
    assert_int_equal(in.quad, 1);
    assert_string_equal(in.label, "Host a visit");

    assert_int_equal(rl_cameo_lookup("190", &in), RL_OK);
    assert_string_equal(in.plover, "ASSAULT");
    assert_string_equal(in.context, "military");
    assert_true(fabs(in.goldstein + 10.0) < 1e-9);
    assert_int_equal(in.quad, 4);

    assert_int_equal(rl_cameo_lookup("0332", &in), RL_OK);
    assert_string_equal(in.plover, "AGREE");
    assert_string_equal(in.context, "military");
    assert_true(fabs(in.goldstein - 5.2) < 1e-9);
    assert_int_equal(in.quad, 1);

    assert_int_equal(rl_cameo_lookup("010", &in), RL_OK);
    assert_null(in.plover);
    assert_int_equal(in.quad, 1);
    assert_int_equal(rl_cameo_lookup("057", &in), RL_OK);
    assert_int_equal(in.quad, 2);
    assert_int_equal(rl_cameo_lookup("112", &in), RL_OK);
    assert_string_equal(in.plover, "ACCUSE");
    assert_int_equal(in.quad, 3);
    assert_int_equal(rl_cameo_lookup("091", &in), RL_OK);
    assert_string_equal(in.context, "crime;corruption");
    assert_int_equal(in.quad, 3);
}

static void test_cameo_fallback(void **state)
{
    (void)state;
    rl_cameo_info in;
    assert_int_equal(rl_cameo_lookup("174K", &in), RL_OK);
    assert_string_equal(in.plover, "COERCE");
    assert_string_equal(in.mode, "deport");
    assert_true(fabs(in.goldstein + 5.0) < 1e-9);
    assert_int_equal(in.quad, 4);
    assert_int_equal(rl_cameo_lookup("1727", &in), RL_OK); /* unknown leaf -> 172 */
    assert_string_equal(in.label, "Impose administrative sanctions, not specified below");
    assert_int_equal(rl_cameo_lookup("209", &in), RL_OK); /* -> root 20 */
    assert_string_equal(in.plover, "ASSAULT");
    assert_int_equal(rl_cameo_lookup("---", &in), RL_ERR_USAGE);
    assert_int_equal(rl_cameo_lookup("99", &in), RL_ERR_USAGE);
    assert_int_equal(rl_cameo_lookup("00", &in), RL_ERR_USAGE);
    assert_int_equal(rl_cameo_lookup("4", &in), RL_ERR_USAGE);
    assert_int_equal(rl_cameo_lookup("", &in), RL_ERR_USAGE);
    assert_int_equal(rl_cameo_lookup(NULL, &in), RL_ERR_USAGE);
}

/* Every row of data/cameo.tsv is what the lookup returns. */
static void test_cameo_tsv_rows(void **state)
{
    (void)state;
    FILE *f = fopen("data/cameo.tsv", "r");
    if (!f)
        skip();
    char line[1024];
    int rows = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        line[strcspn(line, "\n")] = '\0';
        char *fld[6] = {0};
        char *p = line;
        for (int i = 0; i < 6; i++) {
            fld[i] = p;
            char *t = strchr(p, '\t');
            if (t) {
                *t = '\0';
                p = t + 1;
            } else {
                p += strlen(p);
            }
        }
        rl_cameo_info in;
        assert_int_equal(rl_cameo_lookup(fld[0], &in), RL_OK);
        assert_string_equal(in.label, fld[1]);
        assert_true(fabs(in.goldstein - strtod(fld[2], NULL)) < 1e-9);
        assert_string_equal(in.plover ? in.plover : "", fld[3]);
        assert_string_equal(in.mode, fld[4]);
        assert_string_equal(in.context, fld[5]);
        rows++;
    }
    fclose(f);
    assert_true(rows > 300);
}

/* A generated header is exactly what its generator prints now: `header`
 * against the output of `cmd` (the fix is `fix`). */
static void check_generated(const char *header, const char *cmd, const char *fix)
{
    FILE *h = fopen(header, "r");
    if (!h)
        skip();
    FILE *g = popen(cmd, "r");
    assert_non_null(g);
    int a, b;
    long pos = 0;
    do {
        a = fgetc(h);
        b = fgetc(g);
        if (a != b)
            fail_msg("%s differs from its source at byte %ld: run %s", header, pos, fix);
        pos++;
    } while (a != EOF);
    fclose(h);
    assert_int_equal(pclose(g), 0);
}

/* src/country_table.h is what tools/gen-country-table.sh makes of
 * data/actors/countries.txt. */
static void test_country_header_current(void **state)
{
    (void)state;
    check_generated("src/country_table.h",
                    "sh tools/gen-country-table.sh data/actors/countries.txt",
                    "sh tools/gen-country-table.sh data/actors/countries.txt src/country_table.h");
}

/* src/cameo_table.h is exactly what tools/gen-cameo-table.sh makes of the TSV. */
static void test_cameo_header_current(void **state)
{
    (void)state;
    check_generated("src/cameo_table.h", "sh tools/gen-cameo-table.sh data/cameo.tsv",
                    "sh tools/gen-cameo-table.sh data/cameo.tsv src/cameo_table.h");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jsonl_exact),
        cmocka_unit_test(test_jsonl_nulls_flags_zone),
        cmocka_unit_test(test_jsonl_escaping),
        cmocka_unit_test(test_jsonl_long_text),
        cmocka_unit_test(test_tsv),
        cmocka_unit_test(test_write_usage),
        cmocka_unit_test(test_cameo_known),
        cmocka_unit_test(test_cameo_fallback),
        cmocka_unit_test(test_cameo_tsv_rows),
        cmocka_unit_test(test_cameo_header_current),
        cmocka_unit_test(test_country_header_current),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
