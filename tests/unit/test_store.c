/*
 * test_store.c - the event store's parts with tricky internals: SimHash
 * (copies near, unrelated texts far), the date arithmetic the dyad weeks
 * and watch windows use, the compiled-in schema against data/schema.sql,
 * the watch-rule parser (accepted forms, and file:line:col of errors),
 * and a store in SQLite memory: ingest, idempotence, replacement, counts.
 * Run from the repository root (tests/run-all.sh does).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "redline.h"
#include "store_int.h"
#include "date.h"

static const char wire[] =
    "Chinese President Xi Jinping met Russian President Vladimir Putin in Moscow on Tuesday, "
    "as the two leaders sought to show that their partnership remained strong despite pressure "
    "from Western governments. The talks in the Kremlin lasted more than four hours and covered "
    "trade, energy and security, according to officials on both sides. Putin told reporters "
    "that relations between the two countries were at their best point in history.";

static void test_simhash(void **state)
{
    (void)state;
    char copy[1024], other[1024];
    snprintf(copy, sizeof copy, "MOSCOW (Reuters) - %s Additional reporting by staff.", wire);
    snprintf(other, sizeof other,
             "Heavy rain closed schools across the coastal districts for a second day, and "
             "forecasters expect drier weather by the weekend. Farmers said the harvest of rice "
             "would be late this year. The ministry promised help for families who lost homes.");
    uint64_t a = simhash_text(wire, strlen(wire));
    uint64_t b = simhash_text(copy, strlen(copy));
    uint64_t c = simhash_text(other, strlen(other));
    assert_true(simhash_distance(a, b) <= 10);
    assert_true(simhash_distance(a, c) > 16);
    /* case and punctuation do not matter; words do */
    assert_int_equal(simhash_distance(simhash_text("China MET Russia.", 17),
                                      simhash_text("china met russia", 16)), 0);
    assert_int_equal(simhash_distance(0, UINT64_MAX), 64);
    assert_int_equal(simhash_text("", 0), 0);
}

static void test_dates(void **state)
{
    (void)state;
    assert_int_equal(date_days(19700101), 0);
    assert_int_equal(date_days(20240301) - date_days(20240228), 2); /* leap */
    assert_int_equal(date_from_days(date_days(20241231) + 1), 20250101);
    for (int d = 20231201; d < 20231232; d++)
        assert_int_equal(date_from_days(date_days(d)), d);
}

static void test_schema_in_sync(void **state)
{
    (void)state;
    FILE *f = fopen("data/schema.sql", "rb");
    assert_non_null(f);
    static char buf[65536];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* tools/gen-schema.sh > src/store_schema.c after editing data/schema.sql */
    assert_string_equal(store_schema_sql, buf);
}

static rl_watch *parse_ok(const char *text)
{
    rl_watch *w = NULL;
    rl_error err;
    rl_status st = rl_watch_parse(&w, text, strlen(text), "r.rules", &err);
    if (st != RL_OK)
        fail_msg("%s", err.msg);
    return w;
}

static void parse_fails(const char *text, const char *msg)
{
    rl_watch *w = NULL;
    rl_error err;
    assert_int_equal(rl_watch_parse(&w, text, strlen(text), "r.rules", &err), RL_ERR_PARSE);
    assert_null(w);
    assert_string_equal(err.msg, msg);
}

static void test_watch_parse(void **state)
{
    (void)state;
    rl_watch *w = parse_ok("# comment\n\n"
                           "alert \"a\" when CHN -> RUS type AID,COOPERATE count >= 3 per 7d\n"
                           "  alert \"b\" when USA <-> CHN type THREATEN   # trailing comment\n"
                           "alert \"c\" when * <- RUSMIL type 19,ASSAULT since 2024-01-31\n"
                           "alert \"d\" when CHNGOV -> * count >= 2 per 2w\n");
    assert_int_equal(rl_watch_rule_count(w), 4);
    rl_watch_free(w);
    w = parse_ok("");
    assert_int_equal(rl_watch_rule_count(w), 0);
    rl_watch_free(w);

    parse_fails("alert \"x\" when CHN -> RUS\nalert \"y\" when CHN => RUS\n",
                "r.rules:2:20: expected '->', '<-' or '<->' near '=>'");
    parse_fails("alrt \"x\" when CHN -> RUS\n", "r.rules:1:1: expected 'alert' near 'alrt'");
    parse_fails("alert x when CHN -> RUS\n",
                "r.rules:1:7: expected a quoted alert name near 'x'");
    parse_fails("alert \"x\" when chn -> RUS\n",
                "r.rules:1:16: expected an actor code (CHN, USAGOV) or '*' near 'chn'");
    parse_fails("alert \"x\" when CHN -> RUS type\n",
                "r.rules:1:31: expected a PLOVER type (AID, THREATEN...) or a CAMEO code at end of line");
    parse_fails("alert \"x\" when CHN -> RUS count >= 0 per 7d\n",
                "r.rules:1:36: expected a count of 1 or more near '0'");
    parse_fails("alert \"x\" when CHN -> RUS count > 3 per 7d\n",
                "r.rules:1:33: expected '>=' near '>'");
    parse_fails("alert \"x\" when CHN -> RUS since 2024-13-01\n",
                "r.rules:1:33: expected a date YYYY-MM-DD near '2024'");
    parse_fails("alert \"x\" when CHN -> RUS type AID type AID\n",
                "r.rules:1:36: clause given twice near 'type'");
    parse_fails("alert \"\" when CHN -> RUS\n", "r.rules:1:7: empty alert name near '\"\"'");
    parse_fails("alert \"x\" when CHN -> RUS\n\nalert \"x\" when CHN -> RUS \001\n",
                "r.rules:3:27: expected 'type', 'count' or 'since' near '?'");
}

/* A store in SQLite memory with the default dictionaries. */
static void test_store_memory(void **state)
{
    (void)state;
    rl_error err;
    rl_dict *d = NULL;
    rl_coder *c = NULL;
    rl_store *s = NULL;
    if (rl_dict_load_dir(&d, "data", 0, &err) != RL_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(rl_coder_new(&c, d, NULL, &err), RL_OK);
    assert_int_equal(rl_store_open(&s, ":memory:", &err), RL_OK);
    rl_store_set_batch(s, 1);

    rl_doc doc;
    memset(&doc, 0, sizeof doc);
    doc.id = "m-1";
    doc.date = 20240304;
    doc.text = "China sent military aid to Russia.";
    doc.text_len = strlen(doc.text);
    doc.source = "Test Wire";
    rl_ingest_info info;
    assert_int_equal(rl_store_ingest(s, c, &doc, &info, &err), RL_OK);
    assert_int_equal(info.outcome, RL_INGEST_ADDED);
    assert_int_equal(info.events, 1);
    assert_int_equal(rl_store_ingest(s, c, &doc, &info, &err), RL_OK);
    assert_int_equal(info.outcome, RL_INGEST_UNCHANGED);

    doc.text = "Russia accused China of dumping steel.";
    doc.text_len = strlen(doc.text);
    assert_int_equal(rl_store_ingest(s, c, &doc, &info, &err), RL_OK);
    assert_int_equal(info.outcome, RL_INGEST_REPLACED);
    assert_int_equal(rl_store_commit(s, &err), RL_OK);

    rl_store_counts n;
    assert_int_equal(rl_store_counts_get(s, &n, &err), RL_OK);
    assert_int_equal(n.documents, 1);
    assert_int_equal(n.events, 1);
    assert_int_equal(n.mentions, 1);
    assert_int_equal(n.stories, 1);
    assert_int_equal(n.half_documents, 0);

    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_int_equal(rl_query_dyad(s, "CHN", "RUS", RL_PERIOD_MONTH, 0, 0, RL_TABLE_CSV, out,
                                   &err), RL_OK);
    fclose(out);
    assert_non_null(strstr(buf, "2024-03,2024-03-01,RUS,CHN,1,0,0,1,0,-2,-2,1\n"));
    assert_non_null(strstr(buf, "2024-03,2024-03-01,CHN,RUS,0,0,0,0,0,0,,0\n"));
    free(buf);

    rl_store_close(s);
    rl_coder_free(c);
    rl_dict_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simhash),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_schema_in_sync),
        cmocka_unit_test(test_watch_parse),
        cmocka_unit_test(test_store_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
