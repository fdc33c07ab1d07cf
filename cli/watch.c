/*
 * watch.c - `redline watch --db TARGET --rules FILE [--follow]`: check
 * watch rules (docs/watch.md) against an event store and print each new
 * alert as a JSON line; with --follow, check again every --interval
 * seconds until interrupted.  A rule file with an error is reported as
 * file:line:column and nothing is checked.
 *
 * Must not include anything from src/: only the public API.
 */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { OPT_DB = 256, OPT_RULES, OPT_FOLLOW, OPT_INTERVAL, OPT_CHECK };

int cli_watch(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"rules", required_argument, NULL, OPT_RULES},
        {"follow", no_argument, NULL, OPT_FOLLOW},
        {"interval", required_argument, NULL, OPT_INTERVAL},
        {"check", no_argument, NULL, OPT_CHECK},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL, *rules = NULL;
    int follow = 0, check_only = 0;
    size_t interval = 5;
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_DB: db = optarg; break;
        case OPT_RULES: rules = optarg; break;
        case OPT_FOLLOW: follow = 1; break;
        case OPT_CHECK: check_only = 1; break;
        case OPT_INTERVAL:
            if (cli_parse_size(optarg, &interval) != 0 || interval > 86400) {
                cli_error("bad --interval '%s' (seconds, 1 to 86400)", optarg);
                return CLI_USAGE;
            }
            break;
        case 'h': cli_help(); return CLI_OK;
        default: return cli_bad_option(c, optopt, argv[optind - 1]);
        }
    }
    if (optind < argc) {
        cli_error("unexpected argument '%s'", argv[optind]);
        return CLI_USAGE;
    }
    if (!rules || (!db && !check_only)) {
        cli_error("watch needs --rules FILE and --db PATH (or --check to only read the rules)");
        return CLI_USAGE;
    }
    rl_error err;
    memset(&err, 0, sizeof err);
    rl_watch *w = NULL;
    if (rl_watch_load(&w, rules, &err) != RL_OK) {
        cli_error("%s", err.msg);
        return err.status == RL_ERR_PARSE ? CLI_USAGE : CLI_IO;
    }
    if (check_only) {
        printf("%s: %zu rule%s\n", rules, rl_watch_rule_count(w),
               rl_watch_rule_count(w) == 1 ? "" : "s");
        rl_watch_free(w);
        return CLI_OK;
    }
    rl_store *s = NULL;
    if (rl_store_open(&s, db, &err) != RL_OK) {
        cli_error("%s", err.msg);
        rl_watch_free(w);
        return CLI_IO;
    }
    int rc = CLI_OK;
    for (;;) {
        size_t fired = 0;
        if (rl_watch_check(s, w, stdout, &fired, &err) != RL_OK) {
            cli_error("%s", err.msg);
            rc = CLI_IO;
            break;
        }
        if (fflush(stdout) != 0) {
            rc = CLI_IO;
            break;
        }
        if (!follow)
            break;
        struct timespec ts = {(time_t)interval, 0};
        nanosleep(&ts, NULL);
    }
    rl_store_close(s);
    rl_watch_free(w);
    return rc;
}
