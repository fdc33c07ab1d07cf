/*
 * dash.h - the dashboard's pages, rendered from a redline store (SQLite,
 * opened read-only): the network of countries, a dyad's timeline, the
 * event list with highlighted spans, quotations by speaker, search and the
 * watch alerts; and the same views as one self-contained report file.
 *
 *   dash_param.c  checks every query parameter (countries, dates, ints,
 *                 bounded text) before a page sees it: bad ones are a 400
 *   dash.c        the pages: prepared statements only, every value from
 *                 the database through html_text()
 *   serve.c       the HTTP server (libmicrohttpd) that calls dash_handle()
 *
 * A dash holds a small pool of read-only connections, so several server
 * threads can render pages at once.  Nothing here writes to the database.
 */
#ifndef RL_DASH_H
#define RL_DASH_H

#include <stddef.h>
#include <stdio.h>

#include "html.h"

/* Limits on what a request may carry. */
#define DASH_MAX_PARAMS 16
#define DASH_MAX_TEXT 200        /* bytes of a search or speaker value */
#define DASH_MAX_PAGE 100000     /* ?page= */
#define DASH_PAGE_ROWS 50        /* events or quotations a page */
#define DASH_MAX_BODY (32u << 20) /* bytes of one rendered page */

typedef struct dash dash;

/* Open `db_path` read-only with `n_conns` connections (1..64) and check it
 * is a redline store. */
rl_status dash_open(dash **out, const char *db_path, size_t n_conns, rl_error *err);
void dash_close(dash *d);

/* One query parameter as the client sent it (already percent-decoded). */
typedef struct dash_kv {
    const char *key, *value; /* value may be NULL ("?a") */
    size_t key_len, value_len;
} dash_kv;

/* The parameters after checking; absent ones are 0 / "". */
typedef struct dash_query {
    char a[4], b[4], country[4];
    int from, to;       /* YYYYMMDD */
    long page;          /* 1.. */
    long long id;
    char q[DASH_MAX_TEXT + 1];
    char speaker[DASH_MAX_TEXT + 1];
} dash_query;

/* Which parameters a page takes (bits). */
enum {
    DASH_P_A = 1u << 0, DASH_P_B = 1u << 1, DASH_P_COUNTRY = 1u << 2,
    DASH_P_FROM = 1u << 3, DASH_P_TO = 1u << 4, DASH_P_PAGE = 1u << 5,
    DASH_P_ID = 1u << 6, DASH_P_Q = 1u << 7, DASH_P_SPEAKER = 1u << 8
};

/* Check `n` parameters against the set `allowed` into *q.  RL_OK, or
 * RL_ERR_USAGE with a message naming the parameter ("parameter 'a': a
 * country is three capital letters"). */
rl_status dash_parse_query(const dash_kv *kv, size_t n, unsigned allowed, dash_query *q,
                           rl_error *err);

/* A rendered reply; body is malloc'd (the caller frees it). */
typedef struct dash_reply {
    int status;        /* 200, 400, 404, 500 */
    const char *type;  /* static Content-Type */
    char *body;
    size_t len;
} dash_reply;

/* Render the page at `path` ("/", "/dyad", "/events", "/event", "/quotes",
 * "/search", "/alerts") for the parameters given.  Always fills *out with a
 * page, an error page included; returns RL_OK unless out of memory (then
 * out->body is NULL). */
rl_status dash_handle(dash *d, const char *path, const dash_kv *kv, size_t n,
                      dash_reply *out);

/* Write every view into one self-contained HTML file. */
rl_status dash_report(dash *d, FILE *out, rl_error *err);


#endif
