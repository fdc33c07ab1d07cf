/*
 * output.c - writes coded events as JSONL lines or Phoenix-style TSV rows.
 *
 * Each event is assembled in a fixed stack buffer that is flushed to the
 * stream whenever it fills, so a field of any length is written whole and
 * nothing is allocated.  JSON escaping is done here by hand: quotes,
 * backslashes and control characters are escaped, valid UTF-8 passes through,
 * and any invalid byte becomes U+FFFD so every line is valid JSON.  This file
 * must not decide what an event is; it only prints what the coder gives it.
 */
#include "redline.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define OUT_BUF 8192

typedef struct out_buf {
    FILE *f;
    size_t n;
    int failed;
    char b[OUT_BUF];
} out_buf;

static void out_flush(out_buf *o)
{
    if (o->n && !o->failed && fwrite(o->b, 1, o->n, o->f) != o->n)
        o->failed = 1;
    o->n = 0;
}

static void out_put(out_buf *o, const char *s, size_t n)
{
    while (n > 0) {
        if (o->n == OUT_BUF)
            out_flush(o);
        size_t k = OUT_BUF - o->n;
        if (k > n)
            k = n;
        memcpy(o->b + o->n, s, k);
        o->n += k;
        s += k;
        n -= k;
    }
}

static void out_str(out_buf *o, const char *s)
{
    out_put(o, s, strlen(s));
}

static void out_ch(out_buf *o, char c)
{
    if (o->n == OUT_BUF)
        out_flush(o);
    o->b[o->n++] = c;
}

/* Length of the valid UTF-8 sequence at s[0..n), 0 when it is not one
 * (overlong forms, surrogates and code points past U+10FFFF are invalid). */
static size_t out_utf8_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F))
            return 0;
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        if ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F))
            return 0;
        return 4;
    }
    return 0;
}

/* A JSON string literal of s[0..n); NULL gives null. */
static void out_json_strn(out_buf *o, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    if (!s) {
        out_str(o, "null");
        return;
    }
    const unsigned char *p = (const unsigned char *)s;
    out_ch(o, '"');
    size_t run = 0; /* bytes p[i-run .. i) that need no escaping */
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            run++;
            i++;
            continue;
        }
        if (c >= 0x80) {
            size_t k = out_utf8_len(p + i, n - i);
            if (k) {
                run += k;
                i += k;
                continue;
            }
        }
        out_put(o, (const char *)p + i - run, run);
        run = 0;
        switch (c) {
        case '"': out_put(o, "\\\"", 2); break;
        case '\\': out_put(o, "\\\\", 2); break;
        case '\n': out_put(o, "\\n", 2); break;
        case '\r': out_put(o, "\\r", 2); break;
        case '\t': out_put(o, "\\t", 2); break;
        case '\b': out_put(o, "\\b", 2); break;
        case '\f': out_put(o, "\\f", 2); break;
        default:
            if (c < 0x20) {
                char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
                out_put(o, u, sizeof u);
            } else {
                out_put(o, "\\ufffd", 6); /* invalid UTF-8 byte */
            }
        }
        i++;
    }
    out_put(o, (const char *)p + n - run, run);
    out_ch(o, '"');
}

static void out_json_str(out_buf *o, const char *s)
{
    out_json_strn(o, s, s ? strlen(s) : 0);
}

static void out_size(out_buf *o, size_t v)
{
    char t[32];
    int k = snprintf(t, sizeof t, "%zu", v);
    out_put(o, t, (size_t)k);
}

static void out_int(out_buf *o, long v)
{
    char t[32];
    int k = snprintf(t, sizeof t, "%ld", v);
    out_put(o, t, (size_t)k);
}

/* One decimal; -0.0 prints as 0.0 and non-finite values as `bad`. */
static void out_score(out_buf *o, double v, const char *bad)
{
    if (!isfinite(v)) {
        out_str(o, bad);
        return;
    }
    char t[64];
    int k = snprintf(t, sizeof t, "%.1f", v);
    if (k >= 4 && strcmp(t, "-0.0") == 0)
        k = snprintf(t, sizeof t, "0.0");
    out_put(o, t, (size_t)k);
}

/* YYYYMMDD -> "YYYY-MM-DD" (dash) or "YYYYMMDD" (no dash); 0 when unknown. */
static size_t out_date(char *t, size_t cap, int date, int dash)
{
    if (date <= 0 || date > 99991231)
        return 0;
    int y = date / 10000, m = date / 100 % 100, d = date % 100;
    int k = dash ? snprintf(t, cap, "%04d-%02d-%02d", y, m, d)
                 : snprintf(t, cap, "%04d%02d%02d", y, m, d);
    return k > 0 ? (size_t)k : 0;
}

static void out_json_actor(out_buf *o, const rl_actor *a)
{
    out_str(o, "{\"text\": ");
    out_json_strn(o, a->span.text ? a->span.text : "", a->span.text ? a->span.len : 0);
    out_str(o, ", \"code\": ");
    out_json_str(o, a->code);
    out_str(o, ", \"country\": ");
    out_json_strn(o, a->country, strnlen(a->country, sizeof a->country));
    out_str(o, ", \"sector\": ");
    out_json_str(o, a->sector ? a->sector : "");
    out_str(o, ", \"start\": ");
    out_size(o, a->span.start);
    out_str(o, ", \"end\": ");
    out_size(o, a->span.end);
    out_ch(o, '}');
}

static void out_jsonl(out_buf *o, const rl_event *ev)
{
    char t[32];
    out_str(o, "{\"doc_id\": ");
    out_json_str(o, ev->doc ? ev->doc->id : NULL);
    out_str(o, ", \"sent\": ");
    out_int(o, ev->sent);
    out_str(o, ", \"date\": ");
    size_t k = out_date(t, sizeof t, ev->date, 1);
    if (k)
        out_json_strn(o, t, k);
    else
        out_str(o, "null");
    out_str(o, ", \"event\": ");
    out_json_str(o, ev->plover);
    out_str(o, ", \"mode\": ");
    out_json_str(o, ev->mode ? ev->mode : "");
    out_str(o, ", \"context\": ");
    out_json_str(o, ev->context ? ev->context : "");
    out_str(o, ", \"cameo\": ");
    out_json_str(o, ev->cameo);
    out_str(o, ", \"goldstein\": ");
    out_score(o, ev->goldstein, "null");
    out_str(o, ", \"quad\": ");
    out_int(o, ev->quad);
    out_str(o, ", \"source\": ");
    out_json_actor(o, &ev->source);
    out_str(o, ", \"target\": ");
    if (ev->has_target)
        out_json_actor(o, &ev->target);
    else
        out_str(o, "null");
    out_str(o, ", \"trigger\": {\"text\": ");
    out_json_strn(o, ev->trigger.text ? ev->trigger.text : "", ev->trigger.text ? ev->trigger.len : 0);
    out_str(o, ", \"start\": ");
    out_size(o, ev->trigger.start);
    out_str(o, ", \"end\": ");
    out_size(o, ev->trigger.end);
    out_str(o, "}, \"rule\": ");
    out_json_str(o, ev->rule);
    static const struct { unsigned bit; const char *name; } flag_names[] = {
        {RL_EV_NEGATED, "negated"},
        {RL_EV_HYPOTHETICAL, "hypothetical"},
        {RL_EV_FUTURE, "future"},
        {RL_EV_REPORTED, "reported"},
    };
    int first = 1;
    for (size_t i = 0; i < sizeof flag_names / sizeof flag_names[0]; i++) {
        if (!(ev->flags & flag_names[i].bit))
            continue;
        out_str(o, first ? ", \"flags\": [\"" : ", \"");
        out_str(o, flag_names[i].name);
        out_ch(o, '"');
        first = 0;
    }
    if (!first)
        out_ch(o, ']');
    if (ev->zone != RL_ZONE_BODY) {
        out_str(o, ", \"zone\": ");
        out_json_str(o, rl_zone_name(ev->zone));
    }
    out_str(o, ", \"sentence\": {\"start\": ");
    out_size(o, ev->sentence.start);
    out_str(o, ", \"end\": ");
    out_size(o, ev->sentence.end);
    out_str(o, "}}\n");
}

/* A TSV field: tabs and line ends become spaces, so each event stays one row. */
static void out_tsv_strn(out_buf *o, const char *s, size_t n)
{
    if (!s)
        return;
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\t' || c == '\n' || c == '\r' || c == '\0') {
            out_put(o, s + i - run, run);
            run = 0;
            out_ch(o, ' ');
        } else {
            run++;
        }
    }
    out_put(o, s + n - run, run);
}

static void out_tsv_str(out_buf *o, const char *s)
{
    out_tsv_strn(o, s, s ? strlen(s) : 0);
}

static void out_tsv(out_buf *o, const rl_event *ev)
{
    char t[32];
    out_put(o, t, out_date(t, sizeof t, ev->date, 0));
    out_ch(o, '\t');
    out_tsv_str(o, ev->source.code);
    out_ch(o, '\t');
    if (ev->has_target)
        out_tsv_str(o, ev->target.code);
    out_ch(o, '\t');
    out_tsv_str(o, ev->cameo);
    out_ch(o, '\t');
    out_int(o, ev->quad);
    out_ch(o, '\t');
    out_score(o, ev->goldstein, "");
    out_ch(o, '\t');
    out_tsv_str(o, ev->plover);
    out_ch(o, '\t');
    out_tsv_strn(o, ev->source.span.text, ev->source.span.text ? ev->source.span.len : 0);
    out_ch(o, '\t');
    if (ev->has_target)
        out_tsv_strn(o, ev->target.span.text, ev->target.span.text ? ev->target.span.len : 0);
    out_ch(o, '\t');
    out_tsv_strn(o, ev->trigger.text, ev->trigger.text ? ev->trigger.len : 0);
    out_ch(o, '\t');
    out_int(o, ev->sent);
    out_ch(o, '\t');
    out_tsv_str(o, ev->doc ? ev->doc->id : NULL);
    out_ch(o, '\t');
    out_tsv_str(o, ev->rule);
    out_ch(o, '\n');
}

rl_status rl_write_event(FILE *out, rl_out_format f, const rl_event *ev)
{
    if (!out || !ev || (f != RL_OUT_JSONL && f != RL_OUT_TSV))
        return RL_ERR_USAGE;
    out_buf o;
    o.f = out;
    o.n = 0;
    o.failed = 0;
    if (f == RL_OUT_JSONL)
        out_jsonl(&o, ev);
    else
        out_tsv(&o, ev);
    out_flush(&o);
    return o.failed || ferror(out) ? RL_ERR_IO : RL_OK;
}

void rl_write_tsv_header(FILE *out)
{
    if (out)
        fputs("#date\tsource\ttarget\tcameo\tquad\tgoldstein\tplover\tsource_text"
              "\ttarget_text\ttrigger\tsent\tdoc_id\trule\n",
              out);
}
