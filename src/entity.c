/*
 * entity.c - persons, organisations and places named in a document.
 *
 * A name is a run of capitalised tokens, with connectors such as "of" or
 * "bin" inside it (data/gkg/entity-words.txt).  Each run is read left to
 * right by entity_run():
 *   1. a stop word at its start goes ("The White House" -> "White House");
 *   2. the whole run, or a place name at its start followed by a title
 *      ("Russian Foreign Minister Sergey Lavrov"), is looked up in the
 *      gazetteer (geo.c): a country, demonym or city is a place;
 *   3. a run with an organisation word ("Committee", "Ministry") is an
 *      organisation;
 *   4. titles go ("Deputy Secretary of State Kurt Campbell" -> "Kurt
 *      Campbell"), and the rest is looked up in the actor dictionaries with
 *      rl_coder_lookup (the coder's own phrase analysis): an actor whose
 *      record has dated roles, or that comes from people.txt, is a person,
 *      any other actor an organisation;
 *   5. a name no dictionary knows is a person when a title stood before it
 *      or it has two or more words; a single word is kept aside and, at
 *      the end, joined to a person of the document whose first or last name
 *      it is ("Campbell said", "Xi labelled"), else dropped.
 * Mentions carry code points into rl_doc.text, as events do.  This module
 * reads the dictionaries and the gazetteer, never changes them, and never
 * codes events.
 */
#include "gkg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "lexicon.h"

#define EW_LINE_MAX 256
#define EW_SLOTS 1024       /* power of two, > 2 x words in the list */
#define RUN_MAX_TOKENS 16   /* longer runs are cut */
#define NAME_MAX_BYTES 200

enum { EW_TITLE = 1, EW_ORG = 2, EW_CONNECTOR = 4, EW_STOP = 8, EW_SPLIT = 16 };

typedef struct ew_slot {
    char *w; /* NULL: empty */
    unsigned kinds;
} ew_slot;

struct entity_words {
    ew_slot slots[EW_SLOTS];
    size_t used;
};

static uint32_t ent_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static ew_slot *ew_find(const entity_words *w, const char *s, size_t n)
{
    size_t i = ent_hash(s, n) & (EW_SLOTS - 1);
    while (w->slots[i].w && !(strlen(w->slots[i].w) == n && memcmp(w->slots[i].w, s, n) == 0))
        i = (i + 1) & (EW_SLOTS - 1);
    return (ew_slot *)&w->slots[i];
}

static unsigned ew_kinds(const entity_words *w, const char *s, size_t n)
{
    return n ? ew_find(w, s, n)->kinds : 0;
}

rl_status entity_words_load(entity_words **out, const char *path, rl_error *err)
{
    *out = NULL;
    FILE *f = fopen(path, "r");
    if (!f)
        return err_set(err, RL_ERR_IO, path, 0, 0, "cannot open entity word list");
    entity_words *w = calloc(1, sizeof *w);
    if (!w) {
        fclose(f);
        return err_set(err, RL_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    static const struct { const char *name; unsigned kind; } kinds[] = {
        {"title", EW_TITLE}, {"org", EW_ORG}, {"connector", EW_CONNECTOR}, {"stop", EW_STOP},
        {"split", EW_SPLIT}
    };
    char line[EW_LINE_MAX];
    long ln = 0;
    rl_status st = RL_OK;
    while (!st && fgets(line, sizeof line, f)) {
        ln++;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        char *sp = strchr(line, ' ');
        unsigned kind = 0;
        for (size_t k = 0; sp && k < sizeof kinds / sizeof kinds[0]; k++)
            if ((size_t)(sp - line) == strlen(kinds[k].name) &&
                memcmp(line, kinds[k].name, (size_t)(sp - line)) == 0)
                kind = kinds[k].kind;
        if (!kind || !sp[1] || strchr(sp + 1, ' ')) {
            st = err_set(err, RL_ERR_DICT, path, ln, 0,
                         "expected 'title|org|connector|stop|split WORD'");
            break;
        }
        size_t n = strlen(sp + 1);
        ew_slot *s = ew_find(w, sp + 1, n);
        if (!s->w) {
            if (w->used * 2 >= EW_SLOTS) {
                st = err_set(err, RL_ERR_DICT, path, ln, 0, "more than %d words",
                             EW_SLOTS / 2);
                break;
            }
            s->w = strdup(sp + 1);
            if (!s->w) {
                st = err_set(err, RL_ERR_NOMEM, path, ln, 0, "out of memory");
                break;
            }
            w->used++;
        }
        s->kinds |= kind;
    }
    fclose(f);
    if (st) {
        entity_words_free(w);
        return st;
    }
    *out = w;
    return RL_OK;
}

void entity_words_free(entity_words *w)
{
    if (!w)
        return;
    for (size_t i = 0; i < EW_SLOTS; i++)
        free(w->slots[i].w);
    free(w);
}

/* ---- which actors are persons --------------------------------------- */

typedef struct actor_slot {
    const char *file; /* NULL: empty */
    int line;
    uint8_t person;
} actor_slot;

struct entity_actors {
    actor_slot *slots;
    size_t cap; /* power of two */
};

static size_t actor_slot_at(const entity_actors *a, const char *file, int line)
{
    size_t i = (((uintptr_t)file >> 4) * 31u + (size_t)line * 2654435761u) & (a->cap - 1);
    while (a->slots[i].file && !(a->slots[i].file == file && a->slots[i].line == line))
        i = (i + 1) & (a->cap - 1);
    return i;
}

static int ent_basename_is(const char *path, const char *name)
{
    const char *slash = strrchr(path, '/');
    return strcmp(slash ? slash + 1 : path, name) == 0;
}

rl_status entity_actors_new(entity_actors **out, const rl_dict *d, rl_error *err)
{
    *out = NULL;
    entity_actors *a = calloc(1, sizeof *a);
    if (!a)
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    a->cap = 1024;
    while (a->cap < d->actors.n * 2 + 2)
        a->cap *= 2;
    a->slots = calloc(a->cap, sizeof *a->slots);
    if (!a->slots) {
        free(a);
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t i = 0; i < d->actors.n; i++) {
        const dict_actor *ac = &d->actors.v[i];
        if (!ac->src.file)
            continue;
        uint8_t person = 0;
        for (size_t r = 0; r < ac->n_roles; r++)
            if (ac->roles[r].from || ac->roles[r].to)
                person = 1;
        if (ent_basename_is(ac->src.file, "people.txt"))
            person = 1;
        actor_slot *s = &a->slots[actor_slot_at(a, ac->src.file, ac->src.line)];
        s->file = ac->src.file;
        s->line = ac->src.line;
        s->person |= person;
    }
    *out = a;
    return RL_OK;
}

void entity_actors_free(entity_actors *a)
{
    if (!a)
        return;
    free(a->slots);
    free(a);
}

/* 1: person, 0: another actor, -1: not an actor record. */
static int actor_is_person(const entity_actors *a, const char *file, int line)
{
    if (!file)
        return -1;
    const actor_slot *s = &a->slots[actor_slot_at(a, file, line)];
    if (!s->file)
        return ent_basename_is(file, "people.txt") ? 1 : 0;
    return s->person;
}

/* ---- finding names -------------------------------------------------- */

typedef struct ent_mention {
    size_t start, end;
    int sent;
    long ent;        /* index into the entity list; -1 for a lone word */
    const char *w;   /* lone words: the word */
    size_t wlen;
    const rl_place *place; /* lone words: the city of that name, if any */
} ent_mention;

typedef struct ent_build {
    rl_entity_kind kind;
    char *name;
    char code[64];
    rl_place *place;
    size_t n_mentions;
    const char *first, *last; /* persons: first and last word of the name */
    size_t first_len, last_len;
} ent_build;

typedef struct ent_state {
    const gkg_text *x;
    ent_build *ents;
    size_t n_ents;
    ent_mention *men;
    size_t n_men;
    size_t dateline_end; /* first token after the dateline, 0 when none */
    int nomem;
} ent_state;

static const char *tok_doc(const gkg_text *x, const token *t, size_t *len)
{
    *len = t->de - t->db;
    return x->td->doc + t->db;
}

/* The entity of `kind` named name[0..n), created when new; -1 when full. */
static long ent_get(ent_state *s, rl_entity_kind kind, const char *name, size_t n,
                    const char *code, const rl_place *place)
{
    for (size_t i = 0; i < s->n_ents; i++)
        if (s->ents[i].kind == kind && strlen(s->ents[i].name) == n &&
            memcmp(s->ents[i].name, name, n) == 0)
            return (long)i;
    if (s->n_ents >= GKG_MAX_ENTITIES)
        return -1;
    ent_build *e = &s->ents[s->n_ents];
    memset(e, 0, sizeof *e);
    e->kind = kind;
    e->name = arena_strndup(s->x->mem, name, n);
    if (place) {
        e->place = arena_alloc(s->x->mem, sizeof *e->place);
        if (e->place)
            *e->place = *place;
    }
    if (!e->name || (place && !e->place)) {
        s->nomem = 1;
        return -1;
    }
    snprintf(e->code, sizeof e->code, "%s", code ? code : "");
    if (kind == RL_ENT_PERSON) {
        const char *sp = memchr(name, ' ', n);
        const char *lsp = sp;
        for (const char *p = sp; p && p < name + n; p = memchr(p + 1, ' ', (size_t)(name + n - p - 1)))
            lsp = p;
        if (sp) {
            e->first = e->name;
            e->first_len = (size_t)(sp - name);
            e->last = e->name + (lsp - name) + 1;
            e->last_len = n - (size_t)(lsp - name) - 1;
        }
    }
    return (long)s->n_ents++;
}

static void ent_add_mention(ent_state *s, long ent, const token *a, const token *b, int sent,
                            const char *w, size_t wlen)
{
    if (s->n_men >= GKG_MAX_MENTIONS || (ent < 0 && !w))
        return;
    ent_mention *m = &s->men[s->n_men++];
    m->start = a->cb;
    m->end = b->ce;
    m->sent = sent;
    m->ent = ent;
    m->w = w;
    m->wlen = wlen;
    m->place = NULL;
    if (ent >= 0)
        s->ents[ent].n_mentions++;
}

/* Code points of tokens [a, b) as text: the document's bytes between them. */
static const char *run_text(const gkg_text *x, size_t a, size_t b, size_t *len)
{
    const token *t = x->td->toks;
    *len = t[b - 1].de - t[a].db;
    return x->td->doc + t[a].db;
}

static int tok_is(const gkg_text *x, size_t i, unsigned kinds)
{
    size_t n;
    const char *w = tok_doc(x, &x->td->toks[i], &n);
    return (ew_kinds(x->words, w, n) & kinds) != 0;
}

/* A place at tokens [a, a+k): the longest that the gazetteer knows. */
static size_t run_place_prefix(const gkg_text *x, size_t a, size_t b, rl_place *pl)
{
    for (size_t k = b - a < 4 ? b - a : 4; k >= 1; k--) {
        size_t n;
        const char *s = run_text(x, a, a + k, &n);
        if (rl_geo_find(x->geo, s, n, pl))
            return k;
    }
    return 0;
}

/* A sentence's first word that is a common word ("Closer ties", "For
 * the United States"), not a name. */
static int tok_common_start(const gkg_text *x, size_t i)
{
    const token *t = &x->td->toks[i];
    /* the sentence's first word, perhaps after an opening quotation mark */
    if (!(t->flags & TOK_SENT_START) &&
        !(i > 0 && (t[-1].flags & TOK_SENT_START) && (t[-1].flags & (TOK_QUOTE | TOK_PUNCT))))
        return 0;
    switch (t->pos) {
    case POS_ADJ: case POS_ADV: case POS_VERB: case POS_AUX: case POS_MODAL: case POS_DET:
    case POS_PRON: case POS_POSSPRON: case POS_PREP: case POS_CONJ: case POS_SUB: case POS_WH:
    case POS_NEG: case POS_TO:
        return 1;
    default:
        return 0;
    }
}

static int tok_hyphen(const gkg_text *x, size_t i)
{
    size_t n;
    const char *w = tok_doc(x, &x->td->toks[i], &n);
    return n == 1 && w[0] == '-';
}

static void entity_run(ent_state *s, size_t a, size_t b, int sent)
{
    const gkg_text *x = s->x;
    const token *t = x->td->toks;
    if (a < b && (tok_is(x, a, EW_STOP) || tok_common_start(x, a)))
        a++;
    while (a < b && (tok_is(x, a, EW_CONNECTOR) || tok_hyphen(x, a)))
        a++;
    while (b > a && ((tok_is(x, b - 1, EW_CONNECTOR) && !tok_is(x, b - 1, EW_TITLE)) ||
                     tok_hyphen(x, b - 1)))
        b--;
    if (a >= b)
        return;
    int org = 0, hyphen = 0;
    for (size_t i = a; i < b; i++) {
        org |= tok_is(x, i, EW_ORG);
        hyphen |= tok_hyphen(x, i);
    }
    /* "Beijing-Moscow": names joined by a hyphen are read one by one,
     * unless the whole is an organisation ("US-China Business Council") */
    if (hyphen && !org) {
        size_t p = a;
        for (size_t i = a; i <= b; i++)
            if (i == b || tok_hyphen(x, i)) {
                if (i > p)
                    entity_run(s, p, i, sent);
                p = i + 1;
            }
        return;
    }
    /* "Stephen Orlins of the National Committee", "Lavrov of Russia": a
     * name without titles or organisation words before "of", "for" or
     * "on" is a name of its own */
    for (size_t i = a + 1; i + 1 < b; i++) {
        if (!tok_is(x, i, EW_SPLIT))
            continue;
        int plain = 1;
        for (size_t j = a; j < i; j++)
            plain &= !tok_is(x, j, EW_ORG | EW_TITLE | EW_CONNECTOR);
        if (plain) {
            entity_run(s, a, i, sent);
            entity_run(s, i + 1, b, sent);
            return;
        }
        break;
    }
    size_t n;
    const char *txt;
    rl_place pl;
    /* 2. places: the whole run, or a place before a title */
    size_t k = run_place_prefix(x, a, b, &pl);
    if (k == 1 && b - a == 1 && pl.type == RL_PLACE_CITY) {
        /* "Campbell said": a lone word that is also a city is a person's
         * name when the document names that person */
        size_t wl;
        const char *w = tok_doc(x, &t[a], &wl);
        ent_add_mention(s, -1, &t[a], &t[a], sent, w, wl);
        rl_place *keep = arena_alloc(x->mem, sizeof *keep);
        if (!keep) {
            s->nomem = 1;
            return;
        }
        *keep = pl;
        if (s->n_men && s->men[s->n_men - 1].ent == -1 && s->men[s->n_men - 1].w == w)
            s->men[s->n_men - 1].place = keep;
        return;
    }
    if (k == b - a || (k && tok_is(x, a + k, EW_TITLE))) {
        long e = ent_get(s, RL_ENT_PLACE, pl.name, strlen(pl.name), pl.country3, &pl);
        ent_add_mention(s, e, &t[a], &t[a + k - 1], sent, NULL, 0);
        a += k;
        if (a >= b)
            return;
    }
    /* 3. organisations by their words (org, above) */
    /* 4. titles */
    int titled = 0;
    if (!org) {
        while (a < b && (tok_is(x, a, EW_TITLE) || (titled && tok_is(x, a, EW_CONNECTOR)))) {
            a++;
            titled = 1;
        }
        if (a >= b)
            return;
    }
    txt = run_text(x, a, b, &n);
    if (n > NAME_MAX_BYTES)
        return;
    char name[NAME_MAX_BYTES + 1];
    memcpy(name, txt, n);
    name[n] = '\0';
    rl_lookup lk;
    int person = -1;
    const char *code = "";
    if (rl_coder_lookup(x->coder, name, x->doc->date, &lk, NULL) == RL_OK && lk.code[0]) {
        /* the whole name must be the actor phrase */
        size_t cps = t[b - 1].ce - t[a].cb;
        if (lk.start == 0 && lk.end == cps) {
            person = actor_is_person(x->actors, lk.actor_file, lk.actor_line);
            code = lk.code;
        }
    }
    rl_entity_kind kind;
    if (org)
        kind = RL_ENT_ORG;
    else if (person == 1)
        kind = RL_ENT_PERSON;
    else if (person == 0)
        kind = RL_ENT_ORG;
    else if (titled || b - a >= 2)
        kind = RL_ENT_PERSON;
    else {
        /* 5. a lone word: joined to a person at the end, if any */
        size_t wl;
        const char *w = tok_doc(x, &t[a], &wl);
        ent_add_mention(s, -1, &t[a], &t[a], sent, w, wl);
        return;
    }
    /* a person known by one word ("Biden") is joined to a fuller name later */
    if (kind == RL_ENT_PERSON && b - a == 1) {
        size_t wl;
        const char *w = tok_doc(x, &t[a], &wl);
        ent_add_mention(s, -1, &t[a], &t[a], sent, w, wl);
        s->men[s->n_men - 1].ent = -2 - ent_get(s, kind, name, n, code, NULL);
        return;
    }
    long e = ent_get(s, kind, name, n, code, NULL);
    ent_add_mention(s, e, &t[a], &t[b - 1], sent, NULL, 0);
}

/* A token that may be part of a name. */
static int tok_name_word(const gkg_text *x, size_t i)
{
    const token *t = &x->td->toks[i];
    if (t->flags & (TOK_PUNCT | TOK_NUM | TOK_QUOTE))
        return 0;
    if (!(t->flags & TOK_CAP))
        return 0;
    /* "SECRETARY": shouting, not a name; acronyms (US, NATO) are */
    if ((t->flags & TOK_ALLCAPS) && t->de - t->db > 5)
        return 0;
    return 1;
}

/* A name word that may continue a name after a connector or hyphen:
 * not a weekday or month ("Lavrov on Tuesday"). */
static int tok_name_after(const gkg_text *x, size_t i, size_t end)
{
    return i < end && tok_name_word(x, i) && !tok_is(x, i, EW_STOP);
}

/* Does the run of names go on at token i?  Connectors ("of", "of the")
 * and hyphens between words without spaces ("US-China") join words. */
static int run_goes_on(const gkg_text *x, size_t i, size_t end)
{
    const token *t = x->td->toks;
    if (tok_name_word(x, i))
        return 1;
    if (tok_is(x, i, EW_CONNECTOR))
        return tok_name_after(x, i + 1, end) ||
               (i + 1 < end && tok_is(x, i + 1, EW_CONNECTOR) && tok_name_after(x, i + 2, end));
    return tok_hyphen(x, i) && i > 0 && i + 1 < end && t[i - 1].de == t[i].db &&
           t[i].de == t[i + 1].db && tok_name_word(x, i + 1);
}

static int zone_has_names(rl_zone z)
{
    return z == RL_ZONE_BODY || z == RL_ZONE_HEADLINE;
}

/* The dateline: a first body sentence opening "MANILA -" or "BEIJING,". */
static long entity_dateline(ent_state *s)
{
    const gkg_text *x = s->x;
    const text_doc *td = x->td;
    for (size_t si = 0; si < td->n_sents; si++) {
        const sentence *se = &td->sents[si];
        if (se->zone != RL_ZONE_BODY)
            continue;
        size_t i = se->t0;
        while (i < se->t1 && (td->toks[i].flags & TOK_ALLCAPS) &&
               !(td->toks[i].flags & (TOK_PUNCT | TOK_NUM)))
            i++;
        if (i == se->t0 || i >= se->t1 || !(td->toks[i].flags & TOK_PUNCT))
            return -1;
        size_t n;
        const char *txt = run_text(x, se->t0, i, &n);
        rl_place pl;
        if (!rl_geo_find(x->geo, txt, n, &pl))
            return -1;
        long e = ent_get(s, RL_ENT_PLACE, pl.name, strlen(pl.name), pl.country3, &pl);
        ent_add_mention(s, e, &td->toks[se->t0], &td->toks[i - 1], (int)si + 1, NULL, 0);
        s->dateline_end = i;
        return e;
    }
    return -1;
}

static int word_eq(const char *a, size_t an, const char *b, size_t bn)
{
    return a && an == bn && memcmp(a, b, an) == 0;
}

/* Lone words: a person's first or last name joins that person; a person
 * known by one word only becomes an entity of its own. */
static void entity_join_lone(ent_state *s)
{
    for (size_t m = 0; m < s->n_men; m++) {
        ent_mention *mm = &s->men[m];
        if (mm->ent >= 0)
            continue;
        long to = -1;
        for (size_t e = 0; e < s->n_ents && to < 0; e++) {
            const ent_build *eb = &s->ents[e];
            if (eb->kind == RL_ENT_PERSON && eb->first &&
                (word_eq(eb->last, eb->last_len, mm->w, mm->wlen) ||
                 word_eq(eb->first, eb->first_len, mm->w, mm->wlen)))
                to = (long)e;
        }
        if (to < 0 && mm->ent <= -2)
            to = -2 - mm->ent; /* its own one-word person */
        if (to < 0 && mm->place) {
            to = ent_get(s, RL_ENT_PLACE, mm->place->name, strlen(mm->place->name),
                         mm->place->country3, mm->place);
        }
        mm->ent = to;
        if (to >= 0)
            s->ents[to].n_mentions++;
    }
}

static int ent_mention_cmp(const void *a, const void *b)
{
    const ent_mention *x = a, *y = b;
    if (x->ent != y->ent)
        return x->ent < y->ent ? -1 : 1;
    return x->start < y->start ? -1 : x->start > y->start;
}

rl_status entity_find(const gkg_text *x, rl_entity **out, size_t *n, long *dateline,
                      rl_error *err)
{
    *out = NULL;
    *n = 0;
    ent_state s = {x, NULL, 0, NULL, 0, 0, 0};
    s.ents = arena_alloc(x->mem, GKG_MAX_ENTITIES * sizeof *s.ents);
    s.men = arena_big(x->mem, NULL, GKG_MAX_MENTIONS * sizeof *s.men);
    if (!s.ents || !s.men)
        return err_set(err, RL_ERR_NOMEM, x->doc->origin, 0, 0, "out of memory finding names");
    *dateline = entity_dateline(&s);
    const text_doc *td = x->td;
    for (size_t si = 0; si < td->n_sents; si++) {
        const sentence *se = &td->sents[si];
        if (!zone_has_names(se->zone))
            continue;
        size_t i = se->t0;
        if (i < s.dateline_end)
            i = s.dateline_end; /* the dateline is a mention already */
        while (i < se->t1) {
            if (!tok_name_word(x, i)) {
                i++;
                continue;
            }
            size_t a = i;
            while (i < se->t1 && i - a < RUN_MAX_TOKENS && run_goes_on(x, i, se->t1))
                i++;
            entity_run(&s, a, i, (int)si + 1);
            if (s.nomem)
                return err_set(err, RL_ERR_NOMEM, x->doc->origin, 0, 0,
                               "out of memory finding names");
        }
    }
    entity_join_lone(&s);
    /* entities in order of first mention: mentions sorted by entity, and
     * entity numbers given in first-mention order */
    long *renum = arena_alloc(x->mem, (s.n_ents + 1) * sizeof *renum);
    if (!renum)
        return err_set(err, RL_ERR_NOMEM, x->doc->origin, 0, 0, "out of memory finding names");
    for (size_t e = 0; e < s.n_ents; e++)
        renum[e] = -1;
    size_t next = 0;
    /* s.men is in text order except the dateline, which is first anyway */
    for (size_t m = 0; m < s.n_men; m++)
        if (s.men[m].ent >= 0 && renum[s.men[m].ent] < 0)
            renum[s.men[m].ent] = (long)next++;
    for (size_t m = 0; m < s.n_men; m++)
        s.men[m].ent = s.men[m].ent >= 0 ? renum[s.men[m].ent] : -1;
    if (*dateline >= 0)
        *dateline = renum[*dateline];
    qsort(s.men, s.n_men, sizeof *s.men, ent_mention_cmp);
    rl_entity *ents = arena_alloc(x->mem, (next + 1) * sizeof *ents);
    rl_mention *ms = arena_alloc(x->mem, (s.n_men + 1) * sizeof *ms);
    if (!ents || !ms)
        return err_set(err, RL_ERR_NOMEM, x->doc->origin, 0, 0, "out of memory finding names");
    size_t nm = 0;
    for (size_t m = 0; m < s.n_men; m++) {
        if (s.men[m].ent < 0)
            continue;
        rl_entity *e = &ents[s.men[m].ent];
        if (!e->mentions)
            e->mentions = &ms[nm];
        e->n_mentions++;
        ms[nm].start = s.men[m].start;
        ms[nm].end = s.men[m].end;
        ms[nm].sent = s.men[m].sent;
        nm++;
    }
    for (size_t e = 0; e < s.n_ents; e++) {
        if (renum[e] < 0)
            continue;
        rl_entity *o = &ents[renum[e]];
        const ent_build *b = &s.ents[e];
        o->kind = b->kind;
        o->name = b->name;
        o->code = arena_strndup(x->mem, b->code, strlen(b->code));
        o->place = b->place;
        if (!o->code)
            return err_set(err, RL_ERR_NOMEM, x->doc->origin, 0, 0, "out of memory");
    }
    *out = ents;
    *n = next;
    return RL_OK;
}

const char *rl_entity_kind_name(rl_entity_kind k)
{
    switch (k) {
    case RL_ENT_PERSON: return "person";
    case RL_ENT_ORG: return "organisation";
    case RL_ENT_PLACE: return "place";
    }
    return "?";
}
