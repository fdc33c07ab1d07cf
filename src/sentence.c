/*
 * sentence.c - sentence boundaries over tokens, and the abbreviation list.
 *
 * A sentence ends after . ! ? (with the closing quotes and brackets that
 * stick to them) when whitespace and a plausible sentence start follow (a
 * capital, a digit, an opening quote or bracket); at blank lines; at zone
 * boundaries; and after TEXT_MAX_SENT_TOKENS tokens at the latest.  Tokens
 * that kept their period (abbreviations, initials, "U.S.") end a sentence
 * only before a word that starts sentences and never names anything (The,
 * He, In, But ...): "U.S. President Biden" goes on, "in the U.S. The
 * talks" does not; titles (Mr., Sen.) never end one.  An ellipsis ends a
 * sentence only when it closes a quotation before a capital.  Quotation
 * marks are tracked to flag TOK_INQUOTE; paragraphs and zones reset them.
 *
 * The abbreviation list is process-wide, read-only once published; loads
 * never free an older list, so a reader racing a reload stays safe, and a
 * load of the list already published publishes nothing (every dictionary
 * set reads data/abbreviations.txt: memory must not grow per set).
 *
 * This file must not change token boundaries (token.c owns them).
 */
#include "text.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "error.h"

/* ---- abbreviation list ------------------------------------------------ */

#define SENT_ABBR_KEY 24      /* longest key + NUL */
#define SENT_ABBR_MAX 4096    /* entries in one list */
#define SENT_ABBR_LINE 512    /* longest line in a list file */

typedef struct abbrev_entry {
    char key[SENT_ABBR_KEY]; /* lower case, without the final '.' */
    uint8_t kind;            /* text_abbrev_kind */
    uint8_t need_cap;        /* written with a capital: match only capitals */
} abbrev_entry;

typedef struct abbrev_table {
    abbrev_entry *e;
    size_t n;
    struct abbrev_table *older; /* kept alive for readers of a reload */
} abbrev_table;

/* The built-in list, used until text_load_abbrevs succeeds. */
static const char *const sent_default_abbrevs[] = {
    "Mr. title", "Mrs. title", "Ms. title", "Messrs. title", "Mme. title",
    "Dr. title", "Prof. title", "Sen. title", "Sens. title", "Rep. title",
    "Reps. title", "Gov. title", "Lt. title", "Gen. title", "Col. title",
    "Maj. title", "Capt. title", "Cmdr. title", "Sgt. title", "Cpl. title",
    "Pvt. title", "Adm. title", "Brig. title", "Rev. title", "Hon. title",
    "Pres. title", "Amb. title", "Supt. title", "Insp. title", "Det. title",
    "Fr. title", "Gens. title", "Lt.Col. title",
    "St.", "Mt.", "Ft.", "Jr.", "Sr.", "Inc.", "Corp.", "Ltd.", "Co.",
    "Bros.", "Dept.", "Univ.", "Assn.", "Ave.", "Blvd.", "Rd.",
    "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.",
    "Oct.", "Nov.", "Dec.", "Tue.", "Tues.", "Thu.", "Thur.", "Thurs.", "Fri.",
    "vs.", "etc.", "al.", "approx.", "est.", "cf.",
    "No. num", "Nos. num", "Art. num", "Vol. num", "Fig. num",
    "Ala.", "Ariz.", "Ark.", "Calif.", "Colo.", "Conn.", "Fla.", "Ga.", "Kan.",
    "Ky.", "La.", "Md.", "Mich.", "Minn.", "Mo.", "Mont.", "Neb.", "Nev.",
    "Okla.", "Pa.", "Tenn.", "Tex.", "Va.", "Vt.", "Wis.", "Wyo.",
};

static _Atomic(abbrev_table *) sent_abbrevs_loaded;
static abbrev_table sent_abbrevs_builtin;
static abbrev_entry sent_builtin_entries[sizeof sent_default_abbrevs /
                                         sizeof sent_default_abbrevs[0]];
static pthread_once_t sent_builtin_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t sent_load_lock = PTHREAD_MUTEX_INITIALIZER;

static int sent_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* Parse "Abbr. [kind]".  Returns 1 with *out filled, 0 for a blank or
 * comment line, -1 with *why on a malformed line. */
static int sent_abbrev_parse(const char *line, abbrev_entry *out, const char **why)
{
    const char *p = line;
    while (sent_is_space(*p))
        p++;
    if (*p == '\0' || *p == '#')
        return 0;
    const char *w = p;
    while (*p && !sent_is_space(*p) && *p != '#')
        p++;
    size_t n = (size_t)(p - w);
    if (n < 2 || w[n - 1] != '.') {
        *why = "an abbreviation must end with '.'";
        return -1;
    }
    if (n - 1 >= SENT_ABBR_KEY) {
        *why = "abbreviation too long";
        return -1;
    }
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i + 1 < n; i++) {
        unsigned char c = (unsigned char)w[i];
        if (c < 0x21 || c > 0x7E) {
            *why = "abbreviations must be printable ASCII";
            return -1;
        }
        out->key[i] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    out->need_cap = w[0] >= 'A' && w[0] <= 'Z';
    out->kind = TEXT_ABBR_PLAIN;
    while (sent_is_space(*p))
        p++;
    if (*p && *p != '#') {
        const char *k = p;
        while (*p && !sent_is_space(*p) && *p != '#')
            p++;
        size_t kn = (size_t)(p - k);
        if (kn == 5 && memcmp(k, "title", 5) == 0)
            out->kind = TEXT_ABBR_TITLE;
        else if (kn == 3 && memcmp(k, "num", 3) == 0)
            out->kind = TEXT_ABBR_NUM;
        else if (kn == 5 && memcmp(k, "plain", 5) == 0)
            out->kind = TEXT_ABBR_PLAIN;
        else {
            *why = "unknown abbreviation kind (title, num or plain)";
            return -1;
        }
        while (sent_is_space(*p))
            p++;
        if (*p && *p != '#') {
            *why = "extra text after the abbreviation kind";
            return -1;
        }
    }
    return 1;
}

static int sent_abbrev_cmp(const void *a, const void *b)
{
    return strcmp(((const abbrev_entry *)a)->key, ((const abbrev_entry *)b)->key);
}

/* Sort and merge repeated keys: the strongest kind wins (title > num >
 * plain), and a lower-case spelling anywhere lifts the capital rule. */
static size_t sent_abbrev_sort(abbrev_entry *e, size_t n)
{
    qsort(e, n, sizeof *e, sent_abbrev_cmp);
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (w > 0 && strcmp(e[w - 1].key, e[i].key) == 0) {
            if (e[i].kind == TEXT_ABBR_TITLE ||
                (e[i].kind == TEXT_ABBR_NUM && e[w - 1].kind == TEXT_ABBR_PLAIN))
                e[w - 1].kind = e[i].kind;
            if (!e[i].need_cap)
                e[w - 1].need_cap = 0;
            continue;
        }
        e[w++] = e[i];
    }
    return w;
}

static void sent_builtin_init(void)
{
    size_t n = 0;
    const char *why = NULL;
    for (size_t i = 0; i < sizeof sent_default_abbrevs / sizeof sent_default_abbrevs[0]; i++)
        if (sent_abbrev_parse(sent_default_abbrevs[i], &sent_builtin_entries[n], &why) == 1)
            n++;
    sent_abbrevs_builtin.e = sent_builtin_entries;
    sent_abbrevs_builtin.n = sent_abbrev_sort(sent_builtin_entries, n);
}

static const abbrev_table *sent_abbrevs(void)
{
    const abbrev_table *t = atomic_load_explicit(&sent_abbrevs_loaded, memory_order_acquire);
    if (t)
        return t;
    pthread_once(&sent_builtin_once, sent_builtin_init);
    return &sent_abbrevs_builtin;
}

text_abbrev_kind text_abbrev_find(const char *w, size_t n)
{
    abbrev_entry k;
    if (n == 0 || n >= SENT_ABBR_KEY)
        return TEXT_ABBR_NONE;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        k.key[i] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    k.key[n] = '\0';
    const abbrev_table *t = sent_abbrevs();
    const abbrev_entry *e = bsearch(&k, t->e, t->n, sizeof *t->e, sent_abbrev_cmp);
    if (!e)
        return TEXT_ABBR_NONE;
    if (e->need_cap && !(w[0] >= 'A' && w[0] <= 'Z'))
        return TEXT_ABBR_NONE;
    return (text_abbrev_kind)e->kind;
}

rl_status text_load_abbrevs(const char *path, rl_error *err)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return err_set(err, RL_ERR_IO, path, 0, 0, "cannot open abbreviation list");
    abbrev_table *t = calloc(1, sizeof *t);
    abbrev_entry *e = calloc(SENT_ABBR_MAX, sizeof *e);
    if (!t || !e) {
        free(t);
        free(e);
        fclose(f);
        return err_set(err, RL_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    char line[SENT_ABBR_LINE];
    long lineno = 0;
    size_t n = 0;
    rl_status st = RL_OK;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        size_t len = strlen(line);
        if (len == sizeof line - 1 && line[len - 1] != '\n' && !feof(f)) {
            st = err_set(err, RL_ERR_DICT, path, lineno, 0, "line too long");
            break;
        }
        const char *why = NULL;
        int r = sent_abbrev_parse(line, &e[n], &why);
        if (r < 0) {
            st = err_set(err, RL_ERR_DICT, path, lineno, 0, "%s", why);
            break;
        }
        if (r == 0)
            continue;
        if (++n == SENT_ABBR_MAX) {
            st = err_set(err, RL_ERR_TOOBIG, path, lineno, 0,
                         "more than %d abbreviations", SENT_ABBR_MAX - 1);
            break;
        }
    }
    if (st == RL_OK && ferror(f))
        st = err_set(err, RL_ERR_IO, path, 0, 0, "read error");
    fclose(f);
    if (st != RL_OK) {
        free(e);
        free(t);
        return st;
    }
    t->n = sent_abbrev_sort(e, n);
    abbrev_entry *fit = realloc(e, (t->n ? t->n : 1) * sizeof *e);
    t->e = fit ? fit : e;
    pthread_mutex_lock(&sent_load_lock);
    abbrev_table *cur = atomic_load_explicit(&sent_abbrevs_loaded, memory_order_relaxed);
    if (cur && cur->n == t->n && memcmp(cur->e, t->e, t->n * sizeof *t->e) == 0) {
        /* the same list again (every rl_dict_new reads it): keep the
         * published one, so repeated loads do not pile up */
        pthread_mutex_unlock(&sent_load_lock);
        free(t->e);
        free(t);
        return RL_OK;
    }
    t->older = cur;
    atomic_store_explicit(&sent_abbrevs_loaded, t, memory_order_release);
    pthread_mutex_unlock(&sent_load_lock);
    return RL_OK;
}

/* ---- sentence boundaries --------------------------------------------- */

/* Capitalised words that start sentences but are never part of a name:
 * after an abbreviation they mean the sentence has ended. */
static const char *const sent_starters[] = {
    "a", "after", "all", "also", "although", "an", "and", "another", "as", "asked",
    "at", "before", "both", "but", "by", "despite", "during", "each", "earlier",
    "every", "for", "from", "he", "her", "here", "his", "how", "however", "i",
    "if", "in", "it", "its", "last", "later", "many", "meanwhile", "more",
    "most", "my", "neither", "no", "not", "now", "on", "one", "only", "or",
    "other", "our", "she", "since", "so", "some", "still", "such", "that", "the",
    "their", "then", "there", "these", "they", "this", "those", "though",
    "thus", "to", "under", "we", "what", "when", "where", "which", "while",
    "who", "why", "with", "yet", "you",
};

static int sent_is_starter(const text_doc *td, const token *t)
{
    if (!(t->flags & TOK_CAP) || (t->flags & (TOK_PUNCT | TOK_ABBREV)))
        return 0;
    size_t n = t->ne - t->nb;
    const char *s = td->norm.s + t->nb;
    if (n > 9)
        return 0;
    char low[10];
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        low[i] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    low[n] = '\0';
    for (size_t i = 0; i < sizeof sent_starters / sizeof sent_starters[0]; i++)
        if (strcmp(low, sent_starters[i]) == 0)
            return 1;
    return 0;
}

static int sent_is_char(const text_doc *td, const token *t, char c)
{
    return t->ne - t->nb == 1 && td->norm.s[t->nb] == c;
}

static int sent_is_dots(const text_doc *td, const token *t)
{
    if (!(t->flags & TOK_PUNCT) || t->ne - t->nb < 2)
        return 0;
    for (uint32_t i = t->nb; i < t->ne; i++)
        if (td->norm.s[i] != '.')
            return 0;
    return 1;
}

static int sent_is_terminal_punct(const text_doc *td, const token *t)
{
    return (t->flags & TOK_PUNCT) &&
           (sent_is_char(td, t, '.') || sent_is_char(td, t, '!') || sent_is_char(td, t, '?'));
}

/* Closing marks that stay with the sentence they follow. */
static int sent_is_closer(const text_doc *td, const token *t)
{
    if (t->flags & TOK_QUOTE)
        return 1;
    if (!(t->flags & TOK_PUNCT))
        return 0;
    return sent_is_char(td, t, ')') || sent_is_char(td, t, ']') || sent_is_char(td, t, '}') ||
           sent_is_terminal_punct(td, t) || sent_is_dots(td, t);
}

/* Could t start a sentence?  Not a lower-case word, not , ; : ) % etc. */
static int sent_can_start(const text_doc *td, const token *t)
{
    const unsigned char *s = (const unsigned char *)td->norm.s + t->nb;
    size_t n = t->ne - t->nb;
    if (t->flags & TOK_PUNCT)
        return strchr(",;:)]}%.!?", s[0]) == NULL;
    if (t->flags & (TOK_CAP | TOK_NUM))
        return 1;
    if (s[0] >= 'a' && s[0] <= 'z')
        return 0;
    if (s[0] >= 0x80) {
        utf8proc_int32_t cp = -1;
        utf8proc_iterate(s, (utf8proc_ssize_t)(n < 4 ? n : 4), &cp);
        if (cp >= 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_LL)
            return 0;
    }
    return 1;
}

enum { SENT_ABBR_INITIAL = 100 };

static int sent_abbrev_kind(const text_doc *td, const token *t)
{
    const char *s = td->norm.s + t->nb;
    size_t n = t->ne - t->nb;
    if (n < 2)
        return TEXT_ABBR_PLAIN;
    if (n == 2 && s[0] >= 'A' && s[0] <= 'Z')
        return SENT_ABBR_INITIAL;
    if (memchr(s, '.', n - 1))
        return TEXT_ABBR_PLAIN; /* U.S. e.g. a.m. */
    int k = text_abbrev_find(s, n - 1);
    return k == TEXT_ABBR_NONE ? TEXT_ABBR_PLAIN : k;
}

/* Does a sentence end after token i?  If so *next is the first token of
 * the next sentence (closing quotes and brackets stay with this one). */
static int sent_ends_after(const text_doc *td, size_t i, size_t *next)
{
    const token *t = td->toks;
    size_t n = td->n_toks;
    enum { T_STOP, T_DOTS, T_ABBR } kind;
    if (sent_is_terminal_punct(td, &t[i]))
        kind = T_STOP;
    else if (sent_is_dots(td, &t[i]))
        kind = T_DOTS;
    else if (t[i].flags & TOK_ABBREV)
        kind = T_ABBR;
    else
        return 0;
    size_t j = i + 1;
    int quote_closed = 0;
    while (j < n && t[j].nb == t[j - 1].ne && sent_is_closer(td, &t[j])) {
        if (t[j].flags & TOK_QUOTE)
            quote_closed = 1;
        j++;
    }
    *next = j;
    if (j >= n)
        return 1;
    if (t[j].nb == t[j - 1].ne) /* "end.The": no space, no boundary */
        return 0;
    const token *nx = &t[j];
    if (!sent_can_start(td, nx))
        return 0;
    switch (kind) {
    case T_STOP:
        return !quote_closed || (nx->flags & (TOK_CAP | TOK_NUM | TOK_QUOTE)) != 0;
    case T_DOTS:
        return quote_closed && (nx->flags & TOK_CAP);
    case T_ABBR:
        break;
    }
    if (quote_closed)
        return (nx->flags & (TOK_CAP | TOK_NUM | TOK_QUOTE)) != 0;
    int ak = sent_abbrev_kind(td, &t[i]);
    if (ak == TEXT_ABBR_TITLE)
        return 0;
    if (sent_is_starter(td, nx))
        return 1;
    if (ak == SENT_ABBR_INITIAL)
        return 0;
    return (nx->flags & TOK_QUOTE) && sent_is_char(td, nx, '"');
}

/* Line breaks in the whitespace s[a, b) between two tokens. */
static int sent_gap_lines(const char *s, size_t a, size_t b)
{
    int k = 0;
    for (size_t i = a; i < b; i++)
        if (s[i] == '\n' || (s[i] == '\r' && !(i + 1 < b && s[i + 1] == '\n')))
            k++;
    return k;
}

/* Zones sorted by start, walked with a cursor as tokens advance. */
typedef struct sent_zones {
    const rl_zone_span *z;
    size_t n, cur;
} sent_zones;

static int sent_zone_cmp(const void *a, const void *b)
{
    const rl_zone_span *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* A key that changes at every zone boundary, and the zone of byte db. */
static size_t sent_region(sent_zones *zc, size_t db, rl_zone *zone)
{
    while (zc->cur < zc->n && zc->z[zc->cur].end <= db)
        zc->cur++;
    if (zc->cur < zc->n && zc->z[zc->cur].start <= db) {
        *zone = zc->z[zc->cur].zone;
        return 2 * zc->cur + 1;
    }
    *zone = RL_ZONE_BODY;
    return 2 * zc->cur;
}

/* Is the quotation mark t opening (1), closing (0), or unclear (-1)?
 * The document's typographic or Treebank quote tells when there is one
 * (“ ‘ `` open, ” ’ '' close); else the spaces around it do. */
static int sent_quote_side(const text_doc *td, const token *t)
{
    const unsigned char *d = (const unsigned char *)td->doc + t->db;
    size_t dn = t->de - t->db;
    if (dn == 3 && d[0] == 0xE2 && d[1] == 0x80) {
        if (d[2] == 0x9C || d[2] == 0x98 || d[2] == 0x9E)
            return 1;
        if (d[2] == 0x9D || d[2] == 0x99)
            return 0;
    }
    if (dn == 2 && d[0] == '`' && d[1] == '`')
        return 1;
    if (dn == 2 && d[0] == '\'' && d[1] == '\'')
        return 0;
    const char *s = td->norm.s;
    unsigned char before = t->nb > 0 ? (unsigned char)s[t->nb - 1] : ' ';
    unsigned char after = t->ne < td->norm.len ? (unsigned char)s[t->ne] : ' ';
    int open_before = before <= 0x20 || strchr("([{-", before) != NULL;
    int close_after = after <= 0x20 || strchr(".,;:!?)]}-", after) != NULL;
    if (open_before && !close_after)
        return 1;
    if (!open_before && close_after)
        return 0;
    return -1;
}

rl_status text_split(arena *a, text_doc *td, const rl_zone_span *zones, size_t n_zones,
                     rl_error *err)
{
    token *t = td->toks;
    size_t n = td->n_toks;
    td->sents = NULL;
    td->n_sents = 0;
    if (n == 0)
        return RL_OK;

    sent_zones zc = {NULL, 0, 0};
    if (zones && n_zones) {
        rl_zone_span *zs = arena_alloc(a, n_zones * sizeof *zs);
        if (!zs)
            return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory splitting sentences");
        memcpy(zs, zones, n_zones * sizeof *zs);
        qsort(zs, n_zones, sizeof *zs, sent_zone_cmp);
        zc.z = zs;
        zc.n = n_zones;
    }

    /* Pass 1: flags (TOK_SENT_START, TOK_INQUOTE) and the count. */
    size_t count = 0, nsent = 0, break_at = SIZE_MAX, prev_reg = 0;
    int dq = 0, sq = 0;
    for (size_t i = 0; i < n; i++) {
        rl_zone zone;
        size_t reg = sent_region(&zc, t[i].db, &zone);
        int start = i == 0;
        t[i].flags = (uint16_t)(t[i].flags & ~(TOK_SENT_START | TOK_INQUOTE));
        if (i > 0) {
            if (reg != prev_reg || sent_gap_lines(td->norm.s, t[i - 1].ne, t[i].nb) >= 2) {
                start = 1;
                dq = sq = 0;
            }
            if (i == break_at || count >= TEXT_MAX_SENT_TOKENS)
                start = 1;
        }
        prev_reg = reg;
        if (start) {
            t[i].flags |= TOK_SENT_START;
            count = 0;
            nsent++;
            break_at = SIZE_MAX;
        }
        count++;
        if (t[i].flags & TOK_QUOTE) {
            int *q = sent_is_char(td, &t[i], '"') ? &dq : &sq;
            int side = sent_quote_side(td, &t[i]);
            *q = side < 0 ? !*q : side;
        } else if (dq || sq) {
            t[i].flags |= TOK_INQUOTE;
        }
        size_t nx;
        if (break_at == SIZE_MAX && i + 1 < n && sent_ends_after(td, i, &nx))
            break_at = nx;
    }

    /* Pass 2: the sentences. */
    sentence *se = arena_alloc(a, nsent * sizeof *se);
    if (!se)
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory splitting sentences");
    zc.cur = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(t[i].flags & TOK_SENT_START))
            continue;
        if (k > 0)
            se[k - 1].t1 = (uint32_t)i;
        rl_zone zone;
        sent_region(&zc, t[i].db, &zone);
        se[k].t0 = (uint32_t)i;
        se[k].zone = zone;
        k++;
    }
    se[k - 1].t1 = (uint32_t)n;
    for (size_t s = 0; s < k; s++) {
        const token *f = &t[se[s].t0], *l = &t[se[s].t1 - 1];
        se[s].db = f->db;
        se[s].de = l->de;
        se[s].cb = f->cb;
        se[s].ce = l->ce;
    }
    td->sents = se;
    td->n_sents = k;
    return RL_OK;
}
