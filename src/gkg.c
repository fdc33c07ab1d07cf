/*
 * gkg.c - one knowledge-graph record per document, after GDELT's Global
 * Knowledge Graph 2.1: the events the coder finds (each with the place
 * where it happened), the persons, organisations and places named
 * (entity.c, geo.c), amounts (amount.c), tone (tone.c), and the writers:
 * one JSON line, or one row of GKG 2.1's 27 tab-separated columns.
 *
 * rl_gkg_doc is a plain pipeline over one per-document arena: code the
 * events (copied out of the coder's callback, whose memory is the coder's)
 * -> analyse and tag the text -> names -> amounts -> tone -> where each
 * event happened.  Quotations are an empty list until the quotation module
 * is merged (docs/gkg.md).  Nothing here changes the coder's dictionaries.
 */
#include "gkg.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "lexicon.h"

#define GKG_MAX_EVENTS 65536
#define GKG_PATH_MAX 4096
#define GKG_ARENA_LIMIT ((size_t)1 << 31)

struct rl_gkg {
    const rl_dict *d;
    rl_coder *coder;
    rl_geo *geo;
    rl_tone_lexicon *tone;
    entity_words *words;
    entity_actors *actors;
    arena mem;
    rl_gkg_record rec;
    /* events of the document being read, with their spans */
    rl_gkg_event *events;
    size_t n_events;
    size_t *sent_start, *sent_end; /* the event's sentence, code points */
    unsigned *ev_flags;
    size_t *src_start, *src_end, *tgt_start, *tgt_end;
    int nomem;
};

rl_status rl_gkg_new(rl_gkg **out, const rl_dict *dict, rl_coder *coder, const char *data_dir,
                     rl_error *err)
{
    if (!out || !dict || !coder)
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "rl_gkg_new: no output, dictionary or coder");
    *out = NULL;
    if (!dict->finished)
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "rl_gkg_new: dictionary not finished");
    if (!data_dir)
        data_dir = rl_default_data_dir();
    rl_gkg *g = calloc(1, sizeof *g);
    if (!g)
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    g->d = dict;
    g->coder = coder;
    arena_init(&g->mem, GKG_ARENA_LIMIT);
    char path[GKG_PATH_MAX];
    rl_status st = rl_geo_open(&g->geo, data_dir, err);
    if (!st) {
        int w = snprintf(path, sizeof path, "%s/tone/afinn-165.tsv", data_dir);
        st = w < 0 || (size_t)w >= sizeof path
                 ? err_set(err, RL_ERR_USAGE, NULL, 0, 0, "data directory path too long")
                 : rl_tone_lexicon_load(&g->tone, path, err);
    }
    if (!st) {
        int w = snprintf(path, sizeof path, "%s/gkg/entity-words.txt", data_dir);
        st = w < 0 || (size_t)w >= sizeof path
                 ? err_set(err, RL_ERR_USAGE, NULL, 0, 0, "data directory path too long")
                 : entity_words_load(&g->words, path, err);
    }
    if (!st)
        st = entity_actors_new(&g->actors, dict, err);
    if (st) {
        rl_gkg_free(g);
        return st;
    }
    *out = g;
    return RL_OK;
}

void rl_gkg_free(rl_gkg *g)
{
    if (!g)
        return;
    rl_geo_free(g->geo);
    rl_tone_lexicon_free(g->tone);
    entity_words_free(g->words);
    entity_actors_free(g->actors);
    arena_free(&g->mem);
    free(g);
}

/* ---- events --------------------------------------------------------- */

static const char *gkg_strdup(rl_gkg *g, const char *s)
{
    if (!s)
        return NULL;
    char *c = arena_strndup(&g->mem, s, strlen(s));
    if (!c)
        g->nomem = 1;
    return c;
}

static int gkg_on_event(const rl_event *ev, void *ud)
{
    rl_gkg *g = ud;
    if (g->n_events >= GKG_MAX_EVENTS)
        return 0; /* counted by the coder; the record lists the first ones */
    size_t i = g->n_events++;
    rl_gkg_event *e = &g->events[i];
    memset(e, 0, sizeof *e);
    e->cameo = gkg_strdup(g, ev->cameo);
    e->plover = gkg_strdup(g, ev->plover);
    e->source = gkg_strdup(g, ev->source.code ? ev->source.code : "");
    e->target = ev->has_target ? gkg_strdup(g, ev->target.code) : NULL;
    e->sent = ev->sent;
    e->trigger_start = ev->trigger.start;
    e->trigger_end = ev->trigger.end;
    g->sent_start[i] = ev->sentence.start;
    g->sent_end[i] = ev->sentence.end;
    g->ev_flags[i] = ev->flags;
    g->src_start[i] = ev->source.span.start;
    g->src_end[i] = ev->source.span.end;
    g->tgt_start[i] = ev->has_target ? ev->target.span.start : 0;
    g->tgt_end[i] = ev->has_target ? ev->target.span.end : 0;
    return 0;
}

static size_t dist(size_t a, size_t b)
{
    return a > b ? a - b : b - a;
}

/* 1 when the word before the token starting at code point cp is a
 * preposition of place ("in Kyiv", "to Beijing"). */
static int gkg_after_locative(const text_doc *td, size_t cp)
{
    static const char *const preps[] = {"in", "at", "near", "to", "from", "into", "inside",
                                        "outside", "across", "around", "over"};
    size_t lo = 0, hi = td->n_toks;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (td->toks[mid].cb < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0 || lo >= td->n_toks || td->toks[lo].cb != cp)
        return 0;
    const token *t = &td->toks[lo - 1];
    size_t n = t->de - t->db;
    const char *w = td->doc + t->db;
    for (size_t i = 0; i < sizeof preps / sizeof preps[0]; i++)
        if (strlen(preps[i]) == n && strncasecmp(w, preps[i], n) == 0)
            return 1;
    return 0;
}

static int inside(size_t a, size_t b, size_t s0, size_t s1)
{
    return s1 > s0 && a >= s0 && b <= s1;
}

/* Where event i happened: a place named in its sentence after a
 * preposition of place and outside the actors' words ("Lavrov met Xi in
 * Beijing": Beijing); else the dateline's place ("MANILA -"); else the
 * place of the sentence nearest to the trigger ("Ukraine was invaded by
 * Russia": Ukraine), one inside the source's words ("Russian forces")
 * last. */
static void gkg_event_location(rl_gkg *g, const text_doc *td, size_t i, const rl_entity *ents,
                               size_t n_ents, long dateline)
{
    rl_gkg_event *e = &g->events[i];
    long best = -1;
    size_t bm = 0;
    int bscore = -1;
    size_t bdist = 0;
    if (!(g->ev_flags[i] & RL_EV_TITLE)) {
        for (size_t k = 0; k < n_ents; k++) {
            if (ents[k].kind != RL_ENT_PLACE)
                continue;
            for (size_t m = 0; m < ents[k].n_mentions; m++) {
                const rl_mention *mm = &ents[k].mentions[m];
                if (mm->start < g->sent_start[i] || mm->end > g->sent_end[i])
                    continue;
                int score;
                if (inside(mm->start, mm->end, g->src_start[i], g->src_end[i]))
                    score = 0;
                else if (inside(mm->start, mm->end, g->tgt_start[i], g->tgt_end[i]))
                    score = 2;
                else
                    score = gkg_after_locative(td, mm->start) ? 3 : 2;
                size_t d = dist(mm->start, e->trigger_start);
                if (score > bscore || (score == bscore && d < bdist)) {
                    best = (long)k;
                    bm = m;
                    bscore = score;
                    bdist = d;
                }
            }
        }
    }
    if (bscore < 3 && dateline >= 0) {
        best = dateline;
        bm = 0;
    }
    if (best < 0)
        return;
    e->location = &ents[best];
    e->location_start = ents[best].mentions[bm].start;
    e->location_end = ents[best].mentions[bm].end;
}

/* ---- tone over the body and headline ------------------------------- */

static rl_status gkg_tone(rl_gkg *g, const rl_doc *doc, const text_doc *td, rl_tone *out,
                          rl_error *err)
{
    memset(out, 0, sizeof *out);
    size_t pronoun_sum = 0;
    size_t nz = doc->zones ? doc->n_zones : 1;
    for (size_t z = 0; z < nz; z++) {
        size_t a = 0, b = doc->text_len;
        if (doc->zones) {
            if (doc->zones[z].zone != RL_ZONE_BODY && doc->zones[z].zone != RL_ZONE_HEADLINE)
                continue;
            a = doc->zones[z].start;
            b = doc->zones[z].end;
            if (b > doc->text_len || a > b)
                continue;
        }
        rl_tone t;
        rl_status st = rl_tone_text(g->tone, doc->text + a, b - a, &t, err);
        if (st)
            return st;
        out->words += t.words;
        out->pos_words += t.pos_words;
        out->neg_words += t.neg_words;
        out->valence += t.valence;
        pronoun_sum += (size_t)(t.self_group * (double)t.words / 100.0 + 0.5);
    }
    size_t verbs = 0;
    for (size_t s = 0; s < td->n_sents; s++) {
        const sentence *se = &td->sents[s];
        if (se->zone != RL_ZONE_BODY && se->zone != RL_ZONE_HEADLINE)
            continue;
        for (size_t i = se->t0; i < se->t1; i++)
            verbs += td->toks[i].pos == POS_VERB;
    }
    if (out->words) {
        double w = (double)out->words;
        out->positive = 100.0 * (double)out->pos_words / w;
        out->negative = 100.0 * (double)out->neg_words / w;
        out->tone = out->positive - out->negative;
        out->polarity = out->positive + out->negative;
        out->self_group = 100.0 * (double)pronoun_sum / w;
        out->activity = 100.0 * (double)verbs / w;
    }
    return RL_OK;
}

/* ---- the record ----------------------------------------------------- */

rl_status rl_gkg_doc(rl_gkg *g, const rl_doc *doc, const rl_gkg_record **rec, rl_error *err)
{
    if (!g || !doc || !rec)
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "rl_gkg_doc: no builder, document or output");
    *rec = NULL;
    arena_reset(&g->mem);
    memset(&g->rec, 0, sizeof g->rec);
    g->nomem = 0;
    g->n_events = 0;
    g->events = arena_big(&g->mem, NULL, GKG_MAX_EVENTS * sizeof *g->events);
    g->sent_start = arena_big(&g->mem, NULL, GKG_MAX_EVENTS * sizeof *g->sent_start);
    g->sent_end = arena_big(&g->mem, NULL, GKG_MAX_EVENTS * sizeof *g->sent_end);
    g->src_start = arena_big(&g->mem, NULL, GKG_MAX_EVENTS * sizeof *g->src_start);
    g->src_end = arena_big(&g->mem, NULL, GKG_MAX_EVENTS * sizeof *g->src_end);
    g->tgt_start = arena_big(&g->mem, NULL, GKG_MAX_EVENTS * sizeof *g->tgt_start);
    g->tgt_end = arena_big(&g->mem, NULL, GKG_MAX_EVENTS * sizeof *g->tgt_end);
    g->ev_flags = arena_big(&g->mem, NULL, GKG_MAX_EVENTS * sizeof *g->ev_flags);
    if (!g->events || !g->sent_start || !g->sent_end || !g->src_start || !g->src_end ||
        !g->tgt_start || !g->tgt_end || !g->ev_flags)
        return err_set(err, RL_ERR_NOMEM, doc->origin, 0, 0, "out of memory");
    rl_status st = rl_coder_code_doc(g->coder, doc, gkg_on_event, g, err);
    if (st)
        return st;
    if (g->nomem)
        return err_set(err, RL_ERR_NOMEM, doc->origin, 0, 0, "out of memory");
    text_doc td;
    st = text_analyze(&g->mem, g->d->words, doc->text, doc->text_len, doc->zones, doc->n_zones,
                      &td, err);
    if (st)
        return st;
    for (size_t s = 0; s < td.n_sents; s++)
        if (td.sents[s].zone == RL_ZONE_BODY || td.sents[s].zone == RL_ZONE_HEADLINE)
            lexicon_tag(g->d->lex, &td, td.sents[s].t0, td.sents[s].t1);
    gkg_text x = {&g->mem, doc, &td, g->coder, g->geo, g->words, g->actors};
    rl_entity *ents;
    size_t n_ents;
    long dateline;
    st = entity_find(&x, &ents, &n_ents, &dateline, err);
    if (st)
        return st;
    rl_amount *amounts;
    size_t n_amounts;
    st = amount_find(&x, &amounts, &n_amounts, err);
    if (st)
        return st;
    st = gkg_tone(g, doc, &td, &g->rec.tone, err);
    if (st)
        return st;
    for (size_t i = 0; i < g->n_events; i++)
        gkg_event_location(g, &td, i, ents, n_ents, dateline);
    g->rec.doc = doc;
    g->rec.entities = ents;
    g->rec.n_entities = n_ents;
    g->rec.amounts = amounts;
    g->rec.n_amounts = n_amounts;
    g->rec.events = g->events;
    g->rec.n_events = g->n_events;
    g->rec.quotes = NULL;
    g->rec.n_quotes = 0;
    *rec = &g->rec;
    return RL_OK;
}

/* ---- JSON ------------------------------------------------------------ */

static json_t *gkg_str(const char *s)
{
    /* strings come from valid UTF-8 text and the data files; a NULL or an
     * invalid one becomes "" rather than a missing key */
    json_t *j = json_string(s ? s : "");
    return j ? j : json_string("");
}

static void gkg_date(char *buf, size_t cap, int date)
{
    if (date > 0)
        snprintf(buf, cap, "%04d-%02d-%02d", date / 10000, date / 100 % 100, date % 100);
    else
        snprintf(buf, cap, "%s", "");
}

static json_t *gkg_place_json(const rl_place *p)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:f, s:f, s:I}", "type",
                     p->type == RL_PLACE_COUNTRY ? "country" : "city", "country", p->country2,
                     "country3", p->country3, "country_name", p->country_name, "adm1", p->adm1,
                     "lat", p->lat, "lon", p->lon, "geonames_id", (json_int_t)p->geonames_id);
}

static json_t *gkg_entity_json(const rl_entity *e)
{
    json_t *o = json_object();
    json_t *ms = json_array();
    if (!o || !ms) {
        json_decref(o);
        json_decref(ms);
        return NULL;
    }
    json_object_set_new(o, "name", gkg_str(e->name));
    json_object_set_new(o, "code", gkg_str(e->code));
    if (e->place) {
        json_t *p = gkg_place_json(e->place);
        if (p)
            json_object_update(o, p);
        json_decref(p);
    }
    for (size_t m = 0; m < e->n_mentions; m++)
        json_array_append_new(ms, json_pack("[I, I]", (json_int_t)e->mentions[m].start,
                                            (json_int_t)e->mentions[m].end));
    json_object_set_new(o, "mentions", ms);
    return o;
}

static json_t *gkg_record_json(const rl_gkg_record *r)
{
    const rl_doc *doc = r->doc;
    char date[16];
    gkg_date(date, sizeof date, doc->date);
    json_t *o = json_object();
    json_t *persons = json_array(), *orgs = json_array(), *places = json_array();
    json_t *amounts = json_array(), *events = json_array(), *quotes = json_array();
    if (!o || !persons || !orgs || !places || !amounts || !events || !quotes) {
        json_decref(o); json_decref(persons); json_decref(orgs); json_decref(places);
        json_decref(amounts); json_decref(events); json_decref(quotes);
        return NULL;
    }
    json_object_set_new(o, "doc_id", gkg_str(doc->id));
    json_object_set_new(o, "date", gkg_str(date));
    if (doc->url)
        json_object_set_new(o, "url", gkg_str(doc->url));
    if (doc->source)
        json_object_set_new(o, "source", gkg_str(doc->source));
    json_object_set_new(o, "event_count", json_integer((json_int_t)r->n_events));
    json_object_set_new(o, "word_count", json_integer((json_int_t)r->tone.words));
    const rl_tone *t = &r->tone;
    json_object_set_new(o, "tone", json_pack("{s:f, s:f, s:f, s:f, s:f, s:f, s:I, s:I}",
                                             "tone", t->tone, "positive", t->positive,
                                             "negative", t->negative, "polarity", t->polarity,
                                             "activity", t->activity, "self_group", t->self_group,
                                             "words", (json_int_t)t->words,
                                             "valence", (json_int_t)t->valence));
    for (size_t i = 0; i < r->n_entities; i++) {
        const rl_entity *e = &r->entities[i];
        json_t *a = e->kind == RL_ENT_PERSON ? persons : e->kind == RL_ENT_ORG ? orgs : places;
        json_array_append_new(a, gkg_entity_json(e));
    }
    json_object_set_new(o, "persons", persons);
    json_object_set_new(o, "organizations", orgs);
    json_object_set_new(o, "locations", places);
    for (size_t i = 0; i < r->n_amounts; i++) {
        const rl_amount *a = &r->amounts[i];
        json_array_append_new(amounts, json_pack("{s:f, s:s, s:s, s:I, s:I}", "value", a->value,
                                                 "unit", a->unit, "object", a->object, "start",
                                                 (json_int_t)a->start, "end", (json_int_t)a->end));
    }
    json_object_set_new(o, "amounts", amounts);
    for (size_t i = 0; i < r->n_quotes; i++) {
        const rl_gkg_quote *q = &r->quotes[i];
        json_array_append_new(quotes, json_pack("{s:s, s:s, s:s, s:I, s:I}", "text", q->text,
                                                "speaker", q->speaker, "verb", q->verb, "start",
                                                (json_int_t)q->start, "end", (json_int_t)q->end));
    }
    json_object_set_new(o, "quotations", quotes);
    for (size_t i = 0; i < r->n_events; i++) {
        const rl_gkg_event *e = &r->events[i];
        json_t *ev = json_object();
        if (!ev)
            continue;
        json_object_set_new(ev, "sent", json_integer(e->sent));
        json_object_set_new(ev, "cameo", gkg_str(e->cameo));
        json_object_set_new(ev, "event", e->plover ? gkg_str(e->plover) : json_null());
        json_object_set_new(ev, "source", gkg_str(e->source));
        json_object_set_new(ev, "target", e->target ? gkg_str(e->target) : json_null());
        json_object_set_new(ev, "trigger", json_pack("[I, I]", (json_int_t)e->trigger_start,
                                                     (json_int_t)e->trigger_end));
        if (e->location) {
            json_t *l = json_object();
            json_object_set_new(l, "name", gkg_str(e->location->name));
            json_t *p = gkg_place_json(e->location->place);
            if (p)
                json_object_update(l, p);
            json_decref(p);
            json_object_set_new(l, "start", json_integer((json_int_t)e->location_start));
            json_object_set_new(l, "end", json_integer((json_int_t)e->location_end));
            json_object_set_new(ev, "location", l);
        } else {
            json_object_set_new(ev, "location", json_null());
        }
        json_array_append_new(events, ev);
    }
    json_object_set_new(o, "events", events);
    return o;
}

/* ---- GKG 2.1 TSV ----------------------------------------------------- */

/* Write s with the characters that delimit GKG fields (tab, newline and
 * the field's own separators `bad`) replaced by spaces. */
static void tsv_text(FILE *out, const char *s, const char *bad)
{
    for (; s && *s; s++)
        fputc(*s == '\t' || *s == '\n' || *s == '\r' || strchr(bad, *s) ? ' ' : *s, out);
}

static int place_gdelt_type(const rl_place *p)
{
    if (p->type == RL_PLACE_COUNTRY)
        return 1;
    return strcmp(p->country2, "US") == 0 ? 3 : 4;
}

static void tsv_place(FILE *out, const rl_entity *e, int enhanced, size_t offset)
{
    const rl_place *p = e->place;
    fprintf(out, "%d#", place_gdelt_type(p));
    tsv_text(out, p->name, "#;");
    if (p->adm1[0] && p->type == RL_PLACE_CITY) {
        fputs(", ", out);
        tsv_text(out, p->adm1, "#;");
    }
    if (p->type == RL_PLACE_CITY) {
        fputs(", ", out);
        tsv_text(out, p->country_name, "#;");
    }
    fprintf(out, "#%s#", p->country2);
    if (p->type == RL_PLACE_CITY)
        fputs(p->country2, out); /* ADM1: no code in libgeonames, the country */
    if (enhanced)
        fputs("#", out); /* ADM2 */
    fprintf(out, "#%.6f#%.6f#", p->lat, p->lon);
    if (p->type == RL_PLACE_CITY && p->geonames_id)
        fprintf(out, "%ld", p->geonames_id);
    else
        fputs(p->country2, out);
    if (enhanced)
        fprintf(out, "#%zu", offset);
}

static void tsv_names(FILE *out, const rl_gkg_record *r, rl_entity_kind kind, int enhanced)
{
    int first = 1;
    for (size_t i = 0; i < r->n_entities; i++) {
        const rl_entity *e = &r->entities[i];
        if (e->kind != kind)
            continue;
        size_t nm = enhanced ? e->n_mentions : 1;
        for (size_t m = 0; m < nm; m++) {
            if (!first)
                fputc(';', out);
            first = 0;
            if (kind == RL_ENT_PLACE) {
                tsv_place(out, e, enhanced, e->mentions[m].start);
            } else {
                tsv_text(out, e->name, ";,");
                if (enhanced)
                    fprintf(out, ",%zu", e->mentions[m].start);
            }
        }
    }
}

static void tsv_record(FILE *out, const rl_gkg_record *r, size_t seq)
{
    const rl_doc *doc = r->doc;
    int date = doc->date > 0 ? doc->date : 0;
    /* 1 GKGRECORDID, 2 V2.1DATE */
    fprintf(out, "%08d000000-%zu\t%08d000000\t", date, seq, date);
    /* 3 SourceCollectionIdentifier (1 = web, when there is a URL), 4 source, 5 document */
    fputs(doc->url ? "1" : "", out);
    fputc('\t', out);
    tsv_text(out, doc->source, "");
    fputc('\t', out);
    tsv_text(out, doc->url ? doc->url : doc->id, "");
    /* 6 V1Counts, 7 V2.1Counts, 8 V1Themes, 9 V2EnhancedThemes: not filled */
    fputs("\t\t\t\t\t", out);
    /* 10 V1Locations, 11 V2EnhancedLocations */
    tsv_names(out, r, RL_ENT_PLACE, 0);
    fputc('\t', out);
    tsv_names(out, r, RL_ENT_PLACE, 1);
    fputc('\t', out);
    /* 12-15 persons and organisations, plain and with offsets */
    tsv_names(out, r, RL_ENT_PERSON, 0);
    fputc('\t', out);
    tsv_names(out, r, RL_ENT_PERSON, 1);
    fputc('\t', out);
    tsv_names(out, r, RL_ENT_ORG, 0);
    fputc('\t', out);
    tsv_names(out, r, RL_ENT_ORG, 1);
    fputc('\t', out);
    /* 16 V1.5Tone */
    const rl_tone *t = &r->tone;
    fprintf(out, "%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%zu\t", t->tone, t->positive, t->negative,
            t->polarity, t->activity, t->self_group, t->words);
    /* 17 V2.1EnhancedDates, 18 V2GCAM, 19-22 images and embeds: not filled */
    fputs("\t\t\t\t\t\t", out);
    /* 23 V2.1Quotations: Offset|Length|Verb|Quote, '#' between */
    for (size_t i = 0; i < r->n_quotes; i++) {
        const rl_gkg_quote *q = &r->quotes[i];
        if (i)
            fputc('#', out);
        fprintf(out, "%zu|%zu|", q->start, q->end - q->start);
        tsv_text(out, q->verb, "|#");
        fputc('|', out);
        tsv_text(out, q->text, "|#");
    }
    fputc('\t', out);
    /* 24 V2.1AllNames: every person, organisation and place with offsets */
    int first = 1;
    for (size_t i = 0; i < r->n_entities; i++)
        for (size_t m = 0; m < r->entities[i].n_mentions; m++) {
            if (!first)
                fputc(';', out);
            first = 0;
            tsv_text(out, r->entities[i].name, ";,");
            fprintf(out, ",%zu", r->entities[i].mentions[m].start);
        }
    fputc('\t', out);
    /* 25 V2.1Amounts: Amount,Object,Offset */
    for (size_t i = 0; i < r->n_amounts; i++) {
        const rl_amount *a = &r->amounts[i];
        if (i)
            fputc(';', out);
        fprintf(out, "%.0f,", a->value);
        tsv_text(out, a->object, ";,");
        fprintf(out, ",%zu", a->start);
    }
    /* 26 V2.1TranslationInfo, 27 V2ExtrasXML: not filled */
    fputs("\t\t\n", out);
}

rl_status rl_gkg_write(FILE *out, rl_gkg_format f, const rl_gkg_record *rec, size_t seq)
{
    if (!out || !rec || !rec->doc)
        return RL_ERR_USAGE;
    if (f == RL_GKG_TSV) {
        tsv_record(out, rec, seq);
    } else {
        json_t *o = gkg_record_json(rec);
        if (!o)
            return RL_ERR_NOMEM;
        int rc = json_dumpf(o, out, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
        json_decref(o);
        if (rc != 0)
            return RL_ERR_IO;
        fputc('\n', out);
    }
    return ferror(out) ? RL_ERR_IO : RL_OK;
}
