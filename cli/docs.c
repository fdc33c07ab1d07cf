/*
 * docs.c - the document loop the subcommands share: read every document
 * of one input stream, hand it to the subcommand, and count and report
 * the documents that cannot be read or handled (the first
 * CLI_MAX_DOC_MESSAGES get a message naming file and line), so that
 * `redline code`, `gkg`, `quotes` and `ingest` treat bad input alike.
 */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

void cli_docs_skip(cli_docs *d, const rl_error *err, rl_status st, const char *where)
{
    d->skipped++;
    if (d->quiet || d->messages++ >= CLI_MAX_DOC_MESSAGES)
        return;
    if (d->before_message)
        d->before_message(d->ud);
    if (err->msg[0])
        cli_error("%s", err->msg);
    else
        cli_error("%s: %s", where, rl_status_name(st));
}

int cli_docs_stream(cli_docs *d, FILE *in, const char *name, cli_doc_fn fn)
{
    rl_error err;
    memset(&err, 0, sizeof err);
    rl_reader *rd = NULL;
    rl_status st = rl_reader_open(&rd, in, name, d->reader, &err);
    if (st != RL_OK) {
        cli_error("%s", err.msg[0] ? err.msg : rl_status_name(st));
        return st == RL_ERR_USAGE ? CLI_USAGE : CLI_IO;
    }
    int rc = CLI_OK;
    while (!d->stop) {
        const rl_doc *doc = NULL;
        memset(&err, 0, sizeof err);
        st = rl_reader_next(rd, &doc, &err);
        if (st == RL_ERR_EOF)
            break;
        if (st == RL_ERR_PARSE || st == RL_ERR_TOOBIG) {
            cli_docs_skip(d, &err, st, name);
            continue;
        }
        if (st != RL_OK) {
            cli_error("%s", err.msg[0] ? err.msg : rl_status_name(st));
            rc = CLI_IO;
            break;
        }
        d->bad_bytes += doc->bad_bytes;
        memset(&err, 0, sizeof err);
        st = fn(doc, d->ud, &err);
        if (d->stop)
            break; /* the subcommand's own failure: it reports it */
        if (st != RL_OK) {
            cli_docs_skip(d, &err, st, doc->origin ? doc->origin : name);
            continue;
        }
        d->docs++;
    }
    rl_reader_close(rd);
    return rc;
}

int cli_docs_files(cli_docs *d, int n, char **paths, cli_doc_fn fn)
{
    int rc = CLI_OK;
    for (int i = 0; i < (n > 0 ? n : 1) && !d->stop; i++) {
        const char *path = n > 0 ? paths[i] : "-";
        if (strcmp(path, "-") == 0) {
            rc = cli_worse(rc, cli_docs_stream(d, stdin, "stdin", fn));
            continue;
        }
        FILE *in = fopen(path, "rb");
        if (in == NULL) {
            cli_error("%s: %s", path, strerror(errno));
            rc = cli_worse(rc, CLI_IO);
            continue;
        }
        rc = cli_worse(rc, cli_docs_stream(d, in, path, fn));
        fclose(in);
    }
    return rc;
}

int cli_docs_summary(const cli_docs *d)
{
    if (d->skipped == 0)
        return CLI_OK;
    if (!d->quiet) {
        if (d->messages > CLI_MAX_DOC_MESSAGES)
            cli_error("%zu more bad documents not reported", d->messages - CLI_MAX_DOC_MESSAGES);
        cli_error("%zu document%s skipped", d->skipped, d->skipped == 1 ? "" : "s");
    }
    return CLI_SKIPPED;
}
