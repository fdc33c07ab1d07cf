/*
 * eval.h - internals of rl_eval_file: gold-file parsing and scoring.
 *
 * eval.c scores the coder against three kinds of gold file (PETRARCH XML
 * validation records, PLOVER JSONL gold records, and redline's own plain-text
 * test cases).  The parsing and the comparison rules are exposed here so that
 * tests/unit/test_eval.c can check them without a working coder.  Nothing
 * here codes text; the coder is only reached through the public API.
 */
#ifndef RL_EVAL_H
#define RL_EVAL_H

#include <stddef.h>

#include "redline.h"

#define EVAL_CODE_MAX 40   /* bytes of an actor code with its NUL */
#define EVAL_CAMEO_MAX 8   /* bytes of a CAMEO code with its NUL */
#define EVAL_PLOVER_MAX 24 /* bytes of a PLOVER type name with its NUL */
#define EVAL_TSET_MAX 4096 /* triples kept per record; more is an error */
#define EVAL_NO_ACTOR "---" /* code of a missing source or target */

/* One (source, target, cameo) triple: an expected event or a produced one. */
typedef struct eval_triple {
    char src[EVAL_CODE_MAX];     /* "---" when none */
    char tgt[EVAL_CODE_MAX];     /* "---" when none */
    char cameo[EVAL_CAMEO_MAX];  /* without a trailing '*' */
    char plover[EVAL_PLOVER_MAX];/* produced events: PLOVER type, "" none */
    unsigned char prefix;        /* expected: 1 = cameo is a prefix ("19*") */
    unsigned flags;              /* RL_EV_* carried (produced) or required (expected) */
    unsigned flags_listed;       /* expected: the RL_EV_* bits named on the line */
    char *rule;                  /* produced: malloc'd rule text, or NULL */
} eval_triple;

/* A bounded list of triples (at most EVAL_TSET_MAX). */
typedef struct eval_tset {
    eval_triple *v;
    size_t n, cap;
} eval_tset;

/* Append a copy of *t (its rule string is duplicated).  RL_ERR_TOOBIG past
 * EVAL_TSET_MAX, RL_ERR_NOMEM when out of memory. */
rl_status eval_tset_add(eval_tset *s, const eval_triple *t);
void eval_tset_clear(eval_tset *s); /* keep the memory, drop the triples */
void eval_tset_free(eval_tset *s);

/* Does the produced triple `got` satisfy the expectation `want`?  Codes
 * are compared exactly; the cameo by prefix when want->prefix.  The flags
 * RL_EV_NEGATED and RL_EV_HYPOTHETICAL must be equal on both sides; any
 * other flag named on the expect line must be carried by `got`. */
int eval_triple_matches(const eval_triple *want, const eval_triple *got);

/* Compare as sets: returns 1 when every distinct produced triple matches
 * some expectation and every expectation is matched by some produced
 * triple.  *extra (may be NULL) counts the distinct produced triples
 * matching no expectation, *missed the expectations matched by none. */
int eval_triples_equal(const eval_tset *want, const eval_tset *got, size_t *extra,
                       size_t *missed);

/* Parse "SOURCE TARGET CAMEO [flag[,flag...]]" (the text after "expect:").
 * "-" stands for a missing actor ("---").  Returns RL_ERR_PARSE with a
 * message (no location) when malformed. */
rl_status eval_parse_expect(const char *s, size_t len, eval_triple *out, rl_error *err);

/* Dictionaries a test case may ask for. */
typedef enum eval_dict_choice {
    EVAL_DICT_DEFAULT = 0,   /* the bundled default set */
    EVAL_DICT_PETRARCH       /* ../shared PETR.Validate.* */
} eval_dict_choice;

/* One test case of a redline case file. */
typedef struct eval_case {
    long line;           /* line of the first line of its block */
    char *text;          /* malloc'd, NUL-terminated */
    size_t text_len;
    int date;            /* YYYYMMDD */
    eval_dict_choice dict;
    int all;             /* 1: emit negated and hypothetical events too */
    int expect_none;     /* "expect: none" */
    eval_tset expect;
} eval_case;

typedef struct eval_cases {
    eval_case *v;
    size_t n, cap;
} eval_cases;

#define EVAL_CASES_MAX 100000
#define EVAL_CASE_DEFAULT_DATE 20240101

/* Parse a whole case file held in `buf` (len bytes; NUL bytes are an
 * error).  `name` is used in "name:line: message" errors.  On error
 * *out holds what was parsed before it; free it either way. */
rl_status eval_parse_cases(const char *name, const char *buf, size_t len,
                           eval_cases *out, rl_error *err);
void eval_cases_free(eval_cases *c);

/* PLOVER gold: the 2021 name of a PLOVER type (DISAPPROVE -> ACCUSE,
 * DEMAND -> REQUEST, FIGHT -> ASSAULT; others unchanged). */
const char *eval_plover_canon(const char *name);
/* The type the gold records' PLOVER generation gives a CAMEO code where it
 * differs from the 2021 table (09x INVESTIGATE, 163 SANCTION, ...), NULL
 * where they agree. */
const char *eval_plover_legacy(const char *cameo);

/* Does a produced actor code satisfy one gold country code?  Compares the
 * first three letters after mapping the legacy gold codes (JAP = JPN,
 * ITL = ITA, VTN = VNM); gold IGO / NGO match any produced code with
 * IGO / NGO at a three-letter boundary (IGOUNO, USANGO, NGOHRI); a
 * produced code under a former union (SCGSRB, YUGBIH, USRUKR, CSK...)
 * also counts as the member state named by its next three letters. */
int eval_country_match(const char *gold_code, const char *produced_code);

#define EVAL_PLOVER_ACTORS_MAX 16

/* One PLOVER gold record as scored. */
typedef struct eval_plover_rec {
    char id[64];
    char event[EVAL_PLOVER_MAX];  /* as given in the gold (0.5b1 name) */
    char *text;                   /* malloc'd */
    int date;                     /* YYYYMMDD, 0 unknown */
    char src[EVAL_PLOVER_ACTORS_MAX][EVAL_CODE_MAX];
    size_t n_src;
    char tgt[EVAL_PLOVER_ACTORS_MAX][EVAL_CODE_MAX];
    size_t n_tgt;
} eval_plover_rec;

/* Parse one JSONL line of PLOVER gold.  RL_ERR_PARSE (message without
 * location) for bad JSON or a record without "text" or "event". */
rl_status eval_plover_parse(const char *line, size_t len, eval_plover_rec *out,
                            rl_error *err);
void eval_plover_rec_free(eval_plover_rec *r);

/* 1 when some produced event has the gold type, a source among the gold
 * sources (any source when the gold lists none) and, when the gold lists
 * targets, a target among them. */
int eval_plover_correct(const eval_plover_rec *gold, const eval_tset *got);

/* "2022-03-01" or "20220301" -> 20220301; 0 when not a date. */
int eval_parse_date(const char *s, size_t len);

#endif
