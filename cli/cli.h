/*
 * cli.h - what the parts of the redline command share: exit codes, the
 * subcommand entry points and small argument parsers.
 *
 * The command is a client of libredline like any other: cli/ includes only
 * <redline.h>, never a header from src/.  Nothing here keeps global state;
 * every subcommand gets argc/argv and returns its exit code.
 */
#ifndef RL_CLI_H
#define RL_CLI_H

#include <stddef.h>

#include "redline.h"

/* Exit codes, documented in --help, man/redline.1 and docs/cli.md.  When
 * several problems happen in one run the highest code wins. */
enum cli_exit {
    CLI_OK = 0,      /* everything coded */
    CLI_SKIPPED = 1, /* some documents were skipped, the run finished */
    CLI_USAGE = 2,   /* bad command line */
    CLI_DICT = 3,    /* a dictionary could not be loaded */
    CLI_IO = 4,      /* a file could not be read or written; out of memory */
    CLI_EVAL = 5     /* eval: accuracy below --require */
};

/* At most this many bad-document messages are printed per run; the rest
 * are only counted. */
#define CLI_MAX_DOC_MESSAGES 20

/* The document loop of the subcommands (cli/docs.c).  fn handles one
 * document: RL_OK counts it, another status skips it (reported with err),
 * and setting `stop` ends the stream (a write error the subcommand
 * reports itself). */
typedef rl_status (*cli_doc_fn)(const rl_doc *doc, void *ud, rl_error *err);
typedef struct cli_docs {
    const rl_reader_opts *reader;
    int quiet;
    void *ud;                         /* passed to fn and before_message */
    void (*before_message)(void *ud); /* NULL, or e.g. end a progress line */
    size_t docs, skipped, messages, bad_bytes;
    int stop;
} cli_docs;
/* Read every document of `in` (called `name` in messages) into fn.  Returns
 * CLI_OK, or CLI_USAGE/CLI_IO when the stream itself fails. */
int cli_docs_stream(cli_docs *d, FILE *in, const char *name, cli_doc_fn fn);
/* Count and (for the first few) report one skipped document. */
void cli_docs_skip(cli_docs *d, const rl_error *err, rl_status st, const char *where);
/* Every document of the `n` files `paths` ("-" or none: standard input),
 * until `stop`; returns the worst exit code of the streams. */
int cli_docs_files(cli_docs *d, int n, char **paths, cli_doc_fn fn);
/* After the run: report how many documents were skipped (unless quiet);
 * CLI_SKIPPED when any was, else CLI_OK. */
int cli_docs_summary(const cli_docs *d);

int cli_code(int argc, char **argv);
int cli_eval(int argc, char **argv);
int cli_actors(int argc, char **argv);
/* The event store: cli/ingest.c, cli/query.c, cli/watch.c. */
int cli_ingest(int argc, char **argv);
int cli_query(int argc, char **argv);
int cli_watch(int argc, char **argv);
int cli_quotes(int argc, char **argv);      /* cli/quotes.c */
int cli_eval_quotes(int argc, char **argv); /* cli/quotes.c */
int cli_gkg(int argc, char **argv);
int cli_serve(int argc, char **argv);  /* cli/serve.c */
int cli_report(int argc, char **argv); /* cli/report.c */
void cli_help(void);
void cli_version(void);

/* "redline: " + formatted message + newline, on stderr. */
void cli_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Report a getopt failure ("unknown option", "needs an argument") and
 * return CLI_USAGE.  `c` is getopt's return value. */
int cli_bad_option(int c, int optopt_value, const char *arg);

/* "YYYY-MM-DD" -> YYYYMMDD with a calendar check; -1 when invalid. */
int cli_parse_date(const char *s);
/* The options every subcommand that reads documents takes, each with its
 * one message on a bad argument: --in FORMAT, --date YYYY-MM-DD and
 * --max-doc-bytes N into `ro`.  CLI_OK, or CLI_USAGE after the message. */
enum { CLI_OPT_IN, CLI_OPT_DATE, CLI_OPT_MAX_DOC };
int cli_reader_option(int which, const char *arg, rl_reader_opts *ro);
/* --date alone (YYYYMMDD into *out), as cli_reader_option. */
int cli_date_option(const char *arg, int *out);
/* --require PCT (0 to 100) into *out, as cli_reader_option. */
int cli_percent_option(const char *arg, double *out);
/* A byte count with an optional k/M/G suffix (powers of 1024); 0 on
 * success, -1 when invalid or zero. */
int cli_parse_size(const char *s, size_t *out);

/* "auto", "text", "jsonl", "petrarch" (or "xml") -> *f; 0, or -1 when
 * unknown. */
int cli_parse_format(const char *s, rl_format *f);

/* Higher of two exit codes. */
static inline int cli_worse(int a, int b) { return a > b ? a : b; }

#endif
