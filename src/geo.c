/*
 * geo.c - the gazetteer: place names in news text -> country, coordinates
 * and GeoNames id.
 *
 * Three sources, each used for what it has:
 *   - Debian's libgeonames: the cities (places of 15000 or more people) with
 *     country, province, coordinates and population.  Its query function
 *     matches prefixes and translations, which is right for a search box and
 *     wrong for names found in text ("Washington" would find "Washington
 *     Heights"), so geo_open reads its whole city table once through its
 *     accessors and indexes the exact names;
 *   - DATA/geo/countries.tsv (from iso-codes and world-countries, see
 *     tools/gen-gkg-data.mjs): ISO codes, names, demonyms, centroids;
 *   - DATA/geo/geonames-ids.tsv: GeoNames ids, which libgeonames does not
 *     expose; a city is joined to its id on country and coordinates.
 * This module only resolves names; finding them in text is entity.c's job.
 * Everything lives in one arena freed by rl_geo_free.
 */
#include "redline.h"

#include <geonames.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "error.h"

#define GEO_PATH_MAX 4096
#define GEO_LINE_MAX 4096
#define GEO_NAMES_MAX ((size_t)1 << 20)  /* indexed names, all kinds */
#define GEO_JOIN_DEGREES 0.02            /* city <-> GeoNames id join tolerance */

typedef struct geo_country {
    char a2[3], a3[4];
    const char *name;
    double lat, lon;
} geo_country;

typedef struct geo_city {
    const char *name, *adm1;
    char cc[3];
    double lat, lon;
    unsigned long pop;
    long id; /* GeoNames id, 0 when the join found none */
} geo_city;

typedef struct geo_id {
    long id;
    char cc[3];
    double lat, lon;
} geo_id;

/* One open-addressing table maps a name to a country (kind 0) or to the
 * most populous city of that name (kind 1); a country name wins. */
typedef struct geo_slot {
    const char *name; /* NULL: empty */
    uint32_t len;
    uint8_t kind;
    uint32_t item;
} geo_slot;

struct rl_geo {
    arena mem;
    geo_country *countries;
    size_t n_countries;
    geo_city *cities;
    size_t n_cities;
    geo_id *ids;
    size_t n_ids;
    geo_slot *slots;
    size_t cap; /* power of two */
    size_t used;
};

static uint32_t geo_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static geo_slot *geo_slot_find(const rl_geo *g, const char *s, size_t n)
{
    size_t i = geo_hash(s, n) & (g->cap - 1);
    while (g->slots[i].name) {
        if (g->slots[i].len == n && memcmp(g->slots[i].name, s, n) == 0)
            return &g->slots[i];
        i = (i + 1) & (g->cap - 1);
    }
    return &g->slots[i];
}

/* Index `name` (arena-owned) for a country or city.  Countries keep their
 * first listing; a city replaces a less populous city of the same name. */
static int geo_index(rl_geo *g, const char *name, size_t n, uint8_t kind, uint32_t item)
{
    if (n == 0 || n > 127)
        return 0;
    if (g->used + 1 > g->cap / 2)
        return -1; /* sized at open; cannot happen with the shipped data */
    geo_slot *s = geo_slot_find(g, name, n);
    if (s->name) {
        if (s->kind == 0)
            return 0;
        if (kind == 0 || g->cities[item].pop > g->cities[s->item].pop) {
            s->kind = kind;
            s->item = item;
        }
        return 0;
    }
    s->name = name;
    s->len = (uint32_t)n;
    s->kind = kind;
    s->item = item;
    g->used++;
    return 0;
}

/* Open DATA/geo/NAME; the path goes to `path` for messages. */
static FILE *geo_open_data(const char *dir, const char *name, char *path, size_t cap,
                           rl_error *err)
{
    int w = snprintf(path, cap, "%s/geo/%s", dir, name);
    if (w < 0 || (size_t)w >= cap) {
        err_set(err, RL_ERR_USAGE, NULL, 0, 0, "path too long: %s/geo/%s", dir, name);
        return NULL;
    }
    FILE *f = fopen(path, "r");
    if (!f)
        err_set(err, RL_ERR_IO, path, 0, 0, "cannot open gazetteer data");
    return f;
}

/* Split a line in place at tabs into at most `max` fields; returns the count. */
static size_t geo_fields(char *line, char **f, size_t max)
{
    size_t n = 0;
    line[strcspn(line, "\r\n")] = '\0';
    f[n++] = line;
    for (char *p = line; *p && n < max; p++)
        if (*p == '\t') {
            *p = '\0';
            f[n++] = p + 1;
        }
    return n;
}

static int geo_number(const char *s, double *out)
{
    char *end = NULL;
    *out = strtod(s, &end);
    return end != s && *end == '\0' && isfinite(*out);
}

static rl_status geo_load_countries(rl_geo *g, const char *dir, rl_error *err)
{
    char path[GEO_PATH_MAX], line[GEO_LINE_MAX];
    FILE *f = geo_open_data(dir, "countries.tsv", path, sizeof path, err);
    if (!f)
        return err ? err->status : RL_ERR_IO;
    size_t cap = 512;
    g->countries = arena_alloc(&g->mem, cap * sizeof *g->countries);
    long ln = 0;
    rl_status st = RL_OK;
    while (st == RL_OK && fgets(line, sizeof line, f)) {
        ln++;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char *fl[5];
        double lat, lon;
        if (geo_fields(line, fl, 5) != 5 || strlen(fl[0]) != 2 || strlen(fl[1]) != 3 ||
            !geo_number(fl[2], &lat) || !geo_number(fl[3], &lon) || !fl[4][0]) {
            st = err_set(err, RL_ERR_DICT, path, ln, 0,
                         "expected alpha-2, alpha-3, latitude, longitude, names");
            break;
        }
        if (!g->countries || g->n_countries >= cap) {
            st = err_set(err, RL_ERR_NOMEM, path, ln, 0, "too many countries");
            break;
        }
        geo_country *c = &g->countries[g->n_countries];
        memcpy(c->a2, fl[0], 3);
        memcpy(c->a3, fl[1], 4);
        c->lat = lat;
        c->lon = lon;
        for (char *name = fl[4]; name && *name;) {
            char *bar = strchr(name, '|');
            size_t n = bar ? (size_t)(bar - name) : strlen(name);
            char *copy = arena_strndup(&g->mem, name, n);
            if (!copy || geo_index(g, copy, n, 0, (uint32_t)g->n_countries) < 0) {
                st = err_set(err, RL_ERR_NOMEM, path, ln, 0, "out of memory");
                break;
            }
            if (!c->name)
                c->name = copy;
            name = bar ? bar + 1 : NULL;
        }
        g->n_countries++;
    }
    fclose(f);
    return st;
}

static rl_status geo_load_ids(rl_geo *g, const char *dir, rl_error *err)
{
    char path[GEO_PATH_MAX], line[GEO_LINE_MAX];
    FILE *f = geo_open_data(dir, "geonames-ids.tsv", path, sizeof path, err);
    if (!f)
        return err ? err->status : RL_ERR_IO;
    size_t cap = 0;
    long ln = 0;
    rl_status st = RL_OK;
    while (fgets(line, sizeof line, f)) {
        ln++;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char *fl[5];
        double id, lat, lon;
        if (geo_fields(line, fl, 5) < 4 || !geo_number(fl[0], &id) || strlen(fl[1]) != 2 ||
            !geo_number(fl[2], &lat) || !geo_number(fl[3], &lon) || id < 1) {
            st = err_set(err, RL_ERR_DICT, path, ln, 0,
                         "expected id, country, latitude, longitude");
            break;
        }
        if (g->n_ids == cap) {
            size_t ncap = cap ? cap * 2 : 32768;
            geo_id *v = arena_big(&g->mem, g->ids, ncap * sizeof *v);
            if (!v || ncap > GEO_NAMES_MAX) {
                st = err_set(err, RL_ERR_NOMEM, path, ln, 0, "out of memory");
                break;
            }
            g->ids = v;
            cap = ncap;
        }
        geo_id *e = &g->ids[g->n_ids++];
        e->id = (long)id;
        memcpy(e->cc, fl[1], 3);
        e->lat = lat;
        e->lon = lon;
    }
    fclose(f);
    return st;
}

static int geo_id_cmp(const void *a, const void *b)
{
    return memcmp(((const geo_id *)a)->cc, ((const geo_id *)b)->cc, 2);
}

/* The GeoNames id of a city: the nearest listed place of its country
 * within GEO_JOIN_DEGREES, or 0.  g->ids is sorted by country. */
static long geo_join_id(const rl_geo *g, const geo_city *c)
{
    size_t lo = 0, hi = g->n_ids;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (memcmp(g->ids[mid].cc, c->cc, 2) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    long best = 0;
    double bestd = GEO_JOIN_DEGREES;
    for (size_t i = lo; i < g->n_ids && memcmp(g->ids[i].cc, c->cc, 2) == 0; i++) {
        const geo_id *e = &g->ids[i];
        double d = fabs(e->lat - c->lat) + fabs(e->lon - c->lon);
        if (d <= bestd) {
            bestd = d;
            best = e->id;
        }
    }
    return best;
}

static rl_status geo_load_cities(rl_geo *g, rl_error *err)
{
    gint n = geonames_get_n_cities();
    if (n <= 0)
        return RL_OK;
    g->cities = arena_big(&g->mem, NULL, (size_t)n * sizeof *g->cities);
    if (!g->cities)
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory loading cities");
    for (gint i = 0; i < n; i++) {
        GeonamesCity *gc = geonames_get_city(i);
        if (!gc)
            continue;
        const char *name = geonames_city_get_name(gc);
        const char *cc = geonames_city_get_country_code(gc);
        const char *adm1 = geonames_city_get_state(gc);
        geo_city *c = &g->cities[g->n_cities];
        memset(c, 0, sizeof *c);
        if (name && cc && strlen(cc) == 2) {
            c->name = arena_strndup(&g->mem, name, strlen(name));
            c->adm1 = arena_strndup(&g->mem, adm1 ? adm1 : "", adm1 ? strlen(adm1) : 0);
            memcpy(c->cc, cc, 3);
            c->lat = geonames_city_get_latitude(gc);
            c->lon = geonames_city_get_longitude(gc);
            c->pop = geonames_city_get_population(gc);
            c->id = geo_join_id(g, c);
        }
        geonames_city_free(gc);
        if (!c->name)
            continue;
        if (!c->adm1)
            return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory loading cities");
        uint32_t item = (uint32_t)g->n_cities++;
        size_t len = strlen(c->name);
        if (geo_index(g, c->name, len, 1, item) < 0)
            return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "too many place names");
        /* "Washington D.C." is also "Washington" */
        if (len > 6 && strcmp(c->name + len - 5, " D.C.") == 0 &&
            geo_index(g, c->name, len - 5, 1, item) < 0)
            return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "too many place names");
    }
    return RL_OK;
}

rl_status rl_geo_open(rl_geo **out, const char *data_dir, rl_error *err)
{
    if (!out)
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "rl_geo_open: no output pointer");
    *out = NULL;
    if (!data_dir)
        data_dir = rl_default_data_dir();
    rl_geo *g = calloc(1, sizeof *g);
    if (!g)
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    arena_init(&g->mem, (size_t)256 * 1024 * 1024);
    g->cap = 1u << 17;
    g->slots = arena_big(&g->mem, NULL, g->cap * sizeof *g->slots);
    if (!g->slots) {
        rl_geo_free(g);
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    memset(g->slots, 0, g->cap * sizeof *g->slots);
    rl_status st = geo_load_countries(g, data_dir, err);
    if (!st)
        st = geo_load_ids(g, data_dir, err);
    if (!st) {
        if (g->n_ids)
            qsort(g->ids, g->n_ids, sizeof *g->ids, geo_id_cmp);
        st = geo_load_cities(g, err);
    }
    if (st) {
        rl_geo_free(g);
        return st;
    }
    *out = g;
    return RL_OK;
}

void rl_geo_free(rl_geo *g)
{
    if (!g)
        return;
    arena_free(&g->mem);
    free(g);
}

static void geo_copy(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src ? src : "");
}

static void geo_fill_country(const geo_country *c, rl_place *out)
{
    memset(out, 0, sizeof *out);
    out->type = RL_PLACE_COUNTRY;
    geo_copy(out->name, sizeof out->name, c->name);
    geo_copy(out->country_name, sizeof out->country_name, c->name);
    memcpy(out->country2, c->a2, 3);
    memcpy(out->country3, c->a3, 4);
    out->lat = c->lat;
    out->lon = c->lon;
}

static const geo_country *geo_country_of(const rl_geo *g, const char *code)
{
    size_t n = strlen(code);
    for (size_t i = 0; i < g->n_countries; i++)
        if ((n == 2 && strcmp(g->countries[i].a2, code) == 0) ||
            (n == 3 && strcmp(g->countries[i].a3, code) == 0))
            return &g->countries[i];
    return NULL;
}

int rl_geo_country(const rl_geo *g, const char *code, rl_place *out)
{
    const geo_country *c = g && code ? geo_country_of(g, code) : NULL;
    if (!c)
        return 0;
    geo_fill_country(c, out);
    return 1;
}

static int geo_find_exact(const rl_geo *g, const char *name, size_t len, rl_place *out)
{
    if (len == 0 || len > 127)
        return 0;
    const geo_slot *s = geo_slot_find(g, name, len);
    if (!s->name)
        return 0;
    if (s->kind == 0) {
        geo_fill_country(&g->countries[s->item], out);
        return 1;
    }
    const geo_city *c = &g->cities[s->item];
    memset(out, 0, sizeof *out);
    out->type = RL_PLACE_CITY;
    geo_copy(out->name, sizeof out->name, c->name);
    geo_copy(out->adm1, sizeof out->adm1, c->adm1);
    memcpy(out->country2, c->cc, 3);
    const geo_country *k = geo_country_of(g, c->cc);
    if (k) {
        memcpy(out->country3, k->a3, 4);
        geo_copy(out->country_name, sizeof out->country_name, k->name);
    }
    out->lat = c->lat;
    out->lon = c->lon;
    out->population = c->pop;
    out->geonames_id = c->id;
    return 1;
}

int rl_geo_find(const rl_geo *g, const char *name, size_t len, rl_place *out)
{
    if (!g || !name || !out)
        return 0;
    if (geo_find_exact(g, name, len, out))
        return 1;
    /* "MANILA" (a dateline) -> "Manila": each word's first letter kept */
    if (len < 2 || len > 127)
        return 0;
    char buf[128];
    int word_start = 1, letters = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = name[i];
        if (ch >= 'a' && ch <= 'z')
            return 0; /* not all capitals */
        if (ch >= 'A' && ch <= 'Z') {
            letters++;
            buf[i] = word_start ? ch : (char)(ch - 'A' + 'a');
            word_start = 0;
        } else {
            buf[i] = ch;
            word_start = ch == ' ' || ch == '-';
        }
    }
    return letters > 3 && geo_find_exact(g, buf, len, out);
}
