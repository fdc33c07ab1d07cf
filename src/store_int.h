/*
 * store_int.h - what the store's modules share: the small database
 * interface each backend (store_sqlite.c, store_pg.c) implements, and the
 * rl_store handle itself.
 *
 * SQL is written once, for both databases, with numbered parameters $1, $2
 * ... (PostgreSQL's spelling; the SQLite backend rewrites them to ?1, ?2).
 * Nothing outside store*.c, query.c and watch.c may include this header.
 */
#ifndef RL_STORE_INT_H
#define RL_STORE_INT_H

#include <stdint.h>

#include "redline.h"

typedef struct store_db store_db;     /* one backend connection */
typedef struct store_stmt store_stmt; /* one prepared statement */

#define STORE_MAX_PARAMS 32

/* The operations of a backend.  Every function that can fail fills `err`
 * with the database's message.  Text results stay valid until the next
 * step, reset or finalize of the statement. */
typedef struct store_ops {
    const char *name;  /* "sqlite", "postgresql" */
    rl_status (*open)(store_db **out, const char *target, rl_error *err);
    void (*close)(store_db *db);
    /* Run one or more statements without parameters or results. */
    rl_status (*exec)(store_db *db, const char *sql, rl_error *err);
    rl_status (*prepare)(store_db *db, const char *sql, store_stmt **out, rl_error *err);
    /* Parameters are numbered from 1; text NULL binds SQL NULL. */
    void (*bind_text)(store_stmt *st, int i, const char *s);
    void (*bind_int)(store_stmt *st, int i, int64_t v);
    void (*bind_double)(store_stmt *st, int i, double v);
    /* Run the statement (first call) or move to the next row: *row is 1
     * while a row is there, 0 at the end. */
    rl_status (*step)(store_stmt *st, int *row, rl_error *err);
    int (*col_count)(store_stmt *st);
    const char *(*col_name)(store_stmt *st, int col);
    int (*col_null)(store_stmt *st, int col);
    int64_t (*col_int)(store_stmt *st, int col);
    double (*col_double)(store_stmt *st, int col);
    const char *(*col_text)(store_stmt *st, int col); /* NULL when NULL */
    /* Forget the result and the parameters, ready to bind and step again. */
    void (*reset)(store_stmt *st);
    void (*finalize)(store_stmt *st);
} store_ops;

extern const store_ops store_sqlite_ops;
extern const store_ops store_pg_ops;

/* data/schema.sql, compiled in (src/store_schema.c). */
extern const char store_schema_sql[];

/* The statements ingest runs for every document, prepared once. */
enum store_stmt_id {
    SQ_FIND_DOC, SQ_FIND_NEAR, SQ_NEW_STORY, SQ_INSERT_DOC, SQ_SET_DOC_EVENTS,
    SQ_INSERT_SENT, SQ_INSERT_EVENT, SQ_FIND_EVENT, SQ_INSERT_MENTION,
    SQ_RECOUNT_EVENT, SQ_DROP_EMPTY_EVENT, SQ_DOC_EVENTS,
    SQ_DEL_MENTIONS, SQ_DEL_SENTS, SQ_DEL_QUOTES, SQ_DEL_ENTITIES, SQ_DEL_TONE,
    SQ_DEL_DOC, SQ_DROP_EMPTY_STORY,
    SQ_INSERT_QUOTE, SQ_INSERT_ENTITY, SQ_INSERT_TONE,
    SQ_COUNT
};

struct rl_store {
    const store_ops *ops;
    store_db *db;
    char target[512];        /* for messages; a URI's password is not kept */
    store_stmt *sq[SQ_COUNT];
    int in_tx;               /* a transaction is open */
    size_t tx_docs;          /* documents written in it */
    size_t batch;            /* commit after this many documents */
    int64_t *touched;        /* events whose counts must be redone */
    size_t n_touched, cap_touched;
    int quotes;              /* store quotations (rl_store_set_quotes) */
    rl_gkg *gkg;             /* entities and tone from here, or NULL */
};

/* Thin wrappers so callers read like SQL code, not like vtable calls. */
rl_status store_prepare(rl_store *s, const char *sql, store_stmt **out, rl_error *err);
rl_status store_exec(rl_store *s, const char *sql, rl_error *err);

/* "2024-04-10T08:15:00Z" for now, into buf (at least 21 bytes). */
void store_now_iso(char *buf, size_t cap);

/* Near-duplicate fingerprint of a text: SimHash over word 3-shingles
 * (src/simhash.c); and the number of bits two fingerprints differ in. */
uint64_t simhash_text(const char *text, size_t len);
int simhash_distance(uint64_t a, uint64_t b);
/* FNV-1a 64 over `len` bytes, continuing from `h` (start with
 * SIMHASH_FNV_INIT). */
#define SIMHASH_FNV_INIT 0xcbf29ce484222325ull
uint64_t simhash_fnv1a(uint64_t h, const void *data, size_t len);

#endif
