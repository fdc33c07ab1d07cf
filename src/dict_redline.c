/*
 * dict_redline.c - the loader for redline's own actor format
 * (docs/dictionaries.md): lines "CODE [FROM..TO]: NAME; NAME; ...", one
 * role per line, so that a change of office is a one-line diff.
 *
 * Every distinct name of a file becomes one dict_actor record and one
 * actor phrase; the lines that mention the name again merge into that
 * record (an undated line sets its default code, a dated line adds a
 * role).  A name's words are made by the news tokenizer itself (text.h),
 * so "People's Republic" or "Guinea-Bissau" give exactly the tokens an
 * article gives; a hyphenated word is interned whole, so the tokenizer
 * then keeps it whole in text too.  A bad line is an RL_ERR_DICT naming
 * "file:line", or with RL_DICT_LENIENT a skipped line counted in
 * d->warnings: each line is checked whole before it changes the
 * dictionary, so a skipped line leaves no trace.  This file builds no
 * index (match.c) and decides nothing about which file wins (dict.c).
 */
#include "dict.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "error.h"
#include "text.h"

#define RF_WORDS_MAX 64                       /* words in one name */
#define RF_SCRATCH_MAX ((size_t)64 * 1024 * 1024) /* tokenizer memory for one line */

/* One distinct name of the file being loaded. */
typedef struct rf_name {
    dict_phrase ph;   /* its words, in the dictionary arena */
    uint64_t hash;
    uint32_t actor;   /* index into d->actors */
    int def_line;     /* line that set the default code, 0 none yet */
} rf_name;

/* One name of the current line, checked and tokenized. */
typedef struct rf_item {
    const char *text;  /* as written, trimmed */
    size_t len;
    uint32_t *w;       /* word ids, in the scratch arena */
    uint16_t n;
    uint64_t hash;
} rf_item;

typedef struct rf_loader {
    rl_dict *d;
    const char *path;  /* arena copy, the dict_src.file of every record */
    unsigned flags;
    rl_error *err;
    int line;
    arena scratch;     /* per line: normalized names, tokens, items */
    DICT_VEC(rf_name) names;
    uint32_t *slots;   /* hash of names: index + 1, 0 empty */
    size_t n_slots;    /* a power of two, or 0 */
} rf_loader;

/* ---- errors ----------------------------------------------------------- */

static rl_status RL_PRINTF(4, 5)
rf_bad(rf_loader *L, const char *near, size_t near_len, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return dict_line_error(L->err, L->path, L->line, near, near_len, msg);
}

static rl_status rf_nomem(rf_loader *L)
{
    return err_set(L->err, RL_ERR_NOMEM, L->path, L->line, 0, "out of memory");
}

/* ---- small text helpers ----------------------------------------------- */



static int rf_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

static int rf_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* ---- detection -------------------------------------------------------- */

/* Does the line s[0..n) start "CODE:" or "CODE FROM..TO:"?  -1 when the
 * line is blank or a comment (look further), 0 no, 1 yes. */
static int rf_line_kind(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && dict_is_blank(s[i]))
        i++;
    if (i == n || s[i] == '#')
        return -1;
    size_t b = i;
    while (i < n && i - b < 3 && rf_upper(s[i]))
        i++;
    if (i - b < 3)
        return 0;
    while (i < n && (rf_upper(s[i]) || rf_digit(s[i])))
        i++;
    if (i < n && s[i] == ':')
        return 1;
    if (i == n || !dict_is_blank(s[i]))
        return 0;
    while (i < n && dict_is_blank(s[i]))
        i++;
    size_t db = i;
    while (i < n && (rf_digit(s[i]) || s[i] == '.' || s[i] == '-'))
        i++;
    int dots = 0;
    for (size_t k = db; k + 1 < i; k++)
        if (s[k] == '.' && s[k + 1] == '.')
            dots = 1;
    return dots && i < n && s[i] == ':';
}

int dict_is_redline_format(const char *buf, size_t len)
{
    if (!buf)
        return 0;
    size_t pos = 0;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    while (pos < len) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (buf + pos)) : len - pos;
        int k = rf_line_kind(buf + pos, n);
        if (k >= 0)
            return k;
        pos += n + 1;
    }
    return 0;
}

/* ---- codes and dates -------------------------------------------------- */

/* "CHN", "USAGOV", "IGOUNO", "IMGMUSHMS": three capital letters, then
 * capital letters or digits; "---" names a phrase that is no actor. */
static rl_status rf_code(rf_loader *L, const char *s, size_t n, char out[DICT_CODE_MAX])
{
    if (n >= DICT_CODE_MAX)
        return rf_bad(L, s, n, "code longer than %d bytes", DICT_CODE_MAX - 1);
    int ok = n == 3 && memcmp(s, "---", 3) == 0;
    if (!ok && n >= 3) {
        ok = rf_upper(s[0]) && rf_upper(s[1]) && rf_upper(s[2]);
        for (size_t i = 3; ok && i < n; i++)
            ok = rf_upper(s[i]) || rf_digit(s[i]);
    }
    if (!ok)
        return rf_bad(L, s, n,
                      "bad actor code (three capital letters, then capital letters or digits)");
    memcpy(out, s, n);
    out[n] = '\0';
    return RL_OK;
}


static int rf_num(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!rf_digit(s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* YYYY-MM-DD, YYYY-MM or YYYY as YYYYMMDD; a missing month or day is the
 * first (a FROM) or the last (a TO) of the year or month.  0: malformed. */
static int rf_date(const char *s, size_t n, int is_to)
{
    if (n != 4 && n != 7 && n != 10)
        return 0;
    int y = rf_num(s, 4), m = is_to ? 12 : 1, dd;
    if (y < 1)
        return 0;
    if (n >= 7) {
        if (s[4] != '-' || (m = rf_num(s + 5, 2)) < 1 || m > 12)
            return 0;
    }
    dd = is_to ? date_days_in_month(y, m) : 1;
    if (n == 10) {
        if (s[7] != '-' || (dd = rf_num(s + 8, 2)) < 1 || dd > date_days_in_month(y, m))
            return 0;
    }
    return y * 10000 + m * 100 + dd;
}

/* "FROM..TO", either side may be empty but not both. */
static rl_status rf_range(rf_loader *L, const char *s, size_t n, dict_role *r)
{
    const char *dots = NULL;
    for (size_t i = 0; i + 1 < n; i++)
        if (s[i] == '.' && s[i + 1] == '.') {
            dots = s + i;
            break;
        }
    if (!dots)
        return rf_bad(L, s, n, "bad date range (FROM..TO, either side may be empty)");
    const char *a = s, *b = dots + 2;
    size_t an = (size_t)(dots - s), bn = n - an - 2;
    dict_trim(&a, &an);
    dict_trim(&b, &bn);
    if (an == 0 && bn == 0)
        return rf_bad(L, s, n, "date range without a date");
    r->from = an ? rf_date(a, an, 0) : 0;
    r->to = bn ? rf_date(b, bn, 1) : 0;
    if ((an && !r->from) || (bn && !r->to))
        return rf_bad(L, an && !r->from ? a : b, an && !r->from ? an : bn,
                      "bad date (YYYY-MM-DD, YYYY-MM or YYYY)");
    if (r->from && r->to && r->to < r->from)
        return rf_bad(L, s, n, "date range ends before it starts");
    return RL_OK;
}

/* "CODE" or "CODE FROM..TO" before the ':'. */
static rl_status rf_head(rf_loader *L, const char *s, size_t n, dict_role *r, int *dated)
{
    dict_trim(&s, &n);
    size_t k = 0;
    while (k < n && !dict_is_blank(s[k]))
        k++;
    if (k == 0)
        return rf_bad(L, NULL, 0, "missing code before ':'");
    rl_status st = rf_code(L, s, k, r->code);
    if (st)
        return st;
    const char *p = s + k;
    size_t m = n - k;
    dict_trim(&p, &m);
    *dated = m > 0;
    r->from = r->to = 0;
    return m ? rf_range(L, p, m, r) : RL_OK;
}

/* ---- names ------------------------------------------------------------ */

static uint64_t rf_hash(const uint32_t *w, uint16_t n)
{
    uint64_t h = 1469598103934665603ull ^ n;
    for (uint16_t i = 0; i < n; i++) {
        h ^= w[i];
        h *= 1099511628211ull;
    }
    return h ^ (h >> 29);
}

static long rf_find(const rf_loader *L, const uint32_t *w, uint16_t n, uint64_t h)
{
    if (!L->n_slots)
        return -1;
    size_t i = (size_t)h & (L->n_slots - 1);
    while (L->slots[i]) {
        const rf_name *e = &L->names.v[L->slots[i] - 1];
        if (e->hash == h && e->ph.n == n && memcmp(e->ph.w, w, n * sizeof *w) == 0)
            return (long)(L->slots[i] - 1);
        i = (i + 1) & (L->n_slots - 1);
    }
    return -1;
}

/* Make room for one more name in the hash (at most half full). */
static int rf_slots_grow(rf_loader *L)
{
    if ((L->names.n + 1) * 2 <= L->n_slots)
        return 0;
    size_t cap = L->n_slots ? L->n_slots * 2 : 256;
    uint32_t *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t k = 0; k < L->names.n; k++) {
        size_t i = (size_t)L->names.v[k].hash & (cap - 1);
        while (slots[i])
            i = (i + 1) & (cap - 1);
        slots[i] = (uint32_t)(k + 1);
    }
    free(L->slots);
    L->slots = slots;
    L->n_slots = cap;
    return 0;
}

static int rf_is_the(const char *s, size_t n)
{
    return n == 3 && (s[0] == 't' || s[0] == 'T') && (s[1] == 'h' || s[1] == 'H') &&
           (s[2] == 'e' || s[2] == 'E');
}

/* Run the news tokenizer over one name. */
static rl_status rf_tokenize(rf_loader *L, const char *s, size_t n, text_doc *td)
{
    memset(td, 0, sizeof *td);
    td->doc = s;
    td->doc_len = n;
    rl_error e;
    rl_status st = text_normalize(&L->scratch, s, n, &td->norm, &e);
    if (st == RL_OK)
        st = text_tokenize(&L->scratch, L->d->words, td, &e);
    if (st == RL_ERR_NOMEM)
        return rf_nomem(L);
    if (st)
        return rf_bad(L, s, n, "cannot read the name (%s)", e.msg);
    return RL_OK;
}

/* A name's words as the tokenizer makes them from news text, interned.  A
 * hyphenated word the tokenizer cut ("Guinea-Bissau" -> GUINEA - BISSAU,
 * unknown so far) is interned whole and the name tokenized again, so the
 * tokenizer keeps it whole from now on, in names and in text. */
static rl_status rf_name_words(rf_loader *L, rf_item *it)
{
    const char *s = it->text;
    size_t n = it->len;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            return rf_bad(L, s, n, "control byte 0x%02x in a name", c);
    }
    if (!dict_utf8_valid(s, n))
        return rf_bad(L, s, n, "invalid UTF-8 in a name");
    text_doc td;
    rl_status st = rf_tokenize(L, s, n, &td);
    if (st)
        return st;
    int again = 0;
    for (size_t i = 0; i < td.n_toks;) {
        if (!(td.toks[i].flags & TOK_HYPHEN_PART)) {
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < td.n_toks && (td.toks[j].flags & TOK_HYPHEN_PART) &&
               td.toks[j].nb == td.toks[j - 1].ne)
            j++;
        size_t len = td.toks[j - 1].ne - td.toks[i].nb;
        if (j - i > 1 && len <= INTERN_MAX_WORD) {
            if (intern_add(L->d->words, td.norm.s + td.toks[i].nb, len) == INTERN_NONE)
                return rf_nomem(L);
            again = 1;
        }
        i = j;
    }
    if (again && (st = rf_tokenize(L, s, n, &td)))
        return st;

    size_t first = 0;
    if (td.n_toks > 0) {
        size_t tl;
        const char *t0 = tok_str(&td, &td.toks[0], &tl);
        if (rf_is_the(t0, tl))
            first = 1;
    }
    size_t count = td.n_toks - first;
    int words = 0;
    for (size_t i = first; i < td.n_toks; i++)
        if (!(td.toks[i].flags & TOK_PUNCT))
            words = 1;
    if (count == 0 || !words)
        return rf_bad(L, s, n, "a name needs a word");
    if (count > RF_WORDS_MAX)
        return rf_bad(L, s, n, "name longer than %d words", RF_WORDS_MAX);
    it->w = arena_alloc(&L->scratch, count * sizeof *it->w);
    if (!it->w)
        return rf_nomem(L);
    for (size_t i = 0; i < count; i++) {
        size_t tl;
        const char *t = tok_str(&td, &td.toks[first + i], &tl);
        if (tl > INTERN_MAX_WORD)
            return rf_bad(L, t, tl, "word longer than %d bytes", INTERN_MAX_WORD);
        it->w[i] = intern_add(L->d->words, t, tl);
        if (it->w[i] == INTERN_NONE)
            return rf_nomem(L);
    }
    it->n = (uint16_t)count;
    it->hash = rf_hash(it->w, it->n);
    return RL_OK;
}

/* Split the text after ':' at ';' into checked, tokenized names. */
static rl_status rf_names(rf_loader *L, const char *s, size_t n, rf_item **out, size_t *count)
{
    dict_trim(&s, &n);
    size_t cap = 1;
    for (size_t i = 0; i < n; i++)
        cap += s[i] == ';';
    rf_item *items = arena_alloc(&L->scratch, cap * sizeof *items);
    if (!items)
        return rf_nomem(L);
    size_t k = 0, b = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != ';')
            continue;
        const char *t = s + b;
        size_t tn = i - b;
        dict_trim(&t, &tn);
        if (tn == 0)
            return rf_bad(L, s, n, "empty name");
        items[k].text = t;
        items[k].len = tn;
        rl_status st = rf_name_words(L, &items[k]);
        if (st)
            return st;
        k++;
        b = i + 1;
    }
    *out = items;
    *count = k;
    return RL_OK;
}

/* ---- applying a line -------------------------------------------------- */

/* A new record for a name first seen on this line. */
static rl_status rf_new_name(rf_loader *L, const rf_item *it, long *out)
{
    rl_dict *d = L->d;
    if (rf_slots_grow(L))
        return rf_nomem(L);
    uint32_t *w = arena_alloc(&d->mem, it->n * sizeof *w);
    const char *name = arena_strndup(&d->mem, it->text, it->len);
    if (!w || !name)
        return rf_nomem(L);
    memcpy(w, it->w, it->n * sizeof *w);
    long a = dict_push(d->actors);
    if (a < 0)
        return rf_nomem(L);
    long p = dict_push(d->actor_phrases);
    if (p < 0) {
        d->actors.n--;
        return rf_nomem(L);
    }
    long k = dict_push(L->names);
    if (k < 0) {
        d->actors.n--;
        d->actor_phrases.n--;
        return rf_nomem(L);
    }
    dict_actor *ac = &d->actors.v[a];
    ac->src.file = L->path;
    ac->src.line = L->line;
    ac->name = name;
    dict_actor_phrase *ap = &d->actor_phrases.v[p];
    ap->ph.w = w;
    ap->ph.n = it->n;
    ap->actor = (uint32_t)a;
    rf_name *e = &L->names.v[k];
    e->ph = ap->ph;
    e->hash = it->hash;
    e->actor = (uint32_t)a;
    size_t i = (size_t)e->hash & (L->n_slots - 1);
    while (L->slots[i])
        i = (i + 1) & (L->n_slots - 1);
    L->slots[i] = (uint32_t)(k + 1);
    *out = k;
    return RL_OK;
}

static rl_status rf_apply(rf_loader *L, const rf_item *it, const dict_role *r, int dated)
{
    long k = rf_find(L, it->w, it->n, it->hash);
    if (k < 0) {
        rl_status st = rf_new_name(L, it, &k);
        if (st)
            return st;
    }
    rf_name *e = &L->names.v[k];
    dict_actor *a = &L->d->actors.v[e->actor];
    if (!dated) {
        memcpy(a->code, r->code, sizeof a->code);
        if (!e->def_line)
            e->def_line = L->line;
        return RL_OK;
    }
    for (size_t i = 0; i < a->n_roles; i++) /* the same role twice is one role */
        if (a->roles[i].from == r->from && a->roles[i].to == r->to &&
            strcmp(a->roles[i].code, r->code) == 0)
            return RL_OK;
    if (dict_role_push(&L->d->mem, a, r))
        return rf_nomem(L);
    return RL_OK;
}

/* One line without its comment, trimmed, not empty.  Everything is checked
 * before anything changes, so a bad line leaves the dictionary as it was
 * (words it interned aside). */
static rl_status rf_line(rf_loader *L, const char *s, size_t n)
{
    const char *colon = memchr(s, ':', n);
    if (!colon)
        return rf_bad(L, s, n, "missing ':' after the code (CODE [FROM..TO]: NAME; NAME)");
    dict_role r;
    memset(&r, 0, sizeof r);
    int dated = 0;
    rl_status st = rf_head(L, s, (size_t)(colon - s), &r, &dated);
    if (st)
        return st;
    rf_item *items = NULL;
    size_t count = 0;
    if ((st = rf_names(L, colon + 1, n - (size_t)(colon + 1 - s), &items, &count)))
        return st;
    for (size_t i = 0; i < count && !dated; i++) {
        long k = rf_find(L, items[i].w, items[i].n, items[i].hash);
        if (k < 0)
            continue;
        const rf_name *e = &L->names.v[k];
        const dict_actor *a = &L->d->actors.v[e->actor];
        if (e->def_line && strcmp(a->code, r.code) != 0) {
            char name[DICT_NEAR_MAX];
            dict_near(name, items[i].text, items[i].len);
            return rf_bad(L, NULL, 0, "'%s' already has default code %s (line %d)", name,
                          a->code, e->def_line);
        }
    }
    for (size_t i = 0; i < count; i++)
        if ((st = rf_apply(L, &items[i], &r, dated)))
            return st;
    return RL_OK;
}

/* ---- the file --------------------------------------------------------- */

static rl_status rf_each_line(rf_loader *L, const char *buf, size_t len)
{
    size_t pos = 0;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    rl_status st = RL_OK;
    L->line = 0;
    while (pos < len) {
        const char *s = buf + pos;
        const char *nl = memchr(s, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - s) : len - pos;
        pos += n + 1;
        L->line++;
        if (n > DICT_LINE_MAX) {
            st = rf_bad(L, NULL, 0, "line longer than %zu bytes", DICT_LINE_MAX);
        } else {
            const char *hash = memchr(s, '#', n);
            if (hash)
                n = (size_t)(hash - s);
            dict_trim(&s, &n);
            if (n == 0)
                continue;
            arena_reset(&L->scratch);
            st = rf_line(L, s, n);
        }
        if (st == RL_ERR_DICT && (L->flags & RL_DICT_LENIENT)) {
            L->d->warnings++;
            st = RL_OK;
        }
        if (st)
            break;
    }
    return st;
}

rl_status dict_load_redline_actors(rl_dict *d, const char *path, unsigned flags, rl_error *err)
{
    if (!d || !path)
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "no dictionary or path");
    if (d->finished)
        return err_set(err, RL_ERR_USAGE, path, 0, 0, "the dictionary set is already finished");
    rf_loader L;
    memset(&L, 0, sizeof L);
    L.d = d;
    L.flags = flags;
    L.err = err;
    L.path = arena_strndup(&d->mem, path, strlen(path));
    if (!L.path)
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    char *buf = NULL;
    size_t len = 0;
    rl_status st = dict_read_file(path, &buf, &len, err);
    if (st)
        return st;
    arena_init(&L.scratch, RF_SCRATCH_MAX);
    st = rf_each_line(&L, buf, len);
    arena_free(&L.scratch);
    free(L.names.v);
    free(L.slots);
    free(buf);
    if (st == RL_OK)
        err_clear(err);
    return st;
}
