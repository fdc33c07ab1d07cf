/*
 * input.c - document readers: a plain-text article, JSONL, PETRARCH XML.
 *
 * Every reader pulls from one bounded buffered stream and hands out rl_doc
 * values whose text is valid UTF-8 (text_sanitize).  Input is untrusted: a
 * line, record or article longer than max_doc_bytes is skipped and counted,
 * a malformed one is reported as "name:line[:col]: message" and skipped, and
 * the next call goes on with the next document.  PETRARCH XML is cut into one
 * <Sentence> at a time by a small scanner here and each piece is parsed by
 * libxml2 (recovering, no network, default limits), so one broken record
 * costs only itself.  This file must not tokenize, code or print anything.
 */
#include "input.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "article.h"
#include "error.h"
#include "text.h"

#define INPUT_DEFAULT_MAX ((size_t)64 << 20) /* bytes per document */
#define INPUT_PEEK ((size_t)64 << 10)        /* bytes looked at by autodetection */
#define INPUT_MAX_OWN 8                      /* strings owned by the current doc */
#define PETR_MAX_RECORDS ((size_t)10000000)
#define PETR_NAME_MAX 64                     /* longest XML name we compare */

/* ------------------------------------------------------------------ */
/* A bounded buffered stream                                           */
/* ------------------------------------------------------------------ */

typedef struct in_stream {
    FILE *f;
    unsigned char *b;
    size_t cap, pos, len;
    size_t max_cap; /* the buffer never grows past this */
    int eof, ioerr;
} in_stream;

static rl_status in_init(in_stream *s, FILE *f, size_t max_cap)
{
    memset(s, 0, sizeof *s);
    s->f = f;
    s->cap = INPUT_PEEK < max_cap ? INPUT_PEEK : max_cap;
    s->max_cap = max_cap;
    s->b = malloc(s->cap);
    return s->b ? RL_OK : RL_ERR_NOMEM;
}

static void in_fini(in_stream *s)
{
    free(s->b);
    s->b = NULL;
}

/* Move unread bytes to the front and read more into the free space. */
static void in_fill(in_stream *s)
{
    if (s->pos > 0) {
        memmove(s->b, s->b + s->pos, s->len - s->pos);
        s->len -= s->pos;
        s->pos = 0;
    }
    if (s->eof || s->len == s->cap)
        return;
    size_t got = fread(s->b + s->len, 1, s->cap - s->len, s->f);
    s->len += got;
    if (got == 0) {
        s->eof = 1;
        if (ferror(s->f))
            s->ioerr = 1;
    }
}

static int in_grow(in_stream *s)
{
    if (s->cap >= s->max_cap)
        return 0;
    size_t nc = s->cap > s->max_cap / 2 ? s->max_cap : s->cap * 2;
    unsigned char *nb = realloc(s->b, nc);
    if (!nb)
        return -1;
    s->b = nb;
    s->cap = nc;
    return 1;
}

static int in_getc(in_stream *s)
{
    if (s->pos == s->len) {
        s->pos = s->len = 0;
        in_fill(s);
        if (s->len == 0)
            return EOF;
    }
    return s->b[s->pos++];
}

/* Skip to just past the next '\n' (or to the end); returns bytes skipped. */
static size_t in_skip_line(in_stream *s)
{
    size_t n = 0;
    for (;;) {
        if (s->pos == s->len) {
            s->pos = s->len = 0;
            in_fill(s);
            if (s->len == 0)
                return n;
        }
        unsigned char *nl = memchr(s->b + s->pos, '\n', s->len - s->pos);
        if (nl) {
            size_t k = (size_t)(nl - (s->b + s->pos));
            s->pos += k + 1;
            return n + k;
        }
        n += s->len - s->pos;
        s->pos = s->len;
    }
}

/* The next line without its "\n" / "\r\n": *line points into the buffer and
 * stays valid until the next read.  A line longer than `max` bytes is
 * skipped: RL_ERR_TOOBIG with *len = its length.  RL_ERR_EOF at the end. */
static rl_status in_getline(in_stream *s, const char **line, size_t *len, size_t max)
{
    size_t scanned = 0;
    for (;;) {
        size_t avail = s->len - s->pos;
        unsigned char *start = s->b + s->pos;
        unsigned char *nl = memchr(start + scanned, '\n', avail - scanned);
        if (nl && (size_t)(nl - start) <= max) {
            size_t n = (size_t)(nl - start);
            s->pos += n + 1;
            if (n > 0 && start[n - 1] == '\r')
                n--;
            *line = (const char *)start;
            *len = n;
            return RL_OK;
        }
        if (nl || avail > max) { /* too long: drop the rest of the line */
            size_t n = nl ? (size_t)(nl - start) : avail;
            s->pos += nl ? n + 1 : n;
            if (!nl)
                n += in_skip_line(s);
            *len = n;
            return RL_ERR_TOOBIG;
        }
        scanned = avail;
        if (s->eof) {
            if (avail == 0)
                return s->ioerr ? RL_ERR_IO : RL_ERR_EOF;
            s->pos = s->len;
            if (avail > 0 && start[avail - 1] == '\r')
                avail--;
            *line = (const char *)start;
            *len = avail;
            return RL_OK;
        }
        if (s->pos == 0 && s->len == s->cap && in_grow(s) < 0)
            return RL_ERR_NOMEM;
        in_fill(s);
    }
}

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

static int input_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static int input_num(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

static int input_valid_ymd(int y, int m, int d)
{
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= mdays[m - 1];
}

/* "YYYY-MM-DD", "YYYYMMDD", either followed by 'T' or ' ' and a time.
 * Returns YYYYMMDD, or -1 when malformed. */
static int input_parse_date(const char *s, size_t n)
{
    int y, m, d;
    size_t used;
    if (n >= 10 && s[4] == '-' && s[7] == '-' && input_digits(s, 4) && input_digits(s + 5, 2)
        && input_digits(s + 8, 2)) {
        y = input_num(s, 4);
        m = input_num(s + 5, 2);
        d = input_num(s + 8, 2);
        used = 10;
    } else if (n >= 8 && input_digits(s, 8)) {
        y = input_num(s, 4);
        m = input_num(s + 4, 2);
        d = input_num(s + 6, 2);
        used = 8;
    } else {
        return -1;
    }
    if (used < n && s[used] != 'T' && s[used] != ' ')
        return -1;
    if (!input_valid_ymd(y, m, d))
        return -1;
    return y * 10000 + m * 100 + d;
}

static int input_is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Runs of ASCII white space -> one space, trimmed; malloc'd copy. */
static char *input_collapse(const char *s, size_t n, size_t *out_len)
{
    char *o = malloc(n + 1);
    if (!o)
        return NULL;
    size_t k = 0;
    int sp = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (input_is_space(c)) {
            sp = 1;
            continue;
        }
        if (sp && k > 0)
            o[k++] = ' ';
        sp = 0;
        o[k++] = (char)c;
    }
    o[k] = '\0';
    *out_len = k;
    return o;
}

/* Is s[0..n) valid UTF-8 without NUL bytes? (text_sanitize repairs it when not) */
static int input_utf8_ok(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c >= 0x01 && c < 0x80) {
            i++;
            continue;
        }
        size_t k;
        if (c >= 0xC2 && c <= 0xDF)
            k = 2;
        else if (c >= 0xE0 && c <= 0xEF)
            k = 3;
        else if (c >= 0xF0 && c <= 0xF4)
            k = 4;
        else
            return 0;
        if (n - i < k)
            return 0;
        for (size_t j = 1; j < k; j++)
            if ((s[i + j] & 0xC0) != 0x80)
                return 0;
        if ((c == 0xE0 && s[i + 1] < 0xA0) || (c == 0xED && s[i + 1] > 0x9F)
            || (c == 0xF0 && s[i + 1] < 0x90) || (c == 0xF4 && s[i + 1] > 0x8F))
            return 0;
        i += k;
    }
    return 1;
}

static const char *input_basename(const char *p)
{
    const char *b = strrchr(p, '/');
    return b && b[1] ? b + 1 : p;
}

/* ------------------------------------------------------------------ */
/* PETRARCH XML: cutting the stream into elements                     */
/* ------------------------------------------------------------------ */

typedef enum px_kind { PX_SENTENCE, PX_CONFIG, PX_ENVIRONMENT } px_kind;

typedef struct petr_scan {
    in_stream *in;
    const char *name;  /* for messages */
    size_t line;       /* current line, 1-based */
    size_t max;        /* longest element kept */
    char *buf;         /* the element being cut out, NUL-terminated */
    size_t len, cap;
    int toobig;
    int pending;       /* a <Sentence start tag was read inside the previous element */
    size_t pending_line;
    char pending_delim;
} petr_scan;

static int px_getc(petr_scan *ps)
{
    int c = in_getc(ps->in);
    if (c == '\n')
        ps->line++;
    return c;
}

static void px_put(petr_scan *ps, int c)
{
    if (ps->toobig)
        return;
    if (ps->len + 1 >= ps->cap) {
        if (ps->len >= ps->max) {
            ps->toobig = 1;
            return;
        }
        size_t nc = ps->cap ? ps->cap * 2 : 4096;
        if (nc > ps->max + 1)
            nc = ps->max + 1;
        char *nb = realloc(ps->buf, nc);
        if (!nb) {
            ps->toobig = 1; /* reported as too big: the limit we could afford */
            return;
        }
        ps->buf = nb;
        ps->cap = nc;
    }
    ps->buf[ps->len++] = (char)c;
}

static void px_puts(petr_scan *ps, const char *s)
{
    while (*s)
        px_put(ps, (unsigned char)*s++);
}

static int px_name_char(int c)
{
    return isalnum(c) || c == '_' || c == '-' || c == '.' || c == ':';
}

/* Read an XML name after '<' or "</" (the first character is `c`); the
 * character after it is returned, the name lands in nm. */
static int px_read_name(petr_scan *ps, int c, char *nm, size_t *nlen, int keep)
{
    *nlen = 0;
    while (c != EOF && px_name_char(c)) {
        if (*nlen < PETR_NAME_MAX)
            nm[(*nlen)++] = (char)c;
        if (keep)
            px_put(ps, c);
        c = px_getc(ps);
    }
    nm[*nlen] = '\0';
    return c;
}

/* Skip (keep == 0) or copy through the end marker `end` (e.g. "-->"). */
static int px_until(petr_scan *ps, const char *end, int keep)
{
    size_t el = strlen(end), m = 0;
    int c;
    while ((c = px_getc(ps)) != EOF) {
        if (keep)
            px_put(ps, c);
        if (c == (unsigned char)end[m]) {
            if (++m == el)
                return 0;
        } else {
            m = c == (unsigned char)end[0] ? 1 : 0;
        }
    }
    return -1;
}

/* Skip a tag's remainder up to '>' outside quotes. */
static int px_skip_tag(petr_scan *ps, int c, int keep)
{
    int q = 0;
    for (; c != EOF; c = px_getc(ps)) {
        if (keep)
            px_put(ps, c);
        if (q) {
            if (c == q)
                q = 0;
        } else if (c == '"' || c == '\'') {
            q = c;
        } else if (c == '>') {
            return 0;
        }
    }
    return -1;
}

static const char *px_kind_name(px_kind k)
{
    return k == PX_SENTENCE ? "Sentence" : k == PX_CONFIG ? "Config" : "Environment";
}

/* Copy the rest of an element whose start tag "<Name" + delim was read.
 * Returns RL_OK with the element in ps->buf, RL_ERR_TOOBIG, or RL_ERR_PARSE
 * (end of file, or a new <Sentence> before the end tag). */
static rl_status px_capture(petr_scan *ps, px_kind kind, int c, size_t start_line,
                            rl_error *err)
{
    const char *ename = px_kind_name(kind);
    char nm[PETR_NAME_MAX + 1];
    size_t nlen;
    /* the start tag: ends at '>' outside quotes; "/>" closes the element */
    int q = 0, prev = 0;
    for (;; c = px_getc(ps)) {
        if (c == EOF)
            goto eof;
        px_put(ps, c);
        if (q) {
            if (c == q)
                q = 0;
        } else if (c == '"' || c == '\'') {
            q = c;
        } else if (c == '>') {
            if (prev == '/')
                goto done;
            break;
        }
        if (!input_is_space((unsigned char)c))
            prev = c;
    }
    /* content, up to "</Name>" */
    while ((c = px_getc(ps)) != EOF) {
        if (c != '<') {
            px_put(ps, c);
            continue;
        }
        c = px_getc(ps);
        if (c == '!') {
            px_puts(ps, "<!");
            c = px_getc(ps);
            if (c == '-') {
                px_put(ps, c);
                if (px_until(ps, "-->", 1) < 0)
                    goto eof;
            } else if (c == '[') {
                px_put(ps, c);
                if (px_until(ps, "]]>", 1) < 0)
                    goto eof;
            } else if (c == EOF) {
                goto eof;
            } else {
                px_put(ps, c);
            }
            continue;
        }
        if (c == '/') {
            px_puts(ps, "</");
            c = px_read_name(ps, px_getc(ps), nm, &nlen, 1);
            if (strcmp(nm, ename) == 0) {
                if (px_skip_tag(ps, c, 1) < 0)
                    goto eof;
                goto done;
            }
            if (c == EOF)
                goto eof;
            px_put(ps, c);
            continue;
        }
        if (c == EOF)
            goto eof;
        size_t tag_line = ps->line;
        c = px_read_name(ps, c, nm, &nlen, 0);
        if (strcmp(nm, "Sentence") == 0 && (c == '>' || c == '/' || input_is_space((unsigned char)c))) {
            ps->pending = 1;
            ps->pending_line = tag_line;
            ps->pending_delim = (char)c;
            return err_set(err, RL_ERR_PARSE, ps->name, (long)start_line, 0,
                           "<%s> not closed before the <Sentence> on line %zu, skipped",
                           ename, tag_line);
        }
        px_put(ps, '<');
        px_puts(ps, nm);
        if (c == EOF)
            goto eof;
        px_put(ps, c);
    }
eof:
    return err_set(err, RL_ERR_PARSE, ps->name, (long)start_line, 0,
                   "end of file inside <%s> (truncated XML?), skipped", ename);
done:
    if (ps->toobig)
        return err_set(err, RL_ERR_TOOBIG, ps->name, (long)start_line, 0,
                       "<%s> longer than %zu bytes, skipped", ename, ps->max);
    ps->buf[ps->len] = '\0';
    return RL_OK;
}

/* The next <Sentence>, <Config> or <Environment> element, cut out into
 * ps->buf.  Comments, processing instructions and other tags between them
 * are skipped.  RL_ERR_EOF at the end. */
static rl_status px_next(petr_scan *ps, px_kind *kind, size_t *start_line, rl_error *err)
{
    char nm[PETR_NAME_MAX + 1];
    size_t nlen;
    int c;
    ps->len = 0;
    ps->toobig = 0;
    if (ps->pending) {
        ps->pending = 0;
        *kind = PX_SENTENCE;
        *start_line = ps->pending_line;
        px_puts(ps, "<Sentence");
        return px_capture(ps, PX_SENTENCE, (unsigned char)ps->pending_delim, *start_line, err);
    }
    for (;;) {
        c = px_getc(ps);
        if (c == EOF)
            return ps->in->ioerr ? err_set(err, RL_ERR_IO, ps->name, 0, 0, "read error")
                                 : RL_ERR_EOF;
        if (c != '<')
            continue;
        size_t line = ps->line;
        c = px_getc(ps);
        if (c == '!') {
            int c2 = px_getc(ps);
            if (c2 == '-')
                px_until(ps, "-->", 0);
            else if (c2 == '[')
                px_until(ps, "]]>", 0);
            else
                px_skip_tag(ps, c2, 0);
            continue;
        }
        if (c == '?') {
            px_until(ps, "?>", 0);
            continue;
        }
        if (c == '/' || c == EOF) {
            px_skip_tag(ps, c, 0);
            continue;
        }
        c = px_read_name(ps, c, nm, &nlen, 0);
        px_kind k;
        if (strcmp(nm, "Sentence") == 0)
            k = PX_SENTENCE;
        else if (strcmp(nm, "Config") == 0)
            k = PX_CONFIG;
        else if (strcmp(nm, "Environment") == 0)
            k = PX_ENVIRONMENT;
        else {
            px_skip_tag(ps, c, 0);
            continue;
        }
        if (!(c == '>' || c == '/' || input_is_space((unsigned char)c))) {
            px_skip_tag(ps, c, 0);
            continue;
        }
        *kind = k;
        *start_line = line;
        px_put(ps, '<');
        px_puts(ps, nm);
        return px_capture(ps, k, c, line, err);
    }
}

/* ------------------------------------------------------------------ */
/* PETRARCH XML: parsing one element with libxml2                     */
/* ------------------------------------------------------------------ */

typedef struct px_xml_err {
    int seen;
    int line;
    size_t base; /* file line of the element's first line */
    char msg[256];
} px_xml_err;

static void px_on_error(void *ud, xmlErrorPtr e)
{
    xmlParserCtxtPtr ctxt = ud;
    px_xml_err *xe = ctxt ? ctxt->_private : NULL;
    if (!xe || !e || xe->seen || e->level < XML_ERR_ERROR)
        return;
    xe->seen = 1;
    xe->line = e->line;
    if (e->code == XML_ERR_TAG_NAME_MISMATCH && e->str1 && e->str2 && e->int1 > 0)
        /* libxml2 counts lines within the element: say the file line */
        snprintf(xe->msg, sizeof xe->msg, "<%s> on line %zu closed by </%s>", e->str1,
                 xe->base + (size_t)e->int1 - 1, e->str2);
    else
        snprintf(xe->msg, sizeof xe->msg, "%s", e->message ? e->message : "malformed XML");
    size_t n = strlen(xe->msg);
    while (n > 0 && input_is_space((unsigned char)xe->msg[n - 1]))
        xe->msg[--n] = '\0';
}

/* Make a cut-out element safe for the XML parser: invalid UTF-8 and NUL
 * become U+FFFD (counted in *bad), other control characters a space, and a
 * bare '&' that starts no entity reference becomes "&amp;" (news text says
 * "AT&T").  Returns a malloc'd buffer or NULL (out of memory). */
static char *px_prepare(const char *s, size_t n, size_t *out_len, size_t *bad)
{
    char *clean = NULL;
    size_t cn = n;
    if (!input_utf8_ok((const unsigned char *)s, n)) {
        size_t b = 0;
        clean = text_sanitize(s, n, &cn, &b);
        if (!clean)
            return NULL;
        *bad += b;
        s = clean;
    }
    size_t amps = 0;
    for (size_t i = 0; i < cn; i++)
        if (s[i] == '&')
            amps++;
    char *o = malloc(cn + amps * 4 + 1);
    if (!o) {
        free(clean);
        return NULL;
    }
    size_t k = 0;
    for (size_t i = 0; i < cn; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            o[k++] = ' ';
        } else if (c == '&') {
            size_t j = i + 1;
            if (j < cn && s[j] == '#') {
                j++;
                if (j < cn && (s[j] == 'x' || s[j] == 'X')) {
                    j++;
                    while (j < cn && isxdigit((unsigned char)s[j]))
                        j++;
                } else {
                    while (j < cn && isdigit((unsigned char)s[j]))
                        j++;
                }
            } else {
                while (j < cn && j - i < 32 && (isalnum((unsigned char)s[j]) || s[j] == '_'))
                    j++;
            }
            int ref = j > i + 1 && j < cn && s[j] == ';' && s[i + 1] != ';';
            memcpy(o + k, ref ? "&" : "&amp;", ref ? 1 : 5);
            k += ref ? 1 : 5;
        } else {
            o[k++] = (char)c;
        }
    }
    o[k] = '\0';
    free(clean);
    *out_len = k;
    return o;
}

/* Parse one cut-out element.  On error returns NULL with err set to
 * "name:line: XML: message", the line counted in the file. */
static xmlDocPtr px_parse(petr_scan *ps, size_t start_line, size_t *bad, rl_error *err)
{
    size_t n;
    char *src = px_prepare(ps->buf, ps->len, &n, bad);
    if (!src) {
        err_set(err, RL_ERR_NOMEM, ps->name, (long)start_line, 0, "out of memory");
        return NULL;
    }
    if (n > INT_MAX) {
        free(src);
        err_set(err, RL_ERR_TOOBIG, ps->name, (long)start_line, 0, "XML element too large");
        return NULL;
    }
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        free(src);
        err_set(err, RL_ERR_NOMEM, ps->name, (long)start_line, 0, "out of memory");
        return NULL;
    }
    px_xml_err xe = {0, 0, start_line, ""};
    ctxt->_private = &xe;
    ctxt->sax->serror = px_on_error;
    xmlDocPtr d = xmlCtxtReadMemory(ctxt, src, (int)n, NULL, "UTF-8",
                                    XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR
                                        | XML_PARSE_NOWARNING);
    xmlFreeParserCtxt(ctxt);
    free(src);
    if (xe.seen || !d || !xmlDocGetRootElement(d)) {
        long line = (long)start_line + (xe.line > 0 ? xe.line - 1 : 0);
        err_set(err, RL_ERR_PARSE, ps->name, line, 0, "XML: %s, record skipped",
                xe.seen ? xe.msg : "no element");
        xmlFreeDoc(d);
        return NULL;
    }
    return d;
}

static int px_is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* Attribute value as a malloc'd string (xmlFree'd here), or NULL. */
static char *px_prop(xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *s = strdup((const char *)v);
    xmlFree(v);
    return s;
}

static int px_date(xmlNodePtr n)
{
    char *d = px_prop(n, "date");
    int v = 0;
    if (d) {
        size_t l = strlen(d);
        v = l == 8 ? input_parse_date(d, l) : -1;
        if (v < 0)
            v = 0;
        free(d);
    }
    return v;
}

/* The <Text> of a <Sentence>, whitespace collapsed (malloc'd), or NULL. */
static char *px_text(xmlNodePtr sent, size_t *len)
{
    for (xmlNodePtr c = sent->children; c; c = c->next) {
        if (!px_is(c, "Text"))
            continue;
        xmlChar *t = xmlNodeGetContent(c);
        if (!t)
            return NULL;
        char *s = input_collapse((const char *)t, strlen((const char *)t), len);
        xmlFree(t);
        return s;
    }
    return NULL;
}

/* ------------------------------------------------------------------ */
/* The reader                                                          */
/* ------------------------------------------------------------------ */

struct rl_reader {
    in_stream in;
    rl_format format;
    char *name;     /* for messages */
    char *doc_name; /* id of a text article */
    int default_date;
    size_t max;
    size_t line;    /* JSONL: lines read */
    int done;
    rl_reader_stats st;
    rl_doc doc;
    char *own[INPUT_MAX_OWN];
    size_t n_own;
    rl_zone_span *zones;
    size_t zones_cap;
    char origin[64 + PETR_NAME_MAX];
    petr_scan px;
};

static void reader_drop_doc(rl_reader *r)
{
    for (size_t i = 0; i < r->n_own; i++)
        free(r->own[i]);
    r->n_own = 0;
    memset(&r->doc, 0, sizeof r->doc);
}

/* The current document owns s (freed by the next rl_reader_next). */
static char *reader_keep(rl_reader *r, char *s)
{
    if (!s)
        return NULL;
    if (r->n_own == INPUT_MAX_OWN) { /* cannot happen: a doc has at most 6 strings */
        free(s);
        return NULL;
    }
    r->own[r->n_own++] = s;
    return s;
}

/* A sanitized, owned copy of s[0..n); bad bytes are counted. */
static const char *reader_str(rl_reader *r, const char *s, size_t n, size_t *out_len)
{
    size_t len = 0, bad = 0;
    char *c = text_sanitize(s, n, &len, &bad);
    if (!c)
        return NULL;
    r->doc.bad_bytes += bad;
    r->st.bad_bytes += bad;
    if (out_len)
        *out_len = len;
    return reader_keep(r, c);
}

static void reader_origin(rl_reader *r, size_t line)
{
    int k = snprintf(r->origin, sizeof r->origin, "%s:%zu", r->name, line);
    if (k < 0 || (size_t)k >= sizeof r->origin) /* long names: keep the tail */
        snprintf(r->origin, sizeof r->origin, "...%s:%zu",
                 r->name + strlen(r->name) - (sizeof r->origin / 2), line);
    r->doc.origin = r->origin;
}

static rl_format reader_detect(in_stream *s)
{
    while (!s->eof && s->len < s->cap)
        in_fill(s);
    size_t i = 0;
    if (s->len >= 3 && s->b[0] == 0xEF && s->b[1] == 0xBB && s->b[2] == 0xBF)
        i = 3; /* UTF-8 byte order mark */
    while (i < s->len && input_is_space(s->b[i]))
        i++;
    if (i < s->len && s->b[i] == '{')
        return RL_IN_JSONL;
    if (i < s->len && s->b[i] == '<') {
        static const char *const marks[] = {"<Sentence", "<Validation"};
        for (size_t m = 0; m < 2; m++) {
            size_t ml = strlen(marks[m]);
            for (size_t j = i; j + ml <= s->len; j++) {
                const unsigned char *p = memchr(s->b + j, '<', s->len - j);
                if (!p)
                    break;
                j = (size_t)(p - s->b);
                if (j + ml <= s->len && memcmp(p, marks[m], ml) == 0)
                    return RL_IN_PETRARCH;
            }
        }
    }
    return RL_IN_TEXT;
}

rl_status rl_reader_open(rl_reader **out, FILE *in, const char *name,
                         const rl_reader_opts *opts, rl_error *err)
{
    if (!out || !in)
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "rl_reader_open: no stream");
    *out = NULL;
    rl_format fmt = opts ? opts->format : RL_IN_AUTO;
    if (fmt != RL_IN_AUTO && fmt != RL_IN_TEXT && fmt != RL_IN_JSONL && fmt != RL_IN_PETRARCH)
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "unknown input format %d", (int)fmt);
    int dd = opts ? opts->default_date : 0;
    if (dd != 0 && !input_valid_ymd(dd / 10000, dd / 100 % 100, dd % 100))
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "bad default date %d (want YYYYMMDD)", dd);
    rl_reader *r = calloc(1, sizeof *r);
    if (!r)
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if (!name || strcmp(name, "-") == 0)
        name = "stdin";
    r->name = strdup(name);
    r->doc_name = strdup(input_basename(name));
    r->default_date = dd;
    r->max = opts && opts->max_doc_bytes ? opts->max_doc_bytes : INPUT_DEFAULT_MAX;
    if (r->max > (size_t)INT_MAX - 64)
        r->max = (size_t)INT_MAX - 64; /* libxml2 and jansson take int sizes */
    if (!r->name || !r->doc_name || in_init(&r->in, in, r->max + 1) != RL_OK) {
        rl_reader_close(r);
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    r->format = fmt == RL_IN_AUTO ? reader_detect(&r->in) : fmt;
    r->px.in = &r->in;
    r->px.name = r->name;
    r->px.line = 1;
    r->px.max = r->max;
    if (r->format == RL_IN_PETRARCH)
        xmlInitParser();
    *out = r;
    return RL_OK;
}

/* One JSON string member as a sanitized copy; absent or null -> NULL, and
 * so is an optional member that is not a string. */
static rl_status reader_json_member(rl_reader *r, json_t *obj, const char *key, int required,
                                    const char **out, size_t *out_len, rl_error *err)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v || json_is_null(v)) {
        if (required)
            return err_set(err, RL_ERR_PARSE, r->name, (long)r->line, 0,
                           "missing \"%s\" (a string), document skipped", key);
        return RL_OK;
    }
    if (!json_is_string(v)) {
        /* optional metadata of another shape (PLOVER gold has "source" as a
         * list of actors) is ignored; only the text must be a string */
        if (!required)
            return RL_OK;
        return err_set(err, RL_ERR_PARSE, r->name, (long)r->line, 0,
                       "\"%s\" must be a string, document skipped", key);
    }
    *out = reader_str(r, json_string_value(v), json_string_length(v), out_len);
    if (!*out)
        return err_set(err, RL_ERR_NOMEM, r->name, (long)r->line, 0, "out of memory");
    return RL_OK;
}

static rl_status reader_json_doc(rl_reader *r, const char *line, size_t len, rl_error *err)
{
    /* Raw invalid UTF-8 or NUL bytes would make the whole line bad JSON:
     * repair them first (they can only sit inside strings to be valid). */
    char *fixed = NULL;
    if (!input_utf8_ok((const unsigned char *)line, len)) {
        size_t fl = 0, bad = 0;
        fixed = text_sanitize(line, len, &fl, &bad);
        if (!fixed)
            return err_set(err, RL_ERR_NOMEM, r->name, (long)r->line, 0, "out of memory");
        r->st.bad_bytes += bad;
        r->doc.bad_bytes += bad;
        line = fixed;
        len = fl;
    }
    json_error_t je;
    json_t *obj = json_loadb(line, len, JSON_ALLOW_NUL, &je);
    free(fixed);
    if (!obj)
        return err_set(err, RL_ERR_PARSE, r->name, (long)r->line, je.column > 0 ? je.column : 1,
                       "bad JSON: %s, document skipped", je.text);
    rl_status st = RL_OK;
    if (!json_is_object(obj)) {
        st = err_set(err, RL_ERR_PARSE, r->name, (long)r->line, 0,
                     "expected a JSON object, document skipped");
        goto out;
    }
    size_t tl = 0;
    if ((st = reader_json_member(r, obj, "text", 1, &r->doc.text, &tl, err)) != RL_OK)
        goto out;
    r->doc.text_len = tl;
    if ((st = reader_json_member(r, obj, "title", 0, &r->doc.title, NULL, err)) != RL_OK
        || (st = reader_json_member(r, obj, "url", 0, &r->doc.url, NULL, err)) != RL_OK
        || (st = reader_json_member(r, obj, "source", 0, &r->doc.source, NULL, err)) != RL_OK)
        goto out;
    json_t *id = json_object_get(obj, "id");
    if (json_is_integer(id)) {
        char t[32];
        snprintf(t, sizeof t, "%lld", (long long)json_integer_value(id));
        r->doc.id = reader_str(r, t, strlen(t), NULL);
    } else if (json_is_string(id) && json_string_length(id) > 0) {
        r->doc.id = reader_str(r, json_string_value(id), json_string_length(id), NULL);
    } else if (id && !json_is_null(id)) {
        st = err_set(err, RL_ERR_PARSE, r->name, (long)r->line, 0,
                     "\"id\" must be a string or an integer, document skipped");
        goto out;
    } else {
        r->doc.id = r->origin; /* "name:line" */
    }
    json_t *date = json_object_get(obj, "date");
    r->doc.date = r->default_date;
    if (json_is_string(date) && json_string_length(date) > 0) {
        int d = input_parse_date(json_string_value(date), json_string_length(date));
        if (d < 0) {
            st = err_set(err, RL_ERR_PARSE, r->name, (long)r->line, 0,
                         "bad \"date\" \"%.40s\" (want YYYY-MM-DD), document skipped",
                         json_string_value(date));
            goto out;
        }
        r->doc.date = d;
    } else if (json_is_integer(date)) {
        json_int_t v = json_integer_value(date);
        if (v < 10000101 || v > 99991231
            || !input_valid_ymd((int)(v / 10000), (int)(v / 100 % 100), (int)(v % 100))) {
            st = err_set(err, RL_ERR_PARSE, r->name, (long)r->line, 0,
                         "bad \"date\" %lld (want YYYYMMDD), document skipped", (long long)v);
            goto out;
        }
        r->doc.date = (int)v;
    } else if (date && !json_is_null(date) && !json_is_string(date)) {
        st = err_set(err, RL_ERR_PARSE, r->name, (long)r->line, 0,
                     "\"date\" must be a string, document skipped");
        goto out;
    }
    if (!r->doc.id)
        st = err_set(err, RL_ERR_NOMEM, r->name, (long)r->line, 0, "out of memory");
out:
    json_decref(obj);
    return st;
}

static rl_status reader_next_jsonl(rl_reader *r, rl_error *err)
{
    for (;;) {
        const char *line;
        size_t len;
        rl_status st = in_getline(&r->in, &line, &len, r->max);
        if (st == RL_ERR_EOF)
            return RL_ERR_EOF;
        if (st == RL_ERR_IO)
            return err_set(err, RL_ERR_IO, r->name, (long)r->line, 0, "read error");
        if (st == RL_ERR_NOMEM)
            return err_set(err, RL_ERR_NOMEM, r->name, (long)r->line + 1, 0, "out of memory");
        r->line++;
        if (st == RL_ERR_TOOBIG)
            return err_set(err, RL_ERR_TOOBIG, r->name, (long)r->line, 0,
                           "line longer than %zu bytes, skipped", r->max);
        if (r->line == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
            line += 3; /* UTF-8 byte order mark */
            len -= 3;
        }
        size_t i = 0;
        while (i < len && input_is_space((unsigned char)line[i]))
            i++;
        if (i == len)
            continue; /* blank line */
        reader_origin(r, r->line);
        return reader_json_doc(r, line, len, err);
    }
}

static rl_status reader_next_text(rl_reader *r, rl_error *err)
{
    if (r->done)
        return RL_ERR_EOF;
    r->done = 1;
    in_stream *s = &r->in;
    for (;;) { /* the whole stream, up to max bytes */
        if (s->len == s->cap) {
            int g = in_grow(s);
            if (g < 0)
                return err_set(err, RL_ERR_NOMEM, r->name, 0, 0, "out of memory");
            if (g == 0)
                break;
        }
        if (s->eof)
            break;
        in_fill(s);
    }
    if (s->len > r->max) {
        while (!s->eof) {
            s->pos = s->len = 0;
            in_fill(s);
        }
        return err_set(err, RL_ERR_TOOBIG, r->name, 0, 0,
                       "text longer than %zu bytes, skipped", r->max);
    }
    if (s->ioerr)
        return err_set(err, RL_ERR_IO, r->name, 0, 0, "read error");
    size_t i = s->pos;
    while (i < s->len && input_is_space(s->b[i]))
        i++;
    if (i == s->len)
        return RL_ERR_EOF; /* empty article: no document */
    size_t tl = 0;
    const unsigned char *t = s->b + s->pos;
    size_t n = s->len - s->pos;
    if (n >= 3 && t[0] == 0xEF && t[1] == 0xBB && t[2] == 0xBF) {
        t += 3;
        n -= 3;
    }
    r->doc.text = reader_str(r, (const char *)t, n, &tl);
    s->pos = s->len;
    if (!r->doc.text)
        return err_set(err, RL_ERR_NOMEM, r->name, 0, 0, "out of memory");
    r->doc.text_len = tl;
    r->doc.id = r->doc_name;
    r->doc.date = r->default_date;
    reader_origin(r, 1);
    size_t nz = article_zones(r->doc.text, tl, r->zones, r->zones_cap);
    if (nz > r->zones_cap) {
        rl_zone_span *z = realloc(r->zones, nz * sizeof *z);
        if (!z)
            return err_set(err, RL_ERR_NOMEM, r->name, 0, 0, "out of memory");
        r->zones = z;
        r->zones_cap = nz;
        nz = article_zones(r->doc.text, tl, r->zones, r->zones_cap);
    }
    r->doc.zones = nz ? r->zones : NULL;
    r->doc.n_zones = nz;
    return RL_OK;
}

static rl_status reader_next_petr(rl_reader *r, rl_error *err)
{
    for (;;) {
        px_kind kind;
        size_t line;
        rl_status st = px_next(&r->px, &kind, &line, err);
        if (st != RL_OK)
            return st;
        if (kind != PX_SENTENCE)
            continue;
        size_t bad = 0;
        xmlDocPtr d = px_parse(&r->px, line, &bad, err);
        r->st.bad_bytes += bad;
        if (!d)
            return err ? err->status : RL_ERR_PARSE;
        xmlNodePtr s = xmlDocGetRootElement(d);
        size_t tl = 0;
        char *text = px_text(s, &tl);
        if (!text) {
            xmlFreeDoc(d);
            return err_set(err, RL_ERR_PARSE, r->name, (long)line, 0,
                           "<Sentence> without <Text>, skipped");
        }
        reader_keep(r, text);
        r->doc.text = text;
        r->doc.text_len = tl;
        r->doc.bad_bytes = bad;
        reader_origin(r, line);
        char *id = reader_keep(r, px_prop(s, "id"));
        r->doc.id = id && *id ? id : r->origin;
        r->doc.source = reader_keep(r, px_prop(s, "source"));
        int date = px_date(s);
        r->doc.date = date ? date : r->default_date;
        xmlFreeDoc(d);
        return RL_OK;
    }
}

rl_status rl_reader_next(rl_reader *r, const rl_doc **doc, rl_error *err)
{
    if (!r || !doc)
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "rl_reader_next: no reader");
    *doc = NULL;
    reader_drop_doc(r);
    rl_status st;
    switch (r->format) {
    case RL_IN_JSONL: st = reader_next_jsonl(r, err); break;
    case RL_IN_PETRARCH: st = reader_next_petr(r, err); break;
    default: st = reader_next_text(r, err); break;
    }
    if (st == RL_OK) {
        r->st.docs++;
        *doc = &r->doc;
        return RL_OK;
    }
    reader_drop_doc(r);
    if (st == RL_ERR_PARSE || st == RL_ERR_TOOBIG)
        r->st.skipped++;
    else if (st == RL_ERR_EOF)
        err_clear(err);
    return st;
}

void rl_reader_stats_get(const rl_reader *r, rl_reader_stats *st)
{
    if (!st)
        return;
    if (r)
        *st = r->st;
    else
        memset(st, 0, sizeof *st);
}

rl_format rl_reader_format(const rl_reader *r)
{
    return r ? r->format : RL_IN_AUTO;
}

void rl_reader_close(rl_reader *r)
{
    if (!r)
        return;
    reader_drop_doc(r);
    in_fini(&r->in);
    free(r->px.buf);
    free(r->zones);
    free(r->name);
    free(r->doc_name);
    free(r);
}

/* ------------------------------------------------------------------ */
/* PETRARCH validation files for the evaluator                         */
/* ------------------------------------------------------------------ */

/* An arena copy of a malloc'd string, which is freed; NULL stays NULL. */
static const char *petr_own(petr_env *env, char *s, int *oom)
{
    if (!s)
        return NULL;
    char *c = arena_strndup(&env->mem, s, strlen(s));
    free(s);
    if (!c)
        *oom = 1;
    return c;
}

static rl_status petr_add_config(petr_env *env, xmlNodePtr n, size_t line, size_t *cap)
{
    int oom = 0;
    if (env->n_config == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        petr_config *c = realloc(env->config, nc * sizeof *c);
        if (!c)
            return RL_ERR_NOMEM;
        env->config = c;
        *cap = nc;
    }
    petr_config *c = &env->config[env->n_config];
    c->option = petr_own(env, px_prop(n, "option"), &oom);
    c->value = petr_own(env, px_prop(n, "value"), &oom);
    c->line = line;
    if (oom)
        return RL_ERR_NOMEM;
    if (!c->option)
        c->option = "";
    if (!c->value)
        c->value = "";
    env->n_config++;
    return RL_OK;
}

static const char *petr_node_text(petr_env *env, xmlNodePtr n, int *oom)
{
    xmlChar *t = xmlNodeGetContent(n);
    if (!t) {
        *oom = 1;
        return NULL;
    }
    size_t l;
    char *s = input_collapse((const char *)t, strlen((const char *)t), &l);
    xmlFree(t);
    if (!s) {
        *oom = 1;
        return NULL;
    }
    return petr_own(env, s, oom);
}

static rl_status petr_environment(petr_env *env, xmlNodePtr root, size_t line, size_t *ccap,
                                  size_t *acap)
{
    int oom = 0;
    for (xmlNodePtr c = root->children; c && !oom; c = c->next) {
        if (px_is(c, "Verbfile"))
            env->verbfile = petr_node_text(env, c, &oom);
        else if (px_is(c, "Agentfile"))
            env->agentfile = petr_node_text(env, c, &oom);
        else if (px_is(c, "Discardfile"))
            env->discardfile = petr_node_text(env, c, &oom);
        else if (px_is(c, "Actorfile")) {
            if (env->n_actorfiles == *acap) {
                size_t nc = *acap ? *acap * 2 : 4;
                const char **a = realloc(env->actorfiles, nc * sizeof *a);
                if (!a)
                    return RL_ERR_NOMEM;
                env->actorfiles = a;
                *acap = nc;
            }
            const char *f = petr_node_text(env, c, &oom);
            if (f)
                env->actorfiles[env->n_actorfiles++] = f;
        } else if (px_is(c, "Config")) {
            if (petr_add_config(env, c, line + (size_t)(c->line > 0 ? c->line - 1 : 0), ccap)
                != RL_OK)
                return RL_ERR_NOMEM;
        }
    }
    return oom ? RL_ERR_NOMEM : RL_OK;
}

static rl_status petr_record_from(petr_env *env, xmlNodePtr s, petr_record *rec, size_t line,
                                  const char *path)
{
    int oom = 0;
    memset(rec, 0, sizeof *rec);
    rec->line = line;
    rec->n_config = env->n_config;
    rec->id = petr_own(env, px_prop(s, "id"), &oom);
    if (!rec->id || !*rec->id) {
        char t[64];
        snprintf(t, sizeof t, "%.40s:%zu", input_basename(path), line);
        rec->id = arena_strndup(&env->mem, t, strlen(t));
    }
    rec->category = petr_own(env, px_prop(s, "category"), &oom);
    if (!rec->category)
        rec->category = "";
    rec->date = px_date(s);
    size_t tl;
    rec->text = petr_own(env, px_text(s, &tl), &oom);
    size_t nc = 0;
    for (xmlNodePtr c = s->children; c; c = c->next)
        if (px_is(c, "EventCoding"))
            nc++;
    if (nc) {
        rec->codings = arena_alloc(&env->mem, nc * sizeof *rec->codings);
        if (!rec->codings)
            return RL_ERR_NOMEM;
    }
    for (xmlNodePtr c = s->children; c; c = c->next) {
        if (!px_is(c, "EventCoding"))
            continue;
        char *ne = px_prop(c, "noevents");
        if (ne) {
            if (strcasecmp(ne, "true") == 0)
                rec->noevents = 1;
            free(ne);
        }
        char *e = px_prop(c, "error");
        if (e) {
            rec->error = petr_own(env, e, &oom);
            continue;
        }
        const char *src = petr_own(env, px_prop(c, "sourcecode"), &oom);
        const char *tgt = petr_own(env, px_prop(c, "targetcode"), &oom);
        const char *code = petr_own(env, px_prop(c, "eventcode"), &oom);
        if (!src && !tgt && !code)
            continue;
        petr_coding *pc = &rec->codings[rec->n_codings++];
        pc->src = src ? src : "";
        pc->tgt = tgt ? tgt : "";
        pc->code = code ? code : "";
    }
    if (!rec->id || oom)
        return RL_ERR_NOMEM;
    return RL_OK;
}

void petr_free(petr_record *recs, petr_env *env)
{
    free(recs);
    if (env) {
        free(env->actorfiles);
        free(env->config);
        arena_free(&env->mem);
        memset(env, 0, sizeof *env);
    }
}

rl_status petr_read_file(const char *path, petr_record **recs, size_t *n, petr_env *env,
                         rl_error *err)
{
    if (!path || !recs || !n || !env)
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "petr_read_file: missing argument");
    *recs = NULL;
    *n = 0;
    memset(env, 0, sizeof *env);
    arena_init(&env->mem, 0);
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_set(err, RL_ERR_IO, path, 0, 0, "cannot open: %s", strerror(errno));
    xmlInitParser();
    in_stream in;
    petr_scan ps;
    memset(&ps, 0, sizeof ps);
    rl_status st = in_init(&in, f, INPUT_PEEK);
    ps.in = &in;
    ps.name = path;
    ps.line = 1;
    ps.max = INPUT_DEFAULT_MAX;
    petr_record *r = NULL;
    size_t nr = 0, rcap = 0, ccap = 0, acap = 0;
    if (st != RL_OK) {
        err_set(err, st, path, 0, 0, "out of memory");
        goto fail;
    }
    for (;;) {
        px_kind kind;
        size_t line, bad = 0;
        st = px_next(&ps, &kind, &line, err);
        if (st == RL_ERR_EOF)
            break;
        if (st != RL_OK)
            goto fail;
        xmlDocPtr d = px_parse(&ps, line, &bad, err);
        if (!d) {
            st = err ? err->status : RL_ERR_PARSE;
            goto fail;
        }
        xmlNodePtr root = xmlDocGetRootElement(d);
        if (kind == PX_CONFIG) {
            st = petr_add_config(env, root, line, &ccap);
        } else if (kind == PX_ENVIRONMENT) {
            st = petr_environment(env, root, line, &ccap, &acap);
        } else if (nr == PETR_MAX_RECORDS) {
            st = err_set(err, RL_ERR_TOOBIG, path, (long)line, 0, "more than %zu records",
                         PETR_MAX_RECORDS);
        } else {
            if (nr == rcap) {
                size_t nc = rcap ? rcap * 2 : 256;
                petr_record *nrp = realloc(r, nc * sizeof *nrp);
                if (!nrp) {
                    st = RL_ERR_NOMEM;
                } else {
                    r = nrp;
                    rcap = nc;
                }
            }
            if (st == RL_OK)
                st = petr_record_from(env, root, &r[nr], line, path);
            if (st == RL_OK && !r[nr].text)
                st = err_set(err, RL_ERR_PARSE, path, (long)line, 0, "<Sentence> without <Text>");
            if (st == RL_OK)
                nr++;
        }
        xmlFreeDoc(d);
        if (st == RL_ERR_NOMEM)
            err_set(err, st, path, (long)line, 0, "out of memory");
        if (st != RL_OK)
            goto fail;
    }
    in_fini(&in);
    free(ps.buf);
    fclose(f);
    *recs = r;
    *n = nr;
    return RL_OK;
fail:
    in_fini(&in);
    free(ps.buf);
    fclose(f);
    petr_free(r, env);
    return st;
}
