/*
 * serve.c - the dashboard's HTTP server: libmicrohttpd in front of
 * dash_handle().
 *
 * The listening socket is made here (not by libmicrohttpd), so a port in
 * use or a bad address is a clear error before any thread starts, and port
 * 0 can pick a free port.  Only GET and HEAD are answered; the path must
 * be one of the dashboard's pages and the query parameters go to
 * dash_parse_query() unchanged.  Every reply carries a Content-Security-
 * Policy that forbids scripts, as a second wall behind the escaping.
 * This file installs no signal handler and prints nothing: the caller
 * (cli/serve.c) decides when to stop and what to say.
 */
#include "dash.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define SERVE_DEFAULT_THREADS 4
#define SERVE_MAX_THREADS 64

struct rl_server {
    struct MHD_Daemon *mhd;
    dash *dash;
    unsigned port;
};

void rl_serve_opts_init(rl_serve_opts *o)
{
    memset(o, 0, sizeof *o);
    o->host = "127.0.0.1";
    o->port = 8080;
    o->threads = SERVE_DEFAULT_THREADS;
}

typedef struct serve_args {
    dash_kv kv[DASH_MAX_PARAMS + 1];
    size_t n;
} serve_args;

static enum MHD_Result serve_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                 size_t key_size, const char *value, size_t value_size)
{
    (void)kind;
    serve_args *a = cls;
    if (a->n == DASH_MAX_PARAMS + 1)
        return MHD_NO; /* dash_parse_query says "too many" */
    a->kv[a->n].key = key;
    a->kv[a->n].key_len = key_size;
    a->kv[a->n].value = value;
    a->kv[a->n].value_len = value ? value_size : 0;
    a->n++;
    return MHD_YES;
}

static enum MHD_Result serve_queue(struct MHD_Connection *c, int status, const char *type,
                                   char *body, size_t len)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    if (r == NULL) {
        free(body);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
        MHD_add_response_header(r, "Allow", "GET, HEAD");
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result serve_request(void *cls, struct MHD_Connection *c, const char *url,
                                     const char *method, const char *version,
                                     const char *upload_data, size_t *upload_data_size,
                                     void **con_cls)
{
    (void)version;
    (void)upload_data;
    (void)upload_data_size;
    (void)con_cls;
    rl_server *s = cls;
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        static const char msg[] = "only GET and HEAD\n";
        char *body = malloc(sizeof msg - 1);
        if (body == NULL)
            return MHD_NO;
        memcpy(body, msg, sizeof msg - 1);
        return serve_queue(c, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", body,
                           sizeof msg - 1);
    }
    serve_args args;
    args.n = 0;
    MHD_get_connection_values_n(c, MHD_GET_ARGUMENT_KIND, serve_arg, &args);
    dash_reply rep;
    if (dash_handle(s->dash, url, args.kv, args.n, &rep) != RL_OK || rep.body == NULL)
        return MHD_NO; /* out of memory: drop the connection */
    return serve_queue(c, rep.status, rep.type, rep.body, rep.len);
}

/* A socket bound to host:port and listening, or -1 with err set. */
static int serve_listen(const char *host, unsigned port, int *family, rl_error *err)
{
    char portstr[16];
    snprintf(portstr, sizeof portstr, "%u", port);
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    int gai = getaddrinfo(host, portstr, &hints, &res);
    if (gai != 0) {
        err_set(err, RL_ERR_USAGE, NULL, 0, 0, "address '%s': %s", host, gai_strerror(gai));
        return -1;
    }
    int fd = socket(res->ai_family, res->ai_socktype | SOCK_CLOEXEC, res->ai_protocol);
    if (fd < 0) {
        err_set(err, RL_ERR_IO, NULL, 0, 0, "socket: %s", strerror(errno));
        freeaddrinfo(res);
        return -1;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, res->ai_addr, res->ai_addrlen) != 0 || listen(fd, 128) != 0) {
        int e = errno;
        if (e == EADDRINUSE)
            err_set(err, RL_ERR_IO, NULL, 0, 0,
                    "%s port %u is already in use (another server is running there; "
                    "choose another with --port)", host, port);
        else if (e == EACCES)
            err_set(err, RL_ERR_IO, NULL, 0, 0,
                    "%s port %u: permission denied (ports below 1024 need privileges)",
                    host, port);
        else
            err_set(err, RL_ERR_IO, NULL, 0, 0, "%s port %u: %s", host, port, strerror(e));
        close(fd);
        freeaddrinfo(res);
        return -1;
    }
    *family = res->ai_family;
    freeaddrinfo(res);
    return fd;
}

static unsigned serve_bound_port(int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
        return 0;
    if (ss.ss_family == AF_INET)
        return ntohs(((struct sockaddr_in *)&ss)->sin_port);
    if (ss.ss_family == AF_INET6)
        return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
    return 0;
}

rl_status rl_server_start(rl_server **out, const rl_serve_opts *o, rl_error *err)
{
    *out = NULL;
    if (o == NULL || o->db == NULL)
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "no database given");
    if (o->port > 65535)
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "port %u is not 0..65535", o->port);
    unsigned threads = o->threads ? o->threads : SERVE_DEFAULT_THREADS;
    if (threads > SERVE_MAX_THREADS)
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "threads must be 1..%d",
                       SERVE_MAX_THREADS);
    rl_server *s = calloc(1, sizeof *s);
    if (s == NULL)
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    rl_status st = dash_open(&s->dash, o->db, threads, err);
    if (st != RL_OK) {
        free(s);
        return st;
    }
    int family = AF_INET;
    int fd = serve_listen(o->host ? o->host : "127.0.0.1", o->port, &family, err);
    if (fd < 0) {
        dash_close(s->dash);
        free(s);
        return err ? err->status : RL_ERR_IO;
    }
    s->port = serve_bound_port(fd);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO;
    if (family == AF_INET6)
        flags |= MHD_USE_IPv6;
    s->mhd = MHD_start_daemon(flags, 0, NULL, NULL, serve_request, s,
                              MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
                              MHD_OPTION_THREAD_POOL_SIZE, threads,
                              MHD_OPTION_CONNECTION_LIMIT, (unsigned)1024,
                              MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
                              MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
                              MHD_OPTION_END);
    if (s->mhd == NULL) {
        close(fd);
        dash_close(s->dash);
        free(s);
        return err_set(err, RL_ERR_IO, NULL, 0, 0, "the HTTP server (libmicrohttpd) did not start");
    }
    *out = s;
    return RL_OK;
}

unsigned rl_server_port(const rl_server *s)
{
    return s ? s->port : 0;
}

void rl_server_stop(rl_server *s)
{
    if (s == NULL)
        return;
    MHD_stop_daemon(s->mhd); /* waits for the worker threads; closes the socket */
    dash_close(s->dash);
    free(s);
}

rl_status rl_report_write(const char *db, FILE *out, rl_error *err)
{
    dash *d = NULL;
    rl_status st = dash_open(&d, db, 1, err);
    if (st != RL_OK)
        return st;
    st = dash_report(d, out, err);
    dash_close(d);
    return st;
}
