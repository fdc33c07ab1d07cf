/*
 * store.c - the event store: documents, sentences, events with their
 * provenance and wire-copy links kept in SQLite or PostgreSQL
 * (docs/schema.md), behind one backend-neutral interface (store_int.h).
 *
 * Ingest of one document is one pipeline in rl_store_ingest: content hash
 * -> skip / replace -> SimHash story -> document row -> code, each event a
 * mention merged into its story's event -> recount the touched events.  It
 * runs inside a savepoint, so a failure leaves no part of the document;
 * batches of documents share one transaction, so a killed process loses at
 * most the open batch and never half a document.  This file must not
 * print: errors go to the caller's rl_error.
 */
#include "store_int.h"
#include "date.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "error.h"

#define STORE_DEFAULT_BATCH 100
/* Documents whose SimHash differ in at most this many of 64 bits are
 * copies: agency copies with a new dateline and an added sentence differ
 * in 3 to 8 bits, unrelated news texts in 20 or more (32 on average). */
#define SIMHASH_NEAR 10
/* Copies are looked for among documents dated this many days around. */
#define STORY_WINDOW_DAYS 3
#define STORE_SCHEMA_VERSION "1"

static const char *const store_sql[SQ_COUNT] = {
    [SQ_FIND_DOC] =
        "SELECT id, content_hash FROM documents WHERE doc_key = $1 OR url = $2",
    [SQ_FIND_NEAR] =
        "SELECT simhash, story_id FROM documents WHERE date >= $1 AND date <= $2 ORDER BY id",
    [SQ_NEW_STORY] =
        "INSERT INTO stories (simhash, first_doc, created_at) VALUES ($1, $2, $3) RETURNING id",
    [SQ_INSERT_DOC] =
        "INSERT INTO documents (doc_key, url, source, title, date, content_hash, simhash,"
        " sh_band0, sh_band1, sh_band2, sh_band3, story_id, n_chars, n_events, origin, text,"
        " ingested_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 0,"
        " $14, $15, $16) RETURNING id",
    [SQ_SET_DOC_EVENTS] = "UPDATE documents SET n_events = $1 WHERE id = $2",
    [SQ_INSERT_SENT] =
        "INSERT INTO sentences (doc_id, sent, start_cp, end_cp, text) VALUES ($1, $2, $3, $4, $5)"
        " ON CONFLICT (doc_id, sent) DO NOTHING",
    [SQ_INSERT_EVENT] =
        "INSERT INTO events (event_key, story_id, date, src_code, src_country, src_sector,"
        " src_name, tgt_code, tgt_country, tgt_sector, tgt_name, cameo, cameo_base, cameo_root,"
        " plover, mode, context, quad, goldstein, num_mentions, num_sources, num_articles,"
        " first_doc_id, source_url, date_added) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
        " $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, 0, 0, 0, $20, $21, $22)"
        " ON CONFLICT (event_key) DO NOTHING",
    [SQ_FIND_EVENT] = "SELECT id FROM events WHERE event_key = $1",
    [SQ_INSERT_MENTION] =
        "INSERT INTO mentions (event_id, doc_id, sent, zone, flags, src_text, src_start, src_end,"
        " tgt_text, tgt_start, tgt_end, trigger_text, trigger_start, trigger_end, rule)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
    [SQ_RECOUNT_EVENT] =
        "UPDATE events SET"
        " num_mentions = (SELECT COUNT(*) FROM mentions WHERE event_id = $1),"
        " num_articles = (SELECT COUNT(DISTINCT doc_id) FROM mentions WHERE event_id = $1),"
        " num_sources = (SELECT COUNT(DISTINCT COALESCE(d.source, d.doc_key)) FROM mentions m"
        "   JOIN documents d ON d.id = m.doc_id WHERE m.event_id = $1),"
        " date = COALESCE((SELECT MIN(d.date) FROM mentions m JOIN documents d ON d.id = m.doc_id"
        "   WHERE m.event_id = $1), date),"
        " first_doc_id = COALESCE((SELECT MIN(doc_id) FROM mentions WHERE event_id = $1),"
        "   first_doc_id),"
        " source_url = (SELECT COALESCE(d.url, d.doc_key) FROM documents d WHERE d.id ="
        "   (SELECT MIN(doc_id) FROM mentions WHERE event_id = $1))"
        " WHERE id = $1",
    [SQ_DROP_EMPTY_EVENT] = "DELETE FROM events WHERE id = $1 AND num_mentions = 0",
    [SQ_DOC_EVENTS] = "SELECT DISTINCT event_id FROM mentions WHERE doc_id = $1",
    [SQ_DEL_MENTIONS] = "DELETE FROM mentions WHERE doc_id = $1",
    [SQ_DEL_SENTS] = "DELETE FROM sentences WHERE doc_id = $1",
    [SQ_DEL_QUOTES] = "DELETE FROM quotes WHERE doc_id = $1",
    [SQ_DEL_ENTITIES] = "DELETE FROM entities WHERE doc_id = $1",
    [SQ_DEL_TONE] = "DELETE FROM tone WHERE doc_id = $1",
    [SQ_DEL_DOC] = "DELETE FROM documents WHERE id = $1",
    [SQ_INSERT_QUOTE] =
        "INSERT INTO quotes (doc_id, sent, start_cp, end_cp, text, speaker, speaker_code,"
        " speaker_start, speaker_end, verb, kind) VALUES ($1, 0, $2, $3, $4, $5, $6, $7, $8,"
        " $9, $10)",
    [SQ_INSERT_ENTITY] =
        "INSERT INTO entities (doc_id, kind, name, code, start_cp, end_cp)"
        " VALUES ($1, $2, $3, $4, $5, $6)",
    [SQ_INSERT_TONE] =
        "INSERT INTO tone (doc_id, tone, positive, negative, polarity, activity, self_group,"
        " word_count) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    [SQ_DROP_EMPTY_STORY] =
        "DELETE FROM stories WHERE id = $1 AND NOT EXISTS"
        " (SELECT 1 FROM documents WHERE story_id = $1)",
};

rl_status store_prepare(rl_store *s, const char *sql, store_stmt **out, rl_error *err)
{
    return s->ops->prepare(s->db, sql, out, err);
}

rl_status store_exec(rl_store *s, const char *sql, rl_error *err)
{
    return s->ops->exec(s->db, sql, err);
}

void store_now_iso(char *buf, size_t cap)
{
    time_t t = time(NULL);
    struct tm tm;
    if (gmtime_r(&t, &tm) == NULL || strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(buf, cap, "1970-01-01T00:00:00Z");
}


/* A backend by the form of the target. */
static const store_ops *store_backend(const char *target)
{
    if (strncmp(target, "postgresql://", 13) == 0 || strncmp(target, "postgres://", 11) == 0)
        return &store_pg_ops;
    return &store_sqlite_ops;
}

/* The schema with @ID@ replaced for this backend; caller frees. */
static char *store_schema_for(const store_ops *ops)
{
    const char *id = ops == &store_pg_ops
                         ? "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
                         : "INTEGER PRIMARY KEY";
    size_t n = 0, idlen = strlen(id);
    for (const char *p = store_schema_sql; (p = strstr(p, "@ID@")) != NULL; p += 4)
        n++;
    size_t len = strlen(store_schema_sql) + n * idlen + 1;
    char *out = malloc(len);
    if (!out)
        return NULL;
    char *w = out;
    const char *p = store_schema_sql, *q;
    while ((q = strstr(p, "@ID@")) != NULL) {
        memcpy(w, p, (size_t)(q - p));
        w += q - p;
        memcpy(w, id, idlen);
        w += idlen;
        p = q + 4;
    }
    strcpy(w, p);
    return out;
}

/* 1 when the store's tables exist at this schema version. */
static int store_has_schema(rl_store *s)
{
    store_stmt *q = NULL;
    rl_error ignored;
    if (store_prepare(s, "SELECT value FROM meta WHERE key = 'schema_version'", &q, &ignored) !=
        RL_OK)
        return 0; /* no meta table yet */
    int row = 0, ok = 0;
    if (s->ops->step(q, &row, &ignored) == RL_OK && row) {
        const char *v = s->ops->col_text(q, 0);
        ok = v && strcmp(v, STORE_SCHEMA_VERSION) == 0;
    }
    s->ops->finalize(q);
    return ok;
}

rl_status rl_store_open(rl_store **out, const char *target, rl_error *err)
{
    err_clear(err);
    *out = NULL;
    if (!target || !*target)
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "no database given");
    rl_store *s = calloc(1, sizeof *s);
    if (!s)
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    s->ops = store_backend(target);
    s->batch = STORE_DEFAULT_BATCH;
    s->quotes = 1;
    rl_status st = s->ops->open(&s->db, target, err);
    if (st != RL_OK) {
        free(s);
        return st;
    }
    /* A store already at this version is only read here: creating the
     * tables again would wait for the write lock an ingest holds. */
    if (!store_has_schema(s)) {
        char *schema = store_schema_for(s->ops);
        if (!schema) {
            rl_store_close(s);
            return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
        }
        st = store_exec(s, schema, err);
        free(schema);
        if (st == RL_OK)
            st = store_exec(s, "INSERT INTO meta (key, value) VALUES ('schema_version', '"
                               STORE_SCHEMA_VERSION "') ON CONFLICT (key) DO NOTHING", err);
    }
    for (int i = 0; st == RL_OK && i < SQ_COUNT; i++)
        st = store_prepare(s, store_sql[i], &s->sq[i], err);
    if (st != RL_OK) {
        rl_store_close(s);
        return st;
    }
    *out = s;
    return RL_OK;
}

void rl_store_close(rl_store *s)
{
    if (!s)
        return;
    if (s->in_tx)
        store_exec(s, "ROLLBACK", NULL);
    for (int i = 0; i < SQ_COUNT; i++)
        if (s->sq[i])
            s->ops->finalize(s->sq[i]);
    s->ops->close(s->db);
    free(s->touched);
    free(s);
}

void rl_store_set_quotes(rl_store *s, int on)
{
    s->quotes = on != 0;
}

void rl_store_set_gkg(rl_store *s, rl_gkg *g)
{
    s->gkg = g;
}

void rl_store_set_batch(rl_store *s, size_t docs)
{
    s->batch = docs ? docs : 1;
}

rl_status rl_store_commit(rl_store *s, rl_error *err)
{
    if (!s->in_tx)
        return RL_OK;
    s->in_tx = 0;
    s->tx_docs = 0;
    rl_status st = store_exec(s, "COMMIT", err);
    if (st != RL_OK)
        store_exec(s, "ROLLBACK", NULL);
    return st;
}

/* ---- one statement at a time ------------------------------------------ */

/* Reset a prepared statement of the ingest set for new parameters. */
static store_stmt *store_q(rl_store *s, int id)
{
    s->ops->reset(s->sq[id]);
    return s->sq[id];
}

/* Run a statement that returns no rows. */
static rl_status store_run(rl_store *s, store_stmt *q, rl_error *err)
{
    int row;
    rl_status st;
    do {
        st = s->ops->step(q, &row, err);
    } while (st == RL_OK && row);
    return st;
}

/* Run a statement that returns one integer (an id); *found = 0 if none. */
static rl_status store_run_id(rl_store *s, store_stmt *q, int64_t *id, int *found,
                              rl_error *err)
{
    int row;
    rl_status st = s->ops->step(q, &row, err);
    *found = st == RL_OK && row;
    if (*found)
        *id = s->ops->col_int(q, 0);
    if (st == RL_OK && row)
        st = store_run(s, q, err); /* finish it (PostgreSQL's RETURNING) */
    return st;
}

static rl_status store_touch(rl_store *s, int64_t event_id)
{
    for (size_t i = 0; i < s->n_touched; i++)
        if (s->touched[i] == event_id)
            return RL_OK;
    if (s->n_touched == s->cap_touched) {
        size_t cap = s->cap_touched ? s->cap_touched * 2 : 64;
        int64_t *t = realloc(s->touched, cap * sizeof *t);
        if (!t)
            return RL_ERR_NOMEM;
        s->touched = t;
        s->cap_touched = cap;
    }
    s->touched[s->n_touched++] = event_id;
    return RL_OK;
}

/* Redo the counts of the touched events; drop those with no mention. */
static rl_status store_recount(rl_store *s, rl_error *err)
{
    rl_status st = RL_OK;
    for (size_t i = 0; st == RL_OK && i < s->n_touched; i++) {
        store_stmt *q = store_q(s, SQ_RECOUNT_EVENT);
        s->ops->bind_int(q, 1, s->touched[i]);
        st = store_run(s, q, err);
        if (st == RL_OK) {
            q = store_q(s, SQ_DROP_EMPTY_EVENT);
            s->ops->bind_int(q, 1, s->touched[i]);
            st = store_run(s, q, err);
        }
    }
    s->n_touched = 0;
    return st;
}

/* Remove a document and every row that hangs from it. */
static rl_status store_delete_doc(rl_store *s, int64_t doc_id, int64_t story_id, rl_error *err)
{
    store_stmt *q = store_q(s, SQ_DOC_EVENTS);
    s->ops->bind_int(q, 1, doc_id);
    int row;
    rl_status st;
    while ((st = s->ops->step(q, &row, err)) == RL_OK && row)
        if (store_touch(s, s->ops->col_int(q, 0)) != RL_OK)
            return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    static const int dels[] = {SQ_DEL_MENTIONS, SQ_DEL_SENTS, SQ_DEL_QUOTES,
                               SQ_DEL_ENTITIES, SQ_DEL_TONE, SQ_DEL_DOC};
    for (size_t i = 0; st == RL_OK && i < sizeof dels / sizeof dels[0]; i++) {
        q = store_q(s, dels[i]);
        s->ops->bind_int(q, 1, doc_id);
        st = store_run(s, q, err);
    }
    if (st == RL_OK)
        st = store_recount(s, err);
    if (st == RL_OK && story_id > 0) {
        q = store_q(s, SQ_DROP_EMPTY_STORY);
        s->ops->bind_int(q, 1, story_id);
        st = store_run(s, q, err);
    }
    return st;
}

/* ---- ingest ------------------------------------------------------------ */

typedef struct ingest_ctx {
    rl_store *s;
    int64_t doc_id, story_id;
    const rl_doc *doc;
    const char *url;   /* SOURCEURL of new events */
    char now[32];
    size_t events;
    rl_status st;
    rl_error *err;
} ingest_ctx;

/* Copy a span into buf as a string, cut if need be at a character
 * boundary (PostgreSQL refuses half a UTF-8 sequence). */
static const char *ingest_span(const rl_span *sp, char *buf, size_t cap)
{
    size_t n = sp->text ? sp->len : 0;
    if (n >= cap) {
        n = cap - 1;
        while (n > 0 && ((unsigned char)sp->text[n] & 0xC0) == 0x80)
            n--;
    }
    if (n)
        memcpy(buf, sp->text, n);
    buf[n] = '\0';
    return buf;
}

/* The text of a possibly huge span: duplicated, bounded by the document. */
static char *ingest_span_dup(const rl_span *sp)
{
    size_t n = sp->text ? sp->len : 0;
    char *p = malloc(n + 1);
    if (p) {
        if (n)
            memcpy(p, sp->text, n);
        p[n] = '\0';
    }
    return p;
}

static int ingest_event(const rl_event *ev, void *ud)
{
    ingest_ctx *x = ud;
    rl_store *s = x->s;
    const store_ops *o = s->ops;
    char key[256], base[4], root[3], src_name[256], tgt_name[256], trig[256];
    const char *tgt_code = ev->has_target ? ev->target.code : "";
    snprintf(key, sizeof key, "%" PRId64 "/%s/%s/%s", x->story_id, ev->source.code,
             tgt_code, ev->cameo);
    snprintf(base, sizeof base, "%.3s", ev->cameo);
    snprintf(root, sizeof root, "%.2s", ev->cameo);
    ingest_span(&ev->source.span, src_name, sizeof src_name);
    ingest_span(&ev->target.span, tgt_name, sizeof tgt_name);
    ingest_span(&ev->trigger, trig, sizeof trig);

    char *sentence = ingest_span_dup(&ev->sentence);
    if (!sentence) {
        x->st = err_set(x->err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
        return 1;
    }
    store_stmt *q = store_q(s, SQ_INSERT_SENT);
    o->bind_int(q, 1, x->doc_id);
    o->bind_int(q, 2, ev->sent);
    o->bind_int(q, 3, (int64_t)ev->sentence.start);
    o->bind_int(q, 4, (int64_t)ev->sentence.end);
    o->bind_text(q, 5, sentence);
    rl_status st = store_run(s, q, x->err);
    free(sentence);

    if (st == RL_OK) {
        q = store_q(s, SQ_INSERT_EVENT);
        o->bind_text(q, 1, key);
        o->bind_int(q, 2, x->story_id);
        o->bind_int(q, 3, ev->date);
        o->bind_text(q, 4, ev->source.code);
        o->bind_text(q, 5, ev->source.country);
        o->bind_text(q, 6, ev->source.sector ? ev->source.sector : "");
        o->bind_text(q, 7, src_name);
        o->bind_text(q, 8, tgt_code);
        o->bind_text(q, 9, ev->has_target ? ev->target.country : "");
        o->bind_text(q, 10, ev->has_target && ev->target.sector ? ev->target.sector : "");
        o->bind_text(q, 11, ev->has_target ? tgt_name : "");
        o->bind_text(q, 12, ev->cameo);
        o->bind_text(q, 13, base);
        o->bind_text(q, 14, root);
        o->bind_text(q, 15, ev->plover ? ev->plover : "");
        o->bind_text(q, 16, ev->mode ? ev->mode : "");
        o->bind_text(q, 17, ev->context ? ev->context : "");
        o->bind_int(q, 18, ev->quad);
        o->bind_double(q, 19, ev->goldstein);
        o->bind_int(q, 20, x->doc_id);
        o->bind_text(q, 21, x->url);
        o->bind_text(q, 22, x->now);
        st = store_run(s, q, x->err);
    }
    int64_t event_id = 0;
    int found = 0;
    if (st == RL_OK) {
        q = store_q(s, SQ_FIND_EVENT);
        o->bind_text(q, 1, key);
        st = store_run_id(s, q, &event_id, &found, x->err);
        if (st == RL_OK && !found)
            st = err_set(x->err, RL_ERR_IO, NULL, 0, 0, "event %s vanished", key);
    }
    if (st == RL_OK) {
        q = store_q(s, SQ_INSERT_MENTION);
        o->bind_int(q, 1, event_id);
        o->bind_int(q, 2, x->doc_id);
        o->bind_int(q, 3, ev->sent);
        o->bind_text(q, 4, rl_zone_name(ev->zone));
        o->bind_int(q, 5, ev->flags);
        o->bind_text(q, 6, src_name);
        o->bind_int(q, 7, (int64_t)ev->source.span.start);
        o->bind_int(q, 8, (int64_t)ev->source.span.end);
        if (ev->has_target) {
            o->bind_text(q, 9, tgt_name);
            o->bind_int(q, 10, (int64_t)ev->target.span.start);
            o->bind_int(q, 11, (int64_t)ev->target.span.end);
        } else {
            o->bind_text(q, 9, NULL);
            o->bind_text(q, 10, NULL);
            o->bind_text(q, 11, NULL);
        }
        o->bind_text(q, 12, trig);
        o->bind_int(q, 13, (int64_t)ev->trigger.start);
        o->bind_int(q, 14, (int64_t)ev->trigger.end);
        o->bind_text(q, 15, ev->rule ? ev->rule : "");
        st = store_run(s, q, x->err);
    }
    if (st == RL_OK && store_touch(s, event_id) != RL_OK)
        st = err_set(x->err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    x->events++;
    x->st = st;
    return st != RL_OK;
}

static int ingest_quote(const rl_quote *qt, void *ud)
{
    ingest_ctx *x = ud;
    rl_store *s = x->s;
    const store_ops *o = s->ops;
    store_stmt *q = store_q(s, SQ_INSERT_QUOTE);
    o->bind_int(q, 1, x->doc_id);
    o->bind_int(q, 2, (int64_t)qt->start);
    o->bind_int(q, 3, (int64_t)qt->end);
    o->bind_text(q, 4, qt->text ? qt->text : "");
    if (qt->speaker.found) {
        o->bind_text(q, 5, qt->speaker.name);
        o->bind_text(q, 6, qt->speaker.code && *qt->speaker.code ? qt->speaker.code : NULL);
        o->bind_int(q, 7, (int64_t)qt->speaker.mention.start);
        o->bind_int(q, 8, (int64_t)qt->speaker.mention.end);
    } else {
        for (int i = 5; i <= 8; i++)
            o->bind_text(q, i, NULL);
    }
    o->bind_text(q, 9, qt->cue);
    o->bind_text(q, 10, rl_quote_kind_name(qt->kind));
    x->st = store_run(s, q, x->err);
    return x->st != RL_OK;
}

/* Entities (one row per mention) and tone of the document's GKG record. */
static rl_status ingest_gkg(rl_store *s, const rl_doc *doc, int64_t doc_id, rl_error *err)
{
    const store_ops *o = s->ops;
    const rl_gkg_record *rec = NULL;
    rl_status st = rl_gkg_doc(s->gkg, doc, &rec, err);
    for (size_t i = 0; st == RL_OK && i < rec->n_entities; i++) {
        const rl_entity *e = &rec->entities[i];
        for (size_t m = 0; st == RL_OK && m < e->n_mentions; m++) {
            store_stmt *q = store_q(s, SQ_INSERT_ENTITY);
            o->bind_int(q, 1, doc_id);
            o->bind_text(q, 2, rl_entity_kind_name(e->kind));
            o->bind_text(q, 3, e->name ? e->name : "");
            o->bind_text(q, 4, e->code && *e->code ? e->code : NULL);
            o->bind_int(q, 5, (int64_t)e->mentions[m].start);
            o->bind_int(q, 6, (int64_t)e->mentions[m].end);
            st = store_run(s, q, err);
        }
    }
    if (st == RL_OK) {
        const rl_tone *t = &rec->tone;
        store_stmt *q = store_q(s, SQ_INSERT_TONE);
        o->bind_int(q, 1, doc_id);
        o->bind_double(q, 2, t->tone);
        o->bind_double(q, 3, t->positive);
        o->bind_double(q, 4, t->negative);
        o->bind_double(q, 5, t->polarity);
        o->bind_double(q, 6, t->activity);
        o->bind_double(q, 7, t->self_group);
        o->bind_int(q, 8, (int64_t)t->words);
        st = store_run(s, q, err);
    }
    return st;
}

/* FNV-1a 64 of what makes the content: date, title, text. */
static void ingest_hash(const rl_doc *doc, char out[17])
{
    char date[16];
    snprintf(date, sizeof date, "%d", doc->date);
    uint64_t h = simhash_fnv1a(SIMHASH_FNV_INIT, date, strlen(date) + 1);
    if (doc->title)
        h = simhash_fnv1a(h, doc->title, strlen(doc->title));
    h = simhash_fnv1a(h, "", 1);
    h = simhash_fnv1a(h, doc->text, doc->text_len);
    snprintf(out, 17, "%016" PRIx64, h);
}

static size_t ingest_codepoints(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* The story of a document: that of the first stored copy, or a new one. */
static rl_status ingest_story(rl_store *s, const char *key, int date, uint64_t sh,
                              int64_t *story, int *copy, rl_error *err)
{
    const store_ops *o = s->ops;
    store_stmt *q = store_q(s, SQ_FIND_NEAR);
    int lo = 0, hi = 0; /* undated documents are compared with undated ones */
    if (date > 0) {
        long day = date_days(date);
        lo = date_from_days(day - STORY_WINDOW_DAYS);
        hi = date_from_days(day + STORY_WINDOW_DAYS);
    }
    o->bind_int(q, 1, lo);
    o->bind_int(q, 2, hi);
    int row;
    rl_status st;
    *copy = 0;
    while ((st = o->step(q, &row, err)) == RL_OK && row) {
        if (!*copy && simhash_distance((uint64_t)o->col_int(q, 0), sh) <= SIMHASH_NEAR) {
            *story = o->col_int(q, 1);
            *copy = 1;
        }
    }
    if (st != RL_OK || *copy)
        return st;
    char now[32];
    store_now_iso(now, sizeof now);
    q = store_q(s, SQ_NEW_STORY);
    o->bind_int(q, 1, (int64_t)sh);
    o->bind_text(q, 2, key);
    o->bind_text(q, 3, now);
    int found;
    st = store_run_id(s, q, story, &found, err);
    if (st == RL_OK && !found)
        st = err_set(err, RL_ERR_IO, NULL, 0, 0, "no id for a new story");
    return st;
}

/* Everything of one document, inside the caller's savepoint. */
static rl_status ingest_doc(rl_store *s, rl_coder *c, const rl_doc *doc, rl_ingest_info *info,
                            rl_error *err)
{
    const store_ops *o = s->ops;
    const char *key = doc->id && *doc->id ? doc->id : doc->url ? doc->url : doc->origin;
    if (!key)
        key = "";
    char hash[17];
    ingest_hash(doc, hash);

    /* 1. same document already there? */
    int64_t old_ids[8];
    size_t n_old = 0;
    int same = 0;
    store_stmt *q = store_q(s, SQ_FIND_DOC);
    o->bind_text(q, 1, key);
    o->bind_text(q, 2, doc->url);
    int row;
    rl_status st;
    while ((st = o->step(q, &row, err)) == RL_OK && row) {
        const char *h = o->col_text(q, 1);
        if (h && strcmp(h, hash) == 0)
            same = 1;
        else if (n_old < sizeof old_ids / sizeof old_ids[0])
            old_ids[n_old++] = o->col_int(q, 0);
    }
    if (st != RL_OK)
        return st;
    if (same) {
        info->outcome = RL_INGEST_UNCHANGED;
        return RL_OK;
    }
    /* 2. a changed document: its old rows go first */
    for (size_t i = 0; st == RL_OK && i < n_old; i++) {
        /* the story is looked up by the old row itself */
        store_stmt *sq = NULL;
        int64_t story = 0;
        int found = 0;
        st = store_prepare(s, "SELECT story_id FROM documents WHERE id = $1", &sq, err);
        if (st == RL_OK) {
            o->bind_int(sq, 1, old_ids[i]);
            st = store_run_id(s, sq, &story, &found, err);
            o->finalize(sq);
        }
        if (st == RL_OK)
            st = store_delete_doc(s, old_ids[i], story, err);
    }
    if (st != RL_OK)
        return st;
    info->outcome = n_old ? RL_INGEST_REPLACED : RL_INGEST_ADDED;

    /* 3. its story */
    uint64_t sh = simhash_text(doc->text, doc->text_len);
    int64_t story = 0;
    st = ingest_story(s, key, doc->date, sh, &story, &info->copy, err);
    if (st != RL_OK)
        return st;
    info->story_id = (long long)story;

    /* 4. the document row */
    ingest_ctx x;
    memset(&x, 0, sizeof x);
    x.s = s;
    x.doc = doc;
    x.err = err;
    x.story_id = info->story_id;
    x.url = doc->url ? doc->url : key;
    store_now_iso(x.now, sizeof x.now);
    q = store_q(s, SQ_INSERT_DOC);
    o->bind_text(q, 1, key);
    o->bind_text(q, 2, doc->url);
    o->bind_text(q, 3, doc->source);
    o->bind_text(q, 4, doc->title);
    o->bind_int(q, 5, doc->date);
    o->bind_text(q, 6, hash);
    o->bind_int(q, 7, (int64_t)sh);
    for (int b = 0; b < 4; b++)
        o->bind_int(q, 8 + b, (int64_t)((sh >> (16 * b)) & 0xFFFFu));
    o->bind_int(q, 12, info->story_id);
    o->bind_int(q, 13, (int64_t)ingest_codepoints(doc->text, doc->text_len));
    o->bind_text(q, 14, doc->origin);
    o->bind_text(q, 15, doc->text);
    o->bind_text(q, 16, x.now);
    int found;
    st = store_run_id(s, q, &x.doc_id, &found, err);
    if (st == RL_OK && !found)
        st = err_set(err, RL_ERR_IO, NULL, 0, 0, "no id for a new document");
    if (st != RL_OK)
        return st;

    /* 5. its events */
    s->n_touched = 0;
    st = rl_coder_code_doc(c, doc, ingest_event, &x, err);
    if (st == RL_OK)
        st = x.st;
    if (st == RL_OK)
        st = store_recount(s, err);
    if (st == RL_OK && s->quotes) {
        x.st = RL_OK;
        st = rl_quotes_doc(c, doc, NULL, ingest_quote, &x, err);
        if (st == RL_OK)
            st = x.st;
    }
    if (st == RL_OK && s->gkg)
        st = ingest_gkg(s, doc, x.doc_id, err);
    if (st == RL_OK) {
        q = store_q(s, SQ_SET_DOC_EVENTS);
        o->bind_int(q, 1, (int64_t)x.events);
        o->bind_int(q, 2, x.doc_id);
        st = store_run(s, q, err);
    }
    info->doc_id = (long long)x.doc_id;
    info->events = x.events;
    return st;
}

rl_status rl_store_ingest(rl_store *s, rl_coder *c, const rl_doc *doc, rl_ingest_info *info,
                          rl_error *err)
{
    err_clear(err);
    rl_ingest_info local;
    if (!info)
        info = &local;
    memset(info, 0, sizeof *info);
    rl_status st = RL_OK;
    if (!s->in_tx) {
        st = store_exec(s, s->ops == &store_pg_ops ? "BEGIN" : "BEGIN IMMEDIATE", err);
        if (st != RL_OK)
            return st;
        s->in_tx = 1;
        s->tx_docs = 0;
    }
    st = store_exec(s, "SAVEPOINT rl_doc", err);
    if (st != RL_OK)
        return st;
    st = ingest_doc(s, c, doc, info, err);
    if (st != RL_OK) {
        /* nothing of this document stays; the batch goes on */
        rl_error ignored;
        store_exec(s, "ROLLBACK TO SAVEPOINT rl_doc", &ignored);
        store_exec(s, "RELEASE SAVEPOINT rl_doc", &ignored);
        s->n_touched = 0;
        return st;
    }
    st = store_exec(s, "RELEASE SAVEPOINT rl_doc", err);
    if (st != RL_OK)
        return st;
    if (++s->tx_docs >= s->batch)
        st = rl_store_commit(s, err);
    return st;
}

rl_status rl_store_counts_get(rl_store *s, rl_store_counts *out, rl_error *err)
{
    err_clear(err);
    memset(out, 0, sizeof *out);
    static const char *const sql =
        "SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM stories),"
        " (SELECT COUNT(*) FROM sentences), (SELECT COUNT(*) FROM events),"
        " (SELECT COUNT(*) FROM mentions), (SELECT COUNT(*) FROM quotes),"
        " (SELECT COUNT(*) FROM entities), (SELECT COUNT(*) FROM tone),"
        " (SELECT COUNT(*) FROM alerts),"
        " (SELECT COUNT(*) FROM documents d WHERE d.n_events <>"
        "   (SELECT COUNT(*) FROM mentions m WHERE m.doc_id = d.id))";
    store_stmt *q = NULL;
    rl_status st = store_prepare(s, sql, &q, err);
    if (st != RL_OK)
        return st;
    int row;
    st = s->ops->step(q, &row, err);
    if (st == RL_OK && row) {
        long long *f[] = {&out->documents, &out->stories, &out->sentences, &out->events,
                          &out->mentions, &out->quotes, &out->entities, &out->tone,
                          &out->alerts, &out->half_documents};
        for (int i = 0; i < 10; i++)
            *f[i] = (long long)s->ops->col_int(q, i);
    }
    s->ops->finalize(q);
    return st;
}
