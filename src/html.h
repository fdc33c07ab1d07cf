/*
 * html.h - a bounded output buffer for HTML pages, and the escaping every
 * piece of outside text goes through before it reaches a page.
 *
 * News text is untrusted: an article may hold "<script>", a quote may hold
 * '" onmouseover=', a speaker name may hold "&" or invalid UTF-8.  Nothing
 * from the database is ever appended with html_put(); it goes through
 * html_text() (element content and quoted attribute values alike), and
 * through html_url_part() first when it becomes part of a link.
 *
 * The buffer has a byte limit (curl dynbuf's "toobig"): when an append
 * would pass it, or malloc fails, the buffer keeps what it has, ignores
 * every later append and says so in `failed`; the caller checks once at the
 * end.  This module must not know what a page shows.
 */
#ifndef RL_HTML_H
#define RL_HTML_H

#include <stddef.h>

#include "error.h"

typedef struct html_buf {
    char *p;        /* NUL-terminated while not failed */
    size_t n, cap;  /* bytes used, bytes allocated */
    size_t max;     /* limit on n */
    rl_status failed; /* RL_OK, RL_ERR_TOOBIG or RL_ERR_NOMEM */
} html_buf;

/* An empty buffer that will hold at most `max` bytes. */
void html_init(html_buf *b, size_t max);
void html_free(html_buf *b);
/* Hand the bytes to the caller (free() them); the buffer is empty again.
 * NULL when the buffer failed. */
char *html_take(html_buf *b, size_t *len);

/* Trusted bytes: markup written by redline itself. */
void html_put(html_buf *b, const char *s, size_t n);
void html_puts(html_buf *b, const char *s);
void html_printf(html_buf *b, const char *fmt, ...) RL_PRINTF(2, 3);

/* Untrusted text, escaped for element content and for double- or
 * single-quoted attribute values: & < > " ' become entities; each invalid
 * UTF-8 byte, NUL and other C0/C1 control characters except tab, newline
 * and carriage return become U+FFFD.  Returns the number of code points
 * read (an invalid byte counts as one, as in rl_span offsets). */
size_t html_text(html_buf *b, const char *s, size_t n);
void html_texts(html_buf *b, const char *s); /* NUL-terminated; NULL is "" */

/* Percent-encode for a query-string value: everything except A-Z a-z 0-9
 * - . _ ~ becomes %XX.  The result is also safe inside an attribute. */
void html_url_part(html_buf *b, const char *s, size_t n);

/* Decode one UTF-8 code point of s[0..n) (n > 0): its length in bytes,
 * with *cp set; an invalid byte is 1 byte with *cp = 0xFFFD. */
size_t html_utf8_next(const char *s, size_t n, int *cp);

#endif
