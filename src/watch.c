/*
 * watch.c - watch rules ("red lines"): a small text language that says
 * which events should raise an alert, its parser, and the check of a rule
 * set against the event store (docs/watch.md).
 *
 *   alert "Beijing arms Moscow" when CHN -> RUS type AID,COOPERATE count >= 3 per 7d
 *   alert "threats" when USA <-> CHN type THREATEN
 *
 * The parser reads one rule a line and names file:line:column of the first
 * error.  The check reads events only through SQL built from validated
 * codes (upper-case letters and digits, so they are safe as literals) and
 * writes only the alerts table; an alert already stored is not raised
 * again, so checking twice raises nothing new.
 */
#include "store_int.h"
#include "date.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

#define WATCH_MAX_TYPES 16
#define WATCH_CODE_MAX 32
#define WATCH_MAX_RULES 10000
#define WATCH_MAX_FILE (4u << 20)

enum { WATCH_OUT = 1, WATCH_IN = 2, WATCH_BOTH = 3 };

typedef struct watch_rule {
    char name[128];
    char text[512];    /* the rule as written */
    char origin[320];  /* file:line */
    char a[WATCH_CODE_MAX + 1], b[WATCH_CODE_MAX + 1]; /* "*": any actor */
    int dir;
    char types[WATCH_MAX_TYPES][WATCH_CODE_MAX + 1];
    int n_types;
    long count, days;
    int since;
} watch_rule;

struct rl_watch {
    watch_rule *rules;
    size_t n, cap;
};

/* PLOVER event types the CAMEO table maps to (data/cameo.tsv). */
static const char *const watch_plover[] = {
    "ACCUSE", "AGREE", "AID", "ASSAULT", "COERCE", "CONCEDE", "CONSULT", "COOPERATE",
    "DEMAND", "DISAPPROVE", "FIGHT", "MOBILIZE", "PROTEST", "REJECT", "REQUEST", "RETREAT",
    "SANCTION", "SUPPORT", "THREATEN",
};

/* ---- parser -------------------------------------------------------------- */

typedef struct watch_parser {
    const char *name;
    const char *line; /* start of the current line */
    const char *p, *end;
    long lineno;
    rl_error *err;
} watch_parser;

static int watch_is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_';
}

static void watch_skip_ws(watch_parser *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\r'))
        ps->p++;
}

static int watch_at_end(watch_parser *ps)
{
    watch_skip_ws(ps);
    return ps->p >= ps->end || *ps->p == '\n' || *ps->p == '#';
}

/* An error at the current position, quoting what is there. */
static rl_status watch_fail(watch_parser *ps, const char *what)
{
    char near[24];
    size_t n = 0;
    const char *q = ps->p;
    if (q < ps->end && *q != '\n' && *q != '#') {
        if (watch_is_alnum(*q))
            while (q + n < ps->end && watch_is_alnum(q[n]) && n < sizeof near - 1)
                n++;
        else
            while (q + n < ps->end && q[n] != ' ' && q[n] != '\n' && q[n] != '\t' &&
                   n < sizeof near - 1)
                n++;
    }
    memcpy(near, q, n);
    near[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)near[i] < 0x20)
            near[i] = '?';
    long col = (long)(ps->p - ps->line) + 1;
    if (n)
        return err_set(ps->err, RL_ERR_PARSE, ps->name, ps->lineno, col, "%s near '%s'", what,
                       near);
    return err_set(ps->err, RL_ERR_PARSE, ps->name, ps->lineno, col, "%s at end of line", what);
}

/* A word of letters, digits and '_' into buf; 0 when there is none. */
static size_t watch_word(watch_parser *ps, char *buf, size_t cap)
{
    watch_skip_ws(ps);
    size_t n = 0;
    while (ps->p + n < ps->end && watch_is_alnum(ps->p[n]))
        n++;
    if (n == 0 || n >= cap)
        return 0;
    memcpy(buf, ps->p, n);
    buf[n] = '\0';
    ps->p += n;
    return n;
}

static rl_status watch_keyword(watch_parser *ps, const char *kw)
{
    const char *save = ps->p;
    char w[32];
    if (watch_word(ps, w, sizeof w) && strcmp(w, kw) == 0)
        return RL_OK;
    ps->p = save;
    watch_skip_ws(ps);
    char msg[64];
    snprintf(msg, sizeof msg, "expected '%s'", kw);
    return watch_fail(ps, msg);
}

static rl_status watch_string(watch_parser *ps, char *buf, size_t cap)
{
    watch_skip_ws(ps);
    if (ps->p >= ps->end || *ps->p != '"')
        return watch_fail(ps, "expected a quoted alert name");
    const char *start = ps->p++;
    size_t n = 0;
    while (ps->p < ps->end && *ps->p != '"' && *ps->p != '\n') {
        if (n + 1 >= cap) {
            ps->p = start;
            return watch_fail(ps, "alert name too long");
        }
        buf[n++] = *ps->p++;
    }
    if (ps->p >= ps->end || *ps->p != '"') {
        ps->p = start;
        return watch_fail(ps, "unterminated alert name");
    }
    ps->p++;
    buf[n] = '\0';
    if (n == 0) {
        ps->p = start;
        return watch_fail(ps, "empty alert name");
    }
    return RL_OK;
}

static int watch_is_code(const char *s)
{
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
            return 0;
    return 1;
}

static rl_status watch_actor(watch_parser *ps, char *out)
{
    watch_skip_ws(ps);
    if (ps->p < ps->end && *ps->p == '*') {
        ps->p++;
        strcpy(out, "*");
        return RL_OK;
    }
    const char *save = ps->p;
    char w[WATCH_CODE_MAX + 1];
    size_t n = watch_word(ps, w, sizeof w);
    if (n < 3 || !watch_is_code(w) || (w[0] >= '0' && w[0] <= '9')) {
        ps->p = save;
        return watch_fail(ps, "expected an actor code (CHN, USAGOV) or '*'");
    }
    memcpy(out, w, n + 1);
    return RL_OK;
}

static rl_status watch_direction(watch_parser *ps, int *dir)
{
    watch_skip_ws(ps);
    size_t left = (size_t)(ps->end - ps->p);
    if (left >= 3 && memcmp(ps->p, "<->", 3) == 0) {
        *dir = WATCH_BOTH;
        ps->p += 3;
    } else if (left >= 2 && memcmp(ps->p, "->", 2) == 0) {
        *dir = WATCH_OUT;
        ps->p += 2;
    } else if (left >= 2 && memcmp(ps->p, "<-", 2) == 0) {
        *dir = WATCH_IN;
        ps->p += 2;
    } else {
        return watch_fail(ps, "expected '->', '<-' or '<->'");
    }
    return RL_OK;
}

static rl_status watch_number(watch_parser *ps, long *v, const char *what)
{
    watch_skip_ws(ps);
    const char *start = ps->p;
    long n = 0;
    while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9' && n < 100000000)
        n = n * 10 + (*ps->p++ - '0');
    if (ps->p == start || n <= 0 || n >= 100000000 ||
        (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')) {
        ps->p = start;
        return watch_fail(ps, what);
    }
    *v = n;
    return RL_OK;
}

static rl_status watch_types(watch_parser *ps, watch_rule *r)
{
    for (;;) {
        watch_skip_ws(ps);
        const char *save = ps->p;
        char w[WATCH_CODE_MAX + 1];
        size_t n = watch_word(ps, w, sizeof w);
        int ok = 0;
        if (n >= 2 && n <= 4 && strspn(w, "0123456789") == n) {
            ok = 1; /* a CAMEO code or prefix */
        } else {
            for (size_t i = 0; i < sizeof watch_plover / sizeof watch_plover[0]; i++)
                ok |= n && strcmp(w, watch_plover[i]) == 0;
        }
        if (!ok) {
            ps->p = save;
            return watch_fail(ps, "expected a PLOVER type (AID, THREATEN...) or a CAMEO code");
        }
        if (r->n_types == WATCH_MAX_TYPES) {
            ps->p = save;
            return watch_fail(ps, "too many types");
        }
        memcpy(r->types[r->n_types++], w, n + 1);
        watch_skip_ws(ps);
        if (ps->p >= ps->end || *ps->p != ',')
            return RL_OK;
        ps->p++;
    }
}

static rl_status watch_count(watch_parser *ps, watch_rule *r)
{
    watch_skip_ws(ps);
    if (ps->end - ps->p < 2 || memcmp(ps->p, ">=", 2) != 0)
        return watch_fail(ps, "expected '>='");
    ps->p += 2;
    rl_status st = watch_number(ps, &r->count, "expected a count of 1 or more");
    if (st == RL_OK)
        st = watch_keyword(ps, "per");
    if (st != RL_OK)
        return st;
    watch_skip_ws(ps);
    const char *start = ps->p;
    long n;
    st = watch_number(ps, &n, "expected a window such as 7d or 2w");
    if (st != RL_OK)
        return st;
    char unit = ps->p < ps->end ? *ps->p : '\0';
    if ((unit != 'd' && unit != 'w') || (ps->p + 1 < ps->end && watch_is_alnum(ps->p[1]))) {
        ps->p = start;
        return watch_fail(ps, "expected a window such as 7d or 2w");
    }
    ps->p++;
    r->days = unit == 'w' ? n * 7 : n;
    return RL_OK;
}

static rl_status watch_since(watch_parser *ps, watch_rule *r)
{
    watch_skip_ws(ps);
    const char *start = ps->p;
    int v[3] = {0, 0, 0}, k = 0, digits = 0;
    while (ps->p < ps->end && k < 3) {
        char c = *ps->p;
        if (c >= '0' && c <= '9') {
            v[k] = v[k] * 10 + (c - '0');
            digits++;
        } else if (c == '-' && k < 2 && digits) {
            k++;
            digits = 0;
        } else {
            break;
        }
        ps->p++;
    }
    if (k != 2 || !digits || v[0] < 1 || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31) {
        ps->p = start;
        return watch_fail(ps, "expected a date YYYY-MM-DD");
    }
    r->since = v[0] * 10000 + v[1] * 100 + v[2];
    return RL_OK;
}

static rl_status watch_rule_line(watch_parser *ps, watch_rule *r)
{
    rl_status st = watch_keyword(ps, "alert");
    if (st == RL_OK)
        st = watch_string(ps, r->name, sizeof r->name);
    if (st == RL_OK)
        st = watch_keyword(ps, "when");
    if (st == RL_OK)
        st = watch_actor(ps, r->a);
    if (st == RL_OK)
        st = watch_direction(ps, &r->dir);
    if (st == RL_OK)
        st = watch_actor(ps, r->b);
    int seen_type = 0, seen_count = 0, seen_since = 0;
    while (st == RL_OK && !watch_at_end(ps)) {
        const char *save = ps->p;
        char w[16];
        size_t n = watch_word(ps, w, sizeof w);
        if (n && strcmp(w, "type") == 0 && !seen_type) {
            seen_type = 1;
            st = watch_types(ps, r);
        } else if (n && strcmp(w, "count") == 0 && !seen_count) {
            seen_count = 1;
            st = watch_count(ps, r);
        } else if (n && strcmp(w, "since") == 0 && !seen_since) {
            seen_since = 1;
            st = watch_since(ps, r);
        } else {
            ps->p = save;
            st = watch_fail(ps, n && (strcmp(w, "type") == 0 || strcmp(w, "count") == 0 ||
                                      strcmp(w, "since") == 0)
                                    ? "clause given twice"
                                    : "expected 'type', 'count' or 'since'");
        }
    }
    if (!seen_count) {
        r->count = 1;
        r->days = 1;
    }
    return st;
}

rl_status rl_watch_parse(rl_watch **out, const char *text, size_t len, const char *name,
                         rl_error *err)
{
    err_clear(err);
    *out = NULL;
    rl_watch *w = calloc(1, sizeof *w);
    if (!w)
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    watch_parser ps = {name ? name : "<rules>", text, text, text + len, 0, err};
    rl_status st = RL_OK;
    while (st == RL_OK && ps.p < ps.end) {
        ps.lineno++;
        ps.line = ps.p;
        const char *eol = memchr(ps.p, '\n', (size_t)(ps.end - ps.p));
        const char *line_end = eol ? eol : ps.end;
        if (memchr(ps.p, '\0', (size_t)(line_end - ps.p))) {
            ps.p = memchr(ps.p, '\0', (size_t)(line_end - ps.p));
            st = watch_fail(&ps, "NUL byte");
            break;
        }
        if (!watch_at_end(&ps)) {
            if (w->n == WATCH_MAX_RULES) {
                st = watch_fail(&ps, "too many rules");
                break;
            }
            if (w->n == w->cap) {
                size_t cap = w->cap ? w->cap * 2 : 8;
                watch_rule *nr = realloc(w->rules, cap * sizeof *nr);
                if (!nr) {
                    st = err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
                    break;
                }
                w->rules = nr;
                w->cap = cap;
            }
            watch_rule *r = &w->rules[w->n];
            memset(r, 0, sizeof *r);
            const char *body = ps.p;
            st = watch_rule_line(&ps, r);
            if (st == RL_OK) {
                size_t n = (size_t)(ps.p - body);
                while (n && (body[n - 1] == ' ' || body[n - 1] == '\t'))
                    n--;
                snprintf(r->text, sizeof r->text, "%.*s", (int)n, body);
                snprintf(r->origin, sizeof r->origin, "%s:%ld", ps.name, ps.lineno);
                w->n++;
            }
        }
        ps.p = eol ? eol + 1 : ps.end;
    }
    if (st != RL_OK) {
        rl_watch_free(w);
        return st;
    }
    *out = w;
    return RL_OK;
}

rl_status rl_watch_load(rl_watch **out, const char *path, rl_error *err)
{
    err_clear(err);
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_set(err, RL_ERR_IO, path, 0, 0, "cannot open rule file");
    char *buf = malloc(WATCH_MAX_FILE + 1);
    if (!buf) {
        fclose(f);
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    size_t n = fread(buf, 1, WATCH_MAX_FILE + 1, f);
    int bad = ferror(f);
    fclose(f);
    rl_status st;
    if (bad)
        st = err_set(err, RL_ERR_IO, path, 0, 0, "cannot read rule file");
    else if (n > WATCH_MAX_FILE)
        st = err_set(err, RL_ERR_TOOBIG, path, 0, 0, "rule file larger than %u bytes",
                     WATCH_MAX_FILE);
    else
        st = rl_watch_parse(out, buf, n, path, err);
    free(buf);
    return st;
}

size_t rl_watch_rule_count(const rl_watch *w)
{
    return w ? w->n : 0;
}

void rl_watch_free(rl_watch *w)
{
    if (!w)
        return;
    free(w->rules);
    free(w);
}

/* ---- check --------------------------------------------------------------- */

static void watch_add(char *sql, size_t cap, const char *s)
{
    size_t n = strlen(sql);
    snprintf(sql + n, cap - n, "%s", s);
}

/* (src matches x AND tgt matches y) with codes as validated literals. */
static void watch_side(char *sql, size_t cap, const char *x, const char *y)
{
    char buf[160];
    const char *codes[2] = {x, y};
    static const char *const side[2] = {"src", "tgt"};
    watch_add(sql, cap, "(1 = 1");
    for (int k = 0; k < 2; k++) {
        if (strcmp(codes[k], "*") == 0)
            continue;
        if (strlen(codes[k]) == 3)
            snprintf(buf, sizeof buf, " AND e.%s_country = '%s'", side[k], codes[k]);
        else
            snprintf(buf, sizeof buf, " AND e.%s_code LIKE '%s%%'", side[k], codes[k]);
        watch_add(sql, cap, buf);
    }
    watch_add(sql, cap, ")");
}

static void watch_build_sql(const watch_rule *r, char *sql, size_t cap)
{
    sql[0] = '\0';
    watch_add(sql, cap,
              "SELECT e.id, e.date, e.src_code, e.tgt_code, e.cameo, e.plover, e.goldstein,"
              " e.num_mentions, e.src_name, e.tgt_name, e.source_url,"
              " (SELECT s.text FROM mentions m JOIN sentences s ON s.doc_id = m.doc_id"
              "  AND s.sent = m.sent WHERE m.event_id = e.id ORDER BY m.id LIMIT 1)"
              " FROM events e WHERE (");
    if (r->dir & WATCH_OUT)
        watch_side(sql, cap, r->a, r->b);
    if (r->dir == WATCH_BOTH)
        watch_add(sql, cap, " OR ");
    if (r->dir & WATCH_IN)
        watch_side(sql, cap, r->b, r->a);
    watch_add(sql, cap, ")");
    if (r->n_types) {
        watch_add(sql, cap, " AND (");
        for (int i = 0; i < r->n_types; i++) {
            char buf[96];
            const char *t = r->types[i];
            if (t[0] >= '0' && t[0] <= '9')
                snprintf(buf, sizeof buf, "%se.cameo LIKE '%s%%'", i ? " OR " : "", t);
            else
                snprintf(buf, sizeof buf, "%se.plover = '%s'", i ? " OR " : "", t);
            watch_add(sql, cap, buf);
        }
        watch_add(sql, cap, ")");
    }
    if (r->since) {
        char buf[48];
        snprintf(buf, sizeof buf, " AND e.date >= %d", r->since);
        watch_add(sql, cap, buf);
    }
    watch_add(sql, cap, " ORDER BY e.date, e.id");
}

typedef struct watch_hit {
    int64_t id;
    long day;
    int date;
    json_t *json;
} watch_hit;

static void watch_date(int d, char buf[16])
{
    snprintf(buf, 16, "%04d-%02d-%02d", d / 10000 % 10000, d / 100 % 100, d % 100);
}

static json_t *watch_event_json(rl_store *s, store_stmt *q)
{
    const store_ops *o = s->ops;
    char date[16];
    watch_date((int)o->col_int(q, 1), date);
    const char *txt[] = {o->col_text(q, 2), o->col_text(q, 3), o->col_text(q, 4),
                         o->col_text(q, 5), o->col_text(q, 8), o->col_text(q, 9),
                         o->col_text(q, 10), o->col_text(q, 11)};
    for (int i = 0; i < 8; i++)
        if (!txt[i])
            txt[i] = "";
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:f, s:I, s:s, s:s, s:s, s:s}", "id",
                     (json_int_t)o->col_int(q, 0), "date", date, "source", txt[0], "target",
                     txt[1], "cameo", txt[2], "plover", txt[3], "goldstein",
                     o->col_double(q, 6), "mentions", (json_int_t)o->col_int(q, 7),
                     "source_name", txt[4], "target_name", txt[5], "url", txt[6], "sentence",
                     txt[7]);
}

/* Store one alert; *fresh = 1 when it was not there before. */
static rl_status watch_fire(rl_store *s, store_stmt *ins, const watch_rule *r,
                            const watch_hit *h, size_t n, FILE *out, int *fresh,
                            rl_error *err)
{
    const store_ops *o = s->ops;
    char key[256], ws[16], we[16], now[32];
    watch_date(h[0].date, ws);
    watch_date(h[n - 1].date, we);
    snprintf(key, sizeof key, "%s/%d/%d", r->name, h[0].date, h[n - 1].date);
    store_now_iso(now, sizeof now);
    json_t *ids = json_array(), *evs = json_array();
    for (size_t i = 0; ids && evs && i < n; i++) {
        json_array_append_new(ids, json_integer((json_int_t)h[i].id));
        json_array_append(evs, h[i].json);
    }
    char *id_text = ids ? json_dumps(ids, JSON_COMPACT) : NULL;
    json_decref(ids);
    if (!id_text || !evs) {
        free(id_text);
        json_decref(evs);
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    o->reset(ins);
    o->bind_text(ins, 1, key);
    o->bind_text(ins, 2, r->name);
    o->bind_text(ins, 3, r->text);
    o->bind_text(ins, 4, r->origin);
    o->bind_int(ins, 5, h[0].date);
    o->bind_int(ins, 6, h[n - 1].date);
    o->bind_int(ins, 7, (int64_t)n);
    o->bind_text(ins, 8, id_text);
    o->bind_text(ins, 9, now);
    free(id_text);
    int row;
    rl_status st = o->step(ins, &row, err);
    *fresh = st == RL_OK && row;
    int64_t alert_id = *fresh ? o->col_int(ins, 0) : 0;
    while (st == RL_OK && row)
        st = o->step(ins, &row, err);
    if (st == RL_OK && *fresh && out) {
        json_t *a = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:o}", "alert_id",
                              (json_int_t)alert_id, "alert", r->name, "rule", r->text, "origin",
                              r->origin, "window_start", ws, "window_end", we, "count",
                              (json_int_t)n, "events", evs);
        evs = NULL;
        if (a) {
            json_dumpf(a, out, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
            fputc('\n', out);
        }
        json_decref(a);
    }
    json_decref(evs);
    return st;
}

static rl_status watch_check_rule(rl_store *s, store_stmt *ins, const watch_rule *r, FILE *out,
                                  size_t *fired, rl_error *err)
{
    const store_ops *o = s->ops;
    char sql[4096];
    watch_build_sql(r, sql, sizeof sql);
    store_stmt *q = NULL;
    rl_status st = store_prepare(s, sql, &q, err);
    if (st != RL_OK)
        return st;
    watch_hit *hits = NULL;
    size_t n = 0, cap = 0;
    int row;
    while ((st = o->step(q, &row, err)) == RL_OK && row) {
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 64;
            watch_hit *nh = realloc(hits, nc * sizeof *nh);
            if (!nh) {
                st = err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
                break;
            }
            hits = nh;
            cap = nc;
        }
        watch_hit *h = &hits[n++];
        h->id = o->col_int(q, 0);
        h->date = (int)o->col_int(q, 1);
        h->day = date_days(h->date);
        h->json = watch_event_json(s, q);
    }
    o->finalize(q);
    /* Windows: the first run of at least `count` events within `days`
     * days raises an alert, with every further event of that window (so
     * "per 1d" gathers a day); the next window starts after it. */
    size_t first = 0;
    for (size_t j = 0; st == RL_OK && j < n; j++) {
        while (hits[j].day - hits[first].day >= r->days)
            first++;
        if (j - first + 1 >= (size_t)r->count) {
            while (j + 1 < n && hits[j + 1].day - hits[first].day < r->days)
                j++;
            int fresh = 0;
            st = watch_fire(s, ins, r, hits + first, j - first + 1, out, &fresh, err);
            if (fresh && fired)
                (*fired)++;
            first = j + 1;
        }
    }
    for (size_t i = 0; i < n; i++)
        json_decref(hits[i].json);
    free(hits);
    return st;
}

rl_status rl_watch_check(rl_store *s, const rl_watch *w, FILE *out, size_t *fired,
                         rl_error *err)
{
    err_clear(err);
    if (fired)
        *fired = 0;
    store_stmt *ins = NULL;
    rl_status st = store_prepare(
        s,
        "INSERT INTO alerts (alert_key, rule_name, rule_text, rule_origin, window_start,"
        " window_end, n_events, event_ids, fired_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
        " ON CONFLICT (alert_key) DO NOTHING RETURNING id",
        &ins, err);
    for (size_t i = 0; st == RL_OK && i < w->n; i++)
        st = watch_check_rule(s, ins, &w->rules[i], out, fired, err);
    if (ins)
        s->ops->finalize(ins);
    return st;
}
