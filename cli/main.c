/*
 * main.c - the redline command: picks the subcommand and holds the help
 * text and the small parsers the subcommands share.
 *
 *   redline [code] [options] [FILE...]   code documents (the default)
 *   redline eval GOLD... [options]       score against gold files
 *   redline actors lookup|unknown ...    keep actor dictionaries current
 *   redline quotes | eval-quotes ...     quotations with speakers (quotes.c)
 *   redline gkg ...                      one knowledge-graph record a document
 *   redline ingest | query | watch ...   the event store (ingest.c, query.c, watch.c)
 *   redline serve | report ...           the dashboard (serve.c, report.c)
 *   redline version | help
 *
 * This file must not code or read anything itself: the subcommands' files
 * do the work through the public API (include/redline.h) only.
 */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("redline: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int cli_bad_option(int c, int optopt_value, const char *arg)
{
    const char *what = arg ? arg : "?";
    int is_long = arg != NULL && strncmp(arg, "--", 2) == 0;
    if (c == ':') {
        cli_error("option '%s' needs an argument", what);
    } else if (is_long && optopt_value != 0) {
        /* glibc sets optopt to a known long option's value when it was
         * given "=VALUE" but takes none; unknown ones leave it 0. */
        cli_error("option '%s' does not take an argument", what);
    } else if (!is_long && optopt_value > 0 && optopt_value < 128) {
        cli_error("unknown option '-%c'", (char)optopt_value);
    } else {
        cli_error("unknown option '%s'", what);
    }
    fputs("Try 'redline --help' for more information.\n", stderr);
    return CLI_USAGE;
}

int cli_parse_date(const char *s)
{
    return s ? rl_date_parse(s, strlen(s)) : -1;
}

int cli_date_option(const char *arg, int *out)
{
    int d = cli_parse_date(arg);
    if (d < 0) {
        cli_error("--date: '%s' is not a date of the form YYYY-MM-DD", arg);
        return CLI_USAGE;
    }
    *out = d;
    return CLI_OK;
}

int cli_reader_option(int which, const char *arg, rl_reader_opts *ro)
{
    switch (which) {
    case CLI_OPT_IN:
        if (cli_parse_format(arg, &ro->format) != 0) {
            cli_error("--in: unknown format '%s' (auto, text, jsonl, petrarch)", arg);
            return CLI_USAGE;
        }
        return CLI_OK;
    case CLI_OPT_DATE:
        return cli_date_option(arg, &ro->default_date);
    default:
        if (cli_parse_size(arg, &ro->max_doc_bytes) != 0) {
            cli_error("--max-doc-bytes: '%s' is not a positive byte count", arg);
            return CLI_USAGE;
        }
        return CLI_OK;
    }
}

int cli_percent_option(const char *arg, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(arg, &end);
    if (errno != 0 || end == arg || *end != '\0' || !isfinite(v) || v < 0.0 || v > 100.0) {
        cli_error("--require: '%s' is not a percentage from 0 to 100", arg);
        return CLI_USAGE;
    }
    *out = v;
    return CLI_OK;
}

int cli_parse_size(const char *s, size_t *out)
{
    if (s == NULL || *s < '0' || *s > '9')
        return -1;
    errno = 0;
    char *end = NULL;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || end == s)
        return -1;
    unsigned long long mul = 1;
    switch (*end) {
    case '\0': break;
    case 'k': case 'K': mul = 1024ull; end++; break;
    case 'm': case 'M': mul = 1024ull * 1024; end++; break;
    case 'g': case 'G': mul = 1024ull * 1024 * 1024; end++; break;
    default: return -1;
    }
    if (*end != '\0' || v == 0 || v > (unsigned long long)SIZE_MAX / mul)
        return -1;
    *out = (size_t)(v * mul);
    return 0;
}

void cli_version(void)
{
    printf("redline %s\n", RL_VERSION);
}

void cli_help(void)
{
    fputs(
"Usage: redline [code] [OPTIONS] [FILE...]\n"
"       redline eval [OPTIONS] GOLD...\n"
"       redline actors lookup [--date D] NAME...\n"
"       redline actors unknown [--top N] [--in FORMAT] [FILE...]\n"
"       redline gkg [--out json|gkg-tsv|events] [--in FORMAT] [--date D] [FILE...]\n"
"       redline version | help\n"
"       redline ingest --db PATH|postgresql://... [OPTIONS] [FILE...]\n"
"       redline query dyad|events|actors|quotes|export|counts --db TARGET [OPTIONS]\n"
"       redline watch --db TARGET --rules FILE [--follow] [--interval S]\n"
"       redline quotes [--events] [--in FORMAT] [--date D] [FILE...]\n"
"       redline eval-quotes [--require PCT] [--show-misses] CASES...\n"
"       redline serve --db FILE [--port N] [--host ADDR] [--threads N]\n"
"       redline report --db FILE [-o OUT.html]\n"
"\n"
"Codes political events (CAMEO and PLOVER) in news text and writes one\n"
"event a line.  With no FILE, or when FILE is -, reads standard input.\n"
"\n"
"Coding options:\n"
"  --in FORMAT          input format: auto (default), text, jsonl, petrarch\n"
"  --out FORMAT         output format: jsonl (default), tsv\n"
"  --date YYYY-MM-DD    date of documents that carry none\n"
"  --all                also emit negated and hypothetical events, flagged\n"
"  --data-dir DIR       load the default dictionary set from DIR\n"
"  --verbs FILE         use this verbs dictionary (instead of the default set)\n"
"  --actors FILE        use this actors dictionary (repeatable)\n"
"  --agents FILE        use this agents dictionary\n"
"  --discards FILE      use this discards dictionary\n"
"  --lenient            malformed dictionary lines become counted warnings\n"
"  --max-doc-bytes N    skip documents larger than N bytes (k, M, G suffixes)\n"
"  -o, --output FILE    write events to FILE instead of standard output\n"
"  -q, --quiet          do not report skipped documents or warnings\n"
"  --stats              print counts and speed to standard error at the end\n"
"  --trace              print each sentence's tags, phrases and verbs to stderr\n"
"\n"
"Evaluation options (redline eval):\n"
"  --dict-dir DIR       where the dictionaries named by PETRARCH gold files are\n"
"  --data-dir DIR       default dictionary set for PLOVER gold files\n"
"  --show-misses        print each record that was not coded correctly\n"
"  --require PCT        exit 5 when a file scores below PCT percent\n"
"  --all                also count negated and hypothetical events\n"
"\n"
"Event store options (redline ingest, query, watch; docs/schema.md):\n"
"  --db TARGET          SQLite file, or postgresql://... URI\n"
"  --batch N            ingest: commit every N documents (default 100)\n"
"  --rules FILE         watch rules (docs/watch.md); ingest checks them at the end\n"
"  --stats              ingest: counts and documents/s at the end\n"
"  --progress, --no-progress  ingest: progress bar (default: on a terminal)\n"
"  --no-quotes, --no-gkg  ingest: do not store quotations / entities and tone\n"
"  --format F           query: csv (default), json, tsv\n"
"  --by P               query dyad: day, week, month (default), year\n"
"  --since D, --until D query: YYYY-MM-DD bounds\n"
"  --actor C, --country CCC, --source C, --target C, --type T, --text W,\n"
"  --limit N            query events / export: filters\n"
"  --top N              query actors: how many (default 20)\n"
"  --speaker NAME       query quotes: speaker contains NAME\n"
"  --out F              query export: gdelt, plover, tsv\n"
"  --follow, --interval S  watch: check again every S seconds (default 5)\n"
"\n"
"Quotation options (redline quotes, eval-quotes; docs/quotes.md):\n"
"  --events             list the events coded inside each quotation\n"
"  --require PCT        eval-quotes: exit 5 when a score is below PCT percent\n"
"  --show-misses        eval-quotes: print each missed, extra or wrong quotation\n"
"\n"
"Knowledge-graph records (redline gkg; docs/gkg.md): one per document with\n"
"persons, organisations, places (country, coordinates, GeoNames id), amounts,\n"
"tone, the events with where they happened, quotations with speakers.\n"
"  --out FORMAT         json (default: one JSON line a document), gkg-tsv\n"
"                       (GDELT GKG 2.1 columns) or events (one event a line\n"
"                       with its place); also --in, --date,\n"
"                       --data-dir, --max-doc-bytes, -o, -q as above\n"
"Dashboard (redline serve, redline report; docs/dashboard.md):\n"
"  --db FILE            the SQLite store to show (opened read-only)\n"
"  --port N             serve: port, default 8080 (0: any free port)\n"
"  --host ADDR          serve: address to listen on, default 127.0.0.1\n"
"  --threads N          serve: worker threads, default 4\n"
"  -o FILE              report: write the HTML file there (default stdout)\n"
"\n"
"  -h, --help           this text\n"
"  -V, --version        print the version\n"
"\n"
"Exit status:\n"
"  0  success\n"
"  1  some documents were skipped (bad input, reported and counted)\n"
"  2  usage error\n"
"  3  dictionary error\n"
"  4  input/output error (or out of memory)\n"
"  5  evaluation below --require\n"
"\n"
"Environment: REDLINE_DATA names the default data directory.\n"
"See redline(1) and docs/cli.md.\n",
        stdout);
}

int main(int argc, char **argv)
{
    if (argc > 1) {
        const char *cmd = argv[1];
        if (strcmp(cmd, "code") == 0)
            return cli_code(argc - 1, argv + 1);
        if (strcmp(cmd, "eval") == 0)
            return cli_eval(argc - 1, argv + 1);
        if (strcmp(cmd, "actors") == 0)
            return cli_actors(argc - 1, argv + 1);
        if (strcmp(cmd, "ingest") == 0)
            return cli_ingest(argc - 1, argv + 1);
        if (strcmp(cmd, "query") == 0)
            return cli_query(argc - 1, argv + 1);
        if (strcmp(cmd, "watch") == 0)
            return cli_watch(argc - 1, argv + 1);
        if (strcmp(cmd, "gkg") == 0)
            return cli_gkg(argc - 1, argv + 1);
        if (strcmp(cmd, "quotes") == 0)
            return cli_quotes(argc - 1, argv + 1);
        if (strcmp(cmd, "eval-quotes") == 0)
            return cli_eval_quotes(argc - 1, argv + 1);
        if (strcmp(cmd, "serve") == 0)
            return cli_serve(argc - 1, argv + 1);
        if (strcmp(cmd, "report") == 0)
            return cli_report(argc - 1, argv + 1);
        if (strcmp(cmd, "version") == 0) {
            cli_version();
            return fflush(stdout) == 0 ? CLI_OK : CLI_IO;
        }
        if (strcmp(cmd, "help") == 0) {
            cli_help();
            return fflush(stdout) == 0 ? CLI_OK : CLI_IO;
        }
    }
    return cli_code(argc, argv);
}

int cli_parse_format(const char *s, rl_format *f)
{
    if (strcmp(s, "auto") == 0) *f = RL_IN_AUTO;
    else if (strcmp(s, "text") == 0) *f = RL_IN_TEXT;
    else if (strcmp(s, "jsonl") == 0) *f = RL_IN_JSONL;
    else if (strcmp(s, "petrarch") == 0 || strcmp(s, "xml") == 0) *f = RL_IN_PETRARCH;
    else return -1;
    return 0;
}
