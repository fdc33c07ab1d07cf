/*
 * token.c - Treebank-like tokens over normalized text, with offsets.
 *
 * One left-to-right pass over text_norm.s makes every token: words (with
 * internal apostrophes, initialisms "U.S.", abbreviations "Sen." that keep
 * their period), numbers ("1,000", "3.5", "9/11", "2:30"), one token per
 * punctuation mark ("..." and "--" as runs), and the Treebank splits:
 * possessive and other clitics ("Gondor" "'s", "countries" "'", "we" "'re"),
 * negations ("do" "n't", "wo" "n't", "ca" "n't", "can" "not").  A hyphenated
 * word stays whole when the word table knows it, else it is cut at its
 * hyphens, keeping the longest known runs ("AL-QAEDA" "-" "LINKED"); the
 * parts and their "-" tokens are flagged TOK_HYPHEN_PART.
 *
 * Document byte offsets come from norm.src; code-point offsets from one
 * forward cursor over the document, since tokens come in document order.
 * Tokens live in one array grown by doubling: an arena_big array, so the
 * outgrown copies are freed at once (realloc) and a pathological text
 * needs about its final size, never the sum of its copies; no malloc per
 * token.  A text of more than TEXT_MAX_DOC_TOKENS tokens is RL_ERR_TOOBIG.
 *
 * This file must not decide sentence boundaries (sentence.c does), and must
 * not modify the word table.
 */
#include "text.h"

#include <string.h>

#include <utf8proc.h>

#include "error.h"

#define TOK_MAX_HYPHEN_PARTS 32 /* beyond this a word is cut at every hyphen */
#define TOK_MAX_JOIN_PARTS 6    /* longest known run of parts looked up */

/* Character kinds over normalized text. */
enum tok_kind {
    K_SPACE,
    K_UPPER,
    K_LOWER,
    K_LETTER, /* letter without case, U+FFFD */
    K_DIGIT,
    K_MARK,   /* combining mark: continues a word */
    K_FORMAT, /* invisible format character: skipped between tokens */
    K_PUNCT
};

typedef struct tok_ctx {
    const intern *words;
    text_doc *td;
    arena *a;
    const unsigned char *s;   /* normalized text */
    size_t len;
    const uint32_t *src;
    const unsigned char *doc;
    token *toks;
    size_t n, cap;
    int toobig;               /* TEXT_MAX_DOC_TOKENS reached */
    size_t cp_pos, cp_count;  /* code points in doc[0, cp_pos) */
    int sq_open;              /* a single quotation mark is open */
} tok_ctx;

static int tok_is_word_kind(int k)
{
    return k == K_UPPER || k == K_LOWER || k == K_LETTER || k == K_DIGIT || k == K_MARK;
}

static int tok_is_letter_kind(int k)
{
    return k == K_UPPER || k == K_LOWER || k == K_LETTER;
}

static int tok_ascii_kind(unsigned char c)
{
    if (c >= 'a' && c <= 'z')
        return K_LOWER;
    if (c >= 'A' && c <= 'Z')
        return K_UPPER;
    if (c >= '0' && c <= '9')
        return K_DIGIT;
    if (c <= 0x20 || c == 0x7F)
        return K_SPACE;
    return K_PUNCT;
}

static int tok_cp_kind(int32_t cp)
{
    if (cp < 0x80)
        return tok_ascii_kind((unsigned char)cp);
    if (cp == 0xFFFD)
        return K_LETTER;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
        return K_UPPER;
    case UTF8PROC_CATEGORY_LL:
        return K_LOWER;
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_NL:
        return K_LETTER;
    case UTF8PROC_CATEGORY_ND:
        return K_DIGIT;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return K_MARK;
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC:
        return K_SPACE;
    case UTF8PROC_CATEGORY_CF:
        return K_FORMAT;
    default:
        return K_PUNCT;
    }
}

/* Kind and byte length of the character at s[i]. */
static int tok_kind_at(const tok_ctx *c, size_t i, size_t *l)
{
    unsigned char b = c->s[i];
    if (b < 0x80) {
        *l = 1;
        return tok_ascii_kind(b);
    }
    utf8proc_int32_t cp = -1;
    size_t left = c->len - i;
    utf8proc_ssize_t r = utf8proc_iterate(c->s + i, (utf8proc_ssize_t)(left < 4 ? left : 4), &cp);
    if (r <= 0 || cp < 0) {
        *l = 1;
        return K_LETTER; /* should not happen on normalized text */
    }
    *l = (size_t)r;
    return tok_cp_kind(cp);
}

static int tok_kind_next(const tok_ctx *c, size_t i)
{
    size_t l;
    return i < c->len ? tok_kind_at(c, i, &l) : K_SPACE;
}

static int tok_is_digit(const tok_ctx *c, size_t i)
{
    return i < c->len && c->s[i] >= '0' && c->s[i] <= '9';
}

static int tok_is_alpha(const tok_ctx *c, size_t i)
{
    unsigned char b = i < c->len ? c->s[i] : 0;
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
}

/* Code points of the document before byte x; x never goes backwards. */
static uint32_t tok_cp_at(tok_ctx *c, size_t x)
{
    size_t k = c->cp_count;
    for (size_t i = c->cp_pos; i < x; i++)
        k += (c->doc[i] & 0xC0) != 0x80;
    c->cp_pos = x;
    c->cp_count = k;
    return (uint32_t)k;
}

/* Move a token's document end back over characters normalization removed
 * (soft hyphen, zero-width), so a span never ends in an invisible one. */
static uint32_t tok_trim_removed(const unsigned char *d, uint32_t db, uint32_t de)
{
    for (;;) {
        if (de >= db + 2 && d[de - 2] == 0xC2 && d[de - 1] == 0xAD) {
            de -= 2;
        } else if (de >= db + 3 && d[de - 3] == 0xE2 &&
                   ((d[de - 2] == 0x80 && d[de - 1] >= 0x8B && d[de - 1] <= 0x8D) ||
                    (d[de - 2] == 0x81 && d[de - 1] == 0xA0))) {
            de -= 3;
        } else if (de >= db + 3 && d[de - 3] == 0xEF && d[de - 2] == 0xBB &&
                   d[de - 1] == 0xBF) {
            de -= 3;
        } else {
            return de;
        }
    }
}

/* TOK_CAP / TOK_ALLCAPS / TOK_NUM from the token's letters. */
static unsigned tok_case_flags(const tok_ctx *c, size_t nb, size_t ne)
{
    unsigned f = 0;
    size_t letters = 0, lower = 0;
    int first = 1;
    if (c->s[nb] >= '0' && c->s[nb] <= '9')
        f |= TOK_NUM;
    for (size_t i = nb; i < ne;) {
        size_t l;
        unsigned char b = c->s[i];
        int k;
        if (b < 0x80) {
            l = 1;
            k = (b >= 'a' && b <= 'z') ? K_LOWER : (b >= 'A' && b <= 'Z') ? K_UPPER : K_PUNCT;
        } else {
            k = tok_kind_at(c, i, &l);
        }
        i += l;
        if (!tok_is_letter_kind(k))
            continue;
        letters++;
        if (k == K_LOWER)
            lower++;
        if (first && k == K_UPPER)
            f |= TOK_CAP;
        first = 0;
    }
    if (letters >= 2 && lower == 0 && (f & TOK_CAP))
        f |= TOK_ALLCAPS;
    return f;
}

static int tok_grow(tok_ctx *c)
{
    size_t max = c->len + 1 < TEXT_MAX_DOC_TOKENS ? c->len + 1 : TEXT_MAX_DOC_TOKENS;
    size_t ncap = c->cap ? c->cap * 2 : c->len / 5 + 16;
    if (ncap > max)
        ncap = max;
    if (ncap <= c->n) {
        c->toobig = c->n >= TEXT_MAX_DOC_TOKENS;
        return 0;
    }
    token *t = arena_big(c->a, c->toks, ncap * sizeof *t);
    if (!t)
        return 0;
    c->toks = t;
    c->cap = ncap;
    return 1;
}

static int tok_push(tok_ctx *c, size_t nb, size_t ne, unsigned flags)
{
    if (ne <= nb) /* never an empty token, whatever the input */
        return 1;
    if (c->n == c->cap && !tok_grow(c))
        return 0;
    token *t = &c->toks[c->n++];
    uint32_t db = c->src[nb];
    uint32_t de = tok_trim_removed(c->doc, db, c->src[ne]);
    t->nb = (uint32_t)nb;
    t->ne = (uint32_t)ne;
    t->db = db;
    t->de = de;
    t->cb = tok_cp_at(c, db);
    t->ce = tok_cp_at(c, de);
    if (!(flags & TOK_PUNCT))
        flags |= tok_case_flags(c, nb, ne);
    t->word = intern_find(c->words, (const char *)c->s + nb, ne - nb);
    t->lemma = INTERN_NONE;
    t->flags = (uint16_t)flags;
    t->pos = 0;
    t->vform = 0;
    return 1;
}

static int tok_lower_eq(const unsigned char *p, size_t n, const char *w)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char b = p[i];
        if (b >= 'A' && b <= 'Z')
            b = (unsigned char)(b + 32);
        if (w[i] == '\0' || b != (unsigned char)w[i])
            return 0;
    }
    return w[n] == '\0';
}

/* Start of a clitic at the end of word s[p, e) ("'s", "n't", "'re"...),
 * or e when there is none. */
static size_t tok_clitic_start(const tok_ctx *c, size_t p, size_t e, int has_apos)
{
    const unsigned char *s = c->s;
    if (!has_apos) {
        if (e - p == 6 && tok_lower_eq(s + p, 6, "cannot"))
            return p + 3;
        return e;
    }
    if (e - p > 3 && s[e - 2] == '\'' && (s[e - 3] == 'n' || s[e - 3] == 'N') &&
        (s[e - 1] == 't' || s[e - 1] == 'T')) {
        unsigned char b = s[e - 4]; /* "do" of "don't" must end in a letter */
        if (b >= 0x80 || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z'))
            return e - 3;
        return e;
    }
    size_t a = e;
    while (a > p && s[a - 1] != '\'')
        a--;
    if (a <= p + 1)
        return e;
    a--; /* the apostrophe */
    size_t sl = e - a - 1;
    static const char *const clitics[] = {"s", "re", "ve", "ll", "d", "m"};
    for (size_t k = 0; k < sizeof clitics / sizeof clitics[0]; k++)
        if (tok_lower_eq(s + a + 1, sl, clitics[k]))
            return a;
    return e;
}

/* Emit s[p, e) which contains hyphens: whole if known, else its parts,
 * joining the longest runs of parts the word table knows. */
static int tok_push_hyphenated(tok_ctx *c, size_t p, size_t e)
{
    if (intern_find(c->words, (const char *)c->s + p, e - p) != INTERN_NONE)
        return tok_push(c, p, e, 0);
    size_t pb[TOK_MAX_HYPHEN_PARTS], pe[TOK_MAX_HYPHEN_PARTS], np = 0;
    size_t b = p;
    for (size_t i = p; i <= e; i++) {
        if (i < e && c->s[i] != '-')
            continue;
        if (np == TOK_MAX_HYPHEN_PARTS) { /* too many parts: no joining */
            np = 0;
            break;
        }
        pb[np] = b;
        pe[np] = i;
        np++;
        b = i + 1;
    }
    if (np == 0) {
        size_t q = p;
        for (size_t i = p; i <= e; i++) {
            if (i < e && c->s[i] != '-')
                continue;
            if (!tok_push(c, q, i, TOK_HYPHEN_PART))
                return 0;
            if (i < e && !tok_push(c, i, i + 1, TOK_PUNCT | TOK_HYPHEN_PART))
                return 0;
            q = i + 1;
        }
        return 1;
    }
    for (size_t i = 0; i < np;) {
        size_t best = i;
        size_t last = i + TOK_MAX_JOIN_PARTS - 1 < np - 1 ? i + TOK_MAX_JOIN_PARTS - 1 : np - 1;
        for (size_t j = last; j > i; j--) {
            if (intern_find(c->words, (const char *)c->s + pb[i], pe[j] - pb[i]) != INTERN_NONE) {
                best = j;
                break;
            }
        }
        if (!tok_push(c, pb[i], pe[best], TOK_HYPHEN_PART))
            return 0;
        if (best + 1 < np && !tok_push(c, pe[best], pe[best] + 1, TOK_PUNCT | TOK_HYPHEN_PART))
            return 0;
        i = best + 1;
    }
    return 1;
}

static int tok_prefix_ci(const tok_ctx *c, size_t p, const char *w)
{
    size_t n = strlen(w);
    if (c->len - p < n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char b = c->s[p + i];
        if (b >= 'A' && b <= 'Z')
            b = (unsigned char)(b + 32);
        if (b != (unsigned char)w[i])
            return 0;
    }
    return 1;
}

/* End of a URL (http://, https://, www.) starting at p, or 0. */
static size_t tok_url_end(const tok_ctx *c, size_t p)
{
    if (!tok_prefix_ci(c, p, "http://") && !tok_prefix_ci(c, p, "https://") &&
        !(tok_prefix_ci(c, p, "www.") && tok_is_alpha(c, p + 4)))
        return 0;
    size_t e = p;
    while (e < c->len && c->s[e] > 0x20 && c->s[e] != 0x7F && !strchr("\"<>", c->s[e]))
        e++;
    while (e > p && strchr(".,;:!?)'", c->s[e - 1]))
        e--;
    return e;
}

/* End of an e-mail address starting at p, or 0. */
static size_t tok_email_end(const tok_ctx *c, size_t p)
{
    const unsigned char *s = c->s;
    size_t e = p;
    while (e < c->len && e - p <= 64 &&
           (tok_is_alpha(c, e) || tok_is_digit(c, e) || (s[e] && strchr("._%+-", s[e]))))
        e++;
    if (e == p || e >= c->len || s[e] != '@' || s[e - 1] == '.')
        return 0;
    size_t at = e++, labels = 0, last = e;
    for (;;) {
        size_t b = e;
        while (e < c->len && (tok_is_alpha(c, e) || tok_is_digit(c, e) || s[e] == '-'))
            e++;
        if (e == b)
            return 0;
        labels++;
        last = b;
        if (e + 1 < c->len && s[e] == '.' && (tok_is_alpha(c, e + 1) || tok_is_digit(c, e + 1)))
            e++;
        else
            break;
    }
    if (labels < 2 || e - last < 2 || e - at > 255)
        return 0;
    return e;
}

/* A word or number starting at p; returns the end of what it consumed. */
static size_t tok_word(tok_ctx *c, size_t p, int *ok)
{
    const unsigned char *s = c->s;
    size_t q = p, l;
    int hyphen = 0, apos = 0, initialism = 1, dots = 0;

    if ((s[p] | 0x20) == 'h' || (s[p] | 0x20) == 'w') {
        size_t u = tok_url_end(c, p);
        if (u) {
            *ok = tok_push(c, p, u, 0);
            return u;
        }
    }

    for (;;) {
        size_t run = q, nchars = 0;
        int digits = 1;
        while (q < c->len) {
            unsigned char b = s[q];
            if (b < 0x80) { /* ASCII fast path */
                if (b >= '0' && b <= '9') {
                    q++;
                    nchars++;
                    continue;
                }
                if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') {
                    digits = 0;
                    q++;
                    nchars++;
                    continue;
                }
                break;
            }
            int k = tok_kind_at(c, q, &l);
            if (!tok_is_word_kind(k))
                break;
            if (k != K_DIGIT)
                digits = 0;
            q += l;
            nchars++;
        }
        if (nchars != 1 || !tok_is_alpha(c, run))
            initialism = 0;
        if (q >= c->len)
            break;
        unsigned char ch = s[q];
        if (ch == '.') {
            if (digits && tok_is_digit(c, q + 1)) {
                initialism = 0;
                q++;
                continue;
            }
            if (initialism && tok_is_alpha(c, q + 1) && q + 2 < c->len && s[q + 2] == '.') {
                dots++;
                q++;
                continue;
            }
            break;
        }
        if (ch == ',' && digits && tok_is_digit(c, q + 1) && tok_is_digit(c, q + 2) &&
            tok_is_digit(c, q + 3) && !tok_is_digit(c, q + 4)) {
            initialism = 0;
            q++;
            continue;
        }
        if ((ch == ':' || ch == '/') && digits && tok_is_digit(c, q + 1)) {
            initialism = 0;
            q++;
            continue;
        }
        if (ch == '\'' && tok_is_letter_kind(tok_kind_next(c, q + 1))) {
            apos = 1;
            initialism = 0;
            q++;
            continue;
        }
        if (ch == '-' && tok_is_word_kind(tok_kind_next(c, q + 1))) {
            hyphen = 1;
            initialism = 0;
            q++;
            continue;
        }
        break;
    }

    if (q < c->len && s[q] && strchr("@._%+-", s[q])) {
        size_t m = tok_email_end(c, p);
        if (m) {
            *ok = tok_push(c, p, m, 0);
            return m;
        }
    }

    /* A final period that belongs to the word: U.S.  J.  Sen.  No. 10 */
    size_t e = q;
    if (q < c->len && s[q] == '.' && !(q + 1 < c->len && s[q + 1] == '.')) {
        int attach = 0;
        if (initialism && dots > 0)
            attach = 1;
        else if (!hyphen && !apos && e - p == 1 && s[p] >= 'A' && s[p] <= 'Z')
            attach = 1;
        else if (!hyphen && !apos && e - p < 24) {
            text_abbrev_kind k = text_abbrev_find((const char *)s + p, e - p);
            if (k == TEXT_ABBR_NUM) {
                size_t r = q + 1;
                while (r < c->len && (s[r] == ' ' || s[r] == '\t'))
                    r++;
                attach = tok_is_digit(c, r);
            } else {
                attach = k != TEXT_ABBR_NONE;
            }
        }
        if (attach) {
            *ok = tok_push(c, p, q + 1, TOK_ABBREV);
            /* the E.U.'s envoy */
            if (*ok && q + 2 < c->len && s[q + 1] == '\'' && (s[q + 2] | 0x20) == 's' &&
                !tok_is_word_kind(tok_kind_next(c, q + 3))) {
                *ok = tok_push(c, q + 1, q + 3, 0);
                return q + 3;
            }
            return q + 1;
        }
    }

    size_t cl = tok_clitic_start(c, p, e, apos);
    if (hyphen && memchr(s + p, '-', cl - p))
        *ok = tok_push_hyphenated(c, p, cl);
    else
        *ok = tok_push(c, p, cl, 0);
    if (*ok && cl < e)
        *ok = tok_push(c, cl, e, 0);
    return e;
}

/* An apostrophe that did not join a word: quotation mark or possessive. */
static size_t tok_apostrophe(tok_ctx *c, size_t p, int *ok)
{
    const unsigned char *s = c->s;
    const token *prev = c->n ? &c->toks[c->n - 1] : NULL;
    int after_word = prev && prev->ne == p && !(prev->flags & TOK_PUNCT);
    int before_word = tok_is_word_kind(tok_kind_next(c, p + 1));

    /* '90s */
    if (!after_word && tok_is_digit(c, p + 1) && tok_is_digit(c, p + 2)) {
        size_t e = p + 3;
        if (e < c->len && s[e] == 's')
            e++;
        if (!tok_is_word_kind(tok_kind_next(c, e))) {
            *ok = tok_push(c, p, e, TOK_NUM);
            return e;
        }
    }
    unsigned f = TOK_QUOTE | TOK_PUNCT;
    if (after_word && !before_word) {
        if (c->sq_open)
            c->sq_open = 0;
        else if (s[p - 1] == 's' || s[p - 1] == 'S')
            f = 0; /* countries' */
    } else if (!after_word && before_word) {
        c->sq_open = 1;
    }
    *ok = tok_push(c, p, p + 1, f);
    return p + 1;
}

static size_t tok_punct(tok_ctx *c, size_t p, size_t l, int *ok)
{
    const unsigned char *s = c->s;
    size_t e = p + l;
    unsigned char ch = s[p];
    if (ch == '.' || ch == '-') {
        while (e < c->len && s[e] == ch)
            e++;
    } else if (ch == '\'') {
        return tok_apostrophe(c, p, ok);
    }
    *ok = tok_push(c, p, e, ch == '"' ? TOK_PUNCT | TOK_QUOTE : TOK_PUNCT);
    return e;
}

rl_status text_tokenize(arena *a, const intern *words, text_doc *td, rl_error *err)
{
    tok_ctx c;
    memset(&c, 0, sizeof c);
    c.words = words;
    c.td = td;
    c.a = a;
    c.s = (const unsigned char *)td->norm.s;
    c.len = td->norm.len;
    c.src = td->norm.src;
    c.doc = (const unsigned char *)td->doc;
    td->toks = NULL;
    td->n_toks = 0;
    if (c.len > UINT32_MAX - 1)
        return err_set(err, RL_ERR_TOOBIG, NULL, 0, 0, "text of %zu bytes is too big", c.len);

    size_t p = 0;
    int ok = 1, newlines = 0;
    while (p < c.len && ok) {
        unsigned char b = c.s[p];
        /* whitespace (ASCII fast path), counting line breaks */
        if (b <= 0x20 || b == 0x7F) {
            if (b == '\n' || (b == '\r' && !(p + 1 < c.len && c.s[p + 1] == '\n'))) {
                if (++newlines >= 2)
                    c.sq_open = 0; /* a paragraph ends open single quotes */
            }
            p++;
            continue;
        }
        size_t l;
        int k = tok_kind_at(&c, p, &l);
        if (k == K_SPACE || k == K_FORMAT) {
            p += l;
            continue;
        }
        newlines = 0;
        if (tok_is_word_kind(k))
            p = tok_word(&c, p, &ok);
        else
            p = tok_punct(&c, p, l, &ok);
    }
    if (!ok && c.toobig)
        return err_set(err, RL_ERR_TOOBIG, NULL, 0, 0,
                       "text of %zu bytes has more than %u tokens, skipped", c.len,
                       (unsigned)TEXT_MAX_DOC_TOKENS);
    if (!ok)
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0,
                       "out of memory tokenizing a text of %zu bytes", c.len);
    td->toks = c.toks;
    td->n_toks = c.n;
    return RL_OK;
}
