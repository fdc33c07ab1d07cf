/*
 * eval.c - `redline eval GOLD...`: score the coder against gold files.
 *
 * Each gold file goes to rl_eval_file(), which prints its own report; this
 * file only handles options, the optional --require threshold (checked per
 * file), a total line when there are several files, and exit codes.
 *
 * Must not include anything from src/: only the public API.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { EVAL_DICT_DIR = 256, EVAL_DATA_DIR, EVAL_SHOW_MISSES, EVAL_REQUIRE, EVAL_ALL };

static int eval_status_exit(rl_status st)
{
    switch (st) {
    case RL_ERR_DICT: return CLI_DICT;
    case RL_ERR_USAGE: return CLI_USAGE;
    default: return CLI_IO;
    }
}

static double eval_percent(size_t correct, size_t records)
{
    return records ? 100.0 * (double)correct / (double)records : 100.0;
}

int cli_eval(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"dict-dir", required_argument, NULL, EVAL_DICT_DIR},
        {"data-dir", required_argument, NULL, EVAL_DATA_DIR},
        {"show-misses", no_argument, NULL, EVAL_SHOW_MISSES},
        {"require", required_argument, NULL, EVAL_REQUIRE},
        {"all", no_argument, NULL, EVAL_ALL},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}
    };
    rl_eval_opts eo;
    memset(&eo, 0, sizeof eo);
    eo.report = stdout;
    double require = -1.0; /* < 0: no threshold */
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":hV", longopts, NULL)) != -1) {
        switch (c) {
        case EVAL_DICT_DIR: eo.dict_dir = optarg; break;
        case EVAL_DATA_DIR: eo.data_dir = optarg; break;
        case EVAL_SHOW_MISSES: eo.misses = stdout; break;
        case EVAL_ALL: eo.emit_all = 1; break;
        case EVAL_REQUIRE:
            if (cli_percent_option(optarg, &require) != CLI_OK)
                return CLI_USAGE;
            break;
        case 'h': cli_help(); return fflush(stdout) == 0 ? CLI_OK : CLI_IO;
        case 'V': cli_version(); return fflush(stdout) == 0 ? CLI_OK : CLI_IO;
        default: return cli_bad_option(c, optopt, argv[optind - 1]);
        }
    }
    if (optind >= argc) {
        cli_error("eval: no gold file given");
        fputs("Try 'redline --help' for more information.\n", stderr);
        return CLI_USAGE;
    }

    int rc = CLI_OK;
    size_t records = 0, correct = 0, files = 0;
    for (int i = optind; i < argc; i++) {
        rl_eval_result res;
        memset(&res, 0, sizeof res);
        rl_error err;
        memset(&err, 0, sizeof err);
        rl_status st = rl_eval_file(argv[i], &eo, &res, &err);
        if (st != RL_OK) {
            cli_error("%s", err.msg[0] ? err.msg : rl_status_name(st));
            rc = cli_worse(rc, eval_status_exit(st));
            continue;
        }
        files++;
        records += res.records;
        correct += res.correct;
        double pct = eval_percent(res.correct, res.records);
        /* Compare in integers when asked for 100%: no rounding surprises. */
        int below = require >= 100.0 ? res.correct < res.records
                                     : pct + 1e-9 < require;
        if (require >= 0.0 && below) {
            cli_error("%s: %zu of %zu records correct (%.1f%%), below the required %g%%",
                      argv[i], res.correct, res.records, pct, require);
            rc = cli_worse(rc, CLI_EVAL);
        }
    }
    if (files > 1)
        printf("total: %zu files, %zu records, %zu correct (%.1f%%)\n",
               files, records, correct, eval_percent(correct, records));
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("standard output: write error: %s", strerror(errno));
        rc = cli_worse(rc, CLI_IO);
    }
    return rc;
}
