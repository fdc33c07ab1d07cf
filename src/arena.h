/*
 * arena.h - a bump allocator freed in one call.
 *
 * Each document (and the dictionary) gets an arena, so the coder's hot path
 * has no malloc/free pairs and nothing leaks.  Every arena has a byte limit:
 * untrusted input can make it fail, never grow without bound.
 */
#ifndef RL_ARENA_H
#define RL_ARENA_H

#include <stddef.h>

typedef struct arena_block arena_block;
typedef struct arena {
    arena_block *head;
    size_t used, limit; /* bytes handed out across blocks; 0 limit = 1 GiB */
} arena;

void arena_init(arena *a, size_t limit);
/* NULL when the limit is reached or malloc fails.  Memory is 16-aligned
 * and zeroed. */
void *arena_alloc(arena *a, size_t n);
/* Copy n bytes and add a NUL. */
char *arena_strndup(arena *a, const char *s, size_t n);
/* Keep the first block, drop the rest: cheap reuse between documents. */
void arena_reset(arena *a);
void arena_free(arena *a);

#endif
