/*
 * simhash.c - fingerprints that find wire copies: the same agency story run
 * by several outlets with small edits (a headline, a dateline, a sentence
 * cut).  SimHash (Charikar 2002) over word 3-shingles gives each text a
 * 64-bit fingerprint; copies differ in few bits, unrelated texts in about
 * half.  The store links documents within SIMHASH_NEAR bits (store.c).
 *
 * Words are runs of letters and digits (any byte >= 0x80 counts as a
 * letter, so non-Latin text works), compared without ASCII case.  This
 * file must not allocate: a text of any length is read once, in place.
 */
#include "store_int.h"

#include <string.h>

uint64_t simhash_fnv1a(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

/* FNV's low bits are weak for short keys: a splitmix64 finaliser spreads
 * every input bit over the whole word. */
static uint64_t simhash_mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    x ^= x >> 31;
    return x;
}

static int simhash_is_word(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c >= 0x80;
}

/* Hash of the word at text[*pos..], advancing past it; 0 at the end. */
static uint64_t simhash_next_word(const char *text, size_t len, size_t *pos, int *found)
{
    size_t i = *pos;
    while (i < len && !simhash_is_word((unsigned char)text[i]))
        i++;
    *found = i < len;
    uint64_t h = SIMHASH_FNV_INIT;
    while (i < len && simhash_is_word((unsigned char)text[i])) {
        unsigned char c = (unsigned char)text[i++];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        h = simhash_fnv1a(h, &c, 1);
    }
    *pos = i;
    return h;
}

static void simhash_add(int64_t acc[64], uint64_t h)
{
    for (int b = 0; b < 64; b++)
        acc[b] += (h >> b) & 1u ? 1 : -1;
}

uint64_t simhash_text(const char *text, size_t len)
{
    int64_t acc[64];
    memset(acc, 0, sizeof acc);
    uint64_t w[3] = {0, 0, 0};
    size_t pos = 0, words = 0;
    int found = 0;
    for (;;) {
        uint64_t h = simhash_next_word(text, len, &pos, &found);
        if (!found)
            break;
        w[0] = w[1];
        w[1] = w[2];
        w[2] = h;
        words++;
        if (words >= 3)
            simhash_add(acc, simhash_mix(w[0] * 31u * 31u + w[1] * 31u + w[2]));
    }
    if (words > 0 && words < 3) /* too short to shingle: the words as one */
        simhash_add(acc, simhash_mix(w[0] * 31u * 31u + w[1] * 31u + w[2]));
    uint64_t out = 0;
    for (int b = 0; b < 64; b++)
        if (acc[b] > 0)
            out |= 1ull << b;
    return out;
}

int simhash_distance(uint64_t a, uint64_t b)
{
    uint64_t x = a ^ b;
    int n = 0;
    while (x) {
        x &= x - 1;
        n++;
    }
    return n;
}
