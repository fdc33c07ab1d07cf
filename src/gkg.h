/*
 * gkg.h - what the pieces of a knowledge-graph record share: the analysed
 * document (tokens tagged by the WordNet lexicon) and the per-document
 * arena, handed by gkg.c to entity.c (persons, organisations, places) and
 * amount.c (amounts of money and counts).  Internal: the public face is
 * rl_gkg_* in redline.h.  Nothing here codes events or prints.
 */
#ifndef RL_GKG_H
#define RL_GKG_H

#include <stddef.h>
#include <stdint.h>

#include "redline.h"
#include "arena.h"
#include "dict.h"
#include "text.h"

#define GKG_MAX_ENTITIES 4096
#define GKG_MAX_MENTIONS 65536
#define GKG_MAX_AMOUNTS 1024

/* The word list data/gkg/entity-words.txt (entity.c). */
typedef struct entity_words entity_words;
rl_status entity_words_load(entity_words **out, const char *path, rl_error *err);
void entity_words_free(entity_words *w);

/* Which actors of the dictionary are persons: indexes the actor records by
 * file and line, so an rl_coder_lookup answer can be checked (entity.c). */
typedef struct entity_actors entity_actors;
rl_status entity_actors_new(entity_actors **out, const rl_dict *d, rl_error *err);
void entity_actors_free(entity_actors *a);

/* One document being analysed for its record. */
typedef struct gkg_text {
    arena *mem;                /* per-document, reset by gkg.c */
    const rl_doc *doc;
    const text_doc *td;        /* tokens of doc->text, tagged */
    rl_coder *coder;           /* for rl_coder_lookup */
    const rl_geo *geo;
    const entity_words *words;
    const entity_actors *actors;
} gkg_text;

/* Persons, organisations and places of the document's body and headline
 * (not its byline, masthead, pull-quotes or boilerplate), each with its
 * mentions, in order of first mention; arrays in x->mem.  *dateline is the
 * entity of the dateline place ("MANILA -"), or -1. */
rl_status entity_find(const gkg_text *x, rl_entity **out, size_t *n, long *dateline,
                      rl_error *err);

/* Amounts in the same zones; arrays in x->mem. */
rl_status amount_find(const gkg_text *x, rl_amount **out, size_t *n, rl_error *err);

#endif
