/*
 * cli/serve.c - `redline serve`: the local dashboard over a redline store.
 *
 *   redline serve --db FILE [--port N] [--host ADDR] [--threads N]
 *
 * Starts the server (rl_server_start), prints the address on standard
 * output, and waits for SIGINT or SIGTERM; then stops the server, letting
 * the requests being answered finish, and exits 0.  The signals are
 * blocked before the server's threads start, so only this thread receives
 * them (sigwait), and nothing runs in a signal handler.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* A port number 0..65535 into *out; -1 when it is not one. */
static int serve_parse_port(const char *s, unsigned *out)
{
    if (s == NULL || *s == '\0' || strlen(s) > 5)
        return -1;
    unsigned v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        v = v * 10 + (unsigned)(*p - '0');
    }
    if (v > 65535)
        return -1;
    *out = v;
    return 0;
}

int cli_serve(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"port", required_argument, NULL, 'p'},
        {"host", required_argument, NULL, 'H'},
        {"threads", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}
    };
    rl_serve_opts o;
    rl_serve_opts_init(&o);
    int ch;
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'd': o.db = optarg; break;
        case 'H': o.host = optarg; break;
        case 'p':
            if (serve_parse_port(optarg, &o.port) != 0) {
                cli_error("--port: '%s' is not a port number (0..65535)", optarg);
                return CLI_USAGE;
            }
            break;
        case 't': {
            unsigned t = 0;
            if (serve_parse_port(optarg, &t) != 0 || t < 1 || t > 64) {
                cli_error("--threads: '%s' is not a number from 1 to 64", optarg);
                return CLI_USAGE;
            }
            o.threads = t;
            break;
        }
        case 'h':
            puts("usage: redline serve --db FILE [--port N] [--host ADDR] [--threads N]");
            return CLI_OK;
        default:
            return cli_bad_option(ch, optopt, argv[optind - 1]);
        }
    }
    if (optind < argc) {
        cli_error("serve: unexpected argument '%s'", argv[optind]);
        return CLI_USAGE;
    }
    if (o.db == NULL) {
        cli_error("serve: --db FILE is needed (a store made by redline ingest)");
        return CLI_USAGE;
    }

    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGHUP);
    if (pthread_sigmask(SIG_BLOCK, &stop, NULL) != 0) {
        cli_error("serve: cannot block signals");
        return CLI_IO;
    }
    /* a client that goes away must not kill the server */
    signal(SIGPIPE, SIG_IGN);

    rl_server *s = NULL;
    rl_error err;
    memset(&err, 0, sizeof err);
    rl_status st = rl_server_start(&s, &o, &err);
    if (st != RL_OK) {
        cli_error("serve: %s", err.msg);
        return st == RL_ERR_USAGE ? CLI_USAGE : CLI_IO;
    }
    int v6 = strchr(o.host, ':') != NULL;
    printf("redline: serving %s at http://%s%s%s:%u/ (Ctrl-C stops)\n", o.db, v6 ? "[" : "",
           o.host, v6 ? "]" : "", rl_server_port(s));
    fflush(stdout);

    int sig = 0;
    while (sigwait(&stop, &sig) != 0)
        ;
    rl_server_stop(s);
    fprintf(stderr, "redline: serve: stopped (%s)\n",
            sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "SIGHUP");
    return CLI_OK;
}
