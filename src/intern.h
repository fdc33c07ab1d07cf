/*
 * intern.h - the word table: each distinct upper-case word gets a small id.
 *
 * Dictionaries intern every word they mention while loading; the tokenizer
 * then looks each token up (read-only) so that matching compares integers.
 * A word no dictionary mentions has id 0 (INTERN_NONE).  After loading the
 * table is only read, so many coders may share it across threads.
 */
#ifndef RL_INTERN_H
#define RL_INTERN_H

#include <stddef.h>
#include <stdint.h>

#define INTERN_NONE 0u
#define INTERN_MAX_WORD 128 /* longer words are never interned */

typedef struct intern intern;

intern *intern_new(void);
void intern_free(intern *t);
/* Add (or find) a word given in any case; returns its id, INTERN_NONE when
 * the word is empty, longer than INTERN_MAX_WORD, or memory ran out. */
uint32_t intern_add(intern *t, const char *w, size_t n);
/* Find a word given in any case; INTERN_NONE if absent.  Read-only. */
uint32_t intern_find(const intern *t, const char *w, size_t n);
/* The upper-case spelling of an id ("" for INTERN_NONE or bad ids). */
const char *intern_str(const intern *t, uint32_t id);
size_t intern_count(const intern *t);

#endif
