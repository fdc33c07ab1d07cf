/*
 * match_int.h - the match index layout and phrase matchers, shared by
 * match.c (which builds them) and the coder (code.c, phrase.c, clause.c,
 * which call them).  Internal.
 */
#ifndef RL_MATCH_INT_H
#define RL_MATCH_INT_H

#include "dict.h"
#include "text.h"

/* Phrases bucketed by first word id, longest first within a bucket. */
typedef struct ptable {
    uint32_t *off;   /* off[w]..off[w+1]: items starting with word w */
    uint32_t *items; /* indexes into the dictionary array */
    size_t nwords;
} ptable;

/* Word ids the coder tests often. */
enum {
    MW_BY, MW_AND, MW_OR, MW_OF, MW_IN, MW_FROM, MW_THAT, MW_WITH, MW_TO, MW_IF, MW_S,
    MW_APOS, MW_COMMA, MW_THE, MW_AT, MW_FOR, MW_ON, MW_AGAINST, MW_NOT, MW_NT, MW_NEVER,
    MW_WILL, MW_WOULD, MW_SHALL, MW_COULD, MW_MAY, MW_MIGHT, MW_SHOULD, MW_MUST, MW_CAN,
    MW_WHETHER, MW_UNLESS, MW_ABOUT, MW_WHO, MW_WHICH, MW_SAID, MW_SAY, MW_ACCORDING,
    MW_NO, MW_AS, MW_WHOSE, MW_CA, MW_WO, MW_NOR, MW_NEITHER, MW_BUT, MW_HE, MW_SHE, MW_BETWEEN, MW_GOING, MW_TWO, MW_BOTH,
    MW_LEAST, MW_MOST, MW_NEAR, MW_IT, MW_ISLAND, MW_COUNT
};

struct match_index {
    size_t nwords;
    ptable actors, agents, discards, verbs;
    uint32_t *verb_by_lemma; /* lemma id -> verb form index, UINT32_MAX none */
    /* synset phrases by first word: syn_pairs[syn_off[s]..syn_off[s+1]) are
     * (first word, phrase index) pairs of synset s sorted by word */
    uint32_t *surname;       /* word id -> actor whose multi-word names end in it;
                                UINT32_MAX none, UINT32_MAX-1 several */
    uint32_t *syn_off;
    uint32_t (*syn_pairs)[2];
    uint32_t mw[MW_COUNT];
};
typedef struct match_index match_index;

/* Each returns the end token (exclusive) of the longest match starting at
 * token i (0 when none) and the matched item's index. */
uint32_t match_actor(const rl_dict *d, const token *t, uint32_t i, uint32_t end, uint32_t *phrase);
uint32_t match_agent(const rl_dict *d, const token *t, uint32_t i, uint32_t end, uint32_t *agent);
uint32_t match_discard(const rl_dict *d, const token *t, uint32_t i, uint32_t end, uint32_t *discard);
uint32_t match_verb(const rl_dict *d, const token *t, uint32_t i, uint32_t end, uint32_t *form);
/* The actor a surname alone names ("President Mugabe"), UINT32_MAX when
 * none or several. */
uint32_t match_surname(const rl_dict *d, uint32_t word);
/* A single-word verb form spelled like token i (word, then lemma). */
uint32_t match_verb_word(const rl_dict *d, const token *t, uint32_t i, uint32_t *form);
/* The base form of a single-word verb whose lemma is `lemma`, UINT32_MAX none. */
uint32_t match_verb_by_lemma(const rl_dict *d, uint32_t lemma);
uint32_t match_synset(const rl_dict *d, uint32_t s, const token *t, uint32_t i, uint32_t end);
/* Start of a synset phrase that ends exactly at e, UINT32_MAX if none. */
uint32_t match_synset_ending(const rl_dict *d, uint32_t s, const token *t, uint32_t begin,
                             uint32_t e);

#endif
