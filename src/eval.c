/*
 * eval.c - rl_eval_file: score the coder against a gold file.
 *
 * Three kinds of gold file, told apart by their first non-blank,
 * non-comment byte:
 *   '<'  PETRARCH XML validation records (PETR.UnitTest.records.xml): coded
 *        with the dictionaries their <Environment> names; a record is
 *        correct when the set of (source, target, cameo) triples equals the
 *        gold set.  Scores by category.
 *   '{'  PLOVER JSONL gold records (gsr-dev.jsonl): coded with the default
 *        dictionaries; a record is correct when some event has the gold type,
 *        source country and (when given) target country.  Scores by type.
 *   else redline test cases, the format below.  One line of totals.
 *
 * PETRARCH choices: a noevents="True" record is correct when nothing is
 * coded; so is a record with error="..." (dateline, bad_input_parse,
 * storydiscard, sentencediscard), since redline has no separate error
 * outcome: discarding or refusing the sentence shows as no event.  Of the
 * <Config> options only require_dyad changes the coder (the value in force
 * for each record, TRUE/True/true/1/yes); stop_on_error, new_actor_length
 * and the comma_* limits are read and ignored.  <Include> is ignored: every
 * record is scored.  Codes are compared verbatim, "---" for no actor.
 *
 * PLOVER choices: a gold "target" that is not a list ("", a string, absent)
 * means no target constraint, and likewise a missing "source".
 *
 * This module only reads gold files and compares; it must not know how
 * events are found (it calls the public rl_coder_* API) and it never writes
 * to stderr: scores go to opts->report, misses to opts->misses.
 *
 * ---------------------------------------------------------------------
 * The redline test-case format (the .txt files of tests/cases/, see its README.md)
 *
 * Cases are blocks of "key: value" lines separated by blank lines.  Lines
 * starting with '#' are comments (they do not end a block).
 *
 *     # Passive voice: the agent of "by" is the source.
 *     text: Ukraine was invaded by Russia in February 2022.
 *     date: 2022-03-01
 *     expect: RUS UKR 192
 *
 *   text:   the text to code (required).  Several text: lines are joined
 *           with one space.
 *   date:   YYYY-MM-DD or YYYYMMDD (optional; default 2024-01-01).
 *   expect: SOURCE TARGET CAMEO [flags], one line per expected event, or
 *           "expect: none" for no event at all (required).  Codes are
 *           compared exactly; "-" (or "---") is a missing actor; CAMEO may
 *           end in '*' for any code with that prefix ("19*").  flags is a
 *           comma- or space-separated list of negated, hypothetical, future,
 *           reported, title.  negated and hypothetical are always compared
 *           (a line without them wants an event that is neither), the
 *           others only when listed.
 *   dict:   default | petrarch-validate (the PETR.Validate.* dictionaries
 *           from ../shared/data/petrarch2, or from opts->dict_dir; the case
 *           is counted as skipped when they are absent).
 *   all:    yes | no: emit negated and hypothetical events too (flagged).
 *           negated/hypothetical flags on expect lines need "all: yes".
 *
 * A case is correct when the set of produced (source, target, cameo)
 * triples equals the expected set.  A missing text: or expect: line, an
 * unknown key or a malformed expect: line is RL_ERR_PARSE "file:line: ...".
 * ---------------------------------------------------------------------
 */
#include "eval.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "error.h"
#include "input.h"
#include "text.h"

#define EVAL_FILE_MAX ((size_t)256 << 20) /* gold files larger than this are refused */
#define EVAL_LINE_MAX ((size_t)1 << 20)   /* one case-file or JSONL line */
#define EVAL_TEXT_MAX ((size_t)1 << 20)   /* text of one case */
#define EVAL_RULE_MAX 512                 /* bytes of a rule kept for --show-misses */
#define EVAL_CATS_MAX 64                  /* categories in a score table */
#define EVAL_PATH_MAX 4096

/* ------------------------------------------------------------------ */
/* Small string helpers                                                */
/* ------------------------------------------------------------------ */

/* Copy a NUL-terminated string into dst[cap], truncating. */
static void eval_copy(char *dst, size_t cap, const char *src)
{
    size_t n = src ? strlen(src) : 0;
    if (n >= cap)
        n = cap - 1;
    if (n)
        memcpy(dst, src, n);
    dst[n] = '\0';
}

static void eval_copyn(char *dst, size_t cap, const char *src, size_t n)
{
    if (n >= cap)
        n = cap - 1;
    if (n)
        memcpy(dst, src, n);
    dst[n] = '\0';
}

static int eval_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static char *eval_strndup(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

int eval_parse_date(const char *s, size_t len)
{
    char d[8];
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            if (k == 8)
                return 0;
            d[k++] = c;
        } else if (c == '-' && (i == 4 || i == 7) && len == 10) {
            continue;
        } else {
            return 0;
        }
    }
    if (k != 8)
        return 0;
    int y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
    int m = (d[4] - '0') * 10 + (d[5] - '0');
    int day = (d[6] - '0') * 10 + (d[7] - '0');
    if (y < 1 || m < 1 || m > 12 || day < 1 || day > 31)
        return 0;
    return y * 10000 + m * 100 + day;
}

/* ------------------------------------------------------------------ */
/* Triple sets                                                         */
/* ------------------------------------------------------------------ */

rl_status eval_tset_add(eval_tset *s, const eval_triple *t)
{
    if (s->n == s->cap) {
        if (s->cap >= EVAL_TSET_MAX)
            return RL_ERR_TOOBIG;
        size_t cap = s->cap ? s->cap * 2 : 8;
        if (cap > EVAL_TSET_MAX)
            cap = EVAL_TSET_MAX;
        eval_triple *v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return RL_ERR_NOMEM;
        s->v = v;
        s->cap = cap;
    }
    eval_triple *d = &s->v[s->n];
    *d = *t;
    d->rule = NULL;
    if (t->rule) {
        size_t n = strlen(t->rule);
        d->rule = eval_strndup(t->rule, n > EVAL_RULE_MAX ? EVAL_RULE_MAX : n);
        if (!d->rule)
            return RL_ERR_NOMEM;
    }
    s->n++;
    return RL_OK;
}

void eval_tset_clear(eval_tset *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].rule);
        s->v[i].rule = NULL;
    }
    s->n = 0;
}

void eval_tset_free(eval_tset *s)
{
    eval_tset_clear(s);
    free(s->v);
    s->v = NULL;
    s->cap = 0;
}

#define EVAL_ALWAYS_FLAGS (RL_EV_NEGATED | RL_EV_HYPOTHETICAL)

int eval_triple_matches(const eval_triple *want, const eval_triple *got)
{
    if (strcmp(want->src, got->src) != 0 || strcmp(want->tgt, got->tgt) != 0)
        return 0;
    if (want->prefix) {
        if (strncmp(got->cameo, want->cameo, strlen(want->cameo)) != 0)
            return 0;
    } else if (strcmp(want->cameo, got->cameo) != 0) {
        return 0;
    }
    if ((want->flags & EVAL_ALWAYS_FLAGS) != (got->flags & EVAL_ALWAYS_FLAGS))
        return 0;
    unsigned listed = want->flags_listed & ~(unsigned)EVAL_ALWAYS_FLAGS;
    return (got->flags & listed) == (want->flags & listed);
}

/* Same triple, same always-compared flags: a duplicate for set purposes. */
static int eval_triple_same(const eval_triple *a, const eval_triple *b)
{
    return strcmp(a->src, b->src) == 0 && strcmp(a->tgt, b->tgt) == 0 &&
           strcmp(a->cameo, b->cameo) == 0 && a->prefix == b->prefix &&
           (a->flags & EVAL_ALWAYS_FLAGS) == (b->flags & EVAL_ALWAYS_FLAGS);
}

int eval_triples_equal(const eval_tset *want, const eval_tset *got, size_t *extra,
                       size_t *missed)
{
    size_t n_extra = 0, n_missed = 0;
    for (size_t i = 0; i < got->n; i++) {
        int dup = 0;
        for (size_t j = 0; j < i && !dup; j++)
            dup = eval_triple_same(&got->v[i], &got->v[j]);
        if (dup)
            continue;
        int hit = 0;
        for (size_t j = 0; j < want->n && !hit; j++)
            hit = eval_triple_matches(&want->v[j], &got->v[i]);
        if (!hit)
            n_extra++;
    }
    for (size_t j = 0; j < want->n; j++) {
        int dup = 0;
        for (size_t k = 0; k < j && !dup; k++)
            dup = eval_triple_same(&want->v[j], &want->v[k]);
        if (dup)
            continue;
        int hit = 0;
        for (size_t i = 0; i < got->n && !hit; i++)
            hit = eval_triple_matches(&want->v[j], &got->v[i]);
        if (!hit)
            n_missed++;
    }
    if (extra)
        *extra = n_extra;
    if (missed)
        *missed = n_missed;
    return n_extra == 0 && n_missed == 0;
}

/* ------------------------------------------------------------------ */
/* expect: lines                                                       */
/* ------------------------------------------------------------------ */

static const struct {
    const char *name;
    unsigned flag;
} eval_flag_names[] = {
    {"negated", RL_EV_NEGATED},   {"hypothetical", RL_EV_HYPOTHETICAL},
    {"future", RL_EV_FUTURE},     {"reported", RL_EV_REPORTED},
    {"title", RL_EV_TITLE},
};

/* Next word of s[*i..len) split at blanks (and at commas when `comma`). */
static int eval_next_word(const char *s, size_t len, size_t *i, int comma,
                          const char **w, size_t *wn)
{
    while (*i < len && (eval_is_space(s[*i]) || (comma && s[*i] == ',')))
        (*i)++;
    if (*i >= len)
        return 0;
    size_t b = *i;
    while (*i < len && !eval_is_space(s[*i]) && !(comma && s[*i] == ','))
        (*i)++;
    *w = s + b;
    *wn = *i - b;
    return 1;
}

static rl_status eval_parse_code(const char *w, size_t n, char *dst, const char *what,
                                 rl_error *err)
{
    if ((n == 1 && w[0] == '-') || (n == 3 && memcmp(w, "---", 3) == 0)) {
        eval_copy(dst, EVAL_CODE_MAX, EVAL_NO_ACTOR);
        return RL_OK;
    }
    if (n >= EVAL_CODE_MAX)
        return err_set(err, RL_ERR_PARSE, NULL, 0, 0, "%s code longer than %d bytes",
                       what, EVAL_CODE_MAX - 1);
    for (size_t i = 0; i < n; i++) {
        char c = w[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return err_set(err, RL_ERR_PARSE, NULL, 0, 0,
                           "bad %s code '%.*s' (upper-case letters, digits, '-')", what,
                           (int)n, w);
    }
    eval_copyn(dst, EVAL_CODE_MAX, w, n);
    return RL_OK;
}

rl_status eval_parse_expect(const char *s, size_t len, eval_triple *out, rl_error *err)
{
    memset(out, 0, sizeof *out);
    const char *w[3];
    size_t wn[3], i = 0;
    for (int k = 0; k < 3; k++) {
        if (!eval_next_word(s, len, &i, 0, &w[k], &wn[k]))
            return err_set(err, RL_ERR_PARSE, NULL, 0, 0,
                           "expect: wants SOURCE TARGET CAMEO (or 'none')");
    }
    rl_status st = eval_parse_code(w[0], wn[0], out->src, "source", err);
    if (st == RL_OK)
        st = eval_parse_code(w[1], wn[1], out->tgt, "target", err);
    if (st != RL_OK)
        return st;

    size_t cn = wn[2];
    if (cn > 0 && w[2][cn - 1] == '*') {
        out->prefix = 1;
        cn--;
    }
    int ok = cn >= 1 && cn <= 4;
    for (size_t k = 0; ok && k < cn; k++)
        ok = w[2][k] >= '0' && w[2][k] <= '9';
    if (!ok || (!out->prefix && cn < 2))
        return err_set(err, RL_ERR_PARSE, NULL, 0, 0,
                       "bad CAMEO code '%.*s' (2 to 4 digits, or a prefix ending in '*')",
                       (int)wn[2], w[2]);
    eval_copyn(out->cameo, sizeof out->cameo, w[2], cn);

    const char *f;
    size_t fn;
    while (eval_next_word(s, len, &i, 1, &f, &fn)) {
        size_t k, nk = sizeof eval_flag_names / sizeof eval_flag_names[0];
        for (k = 0; k < nk; k++) {
            if (strlen(eval_flag_names[k].name) == fn &&
                memcmp(eval_flag_names[k].name, f, fn) == 0)
                break;
        }
        if (k == nk)
            return err_set(err, RL_ERR_PARSE, NULL, 0, 0,
                           "unknown flag '%.*s' (negated, hypothetical, future, reported, "
                           "title)",
                           (int)(fn > 40 ? 40 : fn), f);
        out->flags |= eval_flag_names[k].flag;
        out->flags_listed |= eval_flag_names[k].flag;
    }
    return RL_OK;
}

/* ------------------------------------------------------------------ */
/* Case files                                                          */
/* ------------------------------------------------------------------ */

static void eval_case_free(eval_case *c)
{
    free(c->text);
    c->text = NULL;
    eval_tset_free(&c->expect);
}

void eval_cases_free(eval_cases *c)
{
    for (size_t i = 0; i < c->n; i++)
        eval_case_free(&c->v[i]);
    free(c->v);
    c->v = NULL;
    c->n = c->cap = 0;
}

/* What the parser knows about the block being read. */
typedef struct eval_block {
    eval_case c;
    int open;              /* a key line has been seen */
    int has_date, has_dict, has_all;
    long flag_line;        /* first expect line naming negated/hypothetical */
} eval_block;

static rl_status eval_block_close(const char *name, eval_block *b, eval_cases *out,
                                  rl_error *err)
{
    if (!b->open)
        return RL_OK;
    eval_case *c = &b->c;
    rl_status st = RL_OK;
    if (!c->text)
        st = err_set(err, RL_ERR_PARSE, name, c->line, 0, "case has no 'text:' line");
    else if (!c->expect_none && c->expect.n == 0)
        st = err_set(err, RL_ERR_PARSE, name, c->line, 0,
                     "case has no 'expect:' line (write 'expect: none' for no event)");
    else if (b->flag_line && !c->all)
        st = err_set(err, RL_ERR_PARSE, name, b->flag_line, 0,
                     "negated/hypothetical events are only coded with 'all: yes'");
    else if (out->n >= EVAL_CASES_MAX)
        st = err_set(err, RL_ERR_TOOBIG, name, c->line, 0, "more than %d cases",
                     EVAL_CASES_MAX);
    if (st == RL_OK && out->n == out->cap) {
        size_t cap = out->cap ? out->cap * 2 : 16;
        eval_case *v = realloc(out->v, cap * sizeof *v);
        if (!v)
            st = err_set(err, RL_ERR_NOMEM, name, c->line, 0, "out of memory");
        else {
            out->v = v;
            out->cap = cap;
        }
    }
    if (st != RL_OK) {
        eval_case_free(c);
    } else {
        out->v[out->n++] = *c;
    }
    memset(b, 0, sizeof *b);
    return st;
}

static int eval_key_is(const char *k, size_t kn, const char *want)
{
    return strlen(want) == kn && memcmp(k, want, kn) == 0;
}

/* One "key: value" line of a block. */
static rl_status eval_case_line(const char *name, long lineno, const char *k, size_t kn,
                                const char *v, size_t vn, eval_block *b, rl_error *err)
{
    eval_case *c = &b->c;
    if (!b->open) {
        b->open = 1;
        c->line = lineno;
        c->date = EVAL_CASE_DEFAULT_DATE;
    }
    if (eval_key_is(k, kn, "text")) {
        if (vn == 0)
            return err_set(err, RL_ERR_PARSE, name, lineno, 0, "empty 'text:'");
        size_t old = c->text ? c->text_len + 1 : 0;
        if (old + vn > EVAL_TEXT_MAX)
            return err_set(err, RL_ERR_PARSE, name, lineno, 0,
                           "case text longer than %zu bytes", EVAL_TEXT_MAX);
        char *t = realloc(c->text, old + vn + 1);
        if (!t)
            return err_set(err, RL_ERR_NOMEM, name, lineno, 0, "out of memory");
        if (old)
            t[old - 1] = ' ';
        memcpy(t + old, v, vn);
        t[old + vn] = '\0';
        c->text = t;
        c->text_len = old + vn;
        return RL_OK;
    }
    if (eval_key_is(k, kn, "date")) {
        if (b->has_date)
            return err_set(err, RL_ERR_PARSE, name, lineno, 0, "second 'date:' in a case");
        int d = eval_parse_date(v, vn);
        if (!d)
            return err_set(err, RL_ERR_PARSE, name, lineno, 0,
                           "bad date '%.*s' (YYYY-MM-DD)", (int)(vn > 40 ? 40 : vn), v);
        c->date = d;
        b->has_date = 1;
        return RL_OK;
    }
    if (eval_key_is(k, kn, "expect")) {
        if (vn == 4 && memcmp(v, "none", 4) == 0) {
            if (c->expect.n || c->expect_none)
                return err_set(err, RL_ERR_PARSE, name, lineno, 0,
                               "'expect: none' with other expect: lines");
            c->expect_none = 1;
            return RL_OK;
        }
        if (c->expect_none)
            return err_set(err, RL_ERR_PARSE, name, lineno, 0,
                           "'expect: none' with other expect: lines");
        eval_triple t;
        rl_error e;
        if (eval_parse_expect(v, vn, &t, &e) != RL_OK)
            return err_set(err, RL_ERR_PARSE, name, lineno, 0, "%s", e.msg);
        if ((t.flags & EVAL_ALWAYS_FLAGS) && !b->flag_line)
            b->flag_line = lineno;
        rl_status st = eval_tset_add(&c->expect, &t);
        if (st != RL_OK)
            return err_set(err, st, name, lineno, 0, "too many expect: lines");
        return RL_OK;
    }
    if (eval_key_is(k, kn, "dict")) {
        if (b->has_dict)
            return err_set(err, RL_ERR_PARSE, name, lineno, 0, "second 'dict:' in a case");
        if (eval_key_is(v, vn, "default"))
            c->dict = EVAL_DICT_DEFAULT;
        else if (eval_key_is(v, vn, "petrarch-validate"))
            c->dict = EVAL_DICT_PETRARCH;
        else
            return err_set(err, RL_ERR_PARSE, name, lineno, 0,
                           "unknown dict '%.*s' (default, petrarch-validate)",
                           (int)(vn > 40 ? 40 : vn), v);
        b->has_dict = 1;
        return RL_OK;
    }
    if (eval_key_is(k, kn, "all")) {
        if (b->has_all)
            return err_set(err, RL_ERR_PARSE, name, lineno, 0, "second 'all:' in a case");
        if (eval_key_is(v, vn, "yes"))
            c->all = 1;
        else if (eval_key_is(v, vn, "no"))
            c->all = 0;
        else
            return err_set(err, RL_ERR_PARSE, name, lineno, 0, "'all:' wants yes or no");
        b->has_all = 1;
        return RL_OK;
    }
    return err_set(err, RL_ERR_PARSE, name, lineno, 0,
                   "unknown key '%.*s' (text, date, expect, dict, all)",
                   (int)(kn > 40 ? 40 : kn), k);
}

rl_status eval_parse_cases(const char *name, const char *buf, size_t len,
                           eval_cases *out, rl_error *err)
{
    eval_block b;
    memset(&b, 0, sizeof b);
    long lineno = 0;
    size_t pos = 0;
    rl_status st = RL_OK;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        pos = 3; /* a UTF-8 byte-order mark */
    while (pos < len && st == RL_OK) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - buf) : len;
        const char *s = buf + pos;
        size_t n = end - pos;
        pos = nl ? end + 1 : len;
        lineno++;
        if (n > EVAL_LINE_MAX) {
            st = err_set(err, RL_ERR_PARSE, name, lineno, 0, "line longer than %zu bytes",
                         EVAL_LINE_MAX);
            break;
        }
        if (memchr(s, '\0', n)) {
            st = err_set(err, RL_ERR_PARSE, name, lineno, 0, "NUL byte in a case file");
            break;
        }
        while (n > 0 && eval_is_space(s[n - 1]))
            n--;
        while (n > 0 && eval_is_space(*s)) {
            s++;
            n--;
        }
        if (n == 0) {
            st = eval_block_close(name, &b, out, err);
            continue;
        }
        if (s[0] == '#')
            continue;
        size_t kn = 0;
        while (kn < n && ((s[kn] >= 'a' && s[kn] <= 'z') || (s[kn] >= 'A' && s[kn] <= 'Z')))
            kn++;
        if (kn == 0 || kn >= n || s[kn] != ':') {
            st = err_set(err, RL_ERR_PARSE, name, lineno, 0,
                         "expected 'key: value' (text, date, expect, dict, all)");
            break;
        }
        const char *v = s + kn + 1;
        size_t vn = n - kn - 1;
        while (vn > 0 && eval_is_space(*v)) {
            v++;
            vn--;
        }
        st = eval_case_line(name, lineno, s, kn, v, vn, &b, err);
    }
    if (st == RL_OK)
        st = eval_block_close(name, &b, out, err);
    else
        eval_case_free(&b.c);
    return st;
}

/* ------------------------------------------------------------------ */
/* PLOVER gold                                                         */
/* ------------------------------------------------------------------ */

const char *eval_plover_canon(const char *name)
{
    if (!name)
        return "";
    if (strcmp(name, "DISAPPROVE") == 0)
        return "ACCUSE";
    if (strcmp(name, "DEMAND") == 0)
        return "REQUEST";
    if (strcmp(name, "FIGHT") == 0)
        return "ASSAULT";
    return name;
}

/* The type the gold records' generation (the CAMEO-PLOVER table in the
 * PLOVER repository's cameo/ folder, before the 2021 manual) gives to the
 * few CAMEO codes the 2021 table moved: investigations were their own
 * type, sanctions (163) were SANCTION, property destruction (1712) was
 * COERCE and an attempted assassination (185) THREATEN; and PLOVER 0.5b1,
 * which the gold records use, called all of CAMEO 19 FIGHT (the PLOVER
 * README).  NULL when the generations agree. */
const char *eval_plover_legacy(const char *cameo)
{
    if (!cameo || !cameo[0])
        return NULL;
    if (strncmp(cameo, "09", 2) == 0)
        return "INVESTIGATE";
    if (strcmp(cameo, "163") == 0)
        return "SANCTION";
    if (strcmp(cameo, "1712") == 0)
        return "COERCE";
    if (strcmp(cameo, "185") == 0)
        return "THREATEN";
    if (strncmp(cameo, "19", 2) == 0)
        return "FIGHT"; /* 0.5b1's FIGHT was all of CAMEO 19, blockades too */
    return NULL;
}

/* First three letters of a code, upper case, legacy codes mapped. */
static void eval_country3(const char *code, char out[4])
{
    size_t i = 0;
    for (; i < 3 && code[i]; i++)
        out[i] = (char)toupper((unsigned char)code[i]);
    out[i] = '\0';
    if (strcmp(out, "JAP") == 0)
        memcpy(out, "JPN", 4);
    else if (strcmp(out, "ITL") == 0)
        memcpy(out, "ITA", 4);
    else if (strcmp(out, "VTN") == 0)
        memcpy(out, "VNM", 4);
}

int eval_country_match(const char *gold_code, const char *produced_code)
{
    if (!gold_code || !produced_code)
        return 0;
    char g[4], p[4];
    eval_country3(gold_code, g);
    eval_country3(produced_code, p);
    if (strlen(g) != 3 || strlen(p) != 3 || strcmp(produced_code, EVAL_NO_ACTOR) == 0)
        return 0;
    if (strcmp(g, "IGO") == 0 || strcmp(g, "NGO") == 0) {
        size_t n = strlen(produced_code);
        for (size_t i = 0; i + 3 <= n; i += 3) {
            if (strncmp(produced_code + i, g, 3) == 0)
                return 1;
        }
        return 0;
    }
    if (strcmp(g, p) == 0)
        return 1;
    /* A member state under a former union (SCGSRB, YUGBIH, USRUKR) is that
     * state for the gold records, which use today's codes. */
    static const char *const unions[] = {"SCG", "YUG", "USR", "CSK"};
    for (size_t i = 0; i < sizeof unions / sizeof unions[0]; i++) {
        if (strcmp(p, unions[i]) == 0 && strlen(produced_code) >= 6) {
            char m[4];
            eval_country3(produced_code + 3, m);
            return strcmp(g, m) == 0;
        }
    }
    return 0;
}

void eval_plover_rec_free(eval_plover_rec *r)
{
    free(r->text);
    r->text = NULL;
}

/* Collect the "code" of each object of a list; a non-list gives none. */
static void eval_plover_actors(json_t *list, char (*dst)[EVAL_CODE_MAX], size_t *n)
{
    *n = 0;
    if (!json_is_array(list))
        return;
    size_t i;
    json_t *a;
    json_array_foreach(list, i, a) {
        if (*n >= EVAL_PLOVER_ACTORS_MAX)
            break;
        json_t *code = json_is_object(a) ? json_object_get(a, "code") : NULL;
        const char *s = json_is_string(code) ? json_string_value(code) : NULL;
        if (!s || !*s)
            continue;
        eval_copy(dst[*n], EVAL_CODE_MAX, s);
        (*n)++;
    }
}

rl_status eval_plover_parse(const char *line, size_t len, eval_plover_rec *out,
                            rl_error *err)
{
    memset(out, 0, sizeof *out);
    json_error_t je;
    json_t *root = json_loadb(line, len, 0, &je);
    if (!root)
        return err_set(err, RL_ERR_PARSE, NULL, 0, 0, "bad JSON: %s (column %d)", je.text,
                       je.column);
    rl_status st = RL_OK;
    json_t *text = json_is_object(root) ? json_object_get(root, "text") : NULL;
    json_t *event = json_is_object(root) ? json_object_get(root, "event") : NULL;
    if (!json_is_object(root))
        st = err_set(err, RL_ERR_PARSE, NULL, 0, 0, "a gold record must be a JSON object");
    else if (!json_is_string(text))
        st = err_set(err, RL_ERR_PARSE, NULL, 0, 0, "gold record without a \"text\" string");
    else if (!json_is_string(event) || !*json_string_value(event))
        st = err_set(err, RL_ERR_PARSE, NULL, 0, 0, "gold record without an \"event\" string");
    if (st == RL_OK) {
        json_t *id = json_object_get(root, "id");
        if (json_is_string(id))
            eval_copy(out->id, sizeof out->id, json_string_value(id));
        eval_copy(out->event, sizeof out->event, json_string_value(event));
        json_t *date = json_object_get(root, "date");
        if (json_is_string(date))
            out->date = eval_parse_date(json_string_value(date), json_string_length(date));
        eval_plover_actors(json_object_get(root, "source"), out->src, &out->n_src);
        eval_plover_actors(json_object_get(root, "target"), out->tgt, &out->n_tgt);
        out->text = eval_strndup(json_string_value(text), json_string_length(text));
        if (!out->text)
            st = err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    json_decref(root);
    return st;
}

int eval_plover_correct(const eval_plover_rec *gold, const eval_tset *got)
{
    const char *want = eval_plover_canon(gold->event);
    for (size_t i = 0; i < got->n; i++) {
        const eval_triple *t = &got->v[i];
        const char *legacy = eval_plover_legacy(t->cameo);
        int type_ok = t->plover[0] && strcmp(eval_plover_canon(t->plover), want) == 0;
        if (legacy && strcmp(legacy, gold->event) == 0)
            type_ok = 1;
        if (!type_ok)
            continue;
        int src_ok = gold->n_src == 0;
        for (size_t k = 0; k < gold->n_src && !src_ok; k++)
            src_ok = eval_country_match(gold->src[k], t->src);
        if (!src_ok)
            continue;
        int tgt_ok = gold->n_tgt == 0;
        for (size_t k = 0; k < gold->n_tgt && !tgt_ok; k++)
            tgt_ok = eval_country_match(gold->tgt[k], t->tgt);
        if (tgt_ok)
            return 1;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Coding one text                                                     */
/* ------------------------------------------------------------------ */

typedef struct eval_collect {
    eval_tset *got;
    rl_status st;
} eval_collect;

static int eval_collect_event(const rl_event *ev, void *ud)
{
    eval_collect *cl = ud;
    eval_triple t;
    memset(&t, 0, sizeof t);
    const char *src = ev->source.code && *ev->source.code ? ev->source.code : EVAL_NO_ACTOR;
    const char *tgt = ev->has_target && ev->target.code && *ev->target.code
                          ? ev->target.code
                          : EVAL_NO_ACTOR;
    eval_copy(t.src, sizeof t.src, src);
    eval_copy(t.tgt, sizeof t.tgt, tgt);
    eval_copy(t.cameo, sizeof t.cameo, ev->cameo ? ev->cameo : "");
    eval_copy(t.plover, sizeof t.plover, ev->plover ? ev->plover : "");
    t.flags = ev->flags;
    t.rule = (char *)(uintptr_t)ev->rule; /* copied by eval_tset_add */
    cl->st = eval_tset_add(cl->got, &t);
    return cl->st != RL_OK; /* stop this document on overflow */
}

/* Code `text` as one document; produced triples go to `got` (cleared
 * first).  A coder error on this text is returned with err filled; the
 * caller counts it and moves on unless it is RL_ERR_NOMEM. */
static rl_status eval_code_text(rl_coder *coder, const char *id, int date,
                                const char *text, size_t len, const char *origin,
                                eval_tset *got, rl_error *err)
{
    eval_tset_clear(got);
    size_t clean_len = 0, bad = 0;
    char *clean = text_sanitize(text, len, &clean_len, &bad);
    if (!clean)
        return err_set(err, RL_ERR_NOMEM, origin, 0, 0, "out of memory");
    rl_doc doc;
    memset(&doc, 0, sizeof doc);
    doc.id = id;
    doc.date = date;
    doc.text = clean;
    doc.text_len = clean_len;
    doc.origin = origin;
    doc.bad_bytes = bad;
    eval_collect cl = {got, RL_OK};
    rl_status st = rl_coder_code_doc(coder, &doc, eval_collect_event, &cl, err);
    if (st == RL_OK && cl.st != RL_OK)
        st = err_set(err, cl.st, origin, 0, 0, "more than %d events in one record",
                     EVAL_TSET_MAX);
    free(clean);
    return st;
}

/* ------------------------------------------------------------------ */
/* Score tables                                                        */
/* ------------------------------------------------------------------ */

typedef struct eval_cat {
    char name[32];
    size_t records, correct, events, extra, missed, errors;
} eval_cat;

typedef struct eval_table {
    eval_cat cat[EVAL_CATS_MAX];
    size_t n;
    eval_cat total;
} eval_table;

/* The row of a category; the last row collects the overflow as "OTHER". */
static eval_cat *eval_table_row(eval_table *t, const char *name)
{
    if (!name || !*name)
        name = "NONE";
    for (size_t i = 0; i < t->n; i++)
        if (strncmp(t->cat[i].name, name, sizeof t->cat[i].name - 1) == 0)
            return &t->cat[i];
    if (t->n == EVAL_CATS_MAX) {
        eval_cat *last = &t->cat[EVAL_CATS_MAX - 1];
        eval_copy(last->name, sizeof last->name, "OTHER");
        return last;
    }
    eval_cat *c = &t->cat[t->n++];
    memset(c, 0, sizeof *c);
    eval_copy(c->name, sizeof c->name, name);
    return c;
}

static void eval_table_count(eval_table *t, const char *cat, int correct, size_t events,
                             size_t extra, size_t missed, int error)
{
    eval_cat *rows[2] = {eval_table_row(t, cat), &t->total};
    for (int i = 0; i < 2; i++) {
        eval_cat *c = rows[i];
        c->records++;
        c->correct += correct ? 1u : 0u;
        c->events += events;
        c->extra += extra;
        c->missed += missed;
        c->errors += error ? 1u : 0u;
    }
}

static double eval_pct(size_t a, size_t b)
{
    return b ? 100.0 * (double)a / (double)b : 0.0;
}

static void eval_print_triples_table(FILE *f, const eval_table *t)
{
    fprintf(f, "%-12s %8s %8s %7s %8s %7s %7s\n", "category", "records", "correct", "%",
            "events", "extra", "missed");
    for (size_t i = 0; i <= t->n; i++) {
        const eval_cat *c = i < t->n ? &t->cat[i] : &t->total;
        fprintf(f, "%-12s %8zu %8zu %6.1f%% %8zu %7zu %7zu\n", i < t->n ? c->name : "TOTAL",
                c->records, c->correct, eval_pct(c->correct, c->records), c->events,
                c->extra, c->missed);
    }
}

static void eval_print_plover_table(FILE *f, const eval_table *t)
{
    fprintf(f, "%-12s %8s %8s %7s %8s %7s\n", "event", "records", "correct", "%", "events",
            "ev/rec");
    for (size_t i = 0; i <= t->n; i++) {
        const eval_cat *c = i < t->n ? &t->cat[i] : &t->total;
        fprintf(f, "%-12s %8zu %8zu %6.1f%% %8zu %7.2f\n", i < t->n ? c->name : "TOTAL",
                c->records, c->correct, eval_pct(c->correct, c->records), c->events,
                c->records ? (double)c->events / (double)c->records : 0.0);
    }
}

static void eval_result_from(rl_eval_result *res, const eval_cat *total)
{
    res->records = total->records;
    res->correct = total->correct;
    res->events = total->events;
    res->errors = total->errors;
    res->accuracy = total->records ? (double)total->correct / (double)total->records : 0.0;
    res->events_per_record =
        total->records ? (double)total->events / (double)total->records : 0.0;
}

/* ------------------------------------------------------------------ */
/* Misses                                                              */
/* ------------------------------------------------------------------ */

/* The text on one line, runs of white space folded to one blank. */
static void eval_print_text(FILE *f, const char *s, size_t n)
{
    int blank = 1;
    size_t end = n;
    while (end > 0 && eval_is_space(s[end - 1]))
        end--;
    for (size_t i = 0; i < end; i++) {
        if (eval_is_space(s[i]) || s[i] == '\0') {
            if (!blank)
                fputc(' ', f);
            blank = 1;
        } else {
            fputc(s[i], f);
            blank = 0;
        }
    }
    fputc('\n', f);
}

static void eval_print_flags(FILE *f, unsigned flags)
{
    const char *sep = " ";
    for (size_t k = 0; k < sizeof eval_flag_names / sizeof eval_flag_names[0]; k++) {
        if (flags & eval_flag_names[k].flag) {
            fprintf(f, "%s%s", sep, eval_flag_names[k].name);
            sep = ",";
        }
    }
}

static void eval_print_expected(FILE *f, const eval_tset *want)
{
    if (want->n == 0)
        fputs("expected: none\n", f);
    for (size_t i = 0; i < want->n; i++) {
        const eval_triple *t = &want->v[i];
        fprintf(f, "expected: %s %s %s%s", t->src, t->tgt, t->cameo, t->prefix ? "*" : "");
        eval_print_flags(f, t->flags);
        fputc('\n', f);
    }
}

static void eval_print_produced(FILE *f, const eval_tset *got)
{
    if (got->n == 0)
        fputs("produced: none\n", f);
    for (size_t i = 0; i < got->n; i++) {
        const eval_triple *t = &got->v[i];
        fprintf(f, "produced: %s %s %s", t->src, t->tgt, t->cameo);
        if (t->plover[0])
            fprintf(f, " %s", t->plover);
        eval_print_flags(f, t->flags);
        if (t->rule)
            fprintf(f, "  [%s]", t->rule);
        fputc('\n', f);
    }
}

/* ------------------------------------------------------------------ */
/* Files and paths                                                     */
/* ------------------------------------------------------------------ */

static rl_status eval_read_file(const char *path, char **out, size_t *out_len,
                                rl_error *err)
{
    *out = NULL;
    *out_len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_set(err, RL_ERR_IO, path, 0, 0, "cannot open: %s", strerror(errno));
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    rl_status st = RL_OK;
    if (!buf)
        st = err_set(err, RL_ERR_NOMEM, path, 0, 0, "out of memory");
    while (st == RL_OK) {
        if (n == cap) {
            if (cap >= EVAL_FILE_MAX) {
                st = err_set(err, RL_ERR_TOOBIG, path, 0, 0, "gold file larger than %zu MiB",
                             EVAL_FILE_MAX >> 20);
                break;
            }
            size_t ncap = cap * 2 > EVAL_FILE_MAX ? EVAL_FILE_MAX : cap * 2;
            char *nb = realloc(buf, ncap + 1);
            if (!nb) {
                st = err_set(err, RL_ERR_NOMEM, path, 0, 0, "out of memory");
                break;
            }
            buf = nb;
            cap = ncap;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0) {
            if (ferror(f))
                st = err_set(err, RL_ERR_IO, path, 0, 0, "read error");
            break;
        }
    }
    fclose(f);
    if (st != RL_OK) {
        free(buf);
        return st;
    }
    buf[n] = '\0';
    *out = buf;
    *out_len = n;
    return RL_OK;
}

/* dir + "/" + name into out[EVAL_PATH_MAX]; a name that is already absolute
 * is used as it is. */
static rl_status eval_join(char *out, const char *dir, const char *name, rl_error *err)
{
    int w;
    if (name[0] == '/' || !dir || !*dir)
        w = snprintf(out, EVAL_PATH_MAX, "%s", name);
    else
        w = snprintf(out, EVAL_PATH_MAX, "%s/%s", dir, name);
    if (w < 0 || w >= EVAL_PATH_MAX)
        return err_set(err, RL_ERR_USAGE, name, 0, 0, "path too long");
    return RL_OK;
}

/* The directory part of a path ("." when none) into out[EVAL_PATH_MAX]. */
static void eval_dirname(char *out, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        eval_copy(out, EVAL_PATH_MAX, ".");
    } else if (slash == path) {
        eval_copy(out, EVAL_PATH_MAX, "/");
    } else {
        eval_copyn(out, EVAL_PATH_MAX, path, (size_t)(slash - path));
    }
}

static int eval_file_exists(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    fclose(f);
    return 1;
}

/* What kind of gold file: the first byte that is not blank, not a BOM and
 * not on a '#' comment line. */
typedef enum eval_kind { EVAL_KIND_CASES, EVAL_KIND_PETRARCH, EVAL_KIND_PLOVER } eval_kind;

static eval_kind eval_detect(const char *buf, size_t len)
{
    size_t i = 0;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len) {
        char c = buf[i];
        if (eval_is_space(c)) {
            i++;
        } else if (c == '#') {
            const char *nl = memchr(buf + i, '\n', len - i);
            i = nl ? (size_t)(nl - buf) + 1 : len;
        } else if (c == '<') {
            return EVAL_KIND_PETRARCH;
        } else if (c == '{') {
            return EVAL_KIND_PLOVER;
        } else {
            break;
        }
    }
    return EVAL_KIND_CASES;
}

/* ------------------------------------------------------------------ */
/* PETRARCH validation records                                         */
/* ------------------------------------------------------------------ */

/* Dictionaries a coder uses, and coders by (emit_all, require_dyad). */
typedef struct eval_coders {
    rl_dict *dict;
    rl_coder *c[2][2];
    int emit_all;
    int petrarch;   /* 1: PETRARCH semantics (acts keep their own codes) */
} eval_coders;

static void eval_coders_free(eval_coders *cs)
{
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++)
            rl_coder_free(cs->c[a][b]);
    rl_dict_free(cs->dict);
    memset(cs, 0, sizeof *cs);
}

static rl_status eval_coder_get(eval_coders *cs, int emit_all, int require_dyad,
                                rl_coder **out, rl_error *err)
{
    int a = emit_all ? 1 : 0, b = require_dyad ? 1 : 0;
    if (!cs->c[a][b]) {
        rl_coder_opts co;
        rl_coder_opts_init(&co);
        co.emit_all = a;
        co.require_dyad = b;
        co.conventions = !cs->petrarch;
        rl_status st = rl_coder_new(&cs->c[a][b], cs->dict, &co, err);
        if (st != RL_OK) {
            cs->c[a][b] = NULL;
            return st;
        }
    }
    *out = cs->c[a][b];
    return RL_OK;
}

/* TRUE / True / true / 1 / yes. */
static int eval_truthy(const char *v)
{
    if (!v)
        return 0;
    char w[8];
    size_t i = 0;
    for (; v[i] && i < sizeof w - 1; i++)
        w[i] = (char)tolower((unsigned char)v[i]);
    w[i] = '\0';
    return strcmp(w, "true") == 0 || strcmp(w, "1") == 0 || strcmp(w, "yes") == 0;
}

/* The value of a <Config> option in force for a record (the last one set
 * before it), or NULL. */
static const char *eval_petr_option(const petr_env *env, const petr_record *rec,
                                    const char *option)
{
    size_t n = rec->n_config < env->n_config ? rec->n_config : env->n_config;
    for (size_t i = n; i-- > 0;) {
        if (env->config[i].option && strcmp(env->config[i].option, option) == 0)
            return env->config[i].value;
    }
    return NULL;
}

static rl_status eval_dict_add(rl_dict *d, rl_dict_kind kind, const char *dir,
                               const char *file, rl_error *err)
{
    char path[EVAL_PATH_MAX];
    rl_status st = eval_join(path, dir, file, err);
    if (st == RL_OK)
        st = rl_dict_add_file(d, kind, path, 0, err);
    return st;
}

/* Load the dictionaries an <Environment> names, from dict_dir. */
static rl_status eval_petr_dict(const char *gold, const petr_env *env, const char *dict_dir,
                                const char *data_dir, rl_dict **out, rl_error *err)
{
    *out = NULL;
    if (!env->verbfile || env->n_actorfiles == 0)
        return err_set(err, RL_ERR_PARSE, gold, 0, 0,
                       "<Environment> names no <Verbfile> or no <Actorfile>");
    rl_dict *d = NULL;
    rl_status st = rl_dict_new(&d, data_dir, err);
    if (st == RL_OK)
        st = eval_dict_add(d, RL_DICT_VERBS, dict_dir, env->verbfile, err);
    for (size_t i = 0; i < env->n_actorfiles && st == RL_OK; i++)
        st = eval_dict_add(d, RL_DICT_ACTORS, dict_dir, env->actorfiles[i], err);
    if (st == RL_OK && env->agentfile)
        st = eval_dict_add(d, RL_DICT_AGENTS, dict_dir, env->agentfile, err);
    if (st == RL_OK && env->discardfile)
        st = eval_dict_add(d, RL_DICT_DISCARDS, dict_dir, env->discardfile, err);
    if (st == RL_OK)
        st = rl_dict_finish(d, err);
    if (st != RL_OK) {
        rl_dict_free(d);
        return st;
    }
    *out = d;
    return RL_OK;
}

static rl_status eval_petrarch(const char *gold, const rl_eval_opts *opts, FILE *report,
                               rl_eval_result *res, rl_error *err)
{
    petr_record *recs = NULL;
    size_t n_recs = 0;
    petr_env env;
    memset(&env, 0, sizeof env);
    rl_status st = petr_read_file(gold, &recs, &n_recs, &env, err);
    if (st != RL_OK)
        return st;

    char dir[EVAL_PATH_MAX];
    if (opts->dict_dir)
        eval_copy(dir, sizeof dir, opts->dict_dir);
    else
        eval_dirname(dir, gold);

    eval_coders cs;
    memset(&cs, 0, sizeof cs);
    cs.petrarch = 1;
    eval_table *tab = calloc(1, sizeof *tab);
    eval_tset want = {0}, got = {0};
    if (!tab)
        st = err_set(err, RL_ERR_NOMEM, gold, 0, 0, "out of memory");
    if (st == RL_OK)
        st = eval_petr_dict(gold, &env, dir, opts->data_dir, &cs.dict, err);

    for (size_t r = 0; r < n_recs && st == RL_OK; r++) {
        const petr_record *rec = &recs[r];
        int require_dyad = 1;
        const char *rd = eval_petr_option(&env, rec, "require_dyad");
        if (rd)
            require_dyad = eval_truthy(rd);
        rl_coder *coder = NULL;
        st = eval_coder_get(&cs, opts->emit_all, require_dyad, &coder, err);
        if (st != RL_OK)
            break;

        eval_tset_clear(&want);
        for (size_t i = 0; i < rec->n_codings && st == RL_OK; i++) {
            eval_triple t;
            memset(&t, 0, sizeof t);
            const petr_coding *pc = &rec->codings[i];
            eval_copy(t.src, sizeof t.src, pc->src && *pc->src ? pc->src : EVAL_NO_ACTOR);
            eval_copy(t.tgt, sizeof t.tgt, pc->tgt && *pc->tgt ? pc->tgt : EVAL_NO_ACTOR);
            eval_copy(t.cameo, sizeof t.cameo, pc->code ? pc->code : "");
            st = eval_tset_add(&want, &t);
            if (st != RL_OK)
                err_set(err, st, gold, 0, 0, "record %s: too many codings", rec->id);
        }
        if (st != RL_OK)
            break;

        rl_error cerr;
        err_clear(&cerr);
        rl_status cst = eval_code_text(coder, rec->id, rec->date, rec->text,
                                       rec->text ? strlen(rec->text) : 0, gold, &got, &cerr);
        if (cst == RL_ERR_NOMEM) {
            st = err_set(err, cst, NULL, 0, 0, "%s", cerr.msg);
            break;
        }
        size_t extra = 0, missed = 0;
        /* noevents and error= records: correct when nothing is coded
         * (redline has no separate error outcome; see the header). */
        int ok = cst == RL_OK && eval_triples_equal(&want, &got, &extra, &missed);
        eval_table_count(tab, rec->category, ok, got.n, extra, missed, cst != RL_OK);
        if (!ok && opts->misses) {
            FILE *m = opts->misses;
            fprintf(m, "--- %s %s (%s:%zu)\n", rec->id ? rec->id : "?",
                    rec->category ? rec->category : "", gold, rec->line);
            fputs("text: ", m);
            eval_print_text(m, rec->text ? rec->text : "", rec->text ? strlen(rec->text) : 0);
            if (rec->error)
                fprintf(m, "gold error: %s\n", rec->error);
            eval_print_expected(m, &want);
            if (cst != RL_OK)
                fprintf(m, "coder error: %s\n", cerr.msg);
            else
                eval_print_produced(m, &got);
            fputc('\n', m);
        }
    }

    if (st == RL_OK) {
        fprintf(report, "%s: PETRARCH validation records\n", gold);
        eval_print_triples_table(report, tab);
        eval_result_from(res, &tab->total);
    }
    eval_tset_free(&want);
    eval_tset_free(&got);
    free(tab);
    eval_coders_free(&cs);
    petr_free(recs, &env);
    return st;
}

/* ------------------------------------------------------------------ */
/* PLOVER JSONL gold                                                   */
/* ------------------------------------------------------------------ */

static rl_status eval_plover(const char *gold, const char *buf, size_t len,
                             const rl_eval_opts *opts, FILE *report, rl_eval_result *res,
                             rl_error *err)
{
    eval_coders cs;
    memset(&cs, 0, sizeof cs);
    rl_status st = rl_dict_load_dir(&cs.dict, opts->data_dir, 0, err);
    if (st != RL_OK)
        return st;
    rl_coder *coder = NULL;
    st = eval_coder_get(&cs, opts->emit_all, 0, &coder, err);
    eval_table *tab = calloc(1, sizeof *tab);
    if (!tab && st == RL_OK)
        st = err_set(err, RL_ERR_NOMEM, gold, 0, 0, "out of memory");
    eval_tset got = {0};
    long lineno = 0;
    size_t pos = 0;
    while (st == RL_OK && pos < len) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - buf) : len;
        const char *line = buf + pos;
        size_t n = end - pos;
        pos = nl ? end + 1 : len;
        lineno++;
        size_t k = 0;
        while (k < n && eval_is_space(line[k]))
            k++;
        if (k == n || line[k] == '#')
            continue;
        if (n > EVAL_LINE_MAX) {
            st = err_set(err, RL_ERR_PARSE, gold, lineno, 0, "line longer than %zu bytes",
                         EVAL_LINE_MAX);
            break;
        }
        eval_plover_rec rec;
        rl_error e;
        if (eval_plover_parse(line, n, &rec, &e) != RL_OK) {
            st = err_set(err, e.status, gold, lineno, 0, "%s", e.msg);
            eval_plover_rec_free(&rec);
            break;
        }
        char origin[64];
        snprintf(origin, sizeof origin, "line %ld", lineno);
        const char *id = rec.id[0] ? rec.id : origin;
        rl_error cerr;
        err_clear(&cerr);
        rl_status cst = eval_code_text(coder, id, rec.date, rec.text, strlen(rec.text), gold,
                                       &got, &cerr);
        if (cst == RL_ERR_NOMEM) {
            st = err_set(err, cst, NULL, 0, 0, "%s", cerr.msg);
            eval_plover_rec_free(&rec);
            break;
        }
        int ok = cst == RL_OK && eval_plover_correct(&rec, &got);
        eval_table_count(tab, rec.event, ok, got.n, 0, 0, cst != RL_OK);
        if (!ok && opts->misses) {
            FILE *m = opts->misses;
            fprintf(m, "--- %s (%s:%ld)\n", id, gold, lineno);
            fputs("text: ", m);
            eval_print_text(m, rec.text, strlen(rec.text));
            fprintf(m, "gold: %s", rec.event);
            if (strcmp(eval_plover_canon(rec.event), rec.event) != 0)
                fprintf(m, " (= %s)", eval_plover_canon(rec.event));
            fputs(" source", m);
            for (size_t i = 0; i < rec.n_src; i++)
                fprintf(m, " %s", rec.src[i]);
            if (rec.n_src == 0)
                fputs(" any", m);
            fputs(" target", m);
            for (size_t i = 0; i < rec.n_tgt; i++)
                fprintf(m, " %s", rec.tgt[i]);
            if (rec.n_tgt == 0)
                fputs(" any", m);
            fputc('\n', m);
            if (cst != RL_OK)
                fprintf(m, "coder error: %s\n", cerr.msg);
            else
                eval_print_produced(m, &got);
            fputc('\n', m);
        }
        eval_plover_rec_free(&rec);
    }
    if (st == RL_OK && tab->total.records == 0)
        st = err_set(err, RL_ERR_PARSE, gold, 0, 0, "no gold records");
    if (st == RL_OK) {
        fprintf(report, "%s: PLOVER gold records\n", gold);
        eval_print_plover_table(report, tab);
        eval_result_from(res, &tab->total);
    }
    eval_tset_free(&got);
    free(tab);
    eval_coders_free(&cs);
    return st;
}

/* ------------------------------------------------------------------ */
/* redline test cases                                                  */
/* ------------------------------------------------------------------ */

/* Where the PETR.Validate.* dictionaries are: opts->dict_dir, else
 * ../shared/data/petrarch2 from the working directory (the repository
 * root when tests run), else the same seen from a case file in
 * tests/cases/.  0 when none holds them. */
static int eval_find_petr_dir(const char *gold, const rl_eval_opts *opts,
                              char out[EVAL_PATH_MAX])
{
    char probe[EVAL_PATH_MAX];
    char gdir[EVAL_PATH_MAX];
    eval_dirname(gdir, gold);
    char rel[EVAL_PATH_MAX];
    int w = snprintf(rel, sizeof rel, "%s/../../../shared/data/petrarch2", gdir);
    const char *cands[3] = {opts->dict_dir, "../shared/data/petrarch2",
                            w > 0 && w < (int)sizeof rel ? rel : NULL};
    for (int i = 0; i < 3; i++) {
        if (!cands[i])
            continue;
        if (eval_join(probe, cands[i], "PETR.Validate.verbs.txt", NULL) != RL_OK)
            continue;
        if (eval_file_exists(probe)) {
            eval_copy(out, EVAL_PATH_MAX, cands[i]);
            return 1;
        }
    }
    return 0;
}

static rl_status eval_petr_validate_dict(const char *dir, const char *data_dir,
                                         rl_dict **out, rl_error *err)
{
    static const struct {
        rl_dict_kind kind;
        const char *file;
    } files[] = {
        {RL_DICT_VERBS, "PETR.Validate.verbs.txt"},
        {RL_DICT_ACTORS, "PETR.Validate.actors.txt"},
        {RL_DICT_AGENTS, "PETR.Validate.agents.txt"},
        {RL_DICT_DISCARDS, "PETR.Validate.discards.txt"},
    };
    *out = NULL;
    rl_dict *d = NULL;
    rl_status st = rl_dict_new(&d, data_dir, err);
    for (size_t i = 0; i < sizeof files / sizeof files[0] && st == RL_OK; i++)
        st = eval_dict_add(d, files[i].kind, dir, files[i].file, err);
    if (st == RL_OK)
        st = rl_dict_finish(d, err);
    if (st != RL_OK) {
        rl_dict_free(d);
        return st;
    }
    *out = d;
    return RL_OK;
}

static rl_status eval_cases_file(const char *gold, const char *buf, size_t len,
                                 const rl_eval_opts *opts, FILE *report,
                                 rl_eval_result *res, rl_error *err)
{
    eval_cases cases = {0};
    rl_status st = eval_parse_cases(gold, buf, len, &cases, err);
    if (st == RL_OK && cases.n == 0)
        st = err_set(err, RL_ERR_PARSE, gold, 0, 0, "no test cases");
    if (st != RL_OK) {
        eval_cases_free(&cases);
        return st;
    }

    /* Dictionaries are loaded on first use: a file of default-dictionary
     * cases never reads ../shared. */
    eval_coders cs[2];
    memset(cs, 0, sizeof cs);
    int petr_missing = 0;
    eval_cat total;
    memset(&total, 0, sizeof total);
    size_t skipped = 0;
    eval_tset got = {0};

    for (size_t i = 0; i < cases.n && st == RL_OK; i++) {
        eval_case *c = &cases.v[i];
        eval_coders *set = &cs[c->dict];
        if (!set->dict) {
            if (c->dict == EVAL_DICT_PETRARCH) {
                char dir[EVAL_PATH_MAX];
                if (petr_missing || !eval_find_petr_dir(gold, opts, dir)) {
                    petr_missing = 1;
                    skipped++;
                    continue;
                }
                st = eval_petr_validate_dict(dir, opts->data_dir, &set->dict, err);
                set->petrarch = 1;
            } else {
                st = rl_dict_load_dir(&set->dict, opts->data_dir, 0, err);
            }
            if (st != RL_OK)
                break;
        }
        rl_coder *coder = NULL;
        st = eval_coder_get(set, c->all || opts->emit_all, set->petrarch, &coder, err);
        if (st != RL_OK)
            break;
        char origin[EVAL_PATH_MAX + 32];
        snprintf(origin, sizeof origin, "%s:%ld", gold, c->line);
        rl_error cerr;
        err_clear(&cerr);
        rl_status cst = eval_code_text(coder, origin, c->date, c->text, c->text_len, origin,
                                       &got, &cerr);
        if (cst == RL_ERR_NOMEM) {
            st = err_set(err, cst, NULL, 0, 0, "%s", cerr.msg);
            break;
        }
        size_t extra = 0, missed = 0;
        int ok = cst == RL_OK && eval_triples_equal(&c->expect, &got, &extra, &missed);
        total.records++;
        total.correct += ok ? 1u : 0u;
        total.events += got.n;
        total.errors += cst != RL_OK ? 1u : 0u;
        if (!ok && opts->misses) {
            FILE *m = opts->misses;
            fprintf(m, "--- %s\n", origin);
            fputs("text: ", m);
            eval_print_text(m, c->text, c->text_len);
            eval_print_expected(m, &c->expect);
            if (cst != RL_OK)
                fprintf(m, "coder error: %s\n", cerr.msg);
            else
                eval_print_produced(m, &got);
            fputc('\n', m);
        }
    }
    if (st == RL_OK) {
        fprintf(report, "%s: %zu of %zu correct (%.1f%%), %zu events", gold, total.correct,
                total.records, eval_pct(total.correct, total.records), total.events);
        if (skipped)
            fprintf(report, ", %zu skipped (no PETR.Validate dictionaries)", skipped);
        if (total.errors)
            fprintf(report, ", %zu coder errors", total.errors);
        fputc('\n', report);
        eval_result_from(res, &total);
        res->skipped = skipped;
    }
    eval_tset_free(&got);
    eval_coders_free(&cs[0]);
    eval_coders_free(&cs[1]);
    eval_cases_free(&cases);
    return st;
}

/* ------------------------------------------------------------------ */
/* The entry point                                                     */
/* ------------------------------------------------------------------ */

rl_status rl_eval_file(const char *gold, const rl_eval_opts *opts, rl_eval_result *res,
                       rl_error *err)
{
    rl_eval_opts defaults;
    memset(&defaults, 0, sizeof defaults);
    rl_eval_result local;
    if (!opts)
        opts = &defaults;
    if (!res)
        res = &local;
    memset(res, 0, sizeof *res);
    err_clear(err);
    if (!gold || !*gold)
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "no gold file given");
    if (!(opts->require >= 0.0 && opts->require <= 100.0))
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0,
                       "required accuracy %.1f is not between 0 and 100", opts->require);
    FILE *report = opts->report ? opts->report : stdout;

    char *buf = NULL;
    size_t len = 0;
    rl_status st = eval_read_file(gold, &buf, &len, err);
    if (st != RL_OK)
        return st;
    size_t k = 0;
    while (k < len && eval_is_space(buf[k]))
        k++;
    if (k == len) {
        free(buf);
        return err_set(err, RL_ERR_PARSE, gold, 0, 0, "empty gold file");
    }
    switch (eval_detect(buf, len)) {
    case EVAL_KIND_PETRARCH:
        free(buf); /* the XML reader opens the file itself */
        buf = NULL;
        st = eval_petrarch(gold, opts, report, res, err);
        break;
    case EVAL_KIND_PLOVER:
        st = eval_plover(gold, buf, len, opts, report, res, err);
        break;
    case EVAL_KIND_CASES:
        st = eval_cases_file(gold, buf, len, opts, report, res, err);
        break;
    }
    free(buf);
    if (st != RL_OK)
        return st;
    double pct = 100.0 * res->accuracy;
    if (opts->require > 0.0 && res->records > 0 && pct < opts->require)
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0,
                       "%s: %zu of %zu correct (%.1f%%), below the required %.1f%%", gold,
                       res->correct, res->records, pct, opts->require);
    return RL_OK;
}
