/*
 * quotes.c - `redline quotes [FILE...]` (quotations with speakers, JSONL)
 * and `redline eval-quotes CASES...` (score them against plain-text cases).
 *
 * quotes: options -> default dictionaries -> coder -> for each input:
 * reader -> rl_quotes_doc -> rl_write_quote.  A bad document is reported
 * (at most CLI_MAX_DOC_MESSAGES times), counted and skipped.
 *
 * eval-quotes reads case files (format in tests/quotes/README.md and
 * docs/quotes.md), runs each case's text through a text reader over
 * memory (so article zones and pull-quotes are found as in a file), and
 * matches found quotations to the expected ones by their words.
 *
 * Must not include anything from src/: only the public API.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define QCLI_LINE_MAX 65536      /* longest line of a case file */
#define QCLI_CASE_MAX (1u << 20) /* bytes of one case's text */
#define QCLI_FIELDS 4

enum { QO_IN = 256, QO_DATE, QO_DATA_DIR, QO_EVENTS, QO_MAX_DOC, QO_REQUIRE, QO_MISSES };

typedef struct qcli_run {
    FILE *out;
    int write_failed, quiet;
    size_t quotes;
    cli_docs in;   /* documents read and skipped */
    rl_coder *coder;
    const rl_quote_opts *qo;
} qcli_run;

static int qcli_load(const char *data_dir, rl_dict **d, rl_coder **c)
{
    rl_error err;
    memset(&err, 0, sizeof err);
    rl_status st = rl_dict_load_dir(d, data_dir, 0, &err);
    if (st == RL_OK)
        st = rl_coder_new(c, *d, NULL, &err);
    if (st != RL_OK) {
        cli_error("%s", err.msg[0] ? err.msg : rl_status_name(st));
        rl_dict_free(*d);
        *d = NULL;
        return st == RL_ERR_NOMEM ? CLI_IO : CLI_DICT;
    }
    return CLI_OK;
}

static int qcli_emit(const rl_quote *q, void *ud)
{
    qcli_run *r = ud;
    if (rl_write_quote(r->out, q) != RL_OK || ferror(r->out)) {
        r->write_failed = 1;
        r->in.stop = 1;
        return 1;
    }
    r->quotes++;
    return 0;
}

/* One document's quotations (the document loop: cli/docs.c). */
static rl_status qcli_doc(const rl_doc *doc, void *ud, rl_error *err)
{
    qcli_run *r = ud;
    return rl_quotes_doc(r->coder, doc, r->qo, qcli_emit, r, err);
}

int cli_quotes(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"in", required_argument, NULL, QO_IN},
        {"date", required_argument, NULL, QO_DATE},
        {"data-dir", required_argument, NULL, QO_DATA_DIR},
        {"events", no_argument, NULL, QO_EVENTS},
        {"max-doc-bytes", required_argument, NULL, QO_MAX_DOC},
        {"output", required_argument, NULL, 'o'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}
    };
    rl_reader_opts ro;
    memset(&ro, 0, sizeof ro);
    rl_quote_opts qo;
    rl_quote_opts_init(&qo);
    const char *data_dir = NULL, *out_path = NULL;
    qcli_run r;
    memset(&r, 0, sizeof r);
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:qh", longopts, NULL)) != -1) {
        switch (c) {
        case QO_IN:
            if (cli_reader_option(CLI_OPT_IN, optarg, &ro) != CLI_OK)
                return CLI_USAGE;
            break;
        case QO_DATE:
            if (cli_reader_option(CLI_OPT_DATE, optarg, &ro) != CLI_OK)
                return CLI_USAGE;
            break;
        case QO_DATA_DIR: data_dir = optarg; break;
        case QO_EVENTS: qo.events = 1; break;
        case QO_MAX_DOC:
            if (cli_reader_option(CLI_OPT_MAX_DOC, optarg, &ro) != CLI_OK)
                return CLI_USAGE;
            break;
        case 'o': out_path = optarg; break;
        case 'q': r.quiet = 1; break;
        case 'h': cli_help(); return fflush(stdout) == 0 ? CLI_OK : CLI_IO;
        default: return cli_bad_option(c, optopt, argv[optind - 1]);
        }
    }
    rl_dict *d = NULL;
    rl_coder *coder = NULL;
    int rc = qcli_load(data_dir, &d, &coder);
    if (rc != CLI_OK)
        return rc;
    r.out = stdout;
    if (out_path && strcmp(out_path, "-") != 0) {
        r.out = fopen(out_path, "w");
        if (!r.out) {
            cli_error("%s: %s", out_path, strerror(errno));
            rl_coder_free(coder);
            rl_dict_free(d);
            return CLI_IO;
        }
    }
    r.coder = coder;
    r.qo = &qo;
    r.in.reader = &ro;
    r.in.quiet = r.quiet;
    r.in.ud = &r;
    rc = cli_worse(rc, cli_docs_files(&r.in, argc - optind, argv + optind, qcli_doc));
    int bad = r.write_failed || fflush(r.out) != 0 || ferror(r.out);
    if (r.out != stdout && fclose(r.out) != 0)
        bad = 1;
    if (bad) {
        cli_error("%s: write error", out_path && strcmp(out_path, "-") ? out_path
                                                                       : "standard output");
        rc = cli_worse(rc, CLI_IO);
    }
    rc = cli_worse(rc, cli_docs_summary(&r.in));
    rl_coder_free(coder);
    rl_dict_free(d);
    return rc;
}

/* ------------------------------------------------------------------ */
/* eval-quotes                                                         */
/* ------------------------------------------------------------------ */

/* One expected or found quotation. */
typedef struct qcli_q {
    char *kind, *text, *speaker, *code; /* speaker NULL: nobody; code NULL: not checked */
    int matched;
} qcli_q;

typedef struct qcli_list {
    qcli_q *v;
    size_t n, cap;
} qcli_list;

typedef struct qcli_score {
    size_t cases, gold, found, matched;
    size_t gold_spk, found_spk, spk_right, spk_right_named;
    size_t kinds_right, codes, codes_right;
} qcli_score;

static void qcli_list_free(qcli_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].kind);
        free(l->v[i].text);
        free(l->v[i].speaker);
        free(l->v[i].code);
    }
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* Copy s[0..n) with whitespace runs as one space, trimmed. */
static char *qcli_norm(const char *s, size_t n)
{
    char *o = malloc(n + 1);
    if (!o)
        return NULL;
    size_t w = 0;
    int sp = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
            sp = w > 0;
            continue;
        }
        if (sp)
            o[w++] = ' ';
        sp = 0;
        o[w++] = ch;
    }
    o[w] = '\0';
    return o;
}

static int qcli_push(qcli_list *l, const char *kind, const char *text, size_t tlen,
                     const char *speaker, const char *code)
{
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 16;
        qcli_q *v = realloc(l->v, nc * sizeof *v);
        if (!v)
            return -1;
        l->v = v;
        l->cap = nc;
    }
    qcli_q *q = &l->v[l->n];
    memset(q, 0, sizeof *q);
    q->kind = qcli_norm(kind, strlen(kind));
    q->text = qcli_norm(text, tlen);
    q->speaker = speaker ? qcli_norm(speaker, strlen(speaker)) : NULL;
    q->code = code ? qcli_norm(code, strlen(code)) : NULL;
    if (!q->kind || !q->text || (speaker && !q->speaker) || (code && !q->code)) {
        free(q->kind);
        free(q->text);
        free(q->speaker);
        free(q->code);
        return -1;
    }
    l->n++;
    return 0;
}

static int qcli_collect(const rl_quote *q, void *ud)
{
    qcli_list *l = ud;
    const char *spk = q->speaker.found ? q->speaker.name : NULL;
    const char *code = q->speaker.found ? q->speaker.code : NULL;
    return qcli_push(l, rl_quote_kind_name(q->kind), q->text, q->text_len, spk, code) != 0;
}

static int qcli_same(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcasecmp(a, b) == 0;
}

/* Score one case: found vs gold; misses printed when asked. */
static void qcli_score_case(const qcli_list *gold, qcli_list *found, qcli_score *sc,
                            const char *where, FILE *misses)
{
    sc->cases++;
    sc->gold += gold->n;
    sc->found += found->n;
    for (size_t i = 0; i < found->n; i++)
        if (found->v[i].speaker)
            sc->found_spk++;
    for (size_t g = 0; g < gold->n; g++) {
        const qcli_q *gq = &gold->v[g];
        if (gq->speaker)
            sc->gold_spk++;
        qcli_q *m = NULL;
        for (size_t i = 0; i < found->n && !m; i++)
            if (!found->v[i].matched && strcmp(found->v[i].text, gq->text) == 0)
                m = &found->v[i];
        if (!m) {
            if (misses)
                fprintf(misses, "%s: missed %s \"%s\" (%s)\n", where, gq->kind, gq->text,
                        gq->speaker ? gq->speaker : "no speaker");
            continue;
        }
        m->matched = 1;
        sc->matched++;
        if (strcmp(m->kind, gq->kind) == 0)
            sc->kinds_right++;
        else if (misses)
            fprintf(misses, "%s: \"%s\" is %s, expected %s\n", where, gq->text, m->kind,
                    gq->kind);
        if (qcli_same(m->speaker, gq->speaker)) {
            sc->spk_right++;
            if (gq->speaker)
                sc->spk_right_named++;
        } else if (misses) {
            fprintf(misses, "%s: \"%s\" speaker %s, expected %s\n", where, gq->text,
                    m->speaker ? m->speaker : "none", gq->speaker ? gq->speaker : "none");
        }
        if (gq->code && gq->speaker) {
            sc->codes++;
            if (m->code && strcmp(m->code, gq->code) == 0)
                sc->codes_right++;
            else if (misses)
                fprintf(misses, "%s: \"%s\" code %s, expected %s\n", where, gq->text,
                        m->code && m->code[0] ? m->code : "none", gq->code);
        }
    }
    for (size_t i = 0; i < found->n; i++)
        if (!found->v[i].matched && misses)
            fprintf(misses, "%s: extra %s \"%s\" (%s)\n", where, found->v[i].kind,
                    found->v[i].text, found->v[i].speaker ? found->v[i].speaker : "no speaker");
}

static double qcli_ratio(size_t a, size_t b)
{
    return b ? (double)a / (double)b : 1.0;
}

/* Print the scores; returns the lowest of them (0..1). */
static double qcli_report(const char *name, const qcli_score *s)
{
    double sp = qcli_ratio(s->matched, s->found), sr = qcli_ratio(s->matched, s->gold);
    double sf = sp + sr > 0 ? 2 * sp * sr / (sp + sr) : 0.0;
    double kp = qcli_ratio(s->spk_right_named, s->found_spk);
    double kr = qcli_ratio(s->spk_right_named, s->gold_spk);
    double ka = qcli_ratio(s->spk_right, s->matched);
    double kind = qcli_ratio(s->kinds_right, s->matched);
    double code = qcli_ratio(s->codes_right, s->codes);
    printf("%s: %zu cases, %zu quotations expected, %zu found, %zu matched\n", name, s->cases,
           s->gold, s->found, s->matched);
    printf("  spans     precision %.3f  recall %.3f  F1 %.3f\n", sp, sr, sf);
    printf("  speakers  precision %.3f  recall %.3f  accuracy %.3f (%zu of %zu)\n", kp, kr, ka,
           s->spk_right, s->matched);
    printf("  kinds     accuracy %.3f (%zu of %zu)\n", kind, s->kinds_right, s->matched);
    printf("  codes     accuracy %.3f (%zu of %zu)\n", code, s->codes_right, s->codes);
    double low = sp;
    const double all[] = {sr, kp, kr, ka, kind, code};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (all[i] < low)
            low = all[i];
    return low;
}

/* Split "a | b | c" into at most QCLI_FIELDS trimmed fields (in place). */
static int qcli_fields(char *line, char **f)
{
    int n = 0;
    char *p = line;
    while (n < QCLI_FIELDS) {
        char *bar = strchr(p, '|');
        if (bar && n < QCLI_FIELDS - 1)
            *bar = '\0';
        while (*p == ' ' || *p == '\t')
            p++;
        char *e = p + strlen(p);
        while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
            *--e = '\0';
        f[n++] = p;
        if (!bar || n == QCLI_FIELDS)
            break;
        p = bar + 1;
    }
    return n;
}

typedef struct qcli_case {
    char name[256];
    long line;
    int date;
    char *text;
    size_t len, cap;
    qcli_list gold;
} qcli_case;

static int qcli_text_add(qcli_case *k, const char *s)
{
    size_t n = strlen(s);
    if (k->len + n + 1 > QCLI_CASE_MAX)
        return -1;
    if (k->len + n + 1 > k->cap) {
        size_t nc = (k->len + n + 1) * 2;
        char *t = realloc(k->text, nc);
        if (!t)
            return -1;
        k->text = t;
        k->cap = nc;
    }
    memcpy(k->text + k->len, s, n + 1);
    k->len += n;
    return 0;
}

/* Run one case and score it. */
static int qcli_run_case(rl_coder *c, const char *file, qcli_case *k, qcli_score *sc,
                         FILE *misses)
{
    char where[512];
    snprintf(where, sizeof where, "%s:%ld: %s", file, k->line, k->name);
    while (k->len > 0 && (k->text[k->len - 1] == '\n' || k->text[k->len - 1] == '\r'))
        k->text[--k->len] = '\0';
    qcli_list found = {NULL, 0, 0};
    FILE *in = fmemopen(k->text ? k->text : (char *)"", k->len ? k->len : 1, "rb");
    if (!in) {
        cli_error("%s: cannot read case text", where);
        return CLI_IO;
    }
    rl_reader_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.format = RL_IN_TEXT;
    ro.default_date = k->date;
    rl_error err;
    memset(&err, 0, sizeof err);
    rl_reader *rd = NULL;
    int rc = CLI_OK;
    const rl_doc *doc = NULL;
    if (rl_reader_open(&rd, in, where, &ro, &err) != RL_OK ||
        rl_reader_next(rd, &doc, &err) != RL_OK ||
        rl_quotes_doc(c, doc, NULL, qcli_collect, &found, &err) != RL_OK) {
        if (k->len > 0) {
            cli_error("%s: %s", where, err.msg[0] ? err.msg : "cannot read the case");
            rc = CLI_IO;
        }
    }
    rl_reader_close(rd);
    fclose(in);
    qcli_score_case(&k->gold, &found, sc, where, misses);
    qcli_list_free(&found);
    return rc;
}

/* Read and score one case file. */
static int qcli_eval_file(rl_coder *c, const char *path, qcli_score *sc, FILE *misses)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        cli_error("%s: %s", path, strerror(errno));
        return CLI_IO;
    }
    char *line = malloc(QCLI_LINE_MAX);
    if (!line) {
        fclose(f);
        cli_error("out of memory");
        return CLI_IO;
    }
    enum { OUTSIDE, TEXT, EXPECT } state = OUTSIDE;
    qcli_case k;
    memset(&k, 0, sizeof k);
    long lineno = 0;
    int rc = CLI_OK;
    int have = 0;
    for (;;) {
        char *got = fgets(line, QCLI_LINE_MAX, f);
        if (got) {
            lineno++;
            size_t n = strlen(line);
            if (n == QCLI_LINE_MAX - 1 && line[n - 1] != '\n') {
                cli_error("%s:%ld: line too long", path, lineno);
                rc = CLI_USAGE;
                break;
            }
        }
        int next_case = got && strncmp(line, "===", 3) == 0;
        if (!got || next_case) {
            if (have) {
                if (state == TEXT) {
                    cli_error("%s:%ld: case '%s' has no '---' line", path, k.line, k.name);
                    rc = CLI_USAGE;
                } else {
                    rc = cli_worse(rc, qcli_run_case(c, path, &k, sc, misses));
                }
                qcli_list_free(&k.gold);
                free(k.text);
                memset(&k, 0, sizeof k);
                have = 0;
            }
            if (!got)
                break;
            char *nm = line + 3;
            while (*nm == ' ' || *nm == '=')
                nm++;
            size_t nl = strcspn(nm, "\r\n");
            snprintf(k.name, sizeof k.name, "%.*s", (int)(nl < 200 ? nl : 200), nm);
            k.line = lineno;
            k.date = 20240410;
            state = TEXT;
            have = 1;
            continue;
        }
        if (state == OUTSIDE) {
            if (line[0] != '#' && strspn(line, " \t\r\n") != strlen(line)) {
                cli_error("%s:%ld: text outside a case (cases open with '=== name')", path,
                          lineno);
                rc = CLI_USAGE;
                break;
            }
            continue;
        }
        if (state == TEXT) {
            if (k.len == 0 && strncmp(line, "date:", 5) == 0) {
                char d[32];
                snprintf(d, sizeof d, "%.*s", (int)strcspn(line + 5 + strspn(line + 5, " "),
                                                           " \r\n"),
                         line + 5 + strspn(line + 5, " "));
                k.date = cli_parse_date(d);
                if (k.date < 0) {
                    cli_error("%s:%ld: bad date '%s'", path, lineno, d);
                    rc = CLI_USAGE;
                    break;
                }
                continue;
            }
            if (strncmp(line, "---", 3) == 0 && strspn(line + 3, "-\r\n") == strlen(line + 3)) {
                state = EXPECT;
                continue;
            }
            if (qcli_text_add(&k, line) != 0) {
                cli_error("%s:%ld: case text too long (or out of memory)", path, lineno);
                rc = CLI_IO;
                break;
            }
            continue;
        }
        /* EXPECT */
        if (line[0] == '#' || strspn(line, " \t\r\n") == strlen(line))
            continue;
        char *fl[QCLI_FIELDS];
        int nf = qcli_fields(line, fl);
        if (nf == 1 && strcmp(fl[0], "none") == 0)
            continue;
        if (nf < 3 || (strcmp(fl[0], "direct") && strcmp(fl[0], "partial") &&
                       strcmp(fl[0], "pull"))) {
            cli_error("%s:%ld: expected 'KIND | TEXT | SPEAKER [| CODE]' with KIND direct, "
                      "partial or pull, or 'none'", path, lineno);
            rc = CLI_USAGE;
            break;
        }
        const char *spk = strcmp(fl[2], "-") == 0 ? NULL : fl[2];
        const char *code = nf > 3 && fl[3][0] ? fl[3] : NULL;
        if (qcli_push(&k.gold, fl[0], fl[1], strlen(fl[1]), spk, code) != 0) {
            cli_error("out of memory");
            rc = CLI_IO;
            break;
        }
    }
    qcli_list_free(&k.gold);
    free(k.text);
    free(line);
    fclose(f);
    return rc;
}

int cli_eval_quotes(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"data-dir", required_argument, NULL, QO_DATA_DIR},
        {"require", required_argument, NULL, QO_REQUIRE},
        {"show-misses", no_argument, NULL, QO_MISSES},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}
    };
    const char *data_dir = NULL;
    double require = -1.0;
    FILE *misses = NULL;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case QO_DATA_DIR: data_dir = optarg; break;
        case QO_MISSES: misses = stdout; break;
        case QO_REQUIRE:
            if (cli_percent_option(optarg, &require) != CLI_OK)
                return CLI_USAGE;
            break;
        case 'h': cli_help(); return fflush(stdout) == 0 ? CLI_OK : CLI_IO;
        default: return cli_bad_option(c, optopt, argv[optind - 1]);
        }
    }
    if (optind >= argc) {
        cli_error("eval-quotes: no case file given");
        fputs("Try 'redline --help' for more information.\n", stderr);
        return CLI_USAGE;
    }
    rl_dict *d = NULL;
    rl_coder *coder = NULL;
    int rc = qcli_load(data_dir, &d, &coder);
    if (rc != CLI_OK)
        return rc;
    qcli_score total;
    memset(&total, 0, sizeof total);
    int files = 0;
    for (int i = optind; i < argc; i++) {
        qcli_score sc;
        memset(&sc, 0, sizeof sc);
        int frc = qcli_eval_file(coder, argv[i], &sc, misses);
        rc = cli_worse(rc, frc);
        if (frc == CLI_USAGE || frc == CLI_IO) {
            if (sc.cases == 0)
                continue;
        }
        files++;
        double low = qcli_report(argv[i], &sc);
        total.cases += sc.cases;
        total.gold += sc.gold;
        total.found += sc.found;
        total.matched += sc.matched;
        total.gold_spk += sc.gold_spk;
        total.found_spk += sc.found_spk;
        total.spk_right += sc.spk_right;
        total.spk_right_named += sc.spk_right_named;
        total.kinds_right += sc.kinds_right;
        total.codes += sc.codes;
        total.codes_right += sc.codes_right;
        if (require >= 0.0 && low * 100.0 + 1e-9 < require) {
            cli_error("%s: lowest score %.1f%%, below the required %g%%", argv[i], low * 100.0,
                      require);
            rc = cli_worse(rc, CLI_EVAL);
        }
    }
    if (files > 1)
        qcli_report("total", &total);
    rl_coder_free(coder);
    rl_dict_free(d);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("standard output: write error: %s", strerror(errno));
        rc = cli_worse(rc, CLI_IO);
    }
    return rc;
}
