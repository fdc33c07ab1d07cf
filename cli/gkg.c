/*
 * gkg.c - `redline gkg`: one knowledge-graph record per document (persons,
 * organisations, places, amounts, tone, events with their places), as a
 * JSON line or a GDELT GKG 2.1 row (docs/gkg.md).
 *
 *   redline gkg [--in FMT] [--out json|gkg-tsv|events] [--date D] [--data-dir DIR]
 *               [--max-doc-bytes N] [-o FILE] [-q] [FILE...]
 *
 * Same reading rules as `redline code`: a bad document is reported (at most
 * CLI_MAX_DOC_MESSAGES times), counted and skipped, exit 1; a write error
 * stops the run, exit 4.  Uses the public API only.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct gkg_opts {
    rl_reader_opts reader;
    rl_gkg_format out_format;
    const char *data_dir;
    const char *out_path;
    int quiet;
} gkg_opts;

typedef struct gkg_run {
    const gkg_opts *opts;
    rl_gkg *gkg;
    FILE *out;
    cli_docs in;   /* documents read and skipped */
    int write_failed, write_errno;
} gkg_run;

enum { OPT_IN = 256, OPT_OUT, OPT_DATE, OPT_DATA_DIR, OPT_MAX_DOC };

static int gkg_parse_args(int argc, char **argv, gkg_opts *o, int *first)
{
    static const struct option longopts[] = {
        {"in", required_argument, NULL, OPT_IN},
        {"out", required_argument, NULL, OPT_OUT},
        {"date", required_argument, NULL, OPT_DATE},
        {"data-dir", required_argument, NULL, OPT_DATA_DIR},
        {"max-doc-bytes", required_argument, NULL, OPT_MAX_DOC},
        {"output", required_argument, NULL, 'o'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}
    };
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:qh", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_IN:
        case OPT_DATE:
        case OPT_MAX_DOC:
            if (cli_reader_option(c == OPT_IN     ? CLI_OPT_IN
                                  : c == OPT_DATE ? CLI_OPT_DATE
                                                  : CLI_OPT_MAX_DOC,
                                  optarg, &o->reader) != CLI_OK)
                return CLI_USAGE;
            break;
        case OPT_OUT:
            if (strcmp(optarg, "json") == 0 || strcmp(optarg, "jsonl") == 0) {
                o->out_format = RL_GKG_JSON;
            } else if (strcmp(optarg, "gkg-tsv") == 0 || strcmp(optarg, "tsv") == 0) {
                o->out_format = RL_GKG_TSV;
            } else if (strcmp(optarg, "events") == 0) {
                o->out_format = RL_GKG_EVENTS;
            } else {
                cli_error("--out: unknown format '%s' (json, gkg-tsv, events)", optarg);
                return CLI_USAGE;
            }
            break;
        case OPT_DATA_DIR: o->data_dir = optarg; break;
        case 'o': o->out_path = optarg; break;
        case 'q': o->quiet = 1; break;
        case 'h': cli_help(); return fflush(stdout) == 0 ? CLI_OK : CLI_IO;
        default:
            return cli_bad_option(c, optopt, argv[optind - 1]);
        }
    }
    *first = optind;
    return -1;
}

/* One document's record, written (the document loop: cli/docs.c). */
static rl_status gkg_doc(const rl_doc *doc, void *ud, rl_error *err)
{
    gkg_run *r = ud;
    const rl_gkg_record *rec = NULL;
    rl_status st = rl_gkg_doc(r->gkg, doc, &rec, err);
    if (st != RL_OK)
        return st;
    errno = 0;
    if (rl_gkg_write(r->out, r->opts->out_format, rec, r->in.docs + 1) != RL_OK) {
        r->write_failed = 1;
        r->write_errno = errno;
        r->in.stop = 1;
    }
    return RL_OK;
}

static int gkg_close_output(gkg_run *r, const char *path)
{
    const char *name = (path && strcmp(path, "-") != 0) ? path : "standard output";
    int bad = r->write_failed, e = r->write_errno;
    errno = 0;
    if (fflush(r->out) != 0 || ferror(r->out)) {
        bad = 1;
        if (e == 0)
            e = errno;
    }
    if (r->out != stdout && fclose(r->out) != 0) {
        bad = 1;
        if (e == 0)
            e = errno;
    }
    r->out = NULL;
    if (!bad)
        return CLI_OK;
    cli_error("%s: write error: %s", name, e ? strerror(e) : "unknown error");
    return CLI_IO;
}

/* Dictionary, coder and record builder; an exit code on failure. */
static int gkg_setup(const gkg_opts *o, rl_dict **d, rl_coder **c, rl_gkg **g)
{
    rl_error err;
    memset(&err, 0, sizeof err);
    rl_status st = rl_dict_load_dir(d, o->data_dir, 0, &err);
    if (st == RL_OK) {
        rl_coder_opts copts;
        rl_coder_opts_init(&copts);
        st = rl_coder_new(c, *d, &copts, &err);
    }
    if (st == RL_OK)
        st = rl_gkg_new(g, *d, *c, o->data_dir, &err);
    if (st == RL_OK)
        return CLI_OK;
    /* as `redline code`: data that cannot be loaded is a dictionary error */
    cli_error("%s", err.msg[0] ? err.msg : rl_status_name(st));
    return st == RL_ERR_NOMEM ? CLI_IO : st == RL_ERR_USAGE ? CLI_USAGE : CLI_DICT;
}

int cli_gkg(int argc, char **argv)
{
    gkg_opts o;
    memset(&o, 0, sizeof o);
    o.reader.format = RL_IN_AUTO;
    o.out_format = RL_GKG_JSON;
    int first = 0;
    int rc = gkg_parse_args(argc, argv, &o, &first);
    if (rc >= 0)
        return rc;
    gkg_run r;
    memset(&r, 0, sizeof r);
    r.opts = &o;
    rl_dict *dict = NULL;
    rl_coder *coder = NULL;
    rc = gkg_setup(&o, &dict, &coder, &r.gkg);
    if (rc == CLI_OK) {
        r.out = o.out_path && strcmp(o.out_path, "-") != 0 ? fopen(o.out_path, "w") : stdout;
        if (!r.out) {
            cli_error("%s: %s", o.out_path, strerror(errno));
            rc = CLI_IO;
        }
    }
    if (rc != CLI_OK) {
        rl_gkg_free(r.gkg);
        rl_coder_free(coder);
        rl_dict_free(dict);
        return rc;
    }
    r.in.reader = &o.reader;
    r.in.quiet = o.quiet;
    r.in.ud = &r;
    rc = cli_worse(rc, cli_docs_files(&r.in, argc - first, argv + first, gkg_doc));
    rc = cli_worse(rc, gkg_close_output(&r, o.out_path));
    rc = cli_worse(rc, cli_docs_summary(&r.in));
    rl_gkg_free(r.gkg);
    rl_coder_free(coder);
    rl_dict_free(dict);
    return rc;
}
