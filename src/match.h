/*
 * match.h - dictionary indexes and the sentence matcher.
 *
 * match_index_build() turns the loaded dictionary arrays into lookup
 * structures (word-id tries for actors, agents and discards; verb forms by
 * word; patterns by block).  The coder (code.c) calls the match_* functions
 * on tagged sentences.  Built once, then read-only and shareable.
 */
#ifndef RL_MATCH_H
#define RL_MATCH_H

#include "dict.h"

rl_status match_index_build(rl_dict *d, rl_error *err);
void match_index_free(struct match_index *ix);

#endif
