/*
 * test_dash.c - the dashboard's pieces without a server or a browser:
 * HTML escaping (html.c), parameter checks (dash_param.c), the SVG charts
 * (svg.c) and the pages rendered from the fixture store (dash.c), with
 * hostile text in every field the fixture could carry it.
 *
 * The store is built here from data/schema.sql and tests/dash/fixture.sql
 * with the SQLite library, so this test needs no sqlite3 command.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dash.h"
#include "date.h"
#include "html.h"
#include "svg.h"

/* ---- helpers ---- */

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    assert_non_null(m);
    char tmp[4096];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        fwrite(tmp, 1, n, m);
    fclose(f);
    fclose(m);
    return buf;
}

static char db_path[256];

/* The fixture store in a temporary file. */
static int make_store(void **state)
{
    (void)state;
    snprintf(db_path, sizeof db_path, "%s/redline-dash-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    int fd = mkstemp(db_path);
    if (fd < 0)
        return -1;
    close(fd);
    sqlite3 *db = NULL;
    if (sqlite3_open(db_path, &db) != SQLITE_OK)
        return -1;
    char *schema = read_file("data/schema.sql");
    /* @ID@ -> INTEGER PRIMARY KEY, as the SQLite backend does */
    size_t n = strlen(schema);
    char *sql = malloc(n * 4 + 1);
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        if (strncmp(schema + i, "@ID@", 4) == 0) {
            memcpy(sql + k, "INTEGER PRIMARY KEY", 19);
            k += 19;
            i += 4;
        } else {
            sql[k++] = schema[i++];
        }
    }
    sql[k] = '\0';
    char *fixture = read_file("tests/dash/fixture.sql");
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, fixture, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fprintf(stderr, "fixture: %s\n", msg);
    sqlite3_free(msg);
    sqlite3_close(db);
    free(schema);
    free(sql);
    free(fixture);
    return rc == SQLITE_OK ? 0 : -1;
}

static int remove_store(void **state)
{
    (void)state;
    unlink(db_path);
    return 0;
}

/* Render path?query through dash_handle; query is "k=v&k=v" (no
 * decoding: tests write values plainly). */
static dash_reply get(dash *d, const char *path, const char *query)
{
    dash_kv kv[DASH_MAX_PARAMS + 2];
    size_t n = 0;
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", query ? query : "");
    char *save = NULL;
    for (char *t = strtok_r(buf, "&", &save); t && n < DASH_MAX_PARAMS + 2;
         t = strtok_r(NULL, "&", &save)) {
        char *eq = strchr(t, '=');
        kv[n].key = t;
        kv[n].key_len = eq ? (size_t)(eq - t) : strlen(t);
        kv[n].value = eq ? eq + 1 : NULL;
        kv[n].value_len = eq ? strlen(eq + 1) : 0;
        n++;
    }
    dash_reply r;
    assert_int_equal(dash_handle(d, path, kv, n, &r), RL_OK);
    assert_non_null(r.body);
    assert_int_equal(strlen(r.body), r.len);
    return r;
}

static dash *open_dash(void)
{
    dash *d = NULL;
    rl_error err;
    rl_status st = dash_open(&d, db_path, 2, &err);
    if (st)
        fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(st, RL_OK);
    return d;
}

/* No element from outside text: the only "<script" would be ours, and we
 * write none; no attribute handler either. */
static void assert_no_markup_from_text(const char *html)
{
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "<img"));
    assert_null(strstr(html, "<b>bold"));
    assert_null(strstr(html, "href=\"javascript:"));
}

/* ---- html.c ---- */

static void test_html_escape(void **state)
{
    (void)state;
    html_buf b;
    html_init(&b, 1024);
    const char *hostile = "<script>alert('x')</script> & \"q\"";
    size_t cps = html_text(&b, hostile, strlen(hostile));
    assert_int_equal(cps, strlen(hostile));
    assert_string_equal(b.p, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
    html_free(&b);

    /* invalid UTF-8, NUL, C0 and C1 controls -> U+FFFD; tab/newline kept;
     * multi-byte letters counted as one code point each */
    html_init(&b, 1024);
    cps = html_text(&b, "a\xff" "b\0c\x01\t\n\xc2\x85Z\xc3\xbc", 13);
    assert_int_equal(cps, 11);
    assert_string_equal(b.p, "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xef\xbf\xbd\t\n\xef\xbf\xbdZ\xc3\xbc");
    html_free(&b);

    /* a truncated sequence at the end, an overlong form, a surrogate */
    html_init(&b, 1024);
    html_text(&b, "x\xe2\x82", 3);
    assert_string_equal(b.p, "x\xef\xbf\xbd\xef\xbf\xbd");
    html_free(&b);
    html_init(&b, 1024);
    html_text(&b, "\xc0\xbc\xed\xa0\x80", 5);
    assert_null(strchr(b.p, '<'));
    html_free(&b);
}

static void test_html_url_and_limit(void **state)
{
    (void)state;
    html_buf b;
    html_init(&b, 1024);
    const char *name = "Wang \"W\" <x>&y=é";
    html_url_part(&b, name, strlen(name));
    assert_string_equal(b.p, "Wang%20%22W%22%20%3Cx%3E%26y%3D%C3%A9");
    html_free(&b);

    html_init(&b, 16);
    html_puts(&b, "0123456789");
    assert_int_equal(b.failed, RL_OK);
    html_text(&b, "<<<<", 4); /* 16 bytes escaped: over the limit */
    assert_int_equal(b.failed, RL_ERR_TOOBIG);
    html_puts(&b, "x"); /* ignored once failed */
    size_t len = 0;
    assert_null(html_take(&b, &len));

    html_init(&b, 64);
    html_printf(&b, "%d-%s", 42, "x");
    char *s = html_take(&b, &len);
    assert_string_equal(s, "42-x");
    assert_int_equal(len, 4);
    free(s);
}

/* ---- dash_param.c ---- */

static rl_status parse1(const char *key, const char *value, unsigned allowed, dash_query *q,
                        rl_error *err)
{
    dash_kv kv = {key, value, strlen(key), value ? strlen(value) : 0};
    return dash_parse_query(&kv, 1, allowed, q, err);
}

static void test_params(void **state)
{
    (void)state;
    dash_query q;
    rl_error err;
    unsigned all = 0x1ff;
    assert_int_equal(parse1("a", "USA", all, &q, &err), RL_OK);
    assert_string_equal(q.a, "USA");
    assert_int_equal(parse1("from", "2024-02-29", all, &q, &err), RL_OK);
    assert_int_equal(q.from, 20240229);
    assert_int_equal(parse1("page", "3", all, &q, &err), RL_OK);
    assert_int_equal(q.page, 3);
    assert_int_equal(parse1("q", "Xi Jinping’s visit", all, &q, &err), RL_OK);
    assert_string_equal(q.q, "Xi Jinping’s visit");
    assert_int_equal(parse1("a", "", all, &q, &err), RL_OK); /* empty field: absent */
    assert_string_equal(q.a, "");
    assert_int_equal(parse1("id", "9007199254740991", all, &q, &err), RL_OK);

    static const char *const bad[][2] = {
        {"a", "usa"}, {"a", "US"}, {"a", "USAA"}, {"b", "U1A"}, {"country", "<sc"},
        {"from", "2023-02-29"}, {"from", "2024-13-01"}, {"to", "2024-1-01"},
        {"to", "20240101"}, {"page", "0"}, {"page", "-1"}, {"page", "1e3"},
        {"page", "100001"}, {"page", " 1"}, {"id", "9007199254740992"}, {"id", "0x10"},
        {"q", "a\x01" "b"}, {"q", "bad \xff utf8"}, {"speaker", "\xc0\xaf"},
        {"zzz", "1"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        rl_status st = parse1(bad[i][0], bad[i][1], all, &q, &err);
        if (st != RL_ERR_USAGE)
            fail_msg("%s=%s accepted", bad[i][0], bad[i][1]);
        assert_non_null(strstr(err.msg, "parameter"));
    }
    char longq[DASH_MAX_TEXT + 2];
    memset(longq, 'x', sizeof longq - 1);
    longq[sizeof longq - 1] = '\0';
    assert_int_equal(parse1("q", longq, all, &q, &err), RL_ERR_USAGE);
    longq[DASH_MAX_TEXT] = '\0';
    assert_int_equal(parse1("q", longq, all, &q, &err), RL_OK);

    /* a parameter the page does not take */
    assert_int_equal(parse1("q", "x", DASH_P_A | DASH_P_B, &q, &err), RL_ERR_USAGE);
    assert_non_null(strstr(err.msg, "takes no parameter 'q'"));
    /* an embedded NUL (percent-decoded %00) */
    dash_kv nul = {"q", "a\0b", 1, 3};
    assert_int_equal(dash_parse_query(&nul, 1, all, &q, &err), RL_ERR_USAGE);
    /* twice, from after to, too many */
    dash_kv two[2] = {{"a", "USA", 1, 3}, {"a", "CHN", 1, 3}};
    assert_int_equal(dash_parse_query(two, 2, all, &q, &err), RL_ERR_USAGE);
    assert_non_null(strstr(err.msg, "twice"));
    dash_kv range[2] = {{"from", "2024-05-01", 4, 10}, {"to", "2024-04-01", 2, 10}};
    assert_int_equal(dash_parse_query(range, 2, all, &q, &err), RL_ERR_USAGE);
    dash_kv many[DASH_MAX_PARAMS + 1];
    for (size_t i = 0; i < DASH_MAX_PARAMS + 1; i++)
        many[i] = (dash_kv){"a", "USA", 1, 3};
    assert_int_equal(dash_parse_query(many, DASH_MAX_PARAMS + 1, all, &q, &err), RL_ERR_USAGE);
    assert_non_null(strstr(err.msg, "too many"));
}

/* ---- svg.c ---- */

static void test_svg_dates(void **state)
{
    (void)state;
    assert_int_equal(date_days(19700101), 0);
    assert_int_equal(date_days(20000301), 11017);
    for (long d = -719000; d < 2900000; d += 997) /* years 1 to 9909 */
        assert_int_equal(date_days(date_from_days(d)), d);
    assert_int_equal(date_from_days(date_days(20240229) + 1), 20240301);
}

static void test_svg_charts(void **state)
{
    (void)state;
    html_buf b;
    html_init(&b, 1 << 20);
    svg_week w[3] = {{20240304, 2, 0}, {20240318, 0, 3}, {20240415, 1, 1}};
    svg_timeline(&b, w, 3);
    assert_int_equal(b.failed, RL_OK);
    assert_non_null(strstr(b.p, "<svg class=\"timeline\""));
    assert_non_null(strstr(b.p, "week of 2024-03-04: 2 cooperation"));
    assert_non_null(strstr(b.p, "week of 2024-03-18: 3 conflict"));
    assert_non_null(strstr(b.p, ">7 weeks<")); /* a continuous axis: gaps kept */
    /* two coop bars and two conflict bars, none for zero counts */
    size_t coop = 0, conflict = 0;
    for (const char *s = b.p; (s = strstr(s, "<rect class=\"")) != NULL; s++) {
        if (strncmp(s + 13, "coop", 4) == 0) coop++;
        if (strncmp(s + 13, "conflict", 8) == 0) conflict++;
    }
    assert_int_equal(coop, 2);
    assert_int_equal(conflict, 2);
    html_free(&b);

    html_init(&b, 1 << 20);
    svg_timeline(&b, NULL, 0);
    assert_non_null(strstr(b.p, "no events"));
    html_free(&b);

    /* network: the hostile code is escaped, not drawn as markup */
    svg_node nodes[3] = {{"USA", 5}, {"CHN", 7}, {"<a>", 1}};
    svg_edge edges[2] = {{"CHN", "USA", 5, -1.0}, {"<a>", "USA", 1, 9.0}};
    html_init(&b, 1 << 20);
    svg_network(&b, nodes, 3, edges, 2, NULL, NULL);
    assert_int_equal(b.failed, RL_OK);
    assert_non_null(strstr(b.p, "data-dyad=\"CHN-USA\""));
    assert_non_null(strstr(b.p, "CHN &#8211; USA: 5 events, mean Goldstein -1.0"));
    assert_null(strstr(b.p, "<a>"));
    assert_non_null(strstr(b.p, "&lt;a&gt;"));
    html_free(&b);

    /* more countries than are drawn: the caption says so */
    svg_node many[SVG_MAX_NODES + 5];
    for (int i = 0; i < SVG_MAX_NODES + 5; i++) {
        snprintf(many[i].code, sizeof many[i].code, "%c%c%c", 'A' + i / 26, 'A' + i % 26, 'X');
        many[i].events = i + 1;
    }
    html_init(&b, 1 << 20);
    svg_network(&b, many, SVG_MAX_NODES + 5, NULL, 0, NULL, NULL);
    assert_non_null(strstr(b.p, "5 less active countries not drawn"));
    assert_null(strstr(b.p, "data-country=\"AAX\"")); /* the least active */
    html_free(&b);
}

/* ---- dash.c over the fixture store ---- */

static void test_pages(void **state)
{
    (void)state;
    dash *d = open_dash();
    dash_reply r = get(d, "/", NULL);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "<svg class=\"network\""));
    assert_non_null(strstr(r.body, "data-dyad=\"CHN-USA\""));
    assert_non_null(strstr(r.body, "8 documents, 9 events, 9 mentions, 4 quotations, 1 alerts"));
    assert_non_null(strstr(r.body, "<a href=\"/dyad?a=CHN&amp;b=USA\">CHN &#8211; USA</a>"));
    assert_no_markup_from_text(r.body);
    free(r.body);
    r = get(d, "/", NULL); /* the second time from the connection's cache */
    assert_non_null(strstr(r.body, "data-dyad=\"RUS-UKR\""));
    free(r.body);

    r = get(d, "/dyad", "a=CHN&b=USA");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "5 events: 2 cooperation, 3 conflict"));
    assert_non_null(strstr(r.body, "<rect class=\"coop\""));
    assert_non_null(strstr(r.body, "week of 2024-04-15: 2 conflict"));
    /* the span after "Zürich" (a 2-byte letter) and "China’s" lands right */
    assert_non_null(strstr(r.body,
        "Officials in Zürich said <mark class=\"src\" title=\"source\">China</mark>’s envoy "
        "<mark class=\"trg\" title=\"trigger\">met</mark> "
        "<mark class=\"tgt\" title=\"target\">American diplomats</mark> on Monday."));
    free(r.body);
    r = get(d, "/dyad", "a=CHN&b=USA&from=2024-04-01&to=2024-04-30");
    assert_non_null(strstr(r.body, "2 events: 0 cooperation, 2 conflict"));
    free(r.body);

    r = get(d, "/events", "country=UKR");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body,
        "Protesters wrote &lt;script&gt;document.body.setAttribute(&#39;data-xss&#39;,&#39;1&#39;);"
        "alert(1)&lt;/script&gt; as <mark class=\"src\" title=\"source\">Ukraine</mark>"));
    assert_non_null(strstr(r.body, "<span class=\"doc\">&lt;img src=x onerror=alert(2)&gt;</span>"));
    assert_non_null(strstr(r.body, "(Evil &quot;Wire&quot; &lt;b&gt;bold&lt;/b&gt;)"));
    assert_non_null(strstr(r.body, "<code class=\"rule\">data/cameo.verbs.txt:"));
    assert_no_markup_from_text(r.body);
    free(r.body);

    r = get(d, "/event", "id=5");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "<mark class=\"src\" title=\"source\">Russian forces</mark> "
                                   "<mark class=\"trg\" title=\"trigger\">attacked</mark>"));
    free(r.body);

    r = get(d, "/quotes", NULL);
    assert_int_equal(r.status, 200);
    /* the most quoted speaker first */
    const char *wang = strstr(r.body, ">Wang Wenbin</a>");
    const char *blinken = strstr(r.body, ">Antony Blinken</a>");
    assert_non_null(wang);
    assert_non_null(blinken);
    assert_true(wang < blinken);
    assert_non_null(strstr(r.body, "href=\"/quotes?speaker=Wang%20Wenbin\""));
    assert_no_markup_from_text(r.body);
    free(r.body);
    r = get(d, "/quotes", "speaker=Antony Blinken");
    assert_non_null(strstr(r.body, "We will protect American workers"));
    assert_null(strstr(r.body, "Wang Wenbin"));
    free(r.body);

    /* search: LIKE's own characters are literal */
    r = get(d, "/search", "q=sanctions");
    assert_non_null(strstr(r.body, "<mark class=\"trg\" title=\"trigger\">imposed sanctions</mark>"));
    assert_non_null(strstr(r.body, "Sanctions only hurt ordinary people"));
    free(r.body);
    r = get(d, "/search", "q=%");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "No events."));
    free(r.body);
    r = get(d, "/search", "q=<script>");
    assert_non_null(strstr(r.body, "value=\"&lt;script&gt;\""));
    assert_no_markup_from_text(r.body);
    free(r.body);

    r = get(d, "/alerts", NULL);
    assert_non_null(strstr(r.body, "RUS-UKR escalation"));
    assert_non_null(strstr(r.body, "<a href=\"/event?id=5\">5</a>"));
    free(r.body);
    dash_close(d);
}

static void test_bad_requests(void **state)
{
    (void)state;
    dash *d = open_dash();
    static const char *const bad[][2] = {
        {"/dyad", "a=usa&b=CHN"}, {"/dyad", "a=USA"}, {"/events", "country=US"},
        {"/events", "page=0"}, {"/events", "from=2024-02-30"}, {"/event", NULL},
        {"/event", "id=abc"}, {"/", "q=x"}, {"/alerts", "page=1"}, {"/quotes", "speaker=\x01"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        dash_reply r = get(d, bad[i][0], bad[i][1]);
        if (r.status != 400)
            fail_msg("%s?%s: status %d", bad[i][0], bad[i][1] ? bad[i][1] : "", r.status);
        assert_non_null(strstr(r.body, "400 Bad Request"));
        free(r.body);
    }
    dash_reply r = get(d, "/event", "id=99");
    assert_int_equal(r.status, 404);
    free(r.body);
    r = get(d, "/etc/passwd", NULL);
    assert_int_equal(r.status, 404);
    free(r.body);
    /* the message quotes the bad key, escaped */
    r = get(d, "/", "<script>=1");
    assert_int_equal(r.status, 400);
    assert_non_null(strstr(r.body, "&lt;script&gt;"));
    assert_null(strstr(r.body, "<script"));
    free(r.body);
    dash_close(d);
}

static void test_report(void **state)
{
    (void)state;
    dash *d = open_dash();
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    rl_error err;
    assert_int_equal(dash_report(d, f, &err), RL_OK);
    fclose(f);
    assert_non_null(strstr(buf, "<svg class=\"network\""));
    assert_non_null(strstr(buf, "<a href=\"#dyad-CHN-USA\">"));
    assert_non_null(strstr(buf, "<section class=\"dyad\" id=\"dyad-CHN-USA\">"));
    assert_non_null(strstr(buf, "<rect class=\"conflict\""));
    assert_non_null(strstr(buf, ">Wang Wenbin <code>CHNGOV</code>"));
    assert_non_null(strstr(buf, "RUS-UKR escalation"));
    /* self-contained: no server links, nothing loaded from outside */
    assert_null(strstr(buf, "href=\"/"));
    assert_null(strstr(buf, "src=\""));
    assert_no_markup_from_text(buf);
    free(buf);
    dash_close(d);
}

static void test_open_errors(void **state)
{
    (void)state;
    dash *d = NULL;
    rl_error err;
    assert_int_equal(dash_open(&d, "/nonexistent/store.db", 1, &err), RL_ERR_IO);
    assert_non_null(strstr(err.msg, "/nonexistent/store.db: cannot open the database"));
    assert_null(d);
    /* a text file, and an SQLite file without our tables */
    assert_int_equal(dash_open(&d, "tests/dash/fixture.sql", 1, &err), RL_ERR_IO);
    assert_non_null(strstr(err.msg, "not a database"));
    char empty[sizeof db_path + 8];
    snprintf(empty, sizeof empty, "%s-empty", db_path);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(empty, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(dash_open(&d, empty, 1, &err), RL_ERR_IO);
    assert_non_null(strstr(err.msg, "not a redline store"));
    unlink(empty);
    assert_int_equal(dash_open(&d, db_path, 0, &err), RL_ERR_USAGE);
    /* the server refuses a bad port before opening anything */
    rl_serve_opts o;
    rl_serve_opts_init(&o);
    assert_string_equal(o.host, "127.0.0.1");
    assert_int_equal(o.port, 8080);
    o.db = db_path;
    o.port = 70000;
    rl_server *s = NULL;
    assert_int_equal(rl_server_start(&s, &o, &err), RL_ERR_USAGE);
    assert_null(s);
}

/* The store is never written: a page render leaves the file unchanged and
 * a read-only file serves. */
static void test_read_only(void **state)
{
    (void)state;
    char *before = read_file(db_path);
    dash *d = open_dash();
    dash_reply r = get(d, "/events", NULL);
    free(r.body);
    dash_close(d);
    char *after = read_file(db_path);
    assert_memory_equal(before, after, 100); /* header incl. change counter */
    free(before);
    free(after);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html_escape),
        cmocka_unit_test(test_html_url_and_limit),
        cmocka_unit_test(test_params),
        cmocka_unit_test(test_svg_dates),
        cmocka_unit_test(test_svg_charts),
        cmocka_unit_test(test_pages),
        cmocka_unit_test(test_bad_requests),
        cmocka_unit_test(test_report),
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_read_only),
    };
    return cmocka_run_group_tests(tests, make_store, remove_store);
}
