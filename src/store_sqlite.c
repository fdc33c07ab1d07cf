/*
 * store_sqlite.c - the SQLite backend of the store (store_int.h): a file
 * opened in WAL mode, so a reader (the dashboard, `redline query`) never
 * waits for an ingest and a killed ingest loses only its open transaction.
 *
 * It only translates: parameters $N become ?N, results come from sqlite3
 * as they are.  Schema and SQL live in store.c, query.c and watch.c.
 */
#include "store_int.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

struct store_db {
    sqlite3 *h;
    char path[512];
};

struct store_stmt {
    store_db *db;
    sqlite3_stmt *h;
    int done;   /* stepped past the last row */
};

static rl_status sqlite_fail(store_db *db, rl_error *err, const char *what)
{
    return err_set(err, RL_ERR_IO, db->path, 0, 0, "%s: %s", what, sqlite3_errmsg(db->h));
}

static rl_status sqlite_exec(store_db *db, const char *sql, rl_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
        rl_status st = err_set(err, RL_ERR_IO, db->path, 0, 0, "%s",
                               msg ? msg : sqlite3_errmsg(db->h));
        sqlite3_free(msg);
        return st;
    }
    return RL_OK;
}

static void sqlite_close(store_db *db)
{
    if (!db)
        return;
    sqlite3_close(db->h);
    free(db);
}

static rl_status sqlite_open(store_db **out, const char *target, rl_error *err)
{
    *out = NULL;
    store_db *db = calloc(1, sizeof *db);
    if (!db)
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    snprintf(db->path, sizeof db->path, "%s", target);
    int rc = sqlite3_open_v2(target, &db->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        rl_status st = err_set(err, RL_ERR_IO, target, 0, 0, "cannot open database: %s",
                               db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
        sqlite_close(db);
        return st;
    }
    sqlite3_busy_timeout(db->h, 10000);
    /* WAL + synchronous=NORMAL: a committed transaction survives a killed
     * process (only a power cut may lose the last ones). */
    rl_status st = sqlite_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                                       " PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;", err);
    if (st != RL_OK) {
        sqlite_close(db);
        return st;
    }
    *out = db;
    return RL_OK;
}

static rl_status sqlite_prepare(store_db *db, const char *sql, store_stmt **out, rl_error *err)
{
    *out = NULL;
    /* $N -> ?N: both number parameters; only the sigil differs. */
    size_t n = strlen(sql);
    char *text = malloc(n + 1);
    store_stmt *st = calloc(1, sizeof *st);
    if (!text || !st) {
        free(text);
        free(st);
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    int in_string = 0;
    for (size_t i = 0; i <= n; i++) {
        char c = sql[i];
        if (c == '\'')
            in_string = !in_string;
        text[i] = (c == '$' && !in_string && sql[i + 1] >= '0' && sql[i + 1] <= '9') ? '?' : c;
    }
    st->db = db;
    int rc = sqlite3_prepare_v2(db->h, text, -1, &st->h, NULL);
    free(text);
    if (rc != SQLITE_OK) {
        free(st);
        return sqlite_fail(db, err, "cannot prepare statement");
    }
    *out = st;
    return RL_OK;
}

static void sqlite_bind_text(store_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st->h, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st->h, i);
}

static void sqlite_bind_int(store_stmt *st, int i, int64_t v)
{
    sqlite3_bind_int64(st->h, i, (sqlite3_int64)v);
}

static void sqlite_bind_double(store_stmt *st, int i, double v)
{
    sqlite3_bind_double(st->h, i, v);
}

static rl_status sqlite_step(store_stmt *st, int *row, rl_error *err)
{
    *row = 0;
    if (st->done)
        return RL_OK;
    int rc = sqlite3_step(st->h);
    if (rc == SQLITE_ROW) {
        *row = 1;
        return RL_OK;
    }
    st->done = 1;
    if (rc == SQLITE_DONE)
        return RL_OK;
    return sqlite_fail(st->db, err, "statement failed");
}

static int sqlite_col_count(store_stmt *st) { return sqlite3_column_count(st->h); }
static const char *sqlite_col_name(store_stmt *st, int c) { return sqlite3_column_name(st->h, c); }
static int sqlite_col_null(store_stmt *st, int c)
{
    return sqlite3_column_type(st->h, c) == SQLITE_NULL;
}
static int64_t sqlite_col_int(store_stmt *st, int c) { return sqlite3_column_int64(st->h, c); }
static double sqlite_col_double(store_stmt *st, int c) { return sqlite3_column_double(st->h, c); }
static const char *sqlite_col_text(store_stmt *st, int c)
{
    return (const char *)sqlite3_column_text(st->h, c);
}

static void sqlite_reset(store_stmt *st)
{
    sqlite3_reset(st->h);
    sqlite3_clear_bindings(st->h);
    st->done = 0;
}

static void sqlite_finalize(store_stmt *st)
{
    if (!st)
        return;
    sqlite3_finalize(st->h);
    free(st);
}

const store_ops store_sqlite_ops = {
    "sqlite", sqlite_open, sqlite_close, sqlite_exec, sqlite_prepare,
    sqlite_bind_text, sqlite_bind_int, sqlite_bind_double, sqlite_step,
    sqlite_col_count, sqlite_col_name, sqlite_col_null, sqlite_col_int,
    sqlite_col_double, sqlite_col_text, sqlite_reset, sqlite_finalize,
};
