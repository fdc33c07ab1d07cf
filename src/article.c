/*
 * article.c - finds masthead, headline, byline, body, pull-quote and footer
 * in a news page copied as plain text (see article.h).
 *
 * It works on paragraphs (runs of non-blank lines) with a few PCRE2 patterns
 * compiled once.  It must not modify the text, must not allocate more than
 * one array of paragraph bounds per call, and must never fail: when memory or
 * a pattern is missing it falls back to calling everything body.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "article.h"

#include <pcre2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Size limits of the short parts; a longer paragraph is body. */
#define ART_MASTHEAD_MAX 60u     /* bytes */
#define ART_MASTHEAD_WORDS 8u
#define ART_HEADLINE_MAX 300u
#define ART_HEADLINE_WORDS 40u
#define ART_BYLINE_MAX 200u
#define ART_BYLINE_LOOKAHEAD 3u  /* paragraphs after the headline */
#define ART_BOILER_MAX 120u
#define ART_PULLQUOTE_MAX 600u

const char *rl_zone_name(rl_zone z)
{
    switch (z) {
    case RL_ZONE_BODY: return "body";
    case RL_ZONE_HEADLINE: return "headline";
    case RL_ZONE_MASTHEAD: return "masthead";
    case RL_ZONE_BYLINE: return "byline";
    case RL_ZONE_PULLQUOTE: return "pullquote";
    case RL_ZONE_BOILERPLATE: return "boilerplate";
    case RL_ZONE_COUNT: break;
    }
    return "unknown";
}

/* ------------------------------------------------------------------ */
/* Patterns, compiled once per process                                 */
/* ------------------------------------------------------------------ */

enum { ART_RE_BYLINE, ART_RE_EMAIL, ART_RE_BOILER, ART_RE_PULLQUOTE, ART_RE_COUNT };

static const char *const article_patterns[ART_RE_COUNT] = {
    /* "- Robert Delaney ...", "By Jane Doe and John Roe": a dash or "By",
     * then a capitalised name */
    "^(?:[-\\x{2013}\\x{2014}\\x{2022}]\\s*|[Bb][Yy]\\s+)\\p{Lu}[\\p{L}'\\x{2019}.\\-]*"
    "(?:\\s+(?:\\p{Lu}[\\p{L}'\\x{2019}.\\-]*|and|de|van|von|da|bin))*",
    /* an e-mail address */
    "[A-Za-z0-9._%+\\-]+@[A-Za-z0-9\\-]+(?:\\.[A-Za-z0-9\\-]+)*\\.[A-Za-z]{2,}",
    /* footer lines of e-paper copies and news sites */
    "^(?:newspapers\\s+(?:in|from)\\s|copyright\\b|\\x{00A9}|\\(c\\)\\s|all rights reserved"
    "|subscribe\\b|read more\\b|read the full\\b|sign up\\b|follow us\\b|share (?:this|on)\\b"
    "|advertisement\\b|printed and distributed by\\b|pressreader|click here\\b"
    "|related (?:articles|stories|coverage)\\b|more from\\b|download the app\\b|get the app\\b"
    "|this (?:article|story) (?:appeared|was (?:first )?published)\\b)",
    /* a paragraph ending in a run of at least two ALL-CAPS words: the
     * speaker of a pull-quote, "... KURT CAMPBELL, U.S. DEPUTY SECRETARY OF STATE" */
    "(?:^|\\s)((?:\\p{Lu}[\\p{Lu}\\p{Pd}'\\x{2019}.]*,?[ \\t]+){1,12}\\p{Lu}[\\p{Lu}\\p{Pd}'\\x{2019}.]+)[ \\t\\r]*$",
};

static pcre2_code *article_re[ART_RE_COUNT];
static pthread_once_t article_re_once = PTHREAD_ONCE_INIT;

static void article_compile(void)
{
    for (int i = 0; i < ART_RE_COUNT; i++) {
        int ec;
        PCRE2_SIZE off;
        uint32_t opt = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
        if (i == ART_RE_BOILER)
            opt |= PCRE2_CASELESS;
        article_re[i] = pcre2_compile((PCRE2_SPTR)article_patterns[i], PCRE2_ZERO_TERMINATED,
                                      opt, &ec, &off, NULL);
        /* A NULL pattern (cannot happen with these literals) only disables
         * that test; pcre2_jit is not worth its start-up cost here. */
    }
}

/* Does pattern `re` match in s[0..n)?  *mstart gets the start of capture 1
 * (or of the match when there is no group). */
static int article_match(int re, pcre2_match_data *md, const char *s, size_t n,
                         size_t *mstart)
{
    if (!article_re[re] || !md)
        return 0;
    int rc = pcre2_match(article_re[re], (PCRE2_SPTR)s, n, 0, 0, md, NULL);
    if (rc < 0)
        return 0;
    if (mstart) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        *mstart = (rc > 1 && ov[2] != PCRE2_UNSET) ? (size_t)ov[2] : (size_t)ov[0];
    }
    return 1;
}

/* ------------------------------------------------------------------ */
/* Paragraphs                                                          */
/* ------------------------------------------------------------------ */

typedef struct art_para {
    size_t start, end; /* non-blank content, no trailing line end */
    size_t lines;
    rl_zone zone;
} art_para;

static int article_is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != '\v')
            return 0;
    }
    return 1;
}

/* Fill `p` (room for `max`) with the paragraphs of the text and return how
 * many; with p == NULL only count them. */
static size_t article_split(const char *text, size_t len, art_para *p, size_t max)
{
    size_t np = 0, pos = 0;
    int open = 0;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t le = nl ? (size_t)(nl - text) : len;
        if (article_is_blank(text + pos, le - pos)) {
            open = 0;
        } else {
            size_t e = le;
            while (e > pos && (text[e - 1] == '\r' || text[e - 1] == ' ' || text[e - 1] == '\t'))
                e--;
            if (open) {
                if (p) {
                    p[np - 1].end = e;
                    p[np - 1].lines++;
                }
            } else if (np < max) {
                if (p) {
                    size_t s = pos;
                    while (s < e && (text[s] == ' ' || text[s] == '\t'))
                        s++;
                    p[np].start = s;
                    p[np].end = e;
                    p[np].lines = 1;
                    p[np].zone = RL_ZONE_BODY;
                }
                np++;
                open = 1;
            }
        }
        pos = nl ? le + 1 : len;
    }
    return np;
}

static size_t article_words(const char *s, size_t n)
{
    size_t w = 0;
    int in = 0;
    for (size_t i = 0; i < n; i++) {
        int sp = s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r';
        if (!sp && !in)
            w++;
        in = !sp;
    }
    return w;
}

/* The last character of s[0..n) that is not a closing quote or bracket,
 * looking through UTF-8 closing quotes (U+2019, U+201D). */
static unsigned char article_last_mark(const char *s, size_t n)
{
    while (n > 0) {
        unsigned char c = (unsigned char)s[n - 1];
        if (c == '"' || c == '\'' || c == ')' || c == ']') {
            n--;
        } else if (n >= 3 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x80
                   && (c == 0x99 || c == 0x9D)) {
            n -= 3;
        } else {
            return c;
        }
    }
    return 0;
}

/* One line, short, no final period: a headline (or a masthead). */
static int article_headline_like(const char *text, const art_para *p)
{
    size_t n = p->end - p->start;
    if (p->lines != 1 || n == 0 || n > ART_HEADLINE_MAX)
        return 0;
    size_t w = article_words(text + p->start, n);
    if (w == 0 || w > ART_HEADLINE_WORDS)
        return 0;
    unsigned char last = article_last_mark(text + p->start, n);
    return last != '.' && last != ',' && last != ';' && last != ':';
}

static int article_masthead_like(const char *text, const art_para *p)
{
    size_t n = p->end - p->start;
    if (p->lines != 1 || n > ART_MASTHEAD_MAX
        || article_words(text + p->start, n) > ART_MASTHEAD_WORDS)
        return 0;
    unsigned char last = article_last_mark(text + p->start, n);
    return last != 0 && !strchr(".,;:!?", last);
}

static int article_has_email(const char *text, const art_para *p, pcre2_match_data *md)
{
    size_t n = p->end - p->start;
    return n <= ART_BYLINE_MAX && p->lines <= 2
           && article_match(ART_RE_EMAIL, md, text + p->start, n, NULL);
}

static int article_byline_like(const char *text, const art_para *p, pcre2_match_data *md)
{
    size_t n = p->end - p->start;
    if (n > ART_BYLINE_MAX || p->lines > 2)
        return 0;
    if (article_has_email(text, p, md))
        return 1;
    return article_last_mark(text + p->start, n) != '.'
           && article_match(ART_RE_BYLINE, md, text + p->start, n, NULL);
}

static int article_boiler_like(const char *text, const art_para *p, pcre2_match_data *md)
{
    size_t n = p->end - p->start;
    return n <= ART_BOILER_MAX && p->lines <= 2
           && article_match(ART_RE_BOILER, md, text + p->start, n, NULL);
}

static int article_pullquote_like(const char *text, const art_para *p, pcre2_match_data *md)
{
    size_t n = p->end - p->start, at = 0;
    if (n > ART_PULLQUOTE_MAX
        || !article_match(ART_RE_PULLQUOTE, md, text + p->start, n, &at))
        return 0;
    /* The quotation before the speaker is in ordinary case: a paragraph
     * all in capitals is a shouted headline, not a pull-quote. */
    for (size_t i = 0; i < at; i++)
        if (text[p->start + i] >= 'a' && text[p->start + i] <= 'z')
            return 1;
    return 0;
}

static void article_classify(const char *text, art_para *p, size_t np, pcre2_match_data *md)
{
    if (np < 2)
        return;
    size_t h = 0; /* first paragraph after the head */
    if (np >= 3 && article_masthead_like(text, &p[0]) && article_headline_like(text, &p[1])
        && !article_byline_like(text, &p[1], md)) {
        p[0].zone = RL_ZONE_MASTHEAD;
        p[1].zone = RL_ZONE_HEADLINE;
        h = 2;
    } else if (article_headline_like(text, &p[0]) && !article_byline_like(text, &p[0], md)) {
        p[0].zone = RL_ZONE_HEADLINE;
        h = 1;
    }
    for (size_t i = h; i < np; i++) {
        if (i < h + ART_BYLINE_LOOKAHEAD && article_byline_like(text, &p[i], md))
            p[i].zone = RL_ZONE_BYLINE;
        else if (article_has_email(text, &p[i], md))
            p[i].zone = RL_ZONE_BYLINE;
        else if (article_boiler_like(text, &p[i], md))
            p[i].zone = RL_ZONE_BOILERPLATE;
        else if (article_pullquote_like(text, &p[i], md))
            p[i].zone = RL_ZONE_PULLQUOTE;
    }
}

size_t article_zones(const char *text, size_t len, rl_zone_span *out, size_t max)
{
    if (!text || len == 0)
        return 0;
    size_t np = article_split(text, len, NULL, (size_t)-1); /* count first */
    if (np == 0)
        return 0;
    art_para *p = malloc(np * sizeof *p);
    if (!p) { /* no anatomy without memory: all body */
        if (max > 0) {
            out[0].zone = RL_ZONE_BODY;
            out[0].start = 0;
            out[0].end = len;
        }
        return 1;
    }
    np = article_split(text, len, p, np);
    pthread_once(&article_re_once, article_compile);
    pcre2_match_data *md = pcre2_match_data_create(4, NULL);
    article_classify(text, p, np, md);
    pcre2_match_data_free(md);
    for (size_t i = 0; i < np && i < max; i++) {
        out[i].zone = p[i].zone;
        out[i].start = i == 0 ? 0 : p[i].start;
        out[i].end = i + 1 < np ? p[i + 1].start : len;
    }
    free(p);
    return np;
}

static int article_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

const char *article_headline(const char *text, const rl_zone_span *zones, size_t n_zones,
                             size_t *len)
{
    for (size_t i = 0; i < n_zones; i++) {
        if (zones[i].zone != RL_ZONE_HEADLINE)
            continue;
        size_t s = zones[i].start, e = zones[i].end;
        while (s < e && article_space(text[s]))
            s++;
        while (e > s && article_space(text[e - 1]))
            e--;
        if (len)
            *len = e - s;
        return text + s;
    }
    if (len)
        *len = 0;
    return NULL;
}
