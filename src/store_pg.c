/*
 * store_pg.c - the PostgreSQL backend of the store (store_int.h), over
 * libpq.  Statements are prepared on the server once and run with text
 * parameters; the server infers their types from the SQL.
 *
 * It only translates: schema and SQL live in store.c, query.c and
 * watch.c.  Server notices ("relation already exists, skipping") are
 * dropped, not printed: the library never writes to stderr.
 */
#include "store_int.h"

#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

struct store_db {
    PGconn *h;
    char name[256];      /* database name, for messages */
    unsigned next_stmt;  /* server-side statement names rl_1, rl_2 ... */
};

struct store_stmt {
    store_db *db;
    char name[32];
    int nparams;
    char *vals[STORE_MAX_PARAMS];
    char num[STORE_MAX_PARAMS][32]; /* numbers are formatted here */
    PGresult *res;
    int row;       /* current row, -1 before the first */
    int executed;
};

static void pg_quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* libpq's messages end with a newline: keep the first line only. */
static rl_status pg_fail(store_db *db, rl_error *err, const char *what, const char *msg)
{
    char line[512];
    snprintf(line, sizeof line, "%s", msg && *msg ? msg : "unknown error");
    line[strcspn(line, "\n")] = '\0';
    return err_set(err, RL_ERR_IO, db->name, 0, 0, "%s: %s", what, line);
}

static void pg_close(store_db *db)
{
    if (!db)
        return;
    PQfinish(db->h);
    free(db);
}

static rl_status pg_open(store_db **out, const char *target, rl_error *err)
{
    *out = NULL;
    store_db *db = calloc(1, sizeof *db);
    if (!db)
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    snprintf(db->name, sizeof db->name, "postgresql");
    db->h = PQconnectdb(target);
    if (!db->h || PQstatus(db->h) != CONNECTION_OK) {
        rl_status st = pg_fail(db, err, "cannot connect",
                               db->h ? PQerrorMessage(db->h) : "out of memory");
        pg_close(db);
        return st;
    }
    snprintf(db->name, sizeof db->name, "postgresql database %s", PQdb(db->h));
    PQsetNoticeProcessor(db->h, pg_quiet, NULL);
    *out = db;
    return RL_OK;
}

static rl_status pg_exec(store_db *db, const char *sql, rl_error *err)
{
    PGresult *r = PQexec(db->h, sql);
    ExecStatusType s = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    rl_status st = RL_OK;
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
        st = pg_fail(db, err, "statement failed", r ? PQresultErrorMessage(r) : PQerrorMessage(db->h));
    PQclear(r);
    return st;
}

static rl_status pg_prepare(store_db *db, const char *sql, store_stmt **out, rl_error *err)
{
    *out = NULL;
    store_stmt *st = calloc(1, sizeof *st);
    if (!st)
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    st->db = db;
    st->row = -1;
    snprintf(st->name, sizeof st->name, "rl_%u", ++db->next_stmt);
    PGresult *r = PQprepare(db->h, st->name, sql, 0, NULL);
    if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) {
        rl_status e = pg_fail(db, err, "cannot prepare statement",
                              r ? PQresultErrorMessage(r) : PQerrorMessage(db->h));
        PQclear(r);
        free(st);
        return e;
    }
    PQclear(r);
    r = PQdescribePrepared(db->h, st->name);
    if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) {
        rl_status e = pg_fail(db, err, "cannot describe statement",
                              r ? PQresultErrorMessage(r) : PQerrorMessage(db->h));
        PQclear(r);
        free(st);
        return e;
    }
    st->nparams = PQnparams(r);
    PQclear(r);
    if (st->nparams > STORE_MAX_PARAMS) {
        free(st);
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "statement has too many parameters");
    }
    *out = st;
    return RL_OK;
}

static void pg_unbind(store_stmt *st, int i)
{
    if (st->vals[i] && st->vals[i] != st->num[i])
        free(st->vals[i]);
    st->vals[i] = NULL;
}

static void pg_bind_text(store_stmt *st, int i, const char *s)
{
    if (i < 1 || i > st->nparams)
        return;
    pg_unbind(st, i - 1);
    /* an allocation failure binds NULL, which a NOT NULL column refuses */
    st->vals[i - 1] = s ? strdup(s) : NULL;
}

static void pg_bind_int(store_stmt *st, int i, int64_t v)
{
    if (i < 1 || i > st->nparams)
        return;
    pg_unbind(st, i - 1);
    snprintf(st->num[i - 1], sizeof st->num[i - 1], "%" PRId64, v);
    st->vals[i - 1] = st->num[i - 1];
}

static void pg_bind_double(store_stmt *st, int i, double v)
{
    if (i < 1 || i > st->nparams)
        return;
    pg_unbind(st, i - 1);
    snprintf(st->num[i - 1], sizeof st->num[i - 1], "%.17g", v);
    st->vals[i - 1] = st->num[i - 1];
}

static rl_status pg_step(store_stmt *st, int *row, rl_error *err)
{
    *row = 0;
    if (!st->executed) {
        st->executed = 1;
        st->res = PQexecPrepared(st->db->h, st->name, st->nparams,
                                 (const char *const *)st->vals, NULL, NULL, 0);
        ExecStatusType s = st->res ? PQresultStatus(st->res) : PGRES_FATAL_ERROR;
        if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
            return pg_fail(st->db, err, "statement failed",
                           st->res ? PQresultErrorMessage(st->res) : PQerrorMessage(st->db->h));
    }
    if (!st->res || PQresultStatus(st->res) != PGRES_TUPLES_OK)
        return RL_OK;
    st->row++;
    *row = st->row < PQntuples(st->res);
    return RL_OK;
}

static int pg_col_count(store_stmt *st) { return st->res ? PQnfields(st->res) : 0; }
static const char *pg_col_name(store_stmt *st, int c) { return PQfname(st->res, c); }
static int pg_col_null(store_stmt *st, int c) { return PQgetisnull(st->res, st->row, c); }
static int64_t pg_col_int(store_stmt *st, int c)
{
    return strtoll(PQgetvalue(st->res, st->row, c), NULL, 10);
}
static double pg_col_double(store_stmt *st, int c)
{
    return strtod(PQgetvalue(st->res, st->row, c), NULL);
}
static const char *pg_col_text(store_stmt *st, int c)
{
    return PQgetisnull(st->res, st->row, c) ? NULL : PQgetvalue(st->res, st->row, c);
}

static void pg_reset(store_stmt *st)
{
    PQclear(st->res);
    st->res = NULL;
    st->row = -1;
    st->executed = 0;
    for (int i = 0; i < st->nparams; i++)
        pg_unbind(st, i);
}

static void pg_finalize(store_stmt *st)
{
    if (!st)
        return;
    pg_reset(st);
    char sql[64];
    snprintf(sql, sizeof sql, "DEALLOCATE %s", st->name);
    PQclear(PQexec(st->db->h, sql));
    free(st);
}

const store_ops store_pg_ops = {
    "postgresql", pg_open, pg_close, pg_exec, pg_prepare,
    pg_bind_text, pg_bind_int, pg_bind_double, pg_step,
    pg_col_count, pg_col_name, pg_col_null, pg_col_int,
    pg_col_double, pg_col_text, pg_reset, pg_finalize,
};
