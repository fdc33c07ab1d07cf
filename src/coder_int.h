/*
 * coder_int.h - the coder's internal types and the functions its pieces
 * share: code.c (the pipeline, pattern matching, emission), phrase.c
 * (actors and noun phrases) and clause.c (verb groups and their roles).
 * Internal: nothing here is public API, and no other module may include it.
 *
 * The coder's per-sentence state is one sent_ctx.  code_text() fills it for
 * each sentence in order: the tokens [s0,s1) of the analysed document, then
 * the mentions (actor and agent phrases matched in the dictionaries), then
 * the noun phrases with their composed codes and compound groups (np_at maps
 * each token to its phrase), then the verb groups (verb_at likewise).  Each
 * step reads what the steps before it wrote and may refine it (compound
 * grouping and agent folding rewrite the phrases' codes and groups); the
 * verb groups' subj, code_root and done_event are written while the verbs
 * are coded, left to right, and read by the verbs after them.  The token
 * maps and mentions live in the coder's arena and last one document; the
 * phrase and verb arrays are bounded (MAX_NPS, MAX_VERBS).  Nothing in the
 * state outlives the document.  phrase.c and clause.c only read and write
 * this state: they never emit events, allocate or print.
 */
#ifndef RL_CODER_INT_H
#define RL_CODER_INT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "redline.h"
#include "arena.h"
#include "dict.h"
#include "intern.h"
#include "lexicon.h"
#include "match_int.h"
#include "text.h"

#define NP_CODE_MAX 64
#define MAX_NPS 512
#define MAX_VERBS 256
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
    uint8_t person;         /* its actor is a person (has dated roles) */
    uint8_t pronoun;        /* a "he"/"she" resolved from the document */
    uint8_t object_only;    /* an object "it" / "the island": never a subject */
    uint32_t actor;         /* index of its first actor, UINT32_MAX none */
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
} vgroup;

/* Bindings of one pattern match. */
typedef struct binding {
    int src, tgt, comp; /* np indexes, -1 unbound */
    uint32_t lo, hi;    /* tokens covered by the pattern */
    int score;
    uint8_t consumed_neg;
} binding;

/* What the coder remembers across the sentences of one document: the
 * people named so far, by surname ("Kurt Campbell" ... "Campbell said"),
 * and the person a "he" or "she" most likely means (the last person
 * mentioned, a sentence's subject preferred). */
#define DOC_NAMES_MAX 256
#define DOC_PRONOUN_REACH 3 /* sentences a pronoun may look back */
typedef struct doc_memory {
    struct { uint32_t word, actor; } names[DOC_NAMES_MAX];
    size_t n_names;
    uint32_t person;      /* actor index of the salient person */
    char person_code[NP_CODE_MAX]; /* ... as its phrase coded ("U.N.
                                      Secretary-General Kofi Annan": IGOUNO) */
    uint32_t person_code_of; /* the actor person_code belongs to */
    int person_sent;      /* sentence it was last seen in, -1 none */
    char pair[2][NP_CODE_MAX]; /* the last two actors named together */
    int pair_sent;        /* ... and where, -1 none */
    int sent;             /* the sentence being coded */
} doc_memory;

struct rl_coder {
    const rl_dict *d;
    rl_geo *geo;          /* the gazetteer for places no actor dictionary
                             knows ("in Jenin"), opened on first use; NULL
                             before, without conventions, or when the data
                             directory has none */
    int geo_tried;        /* opening it was tried */
    rl_coder_opts opts;
    arena mem;
    rl_coder_stats stats;
    doc_memory doc;
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
    uint8_t headline;     /* a headline: "Russia, China criticize US" (commas join) */
} sent_ctx;

/* Where events go, and whether the callback asked to stop. */
typedef struct emit_ctx {
    rl_event_fn fn;
    void *ud;
    int stop;
} emit_ctx;

/* ---- small predicates shared by every piece ------------------------- */

static inline int is_w(const sent_ctx *x, uint32_t i, int mw)
{
    return x->t[i].word && x->t[i].word == x->ix->mw[mw];
}

static inline int is_punct(const sent_ctx *x, uint32_t i, char ch)
{
    const token *k = &x->t[i];
    return (k->ne - k->nb) == 1 && x->td->norm.s[k->nb] == ch;
}

static inline int is_nominal(const sent_ctx *x, uint32_t i)
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
static inline int is_clause_break(const sent_ctx *x, uint32_t i)
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

static inline int is_verbish(const sent_ctx *x, uint32_t i)
{
    uint8_t p = x->t[i].pos;
    return p == POS_VERB || p == POS_AUX || p == POS_MODAL;
}

static inline int is_be(const sent_ctx *x, uint32_t i)
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

/* The noun phrase that starts at token i, -1 when none does. */
static inline int np_start_at(const sent_ctx *x, uint32_t i)
{
    int n = x->np_at[i - x->s0];
    if (n >= 0 && x->nps[n].t0 == i)
        return n;
    return -1;
}

/* ---- phrase.c: actors and noun phrases ------------------------------- */

/* Fills x->men with the actor and agent phrases of the sentence, longest
 * first, left to right; x->men must hold one entry per token. */
void phrase_find_mentions(sent_ctx *x);
/* Retags as verbs the dictionary verb forms the tagger left as nouns or
 * adjectives between a subject and an object; writes x->t's pos/vform. */
void phrase_repair_tags(sent_ctx *x);
/* Fills x->nps (at most MAX_NPS) and x->np_at from the mentions, each
 * phrase with its composed code and a group of its own. */
void phrase_build_nps(sent_ctx *x);
/* Joins actor phrases listed with "and", "or", ",", "-" or "/" into one
 * compound group (the group id of its first member). */
void phrase_group_compounds(sent_ctx *x);
/* Gives the bare actor members of a compound the agents of its last member
 * ("Indian and Pakistani officials"). */
void phrase_share_agents(sent_ctx *x);
/* Folds an agent phrase + of/in/from + actor group into the group ("soldiers
 * from Gondor"): each member takes the agent, the agent phrase is a proxy. */
void phrase_fold_agents(sent_ctx *x);
/* The index in x->men of the mention covering token i, -1 when none. */
int phrase_mention_at(const sent_ctx *x, uint32_t i);

/* ---- clause.c: verb groups and their roles --------------------------- */

/* Fills x->vg (at most MAX_VERBS) and x->verb_at with the dictionary verbs
 * and event nouns of the sentence, each with negation, modality, passive. */
void clause_find_verbs(sent_ctx *x);
/* The group of the actor subject of verb group g, -1 when none. */
int clause_find_subject(const sent_ctx *x, const vgroup *g);
/* The group of the first actor object from token `from` in its clause that
 * is not group not_group, -1 when none. */
int clause_find_object(const sent_ctx *x, uint32_t from, int not_group);
/* 1 when pattern binding b of a reporting verb reaches into the clause it
 * reports (that clause's own verb should code). */
int clause_steals_clause(const sent_ctx *x, const vgroup *g, const binding *b);
/* The number of actor members, proxies not counted, of compound group gr. */
int clause_group_size(const sent_ctx *x, int gr);
/* 1 when "neither" opens the clause before verb group g. */
int clause_neither_before(const sent_ctx *x, const vgroup *g);
/* Is actor a person (an actor with dated roles)? */
int phrase_is_person(const rl_dict *d, uint32_t a);
/* Note that the document mentions actor (a person): it becomes the
 * salient person, and `surname` (a word id, 0 none) will name it later. */
void phrase_remember(sent_ctx *x, uint32_t actor, uint32_t surname);
/* The person a surname named earlier in the document, UINT32_MAX none. */
uint32_t phrase_recall(const sent_ctx *x, uint32_t word);
/* After a sentence: remember its first compound of exactly two actors
 * ("Japan and the Philippines") for a later "the two countries". */
void phrase_remember_pair(sent_ctx *x);
/* Keep the code the salient person's phrase had in this sentence (with
 * its title) for a later "he" or "she". */
void phrase_remember_codes(sent_ctx *x);
/* Is the verb reported speech: inside quotation marks, in the clause a
 * reporting verb governs ("X said Y attacked"), or before "..., X said"? */
int clause_is_reported(const sent_ctx *x, const vgroup *g);
/* 1 when compound group c starts after the verb of g. */
int clause_comp_after_verb(const sent_ctx *x, const vgroup *g, int c);
/* The source and target groups of event noun g into *sg, *tg (-1 none) and
 * *light (a light verb's object); returns 1 when both are found. */
int clause_nominal_roles(const sent_ctx *x, const vgroup *g, int *sg, int *tg, int *light);
/* The target of a reporting verb whose subject sg follows the clause it
 * reports: that clause's first actor group, -1 when none. */
int clause_fronted_target(const sent_ctx *x, const vgroup *g, int sg);
/* 1 when an "if"/"unless" follows the verb of g in the sentence. */
int clause_has_condition_after(const sent_ctx *x, const vgroup *g);
/* The actor subject group of the first "if"/"unless" clause after g, -1. */
int clause_conditional_subject(const sent_ctx *x, const vgroup *g);
/* The subject group of the clause g reports or demands, -1 when none;
 * *must is set when that clause's verb group holds "must" or "should". */
int clause_complement_subject(const sent_ctx *x, const vgroup *g, int *must);

#endif
