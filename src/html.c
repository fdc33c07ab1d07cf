/*
 * html.c - the bounded HTML output buffer and the escaping of outside text
 * (html.h).  Decoding goes through utf8proc, so "valid UTF-8" means the same
 * here as in the rest of redline.  This file must not decide what a page
 * shows; it only makes sure what it is given cannot become markup.
 */
#include "html.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

void html_init(html_buf *b, size_t max)
{
    b->p = NULL;
    b->n = b->cap = 0;
    b->max = max;
    b->failed = RL_OK;
}

void html_free(html_buf *b)
{
    free(b->p);
    html_init(b, b->max);
}

char *html_take(html_buf *b, size_t *len)
{
    char *p = NULL;
    if (b->failed == RL_OK) {
        if (b->p == NULL)
            html_put(b, "", 0); /* an empty page is still a string */
        p = b->p;
        if (len)
            *len = b->n;
        b->p = NULL;
    }
    html_free(b);
    return p;
}

/* Room for `extra` more bytes plus the NUL; 0 on success. */
static int html_reserve(html_buf *b, size_t extra)
{
    if (b->failed != RL_OK)
        return -1;
    if (extra > b->max - b->n) {
        b->failed = RL_ERR_TOOBIG;
        return -1;
    }
    size_t need = b->n + extra + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = realloc(b->p, cap);
    if (p == NULL) {
        b->failed = RL_ERR_NOMEM;
        return -1;
    }
    b->p = p;
    b->cap = cap;
    return 0;
}

void html_put(html_buf *b, const char *s, size_t n)
{
    if (html_reserve(b, n) != 0)
        return;
    if (n)
        memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

void html_puts(html_buf *b, const char *s)
{
    html_put(b, s, strlen(s));
}

void html_printf(html_buf *b, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (w < 0) {
        b->failed = RL_ERR_USAGE;
        return;
    }
    if ((size_t)w < sizeof small) {
        html_put(b, small, (size_t)w);
        return;
    }
    if (html_reserve(b, (size_t)w) != 0)
        return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->n, (size_t)w + 1, fmt, ap);
    va_end(ap);
    b->n += (size_t)w;
}

size_t html_utf8_next(const char *s, size_t n, int *cp)
{
    utf8proc_int32_t c = 0;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s,
                                          (utf8proc_ssize_t)(n < 4 ? n : 4), &c);
    if (k <= 0) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = (int)c;
    return (size_t)k;
}

size_t html_text(html_buf *b, const char *s, size_t n)
{
    size_t cps = 0, i = 0;
    if (s == NULL)
        return 0;
    while (i < n) {
        /* copy the longest run of plain ASCII in one call */
        size_t j = i;
        while (j < n) {
            unsigned char ch = (unsigned char)s[j];
            if (ch >= 0x80 || ch == '&' || ch == '<' || ch == '>' || ch == '"' ||
                ch == '\'' || (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') ||
                ch == 0x7F)
                break;
            j++;
        }
        if (j > i) {
            html_put(b, s + i, j - i);
            cps += j - i;
            i = j;
            continue;
        }
        int cp = 0;
        size_t k = html_utf8_next(s + i, n - i, &cp);
        switch (cp) {
        case '&': html_put(b, "&amp;", 5); break;
        case '<': html_put(b, "&lt;", 4); break;
        case '>': html_put(b, "&gt;", 4); break;
        case '"': html_put(b, "&quot;", 6); break;
        case '\'': html_put(b, "&#39;", 5); break;
        default:
            if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
                html_put(b, "\xEF\xBF\xBD", 3);
            else if (cp == 0xFFFD && k == 1)
                html_put(b, "\xEF\xBF\xBD", 3);
            else
                html_put(b, s + i, k);
        }
        i += k;
        cps++;
    }
    return cps;
}

void html_texts(html_buf *b, const char *s)
{
    if (s)
        html_text(b, s, strlen(s));
}

void html_url_part(html_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
            (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
            html_put(b, (const char *)&s[i], 1);
        } else {
            char e[3] = {'%', hex[ch >> 4], hex[ch & 15]};
            html_put(b, e, 3);
        }
    }
}
