/*
 * code.c - the coder: from a document to events.
 *
 * The pipeline, top to bottom, for every sentence of a document:
 *
 *   text_analyze   tokens and sentences with offsets           (text.c)
 *   lexicon_tag    parts of speech, lemmas                     (lexicon.c)
 *   find_mentions  actor and agent phrases, longest first      (match.c)
 *   build_nps      noun phrases with composed codes ("Chinese officials"
 *                  -> CHNGOV), compounds ("Japan and the Philippines")
 *   find_verbs     verb groups with negation, modality, passive
 *   code_verb      the best pattern of the verb's block binds source and
 *                  target; otherwise subject and object are found by
 *                  clause position; passives are turned around
 *   emit           one event per source x target, filtered by flags
 *
 * This is shallow, TABARI-style matching over tokens: no parse tree.  It
 * must not print; everything leaves through the rl_event callback.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "lexicon.h"
#include "match.h"
#include "match_int.h"
#include "text.h"

#define NP_CODE_MAX 64
#define MAX_NPS 512
#define MAX_VERBS 256
#define MAX_GROUP 16
#define RULE_MAX 512

typedef struct mention {
    uint32_t t0, t1;
    uint8_t is_actor;  /* 0 agent, 1 actor phrase, 2 actor by surname */
    uint32_t item;     /* agent index, actor phrase index, or actor index (2) */
} mention;

typedef struct np {
    uint32_t t0, t1;   /* the whole chunk */
    uint32_t a0, a1;   /* span shown as the actor's text */
    char code[NP_CODE_MAX];
    uint8_t has_actor, pp;  /* pp: preceded by a preposition */
    uint8_t absorbed;       /* folded into an agent NP ("soldiers from Gondor") */
    uint8_t proxy;          /* an agent NP standing for the actor group it took */
    uint8_t agent_only;     /* agents without a country: code "---GOV" */
    int group;              /* compound group id (index of its first NP) */
} np;

typedef struct vgroup {
    uint32_t g0;       /* first token of the verb group (auxiliaries) */
    uint32_t v0, v1;   /* the verb form matched */
    uint32_t form;
    uint8_t passive, negated, hypothetical, future, infinitive, coordinated;
    uint8_t nominal;   /* an event noun: "Xi's meeting with Lavrov" */
    char code_root[3]; /* the CAMEO root the verb coded as, "" none */
    uint8_t intent_inf; /* infinitive under a word of intent ("offered to") */
    int subj;          /* np index of the subject, -1 none */
    int done_event;    /* produced an event */
    uint8_t by_pattern;
} vgroup;

/* Bindings of one pattern match. */
typedef struct binding {
    int src, tgt, comp; /* np indexes, -1 unbound */
    uint32_t lo, hi;    /* tokens covered by the pattern */
    int score;
    uint8_t consumed_neg;
} binding;

struct rl_coder {
    const rl_dict *d;
    rl_coder_opts opts;
    arena mem;
    rl_coder_stats stats;
    char rule[RULE_MAX];
    char src_code[NP_CODE_MAX], tgt_code[NP_CODE_MAX];
};

/* Per-sentence working state. */
typedef struct sent_ctx {
    rl_coder *c;
    const rl_dict *d;
    const match_index *ix;
    const text_doc *td;
    const token *t;
    uint32_t s0, s1;      /* sentence tokens */
    int date;
    mention *men;
    size_t n_men;
    np nps[MAX_NPS];
    size_t n_nps;
    int *np_at;           /* token -> np index, -1 */
    vgroup vg[MAX_VERBS];
    size_t n_vg;
    int *verb_at;         /* token -> vgroup index, -1 */
    unsigned base_flags;  /* RL_EV_TITLE when coding the title */
} sent_ctx;

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
    arena_free(&c->mem);
    free(c);
}

void rl_coder_stats_get(const rl_coder *c, rl_coder_stats *st)
{
    *st = c->stats;
}

/* ---- small predicates ---------------------------------------------- */

static int is_w(const sent_ctx *x, uint32_t i, int mw)
{
    return x->t[i].word && x->t[i].word == x->ix->mw[mw];
}

static int is_punct(const sent_ctx *x, uint32_t i, char ch)
{
    const token *k = &x->t[i];
    return (k->ne - k->nb) == 1 && x->td->norm.s[k->nb] == ch;
}

static int is_nominal(const sent_ctx *x, uint32_t i)
{
    switch (x->t[i].pos) {
    case POS_DET: case POS_ADJ: case POS_NOUN: case POS_PROPN: case POS_NUM:
    case POS_POSS: case POS_POSSPRON:
        return 1;
    default:
        return 0;
    }
}

/* Tokens that end a clause for subject/object search. */
static int is_clause_break(const sent_ctx *x, uint32_t i)
{
    const token *k = &x->t[i];
    if (k->pos == POS_SUB || k->pos == POS_WH)
        return 1;
    if (is_punct(x, i, ';') || is_punct(x, i, ':') || is_punct(x, i, '(') ||
        is_punct(x, i, ')'))
        return 1;
    if (k->flags & TOK_QUOTE)
        return 1;
    return 0;
}

static int is_verbish(const sent_ctx *x, uint32_t i)
{
    uint8_t p = x->t[i].pos;
    return p == POS_VERB || p == POS_AUX || p == POS_MODAL;
}

/* ---- mentions and noun phrases -------------------------------------- */

static void find_mentions(sent_ctx *x)
{
    x->n_men = 0;
    for (uint32_t i = x->s0; i < x->s1;) {
        uint32_t ai = 0, gi = 0;
        uint32_t ea = match_actor(x->d, x->t, i, x->s1, &ai);
        uint32_t eg = match_agent(x->d, x->t, i, x->s1, &gi);
        if (ea && ea >= eg) {
            const dict_actor_phrase *ap = &x->d->actor_phrases.v[ai];
            const char *code = dict_actor_code(x->d, ap->actor, x->date);
            if (code && *code && strcmp(code, "---") != 0) {
                x->men[x->n_men++] = (mention){i, ea, 1, ai};
                i = ea;
                continue;
            }
            if (!eg) {
                i = ea; /* a known non-actor phrase: skip it whole */
                continue;
            }
        }
        if (eg) {
            x->men[x->n_men++] = (mention){i, eg, 0, gi};
            i = eg;
            /* a title before a surname the dictionary knows only in full:
             * "President Mugabe" */
            uint32_t k = i;
            while (k < x->s1 && x->t[k].pos == POS_PROPN && k < i + 3)
                k++;
            if (k > i && (k == x->s1 || x->t[k].pos != POS_PROPN)) {
                uint32_t a = match_surname(x->d, x->t[k - 1].word);
                if (a != UINT32_MAX && !match_actor(x->d, x->t, i, x->s1, &(uint32_t){0})) {
                    const char *code = dict_actor_code(x->d, a, x->date);
                    if (code && *code && strcmp(code, "---") != 0) {
                        x->men[x->n_men++] = (mention){i, k, 2, a};
                        i = k;
                    }
                }
            }
            continue;
        }
        i++;
    }
}

static void upcase_into(char *dst, size_t cap, const char *src)
{
    size_t n = 0;
    for (; *src && n + 1 < cap; src++)
        dst[n++] = (*src >= 'a' && *src <= 'z') ? (char)(*src - 32) : *src;
    dst[n] = '\0';
}

static void append_code(char *dst, size_t cap, const char *add)
{
    size_t n = strlen(dst), m = strlen(add);
    if (m == 0)
        return;
    /* do not repeat an agent the actor code already ends with */
    if (n >= 3 + m && memcmp(dst + n - m, add, m) == 0)
        return;
    if (n + m + 1 > cap)
        return;
    memcpy(dst + n, add, m + 1);
}

/* Compose the code of NP tokens [t0,t1) from the mentions inside it;
 * returns 1 when the NP has an actor. */
static int compose_code(sent_ctx *x, uint32_t t0, uint32_t t1, np *p, const char *extra_actor,
                        uint32_t ea0, uint32_t ea1)
{
    char pre[NP_CODE_MAX] = "", actor[NP_CODE_MAX] = "", suf[NP_CODE_MAX] = "";
    uint32_t a0 = UINT32_MAX, a1 = 0;
    for (size_t m = 0; m < x->n_men; m++) {
        const mention *mm = &x->men[m];
        if (mm->t0 < t0 || mm->t1 > t1)
            continue;
        if (mm->is_actor) {
            if (!actor[0]) {
                uint32_t act = mm->is_actor == 2 ? mm->item
                                                 : x->d->actor_phrases.v[mm->item].actor;
                upcase_into(actor, sizeof actor, dict_actor_code(x->d, act, x->date));
            } else {
                continue; /* "Dagolath's Calenardhon..." : the first actor leads */
            }
        } else {
            const dict_agent *ag = &x->d->agents.v[mm->item];
            char up[NP_CODE_MAX];
            upcase_into(up, sizeof up, ag->code);
            append_code(ag->prefix ? pre : suf, NP_CODE_MAX, up);
        }
        if (mm->t0 < a0)
            a0 = mm->t0;
        if (mm->t1 > a1)
            a1 = mm->t1;
    }
    if (!actor[0] && extra_actor) {
        upcase_into(actor, sizeof actor, extra_actor);
        if (ea0 < a0)
            a0 = ea0;
        if (ea1 > a1)
            a1 = ea1;
    }
    if (!actor[0]) {
        if (!pre[0] && !suf[0])
            return 0;
        /* agents alone: "a senior official" is a government of unknown
         * country, "---GOV", as PETRARCH writes it */
        snprintf(p->code, sizeof p->code, "%s%s", pre[0] ? pre : "---", suf);
        p->agent_only = 1;
        p->a0 = a0 == UINT32_MAX ? t0 : a0;
        p->a1 = a1 ? a1 : t1;
        return 1;
    }
    p->agent_only = 0;
    /* an actor may stand for several ("[FRO/BIL/SAM]"): compose each */
    char code[NP_CODE_MAX] = "";
    for (const char *a = actor; *a;) {
        const char *slash = strchr(a, '/');
        size_t n = slash ? (size_t)(slash - a) : strlen(a);
        char one[NP_CODE_MAX];
        snprintf(one, sizeof one, "%s%.*s", pre, (int)n, a);
        if (suf[0] && !strstr(one + (strlen(one) >= 3 ? 3 : 0), suf))
            append_code(one, sizeof one, suf);
        if (code[0] && strlen(code) + 1 < sizeof code)
            strcat(code, "/");
        if (strlen(code) + strlen(one) < sizeof code)
            strcat(code, one);
        a = slash ? slash + 1 : a + n;
    }
    memcpy(p->code, code, sizeof code);
    p->a0 = a0 == UINT32_MAX ? t0 : a0;
    p->a1 = a1 ? a1 : t1;
    return 1;
}

static int mention_at(const sent_ctx *x, uint32_t i)
{
    for (size_t m = 0; m < x->n_men; m++)
        if (x->men[m].t0 <= i && i < x->men[m].t1)
            return (int)m;
    return -1;
}

static int prep_before(const sent_ctx *x, uint32_t t0)
{
    if (t0 <= x->s0)
        return 0;
    uint8_t p = x->t[t0 - 1].pos;
    return p == POS_PREP || p == POS_TO;
}

static void build_nps(sent_ctx *x)
{
    x->n_nps = 0;
    for (uint32_t i = x->s0; i < x->s1; i++)
        x->np_at[i - x->s0] = -1;
    uint32_t i = x->s0;
    while (i < x->s1 && x->n_nps < MAX_NPS) {
        int m = mention_at(x, i);
        if (m < 0 && !is_nominal(x, i)) {
            i++;
            continue;
        }
        uint32_t j = i;
        for (;;) {
            int mj = mention_at(x, j);
            if (mj >= 0) {
                j = x->men[mj].t1;
            } else if (j < x->s1 && is_nominal(x, j) &&
                       !(x->t[j].pos == POS_DET && j > i && !is_w(x, j - 1, MW_S))) {
                j++;
            } else if (j > i && j + 1 < x->s1 && x->t[j - 1].pos == POS_ADJ &&
                       (is_w(x, j, MW_AND) || is_w(x, j, MW_OR) || is_punct(x, j, ',')) &&
                       x->t[j + 1].pos == POS_ADJ) {
                j += 2; /* "awful and evil minister" */
            } else if (j > i && j + 1 < x->s1 && (x->t[j].flags & TOK_HYPHEN_PART) &&
                       is_punct(x, j, '-') && mention_at(x, j + 1) < 0) {
                j += 2; /* "long-threatened", "US-led" stay in their phrase */
            } else {
                break;
            }
            if (j >= x->s1)
                break;
        }
        if (j == i)
            j = i + 1;
        /* "most certainly": determiners alone are no noun phrase */
        int only_det = 1;
        for (uint32_t k = i; k < j; k++)
            if (x->t[k].pos != POS_DET || mention_at(x, k) >= 0)
                only_det = 0;
        if (only_det) {
            i = j;
            continue;
        }
        np *p = &x->nps[x->n_nps];
        memset(p, 0, sizeof *p);
        p->t0 = i;
        p->t1 = j;
        p->group = (int)x->n_nps;
        p->pp = (uint8_t)prep_before(x, i);
        p->has_actor = (uint8_t)compose_code(x, i, j, p, NULL, 0, 0);
        for (uint32_t k = i; k < j; k++)
            x->np_at[k - x->s0] = (int)x->n_nps;
        x->n_nps++;
        i = j;
    }
}

/* Join actor NPs separated by "and", "or", "," or "-" into compound groups.
 * Runs before build_nps' agent folding uses groups, so it is called from
 * inside code_sentence between the two steps. */
static void group_compounds(sent_ctx *x)
{
    for (size_t n = 0; n + 1 < x->n_nps; n++) {
        np *p = &x->nps[n], *q = &x->nps[n + 1];
        if (!p->has_actor || !q->has_actor)
            continue;
        uint32_t gap0 = p->t1, gap1 = q->t0;
        int ok = 0;
        if (gap1 == gap0 + 1 &&
            (is_w(x, gap0, MW_AND) || is_w(x, gap0, MW_OR) || is_w(x, gap0, MW_NOR) ||
             is_punct(x, gap0, ',') || is_punct(x, gap0, '-') || is_punct(x, gap0, '/')))
            ok = 1;
        if (gap1 == gap0 + 2 && is_punct(x, gap0, ',') &&
            (is_w(x, gap0 + 1, MW_AND) || is_w(x, gap0 + 1, MW_OR)))
            ok = 1;
        if (!ok)
            continue;
        /* a comma list must end in and/or: "Dagolath, its partner" is an
         * apposition, "Arnor, Osgiliath and Gondor" a list */
        if (is_punct(x, gap0, ',') && gap1 == gap0 + 1) {
            int ends = 0;
            for (size_t r = n + 1; r + 1 < x->n_nps; r++) {
                np *a = &x->nps[r], *b = &x->nps[r + 1];
                if (!a->has_actor || !b->has_actor)
                    break;
                uint32_t g = a->t1;
                if (b->t0 == g + 1 && (is_w(x, g, MW_AND) || is_w(x, g, MW_OR))) {
                    ends = 1;
                    break;
                }
                if (b->t0 == g + 2 && is_punct(x, g, ',') &&
                    (is_w(x, g + 1, MW_AND) || is_w(x, g + 1, MW_OR))) {
                    ends = 1;
                    break;
                }
                if (!(b->t0 == g + 1 && is_punct(x, g, ',')))
                    break;
            }
            if (!ends)
                continue;
        }
        q->group = p->group;
        if (p->pp)
            q->pp = 1;
    }
}

/* "Indian and Pakistani officials": the agents after the last member of a
 * compound belong to the bare adjectives before it too. */
static void share_agents(sent_ctx *x)
{
    for (size_t n = 0; n + 1 < x->n_nps; n++) {
        np *p = &x->nps[n];
        if (!p->has_actor || p->agent_only || p->proxy)
            continue;
        /* the last member of p's compound */
        size_t last = n;
        for (size_t r = n + 1; r < x->n_nps && x->nps[r].group == p->group; r++)
            last = r;
        if (last == n)
            continue;
        const np *q = &x->nps[last];
        char suf[NP_CODE_MAX] = "";
        for (size_t m = 0; m < x->n_men; m++) {
            const mention *mm = &x->men[m];
            if (mm->is_actor || mm->t0 < q->t0 || mm->t1 > q->t1)
                continue;
            const dict_agent *ag = &x->d->agents.v[mm->item];
            char up[NP_CODE_MAX];
            upcase_into(up, sizeof up, ag->code);
            if (!ag->prefix)
                append_code(suf, sizeof suf, up);
        }
        if (!suf[0])
            continue;
        /* only members that are a bare actor mention, nothing else */
        for (size_t r = n; r < last; r++) {
            np *m = &x->nps[r];
            if (m->group != p->group || m->a0 != m->t0 || m->a1 != m->t1 || strchr(m->code, '/'))
                continue;
            int has_agent = 0;
            for (size_t k = 0; k < x->n_men; k++)
                if (!x->men[k].is_actor && x->men[k].t0 >= m->t0 && x->men[k].t1 <= m->t1)
                    has_agent = 1;
            if (!has_agent && x->t[m->t1 - 1].pos != POS_NOUN)
                append_code(m->code, sizeof m->code, suf);
        }
        n = last;
    }
}

/* Agent-only NP + of/in/from + actor NP: "soldiers from Gondor", "the
 * ambassadors of Arnor, Osgiliath and Gondor" -> each member of the actor
 * group gets the agent's code, and the agent NP stands for the group. */
static void fold_agents(sent_ctx *x)
{
    for (size_t n = 0; n + 1 < x->n_nps; n++) {
        np *p = &x->nps[n];
        if (p->has_actor && !p->agent_only)
            continue;
        int has_agent = 0;
        for (size_t m = 0; m < x->n_men; m++)
            if (!x->men[m].is_actor && x->men[m].t0 >= p->t0 && x->men[m].t1 <= p->t1)
                has_agent = 1;
        uint32_t k = p->t1;
        if (k >= x->s1)
            continue;
        /* agents take "of/in/from X"; a plain noun only "of X" ("a group of
         * Moroccan diplomats", "the government of Gondor") */
        if (!(is_w(x, k, MW_OF) || (has_agent && (is_w(x, k, MW_IN) || is_w(x, k, MW_FROM)))))
            continue;
        if (!has_agent && p->pp)
            continue;
        /* "its invasion of Lebanon" is an event with a target, not an actor */
        uint32_t vf;
        if (!has_agent && match_verb_word(x->d, x->t, p->t1 - 1, &vf))
            continue;
        np *q = &x->nps[n + 1];
        if (q->t0 != k + 1 || !q->has_actor || q->agent_only)
            continue;
        /* the agent NP takes the actor's code; every member of the actor's
         * compound gets its own copy through the group */
        np tmp = *p;
        tmp.code[0] = '\0';
        int qg = q->group;
        for (size_t r = n + 1; r < x->n_nps && x->nps[r].group == qg; r++) {
            np *qq = &x->nps[r];
            if (!qq->has_actor)
                continue;
            np comp = tmp;
            compose_code(x, p->t0, p->t1, &comp, qq->code, qq->a0, qq->a1);
            memcpy(qq->code, comp.code, sizeof comp.code);
            if (r == n + 1)
                qq->a0 = p->t0;
        }
        /* p now stands for the first member; mark it as the compound head */
        memcpy(p->code, q->code, sizeof p->code);
        p->has_actor = 1;
        p->agent_only = 0;
        p->a0 = p->t0;
        p->a1 = q->a1;
        /* p keeps its own group: "Ithilen and the government of Gondor" */
        for (size_t r = n + 1; r < x->n_nps && x->nps[r].group == qg; r++) {
            x->nps[r].group = p->group;
            x->nps[r].absorbed = 1;
            x->nps[r].pp = 0;
        }
        p->absorbed = 0;
        p->proxy = 1;
    }
}

/* ---- verb groups ---------------------------------------------------- */

static int is_be(const sent_ctx *x, uint32_t i)
{
    static const char *const be[] = {"BE", "IS", "ARE", "WAS", "WERE", "BEEN", "BEING", "'S", "'RE", "AM"};
    if (x->t[i].pos != POS_AUX)
        return 0;
    const char *w = intern_str(x->d->words, x->t[i].word);
    for (size_t k = 0; k < sizeof be / sizeof *be; k++)
        if (strcmp(w, be[k]) == 0)
            return 1;
    return 0;
}

static void scan_verb_group(sent_ctx *x, vgroup *g)
{
    uint32_t i = g->v0;
    /* passive: a form of BE (adverbs, negation between) before a participle */
    if ((x->t[g->v0].vform & VF_PARTICIPLE) && g->v0 > x->s0 && is_punct(x, g->v0 - 1, ',') &&
        g->v1 < x->s1 && is_w(x, g->v1, MW_BY))
        g->passive = 1; /* reduced relative: "Iran, attacked by Israel," */
    if (x->t[g->v0].vform & VF_PARTICIPLE) {
        uint32_t k = g->v0;
        while (k > x->s0) {
            k--;
            uint8_t p = x->t[k].pos;
            if (p == POS_ADV || p == POS_NEG)
                continue;
            if (is_be(x, k))
                g->passive = 1;
            break;
        }
    }
    while (i > x->s0) {
        uint32_t k = i - 1;
        uint8_t p = x->t[k].pos;
        if (p == POS_AUX || p == POS_MODAL || p == POS_NEG || p == POS_ADV || p == POS_TO) {
            if (p == POS_NEG)
                g->negated = 1;
            if (p == POS_TO && k + 1 == i)
                g->infinitive = 1;
            if (p == POS_MODAL) {
                /* "said they would boycott" is an intent, like "will" */
                if (is_w(x, k, MW_WILL) || is_w(x, k, MW_SHALL) || is_w(x, k, MW_WOULD))
                    g->future = 1;
                else if (!is_w(x, k, MW_CAN) && !is_w(x, k, MW_CA) && !is_w(x, k, MW_WO))
                    g->hypothetical = 1;
                if (is_w(x, k, MW_WO))
                    g->future = 1; /* "won't" */
            }
            i = k;
            continue;
        }
        if (is_w(x, k, MW_ABOUT) && i < g->v0 && x->t[i].pos == POS_TO) {
            g->future = 1;
            i = k;
            continue;
        }
        break;
    }
    g->g0 = i;
    /* "offered to hand over", "is willing to withdraw": an infinitive under
     * a word of intent is an announced act */
    if (g->infinitive && g->g0 > x->s0) {
        static const char *const intent[] = {
            "offer", "offered", "offers", "promise", "promised", "promises", "pledge",
            "pledged", "pledges", "vow", "vowed", "vows", "agree", "agreed", "agrees",
            "plan", "planned", "plans", "intend", "intends", "intended", "decide",
            "decided", "decides", "willing", "prepared", "ready", "determined", "committed",
            "set", "expected", "swore", "sworn", "undertook", "resolved", "poised"};
        size_t n;
        uint32_t iw = g->g0 - 1;
        if ((x->t[iw].flags & TOK_QUOTE) && iw > x->s0)
            iw--; /* decided "to provide ..." */
        const char *w = tok_str(x->td, &x->t[iw], &n);
        for (size_t k = 0; k < sizeof intent / sizeof *intent; k++)
            if (strlen(intent[k]) == n && strncasecmp(w, intent[k], n) == 0) {
                g->future = 1;
                g->intent_inf = 1;
                break;
            }
    }
    /* "failed to", "has yet to", "refrained from attacking": the act did
     * not happen */
    if (g->g0 > x->s0) {
        static const char *const nots[] = {"yet", "fail", "failed", "fails", "refrain",
                                           "refrained", "refrains", "refraining", "avoided",
                                           "avoid", "avoids", "stopped", "stops"};
        uint32_t k = g->g0 - 1;
        if (x->t[g->v0].vform & VF_GERUND && is_w(x, k, MW_FROM) && k > x->s0)
            k--; /* "refrained from attacking" */
        else if (x->t[g->v0].vform & VF_GERUND)
            k = g->g0; /* "avoided attacking": the word before the gerund */
        if (k > x->s0 && k == g->g0)
            k--;
        size_t n;
        const char *w = tok_str(x->td, &x->t[k], &n);
        for (size_t q = 0; q < sizeof nots / sizeof *nots; q++)
            if (strlen(nots[q]) == n && strncasecmp(w, nots[q], n) == 0 &&
                (g->infinitive || (x->t[g->v0].vform & VF_GERUND)))
                g->negated = 1;
    }
    /* "no longer", "never" counted above; a conditional clause makes it
     * hypothetical */
    for (uint32_t k = g->g0; k > x->s0;) {
        k--;
        if (is_w(x, k, MW_IF) || is_w(x, k, MW_UNLESS) || is_w(x, k, MW_WHETHER)) {
            g->hypothetical = 1;
            break;
        }
        if (is_clause_break(x, k) || is_verbish(x, k))
            break;
    }
    if (g->g0 > x->s0) {
        uint32_t k = g->g0 - 1;
        if (is_w(x, k, MW_AND) || is_w(x, k, MW_OR) || is_w(x, k, MW_BUT) ||
            (is_punct(x, k, ',') && g->g0 + 0 < x->s1 && x->t[g->v0].pos == POS_VERB &&
             k > x->s0 && x->np_at[k - 1 - x->s0] < 0))
            g->coordinated = 1;
    }
}

/* A gerund noun ("the meeting") whose verb the dictionary knows only by its
 * base form: WordNet gives the verb lemma. */
static uint32_t nominal_verb(const sent_ctx *x, uint32_t i, uint32_t *form)
{
    size_t n;
    const char *w = tok_str(x->td, &x->t[i], &n);
    if (n < 5 || (memcmp(w + n - 3, "ing", 3) != 0 && memcmp(w + n - 3, "ING", 3) != 0))
        return 0;
    char base[INTERN_MAX_WORD + 1];
    size_t bl = lexicon_verb_lemma(x->d->lex, w, n, base, sizeof base);
    if (!bl)
        return 0;
    uint32_t f = match_verb_by_lemma(x->d, intern_find(x->d->words, base, bl));
    if (f == UINT32_MAX)
        return 0;
    *form = f;
    return i + 1;
}

/* The tagger sometimes leaves a verb as a noun or adjective between its
 * subject and its object ("Palestinians reject proposed changes", "has once
 * again outright rejected an Indian proposal").  A dictionary verb form
 * right after a subject or auxiliary (adverbs between) and right before an
 * object's determiner or name is a verb. */
static void repair_tags(sent_ctx *x)
{
    for (uint32_t i = x->s0 + 1; i + 1 < x->s1; i++) {
        token *k = (token *)&x->t[i];
        if (k->pos != POS_NOUN && k->pos != POS_ADJ)
            continue;
        if (k->flags & TOK_CAP)
            continue;
        uint32_t p = i;
        while (p > x->s0 && (x->t[p - 1].pos == POS_ADV || x->t[p - 1].pos == POS_ADJ ||
                             x->t[p - 1].pos == POS_NEG))
            p--;
        if (p == x->s0)
            continue;
        uint8_t prev = x->t[p - 1].pos;
        int after_aux = prev == POS_AUX && !is_be(x, p - 1);
        if (!(prev == POS_PROPN || prev == POS_PRON || after_aux ||
              (prev == POS_NOUN && p == i && (x->t[p - 1].flags & TOK_CAP))))
            continue;
        const token *nx = &x->t[i + 1];
        uint8_t next = nx->pos;
        /* "demanded that the US cancel plans": a name right after "that"
         * is a subject, so the next verb form is its verb */
        uint32_t b = p - 1;
        while (b > x->s0 && (x->t[b - 1].pos == POS_PROPN || x->t[b - 1].pos == POS_DET))
            b--;
        int after_that = prev == POS_PROPN && b > x->s0 && is_w(x, b - 1, MW_THAT) && p == i;
        uint32_t form;
        int phrasal = match_verb(x->d, x->t, i, x->s1, &form) > i + 1; /* "broken down" */
        if (!phrasal &&
            !(next == POS_DET || next == POS_POSSPRON || next == POS_NUM || next == POS_PROPN ||
              (next == POS_VERB && (nx->vform & (VF_PARTICIPLE | VF_PAST))) ||
              (next == POS_NOUN && (nx->flags & TOK_CAP)) || (after_that && next == POS_NOUN)))
            continue;
        if (!phrasal && !match_verb_word(x->d, x->t, i, &form))
            continue;
        size_t n;
        const char *w = tok_str(x->td, k, &n);
        k->pos = POS_VERB;
        if (n > 2 && (w[n - 1] == 'd' || w[n - 1] == 'D') && (w[n - 2] == 'e' || w[n - 2] == 'E'))
            k->vform = VF_PAST | VF_PARTICIPLE;
        else if (n > 1 && (w[n - 1] == 's' || w[n - 1] == 'S'))
            k->vform = VF_PRES3;
        else
            k->vform = VF_BASE;
    }
}

static void find_verbs(sent_ctx *x)
{
    x->n_vg = 0;
    for (uint32_t i = x->s0; i < x->s1; i++)
        x->verb_at[i - x->s0] = -1;
    for (uint32_t i = x->s0; i < x->s1 && x->n_vg < MAX_VERBS;) {
        const token *k = &x->t[i];
        /* "Saudi-led", "US-backed": a hyphenated modifier is no verb */
        if (mention_at(x, i) >= 0 || (k->pos != POS_VERB && k->pos != POS_NOUN) ||
            ((k->flags & TOK_HYPHEN_PART) && i > x->s0 && is_punct(x, i - 1, '-'))) {
            i++;
            continue;
        }
        uint32_t form = 0;
        uint32_t e = k->pos == POS_NOUN ? match_verb_word(x->d, x->t, i, &form)
                                         : match_verb(x->d, x->t, i, x->s1, &form);
        if (!e && k->pos == POS_NOUN)
            e = nominal_verb(x, i, &form);
        if (!e || (k->pos == POS_NOUN && e != i + 1)) {
            i++;
            continue;
        }
        vgroup *g = &x->vg[x->n_vg];
        memset(g, 0, sizeof *g);
        g->v0 = i;
        g->v1 = e;
        g->form = form;
        g->subj = -1;
        if (k->pos == POS_NOUN)
            g->nominal = 1;
        else
            scan_verb_group(x, g);
        for (uint32_t j = i; j < e; j++)
            x->verb_at[j - x->s0] = (int)x->n_vg;
        x->n_vg++;
        i = e;
    }
}

/* ---- pattern matching ----------------------------------------------- */

#define WORD_WINDOW 12

static int np_start_at(const sent_ctx *x, uint32_t i)
{
    int n = x->np_at[i - x->s0];
    if (n >= 0 && x->nps[n].t0 == i)
        return n;
    return -1;
}

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

/* ---- subject and object -------------------------------------------- */

/* The subject NP of a verb group: the nearest noun phrase to its left in
 * the same clause that is not a prepositional object; -1 when it is not an
 * actor or there is none. */
/* The actor group a relative pronoun at token `rel` stands for: the noun
 * phrase just before it ("Japan and the Philippines, whose leaders"), or,
 * when that is a predicate noun ("Ukraine is a state that was invaded"),
 * the subject of the copula.  -1 when none is an actor. */
static int is_be(const sent_ctx *x, uint32_t i);
static int antecedent(const sent_ctx *x, uint32_t rel)
{
    uint32_t k = rel;
    if (k > x->s0 && is_punct(x, k - 1, ','))
        k--;
    if (k <= x->s0)
        return -1;
    int n = x->np_at[k - 1 - x->s0];
    if (n < 0)
        return -1;
    const np *p = &x->nps[n];
    if (p->has_actor && !p->agent_only)
        return p->group;
    /* copula: "X is a sovereign state that ..." */
    uint32_t b = p->t0;
    if (b > x->s0 && is_be(x, b - 1) && b - 1 > x->s0) {
        int m = x->np_at[b - 2 - x->s0];
        if (m >= 0 && x->nps[m].has_actor && !x->nps[m].pp)
            return x->nps[m].group;
    }
    return p->has_actor ? p->group : -1;
}

static int find_subject(const sent_ctx *x, const vgroup *g)
{
    /* "Pakistan, a key U.S. ally in the war, has refused": after an
     * apposition set off by commas, the subject is the phrase before it */
    /* ... and after a relative or participle clause set off the same way:
     * "Germany, which supports Ukraine, criticized Russia", "Iran, attacked
     * by Israel on Friday, condemned" */
    if (g->g0 > x->s0 + 2 && is_punct(x, g->g0 - 1, ',')) {
        uint32_t c = g->g0 - 1;
        while (c > x->s0 && c + 30 > g->g0 && !is_punct(x, c - 1, ',') &&
               !is_punct(x, c - 1, ';') && !is_punct(x, c - 1, ':') &&
               !(x->t[c - 1].flags & TOK_QUOTE))
            c--;
        if (c > x->s0 + 1 && is_punct(x, c - 1, ',')) {
            int n = x->np_at[c - 2 - x->s0];
            if (n >= 0 && x->nps[n].has_actor && !x->nps[n].pp)
                return x->nps[n].group;
        }
    }
    for (uint32_t i = g->g0; i > x->s0;) {
        i--;
        if (is_clause_break(x, i)) {
            /* a relative pronoun right before the verb group is the
             * subject: it stands for its antecedent */
            if (i + 1 == g->g0 && (x->t[i].pos == POS_WH || is_w(x, i, MW_THAT)))
                return antecedent(x, i);
            return -1;
        }
        if (x->t[i].pos == POS_PRON) {
            /* "Switzerland said it had expelled": a pronoun opening the
             * clause a reporting verb governs is that verb's subject */
            uint32_t k = i;
            if (k > x->s0 && is_w(x, k - 1, MW_THAT))
                k--;
            /* "said today it", "said on Wednesday they" */
            for (int hop = 0; hop < 3 && k > x->s0; hop++) {
                int tn = x->np_at[k - 1 - x->s0];
                if (x->t[k - 1].pos == POS_ADV) {
                    k--;
                } else if (tn >= 0 && !x->nps[tn].has_actor && x->nps[tn].t0 > x->s0 &&
                           x->t[x->nps[tn].t0 - 1].pos == POS_PREP) {
                    k = x->nps[tn].t0 - 1; /* "said on Wednesday they" */
                } else if (tn >= 0 && x->nps[tn].t0 == k - 1 && x->nps[tn].t1 == k &&
                           !x->nps[tn].has_actor && x->t[k - 1].pos == POS_NOUN) {
                    k--; /* "said today it" */
                } else {
                    break;
                }
            }
            if (k > x->s0) {
                int v = x->verb_at[k - 1 - x->s0];
                if (v >= 0 && &x->vg[v] != g && x->vg[v].v1 == k &&
                    lexicon_is_report_verb(x->d->lex, x->t[x->vg[v].v0].lemma))
                    return x->vg[v].subj >= 0 ? x->vg[v].subj : find_subject(x, &x->vg[v]);
                if (v < 0 && x->t[k - 1].pos == POS_VERB &&
                    lexicon_is_report_verb(x->d->lex, x->t[k - 1].lemma)) {
                    /* a reporting verb no verb dictionary lists ("indicated") */
                    vgroup rv;
                    memset(&rv, 0, sizeof rv);
                    rv.v0 = k - 1;
                    rv.v1 = k;
                    rv.subj = -1;
                    scan_verb_group((sent_ctx *)x, &rv);
                    return find_subject(x, &rv);
                }
            }
            return -1; /* other pronouns: no coreference here yet */
        }
        int n = x->np_at[i - x->s0];
        if (n < 0)
            continue;
        const np *p = &x->nps[n];
        if (p->absorbed || (p->pp && !p->has_actor)) {
            i = p->t0;
            continue;
        }
        if (p->pp) {
            /* a PP object ("in Arnor") is not a subject unless folded */
            i = p->t0;
            continue;
        }
        /* first member of a compound stands for the group; a phrase with
         * no country ("tanks", "leaders") may point to one that has */
        if (!p->has_actor || p->agent_only) {
            /* "Israeli helicopters and tanks shelled": a plain noun
             * conjoined to an actor phrase shares its actor */
            if (p->t0 > x->s0 + 1 && (is_w(x, p->t0 - 1, MW_AND) || is_w(x, p->t0 - 1, MW_OR))) {
                int m = x->np_at[p->t0 - 2 - x->s0];
                if (m >= 0 && x->nps[m].has_actor && !x->nps[m].agent_only && !x->nps[m].pp)
                    return x->nps[m].group;
            }
            /* "..., whose leaders will meet" */
            if (p->t0 > x->s0 && is_w(x, p->t0 - 1, MW_WHOSE)) {
                int a = antecedent(x, p->t0 - 1);
                if (a >= 0 || !p->agent_only)
                    return a;
            }
            if (p->agent_only)
                return p->group;
            /* "the state's fiercest foe" apposition after an actor: look
             * past "X, NP," (an NP set off by commas on both sides) */
            int name_only = 1;
            for (uint32_t k = p->t0; k < p->t1; k++) {
                /* names with particles: "Hamad bin Khalifa al-Thani" */
                const token *tk = &x->t[k];
                if (tk->pos != POS_PROPN && !(tk->flags & TOK_HYPHEN_PART) &&
                    !(tk->pos == POS_NOUN && !(tk->flags & TOK_CAP) && tk->ne - tk->nb <= 3))
                    name_only = 0;
            }
            if (p->t0 > x->s0 + 1 && is_punct(x, p->t0 - 1, ',') &&
                ((p->t1 < x->s1 && is_punct(x, p->t1, ',')) || name_only)) {
                i = p->t0 - 1;
                continue;
            }
            return -1;
        }
        return x->nps[n].group;
    }
    return -1;
}

/* The object: the first actor NP after the verb in its clause, passing
 * over non-actor NPs and prepositions, stopping at clause breaks, finite
 * verbs and subjects of complement clauses. */
static int find_object(const sent_ctx *x, uint32_t from, int not_group)
{
    /* an agent without a country ("military aid", "demonstrators") is the
     * object only when no actor with one follows in the clause */
    int fallback = -1;
    for (uint32_t i = from; i < x->s1; i++) {
        if (is_clause_break(x, i))
            return fallback;
        if ((is_w(x, i, MW_AND) || is_w(x, i, MW_OR)) && i + 1 < x->s1 &&
            (is_verbish(x, i + 1) || x->t[i + 1].pos == POS_ADV))
            return fallback;
        if (is_verbish(x, i)) {
            int v = x->verb_at[i - x->s0];
            int inf = (v >= 0 && x->vg[v].infinitive) || (i > x->s0 && x->t[i - 1].pos == POS_TO);
            if (!inf && !(x->t[i].vform & (VF_GERUND | VF_PARTICIPLE)))
                return fallback;
        }
        int n = np_start_at(x, i);
        if (n < 0)
            continue;
        const np *p = &x->nps[n];
        uint32_t e = p->t1;
        if (!p->has_actor || p->group == not_group) {
            i = e - 1;
            continue;
        }
        /* subject of a complement clause: "said Beijing had decided" */
        uint32_t ge = e;
        for (size_t r = (size_t)n + 1; r < x->n_nps && x->nps[r].group == p->group; r++)
            ge = x->nps[r].t1;
        if (ge < x->s1 && (x->t[ge].pos == POS_AUX || x->t[ge].pos == POS_MODAL ||
                           (x->t[ge].pos == POS_VERB && !(x->t[ge].vform & VF_GERUND))))
            return fallback;
        if (p->agent_only) {
            if (fallback < 0)
                fallback = p->group;
            i = ge - 1;
            continue;
        }
        return p->group;
    }
    return fallback;
}

/* ---- emitting ------------------------------------------------------- */

typedef struct emit_ctx {
    rl_event_fn fn;
    void *ud;
    int stop;
    size_t count;
} emit_ctx;

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
    ec->count++;
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

/* A reporting verb's pattern that reaches into the clause it reports ("said
 * ... release") would take that clause's own verb: let the verb code. */
static int steals_clause(const sent_ctx *x, const vgroup *g, const binding *b)
{
    if (b->hi <= g->v1 || !lexicon_is_report_verb(x->d->lex, x->t[g->v0].lemma))
        return 0;
    for (uint32_t i = g->v1; i < b->hi; i++) {
        int v = x->verb_at[i - x->s0];
        if (v >= 0 && !x->vg[v].nominal)
            return 1;
    }
    return 0;
}

/* Members (actors, not proxies) of compound group gr. */
static int group_size(const sent_ctx *x, int gr)
{
    int n = 0;
    for (size_t r = 0; r < x->n_nps; r++)
        n += x->nps[r].group == gr && x->nps[r].has_actor && !x->nps[r].proxy;
    return n;
}

/* Does "neither" open the clause before the verb group? */
static int neither_before(const sent_ctx *x, const vgroup *g)
{
    for (uint32_t i = g->g0; i > x->s0;) {
        i--;
        if (is_w(x, i, MW_NEITHER))
            return 1;
        if (is_clause_break(x, i) || is_verbish(x, i))
            return 0;
    }
    return 0;
}

/* Does compound group c start after the verb? */
static int p_comp_after_verb(const sent_ctx *x, const vgroup *g, int c)
{
    for (size_t r = 0; r < x->n_nps; r++)
        if (x->nps[r].group == c)
            return x->nps[r].t0 >= g->v1;
    return 0;
}

/* An event noun codes only with an actor on both sides: the possessor or
 * "by X" as source ("Xi's meeting", "a visit by Blinken") and the object of
 * "with/to/against/on/of" right after it as target ("with Lavrov").  Returns
 * 1 and sets *sg, *tg when both are found. */
static int nominal_roles(const sent_ctx *x, const vgroup *g, int *sg, int *tg, int *light)
{
    *sg = *tg = -1;
    *light = 0;
    int n = x->np_at[g->v0 - x->s0];
    /* possessor or modifier: the actor of the noun's own phrase, before the
     * noun ("Xi's meeting", "the Israeli strike", "US-China talks") */
    if (n >= 0 && x->nps[n].has_actor && !x->nps[n].proxy && !x->nps[n].agent_only &&
        x->nps[n].a1 <= g->v0 && x->nps[n].t0 < g->v0)
        *sg = x->nps[n].group;
    if (*sg >= 0) {
        int members = 0;
        for (size_t r = 0; r < x->n_nps; r++)
            members += x->nps[r].group == *sg && x->nps[r].has_actor && !x->nps[r].proxy;
        if (members > 1)
            *tg = *sg; /* "US-China talks": each with the other */
    }
    if (*sg < 0 && n >= 0 && x->nps[n].t0 > x->s0) {
        *light = 1;
        /* "held talks with", "mounted an invasion of": the subject of the
         * verb whose object the noun is */
        uint32_t vt = x->nps[n].t0 - 1;
        int v = x->verb_at[vt - x->s0];
        if (v >= 0 && x->vg[v].subj >= 0) {
            *sg = x->vg[v].subj;
        } else if (v >= 0 && !x->vg[v].nominal) {
            *sg = find_subject(x, &x->vg[v]);
        } else if (v < 0 && x->t[vt].pos == POS_VERB) {
            /* a light verb the dictionary does not list ("mounted") */
            vgroup lv;
            memset(&lv, 0, sizeof lv);
            lv.v0 = vt;
            lv.v1 = vt + 1;
            lv.subj = -1;
            scan_verb_group((sent_ctx *)x, &lv);
            *sg = find_subject(x, &lv);
        }
    }
    uint32_t i = n >= 0 ? x->nps[n].t1 : g->v1;
    if (i < g->v1)
        i = g->v1;
    for (int round = 0; round < 3 && i + 1 < x->s1; round++) {
        int by = is_w(x, i, MW_BY);
        int to = is_w(x, i, MW_WITH) || is_w(x, i, MW_TO) || is_w(x, i, MW_AGAINST) ||
                 is_w(x, i, MW_ON) || is_w(x, i, MW_OF);
        if (!by && !to)
            break;
        int m = x->np_at[i + 1 - x->s0];
        if (m < 0 || x->nps[m].t0 != i + 1 || !x->nps[m].has_actor)
            break;
        if (by && *sg < 0)
            *sg = x->nps[m].group;
        else if (to && *tg < 0)
            *tg = x->nps[m].group;
        /* next prepositional phrase: "a visit to Beijing by Blinken" */
        uint32_t e = x->nps[m].t1;
        for (size_t r = (size_t)m + 1; r < x->n_nps && x->nps[r].group == x->nps[m].group; r++)
            e = x->nps[r].t1;
        while (e < x->s1 && (x->t[e].pos == POS_PREP || x->t[e].pos == POS_NUM) &&
               !is_w(x, e, MW_BY) && (e + 1 >= x->s1 || x->np_at[e + 1 - x->s0] < 0 ||
                                      !x->nps[x->np_at[e + 1 - x->s0]].has_actor))
            e += 2; /* "on Tuesday" */
        i = e;
    }
    return *sg >= 0 && *tg >= 0;
}

/* "Closer Beijing ties with Moscow risk crossing a red line, Washington
 * warns": a reporting verb whose subject follows the clause it reports
 * takes that clause's first actor as its target. */
static int fronted_target(const sent_ctx *x, const vgroup *g, int sg)
{
    if (!lexicon_is_report_verb(x->d->lex, x->t[g->v0].lemma))
        return -1;
    if (g->v1 < x->s1 && !(x->t[g->v1].flags & TOK_PUNCT) && x->t[g->v1].pos != POS_PREP &&
        x->t[g->v1].pos != POS_ADV)
        return -1;
    uint32_t st = UINT32_MAX;
    for (size_t r = 0; r < x->n_nps; r++)
        if (x->nps[r].group == sg && x->nps[r].t0 < st)
            st = x->nps[r].t0;
    if (st == UINT32_MAX || st <= x->s0 + 1 || !is_punct(x, st - 1, ','))
        return -1;
    for (size_t r = 0; r < x->n_nps && x->nps[r].t1 < st; r++) {
        const np *p = &x->nps[r];
        if (p->has_actor && !p->proxy && p->group != sg && !p->pp)
            return p->group;
    }
    return -1;
}

/* Is there an "if"/"unless" clause after the verb in this sentence? */
static int has_condition_after(const sent_ctx *x, const vgroup *g)
{
    for (uint32_t i = g->v1; i < x->s1; i++)
        if (is_w(x, i, MW_IF) || is_w(x, i, MW_UNLESS))
            return 1;
    return 0;
}

/* The actor subject of the first "if"/"unless" clause after the verb:
 * "threatened to stop negotiations if the United States goes ahead". */
static int conditional_subject(const sent_ctx *x, const vgroup *g)
{
    for (uint32_t i = g->v1; i + 1 < x->s1; i++) {
        if (!is_w(x, i, MW_IF) && !is_w(x, i, MW_UNLESS))
            continue;
        int n = np_start_at(x, i + 1);
        if (n >= 0 && x->nps[n].has_actor && !x->nps[n].proxy)
            return x->nps[n].group;
        return -1;
    }
    return -1;
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

/* The subject of the clause a verb reports or demands: "demanded that the
 * US cancel", "said Sudan must return".  Sets *must when that clause's verb
 * group holds "must" or "should".  -1 when there is none. */
static int complement_subject(const sent_ctx *x, const vgroup *g, int *must)
{
    *must = 0;
    uint32_t i = g->v1;
    /* "on Tuesday", adverbs */
    for (int k = 0; k < 4 && i < x->s1; k++) {
        if (x->t[i].pos == POS_ADV) {
            i++;
        } else if (x->t[i].pos == POS_PREP && i + 1 < x->s1 && x->np_at[i + 1 - x->s0] >= 0 &&
                   !x->nps[x->np_at[i + 1 - x->s0]].has_actor) {
            i = x->nps[x->np_at[i + 1 - x->s0]].t1;
        } else {
            break;
        }
    }
    if (i < x->s1 && is_w(x, i, MW_THAT))
        i++;
    if (i >= x->s1)
        return -1;
    int n = np_start_at(x, i);
    if (n < 0 || !x->nps[n].has_actor)
        return -1;
    uint32_t e = x->nps[n].t1;
    for (size_t r = (size_t)n + 1; r < x->n_nps && x->nps[r].group == x->nps[n].group; r++)
        e = x->nps[r].t1;
    /* "the Democratic People's Republic of Korea (DPRK) forsake" */
    if (e < x->s1 && is_punct(x, e, '(')) {
        uint32_t k = e + 1;
        while (k < x->s1 && k < e + 8 && !is_punct(x, k, ')'))
            k++;
        if (k < x->s1 && is_punct(x, k, ')'))
            e = k + 1;
    }
    if (e >= x->s1 || !is_verbish(x, e))
        return -1;
    for (uint32_t k = e; k < x->s1 && k < e + 4 && (is_verbish(x, k) || x->t[k].pos == POS_ADV ||
                                                    x->t[k].pos == POS_NEG); k++)
        if (is_w(x, k, MW_MUST) || is_w(x, k, MW_SHOULD))
            *must = 1;
    return x->nps[n].group;
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
        if (!nominal_roles(x, g, &nsg, &ntg, &light))
            return;
        /* "provided aid to Ukraine", "sent weapons to": the noun is the
         * object of a verb that has already coded the act */
        if (light && g > x->vg && g[-1].done_event && !g[-1].nominal)
            return;
        const dict_verb_form *nf = &x->d->verb_forms.v[g->form];
        const char *ncode = nf->code;
        char nc[DICT_CODE_MAX];
        snprintf(nc, sizeof nc, "%s", null_code(ncode) ? x->d->verb_blocks.v[nf->block].code : ncode);
        char *colon = strchr(nc, ':');
        if (colon)
            *colon = '\0';
        if (null_code(nc))
            return;
        snprintf(x->c->rule, sizeof x->c->rule, "%s:%d %s [%s] (noun)", nf->src.file,
                 nf->src.line, intern_str(x->d->words, nf->lemma), nc);
        if (emit_pairs(x, ec, doc, sent_no, zone, x->base_flags, nc, nsg, ntg, g, x->c->rule))
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
        if (try_pattern(x, g, p, &b) && b.score > best.score && !steals_clause(x, g, &b)) {
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
    if (!bp && neither_before(x, g))
        flags |= RL_EV_NEGATED; /* "Neither Japan nor Korea criticized" */
    if (g->hypothetical && !spelled)
        flags |= RL_EV_HYPOTHETICAL;
    if (g->future && !spelled)
        flags |= RL_EV_FUTURE;

    memcpy(g->code_root, code, 2);
    g->code_root[2] = '\0';
    /* "will not accept refugees": cooperation refused for the future is a
     * rejection, CAMEO 12 ("does not consider" stays a plain negation) */
    if (x->c->opts.conventions && (flags & RL_EV_NEGATED) && (flags & RL_EV_FUTURE) &&
        !(flags & RL_EV_HYPOTHETICAL) && code[0] == '0' && code[1] >= '3' && code[1] <= '8') {
        static const char *const reject[] = {"120", "125", "120", "121", "122", "124"};
        code = reject[code[1] - '3'];
        flags &= ~(unsigned)RL_EV_NEGATED;
        size_t rl = strlen(x->c->rule);
        snprintf(x->c->rule + rl, sizeof x->c->rule - rl, " (negated: reject)");
    }
    if (x->c->opts.conventions && (flags & RL_EV_FUTURE) && !(flags & RL_EV_NEGATED)) {
        /* "will withdraw ... unless" is a threat, whatever the act */
        const char *ic = has_condition_after(x, g) ? threat_code(code) : intent_code(code);
        if (ic) {
            code = ic;
            code2 = ""; /* an intent goes one way: no host for a planned visit */
            size_t rl = strlen(x->c->rule);
            snprintf(x->c->rule + rl, sizeof x->c->rule - rl, " (intent)");
        }
    }

    int sg = -1, tg = -1;
    int subj_for_comp = best.comp >= 0 ? find_subject(x, g) : -1;
    if (best.comp >= 0 && subj_for_comp >= 0 && subj_for_comp != best.comp &&
        p_comp_after_verb(x, g, best.comp)) {
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
            if (g->coordinated) {
                /* inherit the subject of the previous verb */
                for (const vgroup *pv = g; pv > x->vg;) {
                    pv--;
                    if (pv->subj >= 0) {
                        sg = pv->subj;
                        break;
                    }
                }
            }
            if (sg < 0)
                sg = find_subject(x, g);
            if (sg < 0 && g->infinitive) {
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
            sg = by;
            tg = patient;
        } else if (tg < 0) {
            /* a pattern that matched words after the verb ("said ... boycott")
             * leaves the object after its last word */
            tg = find_object(x, g->v1, sg);
            if (tg < 0 && bp && best.hi > g->v1) {
                /* ... unless the pattern's last word heads an actor's phrase
                 * ("rejected a United Nations appeal") */
                int last = x->np_at[best.hi - 1 - x->s0];
                tg = find_object(x, (last >= 0 && x->nps[last].has_actor) ? x->nps[last].t0
                                                                           : best.hi, sg);
            }
            if (tg < 0 && sg >= 0 && code[0] == '1' && code[1] == '3')
                tg = conditional_subject(x, g);
            if (tg < 0 && sg >= 0 && !(code[0] == '0' && (code[1] == '1' || code[1] == '2')))
                tg = fronted_target(x, g, sg);
            if (tg < 0 && sg >= 0) {
                int must = 0;
                int cs = complement_subject(x, g, &must);
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
    /* "Indian and Pakistani officials met": cooperation within a compound
     * subject with no other party is mutual */
    if (tg < 0 && sg >= 0 && best.comp < 0 && code[0] == '0' && code[1] >= '3' &&
        code[1] <= '6' && group_size(x, sg) > 1)
        tg = sg;
    g->subj = sg >= 0 && !g->passive ? sg : (g->passive ? tg : -1);
    if (sg < 0)
        return;
    g->by_pattern = bp != NULL;
    /* "pledged to send weapons": the announced act is the event, not the
     * bare pledge (030) */
    if (x->c->opts.conventions && code[0] == '0' && code[1] == '3' && !bp &&
        g + 1 < x->vg + x->n_vg && g[1].intent_inf && g[1].g0 > g->v1 && g[1].g0 <= g->v1 + 2) {
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

static rl_status code_text(rl_coder *c, const rl_doc *doc, const char *text, size_t len,
                           const rl_zone_span *zones, size_t nz, int title, emit_ctx *ec,
                           rl_error *err)
{
    text_doc td;
    rl_status st = text_analyze(&c->mem, c->d->words, text, len, zones, nz, &td, err);
    if (st)
        return st;
    sent_ctx *x = arena_alloc(&c->mem, sizeof *x);
    if (!x)
        return err_set(err, RL_ERR_NOMEM, doc->origin, 0, 0, "out of memory coding document");
    x->c = c;
    x->d = c->d;
    x->ix = c->d->index;
    x->td = &td;
    x->t = td.toks;
    x->date = doc->date;
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
    for (size_t s = 0; s < td.n_sents && !ec->stop; s++) {
        const sentence *se = &td.sents[s];
        if (se->zone != RL_ZONE_BODY && se->zone != RL_ZONE_HEADLINE)
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
        if (sentence_discarded(x, 0)) {
            c->stats.discarded++;
            continue;
        }
        lexicon_tag(c->d->lex, &td, s0, s1);
        size_t nt = s1 - s0;
        x->men = arena_alloc(&c->mem, nt * sizeof *x->men);
        x->np_at = arena_alloc(&c->mem, nt * sizeof *x->np_at);
        x->verb_at = arena_alloc(&c->mem, nt * sizeof *x->verb_at);
        if (!x->men || !x->np_at || !x->verb_at)
            return err_set(err, RL_ERR_NOMEM, doc->origin, 0, 0, "out of memory coding document");
        find_mentions(x);
        repair_tags(x);
        build_nps(x);
        group_compounds(x);
        share_agents(x);
        fold_agents(x);
        find_verbs(x);
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
    }
    return RL_OK;
}

rl_status rl_coder_code_doc(rl_coder *c, const rl_doc *doc, rl_event_fn fn, void *ud,
                            rl_error *err)
{
    emit_ctx ec = {fn, ud, 0, 0};
    arena_reset(&c->mem);
    c->stats.docs++;
    rl_status st = RL_OK;
    if (doc->title && *doc->title)
        st = code_text(c, doc, doc->title, strlen(doc->title), NULL, 0, 1, &ec, err);
    if (!st && !ec.stop)
        st = code_text(c, doc, doc->text, doc->text_len, doc->zones, doc->n_zones, 0, &ec, err);
    arena_reset(&c->mem);
    return st;
}
