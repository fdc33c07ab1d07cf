/*
 * arena.c - bump allocation in growing blocks with a hard limit.
 *
 * Not thread-safe: one arena belongs to one coder or one dictionary load.
 */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct arena_block {
    arena_block *next;
    size_t size, off;
    _Alignas(16) unsigned char data[];
};

#define ARENA_MIN_BLOCK (64u * 1024u)

void arena_init(arena *a, size_t limit)
{
    a->head = NULL;
    a->used = 0;
    a->limit = limit ? limit : ((size_t)1 << 30);
}

void *arena_alloc(arena *a, size_t n)
{
    n = (n + 15u) & ~(size_t)15u;
    if (n == 0)
        n = 16;
    if (n > a->limit || a->used > a->limit - n)
        return NULL;
    arena_block *b = a->head;
    if (!b || b->size - b->off < n) {
        size_t sz = ARENA_MIN_BLOCK;
        if (b && b->size < (SIZE_MAX / 4) && b->size * 2 > sz)
            sz = b->size * 2;
        if (sz < n)
            sz = n;
        b = malloc(sizeof *b + sz);
        if (!b)
            return NULL;
        b->size = sz;
        b->off = 0;
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->off;
    b->off += n;
    a->used += n;
    memset(p, 0, n);
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void arena_reset(arena *a)
{
    arena_block *b = a->head;
    if (!b)
        return;
    /* keep the largest (newest) block */
    arena_block *rest = b->next;
    while (rest) {
        arena_block *n = rest->next;
        free(rest);
        rest = n;
    }
    b->next = NULL;
    b->off = 0;
    a->used = 0;
}

void arena_free(arena *a)
{
    arena_block *b = a->head;
    while (b) {
        arena_block *n = b->next;
        free(b);
        b = n;
    }
    a->head = NULL;
    a->used = 0;
}
