/*
 * amount.c - amounts of money and counts in a document, after GDELT's
 * V2.1Amounts: "machine tools worth $300m" -> 300000000 USD, object
 * "machine tools"; "5,000 troops" -> 5000, object "troops".
 *
 * Works on the tagged tokens gkg.c hands over: a currency sign ($, US$,
 * HK$, €, £, ¥) or a currency word after the number (dollars, yuan, euros
 * ...), a scale word or suffix (million, bn, 300m), and the object: the
 * nouns before "worth" / "valued at", else the nouns after the amount
 * ("of", "in", "for" may stand between).  A bare number counts only when
 * nouns follow it; four-digit numbers from 1800 to 2199 with no sign,
 * scale or currency are years and are left out.  Never codes or prints.
 */
#include "gkg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "lexicon.h"

#define AMOUNT_OBJECT_WORDS 4

typedef struct amount_word {
    const char *w;
    const char *unit;
} amount_word;

/* the letters before a "$" (no space): whose dollar */
static const amount_word dollar_prefix[] = {
    {"US", "USD"}, {"U.S.", "USD"}, {"HK", "HKD"}, {"A", "AUD"}, {"AU", "AUD"},
    {"C", "CAD"}, {"CA", "CAD"}, {"S", "SGD"}, {"NZ", "NZD"}, {"NT", "TWD"}, {"R", "BRL"}
};

/* currency words after the number, lower case */
static const amount_word currency_words[] = {
    {"dollar", "USD"}, {"dollars", "USD"}, {"yuan", "CNY"}, {"renminbi", "CNY"},
    {"euro", "EUR"}, {"euros", "EUR"}, {"pound", "GBP"}, {"pounds", "GBP"},
    {"sterling", "GBP"}, {"yen", "JPY"}, {"rouble", "RUB"}, {"roubles", "RUB"},
    {"ruble", "RUB"}, {"rubles", "RUB"}, {"rupee", "INR"}, {"rupees", "INR"},
    {"won", "KRW"}, {"hryvnia", "UAH"}, {"hryvnias", "UAH"}, {"peso", "PHP"},
    {"pesos", "PHP"}, {"ringgit", "MYR"}, {"baht", "THB"}, {"rupiah", "IDR"},
    {"lira", "TRY"}, {"shekel", "ILS"}, {"shekels", "ILS"}, {"rand", "ZAR"}
};

static const struct { const char *w; double mul; } scales[] = {
    {"thousand", 1e3}, {"million", 1e6}, {"millions", 1e6}, {"billion", 1e9},
    {"billions", 1e9}, {"trillion", 1e12}, {"k", 1e3}, {"m", 1e6}, {"mn", 1e6},
    {"mln", 1e6}, {"b", 1e9}, {"bn", 1e9}, {"bln", 1e9}, {"tn", 1e12}, {"tr", 1e12}
};

static int word_ieq(const char *a, size_t n, const char *lit)
{
    size_t m = strlen(lit);
    if (n != m)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = a[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != lit[i])
            return 0;
    }
    return 1;
}

static double scale_of(const char *w, size_t n)
{
    for (size_t i = 0; i < sizeof scales / sizeof scales[0]; i++)
        if (word_ieq(w, n, scales[i].w))
            return scales[i].mul;
    return 0;
}

/* "5,000", "1.5", "300m", "2.5bn" -> value (scale suffix applied); 0 when
 * not a number.  *scaled: 1 when a suffix was applied. */
static int parse_number(const char *w, size_t n, double *out, int *scaled)
{
    char buf[64];
    size_t k = 0, i = 0;
    int digits = 0, dot = 0;
    for (; i < n && k + 1 < sizeof buf; i++) {
        char c = w[i];
        if (c >= '0' && c <= '9') {
            buf[k++] = c;
            digits++;
        } else if (c == ',' && digits) {
            continue;
        } else if (c == '.' && digits && !dot) {
            buf[k++] = c;
            dot = 1;
        } else {
            break;
        }
    }
    if (!digits || i == 0)
        return 0;
    buf[k] = '\0';
    double v = strtod(buf, NULL);
    *scaled = 0;
    if (i < n) {
        double mul = scale_of(w + i, n - i);
        if (mul == 0)
            return 0;
        v *= mul;
        *scaled = 1;
    }
    if (!isfinite(v))
        return 0;
    *out = v;
    return 1;
}

static const char *tok_text(const gkg_text *x, size_t i, size_t *n)
{
    const token *t = &x->td->toks[i];
    *n = t->de - t->db;
    return x->td->doc + t->db;
}

static int tok_adjacent(const gkg_text *x, size_t a, size_t b)
{
    return x->td->toks[a].de == x->td->toks[b].db;
}

static int tok_nounish(const gkg_text *x, size_t i)
{
    const token *t = &x->td->toks[i];
    if (t->flags & (TOK_PUNCT | TOK_NUM | TOK_QUOTE))
        return 0;
    return t->pos == POS_NOUN || t->pos == POS_ADJ || (t->pos == POS_PROPN && i > 0);
}

/* The object as text: tokens [a, b) of the document, NUL-terminated. */
static const char *object_text(const gkg_text *x, size_t a, size_t b)
{
    if (a >= b)
        return "";
    size_t n;
    const char *s = tok_text(x, a, &n);
    n = x->td->toks[b - 1].de - x->td->toks[a].db;
    const char *o = arena_strndup(x->mem, s, n);
    return o ? o : "";
}

/* Nouns (with adjectives before them) from token i on, at most
 * AMOUNT_OBJECT_WORDS, ending on a noun; *end gets the end. */
static size_t nouns_after(const gkg_text *x, size_t i, size_t s1, size_t *end)
{
    size_t j = i, last = i;
    while (j < s1 && j - i < AMOUNT_OBJECT_WORDS && tok_nounish(x, j)) {
        if (x->td->toks[j].pos != POS_ADJ)
            last = j + 1;
        j++;
    }
    *end = last;
    return last - i;
}

/* Nouns ending just before token i (going left, at most
 * AMOUNT_OBJECT_WORDS); returns the first token. */
static size_t nouns_before(const gkg_text *x, size_t i, size_t s0)
{
    size_t j = i;
    /* the head may be tagged a verb ("machine tools worth"), a lower-case
     * word ending in -s right before "worth" */
    if (j > s0 && x->td->toks[j - 1].pos == POS_VERB &&
        !(x->td->toks[j - 1].flags & (TOK_CAP | TOK_PUNCT | TOK_NUM))) {
        size_t n;
        const char *w = tok_text(x, j - 1, &n);
        if (n > 2 && w[n - 1] == 's')
            j--;
    }
    while (j > s0 && i - j < AMOUNT_OBJECT_WORDS && tok_nounish(x, j - 1))
        j--;
    return j;
}

static rl_status amount_sentence(const gkg_text *x, const sentence *se, rl_amount *out,
                                 size_t *n)
{
    const token *t = x->td->toks;
    for (size_t i = se->t0; i < se->t1 && *n < GKG_MAX_AMOUNTS; i++) {
        size_t len;
        const char *w = tok_text(x, i, &len);
        const char *unit = "";
        size_t a = i, num = i;
        /* a currency sign, perhaps with a country before it */
        if (len == 1 && w[0] == '$')
            unit = "USD";
        else if (len == 3 && memcmp(w, "\xe2\x82\xac", 3) == 0)
            unit = "EUR";
        else if (len == 2 && memcmp(w, "\xc2\xa3", 2) == 0)
            unit = "GBP";
        else if (len == 2 && memcmp(w, "\xc2\xa5", 2) == 0)
            unit = "JPY";
        if (unit[0]) {
            if (i + 1 >= se->t1 || !(t[i + 1].flags & TOK_NUM))
                continue;
            if (unit[0] == 'U' && i > se->t0 && tok_adjacent(x, i - 1, i)) {
                size_t pl;
                const char *p = tok_text(x, i - 1, &pl);
                for (size_t k = 0; k < sizeof dollar_prefix / sizeof dollar_prefix[0]; k++)
                    if (strlen(dollar_prefix[k].w) == pl && memcmp(p, dollar_prefix[k].w, pl) == 0) {
                        unit = dollar_prefix[k].unit;
                        a = i - 1;
                    }
            }
            num = i + 1;
        } else if (!(t[i].flags & TOK_NUM)) {
            continue;
        }
        double v;
        int scaled;
        w = tok_text(x, num, &len);
        if (!parse_number(w, len, &v, &scaled))
            continue;
        size_t e = num + 1; /* end of the amount phrase */
        if (e < se->t1) {
            w = tok_text(x, e, &len);
            double mul = scale_of(w, len);
            if (mul > 0 && !scaled && len > 2) { /* "million", not a stray "m" */
                v *= mul;
                scaled = 1;
                e++;
            }
        }
        if (!unit[0] && e < se->t1) {
            w = tok_text(x, e, &len);
            for (size_t k = 0; k < sizeof currency_words / sizeof currency_words[0]; k++)
                if (word_ieq(w, len, currency_words[k].w)) {
                    unit = currency_words[k].unit;
                    e++;
                    break;
                }
        }
        /* the object */
        size_t o0 = e, o1 = e;
        size_t wl;
        const char *bw = a > se->t0 ? tok_text(x, a - 1, &wl) : NULL;
        if (bw && word_ieq(bw, wl, "worth")) {
            o1 = a - 1;
            o0 = nouns_before(x, o1, se->t0);
        } else if (bw && word_ieq(bw, wl, "at") && a - 1 > se->t0 &&
                   (w = tok_text(x, a - 2, &len)) && word_ieq(w, len, "valued")) {
            o1 = a - 2;
            o0 = nouns_before(x, o1, se->t0);
        } else {
            size_t j = e;
            if (j < se->t1) {
                w = tok_text(x, j, &len);
                if (word_ieq(w, len, "of") || word_ieq(w, len, "in") || word_ieq(w, len, "for") ||
                    word_ieq(w, len, "worth"))
                    j++;
                if (j < se->t1 && word_ieq(w, len, "worth") &&
                    (w = tok_text(x, j, &len)) && word_ieq(w, len, "of"))
                    j++;
                while (j < se->t1 && t[j].pos == POS_DET)
                    j++;
            }
            o0 = j;
            nouns_after(x, j, se->t1, &o1);
            if (o1 <= o0)
                o0 = o1 = e;
        }
        /* a bare number counts only with an object; years are not amounts */
        if (!unit[0] && !scaled) {
            if (o1 <= o0)
                continue;
            w = tok_text(x, num, &len);
            if (len == 4 && v >= 1800 && v < 2200)
                continue;
        }
        rl_amount *am = &out[(*n)++];
        am->value = v;
        am->unit = unit;
        am->object = object_text(x, o0, o1);
        am->start = t[a].cb;
        am->end = t[e - 1].ce;
        i = e - 1;
    }
    return RL_OK;
}

rl_status amount_find(const gkg_text *x, rl_amount **out, size_t *n, rl_error *err)
{
    *n = 0;
    *out = arena_alloc(x->mem, GKG_MAX_AMOUNTS * sizeof **out);
    if (!*out)
        return err_set(err, RL_ERR_NOMEM, x->doc->origin, 0, 0, "out of memory finding amounts");
    for (size_t s = 0; s < x->td->n_sents; s++) {
        const sentence *se = &x->td->sents[s];
        if (se->zone != RL_ZONE_BODY && se->zone != RL_ZONE_HEADLINE)
            continue;
        rl_status st = amount_sentence(x, se, *out, n);
        if (st)
            return st;
    }
    return RL_OK;
}
