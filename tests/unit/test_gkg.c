/*
 * test_gkg.c - knowledge-graph records: the gazetteer (libgeonames,
 * iso-codes, GeoNames ids), tone from AFINN-165, persons, organisations
 * and places with their dictionary codes, amounts, where events happened,
 * the JSON and GKG 2.1 writers, and the sample article (skipped when
 * ../shared is absent).  Runs from the repository root (data/).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "redline.h"

#define SAMPLE "../shared/samples/scmp-2024-04-redline.txt"

typedef struct fixture {
    rl_dict *d;
    rl_coder *c;
    rl_gkg *g;
    rl_geo *geo;
} fixture;

static int setup(void **state)
{
    static fixture f;
    rl_error err;
    memset(&err, 0, sizeof err);
    if (rl_dict_load_dir(&f.d, "data", 0, &err) != RL_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    rl_coder_opts o;
    rl_coder_opts_init(&o);
    if (rl_coder_new(&f.c, f.d, &o, &err) != RL_OK ||
        rl_gkg_new(&f.g, f.d, f.c, "data", &err) != RL_OK ||
        rl_geo_open(&f.geo, "data", &err) != RL_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    rl_geo_free(f->geo);
    rl_gkg_free(f->g);
    rl_coder_free(f->c);
    rl_dict_free(f->d);
    return 0;
}

/* ---- gazetteer ------------------------------------------------------- */

static void check_city(const rl_geo *g, const char *name, const char *cc, double lat, double lon,
                       long id)
{
    rl_place p;
    assert_int_equal(rl_geo_find(g, name, strlen(name), &p), 1);
    assert_int_equal(p.type, RL_PLACE_CITY);
    assert_string_equal(p.country2, cc);
    assert_true(fabs(p.lat - lat) < 0.05);
    assert_true(fabs(p.lon - lon) < 0.05);
    assert_int_equal(p.geonames_id, id);
}

static void test_geo_cities(void **state)
{
    const rl_geo *g = ((fixture *)*state)->geo;
    /* coordinates and ids as published by GeoNames */
    check_city(g, "Beijing", "CN", 39.9075, 116.3972, 1816670);
    check_city(g, "Moscow", "RU", 55.7522, 37.6156, 524901);
    check_city(g, "Washington", "US", 38.8951, -77.0364, 4140963);
    check_city(g, "Kyiv", "UA", 50.4547, 30.5238, 703448);
    check_city(g, "Manila", "PH", 14.6042, 120.9822, 1701668);
    check_city(g, "Taipei", "TW", 25.0478, 121.5319, 1668341);
    /* a dateline in capitals */
    check_city(g, "MANILA", "PH", 14.6042, 120.9822, 1701668);
    rl_place p;
    assert_int_equal(rl_geo_find(g, "Gondor", 6, &p), 0);
    assert_int_equal(rl_geo_find(g, "beijing", 7, &p), 0); /* case matters */
    assert_int_equal(rl_geo_find(g, "", 0, &p), 0);
}

static void check_country(const rl_geo *g, const char *name, const char *cc, const char *cc3)
{
    rl_place p;
    assert_int_equal(rl_geo_find(g, name, strlen(name), &p), 1);
    assert_int_equal(p.type, RL_PLACE_COUNTRY);
    assert_string_equal(p.country2, cc);
    assert_string_equal(p.country3, cc3);
    assert_int_equal(p.geonames_id, 0);
}

static void test_geo_countries(void **state)
{
    const rl_geo *g = ((fixture *)*state)->geo;
    check_country(g, "China", "CN", "CHN");
    check_country(g, "Taiwan", "TW", "TWN");
    check_country(g, "Ukraine", "UA", "UKR");
    check_country(g, "Russia", "RU", "RUS");
    check_country(g, "Russian Federation", "RU", "RUS");  /* the ISO name */
    check_country(g, "Russian", "RU", "RUS");             /* a demonym */
    check_country(g, "U.S.", "US", "USA");
    check_country(g, "Philippines", "PH", "PHL");
    rl_place p;
    assert_int_equal(rl_geo_country(g, "UKR", &p), 1);
    assert_string_equal(p.name, "Ukraine");
    assert_true(fabs(p.lat - 49.0) < 1 && fabs(p.lon - 32.0) < 1);
    assert_int_equal(rl_geo_country(g, "XX", &p), 0);
}

static void test_geo_missing_data(void **state)
{
    (void)state;
    rl_geo *g = NULL;
    rl_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(rl_geo_open(&g, "/nonexistent", &err), RL_ERR_IO);
    assert_null(g);
    assert_non_null(strstr(err.msg, "/nonexistent/geo/countries.tsv"));
}

/* ---- tone ------------------------------------------------------------ */

/* The valence of a word in data/tone/afinn-165.tsv, read here
 * independently of tone.c; 0 when absent. */
static int afinn(const char *word)
{
    FILE *f = fopen("data/tone/afinn-165.tsv", "r");
    assert_non_null(f);
    char line[256];
    int v = 0;
    size_t n = strlen(word);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, word, n) == 0 && line[n] == '\t') {
            v = atoi(line + n + 1);
            break;
        }
    fclose(f);
    return v;
}

/* Expected tone of a text of single words, from the lexicon file. */
static void expected_tone(const char *text, rl_tone *e)
{
    memset(e, 0, sizeof *e);
    char w[64];
    size_t n = 0;
    for (const char *p = text;; p++) {
        if (isalpha((unsigned char)*p) && n + 1 < sizeof w) {
            w[n++] = (char)tolower((unsigned char)*p);
            continue;
        }
        if (n) {
            w[n] = '\0';
            int v = afinn(w);
            e->words++;
            e->pos_words += v > 0;
            e->neg_words += v < 0;
            e->valence += v;
            n = 0;
        }
        if (!*p)
            break;
    }
    e->positive = 100.0 * (double)e->pos_words / (double)e->words;
    e->negative = 100.0 * (double)e->neg_words / (double)e->words;
    e->tone = e->positive - e->negative;
}

static void check_tone(const char *text, int sign)
{
    rl_tone_lexicon *lx = NULL;
    rl_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(rl_tone_lexicon_load(&lx, "data/tone/afinn-165.tsv", &err), RL_OK);
    rl_tone t, e;
    assert_int_equal(rl_tone_text(lx, text, strlen(text), &t, &err), RL_OK);
    expected_tone(text, &e);
    assert_true(e.pos_words + e.neg_words >= 3); /* the lexicon scores this text */
    assert_int_equal(t.words, e.words);
    assert_int_equal(t.pos_words, e.pos_words);
    assert_int_equal(t.neg_words, e.neg_words);
    assert_int_equal(t.valence, e.valence);
    assert_true(fabs(t.tone - e.tone) < 1e-9);
    assert_true(fabs(t.polarity - (e.positive + e.negative)) < 1e-9);
    assert_true(sign > 0 ? t.tone > 0 && t.valence > 0 : t.tone < 0 && t.valence < 0);
    rl_tone_lexicon_free(lx);
}

static void test_tone_positive(void **state)
{
    (void)state;
    check_tone("The leaders welcomed a successful summit and praised the friendly, "
               "constructive talks, hoping for peace and lasting cooperation.", 1);
}

static void test_tone_negative(void **state)
{
    (void)state;
    check_tone("The ministry condemned the deadly attack, warning of war after the brutal "
               "killing of civilians and the destruction of homes.", -1);
}

static void test_tone_phrase_and_pronouns(void **state)
{
    (void)state;
    rl_tone_lexicon *lx = NULL;
    assert_int_equal(rl_tone_lexicon_load(&lx, "data/tone/afinn-165.tsv", NULL), RL_OK);
    rl_tone t;
    /* "does not work" is one phrase of AFINN-165 (-3): it wins over "work" */
    assert_int_equal(rl_tone_text(lx, "We said it does not work.", 25, &t, NULL), RL_OK);
    assert_int_equal(t.words, 6);
    assert_int_equal(t.valence, afinn("does not work") ? -3 : 0);
    assert_int_equal(t.neg_words, 1);
    assert_true(fabs(t.self_group - 100.0 * 2 / 6) < 1e-9); /* we, it */
    /* empty text: no words, no division by zero */
    assert_int_equal(rl_tone_text(lx, "", 0, &t, NULL), RL_OK);
    assert_int_equal(t.words, 0);
    assert_true(t.tone == 0.0);
    rl_tone_lexicon_free(lx);
}

static void test_tone_bad_lexicon(void **state)
{
    (void)state;
    char path[] = "/tmp/redline-tone-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("# comment\ngood\t3\nbad 2\n", f);
    fclose(f);
    rl_tone_lexicon *lx = NULL;
    rl_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(rl_tone_lexicon_load(&lx, path, &err), RL_ERR_DICT);
    assert_null(lx);
    char want[64];
    snprintf(want, sizeof want, "%s:3:", path);
    assert_non_null(strstr(err.msg, want));
    remove(path);
}

/* ---- records --------------------------------------------------------- */

static const rl_gkg_record *record(fixture *f, const char *text, int date)
{
    static rl_doc doc;
    memset(&doc, 0, sizeof doc);
    doc.id = "t";
    doc.origin = "test:1";
    doc.text = text;
    doc.text_len = strlen(text);
    doc.date = date;
    const rl_gkg_record *r = NULL;
    rl_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(rl_gkg_doc(f->g, &doc, &r, &err), RL_OK);
    assert_non_null(r);
    return r;
}

static const rl_entity *entity(const rl_gkg_record *r, rl_entity_kind k, const char *name)
{
    for (size_t i = 0; i < r->n_entities; i++)
        if (r->entities[i].kind == k && strcmp(r->entities[i].name, name) == 0)
            return &r->entities[i];
    return NULL;
}

/* the text of a mention, through code points (the texts here are ASCII) */
static void check_mention(const char *text, const rl_entity *e, size_t m, const char *want)
{
    assert_true(m < e->n_mentions);
    size_t n = e->mentions[m].end - e->mentions[m].start;
    assert_int_equal(n, strlen(want));
    assert_memory_equal(text + e->mentions[m].start, want, n);
}

static void test_entities(void **state)
{
    fixture *f = *state;
    static const char text[] =
        "Russian Foreign Minister Sergey Lavrov met Secretary of State Antony Blinken "
        "in Geneva on Monday. Lavrov said the United Nations and the White House "
        "were told. Stephen Orlins of the National Committee on American Foreign "
        "Policy said Blinken would travel to Kyiv.";
    const rl_gkg_record *r = record(f, text, 20240410);
    const rl_entity *e = entity(r, RL_ENT_PERSON, "Sergey Lavrov");
    assert_non_null(e);
    assert_string_equal(e->code, "RUSGOV");
    assert_int_equal(e->n_mentions, 2);
    check_mention(text, e, 0, "Sergey Lavrov");
    check_mention(text, e, 1, "Lavrov");
    e = entity(r, RL_ENT_PERSON, "Antony Blinken");
    assert_non_null(e);
    assert_string_equal(e->code, "USAGOV"); /* Secretary of State on that date */
    assert_int_equal(e->n_mentions, 2);
    e = entity(r, RL_ENT_PERSON, "Stephen Orlins"); /* in no dictionary */
    assert_non_null(e);
    assert_string_equal(e->code, "");
    e = entity(r, RL_ENT_ORG, "United Nations");
    assert_non_null(e);
    assert_string_equal(e->code, "IGOUNO");
    e = entity(r, RL_ENT_ORG, "White House");
    assert_non_null(e);
    assert_string_equal(e->code, "USAGOV");
    assert_non_null(entity(r, RL_ENT_ORG, "National Committee on American Foreign Policy"));
    e = entity(r, RL_ENT_PLACE, "Russia"); /* from "Russian" */
    assert_non_null(e);
    check_mention(text, e, 0, "Russian");
    e = entity(r, RL_ENT_PLACE, "Geneva");
    assert_non_null(e);
    assert_string_equal(e->place->country2, "CH");
    assert_string_equal(e->code, "CHE");
    e = entity(r, RL_ENT_PLACE, "Kyiv");
    assert_non_null(e);
    assert_int_equal(e->place->geonames_id, 703448);
    /* weekdays and sentence-initial words are not names */
    for (size_t i = 0; i < r->n_entities; i++) {
        assert_null(strstr(r->entities[i].name, "Monday"));
        assert_null(strstr(r->entities[i].name, "Foreign Minister"));
    }
}

static void test_event_location(void **state)
{
    fixture *f = *state;
    const rl_gkg_record *r = record(f, "Xi Jinping met Sergey Lavrov in Beijing on Tuesday.",
                                    20240409);
    assert_true(r->n_events >= 1);
    const rl_gkg_event *ev = &r->events[0];
    assert_string_equal(ev->source, "CHNGOV");
    assert_non_null(ev->location);
    assert_string_equal(ev->location->name, "Beijing");
    assert_int_equal(ev->location_start, 32);
    assert_int_equal(ev->location_end, 39);
    /* the dateline gives the place when the sentence names none */
    r = record(f, "MANILA - President Ferdinand Marcos Jr met Japanese officials on "
                  "Tuesday.", 20240409);
    int found = 0;
    for (size_t i = 0; i < r->n_events; i++)
        if (r->events[i].location && strcmp(r->events[i].location->name, "Manila") == 0)
            found = 1;
    assert_true(r->n_events == 0 || found);
    assert_non_null(entity(r, RL_ENT_PLACE, "Manila"));
    /* no place at all */
    r = record(f, "Russian officials criticised Ukrainian officials.", 20240409);
    for (size_t i = 0; i < r->n_events; i++)
        if (r->events[i].location)
            assert_int_equal(r->events[i].location->kind, RL_ENT_PLACE);
}

static void test_amounts(void **state)
{
    fixture *f = *state;
    const rl_gkg_record *r = record(f,
        "Beijing sold machine tools worth $300m to Moscow. The US gave HK$1.5 billion in "
        "aid and sent 5,000 troops in 2022. The deal cost 20 million yuan.", 20240409);
    assert_int_equal(r->n_amounts, 4);
    assert_true(r->amounts[0].value == 300000000.0);
    assert_string_equal(r->amounts[0].unit, "USD");
    assert_string_equal(r->amounts[0].object, "machine tools");
    assert_true(r->amounts[1].value == 1.5e9);
    assert_string_equal(r->amounts[1].unit, "HKD");
    assert_string_equal(r->amounts[1].object, "aid");
    assert_true(r->amounts[2].value == 5000.0);
    assert_string_equal(r->amounts[2].unit, "");
    assert_string_equal(r->amounts[2].object, "troops");
    assert_true(r->amounts[3].value == 2e7);
    assert_string_equal(r->amounts[3].unit, "CNY");
}

static char *write_record(const rl_gkg_record *r, rl_gkg_format fmt)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(rl_gkg_write(f, fmt, r, 7), RL_OK);
    fclose(f);
    return buf;
}

static void test_writers(void **state)
{
    fixture *f = *state;
    const rl_gkg_record *r = record(f, "Xi Jinping met Sergey Lavrov in Beijing.\tThey said "
                                       "it was \"good\".", 20240409);
    char *js = write_record(r, RL_GKG_JSON);
    assert_non_null(strchr(js, '\n'));
    assert_ptr_equal(strchr(js, '\n'), js + strlen(js) - 1); /* one line */
    json_error_t je;
    json_t *o = json_loads(js, 0, &je);
    assert_non_null(o);
    assert_int_equal(json_array_size(json_object_get(o, "persons")), 2);
    assert_int_equal(json_array_size(json_object_get(o, "quotations")), 0);
    assert_true(json_is_array(json_object_get(o, "events")));
    assert_int_equal(json_integer_value(json_object_get(o, "event_count")),
                     (json_int_t)r->n_events);
    json_t *loc = json_array_get(json_object_get(o, "locations"), 0);
    assert_string_equal(json_string_value(json_object_get(loc, "name")), "Beijing");
    assert_int_equal(json_integer_value(json_object_get(loc, "geonames_id")), 1816670);
    json_decref(o);
    free(js);

    char *tsv = write_record(r, RL_GKG_TSV);
    size_t tabs = 0;
    for (const char *p = tsv; *p; p++)
        tabs += *p == '\t';
    assert_int_equal(tabs, 26); /* 27 columns */
    assert_true(strncmp(tsv, "20240409000000-7\t20240409000000\t", 32) == 0);
    assert_non_null(strstr(tsv, "4#Beijing, Beijing Municipality, China#CN#CN#39.907500#116.397230#1816670"));
    assert_non_null(strstr(tsv, "Xi Jinping;Sergey Lavrov\t"));
    assert_non_null(strstr(tsv, "Xi Jinping,0;Sergey Lavrov,15\t"));
    free(tsv);
}

static void test_sample_article(void **state)
{
    fixture *f = *state;
    FILE *in = fopen(SAMPLE, "rb");
    if (!in) {
        fprintf(stderr, "skip: %s not found\n", SAMPLE);
        skip();
    }
    rl_reader *rd = NULL;
    rl_reader_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.default_date = 20240410;
    assert_int_equal(rl_reader_open(&rd, in, SAMPLE, &ro, NULL), RL_OK);
    const rl_doc *doc = NULL;
    assert_int_equal(rl_reader_next(rd, &doc, NULL), RL_OK);
    const rl_gkg_record *r = NULL;
    assert_int_equal(rl_gkg_doc(f->g, doc, &r, NULL), RL_OK);
    static const char *const persons[] = {"Kurt Campbell", "Xi Jinping", "Sergey Lavrov",
                                          "Antony Blinken", "Joe Biden"};
    for (size_t i = 0; i < sizeof persons / sizeof persons[0]; i++)
        assert_non_null(entity(r, RL_ENT_PERSON, persons[i]));
    assert_true(entity(r, RL_ENT_PERSON, "Kurt Campbell")->n_mentions >= 5);
    assert_string_equal(entity(r, RL_ENT_PERSON, "Kurt Campbell")->code, "USAGOV");
    /* the byline's author is not a person of the story */
    for (size_t i = 0; i < r->n_entities; i++)
        assert_null(strstr(r->entities[i].name, "Delaney"));
    static const struct { const char *name, *cc; } places[] = {
        {"Beijing", "CN"}, {"Moscow", "RU"}, {"Washington D.C.", "US"}, {"Taiwan", "TW"},
        {"Ukraine", "UA"}, {"China", "CN"}, {"Russia", "RU"}
    };
    for (size_t i = 0; i < sizeof places / sizeof places[0]; i++) {
        const rl_entity *e = entity(r, RL_ENT_PLACE, places[i].name);
        assert_non_null(e);
        assert_string_equal(e->place->country2, places[i].cc);
    }
    assert_true(r->n_events > 0);
    assert_int_equal(r->n_amounts, 0); /* the article names no sums */
    assert_true(r->tone.words > 200);
    rl_reader_close(rd);
    fclose(in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_geo_cities),
        cmocka_unit_test(test_geo_countries),
        cmocka_unit_test(test_geo_missing_data),
        cmocka_unit_test(test_tone_positive),
        cmocka_unit_test(test_tone_negative),
        cmocka_unit_test(test_tone_phrase_and_pronouns),
        cmocka_unit_test(test_tone_bad_lexicon),
        cmocka_unit_test(test_entities),
        cmocka_unit_test(test_event_location),
        cmocka_unit_test(test_amounts),
        cmocka_unit_test(test_writers),
        cmocka_unit_test(test_sample_article),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
