/*
 * fuzz_dash.c - libFuzzer target: any bytes as a dashboard query string
 * (split at '&' and '=', NULs and all, the way libmicrohttpd hands the
 * parameters over) through dash_parse_query, and as untrusted text through
 * html_text and html_url_part.
 *
 * Checks what the modules promise: accepted countries are [A-Z]{3}, dates
 * real, pages in bounds, texts short valid UTF-8; escaped text holds no
 * < > " ' and is valid UTF-8; a URL part only unreserved characters and %XX.
 * No database, no server.  Keeps no state between inputs.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "dash.h"
#include "html.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fz_country(const char *c)
{
    if (c[0] == '\0')
        return;
    for (int i = 0; i < 3; i++)
        if (c[i] < 'A' || c[i] > 'Z')
            abort();
    if (c[3] != '\0')
        abort();
}

static void fz_valid_utf8(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0)
            abort();
        i += (size_t)k;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    dash_kv kv[DASH_MAX_PARAMS + 2];
    size_t n = 0, pos = 0;
    while (pos <= size && n < DASH_MAX_PARAMS + 2) {
        const char *amp = memchr(s + pos, '&', size - pos);
        size_t end = amp ? (size_t)(amp - s) : size;
        const char *eq = memchr(s + pos, '=', end - pos);
        kv[n].key = s + pos;
        kv[n].key_len = eq ? (size_t)(eq - (s + pos)) : end - pos;
        kv[n].value = eq ? eq + 1 : NULL;
        kv[n].value_len = eq ? end - (size_t)(eq + 1 - s) : 0;
        n++;
        pos = end + 1;
    }
    dash_query q;
    rl_error err;
    if (dash_parse_query(kv, n, 0x1ffu, &q, &err) == RL_OK) {
        fz_country(q.a);
        fz_country(q.b);
        fz_country(q.country);
        if (q.page < 1 || q.page > DASH_MAX_PAGE || q.id < 0)
            abort();
        if ((q.from && (q.from < 10101 || q.from > 99991231)) || (q.to && q.to < q.from))
            abort();
        fz_valid_utf8(q.q, strlen(q.q));
        fz_valid_utf8(q.speaker, strlen(q.speaker));
    }

    html_buf b;
    html_init(&b, 16 * size + 64);
    html_text(&b, s, size);
    if (b.failed != RL_OK)
        abort(); /* 6 bytes per input byte at most */
    for (size_t i = 0; i < b.n; i++)
        if (b.p[i] == '<' || b.p[i] == '>' || b.p[i] == '"' || b.p[i] == '\'' || b.p[i] == '\0')
            abort();
    fz_valid_utf8(b.p, b.n);
    html_free(&b);

    html_init(&b, 3 * size + 64);
    html_url_part(&b, s, size);
    for (size_t i = 0; i < b.n; i++) {
        char c = b.p[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '.' || c == '_' || c == '~' || c == '%'))
            abort();
    }
    html_free(&b);
    return 0;
}
