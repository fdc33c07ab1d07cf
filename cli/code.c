/*
 * code.c - `redline [code]`: read documents, code them, write events.
 *
 * The run is a plain pipeline: options -> dictionary -> coder -> for each
 * input file: reader -> rl_coder_code_doc -> rl_write_event.  A bad
 * document is reported once (at most CLI_MAX_DOC_MESSAGES times per run),
 * counted and skipped; it never stops the run.  A write error does.
 *
 * Must not include anything from src/: only the public API.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* One custom dictionary file, in command-line order. */
typedef struct code_dict_file {
    rl_dict_kind kind;
    const char *path;
} code_dict_file;

typedef struct code_opts {
    rl_reader_opts reader;
    rl_out_format out_format;
    int emit_all;
    int trace;
    int quiet;
    int stats;
    unsigned dict_flags;
    const char *data_dir;
    const char *out_path;
    code_dict_file *dicts; /* argc entries at most */
    size_t n_dicts;
} code_opts;

/* Everything one run counts and holds; lives in cli_code's frame. */
typedef struct code_run {
    const code_opts *opts;
    rl_coder *coder;
    FILE *out;
    cli_docs in;   /* documents read, skipped, bad bytes */
    size_t events;
    int write_failed;
    int write_errno;
} code_run;

enum {
    OPT_IN = 256, OPT_OUT, OPT_DATE, OPT_ALL, OPT_DATA_DIR, OPT_VERBS,
    OPT_ACTORS, OPT_AGENTS, OPT_DISCARDS, OPT_LENIENT, OPT_MAX_DOC, OPT_STATS, OPT_TRACE
};

static double code_now(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return 0.0;
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int code_parse_out(const char *s, rl_out_format *f)
{
    if (strcmp(s, "jsonl") == 0) *f = RL_OUT_JSONL;
    else if (strcmp(s, "tsv") == 0) *f = RL_OUT_TSV;
    else return -1;
    return 0;
}

/* Parse options into `o`; positional arguments are left at argv[*first..].
 * Returns -1 to go on, or an exit code (help/version/usage error). */
static int code_parse_args(int argc, char **argv, code_opts *o, int *first)
{
    static const struct option longopts[] = {
        {"in", required_argument, NULL, OPT_IN},
        {"out", required_argument, NULL, OPT_OUT},
        {"date", required_argument, NULL, OPT_DATE},
        {"all", no_argument, NULL, OPT_ALL},
        {"data-dir", required_argument, NULL, OPT_DATA_DIR},
        {"verbs", required_argument, NULL, OPT_VERBS},
        {"actors", required_argument, NULL, OPT_ACTORS},
        {"agents", required_argument, NULL, OPT_AGENTS},
        {"discards", required_argument, NULL, OPT_DISCARDS},
        {"lenient", no_argument, NULL, OPT_LENIENT},
        {"max-doc-bytes", required_argument, NULL, OPT_MAX_DOC},
        {"stats", no_argument, NULL, OPT_STATS},
        {"trace", no_argument, NULL, OPT_TRACE},
        {"output", required_argument, NULL, 'o'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}
    };
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:qhV", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_IN:
            if (cli_reader_option(CLI_OPT_IN, optarg, &o->reader) != CLI_OK)
                return CLI_USAGE;
            break;
        case OPT_OUT:
            if (code_parse_out(optarg, &o->out_format) != 0) {
                cli_error("--out: unknown format '%s' (jsonl, tsv)", optarg);
                return CLI_USAGE;
            }
            break;
        case OPT_DATE:
            if (cli_reader_option(CLI_OPT_DATE, optarg, &o->reader) != CLI_OK)
                return CLI_USAGE;
            break;
        case OPT_ALL: o->emit_all = 1; break;
        case OPT_DATA_DIR: o->data_dir = optarg; break;
        case OPT_VERBS: case OPT_ACTORS: case OPT_AGENTS: case OPT_DISCARDS: {
            /* o->dicts has argc entries: one option per argument at most. */
            rl_dict_kind k = c == OPT_VERBS ? RL_DICT_VERBS
                           : c == OPT_ACTORS ? RL_DICT_ACTORS
                           : c == OPT_AGENTS ? RL_DICT_AGENTS : RL_DICT_DISCARDS;
            o->dicts[o->n_dicts].kind = k;
            o->dicts[o->n_dicts].path = optarg;
            o->n_dicts++;
            break;
        }
        case OPT_LENIENT: o->dict_flags |= RL_DICT_LENIENT; break;
        case OPT_MAX_DOC:
            if (cli_reader_option(CLI_OPT_MAX_DOC, optarg, &o->reader) != CLI_OK)
                return CLI_USAGE;
            break;
        case OPT_STATS: o->stats = 1; break;
        case OPT_TRACE: o->trace = 1; break;
        case 'o': o->out_path = optarg; break;
        case 'q': o->quiet = 1; break;
        case 'h': cli_help(); return fflush(stdout) == 0 ? CLI_OK : CLI_IO;
        case 'V': cli_version(); return fflush(stdout) == 0 ? CLI_OK : CLI_IO;
        default:
            return cli_bad_option(c, optopt, argv[optind - 1]);
        }
    }
    *first = optind;
    return -1;
}

static int code_dict_fail(rl_dict *d, rl_status st, const rl_error *err)
{
    cli_error("%s", err->msg[0] ? err->msg : rl_status_name(st));
    rl_dict_free(d);
    if (st == RL_ERR_NOMEM)
        return CLI_IO;
    if (st == RL_ERR_USAGE)
        return CLI_USAGE;
    return CLI_DICT;
}

/* Load the default set, or the files named on the command line. */
static int code_load_dict(const code_opts *o, rl_dict **out)
{
    rl_error err;
    memset(&err, 0, sizeof err);
    rl_dict *d = NULL;
    rl_status st;
    if (o->n_dicts == 0) {
        st = rl_dict_load_dir(&d, o->data_dir, o->dict_flags, &err);
        if (st != RL_OK)
            return code_dict_fail(d, st, &err);
    } else {
        st = rl_dict_new(&d, o->data_dir, &err);
        if (st != RL_OK)
            return code_dict_fail(d, st, &err);
        for (size_t i = 0; i < o->n_dicts; i++) {
            st = rl_dict_add_file(d, o->dicts[i].kind, o->dicts[i].path,
                                  o->dict_flags, &err);
            if (st != RL_OK)
                return code_dict_fail(d, st, &err);
        }
        st = rl_dict_finish(d, &err);
        if (st != RL_OK)
            return code_dict_fail(d, st, &err);
    }
    /* Warnings (skipped lines, patterns naming an unknown synset) are
     * reported when --lenient asked for them; --stats always counts them. */
    rl_dict_stats ds;
    rl_dict_stats_get(d, &ds);
    if (ds.warnings > 0 && (o->dict_flags & RL_DICT_LENIENT) && !o->quiet)
        cli_error("%zu dictionary warning%s: malformed lines or patterns skipped",
                  ds.warnings, ds.warnings == 1 ? "" : "s");
    *out = d;
    return CLI_OK;
}

static int code_emit(const rl_event *ev, void *ud)
{
    code_run *r = ud;
    errno = 0;
    if (rl_write_event(r->out, r->opts->out_format, ev) != RL_OK || ferror(r->out)) {
        r->write_failed = 1;
        r->write_errno = errno;
        r->in.stop = 1;
        return 1;
    }
    r->events++;
    return 0;
}

/* Code one document (the document loop: cli/docs.c). */
static rl_status code_doc(const rl_doc *doc, void *ud, rl_error *err)
{
    code_run *r = ud;
    rl_status st = rl_coder_code_doc(r->coder, doc, code_emit, r, err);
    if (r->write_failed)
        r->in.stop = 1;
    return st;
}

static void code_print_stats(const code_run *r, const rl_dict *d,
                             double load_s, double code_s)
{
    rl_coder_stats cs;
    memset(&cs, 0, sizeof cs);
    if (r->coder)
        rl_coder_stats_get(r->coder, &cs);
    rl_dict_stats ds;
    memset(&ds, 0, sizeof ds);
    rl_dict_stats_get(d, &ds);
    double rate = code_s > 0.0 ? (double)cs.sentences / code_s : 0.0;
    fprintf(stderr,
            "redline: stats: docs=%zu skipped=%zu sentences=%zu events=%zu "
            "bad_bytes=%zu dict_seconds=%.3f seconds=%.3f sentences_per_s=%.0f "
            "dict_warnings=%zu\n",
            r->in.docs, r->in.skipped, cs.sentences, r->events, r->in.bad_bytes,
            load_s, code_s, rate, ds.warnings);
}

/* Open the output; NULL with a message on failure. */
static FILE *code_open_output(const char *path)
{
    if (path == NULL || strcmp(path, "-") == 0)
        return stdout;
    FILE *f = fopen(path, "w");
    if (f == NULL)
        cli_error("%s: %s", path, strerror(errno));
    return f;
}

/* Flush and close the output; CLI_IO with a message on a write error. */
static int code_close_output(code_run *r, const char *path)
{
    const char *name = (path && strcmp(path, "-") != 0) ? path : "standard output";
    int bad = r->write_failed;
    int e = r->write_errno;
    errno = 0;
    if (fflush(r->out) != 0 || ferror(r->out)) {
        bad = 1;
        if (e == 0)
            e = errno;
    }
    if (r->out != stdout) {
        errno = 0;
        if (fclose(r->out) != 0) {
            bad = 1;
            if (e == 0)
                e = errno;
        }
    }
    r->out = NULL;
    if (!bad)
        return CLI_OK;
    cli_error("%s: write error: %s", name, e ? strerror(e) : "unknown error");
    return CLI_IO;
}

int cli_code(int argc, char **argv)
{
    code_opts o;
    memset(&o, 0, sizeof o);
    o.reader.format = RL_IN_AUTO;
    o.out_format = RL_OUT_JSONL;
    o.dicts = calloc((size_t)argc + 1, sizeof *o.dicts);
    if (o.dicts == NULL) {
        cli_error("out of memory");
        return CLI_IO;
    }
    int first = 0;
    int rc = code_parse_args(argc, argv, &o, &first);
    if (rc >= 0) {
        free(o.dicts);
        return rc;
    }
    rc = CLI_OK;

    code_run r;
    memset(&r, 0, sizeof r);
    r.opts = &o;

    double t0 = code_now();
    rl_dict *dict = NULL;
    int drc = code_load_dict(&o, &dict);
    if (drc != CLI_OK) {
        free(o.dicts);
        return drc;
    }
    rl_coder_opts copts;
    rl_coder_opts_init(&copts);
    copts.emit_all = o.emit_all;
    copts.trace = o.trace ? stderr : NULL;
    rl_error err;
    memset(&err, 0, sizeof err);
    rl_status st = rl_coder_new(&r.coder, dict, &copts, &err);
    if (st != RL_OK) {
        cli_error("%s", err.msg[0] ? err.msg : rl_status_name(st));
        rl_dict_free(dict);
        free(o.dicts);
        return st == RL_ERR_NOMEM ? CLI_IO : CLI_DICT;
    }
    double t1 = code_now();

    r.out = code_open_output(o.out_path);
    if (r.out == NULL) {
        rl_coder_free(r.coder);
        rl_dict_free(dict);
        free(o.dicts);
        return CLI_IO;
    }
    if (o.out_format == RL_OUT_TSV)
        rl_write_tsv_header(r.out);

    r.in.reader = &o.reader;
    r.in.quiet = o.quiet;
    r.in.ud = &r;
    rc = cli_worse(rc, cli_docs_files(&r.in, argc - first, argv + first, code_doc));
    double t2 = code_now();

    rc = cli_worse(rc, code_close_output(&r, o.out_path));
    rc = cli_worse(rc, cli_docs_summary(&r.in));
    if (o.stats)
        code_print_stats(&r, dict, t1 - t0, t2 - t1);

    rl_coder_free(r.coder);
    rl_dict_free(dict);
    free(o.dicts);
    return rc;
}
