/*
 * ingest.c - `redline ingest --db TARGET [FILE...]`: code documents and
 * keep them, with their events, in an event store (docs/schema.md).
 *
 * The run: options -> dictionaries -> coder -> store -> for each file:
 * reader -> rl_store_ingest, committed in batches -> watch rules (--rules)
 * once at the end.  A bad document is reported, counted and skipped; a
 * database error stops the run (what was committed stays).  On a terminal
 * stderr shows a progress bar with documents/s and events/s.
 *
 * Must not include anything from src/: only the public API.
 */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct ingest_opts {
    rl_reader_opts reader;
    const char *db;
    const char *data_dir;
    const char *rules;
    size_t batch;
    int quiet, stats, progress; /* progress: -1 auto, 0 off, 1 on */
    int no_quotes, no_gkg;
} ingest_opts;

typedef struct ingest_run {
    const ingest_opts *opts;
    rl_store *store;
    rl_coder *coder;
    size_t docs, added, replaced, unchanged, copies, skipped, events, messages;
    double t0, last_draw;
    long long bytes_total, bytes_done;
    int draw;
} ingest_run;

enum {
    OPT_DB = 256, OPT_IN, OPT_DATE, OPT_DATA_DIR, OPT_BATCH, OPT_RULES, OPT_MAX_DOC,
    OPT_STATS, OPT_PROGRESS, OPT_NO_PROGRESS, OPT_NO_QUOTES, OPT_NO_GKG
};

static double ingest_now(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return 0.0;
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void ingest_usage(void)
{
    fputs("Usage: redline ingest --db PATH|postgresql://... [OPTIONS] [FILE...]\n"
          "Try 'redline --help' for more information.\n", stderr);
}

static int ingest_parse_args(int argc, char **argv, ingest_opts *o, int *first)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"in", required_argument, NULL, OPT_IN},
        {"date", required_argument, NULL, OPT_DATE},
        {"data-dir", required_argument, NULL, OPT_DATA_DIR},
        {"batch", required_argument, NULL, OPT_BATCH},
        {"rules", required_argument, NULL, OPT_RULES},
        {"max-doc-bytes", required_argument, NULL, OPT_MAX_DOC},
        {"stats", no_argument, NULL, OPT_STATS},
        {"progress", no_argument, NULL, OPT_PROGRESS},
        {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
        {"no-quotes", no_argument, NULL, OPT_NO_QUOTES},
        {"no-gkg", no_argument, NULL, OPT_NO_GKG},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":qh", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_DB: o->db = optarg; break;
        case OPT_IN:
            if (cli_reader_option(CLI_OPT_IN, optarg, &o->reader) != CLI_OK)
                return CLI_USAGE;
            break;
        case OPT_DATE:
            if (cli_reader_option(CLI_OPT_DATE, optarg, &o->reader) != CLI_OK)
                return CLI_USAGE;
            break;
        case OPT_DATA_DIR: o->data_dir = optarg; break;
        case OPT_BATCH: {
            size_t n;
            if (cli_parse_size(optarg, &n) != 0) {
                cli_error("bad --batch '%s' (expected a positive number)", optarg);
                return CLI_USAGE;
            }
            o->batch = n;
            break;
        }
        case OPT_RULES: o->rules = optarg; break;
        case OPT_MAX_DOC:
            if (cli_reader_option(CLI_OPT_MAX_DOC, optarg, &o->reader) != CLI_OK)
                return CLI_USAGE;
            break;
        case OPT_STATS: o->stats = 1; break;
        case OPT_PROGRESS: o->progress = 1; break;
        case OPT_NO_PROGRESS: o->progress = 0; break;
        case OPT_NO_QUOTES: o->no_quotes = 1; break;
        case OPT_NO_GKG: o->no_gkg = 1; break;
        case 'q': o->quiet = 1; break;
        case 'h': cli_help(); return CLI_OK;
        default: return cli_bad_option(c, optopt, argv[optind - 1]);
        }
    }
    if (!o->db) {
        cli_error("ingest needs --db PATH or --db postgresql://...");
        ingest_usage();
        return CLI_USAGE;
    }
    *first = optind;
    return -1;
}

static void ingest_draw(ingest_run *r, int final)
{
    double now = ingest_now();
    if (!final && now - r->last_draw < 0.2)
        return;
    r->last_draw = now;
    double dt = now - r->t0 > 1e-6 ? now - r->t0 : 1e-6;
    char bar[21];
    int filled = 0;
    if (r->bytes_total > 0) {
        long long done = r->bytes_done < r->bytes_total ? r->bytes_done : r->bytes_total;
        filled = (int)(20 * done / r->bytes_total);
    }
    for (int i = 0; i < 20; i++)
        bar[i] = i < filled ? '#' : '.';
    bar[20] = '\0';
    fprintf(stderr, "\r[%s] %zu docs, %zu events  %.0f docs/s  %.0f events/s ", bar, r->docs,
            r->events, (double)r->docs / dt, (double)r->events / dt);
    if (final)
        fputc('\n', stderr);
    fflush(stderr);
}

static void ingest_report_skip(ingest_run *r, const rl_error *err, rl_status st, const char *where)
{
    r->skipped++;
    if (r->opts->quiet || ++r->messages > CLI_MAX_DOC_MESSAGES)
        return;
    if (r->draw)
        fputc('\n', stderr);
    cli_error("%s: skipped: %s", where, err->msg[0] ? err->msg : rl_status_name(st));
}

/* One input file (or stdin); returns CLI_OK, CLI_SKIPPED or CLI_IO. */
static int ingest_file(ingest_run *r, const char *path)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *in = is_stdin ? stdin : fopen(path, "rb");
    const char *name = is_stdin ? "<stdin>" : path;
    if (!in) {
        cli_error("cannot open '%s'", path);
        return CLI_IO;
    }
    rl_error err;
    memset(&err, 0, sizeof err);
    rl_reader *rd = NULL;
    rl_status st = rl_reader_open(&rd, in, name, &r->opts->reader, &err);
    if (st != RL_OK) {
        cli_error("%s", err.msg[0] ? err.msg : rl_status_name(st));
        if (!is_stdin)
            fclose(in);
        return st == RL_ERR_USAGE ? CLI_USAGE : CLI_IO;
    }
    long long base = r->bytes_done;
    int rc = CLI_OK;
    for (;;) {
        const rl_doc *doc = NULL;
        st = rl_reader_next(rd, &doc, &err);
        if (st == RL_ERR_EOF)
            break;
        if (st == RL_ERR_PARSE || st == RL_ERR_TOOBIG) {
            ingest_report_skip(r, &err, st, name);
            rc = CLI_SKIPPED;
            continue;
        }
        if (st != RL_OK) {
            cli_error("%s", err.msg[0] ? err.msg : rl_status_name(st));
            rc = CLI_IO;
            break;
        }
        rl_ingest_info info;
        st = rl_store_ingest(r->store, r->coder, doc, &info, &err);
        if (st == RL_ERR_IO || st == RL_ERR_NOMEM) {
            if (r->draw)
                fputc('\n', stderr);
            cli_error("%s: %s", doc->origin ? doc->origin : name, err.msg);
            rc = CLI_IO;
            break;
        }
        if (st != RL_OK) {
            ingest_report_skip(r, &err, st, doc->origin ? doc->origin : name);
            rc = CLI_SKIPPED;
            continue;
        }
        r->docs++;
        r->events += info.events;
        r->copies += (size_t)info.copy;
        switch (info.outcome) {
        case RL_INGEST_ADDED: r->added++; break;
        case RL_INGEST_REPLACED: r->replaced++; break;
        case RL_INGEST_UNCHANGED: r->unchanged++; break;
        }
        if (r->draw) {
            long pos = is_stdin ? -1 : ftell(in);
            if (pos >= 0)
                r->bytes_done = base + pos;
            ingest_draw(r, 0);
        }
    }
    rl_reader_close(rd);
    if (!is_stdin) {
        struct stat sb;
        if (fstat(fileno(in), &sb) == 0)
            r->bytes_done = base + (long long)sb.st_size;
        fclose(in);
    }
    return rc;
}

static int ingest_load_coder(const ingest_opts *o, rl_dict **d, rl_coder **c)
{
    rl_error err;
    memset(&err, 0, sizeof err);
    rl_status st = rl_dict_load_dir(d, o->data_dir, 0, &err);
    if (st != RL_OK) {
        cli_error("%s", err.msg[0] ? err.msg : rl_status_name(st));
        return st == RL_ERR_DICT ? CLI_DICT : CLI_IO;
    }
    rl_coder_opts co;
    rl_coder_opts_init(&co);
    st = rl_coder_new(c, *d, &co, &err);
    if (st != RL_OK) {
        cli_error("%s", err.msg[0] ? err.msg : rl_status_name(st));
        return CLI_IO;
    }
    return CLI_OK;
}

int cli_ingest(int argc, char **argv)
{
    ingest_opts o;
    memset(&o, 0, sizeof o);
    o.progress = -1;
    int first = 0;
    int rc = ingest_parse_args(argc, argv, &o, &first);
    if (rc >= 0)
        return rc;

    rl_error err;
    memset(&err, 0, sizeof err);
    rl_watch *w = NULL;
    if (o.rules && rl_watch_load(&w, o.rules, &err) != RL_OK) {
        cli_error("%s", err.msg);
        return CLI_USAGE;
    }
    rl_dict *d = NULL;
    rl_coder *coder = NULL;
    rl_gkg *gkg = NULL;
    rc = ingest_load_coder(&o, &d, &coder);
    if (rc == CLI_OK && !o.no_gkg) {
        rl_status gst = rl_gkg_new(&gkg, d, coder, o.data_dir, &err);
        if (gst != RL_OK) {
            cli_error("%s", err.msg[0] ? err.msg : rl_status_name(gst));
            rc = gst == RL_ERR_DICT ? CLI_DICT : CLI_IO;
        }
    }
    ingest_run r;
    memset(&r, 0, sizeof r);
    r.opts = &o;
    r.coder = coder;
    if (rc == CLI_OK && rl_store_open(&r.store, o.db, &err) != RL_OK) {
        cli_error("%s", err.msg);
        rc = CLI_IO;
    }
    if (rc != CLI_OK) {
        rl_gkg_free(gkg);
        rl_coder_free(coder);
        rl_dict_free(d);
        rl_watch_free(w);
        return rc;
    }
    if (o.batch)
        rl_store_set_batch(r.store, o.batch);
    rl_store_set_quotes(r.store, !o.no_quotes);
    rl_store_set_gkg(r.store, gkg);
    r.draw = o.progress == 1 || (o.progress == -1 && !o.quiet && isatty(2));
    static char *const stdin_only[] = {"-"};
    char *const *files = first < argc ? argv + first : stdin_only;
    int n_files = first < argc ? argc - first : 1;
    for (int i = 0; i < n_files; i++) {
        struct stat sb;
        if (strcmp(files[i], "-") != 0 && stat(files[i], &sb) == 0)
            r.bytes_total += (long long)sb.st_size;
    }
    r.t0 = ingest_now();
    for (int i = 0; i < n_files; i++) {
        int frc = ingest_file(&r, files[i]);
        rc = cli_worse(rc, frc);
        if (frc == CLI_IO)
            break;
    }
    if (rl_store_commit(r.store, &err) != RL_OK) {
        cli_error("%s", err.msg);
        rc = CLI_IO;
    }
    if (r.draw)
        ingest_draw(&r, 1);
    double dt = ingest_now() - r.t0;
    if (o.stats)
        fprintf(stderr,
                "redline: ingest: %zu documents (%zu added, %zu replaced, %zu unchanged, "
                "%zu wire copies), %zu skipped, %zu events in %.2f s: %.0f documents/s, "
                "%.0f events/s\n",
                r.docs, r.added, r.replaced, r.unchanged, r.copies, r.skipped, r.events, dt,
                dt > 0 ? (double)r.docs / dt : 0.0, dt > 0 ? (double)r.events / dt : 0.0);
    else if (r.skipped && !o.quiet)
        cli_error("%zu document%s skipped", r.skipped, r.skipped == 1 ? "" : "s");
    if (w && rc != CLI_IO) {
        size_t fired = 0;
        if (rl_watch_check(r.store, w, stdout, &fired, &err) != RL_OK) {
            cli_error("%s", err.msg);
            rc = CLI_IO;
        } else if (fflush(stdout) != 0) {
            rc = CLI_IO;
        }
    }
    rl_store_close(r.store);
    rl_gkg_free(gkg);
    rl_coder_free(coder);
    rl_dict_free(d);
    rl_watch_free(w);
    return rc;
}
