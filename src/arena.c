/*
 * arena.c - bump allocation in growing blocks with a hard limit, plus the
 * big arrays an arena owns (one malloc'd chunk each, in a list).
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

/* A big array: this header, then the data.  Doubly linked, so realloc
 * moving one only touches its neighbours. */
struct arena_chunk {
    arena_chunk *next, *prev;
    size_t size;
    _Alignas(16) unsigned char data[];
};

#define ARENA_MIN_BLOCK (64u * 1024u)
#define ARENA_KEEP_MAX ((size_t)8 << 20) /* largest block arena_reset keeps */

void arena_init(arena *a, size_t limit)
{
    a->head = NULL;
    a->big = NULL;
    a->small = NULL;
    a->used = 0;
    a->limit = limit ? limit : ((size_t)1 << 30);
}

#ifdef RL_ARENA_MALLOC
/* Debug build (fuzzing): every allocation its own malloc of exactly n
 * bytes, so ASan sees an overflow past one allocation into the next. */
void *arena_alloc(arena *a, size_t n)
{
    if (n > a->limit || a->used > a->limit - n || n > SIZE_MAX - sizeof(arena_chunk))
        return NULL;
    arena_chunk *c = malloc(sizeof *c + (n ? n : 1));
    if (!c)
        return NULL;
    c->prev = NULL;
    c->next = a->small;
    c->size = n;
    a->small = c;
    a->used += n;
    memset(c->data, 0, n);
    return c->data;
}
#else
void *arena_alloc(arena *a, size_t n)
{
    if (n > a->limit || n > SIZE_MAX - 15u)
        return NULL; /* also keeps the rounding below from overflowing */
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
#endif

char *arena_strndup(arena *a, const char *s, size_t n)
{
    if (n == SIZE_MAX)
        return NULL;
    char *p = arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void *arena_big(arena *a, void *p, size_t n)
{
    arena_chunk *old = NULL;
    if (p)
        old = (arena_chunk *)(void *)((unsigned char *)p - offsetof(arena_chunk, data));
    size_t had = old ? old->size : 0;
    if (n == 0)
        n = 1;
    if (n > SIZE_MAX - sizeof(arena_chunk))
        return NULL;
    /* the limit counts the growth only: the old size is already in `used` */
    if (n > had && (n - had > a->limit || a->used > a->limit - (n - had)))
        return NULL;
    arena_chunk *b = realloc(old, sizeof *b + n);
    if (!b)
        return NULL;
    if (!old) {
        b->prev = NULL;
        b->next = a->big;
        if (a->big)
            a->big->prev = b;
        a->big = b;
    } else { /* relink (realloc may have moved it; `old` is not read again) */
        if (b->prev)
            b->prev->next = b;
        else
            a->big = b;
        if (b->next)
            b->next->prev = b;
    }
    b->size = n;
    a->used = a->used - had + n;
    return b->data;
}

arena_mark arena_save(const arena *a)
{
    arena_mark m;
    m.head = a->head;
    m.small = a->small;
    m.off = a->head ? a->head->off : 0;
    m.used = a->used;
    return m;
}

void arena_restore(arena *a, arena_mark m)
{
    size_t released = 0;
    while (a->small && a->small != m.small) { /* RL_ARENA_MALLOC only */
        arena_chunk *c = a->small;
        a->small = c->next;
        released += c->size;
        free(c);
    }
    arena_block *keep = NULL, *b = a->head;
    while (b && b != m.head) { /* blocks made after the mark, newest first */
        arena_block *n = b->next;
        released += b->off;
        if (!keep) {
            keep = b; /* the newest is the largest: reuse it */
        } else {
            free(b);
        }
        b = n;
    }
    if (m.head) {
        released += m.head->off - m.off;
        m.head->off = m.off;
    }
    a->used -= released;
    if (keep) {
        keep->off = 0;
        keep->next = m.head;
        a->head = keep;
    }
}

static void arena_free_chunks(arena_chunk *g)
{
    while (g) {
        arena_chunk *n = g->next;
        free(g);
        g = n;
    }
}

static void arena_free_lists(arena *a)
{
    arena_free_chunks(a->big);
    arena_free_chunks(a->small);
    a->big = NULL;
    a->small = NULL;
}

void arena_reset(arena *a)
{
    arena_free_lists(a);
    a->used = 0;
    arena_block *b = a->head;
    if (!b)
        return;
    /* keep the newest block (the largest) unless it is huge */
    arena_block *rest = b->next;
    if (b->size > ARENA_KEEP_MAX) {
        rest = b;
        a->head = NULL;
    } else {
        b->next = NULL;
        b->off = 0;
    }
    while (rest) {
        arena_block *n = rest->next;
        free(rest);
        rest = n;
    }
}

void arena_free(arena *a)
{
    arena_free_lists(a);
    arena_block *b = a->head;
    while (b) {
        arena_block *n = b->next;
        free(b);
        b = n;
    }
    a->head = NULL;
    a->used = 0;
}
