/*
 * code.c - the coder: from a document to events.
 *
 * The pipeline, top to bottom, for every sentence of a document, and the
 * file each step lives in:
 *
 *   text_analyze   tokens and sentences with offsets           (text.c)
 *   lexicon_tag    parts of speech, lemmas                     (lexicon.c)
 *   phrase_find_mentions
 *                  actor and agent phrases, longest first      (phrase.c,
 *                                                               match.c)
 *   phrase_repair_tags
 *                  verbs the tagger left as nouns              (phrase.c)
 *   phrase_build_nps, phrase_group_compounds, phrase_share_agents,
 *   phrase_fold_agents
 *                  noun phrases with composed codes ("Chinese officials"
 *                  -> CHNGOV), compounds ("Japan and the Philippines")
 *                                                              (phrase.c)
 *   clause_find_verbs
 *                  verb groups with negation, modality, passive (clause.c)
 *   code_verb      the best pattern of the verb's block binds source and
 *                  target (try_pattern, here); otherwise subject and
 *                  object are found by clause position (clause_*, in
 *                  clause.c); passives are turned around       (code.c)
 *   emit           one event per source x target, filtered by flags
 *                                                              (code.c)
 *
 * The per-sentence state and the functions the pieces share are declared
 * in coder_int.h.  This is shallow, TABARI-style matching over tokens: no
 * parse tree.  It must not print; everything leaves through the rl_event
 * callback.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "coder_int.h"
#include "country_table.h"
#include "error.h"
#include "lexicon.h"
#include "match.h"
#include "match_int.h"
#include "text.h"

/* ------------------------------------------------------------------ */

void rl_coder_opts_init(rl_coder_opts *o)
{
    memset(o, 0, sizeof *o);
    o->require_dyad = 0;
    o->conventions = 1;
    o->max_sentence_tokens = 160;
}

rl_status rl_coder_new(rl_coder **out, const rl_dict *d, const rl_coder_opts *opts,
                       rl_error *err)
{
    *out = NULL;
    if (!d || !d->finished || !d->index)
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "dictionary set is not finished");
    rl_coder *c = calloc(1, sizeof *c);
    if (!c)
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    c->d = d;
    if (opts)
        c->opts = *opts;
    else
        rl_coder_opts_init(&c->opts);
    if (c->opts.max_sentence_tokens <= 0)
        c->opts.max_sentence_tokens = 160;
    arena_init(&c->mem, (size_t)1 << 31);
    *out = c;
    return RL_OK;
}

void rl_coder_free(rl_coder *c)
{
    if (!c)
        return;
    rl_geo_free(c->geo);
    arena_free(&c->mem);
    free(c);
}

void rl_coder_stats_get(const rl_coder *c, rl_coder_stats *st)
{
    *st = c->stats;
}

/* ---- pattern matching ----------------------------------------------- */

#define WORD_WINDOW 12

/* Match one word/synset element at or after position *pos (forward). */
static int match_fwd_word(const sent_ctx *x, const pel *e, uint32_t *pos, int consec)
{
    uint32_t lim = consec ? *pos + 1 : *pos + WORD_WINDOW;
    if (lim > x->s1)
        lim = x->s1;
    for (uint32_t i = *pos; i < lim; i++) {
        if (e->kind == PEL_WORD) {
            if (x->t[i].word == e->id || x->t[i].lemma == e->id) {
                *pos = i + 1;
                return 1;
            }
        } else {
            uint32_t end = match_synset(x->d, e->id, x->t, i, x->s1);
            if (end) {
                *pos = end;
                return 1;
            }
        }
        if (!consec && i > *pos && x->t[i].pos == POS_VERB && x->verb_at[i - x->s0] >= 0 &&
            x->vg[x->verb_at[i - x->s0]].infinitive == 0)
            return 0; /* do not run into the next clause's verb */
        if (!consec && i > *pos &&
            (x->t[i].pos == POS_WH ||
             (is_w(x, i, MW_THAT) && (x->t[i - 1].pos == POS_NOUN || x->t[i - 1].pos == POS_PROPN))))
            return 0; /* nor into a relative clause */
    }
    return 0;
}

/* Match one word/synset element ending at or before *pos (backward):
 * on success *pos becomes the element's first token. */
static int match_bwd_word(const sent_ctx *x, const pel *e, uint32_t *pos, int consec)
{
    uint32_t end = *pos;
    uint32_t lo = consec ? (end > x->s0 ? end - 1 : x->s0)
                         : (end > x->s0 + WORD_WINDOW ? end - WORD_WINDOW : x->s0);
    for (uint32_t i = end; i > lo;) {
        i--;
        if (e->kind == PEL_WORD) {
            if (x->t[i].word == e->id || x->t[i].lemma == e->id) {
                *pos = i;
                return 1;
            }
        } else {
            uint32_t st = match_synset_ending(x->d, e->id, x->t, x->s0, i + 1);
            if (st != UINT32_MAX) {
                *pos = st;
                return 1;
            }
        }
    }
    return 0;
}

/* Next actor NP starting at or after pos (forward); compound: require a
 * group of two or more. */
static int match_fwd_actor(const sent_ctx *x, uint32_t *pos, int consec, int compound)
{
    uint32_t lim = consec ? *pos + 2 : x->s1;
    if (lim > x->s1)
        lim = x->s1;
    for (uint32_t i = *pos; i < lim; i++) {
        if (i > *pos && is_clause_break(x, i))
            return -1;
        int n = np_start_at(x, i);
        if (n < 0 || !x->nps[n].has_actor)
            continue;
        if (compound) {
            int members = 0;
            for (size_t r = 0; r < x->n_nps; r++)
                if (x->nps[r].group == x->nps[n].group && x->nps[r].has_actor &&
                    !x->nps[r].proxy)
                    members++;
            if (members < 2)
                continue;
        }
        /* skip to the end of the group */
        uint32_t e = x->nps[n].t1;
        for (size_t r = (size_t)n + 1; r < x->n_nps && x->nps[r].group == x->nps[n].group; r++)
            e = x->nps[r].t1;
        *pos = e;
        return n;
    }
    return -1;
}

static int match_bwd_actor(const sent_ctx *x, uint32_t *pos, int consec, int compound)
{
    uint32_t end = *pos;
    uint32_t lo = consec ? (end > x->s0 + 2 ? end - 2 : x->s0) : x->s0;
    for (uint32_t i = end; i > lo;) {
        i--;
        int n = x->np_at[i - x->s0];
        if (n < 0 || !x->nps[n].has_actor)
            continue;
        int g = x->nps[n].group;
        int members = 0;
        uint32_t st = x->nps[n].t0;
        for (size_t r = 0; r < x->n_nps; r++)
            if (x->nps[r].group == g && x->nps[r].has_actor) {
                members += !x->nps[r].proxy;
                if (x->nps[r].t0 < st)
                    st = x->nps[r].t0;
            }
        if (compound && members < 2)
            continue;
        *pos = st;
        return g;
    }
    return -1;
}

static int try_pattern(const sent_ctx *x, const vgroup *g, const dict_pattern *p, binding *b)
{
    b->src = b->tgt = b->comp = -1;
    b->score = 0;
    b->consumed_neg = 0;
    b->lo = g->v0;
    b->hi = g->v1;
    /* after the verb, left to right */
    uint32_t pos = g->v1;
    for (uint16_t k = (uint16_t)(p->verb_at + 1); k < p->n; k++) {
        const pel *e = &p->el[k];
        int consec = e->consec;
        switch (e->kind) {
        case PEL_WORD:
        case PEL_SYNSET:
            if (!match_fwd_word(x, e, &pos, consec))
                return 0;
            b->score += 2;
            break;
        case PEL_SOURCE:
        case PEL_TARGET:
        case PEL_COMPOUND: {
            int n = match_fwd_actor(x, &pos, consec, e->kind == PEL_COMPOUND);
            if (n < 0)
                return 0;
            if (e->kind == PEL_SOURCE)
                b->src = n;
            else if (e->kind == PEL_TARGET)
                b->tgt = n;
            else
                b->comp = n;
            b->score += 1;
            break;
        }
        case PEL_SKIP: {
            uint32_t i = pos;
            while (i < x->s1 && np_start_at(x, i) < 0 && i < pos + 3)
                i++;
            int n = i < x->s1 ? np_start_at(x, i) : -1;
            if (n < 0)
                return 0;
            pos = x->nps[n].t1;
            break;
        }
        default:
            break;
        }
    }
    b->hi = pos;
    /* before the verb, right to left */
    pos = g->v0;
    int next_consec = p->el[p->verb_at].consec;
    for (int k = (int)p->verb_at - 1; k >= 0; k--) {
        const pel *e = &p->el[k];
        int consec = next_consec;
        next_consec = e->consec;
        switch (e->kind) {
        case PEL_WORD:
        case PEL_SYNSET: {
            uint32_t before = pos;
            if (!match_bwd_word(x, e, &pos, consec))
                return 0;
            for (uint32_t i = pos; i < before; i++)
                if (x->t[i].pos == POS_NEG)
                    b->consumed_neg = 1;
            b->score += 2;
            break;
        }
        case PEL_SOURCE:
        case PEL_TARGET:
        case PEL_COMPOUND: {
            int n = match_bwd_actor(x, &pos, consec, e->kind == PEL_COMPOUND);
            if (n < 0)
                return 0;
            if (e->kind == PEL_SOURCE)
                b->src = n;
            else if (e->kind == PEL_TARGET)
                b->tgt = n;
            else
                b->comp = n;
            b->score += 1;
            break;
        }
        case PEL_SKIP: {
            if (pos <= x->s0)
                return 0;
            int n = x->np_at[pos - 1 - x->s0];
            if (n < 0)
                return 0;
            pos = x->nps[n].t0;
            break;
        }
        default:
            break;
        }
    }
    b->lo = pos;
    return 1;
}

/* ---- emitting ------------------------------------------------------- */

static void set_span(const sent_ctx *x, rl_span *s, uint32_t t0, uint32_t t1)
{
    const token *a = &x->t[t0], *b = &x->t[t1 - 1];
    s->text = x->td->doc + a->db;
    s->len = b->de - a->db;
    s->start = a->cb;
    s->end = b->ce;
}

static void set_actor(const sent_ctx *x, rl_actor *a, const np *p, const char *code)
{
    set_span(x, &a->span, p->a0, p->a1);
    a->code = code;
    memset(a->country, 0, sizeof a->country);
    size_t n = strlen(code);
    memcpy(a->country, code, n < 3 ? n : 3);
    a->sector = n > 3 ? code + 3 : "";
}

static int country_cmp(const void *a, const void *b)
{
    return strncmp(a, b, 3);
}

/* Whether a code begins with a country's three letters (not "---", IGO,
 * a region or a religion). */
static int has_country(const char *code)
{
    if (strlen(code) < 3)
        return 0;
    return bsearch(code, country_table, sizeof country_table / sizeof country_table[0],
                   sizeof country_table[0], country_cmp) != NULL;
}

/* The country of place phrase q: its actor's country, or for a name no
 * actor dictionary knows ("Jenin", "central Lagos"), the gazetteer's.
 * Writes 3 letters and a NUL to out; 0 when q names no country. */
static int np_place(const sent_ctx *x, const np *q, char out[4])
{
    if (q->has_actor) {
        if (!has_country(q->code))
            return 0;
        memcpy(out, q->code, 3);
        out[3] = '\0';
        return 1;
    }
    /* places the dictionaries do not know ("shelled targets in Jenin") are
     * found in the gazetteer of the dictionaries' data directory, opened
     * the first time one is needed (none: the lookup is skipped) */
    rl_coder *c = x->c;
    if (!c->geo_tried && c->opts.conventions && x->d->data_dir[0]) {
        rl_error gerr;
        c->geo_tried = 1;
        if (rl_geo_open(&c->geo, x->d->data_dir, &gerr) != RL_OK)
            c->geo = NULL;
    }
    if (!c->geo)
        return 0;
    /* the trailing run of capitalised names: "the town of Samarra" has
     * its own phrase; "central Baghdad" -> "Baghdad" */
    uint32_t a = q->t1;
    while (a > q->t0 && x->t[a - 1].pos == POS_PROPN && (x->t[a - 1].flags & TOK_CAP) &&
           q->t1 - a < 4)
        a--;
    if (a == q->t1)
        return 0;
    const token *ta = &x->t[a], *tb = &x->t[q->t1 - 1];
    rl_place pl;
    if (!rl_geo_find(c->geo, x->td->doc + ta->db, tb->de - ta->db, &pl) || !pl.country3[0])
        return 0;
    memcpy(out, pl.country3, 3);
    out[3] = '\0';
    return has_country(out);
}

/* An actor known only by its sector ("rebels", "the president": "---REB")
 * takes its country from the sentence: a place named in it ("rebels in
 * the Ivory Coast"), else the other party's country ("Rwandan rebels
 * demanded the removal of the president").  `p` keeps its code when
 * neither gives one. */
static void fill_country(const sent_ctx *x, np *p, const np *other)
{
    if (strncmp(p->code, "---", 3) != 0 || !p->code[3])
        return;
    const char *from = NULL;
    char place[4];
    for (size_t i = 0; i < x->n_nps && !from; i++) {
        const np *q = &x->nps[i];
        if (!q->pp || q->t0 == p->t0 || (other && q->t0 == other->t0))
            continue;
        if (np_place(x, q, place))
            from = place;
    }
    if (!from && other && has_country(other->code))
        from = other->code;
    if (!from)
        return;
    char code[NP_CODE_MAX];
    snprintf(code, sizeof code, "%.3s%s", from, p->code + 3);
    memcpy(p->code, code, sizeof code);
}

/* "an admission by Moscow": the actor of a "by" phrase that follows the
 * noun object of the verb, in its clause; -1 none. */
static int by_in_object(const sent_ctx *x, const vgroup *g, int sg)
{
    for (uint32_t i = g->v1; i + 1 < x->s1 && i < g->v1 + 8; i++) {
        if (is_clause_break(x, i) || (i > g->v1 && x->verb_at[i - x->s0] >= 0 &&
                                      !x->vg[x->verb_at[i - x->s0]].nominal))
            break;
        if (!is_w(x, i, MW_BY) || i == g->v1 || x->t[i - 1].pos != POS_NOUN)
            continue;
        int n = x->np_at[i + 1 - x->s0];
        if (n >= 0 && x->nps[n].has_actor && x->nps[n].group != sg)
            return x->nps[n].group;
        break;
    }
    return -1;
}

/* The place named after a verb, in its clause ("in Jenin", "near Kharkiv",
 * "at Ramallah"), as a target: the compound group of its phrase, -1 none.
 * A place only the gazetteer knows is given its country's code. */
static int place_target(sent_ctx *x, const vgroup *g, int sg)
{
    for (uint32_t i = g->v1; i + 1 < x->s1 && i < g->v1 + 12; i++) {
        if (is_clause_break(x, i))
            break;
        if (!(is_w(x, i, MW_IN) || is_w(x, i, MW_AT) || is_w(x, i, MW_NEAR)))
            continue;
        int n = x->np_at[i + 1 - x->s0];
        if (n < 0 || x->nps[n].agent_only || x->nps[n].group == sg)
            continue;
        np *q = &x->nps[n];
        char place[4];
        if (!np_place(x, q, place) || strncmp(place, x->nps[sg].code, 3) == 0)
            continue;
        if (!q->has_actor) {
            /* a place only the gazetteer knows becomes its country here,
             * as an object only */
            memcpy(q->code, place, 4);
            q->has_actor = 1;
            q->object_only = 1;
            q->a0 = q->t0;
            q->a1 = q->t1;
        }
        return q->group;
    }
    return -1;
}

static int emit_one(sent_ctx *x, emit_ctx *ec, const rl_doc *doc, int sent_no, rl_zone zone,
                    unsigned flags, const char *cameo, const np *s, const np *t,
                    const vgroup *g, const char *rule)
{
    rl_coder *c = x->c;
    if (!c->opts.emit_all && (flags & (RL_EV_NEGATED | RL_EV_HYPOTHETICAL)))
        return 0;
    if (!t && c->opts.require_dyad)
        return 0;
    /* "X said" alone says nothing about a relation: a statement without a
     * target is written only with --all */
    if (!t && !c->opts.emit_all && cameo[0] == '0' && cameo[1] == '1' && c->opts.conventions)
        return 0;
    np sc, tc;
    if (c->opts.conventions) {
        sc = *s;
        fill_country(x, &sc, t);
        if (t) {
            tc = *t;
            fill_country(x, &tc, s);
            /* a guess that makes both parties one ("the president
             * dismissed Ukraine's ambassador") is no guess to keep */
            if (strcmp(sc.code, tc.code) == 0 && strcmp(s->code, t->code) != 0) {
                sc = *s;
                tc = *t;
            }
            t = &tc;
        }
        s = &sc;
    }
    np implied;
    if (!t && c->opts.conventions && cameo[0] == '1' && cameo[1] == '4' && has_country(s->code) &&
        strncmp(s->code + 3, "GOV", 3) != 0) {
        /* a protest that names no target is against the protesters' own
         * government ("Nigerians rallied in Lagos to protest ..."); the
         * implied target's text is the trigger */
        implied = *s;
        snprintf(implied.code, sizeof implied.code, "%.3sGOV", s->code);
        implied.a0 = g->v0;
        implied.a1 = g->v1;
        t = &implied;
    }
    if (t && strcmp(s->code, t->code) == 0)
        return 0;
    /* codes outside CAMEO (user dictionaries, the validation suite's WEIS
     * codes) are still events: they only lack PLOVER type and scores */
    rl_cameo_info info;
    if (rl_cameo_lookup(cameo, &info) != RL_OK)
        memset(&info, 0, sizeof info);
    rl_event ev;
    memset(&ev, 0, sizeof ev);
    ev.doc = doc;
    ev.sent = sent_no;
    ev.date = x->date;
    ev.cameo = cameo;
    ev.plover = info.plover;
    ev.mode = info.mode ? info.mode : "";
    ev.context = info.context ? info.context : "";
    ev.goldstein = info.goldstein;
    ev.quad = info.quad;
    memcpy(c->src_code, s->code, sizeof c->src_code);
    set_actor(x, &ev.source, s, c->src_code);
    if (t) {
        memcpy(c->tgt_code, t->code, sizeof c->tgt_code);
        set_actor(x, &ev.target, t, c->tgt_code);
        ev.has_target = 1;
    }
    set_span(x, &ev.trigger, g->v0, g->v1);
    ev.sentence.text = x->td->doc + x->t[x->s0].db;
    ev.sentence.len = x->t[x->s1 - 1].de - x->t[x->s0].db;
    ev.sentence.start = x->t[x->s0].cb;
    ev.sentence.end = x->t[x->s1 - 1].ce;
    ev.rule = rule;
    ev.flags = flags;
    ev.zone = zone;
    c->stats.events++;
    if (ec->fn(&ev, ec->ud))
        ec->stop = 1;
    return 1;
}

/* Call emit_one for every code of a "A/B/C" multi-actor pair. */
static int emit_split(sent_ctx *x, emit_ctx *ec, const rl_doc *doc, int sent_no, rl_zone zone,
                      unsigned flags, const char *cameo, const np *s, const np *t,
                      const vgroup *g, const char *rule)
{
    if (!strchr(s->code, '/') && !(t && strchr(t->code, '/')))
        return emit_one(x, ec, doc, sent_no, zone, flags, cameo, s, t, g, rule);
    int n = 0;
    np ss = *s, tt;
    if (t)
        tt = *t;
    for (const char *a = s->code; *a && !ec->stop;) {
        const char *sl = strchr(a, '/');
        size_t la = sl ? (size_t)(sl - a) : strlen(a);
        snprintf(ss.code, sizeof ss.code, "%.*s", (int)la, a);
        if (!t) {
            n += emit_one(x, ec, doc, sent_no, zone, flags, cameo, &ss, NULL, g, rule);
        } else {
            for (const char *b = t->code; *b && !ec->stop;) {
                const char *sb = strchr(b, '/');
                size_t lb = sb ? (size_t)(sb - b) : strlen(b);
                snprintf(tt.code, sizeof tt.code, "%.*s", (int)lb, b);
                n += emit_one(x, ec, doc, sent_no, zone, flags, cameo, &ss, &tt, g, rule);
                b = sb ? sb + 1 : b + lb;
            }
        }
        a = sl ? sl + 1 : a + la;
    }
    return n;
}

/* Every source x target pair of two compound groups. */
static int emit_pairs(sent_ctx *x, emit_ctx *ec, const rl_doc *doc, int sent_no, rl_zone zone,
                      unsigned flags, const char *cameo, int sg, int tg, const vgroup *g,
                      const char *rule)
{
    int n = 0;
    for (size_t a = 0; a < x->n_nps && !ec->stop; a++) {
        const np *s = &x->nps[a];
        if (s->group != sg || !s->has_actor || s->proxy)
            continue;
        if (tg < 0) {
            n += emit_split(x, ec, doc, sent_no, zone, flags, cameo, s, NULL, g, rule);
            continue;
        }
        for (size_t b = 0; b < x->n_nps && !ec->stop; b++) {
            const np *t = &x->nps[b];
            if (t->group != tg || !t->has_actor || t->proxy || a == b)
                continue;
            n += emit_split(x, ec, doc, sent_no, zone, flags, cameo, s, t, g, rule);
        }
    }
    return n;
}

/* CAMEO codes an intended or announced act by its intent: cooperation
 * becomes "express intent to" (03x), conflict becomes "threaten" (13x).
 * Returns the intent code, or NULL when the code has none (statements,
 * appeals, verbal acts, which are already verbal). */
static const char *intent_code(const char *code)
{
    static const struct { const char *from, *to; } exact[] = {
        {"061", "0311"}, {"062", "0312"}, {"063", "0313"}, {"064", "0314"},
        {"071", "0331"}, {"072", "0332"}, {"073", "0333"}, {"074", "0334"},
        {"081", "0351"}, {"082", "0352"}, {"083", "034"}, {"084", "0353"},
        {"0841", "0353"}, {"0842", "0353"}, {"085", "0354"}, {"086", "0355"},
        {"087", "0356"}, {"161", "1313"}, {"162", "1311"}, {"163", "1312"},
        {"164", "134"}, {"165", "135"}, {"166", "136"}, {"172", "132"},
        {"191", "1381"}, {"192", "1382"},
    };
    for (size_t i = 0; i < sizeof exact / sizeof *exact; i++)
        if (strncmp(code, exact[i].from, strlen(exact[i].from)) == 0)
            return exact[i].to;
    static const struct { const char *root, *to; } roots[] = {
        {"04", "036"}, {"05", "032"}, {"06", "031"}, {"07", "033"}, {"08", "035"},
        {"14", "133"}, {"15", "138"}, {"16", "131"}, {"17", "137"}, {"18", "1383"},
        {"19", "1384"}, {"20", "1385"},
    };
    for (size_t i = 0; i < sizeof roots / sizeof *roots; i++)
        if (strncmp(code, roots[i].root, 2) == 0)
            return roots[i].to;
    return NULL;
}

static int null_code(const char *code)
{
    return !code[0] || strcmp(code, "---") == 0;
}

/* The threat form of an act: conflict acts map as intent_code() does;
 * cooperation withheld unless a condition is met is a threat too. */
static const char *threat_code(const char *code)
{
    const char *ic = intent_code(code);
    if (ic && ic[0] == '1')
        return ic;
    if (code[0] == '0' && (code[1] == '1' || code[1] == '2'))
        return NULL;
    /* a conditional offer ("would meet him if ...") stays an offer */
    if (code[0] == '0' && code[1] >= '3' && code[1] <= '7')
        return ic;
    if (strncmp(code, "08", 2) == 0)
        return "131"; /* "will withdraw ... unless" */
    return "130";
}

/* CAMEO roots whose verbs take the subject of their complement clause as
 * target when they have no object. */
static int takes_complement(const char *code)
{
    /* every act but a plain statement: "believes Dagolath can cope",
     * "allowed that Mordor isn't ..." */
    return !(code[0] == '0' && code[1] == '1');
}

static void code_verb(sent_ctx *x, emit_ctx *ec, vgroup *g, const rl_doc *doc, int sent_no,
                      rl_zone zone)
{
    if (g->nominal) {
        int nsg, ntg, light;
        if (!clause_nominal_roles(x, g, &nsg, &ntg, &light))
            return;
        /* "provided aid to Ukraine", "sent weapons to": the noun is the
         * object of a verb that has already coded the act */
        if (light && g > x->vg && g[-1].done_event && !g[-1].nominal)
            return;
        const dict_verb_form *nf = &x->d->verb_forms.v[g->form];
        const char *ncode = nf->code;
        char nc[DICT_CODE_MAX];
        snprintf(nc, sizeof nc, "%s", null_code(ncode) ? x->d->verb_blocks.v[nf->block].code : ncode);
        /* "Putin's visit to China" and its host, as the verb codes them */
        char *colon = strchr(nc, ':');
        const char *nc2 = "";
        if (colon) {
            *colon = '\0';
            nc2 = colon + 1;
        }
        /* The verb's patterns for its noun, in one pass: a pattern that names
         * only words before the noun decides its code ("a general strike",
         * "a hunger strike"); else a noun with no code of its own takes the
         * best pattern, as the verb would ("a suspension of flights"). */
        const dict_verb_block *nb = &x->d->verb_blocks.v[nf->block];
        const dict_pattern *np_pat = NULL, *before = NULL;
        binding nbest = {-1, -1, -1, 0, 0, -1, 0};
        int want_best = null_code(nc);
        for (uint32_t k = 0; k < nb->n_patterns && !before; k++) {
            const dict_pattern *p = &x->d->patterns.v[nb->first_pattern + k];
            int only_before = p->verb_at + 1u == p->n && p->verb_at > 0;
            binding b;
            if ((!only_before && !want_best) || null_code(p->code) || strchr(p->code, ':') ||
                strcmp(p->code, "+++") == 0 || !try_pattern(x, g, p, &b))
                continue;
            if (only_before)
                before = p;
            else if (b.score > nbest.score) {
                nbest = b;
                np_pat = p;
            }
        }
        if (before)
            np_pat = before;
        if (np_pat) {
            snprintf(nc, sizeof nc, "%s", np_pat->code);
            nc2 = "";
        } else if (want_best) {
            return;
        }
        if (null_code(nc))
            return;
        if (np_pat)
            snprintf(x->c->rule, sizeof x->c->rule, "%s:%d %s (noun)", np_pat->src.file,
                     np_pat->src.line, np_pat->text ? np_pat->text : "");
        else
            snprintf(x->c->rule, sizeof x->c->rule, "%s:%d %s [%s] (noun)", nf->src.file,
                     nf->src.line, intern_str(x->d->words, nf->lemma), nc);
        int ne = emit_pairs(x, ec, doc, sent_no, zone, x->base_flags, nc, nsg, ntg, g,
                            x->c->rule);
        if (nc2[0] && !null_code(nc2) && nsg != ntg)
            ne += emit_pairs(x, ec, doc, sent_no, zone, x->base_flags, nc2, ntg, nsg, g,
                             x->c->rule);
        if (ne)
            g->done_event = 1;
        return;
    }
    const rl_dict *d = x->d;
    const dict_verb_form *f = &d->verb_forms.v[g->form];
    const dict_verb_block *blk = &d->verb_blocks.v[f->block];
    binding best = {-1, -1, -1, 0, 0, -1, 0};
    const dict_pattern *bp = NULL;
    for (uint32_t k = 0; k < blk->n_patterns; k++) {
        const dict_pattern *p = &d->patterns.v[blk->first_pattern + k];
        binding b;
        /* CAMEO.2.0's null patterns were TABARI's noun/verb guards ("- *
         * &AIRCRAFT [---]"); with parts of speech they only hide events */
        if (x->c->opts.conventions && null_code(p->code))
            continue;
        if (try_pattern(x, g, p, &b) && b.score > best.score && !clause_steals_clause(x, g, &b)) {
            best = b;
            bp = p;
        }
    }
    if (x->c->opts.trace)
        fprintf(x->c->opts.trace, "trace: verb at %u: %u patterns, best %s (src np %d, tgt np %d)\n",
                g->v0 - x->s0, blk->n_patterns, bp ? bp->text : "(none)", best.src, best.tgt);
    const char *code = bp ? bp->code : f->code;
    const char *code2 = bp ? bp->code2 : "";
    /* "[+++]" on a pattern: the pattern fires (its words mark the
     * construction) but the verb's own code applies */
    if (bp && strcmp(code, "+++") == 0)
        code = f->code;
    if (null_code(code) || strcmp(code, "+++") == 0)
        code = (bp && null_code(bp->code)) ? bp->code : blk->code;
    /* verbs and blocks may carry "[032:033]": the second code is the
     * reciprocal event, target -> source */
    char c1[DICT_CODE_MAX], c2[DICT_CODE_MAX];
    const char *colon = strchr(code, ':');
    if (colon) {
        size_t n1 = (size_t)(colon - code);
        snprintf(c1, sizeof c1, "%.*s", (int)n1, code);
        snprintf(c2, sizeof c2, "%s", colon + 1);
        code = c1;
        if (!code2[0])
            code2 = c2;
    }
    if (null_code(code))
        return;
    if (bp)
        snprintf(x->c->rule, sizeof x->c->rule, "%s:%d %s", bp->src.file, bp->src.line,
                 bp->text ? bp->text : "");
    else
        snprintf(x->c->rule, sizeof x->c->rule, "%s:%d %s [%s]", f->src.file, f->src.line,
                 intern_str(d->words, f->lemma), code);

    unsigned flags = x->base_flags;
    /* a pattern that spells out the auxiliaries ("- WILL NOT * [081]",
     * "- &NEGATVAUXVRB EVER * ...") has already given them their meaning */
    int spelled = bp && best.lo <= g->g0 && best.lo < g->v0;
    if (g->negated && !best.consumed_neg && !spelled)
        flags |= RL_EV_NEGATED;
    if (!bp && clause_neither_before(x, g))
        flags |= RL_EV_NEGATED; /* "Neither Japan nor Korea criticized" */
    if (g->hypothetical && !spelled)
        flags |= RL_EV_HYPOTHETICAL;
    if (g->future && !spelled)
        flags |= RL_EV_FUTURE;
    if (clause_is_reported(x, g))
        flags |= RL_EV_REPORTED;

    memcpy(g->code_root, code, 2);
    g->code_root[2] = '\0';
    /* "will not accept refugees": cooperation refused for the future is a
     * rejection, CAMEO 12 ("does not consider" stays a plain negation) */
    if (x->c->opts.conventions && (flags & RL_EV_NEGATED) && (flags & RL_EV_FUTURE) &&
        !(flags & RL_EV_HYPOTHETICAL) && code[0] == '0' && code[1] >= '3' && code[1] <= '8') {
        static const char *const reject[] = {"120", "125", "120", "121", "122", "124"};
        code = reject[code[1] - '3'];
        code2 = "";
        flags &= ~(unsigned)RL_EV_NEGATED;
        size_t rl = strlen(x->c->rule);
        snprintf(x->c->rule + rl, sizeof x->c->rule - rl, " (negated: reject)");
    } else if (x->c->opts.conventions && (flags & RL_EV_FUTURE) && !(flags & RL_EV_NEGATED)) {
        /* "will withdraw ... unless" is a threat, whatever the act */
        const char *ic = clause_has_condition_after(x, g) ? threat_code(code) : intent_code(code);
        if (ic) {
            code = ic;
            code2 = ""; /* an intent goes one way: no host for a planned visit */
            size_t rl = strlen(x->c->rule);
            snprintf(x->c->rule + rl, sizeof x->c->rule - rl, " (intent)");
        }
    }

    int sg = -1, tg = -1;
    int subj_for_comp = best.comp >= 0 ? clause_find_subject(x, g) : -1;
    if (best.comp >= 0 && subj_for_comp >= 0 && subj_for_comp != best.comp &&
        clause_comp_after_verb(x, g, best.comp)) {
        /* "Eriador agrees with the Philippines and France": the subject
         * acts on each member of the compound */
        sg = subj_for_comp;
        tg = best.comp;
        best.comp = -1;
        best.src = sg;
        best.tgt = tg;
    }
    if (best.comp >= 0) {
        sg = tg = best.comp;
    } else {
        sg = best.src;
        tg = best.tgt;
        if (sg < 0) {
            const vgroup *prev = NULL;
            if (g->coordinated) {
                /* inherit the subject of the previous verb */
                for (const vgroup *pv = g; pv > x->vg;) {
                    pv--;
                    if (!prev && !pv->nominal)
                        prev = pv;
                    if (pv->subj >= 0) {
                        sg = pv->subj;
                        break;
                    }
                }
            }
            if (sg < 0) {
                sg = clause_find_subject(x, g);
                /* "a roadside bombing killed one soldier and wounded two
                 * others": the phrase before "and" is the object of the
                 * verb before, not this verb's subject */
                if (sg >= 0 && prev && x->nps[sg].t0 >= prev->v1)
                    sg = -1;
            }
            /* "issued a declaration demanding that ...": a participle
             * after the object of the verb before shares its subject */
            if (sg < 0 && !g->nominal && (x->t[g->v0].vform & VF_GERUND) && g->g0 == g->v0 &&
                g->g0 > x->s0 + 1 && x->t[g->g0 - 1].pos == POS_NOUN &&
                x->np_at[g->g0 - 1 - x->s0] >= 0 && !x->nps[x->np_at[g->g0 - 1 - x->s0]].has_actor &&
                g > x->vg && !g[-1].nominal && g[-1].subj >= 0)
                sg = g[-1].subj;
            /* "opposes any attempt to take": the act a noun names is not
             * the subject's own */
            if (sg < 0 && g->infinitive &&
                !(g->g0 > x->s0 + 1 && x->t[g->g0 - 1].pos == POS_NOUN)) {
                for (const vgroup *pv = g; pv > x->vg;) {
                    pv--;
                    if (pv->subj >= 0) {
                        sg = pv->subj;
                        break;
                    }
                }
            }
        }
        if (g->passive && best.src < 0 && best.tgt < 0) {
            /* "Ukraine was invaded by Russia": by-agent is the source */
            int by = -1;
            for (uint32_t i = g->v1; i + 1 < x->s1 && i < g->v1 + 6; i++) {
                if (is_w(x, i, MW_BY)) {
                    uint32_t pos = i + 1;
                    by = match_fwd_actor(x, &pos, 1, 0);
                    if (by >= 0)
                        by = x->nps[by].group;
                    break;
                }
                if (is_clause_break(x, i))
                    break;
            }
            int patient = sg;
            if (patient < 0 && g->g0 > x->s0) {
                /* "a camp for Congolese refugees was attacked": the actor
                 * inside the subject phrase suffers */
                int n = x->np_at[g->g0 - 1 - x->s0];
                if (n >= 0 && x->nps[n].has_actor && !x->nps[n].agent_only &&
                    x->nps[n].t0 > x->s0 + 1 &&
                    (is_w(x, x->nps[n].t0 - 1, MW_FOR) || is_w(x, x->nps[n].t0 - 1, MW_OF)) &&
                    x->np_at[x->nps[n].t0 - 2 - x->s0] >= 0)
                    patient = x->nps[n].group;
            }
            sg = by;
            tg = patient;
        } else if (tg < 0) {
            /* a pattern that matched words after the verb ("said ... boycott")
             * leaves the object after its last word */
            tg = clause_find_object(x, g->v1, sg);
            /* "said recent dialogues with China indicated ...": a statement
             * names its addressee right after the verb ("told China"), not
             * inside the clause it reports */
            if (tg >= 0 && code[0] == '0' && code[1] == '1' &&
                lexicon_is_report_verb(x->d->lex, x->t[g->v0].lemma)) {
                uint32_t st = x->s1;
                for (size_t r = 0; r < x->n_nps; r++)
                    if (x->nps[r].group == tg && x->nps[r].t0 < st)
                        st = x->nps[r].t0;
                if (st > g->v1 + 2)
                    tg = -1;
            }
            if (tg < 0 && bp && best.hi > g->v1) {
                /* ... unless the pattern's last word heads an actor's phrase
                 * ("rejected a United Nations appeal") */
                int last = x->np_at[best.hi - 1 - x->s0];
                tg = clause_find_object(x, (last >= 0 && x->nps[last].has_actor)
                                               ? x->nps[last].t0 : best.hi, sg);
            }
            if (tg < 0 && sg >= 0 && code[0] == '1' && code[1] == '3')
                tg = clause_conditional_subject(x, g);
            if (tg < 0 && sg >= 0 && !(code[0] == '0' && (code[1] == '1' || code[1] == '2')))
                tg = clause_fronted_target(x, g, sg);
            if (tg < 0 && sg >= 0) {
                int must = 0;
                int cs = clause_complement_subject(x, g, &must);
                if (cs >= 0 && cs != sg) {
                    if (takes_complement(code)) {
                        tg = cs;
                    } else if (must && code[0] == '0' && code[1] == '1') {
                        /* "Russia said Sudan must return the helicopter" */
                        tg = cs;
                        code = "100";
                        size_t rl = strlen(x->c->rule);
                        snprintf(x->c->rule + rl, sizeof x->c->rule - rl, " (must: demand)");
                    }
                }
            }
        }
    }
    /* "demanded an admission by Moscow", "investigating crimes by Croatian
     * extremists": the actor behind the act a verbal conflict is about */
    if (tg < 0 && sg >= 0 && x->c->opts.conventions && !g->passive &&
        ((code[0] == '0' && code[1] == '9') || (code[0] == '1' && code[1] <= '2')))
        tg = by_in_object(x, g, sg);
    /* "shelled targets in Jenin": force used with no actor on the receiving
     * end strikes the place where it was used */
    if (tg < 0 && sg >= 0 && x->c->opts.conventions &&
        ((code[0] == '1' && code[1] >= '8') || code[0] == '2'))
        tg = place_target(x, g, sg);
    /* "Indian and Pakistani officials met": cooperation within a compound
     * subject with no other party is mutual */
    if (tg < 0 && sg >= 0 && best.comp < 0 && code[0] == '0' && code[1] >= '3' &&
        code[1] <= '6' && clause_group_size(x, sg) > 1)
        tg = sg;
    g->subj = sg >= 0 && !g->passive ? sg : (g->passive ? tg : -1);
    if (sg < 0)
        return;
    /* "pledged to send weapons": the announced act is the event, not the
     * bare pledge (030) */
    if (x->c->opts.conventions && code[0] == '0' && code[1] == '3' && !bp &&
        g + 1 < x->vg + x->n_vg && g[1].intent_inf && g[1].g0 >= g->v1 && g[1].g0 <= g->v1 + 2) {
        const dict_verb_form *nf = &x->d->verb_forms.v[g[1].form];
        if (!null_code(nf->code) || !null_code(x->d->verb_blocks.v[nf->block].code)) {
            g->done_event = 0;
            return;
        }
    }
    int n = emit_pairs(x, ec, doc, sent_no, zone, flags, code, sg, best.comp >= 0 ? best.comp : tg,
                       g, x->c->rule);
    if (code2[0] && !null_code(code2) && tg >= 0 && best.comp < 0)
        n += emit_pairs(x, ec, doc, sent_no, zone, flags, code2, tg, sg, g, x->c->rule);
    if (n > 0)
        g->done_event = 1;
}

/* ---- names no dictionary knows -------------------------------------- */

/* Runs of capitalised words outside every mention: "Stephen Orlins",
 * "Cumhuriyet University".  A sentence's first word alone is skipped (it is
 * capitalised anyway), and so are function words. */
static void report_unknown_names(const sent_ctx *x)
{
    rl_span sent;
    sent.text = x->td->doc + x->t[x->s0].db;
    sent.len = x->t[x->s1 - 1].de - x->t[x->s0].db;
    sent.start = x->t[x->s0].cb;
    sent.end = x->t[x->s1 - 1].ce;
    for (uint32_t i = x->s0; i < x->s1;) {
        if (x->t[i].pos != POS_PROPN || phrase_mention_at(x, i) >= 0) {
            i++;
            continue;
        }
        uint32_t j = i;
        while (j < x->s1 && phrase_mention_at(x, j) < 0 &&
               (x->t[j].pos == POS_PROPN ||
                /* "Ahmed bin Salman", "Bank of England" */
                ((x->t[j].pos == POS_PREP || x->t[j].pos == POS_NOUN) && j + 1 < x->s1 &&
                 x->t[j + 1].pos == POS_PROPN && j > i && !(x->t[j].flags & TOK_CAP) &&
                 x->t[j].ne - x->t[j].nb <= 3)))
            j++;
        while (j > i && x->t[j - 1].pos != POS_PROPN)
            j--;
        if (!(j == i + 1 && i == x->s0)) {
            rl_span name;
            name.text = x->td->doc + x->t[i].db;
            name.len = x->t[j - 1].de - x->t[i].db;
            name.start = x->t[i].cb;
            name.end = x->t[j - 1].ce;
            x->c->opts.unknown_fn(&name, &sent, x->c->opts.unknown_ud);
        }
        i = j > i ? j : i + 1;
    }
}

/* ---- trace ----------------------------------------------------------- */

/* One line of tokens "word/TAG", then the noun phrases and verb groups:
 * what a dictionary author needs to see why a sentence coded as it did. */
static void trace_sentence(const sent_ctx *x)
{
    FILE *f = x->c->opts.trace;
    fputs("trace: tokens:", f);
    for (uint32_t i = x->s0; i < x->s1; i++) {
        size_t n;
        const char *w = tok_str(x->td, &x->t[i], &n);
        fprintf(f, " %.*s/%s", (int)n, w, pos_name((pos_tag)x->t[i].pos));
    }
    fputc('\n', f);
    for (size_t k = 0; k < x->n_nps; k++) {
        const np *p = &x->nps[k];
        if (!p->has_actor)
            continue;
        size_t n0, n1;
        const char *a = tok_str(x->td, &x->t[p->t0], &n0);
        const char *b = tok_str(x->td, &x->t[p->t1 - 1], &n1);
        fprintf(f, "trace: np %zu [%.*s .. %.*s] code=%s group=%d%s%s%s\n", k,
                (int)n0, a, (int)n1, b, p->code, p->group, p->pp ? " pp" : "",
                p->proxy ? " proxy" : "", p->absorbed ? " absorbed" : "");
    }
    for (size_t k = 0; k < x->n_vg; k++) {
        const vgroup *g = &x->vg[k];
        const dict_verb_form *fm = &x->d->verb_forms.v[g->form];
        size_t n;
        const char *w = tok_str(x->td, &x->t[g->v0], &n);
        fprintf(f, "trace: verb %zu '%.*s' block=%s code=%s%s%s%s%s%s%s\n", k, (int)n, w,
                x->d->verb_blocks.v[fm->block].name, fm->code, g->passive ? " passive" : "",
                g->negated ? " negated" : "", g->hypothetical ? " hypothetical" : "",
                g->future ? " future" : "", g->infinitive ? " infinitive" : "",
                g->coordinated ? " coordinated" : "");
    }
}

/* ---- sentences and documents --------------------------------------- */

static int sentence_discarded(const sent_ctx *x, int story)
{
    if (x->d->discards.n == 0)
        return 0;
    for (uint32_t i = x->s0; i < x->s1; i++) {
        uint32_t k = 0;
        if (match_discard(x->d, x->t, i, x->s1, &k) && x->d->discards.v[k].story == story)
            return 1;
    }
    return 0;
}

/* The per-sentence state of one analysed text, in the coder's arena. */
static sent_ctx *new_sent_ctx(rl_coder *c, const text_doc *td, int date)
{
    sent_ctx *x = arena_alloc(&c->mem, sizeof *x);
    if (!x)
        return NULL;
    x->c = c;
    x->d = c->d;
    x->ix = c->d->index;
    x->td = td;
    x->t = td->toks;
    x->date = date;
    return x;
}

/* Tokens [s0,s1) of x's text up to its noun phrases: tags, actor and agent
 * mentions, phrases with composed codes and compound groups.  Coding and
 * rl_coder_lookup share it, so a lookup sees what coding sees. */
static rl_status analyse_phrases(sent_ctx *x, uint32_t s0, uint32_t s1)
{
    rl_coder *c = x->c;
    x->s0 = s0;
    x->s1 = s1;
    lexicon_tag(c->d->lex, x->td, s0, s1);
    size_t nt = s1 - s0;
    x->men = arena_alloc(&c->mem, nt * sizeof *x->men);
    x->np_at = arena_alloc(&c->mem, nt * sizeof *x->np_at);
    x->verb_at = arena_alloc(&c->mem, nt * sizeof *x->verb_at);
    if (!x->men || !x->np_at || !x->verb_at)
        return RL_ERR_NOMEM;
    phrase_find_mentions(x);
    phrase_repair_tags(x);
    phrase_build_nps(x);
    phrase_group_compounds(x);
    phrase_share_agents(x);
    phrase_fold_agents(x);
    phrase_remember_codes(x);
    return RL_OK;
}

static rl_status code_text(rl_coder *c, const rl_doc *doc, const char *text, size_t len,
                           const rl_zone_span *zones, size_t nz, int title, emit_ctx *ec,
                           rl_error *err)
{
    text_doc td;
    rl_status st = text_analyze(&c->mem, c->d->words, text, len, zones, nz, &td, err);
    if (st) {
        /* name the document: "file:line: text of N bytes has more than ..." */
        if (err) {
            char why[sizeof err->msg];
            memcpy(why, err->msg, sizeof why);
            err_set(err, st, doc->origin, 0, 0, "%s", why);
        }
        return st;
    }
    sent_ctx *x = new_sent_ctx(c, &td, doc->date);
    if (!x)
        return err_set(err, RL_ERR_NOMEM, doc->origin, 0, 0, "out of memory coding document");
    /* each sentence's scratch arrays are given back before the next */
    arena_mark sentence_mark = arena_save(&c->mem);
    x->base_flags = title ? RL_EV_TITLE : 0;
    /* story-level discards */
    for (size_t s = 0; s < td.n_sents; s++) {
        x->s0 = td.sents[s].t0;
        x->s1 = td.sents[s].t1;
        if (x->s1 > x->s0 && sentence_discarded(x, 1)) {
            c->stats.discarded++;
            return RL_OK;
        }
    }
    /* the body first, then the headline: a headline's "Campbell warns
     * Beijing" is read with what the body has said about Campbell */
    for (size_t pass = 0, s = 0; pass < 2 && !ec->stop; s = 0, pass++)
    for (; s < td.n_sents && !ec->stop; s++) {
        const sentence *se = &td.sents[s];
        if (se->zone != (pass == 0 ? RL_ZONE_BODY : RL_ZONE_HEADLINE))
            continue;
        if (se->t1 <= se->t0)
            continue;
        c->stats.sentences++;
        uint32_t s0 = se->t0, s1 = se->t1;
        if (s1 - s0 > (uint32_t)c->opts.max_sentence_tokens)
            s1 = s0 + (uint32_t)c->opts.max_sentence_tokens;
        c->stats.tokens += s1 - s0;
        x->s0 = s0;
        x->s1 = s1;
        c->doc.sent++;
        /* a headline: its zone, the title, or a short line without a full
         * stop */
        x->headline = (uint8_t)(title || se->zone == RL_ZONE_HEADLINE ||
                                (s1 - s0 <= 15 && !(x->t[s1 - 1].flags & TOK_PUNCT)));
        if (sentence_discarded(x, 0)) {
            c->stats.discarded++;
            continue;
        }
        arena_restore(&c->mem, sentence_mark);
        if (analyse_phrases(x, s0, s1) != RL_OK)
            return err_set(err, RL_ERR_NOMEM, doc->origin, 0, 0, "out of memory coding document");
        clause_find_verbs(x);
        if (c->opts.unknown_fn)
            report_unknown_names(x);
        if (c->opts.trace)
            trace_sentence(x);
        int sent_no = title ? 0 : (int)s + 1;
        rl_zone zone = title ? RL_ZONE_HEADLINE : se->zone;
        int irrealis = 0;
        for (size_t v = 0; v < x->n_vg && !ec->stop; v++) {
            vgroup *g = &x->vg[v];
            /* what is demanded, urged or appealed for has not happened */
            if (g->coordinated)
                irrealis = 0; /* "condemned the attack and promised aid" */
            if (irrealis && !g->nominal)
                g->hypothetical = 1;
            /* "urged Bree to help": an infinitive under a verb that coded
             * an event belongs to that event */
            if (g->infinitive && v > 0 && x->vg[v - 1].done_event && !g->intent_inf)
                continue;
            code_verb(x, ec, g, doc, sent_no, zone);
            /* demands, disapproval, rejection, threats: what they are
             * about has not happened ("opposes any attempt to take") */
            if (g->code_root[0] == '1' && g->code_root[1] >= '0' && g->code_root[1] <= '3')
                irrealis = 1;
            if (g->code_root[0] == '0' && g->code_root[1] == '2')
                irrealis = 1;
        }
        phrase_remember_pair(x);
        /* the subject person of this sentence is whom a "he" means next */
        for (size_t v = 0; v < x->n_vg; v++) {
            int sg = x->vg[v].subj;
            if (sg >= 0 && sg < (int)x->n_nps && x->nps[sg].person &&
                x->nps[sg].actor != UINT32_MAX) {
                c->doc.person = x->nps[sg].actor;
                c->doc.person_sent = c->doc.sent;
                break;
            }
        }
    }
    return RL_OK;
}

rl_status rl_coder_lookup(rl_coder *c, const char *text, int date, rl_lookup *out,
                          rl_error *err)
{
    memset(out, 0, sizeof *out);
    if (!text)
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "lookup: no text");
    arena_reset(&c->mem);
    memset(&c->doc, 0, sizeof c->doc);
    c->doc.person_sent = -1;
    c->doc.pair_sent = -1;
    c->doc.person_code[0] = '\0';
    c->doc.person_code_of = UINT32_MAX;
    size_t len = strlen(text);
    text_doc td;
    rl_status st = text_analyze(&c->mem, c->d->words, text, len, NULL, 0, &td, err);
    if (st)
        return st;
    sent_ctx *x = new_sent_ctx(c, &td, date);
    if (!x)
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    /* the phrase machinery of one sentence, on each sentence in turn, up
     * to the first noun phrase with an actor */
    for (size_t s = 0; s < td.n_sents; s++) {
        if (td.sents[s].t1 <= td.sents[s].t0)
            continue;
        if (analyse_phrases(x, td.sents[s].t0, td.sents[s].t1) != RL_OK)
            return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
        for (size_t n = 0; n < x->n_nps; n++) {
            const np *p = &x->nps[n];
            if (!p->has_actor || p->absorbed)
                continue;
            snprintf(out->code, sizeof out->code, "%s", p->code);
            out->start = x->t[p->a0].cb;
            out->end = x->t[p->a1 - 1].ce;
            for (size_t m = 0; m < x->n_men; m++) {
                const mention *mm = &x->men[m];
                if (mm->t0 < p->t0 || mm->t1 > p->t1)
                    continue;
                if (mm->is_actor && !out->actor_file) {
                    uint32_t a = mm->is_actor == 2 ? mm->item
                                                   : c->d->actor_phrases.v[mm->item].actor;
                    out->actor_file = c->d->actors.v[a].src.file;
                    out->actor_line = c->d->actors.v[a].src.line;
                } else if (!mm->is_actor && !out->agent_file) {
                    out->agent_file = c->d->agents.v[mm->item].src.file;
                    out->agent_line = c->d->agents.v[mm->item].src.line;
                }
            }
            /* "soldiers from Gondor": the folded actor's record */
            if (!out->actor_file && p->proxy) {
                for (size_t r = n + 1; r < x->n_nps && x->nps[r].group == p->group; r++)
                    if (x->nps[r].actor != UINT32_MAX) {
                        out->actor_file = c->d->actors.v[x->nps[r].actor].src.file;
                        out->actor_line = c->d->actors.v[x->nps[r].actor].src.line;
                        out->end = x->t[x->nps[r].a1 - 1].ce;
                        break;
                    }
            }
            arena_reset(&c->mem);
            return RL_OK;
        }
    }
    arena_reset(&c->mem);
    return RL_OK;
}

rl_status rl_coder_code_doc(rl_coder *c, const rl_doc *doc, rl_event_fn fn, void *ud,
                            rl_error *err)
{
    emit_ctx ec = {fn, ud, 0};
    arena_reset(&c->mem);
    memset(&c->doc, 0, sizeof c->doc);
    c->doc.person_sent = -1;
    c->doc.pair_sent = -1;
    c->doc.person_code[0] = '\0';
    c->doc.person_code_of = UINT32_MAX;
    c->stats.docs++;
    rl_status st = RL_OK;
    /* the text before the title, for the same reason as the headline */
    st = code_text(c, doc, doc->text, doc->text_len, doc->zones, doc->n_zones, 0, &ec, err);
    if (!st && !ec.stop && doc->title && *doc->title)
        st = code_text(c, doc, doc->title, strlen(doc->title), NULL, 0, 1, &ec, err);
    arena_reset(&c->mem);
    return st;
}
