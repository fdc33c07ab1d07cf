/*
 * intern.c - open-addressing hash table of upper-case words.
 *
 * ASCII letters are folded to upper case; other bytes (UTF-8) are kept as
 * they are, so "Zelenskyy" and "ZELENSKYY" meet but "é" and "É" do not.
 */
#include "intern.h"

#include <stdlib.h>
#include <string.h>

struct intern {
    uint32_t *slots;   /* id per slot, 0 empty */
    size_t cap;        /* power of two */
    char **words;      /* words[id] */
    size_t n, wcap;    /* ids 1..n */
};

static unsigned char up(unsigned char c)
{
    return (c >= 'a' && c <= 'z') ? (unsigned char)(c - 32) : c;
}

static uint64_t hash_word(const char *w, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= up((unsigned char)w[i]);
        h *= 1099511628211ull;
    }
    return h;
}

static int same_word(const char *stored, const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)stored[i] != up((unsigned char)w[i]))
            return 0;
    return stored[n] == '\0';
}

intern *intern_new(void)
{
    intern *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->cap = 1024;
    t->slots = calloc(t->cap, sizeof *t->slots);
    t->wcap = 512;
    t->words = calloc(t->wcap, sizeof *t->words);
    if (!t->slots || !t->words) {
        intern_free(t);
        return NULL;
    }
    t->words[0] = NULL;
    return t;
}

void intern_free(intern *t)
{
    if (!t)
        return;
    for (size_t i = 1; i <= t->n; i++)
        free(t->words[i]);
    free(t->words);
    free(t->slots);
    free(t);
}

static size_t find_slot(const intern *t, const char *w, size_t n)
{
    size_t mask = t->cap - 1;
    size_t i = (size_t)hash_word(w, n) & mask;
    while (t->slots[i] && !same_word(t->words[t->slots[i]], w, n))
        i = (i + 1) & mask;
    return i;
}

static int grow(intern *t)
{
    size_t ncap = t->cap * 2;
    uint32_t *ns = calloc(ncap, sizeof *ns);
    if (!ns)
        return 0;
    for (size_t id = 1; id <= t->n; id++) {
        const char *w = t->words[id];
        size_t i = (size_t)hash_word(w, strlen(w)) & (ncap - 1);
        while (ns[i])
            i = (i + 1) & (ncap - 1);
        ns[i] = (uint32_t)id;
    }
    free(t->slots);
    t->slots = ns;
    t->cap = ncap;
    return 1;
}

uint32_t intern_add(intern *t, const char *w, size_t n)
{
    if (!t || n == 0 || n > INTERN_MAX_WORD)
        return INTERN_NONE;
    size_t i = find_slot(t, w, n);
    if (t->slots[i])
        return t->slots[i];
    if ((t->n + 1) * 2 > t->cap) {
        if (!grow(t))
            return INTERN_NONE;
        i = find_slot(t, w, n);
    }
    if (t->n + 1 >= t->wcap) {
        size_t nw = t->wcap * 2;
        char **p = realloc(t->words, nw * sizeof *p);
        if (!p)
            return INTERN_NONE;
        t->words = p;
        t->wcap = nw;
    }
    char *s = malloc(n + 1);
    if (!s)
        return INTERN_NONE;
    for (size_t k = 0; k < n; k++)
        s[k] = (char)up((unsigned char)w[k]);
    s[n] = '\0';
    uint32_t id = (uint32_t)++t->n;
    t->words[id] = s;
    t->slots[i] = id;
    return id;
}

uint32_t intern_find(const intern *t, const char *w, size_t n)
{
    if (!t || n == 0 || n > INTERN_MAX_WORD)
        return INTERN_NONE;
    return t->slots[find_slot(t, w, n)];
}

const char *intern_str(const intern *t, uint32_t id)
{
    if (!t || id == 0 || id > t->n)
        return "";
    return t->words[id];
}

size_t intern_count(const intern *t)
{
    return t ? t->n : 0;
}
