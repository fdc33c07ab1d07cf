/*
 * cli/actors.c - `redline actors`: tools for keeping actor dictionaries
 * current.
 *
 *   redline actors lookup [--date D] [--data-dir DIR] NAME...
 *       what the dictionaries make of each name on a date: the code, and
 *       the dictionary lines behind it (file:line and the line itself);
 *   redline actors unknown [--top N] [--in FMT] [--date D] [FILE...]
 *       the most frequent capitalised names in the documents that no actor
 *       dictionary knows, each with an example sentence.
 *
 * Uses the public API only; keeps no global state.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define NAMES_MAX 200000      /* distinct unknown names kept */
#define NAME_BYTES_MAX 200    /* longer names are cut */
#define EXAMPLE_BYTES_MAX 300 /* example sentences are cut */

/* ---- lookup ----------------------------------------------------------- */

/* Print line `line` of `path` (the dictionary line behind a code). */
static void print_dict_line(const char *what, const char *path, int line)
{
    printf("  %s: %s:%d", what, path, line);
    FILE *f = fopen(path, "r");
    if (!f) {
        putchar('\n');
        return;
    }
    char buf[1024];
    int n = 0;
    while (fgets(buf, sizeof buf, f)) {
        size_t len = strlen(buf);
        if (++n == line) {
            while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
                buf[--len] = '\0';
            printf(": %s", buf);
            break;
        }
        /* a line longer than the buffer continues on the next read */
        while (len && buf[len - 1] != '\n' && fgets(buf, sizeof buf, f))
            len = strlen(buf);
    }
    fclose(f);
    putchar('\n');
}

/* The default dictionaries and a coder over them; `unknown_fn` (may be
 * NULL) hears of names no dictionary knows. */
static int actors_load(const char *data_dir, rl_dict **d, rl_coder **c, rl_name_fn unknown_fn,
                       void *unknown_ud)
{
    rl_error err;
    memset(&err, 0, sizeof err);
    rl_status st = rl_dict_load_dir(d, data_dir, 0, &err);
    if (st != RL_OK) {
        cli_error("%s", err.msg);
        return st == RL_ERR_NOMEM ? CLI_IO : CLI_DICT;
    }
    rl_coder_opts o;
    rl_coder_opts_init(&o);
    o.unknown_fn = unknown_fn;
    o.unknown_ud = unknown_ud;
    st = rl_coder_new(c, *d, &o, &err);
    if (st != RL_OK) {
        cli_error("%s", err.msg);
        rl_dict_free(*d);
        return CLI_IO;
    }
    return CLI_OK;
}

static int actors_lookup(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"date", required_argument, NULL, 'd'},
        {"data-dir", required_argument, NULL, 'D'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}
    };
    int date = 0;
    const char *data_dir = NULL;
    int ch;
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'd':
            if (cli_date_option(optarg, &date) != CLI_OK)
                return CLI_USAGE;
            break;
        case 'D': data_dir = optarg; break;
        case 'h':
            puts("usage: redline actors lookup [--date YYYY-MM-DD] [--data-dir DIR] NAME...");
            return CLI_OK;
        default:
            return cli_bad_option(ch, optopt, argv[optind - 1]);
        }
    }
    if (optind >= argc) {
        cli_error("actors lookup: give at least one name");
        return CLI_USAGE;
    }
    rl_dict *d = NULL;
    rl_coder *c = NULL;
    int rc = actors_load(data_dir, &d, &c, NULL, NULL);
    if (rc != CLI_OK)
        return rc;
    for (int i = optind; i < argc; i++) {
        rl_lookup lk;
        rl_error err;
        memset(&err, 0, sizeof err);
        if (rl_coder_lookup(c, argv[i], date, &lk, &err) != RL_OK) {
            cli_error("%s", err.msg);
            rc = cli_worse(rc, CLI_IO);
            continue;
        }
        if (!lk.code[0]) {
            printf("%s\t(no actor)\n", argv[i]);
            rc = cli_worse(rc, CLI_SKIPPED);
            continue;
        }
        printf("%s\t%s\n", argv[i], lk.code);
        if (lk.actor_file)
            print_dict_line("actor", lk.actor_file, lk.actor_line);
        if (lk.agent_file)
            print_dict_line("agent", lk.agent_file, lk.agent_line);
    }
    rl_coder_free(c);
    rl_dict_free(d);
    if (fflush(stdout) != 0)
        rc = cli_worse(rc, CLI_IO);
    return rc;
}

/* ---- unknown ---------------------------------------------------------- */

typedef struct name_entry {
    char *name;
    char *example;
    size_t count;
} name_entry;

/* Open-addressing table of names, bounded by NAMES_MAX. */
typedef struct name_table {
    name_entry *slots;
    size_t cap, n;
    int full;
} name_table;

static unsigned long name_hash(const char *s, size_t n)
{
    unsigned long h = 5381;
    for (size_t i = 0; i < n; i++)
        h = h * 33 + (unsigned char)s[i];
    return h;
}

static char *dup_cut(const char *s, size_t n, size_t max)
{
    if (n > max)
        n = max;
    char *p = malloc(n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if (p[i] == '\n' || p[i] == '\t' || p[i] == '\r')
            p[i] = ' ';
    return p;
}

static void on_unknown(const rl_span *name, const rl_span *sentence, void *ud)
{
    name_table *t = ud;
    size_t n = name->len > NAME_BYTES_MAX ? NAME_BYTES_MAX : name->len;
    size_t i = name_hash(name->text, n) & (t->cap - 1);
    while (t->slots[i].name) {
        if (strlen(t->slots[i].name) == n && memcmp(t->slots[i].name, name->text, n) == 0) {
            t->slots[i].count++;
            return;
        }
        i = (i + 1) & (t->cap - 1);
    }
    if (t->n >= NAMES_MAX) {
        t->full = 1;
        return;
    }
    t->slots[i].name = dup_cut(name->text, n, NAME_BYTES_MAX);
    t->slots[i].example = dup_cut(sentence->text, sentence->len, EXAMPLE_BYTES_MAX);
    if (!t->slots[i].name) {
        free(t->slots[i].example);
        t->slots[i].example = NULL;
        t->full = 1;
        return;
    }
    t->slots[i].count = 1;
    t->n++;
}

static int by_count(const void *a, const void *b)
{
    const name_entry *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->name, y->name);
}

static int count_events(const rl_event *ev, void *ud)
{
    (void)ev;
    (void)ud;
    return 0;
}

static int actors_unknown(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"top", required_argument, NULL, 't'},
        {"in", required_argument, NULL, 'i'},
        {"date", required_argument, NULL, 'd'},
        {"data-dir", required_argument, NULL, 'D'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}
    };
    long top = 30;
    rl_reader_opts ro;
    memset(&ro, 0, sizeof ro);
    const char *data_dir = NULL;
    int ch;
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (ch) {
        case 't': {
            char *end;
            top = strtol(optarg, &end, 10);
            if (*end || top <= 0) {
                cli_error("--top: '%s' is not a positive number", optarg);
                return CLI_USAGE;
            }
            break;
        }
        case 'i':
            if (cli_reader_option(CLI_OPT_IN, optarg, &ro) != CLI_OK)
                return CLI_USAGE;
            break;
        case 'd':
            if (cli_date_option(optarg, &ro.default_date) != CLI_OK)
                return CLI_USAGE;
            break;
        case 'D': data_dir = optarg; break;
        case 'h':
            puts("usage: redline actors unknown [--top N] [--in FMT] [--date D] [FILE...]");
            return CLI_OK;
        default:
            return cli_bad_option(ch, optopt, argv[optind - 1]);
        }
    }
    name_table t = {0};
    t.cap = 1u << 19; /* > 2 * NAMES_MAX */
    t.slots = calloc(t.cap, sizeof *t.slots);
    if (!t.slots) {
        cli_error("out of memory");
        return CLI_IO;
    }
    rl_error err;
    memset(&err, 0, sizeof err);
    rl_status st;
    rl_dict *d = NULL;
    rl_coder *c = NULL;
    int rc = actors_load(data_dir, &d, &c, on_unknown, &t);
    if (rc != CLI_OK) {
        free(t.slots);
        return rc;
    }
    int nfiles = argc - optind;
    for (int k = 0; rc != CLI_IO && k < (nfiles ? nfiles : 1); k++) {
        const char *path = nfiles ? argv[optind + k] : "-";
        FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
        if (!in) {
            cli_error("%s: cannot open", path);
            rc = cli_worse(rc, CLI_IO);
            continue;
        }
        rl_reader *r = NULL;
        if (rl_reader_open(&r, in, path, &ro, &err) == RL_OK) {
            const rl_doc *doc;
            for (;;) {
                st = rl_reader_next(r, &doc, &err);
                if (st == RL_ERR_EOF)
                    break;
                if (st != RL_OK) {
                    if (st == RL_ERR_PARSE || st == RL_ERR_TOOBIG) {
                        rc = cli_worse(rc, CLI_SKIPPED);
                        continue;
                    }
                    cli_error("%s", err.msg);
                    rc = cli_worse(rc, CLI_IO);
                    break;
                }
                if (rl_coder_code_doc(c, doc, count_events, NULL, &err) != RL_OK)
                    rc = cli_worse(rc, CLI_SKIPPED);
            }
            rl_reader_close(r);
        } else {
            cli_error("%s", err.msg);
            rc = cli_worse(rc, CLI_IO);
        }
        if (in != stdin)
            fclose(in);
    }
    /* the most frequent first */
    name_entry *list = malloc((t.n ? t.n : 1) * sizeof *list);
    if (list) {
        size_t n = 0;
        for (size_t i = 0; i < t.cap; i++)
            if (t.slots[i].name)
                list[n++] = t.slots[i];
        qsort(list, n, sizeof *list, by_count);
        for (size_t i = 0; i < n && (long)i < top; i++)
            printf("%zu\t%s\t%s\n", list[i].count, list[i].name,
                   list[i].example ? list[i].example : "");
        free(list);
    }
    if (t.full)
        cli_error("more than %d distinct names: the rest were not counted", NAMES_MAX);
    for (size_t i = 0; i < t.cap; i++) {
        free(t.slots[i].name);
        free(t.slots[i].example);
    }
    free(t.slots);
    rl_coder_free(c);
    rl_dict_free(d);
    if (fflush(stdout) != 0)
        rc = cli_worse(rc, CLI_IO);
    return rc;
}

int cli_actors(int argc, char **argv)
{
    if (argc < 2) {
        cli_error("actors: say 'lookup' or 'unknown'");
        return CLI_USAGE;
    }
    if (strcmp(argv[1], "lookup") == 0)
        return actors_lookup(argc - 1, argv + 1);
    if (strcmp(argv[1], "unknown") == 0)
        return actors_unknown(argc - 1, argv + 1);
    cli_error("actors: unknown command '%s' (lookup, unknown)", argv[1]);
    return CLI_USAGE;
}
