/*
 * dict.h - the loaded dictionaries: actors, agents, verbs with patterns,
 * synsets and discards, in one structure the matcher reads.
 *
 * Loaders (dict_tabari.c: TABARI / PETRARCH-1 / PETRARCH-2 text formats;
 * dict_redline.c: redline's own actor format, docs/dictionaries.md)
 * fill these arrays while reading files; dict_finish() (match.c) then builds
 * the lookup indexes.  Every word is an id from the dictionary's intern
 * table.  Every entry keeps the file and line it came from, so an event can
 * name the rule that fired.  This module never looks at news text.
 */
#ifndef RL_DICT_H
#define RL_DICT_H

#include <stddef.h>
#include <stdint.h>

#include "redline.h"
#include "arena.h"
#include "intern.h"

#define DICT_CODE_MAX 32 /* bytes of a code with its NUL */
#define DICT_LINE_MAX ((size_t)64 * 1024) /* bytes of one dictionary line */
#define DICT_NEAR_MAX 48  /* bytes of the token dict_near() shows */

/* A place in a dictionary file. */
typedef struct dict_src {
    const char *file; /* interned path string, lives as long as the dict */
    int line;
} dict_src;

/* A phrase: consecutive words.  Both "_" and " " between words of actor
 * phrases mean "consecutive" here (TABARI actors); agents keep the gap
 * flags (a blank allows other words between, "_" does not). */
typedef struct dict_phrase {
    const uint32_t *w;   /* word ids */
    const uint8_t *gap;  /* NULL, or gap[i] = 1 if words may come between w[i-1] and w[i] */
    uint16_t n;
} dict_phrase;

/* ---- actors ---------------------------------------------------------- */

/* A date-bounded role: code applies when from <= date <= to (YYYYMMDD;
 * from 0 = since always, to 0 = until now). */
typedef struct dict_role {
    char code[DICT_CODE_MAX];
    int from, to;
} dict_role;

/* One actor record: a primary phrase with synonyms, a default code and
 * dated roles. */
typedef struct dict_actor {
    char code[DICT_CODE_MAX]; /* default code, "" when none */
    dict_role *roles;
    size_t n_roles;
    dict_src src;
    const char *name;         /* primary phrase as written, e.g. "XI_JINPING_" */
} dict_actor;

/* One phrase that names an actor (primary or '+' synonym).  When the same
 * phrase is listed twice, rl_dict_finish() keeps only the later listing, so
 * a file loaded later overrides earlier ones (dict_actor records stay). */
typedef struct dict_actor_phrase {
    dict_phrase ph;
    uint32_t actor; /* index into dict.actors */
} dict_actor_phrase;

/* ---- agents ---------------------------------------------------------- */

/* As with actor phrases, rl_dict_finish() keeps only the last listing of a
 * repeated agent phrase. */
typedef struct dict_agent {
    dict_phrase ph;           /* singular or plural form, one entry each */
    char code[DICT_CODE_MAX]; /* without the '~', e.g. "GOV", "NGO" */
    int prefix;               /* 1: "NGO~" (code goes before the actor's) */
    dict_src src;
} dict_agent;

/* ---- verbs ----------------------------------------------------------- */

typedef enum pel_kind {
    PEL_WORD = 0,   /* a word id must match (token word or lemma) */
    PEL_SYNSET,     /* any phrase of synset `id` */
    PEL_SOURCE,     /* $  the source actor is here */
    PEL_TARGET,     /* +  the target actor is here */
    PEL_COMPOUND,   /* %  a compound actor, both source and target */
    PEL_SKIP,       /* ^  skip one noun phrase */
    PEL_VERB        /* *  the verb itself */
} pel_kind;

typedef enum pel_group {
    PGRP_NONE = 0,
    PGRP_NP,        /* inside {..} (PETRARCH-2 noun phrase) */
    PGRP_PP         /* inside (..) (PETRARCH-2 prepositional phrase) */
} pel_group;

/* One element of a pattern. */
typedef struct pel {
    uint8_t kind;    /* pel_kind */
    uint8_t consec;  /* 1: must directly follow the previous element ("_") */
    uint8_t group;   /* pel_group */
    uint8_t group_start; /* 1: first element of its group; |2: also first of the
                          * enclosing PP (an NP nested in a PP, "(OF {BANNED PARTIES})") */
    uint32_t id;     /* word id (PEL_WORD) or synset index (PEL_SYNSET) */
    uint8_t outer;   /* PGRP_PP when `group` is an NP nested in a PP, else PGRP_NONE */
} pel;

/* A pattern "- words * words [code]": elements in text order, with exactly
 * one PEL_VERB among them. */
typedef struct dict_pattern {
    const pel *el;
    uint16_t n;
    uint16_t verb_at;           /* index of the PEL_VERB element */
    char code[DICT_CODE_MAX];   /* "064", "---" (null: no event) */
    char code2[DICT_CODE_MAX];  /* after ':' in [a:b]: reciprocal target->source code, "" none */
    const char *text;           /* the pattern as written, for "rule" */
    dict_src src;
    uint32_t block;             /* index into dict.verb_blocks */
} dict_pattern;

/* One verb (possibly multi-word, e.g. WIRE_TAP, BREAK_DOWN) in one form.
 * Loaders generate the regular forms (S, ED, ING) and add the irregular
 * forms given in {..}; each form is its own entry. */
typedef struct dict_verb_form {
    dict_phrase ph;           /* the words of this form */
    uint16_t head;            /* index in ph of the inflected word */
    uint32_t lemma;           /* word id of the base form of the head verb */
    uint32_t block;           /* index into dict.verb_blocks */
    char code[DICT_CODE_MAX]; /* the verb's own code, or the block's */
    dict_src src;
    uint8_t shadowed;         /* the same words in a later file replace it */
} dict_verb_form;

/* A verb block "--- NAME [code] ---": verbs sharing patterns. */
typedef struct dict_verb_block {
    char name[64];
    char code[DICT_CODE_MAX];
    uint32_t first_pattern, n_patterns; /* range in dict.patterns */
    dict_src src;
} dict_verb_block;

/* A synset "&NAME" with its phrases. */
typedef struct dict_synset {
    char name[64];   /* without '&' and a trailing '_'; "A/B" for a pattern's
                      * disjunction A/B (TABARI), which loads as a synset */
    dict_phrase *ph;
    size_t n;
    int defined;     /* 0: only referred to so far (patterns using it are dropped) */
    dict_src src;
} dict_synset;

/* ---- discards -------------------------------------------------------- */

typedef struct dict_discard {
    dict_phrase ph;
    int story;  /* 1: '+' prefix, the whole document is not coded */
    dict_src src;
} dict_discard;

/* A growable array with a hard maximum (see dict_push). */
#define DICT_VEC(T) struct { T *v; size_t n, cap; }

struct match_index; /* built by dict_finish (match.c) */
struct lexicon;     /* lexicon.h */

#define DICT_PATH_MAX 4096

struct rl_dict {
    arena mem;               /* everything below lives here or in the vecs */
    char data_dir[DICT_PATH_MAX]; /* where its lexicon (and gazetteer) are */
    intern *words;
    struct lexicon *lex;     /* closed-class words and WordNet lemmas */
    DICT_VEC(dict_actor) actors;
    DICT_VEC(dict_actor_phrase) actor_phrases;
    DICT_VEC(dict_agent) agents;
    DICT_VEC(dict_verb_block) verb_blocks;
    DICT_VEC(dict_verb_form) verb_forms;
    DICT_VEC(dict_pattern) patterns;
    DICT_VEC(dict_synset) synsets;
    DICT_VEC(dict_discard) discards;
    size_t warnings;         /* lines skipped with RL_DICT_LENIENT */
    struct match_index *index;
    int finished;
    uint32_t *syn_slots;     /* synset name hash: synset index + 1, 0 empty (dict_tabari.c) */
    size_t syn_cap;
};

/* Push one zeroed element on a DICT_VEC; returns its index, or -1 when out
 * of memory or past 16M elements. */
#define dict_push(vec) dict_vec_push((void **)&(vec).v, &(vec).n, &(vec).cap, sizeof *(vec).v)
long dict_vec_push(void **v, size_t *n, size_t *cap, size_t elem);

/* Loaders, one per kind (dict_tabari.c).  `path` is read whole; errors name
 * path:line.  With RL_DICT_LENIENT a bad line is skipped and d->warnings
 * counted, and the loader returns RL_OK. */
rl_status dict_load_actors(rl_dict *d, const char *path, unsigned flags, rl_error *err);
rl_status dict_load_agents(rl_dict *d, const char *path, unsigned flags, rl_error *err);
rl_status dict_load_verbs(rl_dict *d, const char *path, unsigned flags, rl_error *err);
rl_status dict_load_discards(rl_dict *d, const char *path, unsigned flags, rl_error *err);

/* redline's own actor format (dict_redline.c, docs/dictionaries.md):
 * "CODE [FROM..TO]: NAME; NAME; ...".  Each distinct name of a file is one
 * dict_actor record (its lines merge: an undated line sets the default
 * code, a dated one adds a role) and one actor phrase, its words split as
 * the tokenizer splits news text.  Errors and RL_DICT_LENIENT as above. */
rl_status dict_load_redline_actors(rl_dict *d, const char *path, unsigned flags, rl_error *err);
/* 1 when the first line of buf[0..len) that is not blank or a '#' comment
 * starts like "CODE:" or "CODE FROM..TO:" (a redline actor file; TABARI
 * files never do), else 0.  Reads at most len bytes; buf need not end in
 * a NUL. */
int dict_is_redline_format(const char *buf, size_t len);

/* Helpers the loaders share (dict_tabari.c). */
/* Read a whole file into a malloc'd NUL-terminated buffer (caller frees);
 * larger than 256 MiB is RL_ERR_TOOBIG. */
rl_status dict_read_file(const char *path, char **out, size_t *out_len, rl_error *err);
/* Valid UTF-8 without overlongs or surrogates. */
int dict_utf8_valid(const char *s, size_t n);
/* The token of a "near '...'": at most 40 bytes of `near`, printable and
 * valid UTF-8, "..." when cut. */
void dict_near(char out[DICT_NEAR_MAX], const char *near, size_t near_len);
/* The error of a bad dictionary line: "path:line: msg near 'token'" (the
 * near part left out when near is NULL); returns RL_ERR_DICT. */
rl_status dict_line_error(rl_error *err, const char *path, int line, const char *near,
                          size_t near_len, const char *msg);
/* Blanks of a dictionary line, and trimming them from both ends. */
int dict_is_blank(char c);
void dict_trim(const char **s, size_t *n);
/* Append a dated role to an actor, the role array in `mem`; -1 when out
 * of memory. */
int dict_role_push(arena *mem, dict_actor *a, const dict_role *r);

/* The code an actor has on `date` (YYYYMMDD, 0 = today's roles: the open
 * ones); "" when none applies. */
const char *dict_actor_code(const rl_dict *d, uint32_t actor, int date);

#endif
