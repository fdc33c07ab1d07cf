/*
 * arena.h - a bump allocator freed in one call.
 *
 * Each document (and the dictionary) gets an arena, so the coder's hot path
 * has no malloc/free pairs and nothing leaks.  Every arena has a byte limit:
 * untrusted input can make it fail, never grow without bound.
 *
 * Besides bump memory an arena owns "big" arrays (arena_big): one malloc'd
 * chunk each, resized with realloc, freed with the arena.  They are for the
 * few per-document arrays whose size is only known at the end (normalized
 * text, tokens): growing them in bump memory would leave every outgrown copy
 * behind until the reset, and a pathological document would need several
 * times its final size.
 *
 * Built with -DRL_ARENA_MALLOC (the fuzz targets), every arena_alloc is its
 * own malloc, so AddressSanitizer catches a read past one allocation that
 * would otherwise land silently in its neighbour.
 */
#ifndef RL_ARENA_H
#define RL_ARENA_H

#include <stddef.h>

typedef struct arena_block arena_block;
typedef struct arena_chunk arena_chunk;
typedef struct arena {
    arena_block *head;
    size_t used, limit; /* bytes handed out (blocks and big arrays); 0 limit = 1 GiB */
    arena_chunk *big;   /* big arrays owned by the arena */
    arena_chunk *small; /* built with RL_ARENA_MALLOC: each arena_alloc */
} arena;

void arena_init(arena *a, size_t limit);
/* NULL when the limit is reached or malloc fails.  Memory is 16-aligned
 * and zeroed. */
void *arena_alloc(arena *a, size_t n);
/* Copy n bytes and add a NUL. */
char *arena_strndup(arena *a, const char *s, size_t n);
/* A big array of n bytes (16-aligned, NOT zeroed) when p is NULL; else p
 * (a big array of the same arena) resized to n bytes, its first bytes kept,
 * like realloc.  NULL when the limit is reached or malloc fails; p then
 * stays valid and owned by the arena.  Freed by arena_reset/arena_free. */
void *arena_big(arena *a, void *p, size_t n);
/* A point to come back to: arena_restore(a, m) releases the bump memory
 * allocated after arena_save(a) returned m (keeping one block for reuse),
 * so a loop over sentences can free each sentence's scratch memory.  Big
 * arrays are not touched.  Marks taken after m, and every mark after
 * arena_reset, are invalid. */
typedef struct arena_mark {
    arena_block *head;
    arena_chunk *small;
    size_t off, used;
} arena_mark;
arena_mark arena_save(const arena *a);
void arena_restore(arena *a, arena_mark m);
/* Keep the first block, drop the rest and every big array: cheap reuse
 * between documents.  A block larger than a few MiB is not kept, so one
 * huge document does not pin its memory for the rest of the run. */
void arena_reset(arena *a);
void arena_free(arena *a);

#endif
