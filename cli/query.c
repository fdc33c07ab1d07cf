/*
 * query.c - `redline query SUBCOMMAND --db TARGET ...`: ask an event store
 * (docs/schema.md) and print a table for R or pandas, or an event file.
 *
 *   dyad A B [--by day|week|month|year] [--since D] [--until D]
 *   events [--actor C] [--country CCC] [--source C] [--target C]
 *          [--type T] [--text WORDS] [--since D] [--until D] [--limit N]
 *   actors [--top N]        quotes [--speaker NAME] [--limit N]
 *   export --out gdelt|plover|tsv [event filters]
 *   counts                  rows per table
 *
 * Must not include anything from src/: only the public API.
 */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct query_opts {
    const char *db;
    rl_table_format format;
    rl_period by;
    rl_export_format out;
    int have_out;
    rl_event_filter flt;
    size_t top;
    const char *speaker;
} query_opts;

enum {
    OPT_DB = 256, OPT_FORMAT, OPT_BY, OPT_SINCE, OPT_UNTIL, OPT_OUT, OPT_ACTOR, OPT_COUNTRY,
    OPT_SOURCE, OPT_TARGET, OPT_TYPE, OPT_TEXT, OPT_LIMIT, OPT_TOP, OPT_SPEAKER
};

static int query_usage(void)
{
    fputs("Usage: redline query dyad|events|actors|quotes|export|counts --db TARGET [OPTIONS]\n"
          "Try 'redline --help' for more information.\n", stderr);
    return CLI_USAGE;
}

static int query_date(const char *s, int *out)
{
    if ((*out = cli_parse_date(s)) < 0) {
        cli_error("bad date '%s' (expected YYYY-MM-DD)", s);
        return CLI_USAGE;
    }
    return -1;
}

static int query_parse_args(int argc, char **argv, query_opts *o, int *first)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"by", required_argument, NULL, OPT_BY},
        {"since", required_argument, NULL, OPT_SINCE},
        {"until", required_argument, NULL, OPT_UNTIL},
        {"out", required_argument, NULL, OPT_OUT},
        {"actor", required_argument, NULL, OPT_ACTOR},
        {"country", required_argument, NULL, OPT_COUNTRY},
        {"source", required_argument, NULL, OPT_SOURCE},
        {"target", required_argument, NULL, OPT_TARGET},
        {"type", required_argument, NULL, OPT_TYPE},
        {"text", required_argument, NULL, OPT_TEXT},
        {"limit", required_argument, NULL, OPT_LIMIT},
        {"top", required_argument, NULL, OPT_TOP},
        {"speaker", required_argument, NULL, OPT_SPEAKER},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    opterr = 0;
    optind = 1;
    int c, rc;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_DB: o->db = optarg; break;
        case OPT_FORMAT:
            if (strcmp(optarg, "csv") == 0) o->format = RL_TABLE_CSV;
            else if (strcmp(optarg, "json") == 0) o->format = RL_TABLE_JSON;
            else if (strcmp(optarg, "tsv") == 0) o->format = RL_TABLE_TSV;
            else {
                cli_error("unknown --format '%s' (csv, json or tsv)", optarg);
                return CLI_USAGE;
            }
            break;
        case OPT_BY:
            if (strcmp(optarg, "day") == 0) o->by = RL_PERIOD_DAY;
            else if (strcmp(optarg, "week") == 0) o->by = RL_PERIOD_WEEK;
            else if (strcmp(optarg, "month") == 0) o->by = RL_PERIOD_MONTH;
            else if (strcmp(optarg, "year") == 0) o->by = RL_PERIOD_YEAR;
            else {
                cli_error("unknown --by '%s' (day, week, month or year)", optarg);
                return CLI_USAGE;
            }
            break;
        case OPT_SINCE: if ((rc = query_date(optarg, &o->flt.since)) >= 0) return rc; break;
        case OPT_UNTIL: if ((rc = query_date(optarg, &o->flt.until)) >= 0) return rc; break;
        case OPT_OUT:
            o->have_out = 1;
            if (strcmp(optarg, "gdelt") == 0) o->out = RL_EXPORT_GDELT;
            else if (strcmp(optarg, "plover") == 0) o->out = RL_EXPORT_PLOVER;
            else if (strcmp(optarg, "tsv") == 0) o->out = RL_EXPORT_TSV;
            else {
                cli_error("unknown --out '%s' (gdelt, plover or tsv)", optarg);
                return CLI_USAGE;
            }
            break;
        case OPT_ACTOR: o->flt.actor = optarg; break;
        case OPT_COUNTRY: o->flt.country = optarg; break;
        case OPT_SOURCE: o->flt.source = optarg; break;
        case OPT_TARGET: o->flt.target = optarg; break;
        case OPT_TYPE: o->flt.type = optarg; break;
        case OPT_TEXT: o->flt.text = optarg; break;
        case OPT_LIMIT:
        case OPT_TOP: {
            size_t n;
            if (cli_parse_size(optarg, &n) != 0) {
                cli_error("bad number '%s'", optarg);
                return CLI_USAGE;
            }
            if (c == OPT_TOP) o->top = n;
            else o->flt.limit = n;
            break;
        }
        case OPT_SPEAKER: o->speaker = optarg; break;
        case 'h': cli_help(); return CLI_OK;
        default: return cli_bad_option(c, optopt, argv[optind - 1]);
        }
    }
    if (optind >= argc) {
        cli_error("query needs a subcommand");
        return query_usage();
    }
    if (!o->db) {
        cli_error("query needs --db PATH or --db postgresql://...");
        return query_usage();
    }
    *first = optind;
    return -1;
}

static int query_counts(rl_store *s, rl_error *err)
{
    rl_store_counts c;
    if (rl_store_counts_get(s, &c, err) != RL_OK)
        return CLI_IO;
    printf("documents %lld\nstories %lld\nsentences %lld\nevents %lld\nmentions %lld\n"
           "quotes %lld\nentities %lld\ntone %lld\nalerts %lld\nhalf_documents %lld\n",
           c.documents, c.stories, c.sentences, c.events, c.mentions, c.quotes, c.entities,
           c.tone, c.alerts, c.half_documents);
    return CLI_OK;
}

int cli_query(int argc, char **argv)
{
    query_opts o;
    memset(&o, 0, sizeof o);
    o.by = RL_PERIOD_MONTH;
    int first = 0;
    int rc = query_parse_args(argc, argv, &o, &first);
    if (rc >= 0)
        return rc;
    const char *sub = argv[first];
    int nargs = argc - first - 1;
    int want = strcmp(sub, "dyad") == 0 ? 2 : 0;
    if (strcmp(sub, "dyad") != 0 && strcmp(sub, "events") != 0 && strcmp(sub, "actors") != 0 &&
        strcmp(sub, "quotes") != 0 && strcmp(sub, "export") != 0 && strcmp(sub, "counts") != 0) {
        cli_error("unknown query '%s'", sub);
        return query_usage();
    }
    if (nargs != want) {
        cli_error(want ? "query dyad needs two actor codes (query dyad CHN RUS)"
                       : "query %s takes no arguments", sub);
        return query_usage();
    }
    if (strcmp(sub, "export") == 0 && !o.have_out) {
        cli_error("query export needs --out gdelt, plover or tsv");
        return query_usage();
    }
    rl_error err;
    memset(&err, 0, sizeof err);
    rl_store *s = NULL;
    if (rl_store_open(&s, o.db, &err) != RL_OK) {
        cli_error("%s", err.msg);
        return CLI_IO;
    }
    rl_status st = RL_OK;
    if (strcmp(sub, "dyad") == 0)
        st = rl_query_dyad(s, argv[first + 1], argv[first + 2], o.by, o.flt.since, o.flt.until,
                           o.format, stdout, &err);
    else if (strcmp(sub, "events") == 0)
        st = rl_query_events(s, &o.flt, o.format, stdout, &err);
    else if (strcmp(sub, "actors") == 0)
        st = rl_query_actors(s, o.top ? o.top : 20, o.format, stdout, &err);
    else if (strcmp(sub, "quotes") == 0)
        st = rl_query_quotes(s, o.speaker, o.flt.limit, o.format, stdout, &err);
    else if (strcmp(sub, "export") == 0)
        st = rl_store_export(s, o.out, &o.flt, stdout, &err);
    else
        rc = query_counts(s, &err);
    if (st != RL_OK) {
        cli_error("%s", err.msg);
        rc = st == RL_ERR_USAGE ? CLI_USAGE : CLI_IO;
    } else if (rc < 0) {
        rc = CLI_OK;
    }
    if (rc == CLI_IO && err.msg[0] && st == RL_OK)
        cli_error("%s", err.msg);
    rl_store_close(s);
    if (fflush(stdout) != 0)
        rc = CLI_IO;
    return rc;
}
