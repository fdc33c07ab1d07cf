/*
 * text.c - from raw bytes to clean, normalized UTF-8 with a map back.
 *
 * text_sanitize turns any bytes into valid UTF-8 (each bad byte and each NUL
 * becomes U+FFFD, counted).  text_normalize rewrites typographic forms to
 * the plain ones the tokenizer and the dictionaries expect (curly quotes,
 * dashes, ellipsis, exotic spaces, soft hyphens, zero-width characters,
 * Treebank `` and '' quotes) and
 * composes to NFC, keeping for every output byte the document byte that
 * produced it.  text_analyze chains normalize, tokenize and split.
 *
 * NFC is applied per cluster: a starter and the combining marks (canonical
 * combining class > 0) that follow it, through utf8proc into a fixed stack
 * buffer, so there is no malloc per character and every output byte of the
 * cluster maps to the cluster's first document byte.  Compositions that
 * cross a starter (Hangul L+V+T jamo sequences) are therefore not made;
 * precomposed Hangul, the normal form in news text, passes unchanged.
 * Clusters longer than TEXT_NFC_MAX code points are copied as they are.
 *
 * This file must not know about tokens or sentences, and must not read
 * beyond the lengths it is given (documents may contain NUL bytes).
 */
#include "text.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "error.h"

#define TEXT_NFC_MAX 32   /* code points per cluster given to utf8proc */
#define TEXT_NFC_BUF 64   /* decomposed code points per cluster */

/* Length of the valid UTF-8 sequence at p (n bytes left), 0 when invalid.
 * utf8proc_iterate rejects overlong forms, surrogates and > U+10FFFF. */
static size_t text_utf8_seq(const unsigned char *p, size_t n, int32_t *cp)
{
    if (p[0] < 0x80) {
        *cp = p[0];
        return 1;
    }
    utf8proc_int32_t c = -1;
    utf8proc_ssize_t r = utf8proc_iterate(p, (utf8proc_ssize_t)(n < 4 ? n : 4), &c);
    if (r <= 0 || c < 0)
        return 0;
    *cp = c;
    return (size_t)r;
}

char *text_sanitize(const char *in, size_t n, size_t *out_len, size_t *bad)
{
    const unsigned char *p = (const unsigned char *)in;
    size_t nbad = 0, i = 0;
    int32_t cp;

    if (bad)
        *bad = 0;
    if (out_len)
        *out_len = 0;
    if (n > SIZE_MAX / 3 - 1)
        return NULL;
    /* Pass 1: count the repairs, so the output is allocated once. */
    while (i < n) {
        if (p[i] >= 0x01 && p[i] < 0x80) {
            i++;
            continue;
        }
        size_t l = p[i] ? text_utf8_seq(p + i, n - i, &cp) : 0;
        if (l == 0) {
            nbad++;
            i++;
        } else {
            i += l;
        }
    }
    size_t olen = n + 2 * nbad;
    char *out = malloc(olen + 1);
    if (!out)
        return NULL;
    if (nbad == 0) {
        if (n)
            memcpy(out, in, n);
    } else {
        unsigned char *o = (unsigned char *)out;
        size_t w = 0;
        i = 0;
        while (i < n) {
            if (p[i] >= 0x01 && p[i] < 0x80) {
                o[w++] = p[i++];
                continue;
            }
            size_t l = p[i] ? text_utf8_seq(p + i, n - i, &cp) : 0;
            if (l == 0) {
                o[w++] = 0xEF;
                o[w++] = 0xBF;
                o[w++] = 0xBD;
                i++;
            } else {
                memcpy(o + w, p + i, l);
                w += l;
                i += l;
            }
        }
    }
    out[olen] = '\0';
    if (out_len)
        *out_len = olen;
    if (bad)
        *bad = nbad;
    return out;
}

/* The plain form of a typographic character: its replacement (len 0 =
 * removed), or NULL when the character is kept. */
static const char *text_plain_form(int32_t c, size_t *len)
{
    *len = 1;
    switch (c) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
    case 0x2035: case 0x02BC: case 0x2039: case 0x203A: case 0x00B4:
        return "'";
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x00AB:
    case 0x00BB: case 0x2033: case 0x2036:
        return "\"";
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
    case 0x2015: case 0x2212: case 0xFE58: case 0xFE63: case 0xFF0D:
        return "-";
    case 0x2026:
        *len = 3;
        return "...";
    case 0x00A0: case 0x2000: case 0x2001: case 0x2002: case 0x2003:
    case 0x2004: case 0x2005: case 0x2006: case 0x2007: case 0x2008:
    case 0x2009: case 0x200A: case 0x202F: case 0x205F: case 0x3000:
    case 0x1680:
        return " ";
    case 0x0085: case 0x2028: case 0x2029:
        return "\n";
    case 0x005F: /* "Dol_Amroth": some feeds join names with underscores */
        return " ";
    case 0x00AD: case 0x200B: case 0x200C: case 0x200D: case 0x2060:
    case 0xFEFF:
        *len = 0;
        return "";
    default:
        return NULL;
    }
}

/* Output being built: bytes plus the source map, two arena_big arrays
 * (not bump memory: a text that grows while normalized must not leave its
 * outgrown copies behind). */
typedef struct text_out {
    arena *a;
    char *s;
    uint32_t *src;
    size_t len, cap, max;
} text_out;

static int text_out_grow(text_out *o, size_t need)
{
    size_t ncap = o->cap * 2;
    if (ncap < o->len + need + 16)
        ncap = o->len + need + 16;
    if (ncap > o->max)
        ncap = o->max;
    if (ncap < o->len + need + 1)
        return 0;
    char *s = arena_big(o->a, o->s, ncap + 1);
    if (!s)
        return 0;
    o->s = s;
    uint32_t *src = arena_big(o->a, o->src, (ncap + 1) * sizeof *src);
    if (!src)
        return 0;
    o->src = src;
    o->cap = ncap;
    return 1;
}

/* Append n bytes all produced by the document byte at `from`. */
static int text_out_put(text_out *o, const void *b, size_t n, size_t from)
{
    if (o->len + n + 1 > o->cap && !text_out_grow(o, n))
        return 0;
    memcpy(o->s + o->len, b, n);
    for (size_t k = 0; k < n; k++)
        o->src[o->len + k] = (uint32_t)from;
    o->len += n;
    return 1;
}

/* NFC of the cluster doc[b, e) (valid UTF-8), appended to o. */
static int text_out_nfc(text_out *o, const unsigned char *doc, size_t b, size_t e)
{
    utf8proc_int32_t buf[TEXT_NFC_BUF + 1]; /* +1: reencode writes a NUL */
    const utf8proc_option_t opt = UTF8PROC_COMPOSE | UTF8PROC_STABLE;
    utf8proc_ssize_t n = utf8proc_decompose(doc + b, (utf8proc_ssize_t)(e - b), buf,
                                            TEXT_NFC_BUF, opt);
    if (n > 0 && n <= TEXT_NFC_BUF) {
        utf8proc_ssize_t w = utf8proc_reencode(buf, n, opt);
        if (w > 0)
            return text_out_put(o, buf, (size_t)w, b);
    }
    return text_out_put(o, doc + b, e - b, b);
}

rl_status text_normalize(arena *a, const char *doc, size_t doc_len, text_norm *out,
                         rl_error *err)
{
    const unsigned char *d = (const unsigned char *)doc;
    text_out o;

    memset(out, 0, sizeof *out);
    if (doc_len > (size_t)UINT32_MAX / 4)
        return err_set(err, RL_ERR_TOOBIG, NULL, 0, 0,
                       "document of %zu bytes is too big to normalize", doc_len);
    o.a = a;
    o.len = 0;
    /* NFC can at most triple a text; it rarely grows it at all. */
    o.max = doc_len * 3 + 16;
    o.cap = doc_len + 16;
    o.s = arena_big(a, NULL, o.cap + 1);
    o.src = o.s ? arena_big(a, NULL, (o.cap + 1) * sizeof *o.src) : NULL;
    if (!o.src)
        goto nomem;

    size_t i = 0;
    while (i < doc_len) {
        if (d[i] == '`' || (d[i] == '\'' && i + 1 < doc_len && d[i + 1] == '\'')) {
            /* Treebank-style quotes: `` and '' -> ", ` -> ' */
            int two = i + 1 < doc_len && d[i + 1] == d[i];
            if (!text_out_put(&o, two ? "\"" : "'", 1, i))
                goto nomem;
            i += two ? 2 : 1;
            continue;
        }
        /* An ASCII run: copy it, except a last byte that a combining mark
         * may follow (it goes through the cluster path below). */
        if (d[i] < 0x80) {
            size_t j = i + 1;
            while (j < doc_len && d[j] < 0x80 && d[j] != '`' &&
                   !(d[j] == '\'' && j + 1 < doc_len && d[j + 1] == '\''))
                j++;
            size_t stop = j < doc_len ? j - 1 : j;
            if (stop > i) {
                if (o.len + (stop - i) + 1 > o.cap && !text_out_grow(&o, stop - i))
                    goto nomem;
                memcpy(o.s + o.len, d + i, stop - i);
                for (size_t k = i; k < stop; k++) {
                    if (o.s[o.len] == '_')
                        o.s[o.len] = ' '; /* "Dol_Amroth": joined names */
                    o.src[o.len++] = (uint32_t)k;
                }
                i = stop;
                continue;
            }
        }
        int32_t c;
        size_t l = text_utf8_seq(d + i, doc_len - i, &c);
        if (l == 0) { /* not valid UTF-8: one U+FFFD per byte */
            if (!text_out_put(&o, "\xEF\xBF\xBD", 3, i))
                goto nomem;
            i++;
            continue;
        }
        size_t plen;
        const char *plain = text_plain_form(c, &plen);
        if (plain) {
            if (plen && !text_out_put(&o, plain, plen, i))
                goto nomem;
            i += l;
            continue;
        }
        /* A cluster: this character and the combining marks after it. */
        size_t e = i + l, ncp = 1;
        while (e < doc_len && d[e] >= 0x80 && ncp < TEXT_NFC_MAX) {
            int32_t m;
            size_t ml = text_utf8_seq(d + e, doc_len - e, &m);
            if (ml == 0 || utf8proc_get_property(m)->combining_class == 0)
                break;
            e += ml;
            ncp++;
        }
        if (ncp == 1 && c < 0x80) {
            if (!text_out_put(&o, d + i, 1, i))
                goto nomem;
        } else if (!text_out_nfc(&o, d, i, e)) {
            goto nomem;
        }
        i = e;
    }
    o.s[o.len] = '\0';
    o.src[o.len] = (uint32_t)doc_len;
    out->s = o.s;
    out->len = o.len;
    out->src = o.src;
    return RL_OK;
nomem:
    return err_set(err, RL_ERR_NOMEM, NULL, 0, 0,
                   "out of memory normalizing a document of %zu bytes", doc_len);
}

rl_status text_analyze(arena *a, const intern *words, const char *doc, size_t doc_len,
                       const rl_zone_span *zones, size_t n_zones, text_doc *out,
                       rl_error *err)
{
    memset(out, 0, sizeof *out);
    out->doc = doc;
    out->doc_len = doc_len;
    rl_status st = text_normalize(a, doc, doc_len, &out->norm, err);
    if (st != RL_OK)
        return st;
    st = text_tokenize(a, words, out, err);
    if (st != RL_OK)
        return st;
    return text_split(a, out, zones, n_zones, err);
}
