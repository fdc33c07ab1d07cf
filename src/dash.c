/*
 * dash.c - the dashboard's pages and the report file, rendered from a
 * redline store opened read-only (dash.h).
 *
 * Rules this file keeps: SQL text is fixed (absent filters are bound as
 * NULL and skipped with "?N IS NULL OR ..."), every value goes in through
 * sqlite3_bind_*; every value that comes out of the database reaches the
 * page through html_text() or as a number; a link to an article's URL is
 * only made for http and https URLs.  Query parameters arrive already
 * checked (dash_param.c).  It must not write to the database or know about
 * HTTP beyond the status code of a reply.
 */
#include "dash.h"
#include "svg.h"
#include "date.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DASH_MAX_CONNS 64
#define DASH_MAX_EDGES 4000    /* dyads read for the network */
#define DASH_MAX_WEEKS 100000  /* weeks read for a timeline */
#define DASH_TOP_DYADS 20      /* rows of the top dyads table */
#define DASH_REPORT_DYADS 12   /* dyads with their own section in a report */
#define DASH_REPORT_EVENTS 200 /* latest events in a report */
#define DASH_MAX_QUOTES 200    /* quotations on one page */
#define DASH_MAX_ALERTS 200

typedef struct net {
    svg_node *nodes;
    size_t n_nodes;
    svg_edge *edges;
    size_t n_edges;
} net;

/* The whole network (no date filter) of one connection, kept until the
 * database changes: PRAGMA data_version tells when another connection
 * (redline ingest, watch) committed since. */
typedef struct net_cache {
    int valid;
    long long version;
    net n;
} net_cache;

struct dash {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    sqlite3 *conn[DASH_MAX_CONNS];
    unsigned char busy[DASH_MAX_CONNS];
    net_cache cache[DASH_MAX_CONNS];
    size_t n_conns;
    int has_quotes, has_alerts;
};

/* ---- connections --------------------------------------------------------- */

static int dash_has_table(sqlite3 *db, const char *name)
{
    sqlite3_stmt *st = NULL;
    int found = 0;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        found = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    return found;
}

rl_status dash_open(dash **out, const char *db_path, size_t n_conns, rl_error *err)
{
    *out = NULL;
    if (n_conns < 1 || n_conns > DASH_MAX_CONNS)
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "connections must be 1..%d",
                       DASH_MAX_CONNS);
    dash *d = calloc(1, sizeof *d);
    if (d == NULL)
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    pthread_mutex_init(&d->mu, NULL);
    pthread_cond_init(&d->cv, NULL);
    rl_status st = RL_OK;
    for (size_t i = 0; i < n_conns && st == RL_OK; i++) {
        sqlite3 *db = NULL;
        int rc = sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
        if (rc != SQLITE_OK) {
            st = err_set(err, RL_ERR_IO, db_path, 0, 0, "cannot open the database: %s",
                         db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
            sqlite3_close(db);
            break;
        }
        d->conn[d->n_conns++] = db;
        /* a writer (redline ingest, watch) may hold a lock for a moment */
        sqlite3_busy_timeout(db, 2000);
        if (i == 0) {
            if (!dash_has_table(db, "events") || !dash_has_table(db, "mentions") ||
                !dash_has_table(db, "documents")) {
                /* distinguishes "not SQLite at all" from "not our tables" */
                int rc2 = sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
                st = err_set(err, RL_ERR_IO, db_path, 0, 0, "%s",
                             rc2 != SQLITE_OK ? sqlite3_errmsg(db)
                                              : "not a redline store (no events, mentions or "
                                                "documents table; create one with redline ingest)");
            }
            d->has_quotes = dash_has_table(db, "quotes");
            d->has_alerts = dash_has_table(db, "alerts");
        }
    }
    if (st != RL_OK) {
        dash_close(d);
        return st;
    }
    *out = d;
    return RL_OK;
}

void dash_close(dash *d)
{
    if (d == NULL)
        return;
    for (size_t i = 0; i < d->n_conns; i++) {
        sqlite3_close(d->conn[i]);
        free(d->cache[i].n.nodes);
        free(d->cache[i].n.edges);
    }
    pthread_cond_destroy(&d->cv);
    pthread_mutex_destroy(&d->mu);
    free(d);
}

static size_t dash_acquire(dash *d)
{
    pthread_mutex_lock(&d->mu);
    for (;;) {
        for (size_t i = 0; i < d->n_conns; i++) {
            if (!d->busy[i]) {
                d->busy[i] = 1;
                pthread_mutex_unlock(&d->mu);
                return i;
            }
        }
        pthread_cond_wait(&d->cv, &d->mu);
    }
}

static void dash_release(dash *d, size_t i)
{
    pthread_mutex_lock(&d->mu);
    d->busy[i] = 0;
    pthread_cond_signal(&d->cv);
    pthread_mutex_unlock(&d->mu);
}

/* ---- one page being rendered -------------------------------------------- */

typedef struct page {
    html_buf *b;
    sqlite3 *db;
    dash *d;
    size_t conn;         /* index of db in the pool */
    int report;          /* links are anchors of one file */
    int sql_failed;
    char sql_msg[256];
    /* dyads with a section of their own in a report (a "AAA-BBB" each) */
    char report_dyads[DASH_REPORT_DYADS][8];
    size_t n_report_dyads;
} page;

static sqlite3_stmt *pg_prepare(page *p, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (p->sql_failed)
        return NULL;
    if (sqlite3_prepare_v2(p->db, sql, -1, &st, NULL) != SQLITE_OK) {
        p->sql_failed = 1;
        snprintf(p->sql_msg, sizeof p->sql_msg, "%s", sqlite3_errmsg(p->db));
        sqlite3_finalize(st);
        return NULL;
    }
    return st;
}

/* 1 for a row, 0 at the end or on an error (recorded). */
static int pg_row(page *p, sqlite3_stmt *st)
{
    if (st == NULL || p->b->failed != RL_OK)
        return 0;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc != SQLITE_DONE && !p->sql_failed) {
        p->sql_failed = 1;
        snprintf(p->sql_msg, sizeof p->sql_msg, "%s", sqlite3_errmsg(p->db));
    }
    return 0;
}

/* Column text escaped into the page. */
static void pg_col(page *p, sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    if (s)
        html_text(p->b, s, (size_t)sqlite3_column_bytes(st, i));
}

static const char *col_str(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return s ? s : "";
}

static void bind_country(sqlite3_stmt *st, int i, const char *c)
{
    if (st && c[0])
        sqlite3_bind_text(st, i, c, -1, SQLITE_TRANSIENT);
}

static void bind_date(sqlite3_stmt *st, int i, int date)
{
    if (st && date)
        sqlite3_bind_int(st, i, date);
}

static int is_country(const char *s)
{
    return strlen(s) == 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' &&
           s[2] >= 'A' && s[2] <= 'Z';
}

static void put_date(html_buf *b, long long d)
{
    if (d <= 0 || d > 99991231)
        html_puts(b, "date unknown");
    else
        html_printf(b, "%04lld-%02lld-%02lld", d / 10000, (d / 100) % 100, d % 100);
}

/* A query string parameter: "&name=value" (value percent-encoded). */
static void put_param(html_buf *b, int *first, const char *name, const char *value)
{
    if (value == NULL || value[0] == '\0')
        return;
    html_puts(b, *first ? "?" : "&amp;");
    *first = 0;
    html_puts(b, name);
    html_puts(b, "=");
    html_url_part(b, value, strlen(value));
}

static void put_date_param(html_buf *b, int *first, const char *name, int date)
{
    char s[16];
    if (date <= 0)
        return;
    snprintf(s, sizeof s, "%04d-%02d-%02d", date / 10000, (date / 100) % 100, date % 100);
    put_param(b, first, name, s);
}

/* The link to an article: only http(s) URLs become links. */
static void put_doc_link(page *p, sqlite3_stmt *st, int i_key, int i_url, int i_source)
{
    const char *url = col_str(st, i_url);
    int ok = strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0;
    if (ok) {
        html_puts(p->b, "<a class=\"doc\" rel=\"noopener noreferrer\" href=\"");
        pg_col(p, st, i_url);
        html_puts(p->b, "\">");
    } else {
        html_puts(p->b, "<span class=\"doc\">");
    }
    pg_col(p, st, i_key);
    html_puts(p->b, ok ? "</a>" : "</span>");
    if (col_str(st, i_source)[0]) {
        html_puts(p->b, " (");
        pg_col(p, st, i_source);
        html_puts(p->b, ")");
    }
}

static void put_goldstein(html_buf *b, double g)
{
    html_printf(b, "<span class=\"g %s\">%+.1f</span>", g < 0 ? "neg" : g > 0 ? "pos" : "zero",
                g);
}

/* Internal link: a server path with parameters, or nothing in a report
 * (returns 0: the caller writes plain text instead). */
static int link_dyad(page *p, const char *a, const char *b)
{
    if (!is_country(a) || !is_country(b))
        return 0;
    if (p->report) {
        char key[8];
        snprintf(key, sizeof key, "%s-%s", a, b);
        for (size_t i = 0; i < p->n_report_dyads; i++) {
            if (strcmp(p->report_dyads[i], key) == 0) {
                html_printf(p->b, "<a href=\"#dyad-%s\">", key);
                return 1;
            }
        }
        return 0;
    }
    html_printf(p->b, "<a href=\"/dyad?a=%s&amp;b=%s\">", a, b);
    return 1;
}

static void svg_link(html_buf *b, const char *a, const char *c, void *ud)
{
    page *p = ud;
    html_buf *keep = p->b;
    p->b = b;
    (void)link_dyad(p, a, c);
    p->b = keep;
}

/* ---- page frame ------------------------------------------------------------ */

static const char dash_css[] =
    "body{font-family:system-ui,sans-serif;margin:0;color:#222;background:#fafafa}"
    "header{background:#8b1a1a;color:#fff;padding:.5em 1em;display:flex;gap:1.5em;"
    "align-items:center;flex-wrap:wrap}"
    "header a{color:#fff;text-decoration:none;font-weight:600}"
    "header .brand{font-size:1.3em}"
    "main{padding:1em 1.5em;max-width:1100px}"
    "h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}"
    "table{border-collapse:collapse}td,th{padding:.2em .6em;border-bottom:1px solid #ddd;"
    "text-align:left}"
    "article.event,div.quote{background:#fff;border:1px solid #ddd;border-radius:4px;"
    "padding:.5em .8em;margin:.6em 0}"
    ".meta,.prov{font-size:.85em;color:#555}"
    ".sentence{margin:.35em 0;line-height:1.5}"
    "mark.src{background:#cde3ff}mark.trg{background:#ffe08a;font-weight:600}"
    "mark.tgt{background:#ffd0d0}"
    ".g.neg{color:#b00}.g.pos{color:#14a}"
    "blockquote{margin:.3em 0 .3em 1em;font-style:italic}"
    "svg{max-width:100%;height:auto;background:#fff;border:1px solid #ddd}"
    "code{font-size:.9em}.err{color:#b00}"
    "form.inline{display:inline}";

static void page_begin(page *p, const char *title)
{
    html_buf *b = p->b;
    html_puts(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                 "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                 "style-src 'unsafe-inline'; img-src data:; form-action 'self'; "
                 "base-uri 'none'\">\n"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                 "<title>redline: ");
    html_texts(b, title);
    html_puts(b, "</title>\n<style>");
    html_puts(b, dash_css);
    html_puts(b, "</style></head>\n<body>\n<header><span class=\"brand\">redline</span>");
    if (p->report) {
        html_puts(b, "<a href=\"#network\">Network</a><a href=\"#dyads\">Dyads</a>"
                     "<a href=\"#events\">Events</a><a href=\"#quotes\">Quotations</a>"
                     "<a href=\"#alerts\">Alerts</a>");
    } else {
        html_puts(b, "<a href=\"/\">Network</a><a href=\"/dyad\">Dyads</a>"
                     "<a href=\"/events\">Events</a><a href=\"/quotes\">Quotations</a>"
                     "<a href=\"/alerts\">Alerts</a>"
                     "<form class=\"inline\" action=\"/search\" method=\"get\" role=\"search\">"
                     "<input name=\"q\" maxlength=\"200\" placeholder=\"search sentences, "
                     "quotations\" aria-label=\"search\"> <button>Search</button></form>");
    }
    html_puts(b, "</header>\n<main>\n");
}

static void page_end(page *p)
{
    html_puts(p->b, "</main>\n<footer class=\"meta\" style=\"padding:1em 1.5em\">"
                    "redline " RL_VERSION ": coded events; spans highlighted are "
                    "<mark class=\"src\">source</mark> <mark class=\"trg\">trigger</mark> "
                    "<mark class=\"tgt\">target</mark>.</footer>\n</body></html>\n");
}

/* ---- the event list ------------------------------------------------------- */

/* Filters of the event list; zero/empty members are not applied. */
typedef struct ev_filter {
    char a[4], b[4];    /* dyad, both directions */
    char country[4];    /* either side */
    int from, to;
    long long event_id;
    const char *like;   /* LIKE pattern on the sentence and actor names */
} ev_filter;

/* The event list's statement: a fixed text, plus a fixed condition for
 * each filter that is set (so SQLite can use the index for it); values
 * always go in as bound parameters ?1..?9. */
static const char ev_sql_select[] =
    "SELECT m.id, e.id, e.date, e.src_code, e.tgt_code, e.src_country, e.tgt_country,"
    " e.cameo, e.quad, e.goldstein, m.flags, m.zone,"
    " m.src_start, m.src_end, m.tgt_start, m.tgt_end, m.trigger_start, m.trigger_end,"
    " m.rule, s.start_cp, s.text, d.doc_key, d.url, d.source, m.src_text, m.tgt_text,"
    " m.trigger_text"
    /* CROSS JOIN keeps events the outer loop: read newest first through
     * events_date, so LIMIT stops early instead of sorting every mention */
    " FROM events e CROSS JOIN mentions m ON m.event_id = e.id"
    " JOIN documents d ON d.id = m.doc_id"
    " LEFT JOIN sentences s ON s.doc_id = m.doc_id AND s.sent = m.sent"
    " WHERE 1";
static const char ev_sql_dyad[] =
    " AND ((e.src_country = ?1 AND e.tgt_country = ?2)"
    "   OR (e.src_country = ?2 AND e.tgt_country = ?1))";
static const char ev_sql_country[] = " AND (e.src_country = ?3 OR e.tgt_country = ?3)";
static const char ev_sql_from[] = " AND e.date >= ?4";
static const char ev_sql_to[] = " AND e.date <= ?5";
static const char ev_sql_id[] = " AND e.id = ?6";
static const char ev_sql_like[] =
    " AND (s.text LIKE ?7 ESCAPE '\\' OR e.src_name LIKE ?7 ESCAPE '\\'"
    "      OR e.tgt_name LIKE ?7 ESCAPE '\\')";
static const char ev_sql_order[] =
    " ORDER BY e.date DESC, e.id DESC, m.id DESC LIMIT ?8 OFFSET ?9";

enum { HL_NONE = 0, HL_TGT, HL_SRC, HL_TRG };

static int in_span(long long i, sqlite3_stmt *st, int col)
{
    if (sqlite3_column_type(st, col) == SQLITE_NULL ||
        sqlite3_column_type(st, col + 1) == SQLITE_NULL)
        return 0;
    return i >= sqlite3_column_int64(st, col) && i < sqlite3_column_int64(st, col + 1);
}

/* The sentence with the source, trigger and target spans marked.  Spans
 * are code points into the document; the sentence starts at s.start_cp.
 * Where spans overlap the trigger wins, then the source. */
static void put_highlighted(page *p, sqlite3_stmt *st)
{
    static const char *const open[] = {
        "", "<mark class=\"tgt\" title=\"target\">", "<mark class=\"src\" title=\"source\">",
        "<mark class=\"trg\" title=\"trigger\">"};
    const char *s = (const char *)sqlite3_column_text(st, 20);
    if (s == NULL) {
        html_puts(p->b, "<em>(sentence not stored)</em>");
        return;
    }
    size_t n = (size_t)sqlite3_column_bytes(st, 20);
    long long cp = sqlite3_column_int64(st, 19);
    size_t i = 0, run = 0;
    int cls = HL_NONE;
    while (i < n) {
        int c = HL_NONE;
        if (in_span(cp, st, 16)) c = HL_TRG;
        else if (in_span(cp, st, 12)) c = HL_SRC;
        else if (in_span(cp, st, 14)) c = HL_TGT;
        if (c != cls) {
            html_text(p->b, s + run, i - run);
            if (cls != HL_NONE)
                html_puts(p->b, "</mark>");
            html_puts(p->b, open[c]);
            cls = c;
            run = i;
        }
        int ch = 0;
        i += html_utf8_next(s + i, n - i, &ch);
        cp++;
    }
    html_text(p->b, s + run, n - run);
    if (cls != HL_NONE)
        html_puts(p->b, "</mark>");
}

static void put_flags(html_buf *b, long long flags)
{
    static const char *const names[] = {"negated", "hypothetical", "future", "reported",
                                        "title"};
    for (int i = 0; i < 5; i++)
        if (flags & (1LL << i))
            html_printf(b, " <span class=\"flag\">%s</span>", names[i]);
}

static void put_actor(page *p, sqlite3_stmt *st, int i_code, int i_text)
{
    html_puts(p->b, "<b>");
    pg_col(p, st, i_code);
    html_puts(p->b, "</b>");
    if (col_str(st, i_text)[0]) {
        html_puts(p->b, " (");
        pg_col(p, st, i_text);
        html_puts(p->b, ")");
    }
}

/* Up to `limit` mentions matching `f`, skipping `offset`; returns how many
 * were written, and sets *more when there are further ones. */
static long pg_events(page *p, const ev_filter *f, long limit, long offset, int *more)
{
    char sql[sizeof ev_sql_select + sizeof ev_sql_dyad + sizeof ev_sql_country +
             sizeof ev_sql_from + sizeof ev_sql_to + sizeof ev_sql_id + sizeof ev_sql_like +
             sizeof ev_sql_order];
    int dyad = f->a[0] && f->b[0];
    snprintf(sql, sizeof sql, "%s%s%s%s%s%s%s%s", ev_sql_select, dyad ? ev_sql_dyad : "",
             f->country[0] ? ev_sql_country : "", f->from ? ev_sql_from : "",
             f->to ? ev_sql_to : "", f->event_id ? ev_sql_id : "",
             f->like ? ev_sql_like : "", ev_sql_order);
    sqlite3_stmt *st = pg_prepare(p, sql);
    if (st == NULL)
        return 0;
    if (dyad) {
        bind_country(st, 1, f->a);
        bind_country(st, 2, f->b);
    }
    bind_country(st, 3, f->country);
    bind_date(st, 4, f->from);
    bind_date(st, 5, f->to);
    if (f->event_id)
        sqlite3_bind_int64(st, 6, f->event_id);
    if (f->like)
        sqlite3_bind_text(st, 7, f->like, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 8, limit + 1);
    sqlite3_bind_int64(st, 9, offset);
    long n = 0;
    *more = 0;
    while (pg_row(p, st)) {
        if (n == limit) {
            *more = 1;
            break;
        }
        n++;
        html_buf *b = p->b;
        long long mid = sqlite3_column_int64(st, 0), eid = sqlite3_column_int64(st, 1);
        html_printf(b, "<article class=\"event\" id=\"m%lld\">\n<div class=\"meta\">", mid);
        put_date(b, sqlite3_column_int64(st, 2));
        html_puts(b, " &middot; ");
        put_actor(p, st, 3, 24);
        html_puts(b, " &rarr; ");
        if (col_str(st, 4)[0])
            put_actor(p, st, 4, 25);
        else
            html_puts(b, "<i>no target</i>");
        const char *cameo = col_str(st, 7);
        rl_cameo_info info;
        html_puts(b, " &middot; CAMEO <code>");
        pg_col(p, st, 7);
        html_puts(b, "</code>");
        if (rl_cameo_lookup(cameo, &info) == RL_OK && info.label) {
            html_puts(b, " ");
            html_texts(b, info.label);
        }
        html_printf(b, " &middot; quad %d &middot; Goldstein ", sqlite3_column_int(st, 8));
        put_goldstein(b, sqlite3_column_double(st, 9));
        put_flags(b, sqlite3_column_int64(st, 10));
        if (!p->report) {
            html_printf(b, " &middot; <a href=\"/event?id=%lld\">event %lld</a>", eid, eid);
            html_puts(b, " &middot; ");
            if (link_dyad(p, col_str(st, 5), col_str(st, 6)))
                html_puts(b, "dyad</a>");
        } else {
            html_printf(b, " &middot; event %lld", eid);
        }
        html_puts(b, "</div>\n<p class=\"sentence\">");
        put_highlighted(p, st);
        html_puts(b, "</p>\n<div class=\"prov\">trigger <q>");
        pg_col(p, st, 26);
        html_puts(b, "</q> &middot; rule <code class=\"rule\">");
        pg_col(p, st, 18);
        html_puts(b, "</code> &middot; ");
        pg_col(p, st, 11);
        html_puts(b, " of ");
        put_doc_link(p, st, 21, 22, 23);
        html_puts(b, "</div>\n</article>\n");
    }
    sqlite3_finalize(st);
    if (n == 0 && !p->sql_failed)
        html_puts(p->b, "<p class=\"none\">No events.</p>\n");
    return n;
}

/* "Next page" / "previous page" links of a list page. */
static void put_pager(page *p, const char *path, const dash_query *q, int more)
{
    if (p->report || (q->page <= 1 && !more))
        return;
    html_puts(p->b, "<p class=\"pager\">");
    for (int dir = -1; dir <= 1; dir += 2) {
        long to = q->page + dir;
        if ((dir < 0 && to < 1) || (dir > 0 && (!more || to > DASH_MAX_PAGE)))
            continue;
        int first = 1;
        char num[24];
        snprintf(num, sizeof num, "%ld", to);
        html_printf(p->b, "<a href=\"%s", path);
        put_param(p->b, &first, "a", q->a);
        put_param(p->b, &first, "b", q->b);
        put_param(p->b, &first, "country", q->country);
        put_date_param(p->b, &first, "from", q->from);
        put_date_param(p->b, &first, "to", q->to);
        put_param(p->b, &first, "q", q->q);
        put_param(p->b, &first, "speaker", q->speaker);
        put_param(p->b, &first, "page", num);
        html_puts(p->b, dir < 0 ? "\">&larr; newer</a> " : "\">older &rarr;</a>");
    }
    html_puts(p->b, "</p>\n");
}

/* ---- the network and the dyads -------------------------------------------- */


static void net_free(net *n)
{
    free(n->nodes);
    free(n->edges);
    memset(n, 0, sizeof *n);
}

/* The dyads between countries (both directions together), most events
 * first, and each country's total.  0, or -1 out of memory. */
static int net_load(page *p, int from, int to, net *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = pg_prepare(p,
        "SELECT min(src_country, tgt_country), max(src_country, tgt_country), count(*),"
        " avg(goldstein) FROM events"
        " WHERE tgt_country <> '' AND src_country <> tgt_country"
        " AND (?1 IS NULL OR date >= ?1) AND (?2 IS NULL OR date <= ?2)"
        " GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT ?3");
    if (st == NULL)
        return 0;
    bind_date(st, 1, from);
    bind_date(st, 2, to);
    sqlite3_bind_int(st, 3, DASH_MAX_EDGES);
    out->edges = malloc(DASH_MAX_EDGES * sizeof *out->edges);
    out->nodes = malloc(2 * DASH_MAX_EDGES * sizeof *out->nodes);
    if (!out->edges || !out->nodes) {
        sqlite3_finalize(st);
        net_free(out);
        return -1;
    }
    while (pg_row(p, st) && out->n_edges < DASH_MAX_EDGES) {
        const char *a = col_str(st, 0), *b = col_str(st, 1);
        if (!is_country(a) || !is_country(b))
            continue; /* not a country code: not drawn */
        svg_edge *e = &out->edges[out->n_edges++];
        memcpy(e->a, a, 4);
        memcpy(e->b, b, 4);
        e->events = (long)sqlite3_column_int64(st, 2);
        e->goldstein = sqlite3_column_double(st, 3);
        for (int k = 0; k < 2; k++) {
            const char *c = k ? e->b : e->a;
            size_t i = 0;
            while (i < out->n_nodes && strcmp(out->nodes[i].code, c) != 0)
                i++;
            if (i == out->n_nodes) {
                memcpy(out->nodes[i].code, c, 4);
                out->nodes[i].events = 0;
                out->n_nodes++;
            }
            out->nodes[i].events += e->events;
        }
    }
    sqlite3_finalize(st);
    return 0;
}

/* The data version of the page's connection; -1 when it cannot be read. */
static long long pg_data_version(page *p)
{
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_prepare_v2(p->db, "PRAGMA data_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* net_load, from the connection's cache when there is no date filter and
 * the database has not changed.  *owned says whether the caller frees *out
 * (net_free) or must leave it to the cache. */
static int net_get(page *p, int from, int to, net *out, int *owned)
{
    *owned = 1;
    if (from || to || p->report)
        return net_load(p, from, to, out);
    net_cache *c = &p->d->cache[p->conn];
    long long v = pg_data_version(p);
    if (c->valid && v >= 0 && v == c->version) {
        *out = c->n;
        *owned = 0;
        return 0;
    }
    net fresh;
    if (net_load(p, 0, 0, &fresh) != 0)
        return -1;
    if (p->sql_failed || v < 0) {
        *out = fresh;
        return 0;
    }
    net_free(&c->n);
    c->n = fresh;
    c->version = v;
    c->valid = 1;
    *out = c->n;
    *owned = 0;
    return 0;
}

static void put_dyad_table(page *p, const net *n, size_t max)
{
    if (n->n_edges == 0)
        return;
    html_puts(p->b, "<table class=\"dyads\"><tr><th>dyad</th><th>events</th>"
                    "<th>mean Goldstein</th></tr>\n");
    for (size_t i = 0; i < n->n_edges && i < max; i++) {
        const svg_edge *e = &n->edges[i];
        html_puts(p->b, "<tr><td>");
        int linked = link_dyad(p, e->a, e->b);
        html_printf(p->b, "%s &#8211; %s%s</td><td>%ld</td><td>", e->a, e->b,
                    linked ? "</a>" : "", e->events);
        put_goldstein(p->b, e->goldstein);
        html_puts(p->b, "</td></tr>\n");
    }
    html_puts(p->b, "</table>\n");
}

/* Weekly cooperation/conflict counts of dyad a-b. */
static int pg_timeline(page *p, const char *a, const char *b, int from, int to)
{
    sqlite3_stmt *st = pg_prepare(p,
        "SELECT date, quad, count(*) FROM events"
        " WHERE ((src_country = ?1 AND tgt_country = ?2)"
        "     OR (src_country = ?2 AND tgt_country = ?1))"
        " AND date > 0 AND (?3 IS NULL OR date >= ?3) AND (?4 IS NULL OR date <= ?4)"
        " GROUP BY 1, 2 ORDER BY 1");
    if (st == NULL)
        return 0;
    bind_country(st, 1, a);
    bind_country(st, 2, b);
    bind_date(st, 3, from);
    bind_date(st, 4, to);
    svg_week *w = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    while (pg_row(p, st)) {
        long long date = sqlite3_column_int64(st, 0);
        long long y = date / 10000, m = (date / 100) % 100, dd = date % 100;
        if (y < 1 || y > 9999 || m < 1 || m > 12 || dd < 1 || dd > 31)
            continue; /* not a date the axis can place */
        long days = date_days((int)date);
        long monday = days - ((days % 7 + 7 + 3) % 7);
        int wd = date_from_days(monday);
        if (n == 0 || w[n - 1].date != wd) {
            if (n == DASH_MAX_WEEKS)
                break;
            if (n == cap) {
                size_t nc = cap ? cap * 2 : 64;
                svg_week *nw = realloc(w, nc * sizeof *nw);
                if (nw == NULL) {
                    rc = -1;
                    break;
                }
                w = nw;
                cap = nc;
            }
            w[n].date = wd;
            w[n].coop = w[n].conflict = 0;
            n++;
        }
        int quad = sqlite3_column_int(st, 1);
        long count = (long)sqlite3_column_int64(st, 2);
        if (quad == 1 || quad == 2)
            w[n - 1].coop += count;
        else if (quad == 3 || quad == 4)
            w[n - 1].conflict += count;
    }
    sqlite3_finalize(st);
    if (rc == 0)
        svg_timeline(p->b, w, n);
    free(w);
    return rc;
}

static void put_dyad_summary(page *p, const char *a, const char *b, int from, int to)
{
    sqlite3_stmt *st = pg_prepare(p,
        "SELECT count(*), avg(goldstein), sum(quad <= 2), sum(quad >= 3),"
        " min(nullif(date, 0)), max(date) FROM events"
        " WHERE ((src_country = ?1 AND tgt_country = ?2)"
        "     OR (src_country = ?2 AND tgt_country = ?1))"
        " AND (?3 IS NULL OR date >= ?3) AND (?4 IS NULL OR date <= ?4)");
    if (st == NULL)
        return;
    bind_country(st, 1, a);
    bind_country(st, 2, b);
    bind_date(st, 3, from);
    bind_date(st, 4, to);
    if (pg_row(p, st)) {
        html_printf(p->b, "<p class=\"summary\">%lld events: %lld cooperation, %lld conflict; "
                          "mean Goldstein ",
                    sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 2),
                    sqlite3_column_int64(st, 3));
        put_goldstein(p->b, sqlite3_column_double(st, 1));
        html_puts(p->b, "; ");
        put_date(p->b, sqlite3_column_int64(st, 4));
        html_puts(p->b, " to ");
        put_date(p->b, sqlite3_column_int64(st, 5));
        html_puts(p->b, ".</p>\n");
    }
    sqlite3_finalize(st);
}

/* ---- quotations and alerts ------------------------------------------------ */

/* Quotations grouped by speaker, the most quoted first. */
static long pg_quotes(page *p, const char *speaker, const char *like, long limit,
                      long offset, int *more)
{
    *more = 0;
    if (!p->d->has_quotes) {
        html_puts(p->b, "<p class=\"none\">This database has no quotations table.</p>\n");
        return 0;
    }
    sqlite3_stmt *st = pg_prepare(p,
        "SELECT coalesce(q.speaker, ''), coalesce(q.speaker_code, ''), q.text, q.kind,"
        " coalesce(q.verb, ''), d.doc_key, d.url, d.source, d.date, c.n"
        " FROM quotes q JOIN documents d ON d.id = q.doc_id"
        " JOIN (SELECT coalesce(speaker, '') AS sp, count(*) AS n FROM quotes GROUP BY 1) c"
        "   ON c.sp = coalesce(q.speaker, '')"
        " WHERE (?1 IS NULL OR q.speaker = ?1)"
        " AND (?2 IS NULL OR q.text LIKE ?2 ESCAPE '\\' OR q.speaker LIKE ?2 ESCAPE '\\')"
        " ORDER BY c.n DESC, 1, d.date DESC, q.id LIMIT ?3 OFFSET ?4");
    if (st == NULL)
        return 0;
    if (speaker && speaker[0])
        sqlite3_bind_text(st, 1, speaker, -1, SQLITE_TRANSIENT);
    if (like)
        sqlite3_bind_text(st, 2, like, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, limit + 1);
    sqlite3_bind_int64(st, 4, offset);
    long n = 0;
    char last[DASH_MAX_TEXT + 1] = "";
    int open = 0;
    while (pg_row(p, st)) {
        if (n == limit) {
            *more = 1;
            break;
        }
        const char *sp = col_str(st, 0);
        if (n == 0 || strncmp(sp, last, sizeof last - 1) != 0) {
            if (open)
                html_puts(p->b, "</section>\n");
            snprintf(last, sizeof last, "%s", sp);
            html_puts(p->b, "<section class=\"speaker\"><h3>");
            if (sp[0] && !p->report) {
                html_puts(p->b, "<a href=\"/quotes?speaker=");
                html_url_part(p->b, sp, strlen(sp));
                html_puts(p->b, "\">");
                pg_col(p, st, 0);
                html_puts(p->b, "</a>");
            } else if (sp[0]) {
                pg_col(p, st, 0);
            } else {
                html_puts(p->b, "<i>speaker unknown</i>");
            }
            if (col_str(st, 1)[0]) {
                html_puts(p->b, " <code>");
                pg_col(p, st, 1);
                html_puts(p->b, "</code>");
            }
            long long nq = sqlite3_column_int64(st, 9);
            html_printf(p->b, " <span class=\"meta\">%lld quotation%s</span></h3>\n", nq,
                        nq == 1 ? "" : "s");
            open = 1;
        }
        n++;
        html_puts(p->b, "<div class=\"quote\"><blockquote>");
        pg_col(p, st, 2);
        html_puts(p->b, "</blockquote><div class=\"prov\">");
        pg_col(p, st, 3);
        if (col_str(st, 4)[0]) {
            html_puts(p->b, ", ");
            pg_col(p, st, 4);
        }
        html_puts(p->b, " &middot; ");
        put_date(p->b, sqlite3_column_int64(st, 8));
        html_puts(p->b, " &middot; ");
        put_doc_link(p, st, 5, 6, 7);
        html_puts(p->b, "</div></div>\n");
    }
    if (open)
        html_puts(p->b, "</section>\n");
    sqlite3_finalize(st);
    if (n == 0 && !p->sql_failed)
        html_puts(p->b, "<p class=\"none\">No quotations.</p>\n");
    return n;
}

static void put_alert_events(page *p, const char *ids)
{
    /* a JSON array of ids: read digits only, never copy the text */
    int shown = 0;
    for (const char *s = ids; *s && shown < 20;) {
        if (*s < '0' || *s > '9') {
            s++;
            continue;
        }
        long long v = 0;
        int digits = 0;
        while (*s >= '0' && *s <= '9') {
            if (digits++ < 17)
                v = v * 10 + (*s - '0');
            s++;
        }
        if (p->report)
            html_printf(p->b, " %lld", v);
        else
            html_printf(p->b, " <a href=\"/event?id=%lld\">%lld</a>", v, v);
        shown++;
    }
}

static void pg_alerts(page *p, long limit)
{
    if (!p->d->has_alerts) {
        html_puts(p->b, "<p class=\"none\">This database has no alerts table.</p>\n");
        return;
    }
    sqlite3_stmt *st = pg_prepare(p,
        "SELECT rule_name, rule_text, rule_origin, window_start, window_end, n_events,"
        " event_ids, fired_at FROM alerts ORDER BY fired_at DESC, id DESC LIMIT ?1");
    if (st == NULL)
        return;
    sqlite3_bind_int64(st, 1, limit);
    long n = 0;
    while (pg_row(p, st)) {
        if (n++ == 0)
            html_puts(p->b, "<table class=\"alerts\"><tr><th>fired</th><th>rule</th>"
                            "<th>window</th><th>events</th></tr>\n");
        html_puts(p->b, "<tr><td>");
        pg_col(p, st, 7);
        html_puts(p->b, "</td><td><b>");
        pg_col(p, st, 0);
        html_puts(p->b, "</b><br><code>");
        pg_col(p, st, 1);
        html_puts(p->b, "</code><br><span class=\"meta\">");
        pg_col(p, st, 2);
        html_puts(p->b, "</span></td><td>");
        put_date(p->b, sqlite3_column_int64(st, 3));
        html_puts(p->b, " to ");
        put_date(p->b, sqlite3_column_int64(st, 4));
        html_printf(p->b, "</td><td>%lld:", sqlite3_column_int64(st, 5));
        put_alert_events(p, col_str(st, 6));
        html_puts(p->b, "</td></tr>\n");
    }
    if (n > 0)
        html_puts(p->b, "</table>\n");
    else if (!p->sql_failed)
        html_puts(p->b, "<p class=\"none\">No alerts.</p>\n");
    sqlite3_finalize(st);
}

/* ---- pages ------------------------------------------------------------------ */

static void put_counts(page *p)
{
    char sql[400];
    snprintf(sql, sizeof sql,
             "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events),"
             " (SELECT count(*) FROM mentions), %s, %s",
             p->d->has_quotes ? "(SELECT count(*) FROM quotes)" : "0",
             p->d->has_alerts ? "(SELECT count(*) FROM alerts)" : "0");
    sqlite3_stmt *st = pg_prepare(p, sql);
    if (pg_row(p, st))
        html_printf(p->b, "<p class=\"counts\">%lld documents, %lld events, %lld mentions, "
                          "%lld quotations, %lld alerts.</p>\n",
                    sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
                    sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3),
                    sqlite3_column_int64(st, 4));
    sqlite3_finalize(st);
}

static void put_date_form(page *p, const char *action, const dash_query *q)
{
    html_printf(p->b, "<form method=\"get\" action=\"%s\">", action);
    if (q->a[0])
        html_printf(p->b, "<input type=\"hidden\" name=\"a\" value=\"%s\">", q->a);
    if (q->b[0])
        html_printf(p->b, "<input type=\"hidden\" name=\"b\" value=\"%s\">", q->b);
    html_puts(p->b, "from <input name=\"from\" type=\"date\" value=\"");
    if (q->from)
        put_date(p->b, q->from);
    html_puts(p->b, "\"> to <input name=\"to\" type=\"date\" value=\"");
    if (q->to)
        put_date(p->b, q->to);
    html_puts(p->b, "\"> <button>Show</button></form>\n");
}

static void put_dyad_picker(page *p, const net *n, const dash_query *q)
{
    html_puts(p->b, "<form method=\"get\" action=\"/dyad\" class=\"picker\">Dyad: ");
    for (int k = 0; k < 2; k++) {
        const char *cur = k ? q->b : q->a;
        if (!cur[0] && n->n_edges > 0) /* preselect the busiest dyad */
            cur = k ? n->edges[0].b : n->edges[0].a;
        html_printf(p->b, "<select name=\"%s\">", k ? "b" : "a");
        for (size_t i = 0; i < n->n_nodes; i++)
            html_printf(p->b, "<option%s>%s</option>",
                        strcmp(cur, n->nodes[i].code) == 0 ? " selected" : "",
                        n->nodes[i].code);
        html_puts(p->b, "</select> ");
    }
    html_puts(p->b, "<button>Show</button></form>\n");
}

static rl_status page_network(page *p, const dash_query *q)
{
    net n;
    page_begin(p, "network");
    html_puts(p->b, "<h1 id=\"network\">Network of countries</h1>\n");
    put_counts(p);
    if (!p->report)
        put_date_form(p, "/", q);
    int owned = 1;
    if (net_get(p, q->from, q->to, &n, &owned) != 0)
        return RL_ERR_NOMEM;
    html_puts(p->b, "<p class=\"meta\">Edge width: events between the two countries "
                    "(both directions); colour: mean Goldstein score, "
                    "<span class=\"g neg\">red</span> conflict to "
                    "<span class=\"g pos\">blue</span> cooperation. "
                    "Pick an edge or a row for the dyad's timeline.</p>\n");
    svg_network(p->b, n.nodes, n.n_nodes, n.edges, n.n_edges, svg_link, p);
    if (!p->report)
        put_dyad_picker(p, &n, q);
    html_puts(p->b, "<h2>Top dyads</h2>\n");
    put_dyad_table(p, &n, DASH_TOP_DYADS);
    if (owned)
        net_free(&n);
    if (!p->report) {
        html_puts(p->b, "<h2>Latest alerts</h2>\n");
        pg_alerts(p, 5);
    }
    page_end(p);
    return RL_OK;
}

static rl_status page_dyad(page *p, const dash_query *q)
{
    if (!q->a[0] || !q->b[0]) {
        net n;
        page_begin(p, "dyads");
        html_puts(p->b, "<h1>Dyads</h1>\n");
        int owned = 1;
        if (net_get(p, q->from, q->to, &n, &owned) != 0)
            return RL_ERR_NOMEM;
        put_dyad_picker(p, &n, q);
        put_dyad_table(p, &n, (size_t)-1);
        if (owned)
            net_free(&n);
        page_end(p);
        return RL_OK;
    }
    char title[16];
    snprintf(title, sizeof title, "%s - %s", q->a, q->b);
    page_begin(p, title);
    html_printf(p->b, "<h1>%s &#8211; %s</h1>\n", q->a, q->b);
    put_date_form(p, "/dyad", q);
    put_dyad_summary(p, q->a, q->b, q->from, q->to);
    if (pg_timeline(p, q->a, q->b, q->from, q->to) != 0)
        return RL_ERR_NOMEM;
    html_puts(p->b, "<h2>Events</h2>\n");
    ev_filter f;
    memset(&f, 0, sizeof f);
    memcpy(f.a, q->a, 4);
    memcpy(f.b, q->b, 4);
    f.from = q->from;
    f.to = q->to;
    int more = 0;
    pg_events(p, &f, DASH_PAGE_ROWS, (q->page - 1) * DASH_PAGE_ROWS, &more);
    put_pager(p, "/dyad", q, more);
    page_end(p);
    return RL_OK;
}

static rl_status page_events(page *p, const dash_query *q)
{
    page_begin(p, "events");
    html_puts(p->b, "<h1>Events");
    if (q->country[0])
        html_printf(p->b, " of %s", q->country);
    html_puts(p->b, "</h1>\n<form method=\"get\" action=\"/events\">country "
                    "<input name=\"country\" size=\"3\" maxlength=\"3\" pattern=\"[A-Z]{3}\" "
                    "value=\"");
    html_texts(p->b, q->country);
    html_puts(p->b, "\"> from <input name=\"from\" type=\"date\" value=\"");
    if (q->from)
        put_date(p->b, q->from);
    html_puts(p->b, "\"> to <input name=\"to\" type=\"date\" value=\"");
    if (q->to)
        put_date(p->b, q->to);
    html_puts(p->b, "\"> <button>Show</button></form>\n");
    ev_filter f;
    memset(&f, 0, sizeof f);
    memcpy(f.country, q->country, 4);
    f.from = q->from;
    f.to = q->to;
    int more = 0;
    pg_events(p, &f, DASH_PAGE_ROWS, (q->page - 1) * DASH_PAGE_ROWS, &more);
    put_pager(p, "/events", q, more);
    page_end(p);
    return RL_OK;
}

/* 0 when the event exists. */
static int event_exists(page *p, long long id)
{
    sqlite3_stmt *st = pg_prepare(p, "SELECT 1 FROM events WHERE id = ?1");
    if (st == NULL)
        return 0;
    sqlite3_bind_int64(st, 1, id);
    int found = pg_row(p, st);
    sqlite3_finalize(st);
    return found;
}

static rl_status page_event(page *p, const dash_query *q, int *status)
{
    if (q->id == 0) {
        *status = 400;
        return RL_ERR_USAGE;
    }
    if (!event_exists(p, q->id) && !p->sql_failed) {
        *status = 404;
        return RL_ERR_USAGE;
    }
    char title[40];
    snprintf(title, sizeof title, "event %lld", q->id);
    page_begin(p, title);
    html_printf(p->b, "<h1>Event %lld</h1>\n<p>Every mention of the event:</p>\n", q->id);
    ev_filter f;
    memset(&f, 0, sizeof f);
    f.event_id = q->id;
    int more = 0;
    pg_events(p, &f, DASH_PAGE_ROWS, 0, &more);
    page_end(p);
    return RL_OK;
}

static rl_status page_quotes(page *p, const dash_query *q)
{
    page_begin(p, "quotations");
    html_puts(p->b, "<h1>Quotations by speaker</h1>\n");
    int more = 0;
    pg_quotes(p, q->speaker, NULL, DASH_MAX_QUOTES, (q->page - 1) * DASH_MAX_QUOTES, &more);
    put_pager(p, "/quotes", q, more);
    page_end(p);
    return RL_OK;
}

/* q as a LIKE pattern "%q%" with \ % _ escaped; NULL when out of memory. */
static char *like_pattern(const char *q)
{
    size_t n = strlen(q);
    char *s = malloc(2 * n + 3);
    if (s == NULL)
        return NULL;
    size_t k = 0;
    s[k++] = '%';
    for (size_t i = 0; i < n; i++) {
        if (q[i] == '\\' || q[i] == '%' || q[i] == '_')
            s[k++] = '\\';
        s[k++] = q[i];
    }
    s[k++] = '%';
    s[k] = '\0';
    return s;
}

static rl_status page_search(page *p, const dash_query *q)
{
    page_begin(p, "search");
    html_puts(p->b, "<h1>Search</h1>\n<form method=\"get\" action=\"/search\">"
                    "<input name=\"q\" maxlength=\"200\" size=\"40\" value=\"");
    html_texts(p->b, q->q);
    html_puts(p->b, "\"> <button>Search</button></form>\n");
    if (q->q[0]) {
        char *like = like_pattern(q->q);
        if (like == NULL)
            return RL_ERR_NOMEM;
        html_puts(p->b, "<h2>Events whose sentence or actors contain <q>");
        html_texts(p->b, q->q);
        html_puts(p->b, "</q></h2>\n");
        ev_filter f;
        memset(&f, 0, sizeof f);
        f.like = like;
        int more = 0, more2 = 0;
        pg_events(p, &f, DASH_PAGE_ROWS, (q->page - 1) * DASH_PAGE_ROWS, &more);
        html_puts(p->b, "<h2>Quotations</h2>\n");
        pg_quotes(p, NULL, like, DASH_PAGE_ROWS, (q->page - 1) * DASH_PAGE_ROWS, &more2);
        put_pager(p, "/search", q, more || more2);
        free(like);
    }
    page_end(p);
    return RL_OK;
}

static rl_status page_alerts(page *p)
{
    page_begin(p, "alerts");
    html_puts(p->b, "<h1>Watch alerts</h1>\n");
    pg_alerts(p, DASH_MAX_ALERTS);
    page_end(p);
    return RL_OK;
}

/* ---- dispatch ----------------------------------------------------------------- */

static const struct {
    const char *path;
    unsigned params;
} dash_pages[] = {
    {"/", DASH_P_FROM | DASH_P_TO},
    {"/dyad", DASH_P_A | DASH_P_B | DASH_P_FROM | DASH_P_TO | DASH_P_PAGE},
    {"/events", DASH_P_COUNTRY | DASH_P_FROM | DASH_P_TO | DASH_P_PAGE},
    {"/event", DASH_P_ID},
    {"/quotes", DASH_P_SPEAKER | DASH_P_PAGE},
    {"/search", DASH_P_Q | DASH_P_PAGE},
    {"/alerts", 0},
};

static rl_status reply_error(dash_reply *out, int status, const char *what, const char *detail)
{
    html_buf b;
    html_init(&b, 1u << 16);
    html_printf(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                    "<title>%d %s</title></head><body><h1>%d %s</h1><p class=\"err\">",
                status, what, status, what);
    html_texts(&b, detail);
    html_puts(&b, "</p><p><a href=\"/\">redline dashboard</a></p></body></html>\n");
    out->status = status;
    out->type = "text/html; charset=utf-8";
    out->body = html_take(&b, &out->len);
    return out->body ? RL_OK : RL_ERR_NOMEM;
}

rl_status dash_handle(dash *d, const char *path, const dash_kv *kv, size_t n,
                      dash_reply *out)
{
    memset(out, 0, sizeof *out);
    size_t np = sizeof dash_pages / sizeof dash_pages[0], k = 0;
    while (k < np && strcmp(dash_pages[k].path, path) != 0)
        k++;
    if (k == np)
        return reply_error(out, 404, "Not Found", "no such page");
    dash_query q;
    rl_error err;
    if (dash_parse_query(kv, n, dash_pages[k].params, &q, &err) != RL_OK)
        return reply_error(out, 400, "Bad Request", err.msg);
    if (k == 1 && (q.a[0] != '\0') != (q.b[0] != '\0'))
        return reply_error(out, 400, "Bad Request",
                           "parameters 'a' and 'b' go together: two countries");

    html_buf b;
    html_init(&b, DASH_MAX_BODY);
    size_t ci = dash_acquire(d);
    page p;
    memset(&p, 0, sizeof p);
    p.b = &b;
    p.db = d->conn[ci];
    p.conn = ci;
    p.d = d;
    int status = 200;
    rl_status st = RL_OK;
    switch (k) {
    case 0: st = page_network(&p, &q); break;
    case 1: st = page_dyad(&p, &q); break;
    case 2: st = page_events(&p, &q); break;
    case 3: st = page_event(&p, &q, &status); break;
    case 4: st = page_quotes(&p, &q); break;
    case 5: st = page_search(&p, &q); break;
    default: st = page_alerts(&p); break;
    }
    dash_release(d, ci);
    if (st == RL_OK && b.failed != RL_OK)
        st = b.failed;
    if (p.sql_failed) {
        html_free(&b);
        return reply_error(out, 500, "Internal Server Error", p.sql_msg);
    }
    if (st == RL_ERR_USAGE) {
        html_free(&b);
        return status == 404 ? reply_error(out, 404, "Not Found", "no such event")
                             : reply_error(out, 400, "Bad Request", "parameter 'id' is needed");
    }
    if (st != RL_OK) {
        html_free(&b);
        return reply_error(out, 500, "Internal Server Error",
                           st == RL_ERR_TOOBIG ? "the page is too large" : "out of memory");
    }
    out->status = status;
    out->type = "text/html; charset=utf-8";
    out->body = html_take(&b, &out->len);
    return out->body ? RL_OK : RL_ERR_NOMEM;
}

/* ---- the report --------------------------------------------------------------- */

rl_status dash_report(dash *d, FILE *out, rl_error *err)
{
    html_buf b;
    html_init(&b, 1u << 30);
    page p;
    memset(&p, 0, sizeof p);
    p.b = &b;
    p.db = d->conn[0];
    p.d = d;
    p.report = 1;
    dash_query q;
    memset(&q, 0, sizeof q);
    q.page = 1;

    net n;
    if (net_load(&p, 0, 0, &n) != 0)
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < n.n_edges && i < DASH_REPORT_DYADS; i++) {
        snprintf(p.report_dyads[i], sizeof p.report_dyads[i], "%s-%s", n.edges[i].a,
                 n.edges[i].b);
        p.n_report_dyads++;
    }
    page_begin(&p, "report");
    html_puts(&b, "<h1 id=\"network\">Network of countries</h1>\n");
    put_counts(&p);
    svg_network(&b, n.nodes, n.n_nodes, n.edges, n.n_edges, svg_link, &p);
    html_puts(&b, "<h2 id=\"dyads\">Top dyads</h2>\n");
    put_dyad_table(&p, &n, DASH_TOP_DYADS);
    int rc = 0;
    for (size_t i = 0; i < p.n_report_dyads && rc == 0; i++) {
        const svg_edge *e = &n.edges[i];
        html_printf(&b, "<section class=\"dyad\" id=\"dyad-%s-%s\"><h2>%s &#8211; %s</h2>\n",
                    e->a, e->b, e->a, e->b);
        put_dyad_summary(&p, e->a, e->b, 0, 0);
        rc = pg_timeline(&p, e->a, e->b, 0, 0);
        ev_filter f;
        memset(&f, 0, sizeof f);
        memcpy(f.a, e->a, 4);
        memcpy(f.b, e->b, 4);
        int more = 0;
        html_puts(&b, "<h3>Latest events</h3>\n");
        pg_events(&p, &f, 10, 0, &more);
        html_puts(&b, "</section>\n");
    }
    net_free(&n);
    html_printf(&b, "<h2 id=\"events\">Latest %d events</h2>\n", DASH_REPORT_EVENTS);
    ev_filter all;
    memset(&all, 0, sizeof all);
    int more = 0;
    pg_events(&p, &all, DASH_REPORT_EVENTS, 0, &more);
    html_puts(&b, "<h2 id=\"quotes\">Quotations by speaker</h2>\n");
    pg_quotes(&p, NULL, NULL, DASH_MAX_QUOTES, 0, &more);
    html_puts(&b, "<h2 id=\"alerts\">Watch alerts</h2>\n");
    pg_alerts(&p, DASH_MAX_ALERTS);
    page_end(&p);

    rl_status st = rc != 0 ? RL_ERR_NOMEM : b.failed;
    if (p.sql_failed)
        st = err_set(err, RL_ERR_IO, NULL, 0, 0, "database: %s", p.sql_msg);
    else if (st != RL_OK)
        err_set(err, st, NULL, 0, 0, "%s", st == RL_ERR_TOOBIG ? "the report is too large"
                                                               : "out of memory");
    else if (fwrite(b.p, 1, b.n, out) != b.n)
        st = err_set(err, RL_ERR_IO, NULL, 0, 0, "cannot write the report");
    html_free(&b);
    return st;
}
