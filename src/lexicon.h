/*
 * lexicon.h - parts of speech and lemmas, enough to find verb phrases,
 * their subjects and objects, passives, negation and modality.
 *
 * Closed-class words (determiners, pronouns, prepositions, auxiliaries,
 * modals, conjunctions, negators) come from data/lexicon.txt; open-class
 * words are looked up in WordNet (Debian's wordnet-dev: morphstr() for
 * lemmas and irregular forms, in_wn() for the parts of speech a word can
 * have), cached per lexicon.  lexicon_tag() then picks one tag per token
 * with a few context rules.  It must not know about events or actors.
 */
#ifndef RL_LEXICON_H
#define RL_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "redline.h"
#include "intern.h"
#include "text.h"

typedef enum pos_tag {
    POS_UNK = 0,
    POS_NOUN,     /* common noun */
    POS_PROPN,    /* proper noun (capitalized, not sentence-initial function word) */
    POS_VERB,     /* lexical verb */
    POS_AUX,      /* be, have, do in any form */
    POS_MODAL,    /* will, would, shall, should, may, might, can, could, must */
    POS_ADJ,
    POS_ADV,
    POS_DET,      /* the, a, an, this, these, every, some, no */
    POS_PRON,     /* he, they, it, who (personal and relative) */
    POS_POSSPRON, /* his, its, their, our */
    POS_PREP,     /* of, in, with, by, to (as preposition) ... */
    POS_CONJ,     /* and, or, but, nor */
    POS_SUB,      /* subordinators: that, if, because, while, after, when, although */
    POS_NUM,
    POS_PUNCT,
    POS_TO,       /* infinitival "to" */
    POS_NEG,      /* not, n't, never, no longer */
    POS_POSS,     /* 's */
    POS_WH,       /* which, who, whom, whose, where (relative) */
    POS_COUNT
} pos_tag;

enum {
    VF_BASE = 1u << 0,     /* meet */
    VF_PRES3 = 1u << 1,    /* meets */
    VF_PAST = 1u << 2,     /* met (simple past) */
    VF_PARTICIPLE = 1u << 3, /* met (past participle) */
    VF_GERUND = 1u << 4    /* meeting */
};

typedef struct lexicon lexicon;

/* Load the closed-class word list (path: data/lexicon.txt) into `words`
 * (interning every listed word) and open WordNet (WNSEARCHDIR or Debian's
 * /usr/share/wordnet).  Errors name the file and line. */
rl_status lexicon_new(lexicon **out, intern *words, const char *path, rl_error *err);
void lexicon_free(lexicon *lx);

/* Tag tokens [t0, t1) of td: sets pos, vform and lemma (an intern id of the
 * lemma, INTERN_NONE when the lemma is no dictionary word).  Thread-safe for
 * distinct td; WordNet calls are serialized inside. */
void lexicon_tag(lexicon *lx, const text_doc *td, size_t t0, size_t t1);

/* The base form of a verb spelled w (any case), e.g. "met" -> "MEET",
 * "supplying" -> "SUPPLY"; writes up to cap bytes, returns length, 0 when
 * WordNet knows no verb of that form. Used by the verb dictionary loader for
 * irregular forms. */
size_t lexicon_verb_lemma(lexicon *lx, const char *w, size_t n, char *out, size_t cap);

const char *pos_name(pos_tag p);

/* 1 when lemma_id (an intern id, e.g. token.lemma) is a reporting verb
 * marked REPORT in data/lexicon.txt (say, tell, warn, announce ...). */
int lexicon_is_report_verb(const lexicon *lx, uint32_t lemma_id);

#endif
