/*
 * dict_tabari.c - loaders for the TABARI / PETRARCH-1 / PETRARCH-2
 * dictionary text formats: actors (with synonyms and dated roles), agents
 * (plurals, substitution sets), verbs (synsets, verb blocks, irregular and
 * generated forms, patterns) and discards.
 *
 * Each file is read whole and parsed line by line in place; strings go to
 * the dictionary arena or the intern table, so a load makes no per-line
 * malloc.  A malformed line is an RL_ERR_DICT naming "file:line", or, with
 * RL_DICT_LENIENT, a skipped line counted in d->warnings.  This file does
 * not build indexes (match.c) and never looks at news text.
 */
#include "dict.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

#define DICT_FILE_MAX ((size_t)256 * 1024 * 1024) /* bytes of one dictionary file */
#define PH_MAX 64          /* words in a phrase */
#define PEL_MAX 64         /* elements in a pattern */
#define ROLES_MAX 64       /* dated roles on one line */
#define FORMS_MAX 64       /* forms of one verb line */
#define SUBST_MAX 64       /* substitution sets in an agents file */
#define SUBST_ITEMS 64     /* items in one substitution set */
#define EXPAND_MAX 1024    /* phrases one agents line may expand to */
#define SYN_EXPAND_MAX ((size_t)1 << 20) /* phrases in one synset after expansion */
#define SYN_DEPTH 8        /* synsets inside synsets */
#define NOTFOUND UINT32_MAX

/* ---- the loader's state ---------------------------------------------- */

/* A synset line read in this file, resolved when the file ends. */
typedef struct syn_item {
    uint32_t synset;
    uint32_t ref;      /* synset it includes ("+&OTHER"), or NOTFOUND */
    dict_phrase ph;    /* when ref == NOTFOUND */
    int line;
} syn_item;

typedef struct subst_set {
    char name[64];     /* with its '!'s, e.g. "!PERSON!" */
    size_t name_len;
    const char *item[SUBST_ITEMS];
    size_t item_len[SUBST_ITEMS];
    size_t n;
} subst_set;

typedef struct loader {
    rl_dict *d;
    const char *path;  /* arena copy, the dict_src.file of every entry */
    unsigned flags;
    rl_error *err;
    int line;
    /* actors */
    long actor;        /* current record, -1 none */
    int skip_actor;    /* its primary line was bad: skip its synonyms and roles */
    /* verbs */
    long block;        /* current verb block, -1 none */
    int skip_block;
    int in_synset;     /* after "&NAME", '+' lines are synset phrases */
    long synset;       /* -1 while skipping a bad synset header */
    int syn_noplural;
    DICT_VEC(syn_item) items;
    size_t first_pattern, first_block;
    /* agents */
    subst_set *subs;
    size_t n_subs;
} loader;

/* ---- errors ---------------------------------------------------------- */

/* The token of a "near '...'" (dict.h): at most 40 bytes, unprintable
 * bytes as '?', bytes of broken UTF-8 as '?', "..." when cut. */
void dict_near(char out[DICT_NEAR_MAX], const char *near, size_t near_len)
{
    size_t n = near_len < 40 ? near_len : 40, o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)near[i];
        out[o++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
    }
    if (!dict_utf8_valid(out, o)) /* keep the message valid UTF-8 */
        for (size_t i = 0; i < o; i++)
            if ((unsigned char)out[i] >= 0x80)
                out[i] = '?';
    if (near_len > n) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    out[o] = '\0';
}

/* Fill the error with "path:line: message near 'token'" and return
 * RL_ERR_DICT. */
static rl_status RL_PRINTF(4, 5)
dict_bad(loader *L, const char *near, size_t near_len, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return dict_line_error(L->err, L->path, L->line, near, near_len, msg);
}

rl_status dict_line_error(rl_error *err, const char *path, int line, const char *near,
                          size_t near_len, const char *msg)
{
    if (!near)
        return err_set(err, RL_ERR_DICT, path, line, 0, "%s", msg);
    char tok[DICT_NEAR_MAX];
    dict_near(tok, near, near_len);
    return err_set(err, RL_ERR_DICT, path, line, 0, "%s near '%s'", msg, tok);
}

static rl_status dict_nomem(loader *L)
{
    return err_set(L->err, RL_ERR_NOMEM, L->path, L->line, 0, "out of memory");
}

/* ---- small text helpers ---------------------------------------------- */

int dict_is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}


static unsigned char upc(char c)
{
    return (c >= 'a' && c <= 'z') ? (unsigned char)(c - 32) : (unsigned char)c;
}

void dict_trim(const char **s, size_t *n)
{
    while (*n && dict_is_blank(**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n && dict_is_blank((*s)[*n - 1]))
        (*n)--;
}



static const char *memfind(const char *s, size_t n, char c)
{
    return n ? memchr(s, c, n) : NULL;
}

/* Valid UTF-8 without overlongs or surrogates (dict.h). */
int dict_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t len;
        uint32_t cp;
        if (c >= 0xc2 && c <= 0xdf) {
            len = 2;
            cp = c & 0x1fu;
        } else if (c >= 0xe0 && c <= 0xef) {
            len = 3;
            cp = c & 0x0fu;
        } else if (c >= 0xf0 && c <= 0xf4) {
            len = 4;
            cp = c & 0x07u;
        } else {
            return 0;
        }
        if (i + len > n)
            return 0;
        for (size_t k = 1; k < len; k++) {
            if ((p[i + k] & 0xc0) != 0x80)
                return 0;
            cp = (cp << 6) | (p[i + k] & 0x3fu);
        }
        if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
            (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
            return 0;
        i += len;
    }
    return 1;
}

/* A dictionary word: no control bytes, no brackets, valid UTF-8, short
 * enough to intern. */
static rl_status check_word(loader *L, const char *w, size_t n)
{
    if (n > INTERN_MAX_WORD)
        return dict_bad(L, w, n, "word longer than %d bytes", INTERN_MAX_WORD);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        if (c < 0x20 || c == 0x7f)
            return dict_bad(L, w, n, "control byte 0x%02x in a word", c);
        if (c == '[' || c == ']' || c == '{' || c == '}')
            return dict_bad(L, w, n, "unexpected '%c'", c);
    }
    if (!dict_utf8_valid(w, n))
        return dict_bad(L, w, n, "invalid UTF-8 in a word");
    return RL_OK;
}

/* A code as written: no blanks, printable ASCII, no brackets. */
static rl_status check_code(loader *L, const char *s, size_t n, char out[DICT_CODE_MAX])
{
    const char *orig = s;
    size_t orig_n = n;
    dict_trim(&s, &n);
    if (n == 0)
        return dict_bad(L, orig, orig_n, "empty code");
    if (n >= DICT_CODE_MAX)
        return dict_bad(L, s, n, "code longer than %d bytes", DICT_CODE_MAX - 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (dict_is_blank((char)c))
            return dict_bad(L, s, n, "blank inside a code");
        if (c <= 0x20 || c >= 0x7f || c == '[' || c == ']' || c == '{' || c == '}')
            return dict_bad(L, s, n, "bad character in a code");
    }
    memcpy(out, s, n);
    out[n] = '\0';
    return RL_OK;
}

/* ---- phrases ----------------------------------------------------------- */

typedef struct wspan {
    const char *p;
    uint16_t n;
    uint8_t gap;   /* a blank came before this word */
    uint8_t plus;  /* written with a leading '+' (verb head) */
} wspan;

typedef struct wlist {
    wspan w[PH_MAX];
    uint16_t n;
} wlist;

static rl_status wl_add(loader *L, wlist *wl, const char *p, size_t n, int gap, int plus)
{
    if (wl->n >= PH_MAX)
        return dict_bad(L, p, n, "phrase longer than %d words", PH_MAX);
    wl->w[wl->n].p = p;
    wl->w[wl->n].n = (uint16_t)n;
    wl->w[wl->n].gap = (uint8_t)gap;
    wl->w[wl->n].plus = (uint8_t)plus;
    wl->n++;
    return RL_OK;
}

/* Add one written word, split the way the tokenizer splits news text:
 * "GARDENER'S" -> GARDENER 'S, "WON'T" -> WO N'T. */
static rl_status wl_word(loader *L, wlist *wl, const char *p, size_t n, int gap, int plus)
{
    rl_status st = check_word(L, p, n);
    if (st)
        return st;
    if (n > 2 && p[n - 2] == '\'' && upc(p[n - 1]) == 'S') {
        if ((st = wl_add(L, wl, p, n - 2, gap, plus)))
            return st;
        return wl_add(L, wl, p + n - 2, 2, 0, 0);
    }
    if (n > 3 && upc(p[n - 3]) == 'N' && p[n - 2] == '\'' && upc(p[n - 1]) == 'T') {
        if ((st = wl_add(L, wl, p, n - 3, gap, plus)))
            return st;
        return wl_add(L, wl, p + n - 3, 3, 0, 0);
    }
    return wl_add(L, wl, p, n, gap, plus);
}

/* Split a phrase written with '_' (consecutive) and blanks (gap) into
 * words.  "X_ Y" is the legacy spelling of "X Y".  With allow_plus a word
 * may carry a leading '+' (the inflected word of a multi-word verb). */
static rl_status split_words(loader *L, const char *s, size_t n, int allow_plus, wlist *wl)
{
    wl->n = 0;
    int gap = 0;
    size_t i = 0;
    while (i < n) {
        char c = s[i];
        if (dict_is_blank(c)) {
            gap = 1;
            i++;
            continue;
        }
        if (c == '_') {
            if (i + 1 >= n || dict_is_blank(s[i + 1]))
                gap = 1;
            i++;
            continue;
        }
        size_t b = i;
        while (i < n && !dict_is_blank(s[i]) && s[i] != '_')
            i++;
        int plus = 0;
        const char *w = s + b;
        size_t wn = i - b;
        if (allow_plus && w[0] == '+') {
            plus = 1;
            w++;
            wn--;
            if (wn == 0)
                return dict_bad(L, s + b, 1, "'+' without a word");
        }
        rl_status st = wl_word(L, wl, w, wn, wl->n ? gap : 0, plus);
        if (st)
            return st;
        gap = 0;
    }
    if (wl->n == 0)
        return dict_bad(L, s, n, "empty phrase");
    return RL_OK;
}

/* Intern the words and copy them (and gap flags, when keep_gaps and some
 * word has one) into the arena; word `at` (if < wl->n) spelled `word`. */
static rl_status make_phrase_at(loader *L, const wlist *wl, int keep_gaps, dict_phrase *out,
                                uint16_t at, const char *word, size_t wn)
{
    uint32_t *w = arena_alloc(&L->d->mem, wl->n * sizeof *w);
    if (!w)
        return dict_nomem(L);
    int any_gap = 0;
    for (uint16_t i = 0; i < wl->n; i++) {
        if (i == at)
            w[i] = intern_add(L->d->words, word, wn);
        else
            w[i] = intern_add(L->d->words, wl->w[i].p, wl->w[i].n);
        if (w[i] == INTERN_NONE)
            return dict_nomem(L);
        if (i && wl->w[i].gap)
            any_gap = 1;
    }
    out->w = w;
    out->n = wl->n;
    out->gap = NULL;
    if (keep_gaps && any_gap) {
        uint8_t *g = arena_alloc(&L->d->mem, wl->n);
        if (!g)
            return dict_nomem(L);
        for (uint16_t i = 1; i < wl->n; i++)
            g[i] = wl->w[i].gap;
        out->gap = g;
    }
    return RL_OK;
}

static rl_status make_phrase(loader *L, const wlist *wl, int keep_gaps, dict_phrase *out)
{
    return make_phrase_at(L, wl, keep_gaps, out, UINT16_MAX, NULL, 0);
}

/* The same phrase with word `at` spelled differently (a plural or a verb
 * form). */
static rl_status make_phrase_with(loader *L, const wlist *wl, uint16_t at, const char *word,
                                  size_t wn, int keep_gaps, dict_phrase *out)
{
    return make_phrase_at(L, wl, keep_gaps, out, at, word, wn);
}

static int phrase_equal(const dict_phrase *a, const dict_phrase *b)
{
    return a->n == b->n && memcmp(a->w, b->w, a->n * sizeof *a->w) == 0;
}

/* ---- English endings ---------------------------------------------------- */

static int is_vowel(char c)
{
    unsigned char u = upc(c);
    return u == 'A' || u == 'E' || u == 'I' || u == 'O' || u == 'U';
}

static int ends_with(const char *w, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    if (n < k)
        return 0;
    for (size_t i = 0; i < k; i++)
        if (upc(w[n - k + i]) != (unsigned char)suf[i])
            return 0;
    return 1;
}

static size_t spell(char *out, size_t cap, const char *w, size_t keep, const char *suf)
{
    size_t k = strlen(suf);
    if (keep + k + 1 > cap)
        return 0;
    memcpy(out, w, keep);
    memcpy(out + keep, suf, k);
    out[keep + k] = '\0';
    return keep + k;
}

/* The regular plural of a noun: S, ES after S/X/Z/CH/SH, IES for a
 * consonant + Y, MEN for MAN.  0 when the word already looks plural (ends
 * in a single S) or is not a plain word (digits, '.', an apostrophe). */
static size_t noun_plural(const char *w, size_t n, char *out, size_t cap)
{
    if (n < 2)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = upc(w[i]);
        if (!((c >= 'A' && c <= 'Z') || c == '-' || c >= 0x80))
            return 0;
    }
    if (upc(w[n - 1]) < 'A' || upc(w[n - 1]) > 'Z')
        return 0;
    static const char *const man_nouns[] = {"GERMAN", "HUMAN", "ROMAN", "SHAMAN", "OTTOMAN",
                                            "TALISMAN", "CAYMAN", "BRAHMAN", "OMAN"};
    if (ends_with(w, n, "MAN")) {
        int exception = 0;
        for (size_t i = 0; i < sizeof man_nouns / sizeof man_nouns[0]; i++)
            if (strlen(man_nouns[i]) == n && ends_with(w, n, man_nouns[i]))
                exception = 1;
        if (!exception)
            return spell(out, cap, w, n - 3, "MEN");
    }
    if (ends_with(w, n, "SS") || ends_with(w, n, "SH") || ends_with(w, n, "X") ||
        ends_with(w, n, "Z") || (ends_with(w, n, "CH") && !ends_with(w, n, "ARCH")) ||
        ends_with(w, n, "MARCH"))
        return spell(out, cap, w, n, "ES");
    if (ends_with(w, n, "S"))
        return 0;
    if (upc(w[n - 1]) == 'Y' && !is_vowel(w[n - 2]))
        return spell(out, cap, w, n - 1, "IES");
    return spell(out, cap, w, n, "S");
}

enum { VF_S = 0, VF_ED, VF_ING };

/* A regular verb form: S/ES/IES, D/ED/IED, ING (dropping a silent E, IE ->
 * YING).  Consonant doubling is not guessed: such verbs list their forms. */
static size_t verb_regular(const char *w, size_t n, int which, char *out, size_t cap)
{
    if (n < 2)
        return spell(out, cap, w, n, which == VF_S ? "S" : which == VF_ED ? "ED" : "ING");
    char last = (char)upc(w[n - 1]), prev = w[n - 2];
    switch (which) {
    case VF_S:
        if (last == 'S' || last == 'X' || last == 'Z' || ends_with(w, n, "CH") ||
            ends_with(w, n, "SH"))
            return spell(out, cap, w, n, "ES");
        if (last == 'Y' && !is_vowel(prev))
            return spell(out, cap, w, n - 1, "IES");
        return spell(out, cap, w, n, "S");
    case VF_ED:
        if (last == 'E')
            return spell(out, cap, w, n, "D");
        if (last == 'Y' && !is_vowel(prev))
            return spell(out, cap, w, n - 1, "IED");
        return spell(out, cap, w, n, "ED");
    default:
        if (ends_with(w, n, "IE"))
            return spell(out, cap, w, n - 2, "YING");
        if (last == 'E' && !is_vowel(prev) && n > 2)
            return spell(out, cap, w, n - 1, "ING");
        return spell(out, cap, w, n, "ING");
    }
}

/* ---- dates ---------------------------------------------------------- */

/* YYYYMMDD or YYMMDD (years 00-30 are 20xx, 31-99 19xx, the TABARI
 * files' convention); 0 when malformed. */
static int parse_date(const char *s, size_t n)
{
    if (n != 6 && n != 8)
        return 0;
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    if (n == 6) {
        int yy = v / 10000;
        v += (yy <= 30 ? 2000 : 1900) * 10000;
    }
    int m = (v / 100) % 100, dd = v % 100;
    if (m < 1 || m > 12 || dd < 1 || dd > 31)
        return 0;
    return v;
}

/* ---- reading a file ------------------------------------------------- */

/* dict.h */
rl_status dict_read_file(const char *path, char **out, size_t *out_len, rl_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_set(err, RL_ERR_IO, path, 0, 0, "cannot open: %s", strerror(errno));
    size_t cap = 1 << 20, len = 0;
    char *buf = malloc(cap + 1);
    if (!buf) {
        fclose(f);
        return err_set(err, RL_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    for (;;) {
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (len < cap)
            break;
        if (cap >= DICT_FILE_MAX) {
            free(buf);
            fclose(f);
            return err_set(err, RL_ERR_TOOBIG, path, 0, 0, "dictionary larger than %zu bytes",
                           DICT_FILE_MAX);
        }
        size_t ncap = cap * 2;
        char *nb = realloc(buf, ncap + 1);
        if (!nb) {
            free(buf);
            fclose(f);
            return err_set(err, RL_ERR_NOMEM, path, 0, 0, "out of memory");
        }
        buf = nb;
        cap = ncap;
    }
    int bad = ferror(f) ? errno : 0;
    fclose(f);
    if (bad) {
        free(buf);
        return err_set(err, RL_ERR_IO, path, 0, 0, "cannot read: %s", strerror(bad));
    }
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
    return RL_OK;
}

/* Remove comments from one line in place: '#' and ';' to the end of the
 * line (except inside [...]), "<!-- ... -->" (or any "<!" ... "-->"),
 * possibly over several lines.  Returns the new length. */
static size_t strip_comments(char *s, size_t n, int *in_comment)
{
    size_t o = 0, i = 0;
    int in_bracket = 0;
    while (i < n) {
        if (*in_comment) {
            size_t k = i;
            while (k + 2 < n && !(s[k] == '-' && s[k + 1] == '-' && s[k + 2] == '>'))
                k++;
            if (k + 2 >= n)
                return o;
            i = k + 3;
            *in_comment = 0;
            continue;
        }
        char c = s[i];
        if (c == '[')
            in_bracket = 1;
        else if (c == ']')
            in_bracket = 0;
        else if ((c == '#' || c == ';') && !in_bracket)
            break; /* inside [...] '#' is part of a code: TABARI's "[###]" */
        if (c == '<' && i + 1 < n && s[i + 1] == '!') {
            *in_comment = 1;
            i += 2;
            continue;
        }
        s[o++] = s[i++];
    }
    return o;
}

typedef rl_status (*line_fn)(loader *L, const char *s, size_t n);

/* Counts of every array, to undo a line that failed half-way. */
typedef struct snapshot {
    size_t actors, actor_phrases, agents, blocks, forms, patterns, synsets, discards, items;
} snapshot;

static void snap_take(const loader *L, snapshot *s)
{
    const rl_dict *d = L->d;
    s->actors = d->actors.n;
    s->actor_phrases = d->actor_phrases.n;
    s->agents = d->agents.n;
    s->blocks = d->verb_blocks.n;
    s->forms = d->verb_forms.n;
    s->patterns = d->patterns.n;
    s->synsets = d->synsets.n;
    s->discards = d->discards.n;
    s->items = L->items.n;
}

static void snap_restore(loader *L, const snapshot *s)
{
    rl_dict *d = L->d;
    d->actors.n = s->actors;
    d->actor_phrases.n = s->actor_phrases;
    d->agents.n = s->agents;
    d->verb_blocks.n = s->blocks;
    d->verb_forms.n = s->forms;
    d->patterns.n = s->patterns;
    d->synsets.n = s->synsets;
    d->discards.n = s->discards;
    L->items.n = s->items;
}

static rl_status each_line(loader *L, const char *path, line_fn fn)
{
    char *buf = NULL;
    size_t len = 0;
    rl_status st = dict_read_file(path, &buf, &len, L->err);
    if (st)
        return st;
    int in_comment = 0;
    size_t pos = 0;
    L->line = 0;
    while (pos < len) {
        char *s = buf + pos;
        char *nl = memchr(s, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - s) : len - pos;
        pos += n + 1;
        L->line++;
        if (n > DICT_LINE_MAX) {
            st = dict_bad(L, NULL, 0, "line longer than %zu bytes", DICT_LINE_MAX);
        } else {
            n = strip_comments(s, n, &in_comment);
            const char *t = s;
            dict_trim(&t, &n);
            if (n == 0)
                continue;
            snapshot snap;
            snap_take(L, &snap);
            st = fn(L, t, n);
            if (st == RL_ERR_DICT)
                snap_restore(L, &snap);
        }
        if (st == RL_ERR_DICT && (L->flags & RL_DICT_LENIENT)) {
            L->d->warnings++;
            st = RL_OK;
        }
        if (st)
            break;
    }
    free(buf);
    return st;
}

static rl_status loader_init(loader *L, rl_dict *d, const char *path, unsigned flags,
                             rl_error *err)
{
    memset(L, 0, sizeof *L);
    L->d = d;
    L->flags = flags;
    L->err = err;
    L->actor = -1;
    L->block = -1;
    L->synset = -1;
    if (!d || !path)
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "no dictionary or path");
    if (d->finished)
        return err_set(err, RL_ERR_USAGE, path, 0, 0, "the dictionary set is already finished");
    L->path = arena_strndup(&d->mem, path, strlen(path));
    if (!L->path)
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    return RL_OK;
}

static void loader_done(loader *L)
{
    free(L->items.v);
    free(L->subs);
}

static rl_status loader_end(loader *L, rl_status st)
{
    loader_done(L);
    if (st == RL_OK)
        err_clear(L->err);
    return st;
}

static dict_src here(const loader *L)
{
    dict_src s = {L->path, L->line};
    return s;
}

/* Find the closing ']' of a '[' at s[0]; error when missing or nested. */
static rl_status bracket_end(loader *L, const char *s, size_t n, size_t *close)
{
    for (size_t i = 1; i < n; i++) {
        if (s[i] == ']') {
            *close = i;
            return RL_OK;
        }
        if (s[i] == '[')
            return dict_bad(L, s, n, "'[' inside '[...]'");
    }
    return dict_bad(L, s, n, "unterminated '['");
}

/* ---- actors ------------------------------------------------------------ */

/* One "[CODE]", "[CODE <DATE]", "[CODE >DATE]" or "[CODE DATE-DATE]". */
static rl_status actor_bracket(loader *L, const char *s, size_t n, dict_role *r, int *is_default)
{
    const char *all = s;
    size_t all_n = n;
    dict_trim(&s, &n);
    size_t k = 0;
    while (k < n && !dict_is_blank(s[k]) && s[k] != '<' && s[k] != '>')
        k++;
    if (k == 0)
        return dict_bad(L, all, all_n, "missing code");
    rl_status st = check_code(L, s, k, r->code);
    if (st)
        return st;
    const char *p = s + k;
    size_t m = n - k;
    dict_trim(&p, &m);
    r->from = r->to = 0;
    *is_default = 0;
    if (m == 0) {
        *is_default = 1;
        return RL_OK;
    }
    const char *restr = p;
    size_t restr_n = m;
    char op = p[0];
    if (op == '<' || op == '>') {
        p++;
        m--;
        dict_trim(&p, &m);
        int dt = parse_date(p, m);
        if (!dt)
            return dict_bad(L, restr, restr_n, "bad date (YYYYMMDD or YYMMDD)");
        if (op == '<')
            r->to = dt;
        else
            r->from = dt;
        return RL_OK;
    }
    const char *dash = memfind(p, m, '-');
    if (!dash)
        return dict_bad(L, restr, restr_n, "bad date restriction (<DATE, >DATE or DATE-DATE)");
    const char *a = p, *b = dash + 1;
    size_t an = (size_t)(dash - p), bn = m - an - 1;
    dict_trim(&a, &an);
    dict_trim(&b, &bn);
    int from = parse_date(a, an), to = parse_date(b, bn);
    if (!from || !to)
        return dict_bad(L, restr, restr_n, "bad date (YYYYMMDD or YYMMDD)");
    if (to < from)
        return dict_bad(L, restr, restr_n, "date range ends before it starts");
    r->from = from;
    r->to = to;
    return RL_OK;
}

/* Parse every "[...]" from s on; only blanks may come between them. */
static rl_status actor_brackets(loader *L, const char *s, size_t n, dict_role *roles,
                                int *is_def, size_t *count)
{
    *count = 0;
    size_t i = 0;
    while (i < n) {
        if (dict_is_blank(s[i])) {
            i++;
            continue;
        }
        if (s[i] != '[')
            return dict_bad(L, s + i, n - i, "unexpected text (a code is written [CODE])");
        if (*count >= ROLES_MAX)
            return dict_bad(L, s + i, n - i, "more than %d codes on a line", ROLES_MAX);
        size_t close;
        rl_status st = bracket_end(L, s + i, n - i, &close);
        if (st)
            return st;
        st = actor_bracket(L, s + i + 1, close - 1, &roles[*count], &is_def[*count]);
        if (st)
            return st;
        (*count)++;
        i += close + 1;
    }
    return RL_OK;
}

/* dict.h */
int dict_role_push(arena *mem, dict_actor *a, const dict_role *r)
{
    size_t n = a->n_roles;
    /* capacity is implied: the next power of two at or above n (min 4) */
    if (n == 0 || (n >= 4 && (n & (n - 1)) == 0)) {
        size_t cap = n ? n * 2 : 4;
        dict_role *v = arena_alloc(mem, cap * sizeof *v);
        if (!v)
            return -1;
        if (n)
            memcpy(v, a->roles, n * sizeof *v);
        a->roles = v;
    }
    a->roles[n] = *r;
    a->n_roles = n + 1;
    return 0;
}

static rl_status actor_apply(loader *L, const dict_role *roles, const int *is_def, size_t n)
{
    dict_actor *a = &L->d->actors.v[L->actor];
    for (size_t i = 0; i < n; i++) {
        if (is_def[i]) {
            memcpy(a->code, roles[i].code, sizeof a->code);
        } else {
            if (dict_role_push(&L->d->mem, a, &roles[i]))
                return dict_nomem(L);
        }
    }
    return RL_OK;
}

static rl_status actor_phrase_add(loader *L, const char *s, size_t n)
{
    wlist wl;
    rl_status st = split_words(L, s, n, 0, &wl);
    if (st)
        return st;
    dict_phrase ph;
    if ((st = make_phrase(L, &wl, 0, &ph)))
        return st;
    long k = dict_push(L->d->actor_phrases);
    if (k < 0)
        return dict_nomem(L);
    L->d->actor_phrases.v[k].ph = ph;
    L->d->actor_phrases.v[k].actor = (uint32_t)L->actor;
    return RL_OK;
}

static rl_status actors_line(loader *L, const char *s, size_t n)
{
    dict_role roles[ROLES_MAX];
    int is_def[ROLES_MAX];
    size_t nr;
    rl_status st;
    if (s[0] == '[') { /* date restrictions (or a default code) of the current actor */
        if (L->skip_actor)
            return RL_OK;
        if ((st = actor_brackets(L, s, n, roles, is_def, &nr)))
            return st;
        if (L->actor < 0)
            return dict_bad(L, s, n, "code line before any actor");
        return actor_apply(L, roles, is_def, nr);
    }
    if (s[0] == '+') { /* synonyms: "+A" or several "+A +B" on one line */
        if (L->skip_actor)
            return RL_OK;
        if (L->actor < 0)
            return dict_bad(L, s, n, "synonym before any actor");
        const char *lb = memfind(s, n, '[');
        size_t pn = lb ? (size_t)(lb - s) : n;
        if (lb && (st = actor_brackets(L, lb, n - pn, roles, &is_def[0], &nr)))
            return st;
        size_t i = 0;
        while (i < pn) {
            size_t b = i + 1, e = b;
            while (e < pn && !(s[e] == '+' && dict_is_blank(s[e - 1])))
                e++;
            if ((st = actor_phrase_add(L, s + b, e - b)))
                return st;
            i = e;
        }
        return lb ? actor_apply(L, roles, is_def, nr) : RL_OK;
    }
    /* a primary phrase starts a new actor */
    L->skip_actor = 1;
    L->actor = -1;
    const char *lb = memfind(s, n, '[');
    size_t pn = lb ? (size_t)(lb - s) : n;
    if (lb && (st = actor_brackets(L, lb, n - pn, roles, is_def, &nr)))
        return st;
    const char *name = s;
    size_t name_n = pn;
    dict_trim(&name, &name_n);
    if (name_n == 0)
        return dict_bad(L, s, n, "missing actor phrase");
    long k = dict_push(L->d->actors);
    if (k < 0)
        return dict_nomem(L);
    dict_actor *a = &L->d->actors.v[k];
    a->src = here(L);
    a->name = arena_strndup(&L->d->mem, name, name_n);
    if (!a->name)
        return dict_nomem(L);
    L->actor = k;
    if ((st = actor_phrase_add(L, name, name_n)) ||
        (lb && (st = actor_apply(L, roles, is_def, nr)))) {
        L->actor = -1;
        return st;
    }
    L->skip_actor = 0;
    return RL_OK;
}

rl_status dict_load_actors(rl_dict *d, const char *path, unsigned flags, rl_error *err)
{
    loader L;
    rl_status st = loader_init(&L, d, path, flags, err);
    if (st)
        return loader_end(&L, st);
    return loader_end(&L, each_line(&L, path, actors_line));
}

/* ---- discards ---------------------------------------------------------- */

static rl_status discards_line(loader *L, const char *s, size_t n)
{
    int story = 0;
    if (s[0] == '+') {
        story = 1;
        s++;
        n--;
    }
    for (size_t i = 0; i < n; i++)
        if (s[i] == '[' || s[i] == '{')
            return dict_bad(L, s + i, n - i, "unexpected '%c' in a discard phrase", s[i]);
    wlist wl;
    rl_status st = split_words(L, s, n, 0, &wl);
    if (st)
        return st;
    dict_phrase ph;
    if ((st = make_phrase(L, &wl, 0, &ph)))
        return st;
    long k = dict_push(L->d->discards);
    if (k < 0)
        return dict_nomem(L);
    dict_discard *dd = &L->d->discards.v[k];
    dd->ph = ph;
    dd->story = story;
    dd->src = here(L);
    return RL_OK;
}

rl_status dict_load_discards(rl_dict *d, const char *path, unsigned flags, rl_error *err)
{
    loader L;
    rl_status st = loader_init(&L, d, path, flags, err);
    if (st)
        return loader_end(&L, st);
    return loader_end(&L, each_line(&L, path, discards_line));
}

/* ---- agents ------------------------------------------------------------ */

/* "!NAME! = A, B, C" */
static rl_status agents_subst(loader *L, const char *s, size_t n, const char *eq)
{
    const char *name = s;
    size_t name_n = (size_t)(eq - s);
    dict_trim(&name, &name_n);
    if (name_n < 3 || name[name_n - 1] != '!' || memfind(name + 1, name_n - 2, '!') ||
        name_n >= sizeof L->subs[0].name)
        return dict_bad(L, name, name_n, "bad substitution name (write !NAME! = A, B)");
    if (!L->subs) {
        L->subs = calloc(SUBST_MAX, sizeof *L->subs);
        if (!L->subs)
            return dict_nomem(L);
    }
    subst_set *set = NULL;
    for (size_t i = 0; i < L->n_subs; i++)
        if (L->subs[i].name_len == name_n && memcmp(L->subs[i].name, name, name_n) == 0)
            set = &L->subs[i];
    subst_set tmp;
    memset(&tmp, 0, sizeof tmp);
    memcpy(tmp.name, name, name_n);
    tmp.name_len = name_n;
    const char *p = eq + 1;
    size_t m = n - (size_t)(p - s);
    while (m) {
        const char *comma = memfind(p, m, ',');
        size_t k = comma ? (size_t)(comma - p) : m;
        const char *it = p;
        size_t itn = k;
        dict_trim(&it, &itn);
        if (itn == 0)
            return dict_bad(L, p, m, "empty substitution item");
        if (tmp.n >= SUBST_ITEMS)
            return dict_bad(L, it, itn, "more than %d substitution items", SUBST_ITEMS);
        for (size_t j = 0; j < itn; j++)
            if (dict_is_blank(it[j]) || it[j] == '!' || it[j] == '[' || it[j] == '{')
                return dict_bad(L, it, itn, "bad substitution item");
        tmp.item[tmp.n] = arena_strndup(&L->d->mem, it, itn);
        if (!tmp.item[tmp.n])
            return dict_nomem(L);
        tmp.item_len[tmp.n++] = itn;
        if (!comma)
            break;
        p = comma + 1;
        m -= k + 1;
    }
    if (tmp.n == 0)
        return dict_bad(L, s, n, "empty substitution set");
    if (!set) {
        if (L->n_subs >= SUBST_MAX)
            return dict_bad(L, name, name_n, "more than %d substitution sets", SUBST_MAX);
        set = &L->subs[L->n_subs++];
    }
    *set = tmp;
    return RL_OK;
}

typedef struct agent_line {
    char code[DICT_CODE_MAX];
    int prefix;
    int plural;     /* generate regular plurals */
} agent_line;

static rl_status agent_push(loader *L, const dict_phrase *ph, const agent_line *al)
{
    long k = dict_push(L->d->agents);
    if (k < 0)
        return dict_nomem(L);
    dict_agent *a = &L->d->agents.v[k];
    a->ph = *ph;
    memcpy(a->code, al->code, sizeof a->code);
    a->prefix = al->prefix;
    a->src = here(L);
    return RL_OK;
}

/* One phrase (markers already substituted): its entry and, when asked,
 * its regular plural. */
static rl_status agent_phrase(loader *L, const char *s, size_t n, const agent_line *al,
                              int plural)
{
    if (memfind(s, n, '!'))
        return dict_bad(L, s, n, "undefined substitution marker");
    wlist wl;
    rl_status st = split_words(L, s, n, 0, &wl);
    if (st)
        return st;
    dict_phrase ph;
    if ((st = make_phrase(L, &wl, 1, &ph)) || (st = agent_push(L, &ph, al)))
        return st;
    if (!plural)
        return RL_OK;
    uint16_t last = (uint16_t)(wl.n - 1);
    char pl[INTERN_MAX_WORD + 8];
    size_t pn = noun_plural(wl.w[last].p, wl.w[last].n, pl, sizeof pl);
    if (pn == 0 || pn > INTERN_MAX_WORD)
        return RL_OK;
    if ((st = make_phrase_with(L, &wl, last, pl, pn, 1, &ph)))
        return st;
    return agent_push(L, &ph, al);
}

/* Expand the first "!NAME!" in s with every item of its set, recursively;
 * with no marker left, add the phrase (no plurals after a substitution). */
static rl_status agent_expand(loader *L, const char *s, size_t n, const agent_line *al,
                              int plural, int depth, size_t *made)
{
    const char *b = memfind(s, n, '!');
    if (!b)
        return agent_phrase(L, s, n, al, plural);
    const char *e = memfind(b + 1, n - (size_t)(b + 1 - s), '!');
    if (!e)
        return dict_bad(L, b, n - (size_t)(b - s), "unterminated substitution marker");
    size_t mlen = (size_t)(e - b) + 1;
    const subst_set *set = NULL;
    for (size_t i = 0; i < L->n_subs; i++)
        if (L->subs[i].name_len == mlen && memcmp(L->subs[i].name, b, mlen) == 0)
            set = &L->subs[i];
    if (!set)
        return dict_bad(L, b, mlen, "undefined substitution marker");
    if (depth >= 4)
        return dict_bad(L, s, n, "more than 4 substitution markers");
    for (size_t i = 0; i < set->n; i++) {
        if (++*made > EXPAND_MAX)
            return dict_bad(L, s, n, "substitutions make more than %d phrases", EXPAND_MAX);
        size_t pre = (size_t)(b - s), post = n - pre - mlen;
        size_t len = pre + set->item_len[i] + post;
        if (len > DICT_LINE_MAX)
            return dict_bad(L, s, n, "substituted phrase too long");
        char small[512];
        char *buf = len < sizeof small ? small : malloc(len + 1);
        if (!buf)
            return dict_nomem(L);
        memcpy(buf, s, pre);
        memcpy(buf + pre, set->item[i], set->item_len[i]);
        memcpy(buf + pre + set->item_len[i], e + 1, post);
        buf[len] = '\0';
        rl_status st = agent_expand(L, buf, len, al, 0, depth + 1, made);
        if (buf != small)
            free(buf);
        if (st)
            return st;
    }
    return RL_OK;
}

/* "[~CODE]" (code goes after the actor's) or "[CODE~]" (before). */
static rl_status agent_code(loader *L, const char *s, size_t n, agent_line *al)
{
    const char *all = s;
    size_t all_n = n;
    dict_trim(&s, &n);
    if (n == 0)
        return dict_bad(L, all, all_n, "empty code");
    if (s[0] == '~') {
        al->prefix = 0;
        s++;
        n--;
    } else if (s[n - 1] == '~') {
        al->prefix = 1;
        n--;
    } else {
        return dict_bad(L, all, all_n, "agent code needs '~' ([~CODE] or [CODE~])");
    }
    if (memfind(s, n, '~'))
        return dict_bad(L, all, all_n, "more than one '~' in an agent code");
    return check_code(L, s, n, al->code);
}

static rl_status agents_line(loader *L, const char *s, size_t n)
{
    if (s[0] == '!') {
        const char *eq = memfind(s, n, '=');
        if (eq)
            return agents_subst(L, s, n, eq);
    }
    size_t pn = 0;
    while (pn < n && s[pn] != '{' && s[pn] != '[')
        pn++;
    const char *plur = NULL, *code = NULL;
    size_t plur_n = 0, code_n = 0;
    size_t i = pn;
    while (i < n) {
        if (dict_is_blank(s[i])) {
            i++;
            continue;
        }
        if (s[i] == '{') {
            const char *close = memfind(s + i, n - i, '}');
            if (!close)
                return dict_bad(L, s + i, n - i, "'{' without '}'");
            if (plur)
                return dict_bad(L, s + i, n - i, "two plural lists");
            plur = s + i + 1;
            plur_n = (size_t)(close - plur);
            if (memfind(plur, plur_n, '[') || memfind(plur, plur_n, '{'))
                return dict_bad(L, s + i, n - i, "'{' without '}'");
            i = (size_t)(close - s) + 1;
        } else if (s[i] == '[') {
            size_t close;
            rl_status st = bracket_end(L, s + i, n - i, &close);
            if (st)
                return st;
            if (code)
                return dict_bad(L, s + i, n - i, "two codes");
            code = s + i + 1;
            code_n = close - 1;
            i += close + 1;
        } else {
            return dict_bad(L, s + i, n - i, "unexpected text after the code");
        }
    }
    const char *ph = s;
    size_t ph_n = pn;
    dict_trim(&ph, &ph_n);
    if (ph_n == 0)
        return dict_bad(L, s, n, "missing agent phrase");
    if (memfind(ph, ph_n, '}') || memfind(ph, ph_n, ']'))
        return dict_bad(L, ph, ph_n, "unbalanced bracket");
    if (!code)
        return dict_bad(L, ph, ph_n, "agent without a code ([~CODE])");
    agent_line al;
    memset(&al, 0, sizeof al);
    rl_status st = agent_code(L, code, code_n, &al);
    if (st)
        return st;
    int has_marker = memfind(ph, ph_n, '!') != NULL;
    size_t made = 0;
    if ((st = agent_expand(L, ph, ph_n, &al, !plur && !has_marker, 0, &made)))
        return st;
    /* listed plurals: blank-separated, words joined by '_' */
    size_t k = 0;
    while (plur && k < plur_n) {
        if (dict_is_blank(plur[k])) {
            k++;
            continue;
        }
        size_t b = k;
        while (k < plur_n && !dict_is_blank(plur[k]))
            k++;
        if ((st = agent_expand(L, plur + b, k - b, &al, 0, 0, &made)))
            return st;
    }
    return RL_OK;
}

rl_status dict_load_agents(rl_dict *d, const char *path, unsigned flags, rl_error *err)
{
    loader L;
    rl_status st = loader_init(&L, d, path, flags, err);
    if (st)
        return loader_end(&L, st);
    return loader_end(&L, each_line(&L, path, agents_line));
}

/* ---- synsets ------------------------------------------------------------ */

static uint64_t name_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h ^ (h >> 31);
}

static int syn_name_is(const dict_synset *ss, const char *s, size_t n)
{
    return strlen(ss->name) == n && memcmp(ss->name, s, n) == 0;
}

static uint32_t syn_lookup(const rl_dict *d, const char *s, size_t n)
{
    if (!d->syn_cap)
        return NOTFOUND;
    size_t i = (size_t)name_hash(s, n) & (d->syn_cap - 1);
    while (d->syn_slots[i]) {
        uint32_t k = d->syn_slots[i] - 1;
        if (k < d->synsets.n && syn_name_is(&d->synsets.v[k], s, n))
            return k;
        i = (i + 1) & (d->syn_cap - 1);
    }
    return NOTFOUND;
}

static int syn_slot_put(uint32_t *slots, size_t cap, const dict_synset *v, uint32_t k)
{
    size_t i = (size_t)name_hash(v[k].name, strlen(v[k].name)) & (cap - 1);
    while (slots[i])
        i = (i + 1) & (cap - 1);
    slots[i] = k + 1;
    return 1;
}

/* The synset named s (without '&'), created undefined when new. */
static rl_status syn_get(loader *L, const char *s, size_t n, uint32_t *out)
{
    rl_dict *d = L->d;
    if (n == 0)
        return dict_bad(L, s, n, "empty synset name");
    if (n >= sizeof d->synsets.v[0].name)
        return dict_bad(L, s, n, "synset name longer than %zu bytes",
                        sizeof d->synsets.v[0].name - 1);
    uint32_t k = syn_lookup(d, s, n);
    if (k != NOTFOUND) {
        *out = k;
        return RL_OK;
    }
    rl_status st = check_word(L, s, n);
    if (st)
        return st;
    if ((d->synsets.n + 1) * 2 > d->syn_cap) {
        size_t cap = d->syn_cap ? d->syn_cap * 2 : 256;
        uint32_t *slots = calloc(cap, sizeof *slots);
        if (!slots)
            return dict_nomem(L);
        for (size_t i = 0; i < d->synsets.n; i++)
            syn_slot_put(slots, cap, d->synsets.v, (uint32_t)i);
        free(d->syn_slots);
        d->syn_slots = slots;
        d->syn_cap = cap;
    }
    long idx = dict_push(d->synsets);
    if (idx < 0)
        return dict_nomem(L);
    dict_synset *ss = &d->synsets.v[idx];
    memcpy(ss->name, s, n);
    ss->name[n] = '\0';
    ss->src = here(L);
    syn_slot_put(d->syn_slots, d->syn_cap, d->synsets.v, (uint32_t)idx);
    *out = (uint32_t)idx;
    return RL_OK;
}

/* "&NAME" or "&NAME_" (no plurals) starts a synset. */
static rl_status synset_header(loader *L, const char *s, size_t n)
{
    L->in_synset = 1;
    L->synset = -1;
    size_t k = 1;
    while (k < n && !dict_is_blank(s[k]))
        k++;
    if (k < n)
        return dict_bad(L, s, n, "unexpected text after the synset name");
    const char *name = s + 1;
    size_t nn = k - 1;
    int noplural = 0;
    if (nn && name[nn - 1] == '_') {
        noplural = 1;
        nn--;
    }
    uint32_t idx;
    rl_status st = syn_get(L, name, nn, &idx);
    if (st)
        return st;
    L->d->synsets.v[idx].defined = 1;
    L->d->synsets.v[idx].src = here(L);
    L->synset = idx;
    L->syn_noplural = noplural;
    return RL_OK;
}

static rl_status syn_item_push(loader *L, uint32_t ref, const dict_phrase *ph)
{
    long k = dict_push(L->items);
    if (k < 0)
        return dict_nomem(L);
    syn_item *it = &L->items.v[k];
    it->synset = (uint32_t)L->synset;
    it->ref = ref;
    if (ph)
        it->ph = *ph;
    it->line = L->line;
    return RL_OK;
}

/* "+PHRASE", "+PHRASE_" (no plural) or "+&OTHER" (include another synset). */
static rl_status synset_line(loader *L, const char *s, size_t n)
{
    if (L->synset < 0)
        return RL_OK; /* the header was bad and already reported */
    s++;
    n--;
    dict_trim(&s, &n);
    if (n == 0)
        return dict_bad(L, s - 1, 1, "empty synset phrase");
    if (s[0] == '&') {
        size_t nn = n - 1;
        const char *name = s + 1;
        if (nn && name[nn - 1] == '_')
            nn--;
        for (size_t i = 0; i < nn; i++)
            if (dict_is_blank(name[i]))
                return dict_bad(L, s, n, "unexpected text after the synset name");
        uint32_t ref;
        rl_status st = syn_get(L, name, nn, &ref);
        if (st)
            return st;
        return syn_item_push(L, ref, NULL);
    }
    for (size_t i = 0; i < n; i++)
        if (s[i] == '&' || s[i] == '[' || s[i] == '{' || s[i] == '(' || s[i] == '*')
            return dict_bad(L, s + i, n - i, "a synset phrase holds only words");
    int plural = !L->syn_noplural && s[n - 1] != '_';
    wlist wl;
    rl_status st = split_words(L, s, n, 0, &wl);
    if (st)
        return st;
    dict_phrase ph;
    if ((st = make_phrase(L, &wl, 0, &ph)) || (st = syn_item_push(L, NOTFOUND, &ph)))
        return st;
    if (!plural)
        return RL_OK;
    uint16_t last = (uint16_t)(wl.n - 1);
    char pl[INTERN_MAX_WORD + 8];
    size_t pn = noun_plural(wl.w[last].p, wl.w[last].n, pl, sizeof pl);
    if (pn == 0 || pn > INTERN_MAX_WORD)
        return RL_OK;
    if ((st = make_phrase_with(L, &wl, last, pl, pn, 0, &ph)))
        return st;
    return syn_item_push(L, NOTFOUND, &ph);
}

/* ---- verb blocks, verbs, patterns -------------------------------------- */

/* "--- NAME [CODE] ---" */
static rl_status block_header(loader *L, const char *s, size_t n)
{
    L->in_synset = 0;
    L->block = -1;
    L->skip_block = 1;
    while (n && s[0] == '-') {
        s++;
        n--;
    }
    /* CAMEO.2.0 has "---  DELAY   [120]---  ---" */
    while (n && (s[n - 1] == '-' || dict_is_blank(s[n - 1])))
        n--;
    dict_trim(&s, &n);
    const char *lb = memfind(s, n, '[');
    size_t nn = lb ? (size_t)(lb - s) : n;
    char code[DICT_CODE_MAX] = "---";
    if (lb) {
        size_t close;
        rl_status st = bracket_end(L, lb, n - nn, &close);
        if (st)
            return st;
        if ((st = check_code(L, lb + 1, close - 1, code)))
            return st;
        /* later brackets are read and ignored, as PETRARCH does
         * (PETR.Validate.verbs.txt has "--- DELAY [120]  [031:031]  ---") */
        const char *rest = lb + close + 1;
        size_t rn = n - nn - close - 1;
        dict_trim(&rest, &rn);
        while (rn) {
            size_t c2;
            if (rest[0] != '[')
                return dict_bad(L, rest, rn, "unexpected text after the block code");
            if ((st = bracket_end(L, rest, rn, &c2)))
                return st;
            rest += c2 + 1;
            rn -= c2 + 1;
            dict_trim(&rest, &rn);
        }
    }
    const char *name = s;
    dict_trim(&name, &nn);
    long k = dict_push(L->d->verb_blocks);
    if (k < 0)
        return dict_nomem(L);
    dict_verb_block *b = &L->d->verb_blocks.v[k];
    size_t cp = nn < sizeof b->name - 1 ? nn : sizeof b->name - 1;
    memcpy(b->name, name, cp);
    b->name[cp] = '\0';
    memcpy(b->code, code, sizeof b->code);
    b->first_pattern = (uint32_t)L->d->patterns.n;
    b->src = here(L);
    L->block = k;
    L->skip_block = 0;
    return RL_OK;
}

/* Head of a verb phrase: the word written with '+', else the first. */
static rl_status verb_head(loader *L, const wlist *wl, const char *s, size_t n, uint16_t *head,
                           int *marked)
{
    int found = 0;
    *head = 0;
    for (uint16_t i = 0; i < wl->n; i++)
        if (wl->w[i].plus) {
            if (found)
                return dict_bad(L, s, n, "two '+' in one verb");
            found = 1;
            *head = i;
        }
    *marked = found;
    return RL_OK;
}

typedef struct vform {
    dict_phrase ph;
    uint16_t head;
} vform;

static rl_status verb_line(loader *L, const char *s, size_t n)
{
    if (L->skip_block)
        return RL_OK;
    if (L->block < 0)
        return dict_bad(L, s, n, "verb before any '--- BLOCK [code] ---' line");
    size_t pn = 0;
    while (pn < n && s[pn] != '{' && s[pn] != '[')
        pn++;
    const char *forms = NULL, *code = NULL;
    size_t forms_n = 0, code_n = 0, i = pn;
    while (i < n) {
        if (dict_is_blank(s[i])) {
            i++;
            continue;
        }
        if (s[i] == '{') {
            const char *close = memfind(s + i, n - i, '}');
            if (!close)
                return dict_bad(L, s + i, n - i, "'{' without '}'");
            if (forms)
                return dict_bad(L, s + i, n - i, "two lists of forms");
            forms = s + i + 1;
            forms_n = (size_t)(close - forms);
            if (memfind(forms, forms_n, '[') || memfind(forms, forms_n, '{'))
                return dict_bad(L, s + i, n - i, "'{' without '}'");
            i = (size_t)(close - s) + 1;
        } else if (s[i] == '[') {
            size_t close;
            rl_status st = bracket_end(L, s + i, n - i, &close);
            if (st)
                return st;
            if (code)
                return dict_bad(L, s + i, n - i, "two codes");
            code = s + i + 1;
            code_n = close - 1;
            i += close + 1;
        } else {
            return dict_bad(L, s + i, n - i, "unexpected text after the verb");
        }
    }
    const char *vs = s;
    size_t vn = pn;
    dict_trim(&vs, &vn);
    if (vn == 0)
        return dict_bad(L, s, n, "missing verb");
    if (memfind(vs, vn, '}') || memfind(vs, vn, ']'))
        return dict_bad(L, vs, vn, "unbalanced bracket");
    char vcode[DICT_CODE_MAX];
    rl_status st;
    memcpy(vcode, L->d->verb_blocks.v[L->block].code, sizeof vcode);
    if (code && (st = check_code(L, code, code_n, vcode)))
        return st;
    wlist base;
    if ((st = split_words(L, vs, vn, 1, &base)))
        return st;
    uint16_t head;
    int marked;
    if ((st = verb_head(L, &base, vs, vn, &head, &marked)))
        return st;
    vform fv[FORMS_MAX];
    size_t nf = 0;
    if ((st = make_phrase(L, &base, 0, &fv[0].ph)))
        return st;
    fv[nf++].head = head;
    uint32_t lemma = fv[0].ph.w[head];
    if (!forms) {
        char buf[INTERN_MAX_WORD + 8];
        for (int which = VF_S; which <= VF_ING; which++) {
            size_t bn = verb_regular(base.w[head].p, base.w[head].n, which, buf, sizeof buf);
            if (bn == 0 || bn > INTERN_MAX_WORD)
                continue;
            if ((st = make_phrase_with(L, &base, head, buf, bn, 0, &fv[nf].ph)))
                return st;
            fv[nf++].head = head;
        }
    } else {
        size_t k = 0;
        while (k < forms_n) {
            if (dict_is_blank(forms[k])) {
                k++;
                continue;
            }
            size_t b = k;
            while (k < forms_n && !dict_is_blank(forms[k]))
                k++;
            if (nf >= FORMS_MAX)
                return dict_bad(L, forms + b, k - b, "more than %d forms", FORMS_MAX);
            wlist wl;
            if ((st = split_words(L, forms + b, k - b, 1, &wl)))
                return st;
            uint16_t h = 0;
            int m = 0;
            if ((st = verb_head(L, &wl, forms + b, k - b, &h, &m)))
                return st;
            if (!m) {
                if (wl.n == base.n)
                    h = head;
                else if (wl.n != 1)
                    return dict_bad(L, forms + b, k - b, "multi-word form needs '+' on its verb");
            }
            if ((st = make_phrase(L, &wl, 0, &fv[nf].ph)))
                return st;
            fv[nf++].head = h;
        }
    }
    for (size_t f = 0; f < nf; f++) {
        int dup = 0;
        for (size_t g = 0; g < f; g++)
            if (phrase_equal(&fv[f].ph, &fv[g].ph))
                dup = 1;
        if (dup)
            continue;
        long k = dict_push(L->d->verb_forms);
        if (k < 0)
            return dict_nomem(L);
        dict_verb_form *vf = &L->d->verb_forms.v[k];
        vf->ph = fv[f].ph;
        vf->head = fv[f].head;
        vf->lemma = lemma;
        vf->block = (uint32_t)L->block;
        memcpy(vf->code, vcode, sizeof vf->code);
        vf->src = here(L);
    }
    return RL_OK;
}

/* A TABARI disjunction "A/B/C" in a pattern: an anonymous synset. */
static rl_status pattern_disjunction(loader *L, const char *w, size_t n, uint32_t *out)
{
    uint32_t k = syn_lookup(L->d, w, n);
    if (k != NOTFOUND) {
        *out = k;
        return RL_OK;
    }
    dict_phrase alt[PH_MAX];
    size_t na = 0, i = 0;
    while (i <= n) {
        size_t b = i;
        while (i < n && w[i] != '/')
            i++;
        if (i == b || na >= PH_MAX)
            return dict_bad(L, w, n, "bad alternatives (write A/B)");
        wlist wl;
        rl_status st = split_words(L, w + b, i - b, 0, &wl);
        if (st || (st = make_phrase(L, &wl, 0, &alt[na++])))
            return st;
        i++;
    }
    rl_status st = syn_get(L, w, n, &k);
    if (st)
        return st;
    dict_synset *ss = &L->d->synsets.v[k];
    ss->ph = arena_alloc(&L->d->mem, na * sizeof *ss->ph);
    if (!ss->ph)
        return dict_nomem(L);
    memcpy(ss->ph, alt, na * sizeof *ss->ph);
    ss->n = na;
    ss->defined = 1;
    *out = k;
    return RL_OK;
}

static int pel_sep(char c)
{
    return dict_is_blank(c) || c == '_' || c == '{' || c == '}' || c == '(' || c == ')' ||
           c == '[' || c == ']';
}

typedef DICT_VEC(dict_phrase) phrase_vec;

typedef struct pel_state {
    pel el[PEL_MAX];
    uint16_t n;
    int consec;       /* the next element follows '_' */
    uint8_t stack[2]; /* open groups, outermost first */
    int depth;
    int start;        /* bits: 1 next element opens the inner group, 2 the outer */
    size_t verbs;
    uint16_t verb_at;
} pel_state;

static rl_status pel_add(loader *L, pel_state *ps, pel_kind kind, uint32_t id, const char *at,
                         size_t at_n)
{
    if (ps->n >= PEL_MAX)
        return dict_bad(L, at, at_n, "pattern longer than %d elements", PEL_MAX);
    pel *e = &ps->el[ps->n];
    memset(e, 0, sizeof *e);
    e->kind = (uint8_t)kind;
    e->id = id;
    e->consec = (uint8_t)(ps->consec && ps->n > 0);
    if (ps->depth) {
        e->group = ps->stack[ps->depth - 1];
        e->outer = ps->depth == 2 ? ps->stack[0] : PGRP_NONE;
        e->group_start = (uint8_t)ps->start;
    }
    ps->start = 0;
    ps->consec = 0;
    if (kind == PEL_VERB) {
        ps->verbs++;
        ps->verb_at = ps->n;
    }
    ps->n++;
    return RL_OK;
}

/* "&NAME" in a pattern, where '_' may be part of the name (CAMEO.2.0's
 * &FIGHT_OF_WORDS) or join the synset to the next word (PETR.Validate's
 * &NEGATVAUXVRB_WANT): the longest prefix naming a synset defined so far
 * wins and the rest are consecutive words; with none, the whole name
 * (undefined ones are resolved, or the pattern dropped, at the file end). */
static rl_status pattern_synset(loader *L, pel_state *ps, const char *w, size_t wn)
{
    const char *name = w + 1;
    size_t nn = wn - 1;
    while (nn && name[nn - 1] == '_')
        nn--;
    size_t cut = nn;
    for (;;) {
        uint32_t k = syn_lookup(L->d, name, cut);
        if (k != NOTFOUND && L->d->synsets.v[k].defined)
            break;
        while (cut && name[cut - 1] != '_')
            cut--;
        if (cut == 0) {
            cut = nn;
            break;
        }
        cut--; /* drop the '_' */
    }
    uint32_t k;
    rl_status st = syn_get(L, name, cut, &k);
    if (st || (st = pel_add(L, ps, PEL_SYNSET, k, w, wn)))
        return st;
    if (cut == nn)
        return RL_OK;
    wlist wl;
    if ((st = split_words(L, name + cut + 1, nn - cut - 1, 0, &wl)))
        return st;
    for (uint16_t j = 0; j < wl.n; j++) {
        uint32_t id = intern_add(L->d->words, wl.w[j].p, wl.w[j].n);
        if (id == INTERN_NONE)
            return dict_nomem(L);
        ps->consec = 1;
        if ((st = pel_add(L, ps, PEL_WORD, id, w, wn)))
            return st;
    }
    return RL_OK;
}

/* The elements of a pattern, s without the leading '-' and the code. */
static rl_status pattern_elements(loader *L, const char *s, size_t n, pel_state *ps)
{
    ps->n = 0;
    ps->consec = 0;
    ps->depth = 0;
    ps->start = 0;
    ps->verbs = 0;
    ps->verb_at = 0;
    size_t i = 0;
    rl_status st;
    while (i < n) {
        char c = s[i];
        if (dict_is_blank(c)) {
            ps->consec = 0;
            i++;
            continue;
        }
        if (c == '_') {
            ps->consec = !(i + 1 >= n || dict_is_blank(s[i + 1]));
            i++;
            continue;
        }
        if (c == '{' || c == '(') {
            uint8_t g = c == '{' ? PGRP_NP : PGRP_PP;
            if (ps->depth == 2 || (ps->depth == 1 && (ps->stack[0] == PGRP_NP || g == PGRP_PP)))
                return dict_bad(L, s + i, n - i, "nested '%c'", c);
            /* an NP opened right after its PP's '(' starts both */
            ps->start = ps->depth == 0 ? 1 : ((ps->start & 1) ? 3 : 1);
            ps->stack[ps->depth++] = g;
            i++;
            continue;
        }
        if (c == '}' || c == ')') {
            uint8_t g = c == '}' ? PGRP_NP : PGRP_PP;
            if (ps->depth == 0 || ps->stack[ps->depth - 1] != g)
                return dict_bad(L, s + i, n - i, "unbalanced '%c'", c);
            if (ps->start)
                return dict_bad(L, s + i, n - i, "empty group");
            ps->depth--;
            i++;
            continue;
        }
        if (c == '[' || c == ']')
            return dict_bad(L, s + i, n - i, "unexpected '%c'", c);
        if (c == '*') {
            size_t k = (i + 1 < n && s[i + 1] == '*') ? 2 : 1;
            if ((st = pel_add(L, ps, PEL_VERB, 0, s + i, n - i)))
                return st;
            i += k;
            continue;
        }
        if (c == '$' || c == '+' || c == '%' || c == '^') {
            pel_kind k = c == '$' ? PEL_SOURCE : c == '+' ? PEL_TARGET
                       : c == '%' ? PEL_COMPOUND : PEL_SKIP;
            if ((st = pel_add(L, ps, k, 0, s + i, n - i)))
                return st;
            i++;
            continue;
        }
        size_t b = i;
        if (c == '&') {
            while (i < n && (!pel_sep(s[i]) || s[i] == '_'))
                i++;
            if ((st = pattern_synset(L, ps, s + b, i - b)))
                return st;
            continue;
        }
        while (i < n && !pel_sep(s[i]) && !(i > b && (s[i] == '*')))
            i++;
        const char *w = s + b;
        size_t wn = i - b;
        if (memfind(w, wn, '/')) {
            uint32_t k = 0;
            if ((st = pattern_disjunction(L, w, wn, &k)) ||
                (st = pel_add(L, ps, PEL_SYNSET, k, w, wn)))
                return st;
            continue;
        }
        wlist wl;
        if ((st = split_words(L, w, wn, 0, &wl)))
            return st;
        for (uint16_t j = 0; j < wl.n; j++) {
            uint32_t id = intern_add(L->d->words, wl.w[j].p, wl.w[j].n);
            if (id == INTERN_NONE)
                return dict_nomem(L);
            if (j)
                ps->consec = 1;
            if ((st = pel_add(L, ps, PEL_WORD, id, w, wn)))
                return st;
        }
    }
    if (ps->depth)
        return dict_bad(L, s, n, "unclosed '%c'",
                        ps->stack[ps->depth - 1] == PGRP_NP ? '{' : '(');
    if (ps->verbs == 0)
        return dict_bad(L, s, n, "pattern without '*'");
    if (ps->verbs > 1)
        return dict_bad(L, s, n, "pattern with more than one '*'");
    return RL_OK;
}

/* "- ELEMENTS [CODE]" or "[CODE:CODE2]" */
static rl_status pattern_line(loader *L, const char *s, size_t n)
{
    if (L->skip_block)
        return RL_OK;
    if (L->block < 0)
        return dict_bad(L, s, n, "pattern before any '--- BLOCK [code] ---' line");
    const char *body = s + 1;
    size_t bn = n - 1;
    const char *lb = NULL;
    for (size_t i = bn; i-- > 0;)
        if (body[i] == '[') {
            lb = body + i;
            break;
        }
    if (!lb)
        return dict_bad(L, s, n, "pattern without a [code]");
    size_t close;
    size_t ln = bn - (size_t)(lb - body);
    rl_status st = bracket_end(L, lb, ln, &close);
    if (st)
        return st;
    const char *rest = lb + close + 1;
    size_t rn = ln - close - 1;
    dict_trim(&rest, &rn);
    if (rn)
        return dict_bad(L, rest, rn, "unexpected text after the code");
    char code[DICT_CODE_MAX], code2[DICT_CODE_MAX] = "";
    const char *cs = lb + 1;
    size_t cn = close - 1;
    const char *colon = memfind(cs, cn, ':');
    if (colon) {
        const char *c1 = cs;
        size_t c1n = (size_t)(colon - cs);
        dict_trim(&c1, &c1n);
        /* CAMEO.2.0 writes "[:173]": no event forward, 173 the other way */
        if (c1n == 0)
            memcpy(code, "---", 4);
        else if ((st = check_code(L, c1, c1n, code)))
            return st;
        if ((st = check_code(L, colon + 1, cn - (size_t)(colon - cs) - 1, code2)))
            return st;
    } else if ((st = check_code(L, cs, cn, code))) {
        return st;
    }
    const char *el = body;
    size_t en = (size_t)(lb - body);
    dict_trim(&el, &en);
    pel_state ps;
    if ((st = pattern_elements(L, el, en, &ps)))
        return st;
    pel *v = arena_alloc(&L->d->mem, ps.n * sizeof *v);
    const char *text = arena_strndup(&L->d->mem, el, en);
    if (!v || !text)
        return dict_nomem(L);
    memcpy(v, ps.el, ps.n * sizeof *v);
    long k = dict_push(L->d->patterns);
    if (k < 0)
        return dict_nomem(L);
    dict_pattern *p = &L->d->patterns.v[k];
    p->el = v;
    p->n = ps.n;
    p->verb_at = ps.verb_at;
    memcpy(p->code, code, sizeof p->code);
    memcpy(p->code2, code2, sizeof p->code2);
    p->text = text;
    p->src = here(L);
    p->block = (uint32_t)L->block;
    L->d->verb_blocks.v[L->block].n_patterns++;
    return RL_OK;
}

static rl_status verbs_line(loader *L, const char *s, size_t n)
{
    if (L->in_synset && s[0] == '+')
        return synset_line(L, s, n);
    L->in_synset = 0;
    if (s[0] == '&')
        return synset_header(L, s, n);
    if (n >= 3 && s[0] == '-' && s[1] == '-' && s[2] == '-')
        return block_header(L, s, n);
    if (s[0] == '-')
        return pattern_line(L, s, n);
    if (s[0] == '~')
        return RL_OK; /* PETRARCH-2 verb transformations: not used by redline */
    return verb_line(L, s, n);
}

/* Collect the phrases of synset s: those it had before this file, this
 * file's lines for it, and the synsets it includes. */
static rl_status syn_collect(loader *L, uint32_t s, const uint32_t *first, const uint32_t *order,
                             int depth, phrase_vec *out, const dict_synset *old)
{
    if (depth > SYN_DEPTH)
        return RL_OK;
    for (size_t i = 0; i < old[s].n; i++) {
        long k = dict_push(*out);
        if (k < 0 || out->n > SYN_EXPAND_MAX)
            return dict_nomem(L);
        out->v[k] = old[s].ph[i];
    }
    if (s >= L->d->synsets.n)
        return RL_OK;
    for (uint32_t j = first[s]; j < first[s + 1]; j++) {
        const syn_item *it = &L->items.v[order[j]];
        if (it->ref == NOTFOUND) {
            long k = dict_push(*out);
            if (k < 0 || out->n > SYN_EXPAND_MAX)
                return dict_nomem(L);
            out->v[k] = it->ph;
            continue;
        }
        rl_status st = syn_collect(L, it->ref, first, order, depth + 1, out, old);
        if (st)
            return st;
    }
    return RL_OK;
}

/* At the end of a verbs file: give every synset its phrases, drop the
 * patterns that use a synset never defined (counted warnings), and mend
 * the blocks' pattern ranges. */
static rl_status verbs_resolve(loader *L)
{
    rl_dict *d = L->d;
    size_t ns = d->synsets.n;
    rl_status st = RL_OK;
    uint32_t *first = calloc(ns + 2, sizeof *first);
    uint32_t *order = malloc((L->items.n + 1) * sizeof *order);
    dict_synset *old = malloc((ns + 1) * sizeof *old);
    phrase_vec acc = {NULL, 0, 0};
    if (!first || !order || !old) {
        st = dict_nomem(L);
        goto out;
    }
    if (ns)
        memcpy(old, d->synsets.v, ns * sizeof *old);
    for (size_t i = 0; i < L->items.n; i++) {
        syn_item *it = &L->items.v[i];
        if (it->ref != NOTFOUND && !d->synsets.v[it->ref].defined) {
            d->warnings++;
            it->ref = NOTFOUND;
            it->ph.n = 0; /* an undefined synset adds nothing */
        }
        first[it->synset + 1]++;
    }
    for (size_t s = 0; s < ns; s++)
        first[s + 1] += first[s];
    first[ns + 1] = first[ns];
    {
        uint32_t *fill = calloc(ns + 1, sizeof *fill);
        if (!fill) {
            st = dict_nomem(L);
            goto out;
        }
        for (size_t i = 0; i < L->items.n; i++) {
            uint32_t s = L->items.v[i].synset;
            order[first[s] + fill[s]++] = (uint32_t)i;
        }
        free(fill);
    }
    for (size_t s = 0; s < ns; s++) {
        if (first[s] == first[s + 1])
            continue;
        acc.n = 0;
        if ((st = syn_collect(L, (uint32_t)s, first, order, 0, &acc, old)))
            goto out;
        size_t keep = 0;
        for (size_t i = 0; i < acc.n; i++)
            if (acc.v[i].n)
                acc.v[keep++] = acc.v[i];
        dict_phrase *ph = arena_alloc(&d->mem, (keep ? keep : 1) * sizeof *ph);
        if (!ph) {
            st = dict_nomem(L);
            goto out;
        }
        if (keep)
            memcpy(ph, acc.v, keep * sizeof *ph);
        d->synsets.v[s].ph = ph;
        d->synsets.v[s].n = keep;
    }
    /* patterns of this file that use an undefined synset are skipped */
    size_t o = L->first_pattern;
    for (size_t i = L->first_pattern; i < d->patterns.n; i++) {
        const dict_pattern *p = &d->patterns.v[i];
        int ok = 1;
        for (uint16_t j = 0; j < p->n; j++)
            if (p->el[j].kind == PEL_SYNSET && !d->synsets.v[p->el[j].id].defined)
                ok = 0;
        if (!ok) {
            d->warnings++;
            continue;
        }
        d->patterns.v[o++] = d->patterns.v[i];
    }
    d->patterns.n = o;
    for (size_t b = L->first_block; b < d->verb_blocks.n; b++) {
        d->verb_blocks.v[b].n_patterns = 0;
        d->verb_blocks.v[b].first_pattern = UINT32_MAX;
    }
    for (size_t i = L->first_pattern; i < d->patterns.n; i++) {
        dict_verb_block *b = &d->verb_blocks.v[d->patterns.v[i].block];
        if (b->first_pattern == UINT32_MAX)
            b->first_pattern = (uint32_t)i;
        b->n_patterns++;
    }
    {
        uint32_t next = (uint32_t)d->patterns.n;
        for (size_t b = d->verb_blocks.n; b-- > L->first_block;) {
            if (d->verb_blocks.v[b].first_pattern == UINT32_MAX)
                d->verb_blocks.v[b].first_pattern = next;
            else
                next = d->verb_blocks.v[b].first_pattern;
        }
    }
out:
    free(first);
    free(order);
    free(old);
    free(acc.v);
    return st;
}

rl_status dict_load_verbs(rl_dict *d, const char *path, unsigned flags, rl_error *err)
{
    loader L;
    rl_status st = loader_init(&L, d, path, flags, err);
    if (st)
        return loader_end(&L, st);
    L.first_pattern = d->patterns.n;
    L.first_block = d->verb_blocks.n;
    st = each_line(&L, path, verbs_line);
    if (st == RL_OK)
        st = verbs_resolve(&L);
    return loader_end(&L, st);
}
