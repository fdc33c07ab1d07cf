/*
 * test_data_dicts.c - checks of the bundled actor files, every .txt file
 * in data/actors (redline's own format, docs/dictionaries.md), the way a dictionary
 * maintainer would want them checked before a release:
 *
 *   - every file loads strictly (no lenient skipping);
 *   - every code, default or dated, is "---" or a three-letter root with
 *     three-letter roles, ^[A-Z]{3}([A-Z0-9]{3})*$;
 *   - every root is an ISO 3166-1 alpha-3 country (the Debian iso-codes
 *     table; that part is skipped with a message when iso-codes is not
 *     installed) or one of CAMEO's non-state roots in the table below;
 *   - no name has two different undated codes across the whole set (two
 *     files disagreeing on what "Georgia" is by default).
 *
 * Skipped when data/actors holds no .txt file.  (ACTORS_GLOB may be set
 * at compile time to check another set.)  Runs with the repository
 * root as working directory; reads the loaded arrays directly (dict.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glob.h>

#include <cmocka.h>
#include <jansson.h>

#include "redline.h"
#include "dict.h"

#ifndef ACTORS_GLOB
#define ACTORS_GLOB "data/actors/*.txt"
#endif
#define ISO_3166 "/usr/share/iso-codes/json/iso_3166-1.json"

/* Roots CAMEO uses that are not ISO 3166-1 countries: organisations and
 * unidentified actors, regions, and states that no longer exist or have no
 * ISO code (CAMEO codebook, and the Phoenix dictionaries in data/). */
static const char *const cameo_roots[] = {
    /* organisations, non-state and unknown actors */
    "IGO", "NGO", "IMG", "MNC", "UIS", "INT",
    /* regions */
    "AFR", "ASA", "BLK", "CAS", "CAU", "CFR", "CRB", "EAF", "EEU", "EIN", "EUR", "LAM",
    "MDT", "MEA", "NAF", "NMR", "PGS", "SAF", "SAM", "SAS", "SCN", "SEA", "WAF", "WEU",
    "WST",
    /* Kosovo: CAMEO and Phoenix write KSV; XKX is the user-assigned code
     * the EU, IMF and World Bank use (data/actors/countries.txt) */
    "KSV", "XKX",
    /* states of the past */
    "CSK", "DDR", "SUN", "USR", "YUG", "SCG",
};

/* ---- loading ---------------------------------------------------------- */

typedef struct data_set {
    rl_dict *d;
    glob_t files;
    int have_files;
} data_set;

static int data_setup(void **state)
{
    data_set *s = calloc(1, sizeof *s);
    if (!s)
        return -1;
    if (glob(ACTORS_GLOB, 0, NULL, &s->files) == 0 && s->files.gl_pathc > 0)
        s->have_files = 1;
    *state = s;
    return 0;
}

static int data_teardown(void **state)
{
    data_set *s = *state;
    if (s->d)
        rl_dict_free(s->d);
    if (s->have_files)
        globfree(&s->files);
    free(s);
    return 0;
}

/* The whole set in one dictionary, strictly; not finished, so that every
 * listing of a repeated name is still there. */
static rl_dict *load_set(data_set *s)
{
    if (s->d)
        return s->d;
    rl_error err;
    rl_status st = rl_dict_new(&s->d, "data", &err);
    if (st)
        fprintf(stderr, "rl_dict_new: %s\n", err.msg);
    assert_int_equal(st, RL_OK);
    for (size_t i = 0; i < s->files.gl_pathc; i++) {
        st = rl_dict_add_file(s->d, RL_DICT_ACTORS, s->files.gl_pathv[i], 0, &err);
        if (st)
            fprintf(stderr, "%s\n", err.msg);
        assert_int_equal(st, RL_OK);
    }
    assert_int_equal(s->d->warnings, 0);
    return s->d;
}

static void test_load_strict(void **state)
{
    data_set *s = *state;
    if (!s->have_files) {
        fprintf(stderr, "no %s: skipped\n", ACTORS_GLOB);
        skip();
    }
    rl_dict *d = load_set(s);
    assert_true(d->actors.n > 0);
}

/* ---- codes ------------------------------------------------------------ */

static int upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

/* "---" or ^[A-Z]{3}([A-Z0-9]{3})*$ */
static int code_shape_ok(const char *c)
{
    if (strcmp(c, "---") == 0)
        return 1;
    size_t n = strlen(c);
    if (n < 3 || n % 3 != 0 || !upper(c[0]) || !upper(c[1]) || !upper(c[2]))
        return 0;
    for (size_t i = 3; i < n; i++)
        if (!upper(c[i]) && !(c[i] >= '0' && c[i] <= '9'))
            return 0;
    return 1;
}

/* ISO 3166-1 alpha-3 codes as one string "AFG ALA ALB ... " (malloc'd),
 * or NULL when the table is not installed. */
static char *iso_codes(void)
{
    json_error_t jerr;
    json_t *root = json_load_file(ISO_3166, 0, &jerr);
    if (!root)
        return NULL;
    json_t *list = json_object_get(root, "3166-1");
    size_t n = json_is_array(list) ? json_array_size(list) : 0;
    char *out = calloc(n * 4 + 1, 1);
    if (out) {
        size_t o = 0;
        for (size_t i = 0; i < n; i++) {
            const char *a3 = json_string_value(json_object_get(json_array_get(list, i), "alpha_3"));
            if (a3 && strlen(a3) == 3) {
                memcpy(out + o, a3, 3);
                out[o + 3] = ' ';
                o += 4;
            }
        }
        out[o] = '\0';
    }
    json_decref(root);
    return out;
}

static int root_known(const char *code, const char *iso)
{
    if (strcmp(code, "---") == 0)
        return 1;
    for (size_t i = 0; i < sizeof cameo_roots / sizeof cameo_roots[0]; i++)
        if (memcmp(code, cameo_roots[i], 3) == 0)
            return 1;
    if (!iso)
        return 1;
    for (const char *p = iso; *p; p += 4)
        if (memcmp(code, p, 3) == 0)
            return 1;
    return 0;
}

static size_t check_code(const dict_actor *a, const char *code, const char *iso)
{
    if (!code[0])
        return 0;
    if (!code_shape_ok(code)) {
        fprintf(stderr, "%s:%d: '%s': code '%s' is not a root and three-letter roles\n",
                a->src.file, a->src.line, a->name, code);
        return 1;
    }
    if (!root_known(code, iso)) {
        fprintf(stderr, "%s:%d: '%s': code '%s': '%.3s' is neither an ISO 3166-1 country "
                        "nor a CAMEO root\n", a->src.file, a->src.line, a->name, code, code);
        return 1;
    }
    return 0;
}

static void test_codes(void **state)
{
    data_set *s = *state;
    if (!s->have_files)
        skip();
    rl_dict *d = load_set(s);
    char *iso = iso_codes();
    if (!iso)
        fprintf(stderr, "%s not found (Debian package iso-codes): country roots not checked\n",
                ISO_3166);
    size_t bad = 0;
    for (size_t i = 0; i < d->actors.n; i++) {
        const dict_actor *a = &d->actors.v[i];
        bad += check_code(a, a->code, iso);
        for (size_t r = 0; r < a->n_roles; r++)
            bad += check_code(a, a->roles[r].code, iso);
    }
    free(iso);
    if (bad)
        fprintf(stderr, "%zu bad codes\n", bad);
    assert_int_equal(bad, 0);
}

/* ---- conflicting defaults -------------------------------------------- */

static const rl_dict *sort_d;

static int by_phrase(const void *x, const void *y)
{
    const dict_phrase *a = &sort_d->actor_phrases.v[*(const size_t *)x].ph;
    const dict_phrase *b = &sort_d->actor_phrases.v[*(const size_t *)y].ph;
    if (a->n != b->n)
        return a->n < b->n ? -1 : 1;
    for (uint16_t i = 0; i < a->n; i++)
        if (a->w[i] != b->w[i])
            return a->w[i] < b->w[i] ? -1 : 1;
    size_t i = *(const size_t *)x, j = *(const size_t *)y;
    return i < j ? -1 : (i > j ? 1 : 0);
}

static int same_phrase(const dict_phrase *a, const dict_phrase *b)
{
    return a->n == b->n && memcmp(a->w, b->w, a->n * sizeof *a->w) == 0;
}

static void test_no_conflicting_defaults(void **state)
{
    data_set *s = *state;
    if (!s->have_files)
        skip();
    rl_dict *d = load_set(s);
    size_t n = d->actor_phrases.n;
    size_t *order = malloc((n ? n : 1) * sizeof *order);
    assert_non_null(order);
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    sort_d = d;
    qsort(order, n, sizeof *order, by_phrase);
    size_t conflicts = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        const dict_phrase *ph = &d->actor_phrases.v[order[i]].ph;
        while (j < n && same_phrase(ph, &d->actor_phrases.v[order[j]].ph))
            j++;
        /* every listing with a default must agree with the first one */
        const dict_actor *first = NULL;
        for (size_t k = i; k < j; k++) {
            const dict_actor *a = &d->actors.v[d->actor_phrases.v[order[k]].actor];
            if (!a->code[0])
                continue;
            if (!first) {
                first = a;
            } else if (strcmp(first->code, a->code) != 0) {
                fprintf(stderr, "'%s': default %s at %s:%d, but %s at %s:%d\n", a->name,
                        first->code, first->src.file, first->src.line, a->code, a->src.file,
                        a->src.line);
                conflicts++;
            }
        }
        i = j;
    }
    free(order);
    assert_int_equal(conflicts, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_strict),
        cmocka_unit_test(test_codes),
        cmocka_unit_test(test_no_conflicting_defaults),
    };
    return cmocka_run_group_tests(tests, data_setup, data_teardown);
}
