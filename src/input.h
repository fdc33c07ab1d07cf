/*
 * input.h - internal side of the document readers (src/input.c).
 *
 * The public readers are rl_reader_* in redline.h.  This header adds what the
 * evaluator needs from a PETRARCH validation file beyond the text: the gold
 * <EventCoding>s of every <Sentence>, its category, and the <Environment>
 * (dictionary file names) and <Config> options the file sets.  Nothing here
 * codes events or opens dictionaries: it only reads the XML.
 */
#ifndef RL_INPUT_H
#define RL_INPUT_H

#include <stddef.h>

#include "redline.h"
#include "arena.h"

/* One expected coding.  Attribute values are kept verbatim, including the
 * quotes some records put inside them (sourcecode='"INJURY TOLL"'). */
typedef struct petr_coding {
    const char *src, *tgt, *code; /* "" when the attribute is absent */
} petr_coding;

typedef struct petr_record {
    const char *id;       /* id attribute, or "file:line" when missing */
    const char *category; /* "" when missing */
    const char *text;     /* <Text>, whitespace collapsed exactly as rl_reader gives it */
    int date;             /* YYYYMMDD, 0 when missing or malformed */
    size_t line;          /* line of the <Sentence> tag in the file */
    size_t n_codings;
    petr_coding *codings;
    int noevents;         /* <EventCoding noevents="True"> */
    const char *error;    /* <EventCoding error="...">, NULL when none */
    size_t n_config;      /* env->config[0 .. n_config) are in force for this record */
} petr_record;

/* A <Config option= value=> element, in file order.  Those in <Environment>
 * come first; the others sit between records and apply from the next one on
 * (see petr_record.n_config). */
typedef struct petr_config {
    const char *option, *value;
    size_t line;
} petr_config;

typedef struct petr_env {
    const char *verbfile;     /* NULL when not named */
    const char *agentfile;
    const char *discardfile;
    const char **actorfiles;  /* <Actorfile> may repeat */
    size_t n_actorfiles;
    petr_config *config;
    size_t n_config;
    arena mem;                /* owns the strings and codings; the arrays are malloc'd */
} petr_env;

/* Read a whole PETRARCH XML file (validation records or plain sentences).
 * On RL_OK, *recs (n of them, one malloc'd array) and env are filled and
 * belong to the caller, who releases both with petr_free(*recs, env).  On error nothing is left
 * allocated and err says "file:line: message".  A malformed record is an
 * error (gold data must be exact); limits: 64 MiB per record, 10 million
 * records. */
rl_status petr_read_file(const char *path, petr_record **recs, size_t *n,
                         petr_env *env, rl_error *err);
void petr_free(petr_record *recs, petr_env *env);

#endif
