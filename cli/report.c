/*
 * cli/report.c - `redline report`: the dashboard's views as one
 * self-contained HTML file to share (no server, no network, no script).
 *
 *   redline report --db FILE [-o OUT.html]
 *
 * Without -o (or with -o -) the page goes to standard output.  A report
 * that could not be written whole is removed, not left half-written.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cli_report(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}
    };
    const char *db = NULL, *out_path = NULL;
    int ch;
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'd': db = optarg; break;
        case 'o': out_path = optarg; break;
        case 'h':
            puts("usage: redline report --db FILE [-o OUT.html]");
            return CLI_OK;
        default:
            return cli_bad_option(ch, optopt, argv[optind - 1]);
        }
    }
    if (optind < argc) {
        cli_error("report: unexpected argument '%s'", argv[optind]);
        return CLI_USAGE;
    }
    if (db == NULL) {
        cli_error("report: --db FILE is needed (a store made by redline ingest)");
        return CLI_USAGE;
    }
    int to_stdout = out_path == NULL || strcmp(out_path, "-") == 0;
    FILE *out = stdout;
    if (!to_stdout && (out = fopen(out_path, "w")) == NULL) {
        cli_error("report: cannot write '%s'", out_path);
        return CLI_IO;
    }
    rl_error err;
    memset(&err, 0, sizeof err);
    rl_status st = rl_report_write(db, out, &err);
    int bad_close = to_stdout ? fflush(stdout) != 0 : fclose(out) != 0;
    if (st == RL_OK && bad_close)
        snprintf(err.msg, sizeof err.msg, "cannot write '%s'", to_stdout ? "stdout" : out_path);
    if (st != RL_OK || bad_close) {
        cli_error("report: %s", err.msg);
        if (!to_stdout)
            remove(out_path);
        return st == RL_ERR_USAGE ? CLI_USAGE : CLI_IO;
    }
    return CLI_OK;
}
