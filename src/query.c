/*
 * query.c - questions asked of the event store, answered as tables for R
 * and pandas (CSV, JSON array of objects, TSV) or as event files (GDELT
 * 2.0 columns, PLOVER JSON): dyad time series, event lists, top actors,
 * quotations.
 *
 * SQL here is the subset SQLite and PostgreSQL share; what differs between
 * them (week numbers, date arithmetic) is done in C on the rows.  Filters
 * become bound parameters, never SQL text.  This file only reads the
 * store.
 */
#include "store_int.h"
#include "date.h"

#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

/* ---- tables -------------------------------------------------------------- */

typedef enum qcell_kind { QC_NULL = 0, QC_INT, QC_DBL, QC_TEXT, QC_DATE } qcell_kind;
typedef struct qcell {
    qcell_kind kind;
    int64_t i;
    double d;
    const char *t;
} qcell;

typedef struct qtab {
    rl_table_format f;
    FILE *out;
    size_t rows;
    int ncols;
    const char *names[64];
} qtab;

static void qtab_date(int64_t v, char buf[16])
{
    if (v <= 0)
        buf[0] = '\0';
    else
        snprintf(buf, 16, "%04d-%02d-%02d", (int)(v / 10000), (int)(v / 100 % 100),
                 (int)(v % 100));
}

static void qtab_csv_text(FILE *out, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static void qtab_tsv_text(FILE *out, const char *s)
{
    for (; *s; s++)
        fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, out);
}

static void qtab_begin(qtab *t)
{
    if (t->f == RL_TABLE_JSON) {
        fputc('[', t->out);
        return;
    }
    for (int c = 0; c < t->ncols; c++) {
        if (c)
            fputc(t->f == RL_TABLE_CSV ? ',' : '\t', t->out);
        fputs(t->names[c], t->out);
    }
    fputc('\n', t->out);
}

static void qtab_row(qtab *t, const qcell *cells)
{
    char buf[32];
    if (t->f == RL_TABLE_JSON) {
        json_t *o = json_object();
        for (int c = 0; o && c < t->ncols; c++) {
            const qcell *x = &cells[c];
            json_t *v = NULL;
            switch (x->kind) {
            case QC_NULL: v = json_null(); break;
            case QC_INT: v = json_integer((json_int_t)x->i); break;
            case QC_DBL: v = isfinite(x->d) ? json_real(x->d) : json_null(); break;
            case QC_TEXT: v = x->t ? json_string(x->t) : json_null(); break;
            case QC_DATE:
                qtab_date(x->i, buf);
                v = buf[0] ? json_string(buf) : json_null();
                break;
            }
            json_object_set_new(o, t->names[c], v ? v : json_null());
        }
        fputs(t->rows ? ",\n" : "\n", t->out);
        if (o)
            json_dumpf(o, t->out, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
        json_decref(o);
        t->rows++;
        return;
    }
    for (int c = 0; c < t->ncols; c++) {
        const qcell *x = &cells[c];
        if (c)
            fputc(t->f == RL_TABLE_CSV ? ',' : '\t', t->out);
        switch (x->kind) {
        case QC_NULL: break;
        case QC_INT: fprintf(t->out, "%" PRId64, x->i); break;
        case QC_DBL:
            if (isfinite(x->d))
                fprintf(t->out, "%.10g", x->d);
            break;
        case QC_TEXT:
            if (x->t) {
                if (t->f == RL_TABLE_CSV)
                    qtab_csv_text(t->out, x->t);
                else
                    qtab_tsv_text(t->out, x->t);
            }
            break;
        case QC_DATE:
            qtab_date(x->i, buf);
            fputs(buf, t->out);
            break;
        }
    }
    fputc('\n', t->out);
    t->rows++;
}

static rl_status qtab_end(qtab *t, rl_error *err)
{
    if (t->f == RL_TABLE_JSON)
        fputs(t->rows ? "\n]\n" : "]\n", t->out);
    if (ferror(t->out))
        return err_set(err, RL_ERR_IO, NULL, 0, 0, "cannot write the result");
    return RL_OK;
}

/* ---- SQL with parameters built up as filters are added ------------------- */

typedef struct qsql {
    char text[4096];
    size_t len;
    int n;                       /* parameters so far */
    qcell params[STORE_MAX_PARAMS];
    char own[STORE_MAX_PARAMS][160]; /* text parameters built here */
    int overflow;
} qsql;

static void qsql_add(qsql *q, const char *s)
{
    size_t n = strlen(s);
    if (q->len + n >= sizeof q->text) {
        q->overflow = 1;
        return;
    }
    memcpy(q->text + q->len, s, n + 1);
    q->len += n;
}

/* Append text with "$?" standing for the next parameter, bound to `v`. */
static void qsql_param(qsql *q, const char *before, qcell v, const char *after)
{
    if (q->n >= STORE_MAX_PARAMS) {
        q->overflow = 1;
        return;
    }
    char num[16];
    snprintf(num, sizeof num, "$%d", q->n + 1);
    q->params[q->n++] = v;
    qsql_add(q, before);
    qsql_add(q, num);
    qsql_add(q, after);
}

/* A text parameter: `arg`, with '%' before it when `wrap` starts with
 * '%' and after it when `wrap` ends with '%' ("%s%%" -> "arg%"). */
static void qsql_text(qsql *q, const char *before, const char *wrap, const char *arg,
                      const char *after)
{
    if (q->n >= STORE_MAX_PARAMS) {
        q->overflow = 1;
        return;
    }
    char *buf = q->own[q->n];
    size_t wl = strlen(wrap);
    snprintf(buf, sizeof q->own[0], "%s%s%s", wrap[0] == '%' && wrap[1] == '%' ? "%" : "", arg,
             wl >= 2 && wrap[wl - 1] == '%' && wrap[wl - 2] == '%' ? "%" : "");
    qcell c = {QC_TEXT, 0, 0, buf};
    qsql_param(q, before, c, after);
}

static void qsql_int(qsql *q, const char *before, int64_t v, const char *after)
{
    qcell c = {QC_INT, v, 0, NULL};
    qsql_param(q, before, c, after);
}

static rl_status qsql_prepare(rl_store *s, qsql *q, store_stmt **st, rl_error *err)
{
    if (q->overflow)
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "query too long");
    rl_status r = store_prepare(s, q->text, st, err);
    if (r != RL_OK)
        return r;
    for (int i = 0; i < q->n; i++) {
        if (q->params[i].kind == QC_INT)
            s->ops->bind_int(*st, i + 1, q->params[i].i);
        else
            s->ops->bind_text(*st, i + 1, q->params[i].t);
    }
    return RL_OK;
}

/* Codes and words in filters: letters, digits, and a few marks only, so a
 * pattern means what it says. */
static int q_is_code(const char *s)
{
    if (!s || !*s || strlen(s) > 32)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
            return 0;
    return 1;
}

/* "src_code" LIKE 'CHN%', or src_country = 'CHN' for a 3-letter code. */
static void q_actor(qsql *q, const char *side, const char *code)
{
    char col[32];
    if (strlen(code) == 3) {
        snprintf(col, sizeof col, "%s_country = ", side);
        qsql_text(q, col, "%s", code, "");
    } else {
        snprintf(col, sizeof col, "%s_code LIKE ", side);
        qsql_text(q, col, "%s%%", code, "");
    }
}

static rl_status q_check_filter(const rl_event_filter *f, rl_error *err)
{
    const char *codes[] = {f->actor, f->country, f->source, f->target, f->type};
    static const char *const what[] = {"actor", "country", "source", "target", "type"};
    for (int i = 0; i < 5; i++)
        if (codes[i] && !q_is_code(codes[i]))
            return err_set(err, RL_ERR_USAGE, NULL, 0, 0,
                           "bad %s '%s': expected an upper-case code", what[i], codes[i]);
    if (f->country && strlen(f->country) != 3)
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "bad country '%s': expected 3 letters",
                       f->country);
    if (f->text && strlen(f->text) > 120)
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "text filter too long");
    return RL_OK;
}

/* WHERE ... for an event filter over `events e`. */
static void q_where(qsql *q, const rl_event_filter *f)
{
    qsql_add(q, " WHERE 1 = 1");
    if (f->actor) {
        qsql_text(q, " AND (e.src_code LIKE ", "%s%%", f->actor, "");
        qsql_text(q, " OR e.tgt_code LIKE ", "%s%%", f->actor, ")");
    }
    if (f->country) {
        qsql_text(q, " AND (e.src_country = ", "%s", f->country, "");
        qsql_text(q, " OR e.tgt_country = ", "%s", f->country, ")");
    }
    if (f->source) {
        qsql_add(q, " AND e.");
        q_actor(q, "src", f->source);
    }
    if (f->target) {
        qsql_add(q, " AND e.");
        q_actor(q, "tgt", f->target);
    }
    if (f->type) {
        if (f->type[0] >= '0' && f->type[0] <= '9')
            qsql_text(q, " AND e.cameo LIKE ", "%s%%", f->type, "");
        else
            qsql_text(q, " AND e.plover = ", "%s", f->type, "");
    }
    if (f->since > 0)
        qsql_int(q, " AND e.date >= ", f->since, "");
    if (f->until > 0)
        qsql_int(q, " AND e.date <= ", f->until, "");
    if (f->text)
        qsql_text(q,
                  " AND EXISTS (SELECT 1 FROM mentions m JOIN sentences s ON s.doc_id = m.doc_id"
                  " AND s.sent = m.sent WHERE m.event_id = e.id AND LOWER(s.text) LIKE LOWER(",
                  "%%%s%%", f->text, "))");
}

/* Run `q` and write every row; kinds says each column's kind. */
static rl_status q_table(rl_store *s, qsql *q, const char *kinds, rl_table_format f, FILE *out,
                         rl_error *err)
{
    store_stmt *st = NULL;
    rl_status r = qsql_prepare(s, q, &st, err);
    if (r != RL_OK)
        return r;
    qtab t;
    memset(&t, 0, sizeof t);
    t.f = f;
    t.out = out;
    t.ncols = (int)strlen(kinds);
    int row;
    r = s->ops->step(st, &row, err);
    for (int c = 0; r == RL_OK && c < t.ncols && c < 64; c++)
        t.names[c] = s->ops->col_name(st, c);
    if (r == RL_OK)
        qtab_begin(&t);
    qcell cells[64];
    while (r == RL_OK && row) {
        for (int c = 0; c < t.ncols; c++) {
            qcell *x = &cells[c];
            memset(x, 0, sizeof *x);
            if (s->ops->col_null(st, c))
                continue;
            switch (kinds[c]) {
            case 'i': x->kind = QC_INT; x->i = s->ops->col_int(st, c); break;
            case 'D': x->kind = QC_DATE; x->i = s->ops->col_int(st, c); break;
            case 'd': x->kind = QC_DBL; x->d = s->ops->col_double(st, c); break;
            default: x->kind = QC_TEXT; x->t = s->ops->col_text(st, c); break;
            }
        }
        qtab_row(&t, cells);
        r = s->ops->step(st, &row, err);
    }
    if (r == RL_OK)
        r = qtab_end(&t, err);
    s->ops->finalize(st);
    return r;
}

/* ---- events -------------------------------------------------------------- */

#define Q_EVENT_COLUMNS \
    "SELECT e.id AS id, e.date AS date, e.src_code AS source, e.src_country AS source_country," \
    " e.src_name AS source_name, e.tgt_code AS target, e.tgt_country AS target_country," \
    " e.tgt_name AS target_name, e.cameo AS cameo, e.plover AS plover, e.quad AS quad," \
    " e.goldstein AS goldstein, e.num_mentions AS mentions, e.num_sources AS sources," \
    " e.num_articles AS articles, e.story_id AS story, e.source_url AS url," \
    " (SELECT s.text FROM mentions m JOIN sentences s ON s.doc_id = m.doc_id AND s.sent = m.sent" \
    "  WHERE m.event_id = e.id ORDER BY m.id LIMIT 1) AS sentence," \
    " (SELECT m.rule FROM mentions m WHERE m.event_id = e.id ORDER BY m.id LIMIT 1) AS rule" \
    " FROM events e"
#define Q_EVENT_KINDS "iDttttttttidiiiittt"

rl_status rl_query_events(rl_store *s, const rl_event_filter *flt, rl_table_format f, FILE *out,
                          rl_error *err)
{
    err_clear(err);
    rl_event_filter none;
    memset(&none, 0, sizeof none);
    if (!flt)
        flt = &none;
    rl_status r = q_check_filter(flt, err);
    if (r != RL_OK)
        return r;
    qsql q;
    memset(&q, 0, sizeof q);
    qsql_add(&q, Q_EVENT_COLUMNS);
    q_where(&q, flt);
    qsql_add(&q, " ORDER BY e.date, e.id");
    if (flt->limit)
        qsql_int(&q, " LIMIT ", (int64_t)flt->limit, "");
    return q_table(s, &q, Q_EVENT_KINDS, f, out, err);
}

rl_status rl_query_actors(rl_store *s, size_t top, rl_table_format f, FILE *out, rl_error *err)
{
    err_clear(err);
    qsql q;
    memset(&q, 0, sizeof q);
    qsql_add(&q,
             "SELECT code AS actor, SUBSTR(code, 1, 3) AS country, COUNT(*) AS events,"
             " SUM(is_src) AS as_source, SUM(1 - is_src) AS as_target, SUM(m) AS mentions"
             " FROM (SELECT src_code AS code, 1 AS is_src, num_mentions AS m FROM events"
             " UNION ALL SELECT tgt_code, 0, num_mentions FROM events WHERE tgt_code <> '') t"
             " GROUP BY code ORDER BY events DESC, actor");
    if (top)
        qsql_int(&q, " LIMIT ", (int64_t)top, "");
    return q_table(s, &q, "ttiiii", f, out, err);
}

rl_status rl_query_quotes(rl_store *s, const char *speaker, size_t limit, rl_table_format f,
                          FILE *out, rl_error *err)
{
    err_clear(err);
    if (speaker && strlen(speaker) > 120)
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "speaker name too long");
    qsql q;
    memset(&q, 0, sizeof q);
    qsql_add(&q,
             "SELECT q.id AS id, d.date AS date, d.doc_key AS doc, q.sent AS sent,"
             " q.speaker AS speaker, q.speaker_code AS speaker_code, q.verb AS verb,"
             " q.kind AS kind, q.text AS quote, q.start_cp AS start, q.end_cp AS \"end\""
             " FROM quotes q JOIN documents d ON d.id = q.doc_id");
    if (speaker)
        qsql_text(&q, " WHERE LOWER(q.speaker) LIKE LOWER(", "%%%s%%", speaker, ")");
    qsql_add(&q, " ORDER BY d.date, q.doc_id, q.start_cp");
    if (limit)
        qsql_int(&q, " LIMIT ", (int64_t)limit, "");
    return q_table(s, &q, "iDtitttttii", f, out, err);
}

/* ---- dyads --------------------------------------------------------------- */

typedef struct dyad_acc {
    int64_t n, quad[5], mentions;
    double gsum;
} dyad_acc;

/* The period a date falls in: its label and its first day. */
static void dyad_period(int date, rl_period by, char label[16], int *start)
{
    switch (by) {
    case RL_PERIOD_DAY:
        snprintf(label, 16, "%04d-%02d-%02d", date / 10000, date / 100 % 100, date % 100);
        *start = date;
        return;
    case RL_PERIOD_WEEK: {
        long days = date_days(date);
        long dow = ((days + 3) % 7 + 7) % 7; /* Monday 0; 1970-01-01 was a Thursday */
        long monday = days - dow;
        int thursday = date_from_days(monday + 3); /* its year is the ISO year */
        int year = thursday / 10000;
        int week = (int)((monday + 3 - date_days(year * 10000 + 101)) / 7 + 1);
        snprintf(label, 16, "%04d-W%02d", year % 10000, week % 100);
        *start = date_from_days(monday);
        return;
    }
    case RL_PERIOD_MONTH:
        snprintf(label, 16, "%04d-%02d", date / 10000, date / 100 % 100);
        *start = date / 100 * 100 + 1;
        return;
    case RL_PERIOD_YEAR:
        snprintf(label, 16, "%04d", date / 10000);
        *start = date / 10000 * 10000 + 101;
        return;
    }
}

static void dyad_emit(qtab *t, const char *label, int start, const char *from, const char *to,
                      const dyad_acc *a)
{
    qcell c[12];
    memset(c, 0, sizeof c);
    c[0] = (qcell){QC_TEXT, 0, 0, label};
    c[1] = (qcell){QC_DATE, start, 0, NULL};
    c[2] = (qcell){QC_TEXT, 0, 0, from};
    c[3] = (qcell){QC_TEXT, 0, 0, to};
    c[4] = (qcell){QC_INT, a->n, 0, NULL};
    for (int k = 1; k <= 4; k++)
        c[4 + k] = (qcell){QC_INT, a->quad[k], 0, NULL};
    c[9] = (qcell){QC_DBL, 0, a->gsum, NULL};
    c[10] = a->n ? (qcell){QC_DBL, 0, a->gsum / (double)a->n, NULL} : (qcell){QC_NULL, 0, 0, NULL};
    c[11] = (qcell){QC_INT, a->mentions, 0, NULL};
    qtab_row(t, c);
}

rl_status rl_query_dyad(rl_store *s, const char *a, const char *b, rl_period by, int since,
                        int until, rl_table_format f, FILE *out, rl_error *err)
{
    err_clear(err);
    if (!q_is_code(a) || !q_is_code(b) || strlen(a) < 3 || strlen(b) < 3)
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0,
                       "a dyad is two actor codes of 3 letters or more (CHN RUS)");
    qsql q;
    memset(&q, 0, sizeof q);
    qsql_add(&q, "SELECT e.date, e.src_code, e.quad, e.goldstein, e.num_mentions FROM events e"
                 " WHERE ((e.");
    q_actor(&q, "src", a);
    qsql_add(&q, " AND e.");
    q_actor(&q, "tgt", b);
    qsql_add(&q, ") OR (e.");
    q_actor(&q, "src", b);
    qsql_add(&q, " AND e.");
    q_actor(&q, "tgt", a);
    qsql_add(&q, "))");
    if (since > 0)
        qsql_int(&q, " AND e.date >= ", since, "");
    if (until > 0)
        qsql_int(&q, " AND e.date <= ", until, "");
    qsql_add(&q, " ORDER BY e.date, e.id");
    store_stmt *st = NULL;
    rl_status r = qsql_prepare(s, &q, &st, err);
    if (r != RL_OK)
        return r;

    static const char *const names[] = {"period", "period_start", "source", "target", "events",
                                        "quad1", "quad2", "quad3", "quad4", "goldstein_sum",
                                        "goldstein_mean", "mentions"};
    qtab t;
    memset(&t, 0, sizeof t);
    t.f = f;
    t.out = out;
    t.ncols = 12;
    for (int i = 0; i < 12; i++)
        t.names[i] = names[i];
    qtab_begin(&t);
    dyad_acc acc[2];
    memset(acc, 0, sizeof acc);
    char label[16] = "", cur[16] = "";
    int start = 0, cur_start = 0, row;
    size_t alen = strlen(a);
    while ((r = s->ops->step(st, &row, err)) == RL_OK && row) {
        int date = (int)s->ops->col_int(st, 0);
        const char *src = s->ops->col_text(st, 1);
        dyad_period(date, by, label, &start);
        if (cur[0] && strcmp(label, cur) != 0) {
            dyad_emit(&t, cur, cur_start, a, b, &acc[0]);
            dyad_emit(&t, cur, cur_start, b, a, &acc[1]);
            memset(acc, 0, sizeof acc);
        }
        memcpy(cur, label, sizeof cur);
        cur_start = start;
        dyad_acc *x = &acc[src && strncmp(src, a, alen) == 0 ? 0 : 1];
        int quad = (int)s->ops->col_int(st, 2);
        x->n++;
        if (quad >= 1 && quad <= 4)
            x->quad[quad]++;
        x->gsum += s->ops->col_double(st, 3);
        x->mentions += s->ops->col_int(st, 4);
    }
    if (r == RL_OK && cur[0]) {
        dyad_emit(&t, cur, cur_start, a, b, &acc[0]);
        dyad_emit(&t, cur, cur_start, b, a, &acc[1]);
    }
    s->ops->finalize(st);
    if (r == RL_OK)
        r = qtab_end(&t, err);
    return r;
}

/* ---- export -------------------------------------------------------------- */

static void export_tsv_field(FILE *out, const char *s)
{
    if (s)
        qtab_tsv_text(out, s);
}

/* The sector's 3-letter parts as GDELT's Type1..3 codes. */
static void export_actor(FILE *out, const char *code, const char *country, const char *sector,
                         const char *name)
{
    char t[3][4];
    memset(t, 0, sizeof t);
    size_t n = sector ? strlen(sector) : 0;
    for (int k = 0; k < 3 && (size_t)(k * 3) < n; k++)
        snprintf(t[k], sizeof t[k], "%.3s", sector + k * 3);
    /* Actor{1,2}: Code Name CountryCode KnownGroupCode EthnicCode Religion1Code
     * Religion2Code Type1Code Type2Code Type3Code */
    export_tsv_field(out, code);
    fputc('\t', out);
    export_tsv_field(out, name);
    fprintf(out, "\t%s\t\t\t\t\t%s\t%s\t%s\t", country ? country : "", t[0], t[1], t[2]);
}

static rl_status export_gdelt(rl_store *s, store_stmt *st, FILE *out, rl_error *err)
{
    const store_ops *o = s->ops;
    int row;
    rl_status r;
    while ((r = o->step(st, &row, err)) == RL_OK && row) {
        int64_t id = o->col_int(st, 0);
        int date = (int)o->col_int(st, 1);
        int y = date / 10000, m = date / 100 % 100, d = date % 100;
        fprintf(out, "%" PRId64 "\t%d\t%d\t%d\t%.4f\t", id, date, date / 100, y,
                y + (m * 30 + d) / 365.0);
        export_actor(out, o->col_text(st, 2), o->col_text(st, 3), o->col_text(st, 4),
                     o->col_text(st, 5));
        export_actor(out, o->col_text(st, 6), o->col_text(st, 7), o->col_text(st, 8),
                     o->col_text(st, 9));
        const char *cameo = o->col_text(st, 10);
        int root_sent = (int)o->col_int(st, 19);
        /* IsRootEvent EventCode EventBaseCode EventRootCode QuadClass
         * GoldsteinScale NumMentions NumSources NumArticles AvgTone */
        fprintf(out, "%d\t%s\t%s\t%s\t%d\t%.1f\t%" PRId64 "\t%" PRId64 "\t%" PRId64 "\t%.10g",
                root_sent <= 1, cameo ? cameo : "", o->col_text(st, 11), o->col_text(st, 12),
                (int)o->col_int(st, 13), o->col_double(st, 14), o->col_int(st, 15),
                o->col_int(st, 16), o->col_int(st, 17),
                o->col_null(st, 18) ? 0.0 : o->col_double(st, 18));
        /* Actor1Geo_*, Actor2Geo_*, ActionGeo_*: Type FullName CountryCode
         * ADM1Code ADM2Code Lat Long FeatureID; no geocoding yet: type 0 */
        for (int g = 0; g < 3; g++)
            fputs("\t0\t\t\t\t\t\t\t", out);
        /* DATEADDED (YYYYMMDDHHMMSS, UTC) SOURCEURL */
        const char *added = o->col_text(st, 20);
        char stamp[15] = "";
        size_t k = 0;
        for (const char *p = added ? added : ""; *p && k < 14; p++)
            if (*p >= '0' && *p <= '9')
                stamp[k++] = *p;
        stamp[k] = '\0';
        fprintf(out, "\t%s\t", stamp);
        export_tsv_field(out, o->col_text(st, 21));
        fputc('\n', out);
    }
    return r;
}

static json_t *export_str(const char *s)
{
    return json_string(s ? s : "");
}

static rl_status export_plover(rl_store *s, store_stmt *st, FILE *out, rl_error *err)
{
    const store_ops *o = s->ops;
    int row;
    rl_status r;
    char date[16];
    while ((r = o->step(st, &row, err)) == RL_OK && row) {
        const char *plover = o->col_text(st, 22);
        if (!plover || !*plover)
            continue; /* CAMEO 01 and 02 have no PLOVER type */
        char id[48];
        snprintf(id, sizeof id, "redline-%" PRId64, o->col_int(st, 0));
        qtab_date(o->col_int(st, 1), date);
        json_t *ctx = json_array();
        const char *c = o->col_text(st, 24);
        while (ctx && c && *c) {
            size_t n = strcspn(c, ";");
            json_array_append_new(ctx, json_stringn(c, n));
            c += n + (c[n] == ';');
        }
        json_t *ev = json_pack(
            "{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s,"
            " s:f, s:i, s:I, s:I, s:I, s:o, s:o}",
            "id", id, "date", date, "event_type", plover, "mode",
            o->col_text(st, 23) ? o->col_text(st, 23) : "", "context", ctx ? ctx : json_array(),
            "source", export_str(o->col_text(st, 3)), "source_actor",
            export_str(o->col_text(st, 2)), "source_agent", export_str(o->col_text(st, 4)),
            "source_text", export_str(o->col_text(st, 5)), "target",
            export_str(o->col_text(st, 7)), "target_actor", export_str(o->col_text(st, 6)),
            "target_agent", export_str(o->col_text(st, 8)), "target_text",
            export_str(o->col_text(st, 9)), "cameo", o->col_text(st, 10) ? o->col_text(st, 10) : "",
            "goldstein", o->col_double(st, 14), "quad_class", (int)o->col_int(st, 13),
            "num_mentions", (json_int_t)o->col_int(st, 15), "num_sources",
            (json_int_t)o->col_int(st, 16), "num_articles", (json_int_t)o->col_int(st, 17),
            "url", export_str(o->col_text(st, 21)), "event_text",
            export_str(o->col_text(st, 25)));
        if (ev) {
            json_dumpf(ev, out, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
            fputc('\n', out);
        }
        json_decref(ev);
    }
    return r;
}

rl_status rl_store_export(rl_store *s, rl_export_format f, const rl_event_filter *flt, FILE *out,
                          rl_error *err)
{
    err_clear(err);
    if (f == RL_EXPORT_TSV)
        return rl_query_events(s, flt, RL_TABLE_TSV, out, err);
    rl_event_filter none;
    memset(&none, 0, sizeof none);
    if (!flt)
        flt = &none;
    rl_status r = q_check_filter(flt, err);
    if (r != RL_OK)
        return r;
    qsql q;
    memset(&q, 0, sizeof q);
    qsql_add(&q,
             "SELECT e.id, e.date, e.src_code, e.src_country, e.src_sector, e.src_name,"
             " e.tgt_code, e.tgt_country, e.tgt_sector, e.tgt_name, e.cameo, e.cameo_base,"
             " e.cameo_root, e.quad, e.goldstein, e.num_mentions, e.num_sources, e.num_articles,"
             " (SELECT AVG(t.tone) FROM mentions m JOIN tone t ON t.doc_id = m.doc_id"
             "  WHERE m.event_id = e.id),"
             " (SELECT MIN(m.sent) FROM mentions m WHERE m.event_id = e.id),"
             " e.date_added, e.source_url, e.plover, e.mode, e.context,"
             " (SELECT s.text FROM mentions m JOIN sentences s ON s.doc_id = m.doc_id"
             "  AND s.sent = m.sent WHERE m.event_id = e.id ORDER BY m.id LIMIT 1)"
             " FROM events e");
    q_where(&q, flt);
    qsql_add(&q, " ORDER BY e.date, e.id");
    if (flt->limit)
        qsql_int(&q, " LIMIT ", (int64_t)flt->limit, "");
    store_stmt *st = NULL;
    r = qsql_prepare(s, &q, &st, err);
    if (r != RL_OK)
        return r;
    r = f == RL_EXPORT_GDELT ? export_gdelt(s, st, out, err) : export_plover(s, st, out, err);
    s->ops->finalize(st);
    if (r == RL_OK && ferror(out))
        r = err_set(err, RL_ERR_IO, NULL, 0, 0, "cannot write the export");
    return r;
}
