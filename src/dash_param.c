/*
 * dash_param.c - checks the query parameters of a dashboard request.
 *
 * Every value a client sends is checked here, before any page or SQL
 * statement sees it: a country is exactly three capital letters, a date a
 * real YYYY-MM-DD calendar date, a number plain decimal digits within
 * bounds, a search or speaker text at most DASH_MAX_TEXT bytes of valid
 * UTF-8 without control characters.  A parameter the page does not take, a
 * repeated one or a bad value is an error (the server answers 400).  An
 * empty value counts as absent, as an empty form field sends it.
 */
#include "dash.h"

#include <string.h>


static int dash_parse_country(const char *s, size_t n, char out[4])
{
    if (n != 3)
        return -1;
    for (size_t i = 0; i < 3; i++)
        if (s[i] < 'A' || s[i] > 'Z')
            return -1;
    memcpy(out, s, 3);
    out[3] = '\0';
    return 0;
}

/* Decimal digits only (no sign, no blanks), 1..max. */
static int dash_parse_int(const char *s, size_t n, long long max, long long *out)
{
    if (n == 0 || n > 18)
        return -1;
    long long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    if (v < 1 || v > max)
        return -1;
    *out = v;
    return 0;
}

/* Valid UTF-8, no control characters, at most DASH_MAX_TEXT bytes. */
static int dash_parse_text(const char *s, size_t n, char *out)
{
    if (n > DASH_MAX_TEXT)
        return -1;
    size_t i = 0;
    while (i < n) {
        int cp = 0;
        size_t k = html_utf8_next(s + i, n - i, &cp);
        if ((cp == 0xFFFD && k == 1) || cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
            return -1;
        i += k;
    }
    memcpy(out, s, n);
    out[n] = '\0';
    return 0;
}

static const struct {
    const char *name;
    unsigned bit;
    const char *what; /* what a good value is, for the message */
} dash_params[] = {
    {"a", DASH_P_A, "a country is three capital letters, e.g. USA"},
    {"b", DASH_P_B, "a country is three capital letters, e.g. USA"},
    {"country", DASH_P_COUNTRY, "a country is three capital letters, e.g. USA"},
    {"from", DASH_P_FROM, "a date is YYYY-MM-DD"},
    {"to", DASH_P_TO, "a date is YYYY-MM-DD"},
    {"page", DASH_P_PAGE, "a page is a number from 1 to 100000"},
    {"id", DASH_P_ID, "an id is a positive number"},
    {"q", DASH_P_Q, "a search is at most 200 bytes of text"},
    {"speaker", DASH_P_SPEAKER, "a speaker is at most 200 bytes of text"},
};

rl_status dash_parse_query(const dash_kv *kv, size_t n, unsigned allowed, dash_query *q,
                           rl_error *err)
{
    memset(q, 0, sizeof *q);
    q->page = 1;
    if (n > DASH_MAX_PARAMS)
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "too many parameters (at most %d)",
                       DASH_MAX_PARAMS);
    unsigned seen = 0;
    for (size_t i = 0; i < n; i++) {
        size_t p = 0, np = sizeof dash_params / sizeof dash_params[0];
        while (p < np && !(strlen(dash_params[p].name) == kv[i].key_len &&
                           memcmp(dash_params[p].name, kv[i].key, kv[i].key_len) == 0))
            p++;
        if (p == np || !(allowed & dash_params[p].bit))
            return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "this page takes no parameter '%.*s'",
                           (int)(kv[i].key_len > 40 ? 40 : kv[i].key_len), kv[i].key);
        unsigned bit = dash_params[p].bit;
        if (seen & bit)
            return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "parameter '%s' given twice",
                           dash_params[p].name);
        seen |= bit;
        const char *v = kv[i].value;
        size_t vn = v ? kv[i].value_len : 0;
        if (vn == 0)
            continue; /* an empty form field */
        if (memchr(v, '\0', vn) != NULL)
            goto bad;
        long long num = 0;
        int date = 0;
        switch (bit) {
        case DASH_P_A:
            if (dash_parse_country(v, vn, q->a)) goto bad;
            break;
        case DASH_P_B:
            if (dash_parse_country(v, vn, q->b)) goto bad;
            break;
        case DASH_P_COUNTRY:
            if (dash_parse_country(v, vn, q->country)) goto bad;
            break;
        case DASH_P_FROM:
        case DASH_P_TO:
            if ((date = rl_date_parse(v, vn)) < 0) goto bad;
            if (bit == DASH_P_FROM) q->from = date; else q->to = date;
            break;
        case DASH_P_PAGE:
            if (dash_parse_int(v, vn, DASH_MAX_PAGE, &num)) goto bad;
            q->page = (long)num;
            break;
        case DASH_P_ID:
            if (dash_parse_int(v, vn, 9007199254740991LL, &num)) goto bad;
            q->id = num;
            break;
        case DASH_P_Q:
            if (dash_parse_text(v, vn, q->q)) goto bad;
            break;
        case DASH_P_SPEAKER:
            if (dash_parse_text(v, vn, q->speaker)) goto bad;
            break;
        }
        continue;
    bad:
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "bad value for parameter '%s': %s",
                       dash_params[p].name, dash_params[p].what);
    }
    if (q->from && q->to && q->from > q->to)
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0,
                       "parameter 'from' is after parameter 'to'");
    return RL_OK;
}
