/*
 * tone.c - the tone of a text from a word list with valences, after
 * GDELT's V2Tone: the share of positive and of negative words, their
 * difference (tone) and sum (polarity), and the share of pronouns.
 *
 * The default list is AFINN-165 (data/tone/afinn-165.tsv, made by
 * tools/gen-gkg-data.mjs): words and a few phrases of up to three words,
 * each with a valence from -5 to +5.  Words are the runs of letters,
 * digits and inner apostrophes, compared in lower case; a phrase of the
 * list wins over its words.  No negation handling: "not good" counts
 * "good", as in GDELT and AFINN's own scorer.  The share of verbs
 * (activity) needs the WordNet tagger, which gkg.c has and this file
 * does not: rl_tone_text leaves it 0.
 */
#include "redline.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "error.h"

#define TONE_LINE_MAX 1024
#define TONE_ENTRY_MAX 64          /* bytes of one word or phrase */
#define TONE_ENTRIES_MAX (1u << 20)
#define TONE_PHRASE_WORDS 3

typedef struct tone_slot {
    const char *key; /* NULL: empty */
    uint32_t len;
    int valence;
} tone_slot;

struct rl_tone_lexicon {
    arena mem;
    tone_slot *slots;
    size_t cap, used; /* cap: power of two */
};

static uint32_t tone_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static tone_slot *tone_slot_find(tone_slot *slots, size_t cap, const char *s, size_t n)
{
    size_t i = tone_hash(s, n) & (cap - 1);
    while (slots[i].key && !(slots[i].len == n && memcmp(slots[i].key, s, n) == 0))
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

static int tone_grow(rl_tone_lexicon *lx)
{
    size_t ncap = lx->cap ? lx->cap * 2 : 8192;
    tone_slot *ns = arena_big(&lx->mem, NULL, ncap * sizeof *ns);
    if (!ns)
        return -1;
    memset(ns, 0, ncap * sizeof *ns);
    for (size_t i = 0; i < lx->cap; i++)
        if (lx->slots[i].key)
            *tone_slot_find(ns, ncap, lx->slots[i].key, lx->slots[i].len) = lx->slots[i];
    lx->slots = ns; /* the old array stays in the arena until rl_tone_lexicon_free */
    lx->cap = ncap;
    return 0;
}

static char tone_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

rl_status rl_tone_lexicon_load(rl_tone_lexicon **out, const char *path, rl_error *err)
{
    if (!out)
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "rl_tone_lexicon_load: no output pointer");
    *out = NULL;
    char def[4096];
    if (!path) {
        int w = snprintf(def, sizeof def, "%s/tone/afinn-165.tsv", rl_default_data_dir());
        if (w < 0 || (size_t)w >= sizeof def)
            return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "data directory path too long");
        path = def;
    }
    FILE *f = fopen(path, "r");
    if (!f)
        return err_set(err, RL_ERR_IO, path, 0, 0, "cannot open tone lexicon");
    rl_tone_lexicon *lx = calloc(1, sizeof *lx);
    if (!lx) {
        fclose(f);
        return err_set(err, RL_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    arena_init(&lx->mem, (size_t)64 * 1024 * 1024);
    char line[TONE_LINE_MAX];
    long ln = 0;
    rl_status st = tone_grow(lx) ? err_set(err, RL_ERR_NOMEM, path, 0, 0, "out of memory")
                                 : RL_OK;
    while (!st && fgets(line, sizeof line, f)) {
        ln++;
        size_t n = strcspn(line, "\r\n");
        if (line[n] == '\0' && !feof(f)) {
            st = err_set(err, RL_ERR_DICT, path, ln, 0, "line longer than %d bytes",
                         TONE_LINE_MAX - 2);
            break;
        }
        line[n] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        char *tab = strchr(line, '\t');
        char *end = NULL;
        long v = tab ? strtol(tab + 1, &end, 10) : 0;
        size_t klen = tab ? (size_t)(tab - line) : 0;
        if (!tab || end == tab + 1 || *end != '\0' || v < -5 || v > 5 || klen == 0 ||
            klen >= TONE_ENTRY_MAX) {
            st = err_set(err, RL_ERR_DICT, path, ln, 0,
                         "expected word<TAB>valence (-5..5), got '%.40s'", line);
            break;
        }
        for (size_t i = 0; i < klen; i++)
            line[i] = tone_lower(line[i]);
        if ((lx->used + 1) * 2 > lx->cap && (lx->used >= TONE_ENTRIES_MAX || tone_grow(lx))) {
            st = err_set(err, RL_ERR_NOMEM, path, ln, 0, "too many entries");
            break;
        }
        tone_slot *s = tone_slot_find(lx->slots, lx->cap, line, klen);
        if (!s->key) {
            s->key = arena_strndup(&lx->mem, line, klen);
            if (!s->key) {
                st = err_set(err, RL_ERR_NOMEM, path, ln, 0, "out of memory");
                break;
            }
            s->len = (uint32_t)klen;
            lx->used++;
        }
        s->valence = (int)v;
    }
    fclose(f);
    if (st) {
        rl_tone_lexicon_free(lx);
        return st;
    }
    *out = lx;
    return RL_OK;
}

void rl_tone_lexicon_free(rl_tone_lexicon *lx)
{
    if (!lx)
        return;
    arena_free(&lx->mem);
    free(lx);
}

/* A word character: ASCII letter or digit, or any byte of a non-ASCII
 * character (letters of other scripts; punctuation there is rare). */
static int tone_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c >= 0x80;
}

/* The next word at or after *pos, lower-cased into buf (typographic
 * apostrophes become '); returns its length (0: no more words).  Words
 * longer than the buffer are cut, which only stops them matching. */
static size_t tone_next_word(const char *t, size_t len, size_t *pos, char *buf, size_t cap)
{
    size_t i = *pos;
    while (i < len && (!tone_word_byte((unsigned char)t[i]) ||
                       (i + 2 < len && memcmp(t + i, "\xe2\x80\x99", 3) == 0)))
        i += (i + 2 < len && memcmp(t + i, "\xe2\x80", 2) == 0) ? 3 : 1;
    size_t n = 0;
    while (i < len) {
        unsigned char c = (unsigned char)t[i];
        size_t step = 1;
        char out;
        if (c == '\'' || (i + 2 < len && memcmp(t + i, "\xe2\x80\x99", 3) == 0)) {
            step = c == '\'' ? 1 : 3;
            /* an inner apostrophe: a word character must follow */
            if (n == 0 || i + step >= len || !tone_word_byte((unsigned char)t[i + step]) ||
                (unsigned char)t[i + step] == 0xe2)
                break;
            out = '\'';
        } else if (c == 0xe2 && i + 1 < len && (unsigned char)t[i + 1] == 0x80) {
            break; /* dashes, quotes, ellipses: U+2010..U+203F */
        } else if (tone_word_byte(c)) {
            out = tone_lower((char)c);
        } else {
            break;
        }
        if (n + 1 < cap)
            buf[n++] = out;
        i += step;
    }
    *pos = i;
    return n;
}

static int tone_is_pronoun(const char *w, size_t n)
{
    static const char *const pron[] = {
        "i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves",
        "you", "your", "yours", "yourself", "yourselves", "he", "him", "his", "himself",
        "she", "her", "hers", "herself", "it", "its", "itself", "they", "them", "their",
        "theirs", "themselves"
    };
    for (size_t i = 0; i < sizeof pron / sizeof pron[0]; i++)
        if (strlen(pron[i]) == n && memcmp(pron[i], w, n) == 0)
            return 1;
    return 0;
}

rl_status rl_tone_text(const rl_tone_lexicon *lx, const char *text, size_t len, rl_tone *out,
                       rl_error *err)
{
    if (!out)
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "rl_tone_text: no output");
    memset(out, 0, sizeof *out);
    if (!lx || (!text && len))
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "rl_tone_text: no lexicon or text");
    size_t pronouns = 0, pos = 0;
    char w[TONE_ENTRY_MAX];
    /* first pass: words and pronouns */
    for (size_t n; (n = tone_next_word(text, len, &pos, w, sizeof w)) != 0;) {
        out->words++;
        if (tone_is_pronoun(w, n))
            pronouns++;
    }
    /* second pass: the valences, longest phrase of the list first; a
     * phrase's words count once, as one scored unit */
    char key[TONE_PHRASE_WORDS * TONE_ENTRY_MAX];
    pos = 0;
    size_t starts[TONE_PHRASE_WORDS + 1];
    for (;;) {
        char ws[TONE_PHRASE_WORDS][TONE_ENTRY_MAX];
        size_t wn[TONE_PHRASE_WORDS] = {0};
        size_t got = 0, p = pos;
        for (; got < TONE_PHRASE_WORDS; got++) {
            starts[got] = p;
            wn[got] = tone_next_word(text, len, &p, ws[got], sizeof ws[got]);
            if (wn[got] == 0)
                break;
            starts[got + 1] = p;
        }
        if (got == 0)
            break;
        size_t used = 1;
        int valence = 0;
        for (size_t k = got; k >= 1; k--) {
            size_t kl = 0;
            for (size_t j = 0; j < k; j++) {
                if (j)
                    key[kl++] = ' ';
                memcpy(key + kl, ws[j], wn[j]);
                kl += wn[j];
            }
            const tone_slot *s = tone_slot_find(lx->slots, lx->cap, key, kl);
            if (s->key) {
                used = k;
                valence = s->valence;
                break;
            }
        }
        if (valence > 0)
            out->pos_words++;
        else if (valence < 0)
            out->neg_words++;
        out->valence += valence;
        pos = starts[used];
    }
    if (out->words) {
        double nw = (double)out->words;
        out->positive = 100.0 * (double)out->pos_words / nw;
        out->negative = 100.0 * (double)out->neg_words / nw;
        out->tone = out->positive - out->negative;
        out->polarity = out->positive + out->negative;
        out->self_group = 100.0 * (double)pronouns / nw;
    }
    return RL_OK;
}
