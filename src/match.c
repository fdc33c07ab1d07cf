/*
 * match.c - lookup indexes over the loaded dictionaries, and the phrase
 * matchers the coder calls on tagged sentences.
 *
 * Every phrase table is bucketed by the id of its first word (a counting
 * sort into one array), longest phrases first, so finding the longest
 * actor, agent, discard or verb form that starts at a token costs one
 * array lookup plus a few integer comparisons.  Built once by
 * match_index_build(), then read-only: coders on many threads share it.
 * This file decides nothing about events; code.c does.
 */
#include "match.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "match_int.h"

/* ---- building -------------------------------------------------------- */

typedef struct ptable_src {
    const dict_phrase *(*get)(const rl_dict *d, size_t i);
    size_t n;
} ptable_src;

static const dict_phrase *actor_ph(const rl_dict *d, size_t i) { return &d->actor_phrases.v[i].ph; }
static const dict_phrase *agent_ph(const rl_dict *d, size_t i) { return &d->agents.v[i].ph; }
static const dict_phrase *discard_ph(const rl_dict *d, size_t i) { return &d->discards.v[i].ph; }
static const dict_phrase *verb_ph(const rl_dict *d, size_t i) { return &d->verb_forms.v[i].ph; }

/* Verb forms for the index: a shadowed form is left out (an empty phrase). */
static const dict_phrase *verb_live_ph(const rl_dict *d, size_t i)
{
    static const dict_phrase none = {NULL, NULL, 0};
    return d->verb_forms.v[i].shadowed ? &none : &d->verb_forms.v[i].ph;
}

/* Verb forms by their words, then by position (pointer order is load
 * order, so equal words keep the order of the files). */
static int same_words(const dict_verb_form *x, const dict_verb_form *y)
{
    return x->ph.n == y->ph.n && memcmp(x->ph.w, y->ph.w, x->ph.n * sizeof *x->ph.w) == 0;
}

static int by_verb_words(const void *a, const void *b)
{
    const dict_verb_form *x = *(const dict_verb_form *const *)a;
    const dict_verb_form *y = *(const dict_verb_form *const *)b;
    if (x->ph.n != y->ph.n)
        return x->ph.n < y->ph.n ? -1 : 1;
    for (uint16_t k = 0; k < x->ph.n; k++)
        if (x->ph.w[k] != y->ph.w[k])
            return x->ph.w[k] < y->ph.w[k] ? -1 : 1;
    return x < y ? -1 : (x > y ? 1 : 0);
}

/* A verb listed again in a later file (data/redline.verbs.txt after
 * cameo.verbs.txt) takes its block and patterns from there: earlier forms
 * with the same words from another file are shadowed.  Repeats within one
 * file keep the file's first, as PETRARCH reads them. */
static rl_status shadow_verbs(rl_dict *d, rl_error *err)
{
    size_t n = d->verb_forms.n;
    if (n < 2)
        return RL_OK;
    dict_verb_form **ord = malloc(n * sizeof *ord);
    if (!ord)
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory building indexes");
    for (size_t i = 0; i < n; i++)
        ord[i] = &d->verb_forms.v[i];
    qsort(ord, n, sizeof *ord, by_verb_words);
    for (size_t a = 0; a < n;) {
        size_t b = a + 1;
        while (b < n && same_words(ord[a], ord[b]))
            b++;
        const char *last = ord[b - 1]->src.file;
        for (size_t k = a; k + 1 < b; k++)
            if (ord[k]->src.file != last)
                ord[k]->shadowed = 1;
        a = b;
    }
    free(ord);
    return RL_OK;
}

static const rl_dict *sort_dict;
static const dict_phrase *(*sort_get)(const rl_dict *d, size_t i);

/* The second-level key of a phrase: its second word when that must follow
 * the first directly, else 0 (one-word phrases and gapped agents, which
 * every lookup checks). */
static uint32_t key2(const dict_phrase *p)
{
    if (p->n < 2 || (p->gap && p->gap[1]))
        return 0;
    return p->w[1];
}

/* Within a first-word bucket: by second word, then longest first. */
static int by_key2_len(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    const dict_phrase *px = sort_get(sort_dict, x), *py = sort_get(sort_dict, y);
    uint32_t kx = key2(px), ky = key2(py);
    if (kx != ky)
        return kx < ky ? -1 : 1;
    if (px->n != py->n)
        return px->n > py->n ? -1 : 1;
    return x < y ? -1 : (x > y ? 1 : 0);
}

static rl_status ptable_build(ptable *t, const rl_dict *d, size_t nwords,
                              const dict_phrase *(*get)(const rl_dict *, size_t), size_t n,
                              rl_error *err)
{
    t->nwords = nwords;
    t->off = calloc(nwords + 2, sizeof *t->off);
    t->items = malloc((n ? n : 1) * sizeof *t->items);
    if (!t->off || !t->items)
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory building indexes");
    for (size_t i = 0; i < n; i++) {
        const dict_phrase *p = get(d, i);
        if (p->n == 0 || p->w[0] >= nwords)
            continue;
        t->off[p->w[0] + 1]++;
    }
    for (size_t w = 0; w < nwords; w++)
        t->off[w + 1] += t->off[w];
    uint32_t *fill = calloc(nwords + 1, sizeof *fill);
    if (!fill)
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory building indexes");
    for (size_t i = 0; i < n; i++) {
        const dict_phrase *p = get(d, i);
        if (p->n == 0 || p->w[0] >= nwords)
            continue;
        uint32_t w = p->w[0];
        t->items[t->off[w] + fill[w]++] = (uint32_t)i;
    }
    free(fill);
    sort_dict = d;
    sort_get = get;
    for (size_t w = 0; w < nwords; w++) {
        uint32_t a = t->off[w], b = t->off[w + 1];
        if (b - a > 1)
            qsort(t->items + a, b - a, sizeof *t->items, by_key2_len);
    }
    return RL_OK;
}

static void ptable_free(ptable *t)
{
    free(t->off);
    free(t->items);
}

static int by_pair(const void *a, const void *b)
{
    const uint32_t *x = a, *y = b;
    if (x[0] != y[0])
        return x[0] < y[0] ? -1 : 1;
    return x[1] < y[1] ? -1 : (x[1] > y[1] ? 1 : 0);
}

rl_status match_index_build(rl_dict *d, rl_error *err)
{
    match_index *ix = calloc(1, sizeof *ix);
    if (!ix)
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory building indexes");
    d->index = ix;
    size_t nw = intern_count(d->words) + 1;
    ix->nwords = nw;
    rl_status st;
    if ((st = ptable_build(&ix->actors, d, nw, actor_ph, d->actor_phrases.n, err)) ||
        (st = ptable_build(&ix->agents, d, nw, agent_ph, d->agents.n, err)) ||
        (st = ptable_build(&ix->discards, d, nw, discard_ph, d->discards.n, err)) ||
        (st = shadow_verbs(d, err)) ||
        (st = ptable_build(&ix->verbs, d, nw, verb_live_ph, d->verb_forms.n, err)))
        return st;
    /* base forms of single-word verbs by lemma id: a fallback for
     * inflections the dictionary did not list */
    ix->verb_by_lemma = malloc(nw * sizeof *ix->verb_by_lemma);
    if (!ix->verb_by_lemma)
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory building indexes");
    memset(ix->verb_by_lemma, 0xff, nw * sizeof *ix->verb_by_lemma);
    for (size_t i = 0; i < d->verb_forms.n; i++) {
        const dict_verb_form *f = &d->verb_forms.v[i];
        if (f->ph.n == 1 && f->lemma && f->lemma < nw && f->ph.w[0] == f->lemma &&
            !f->shadowed && ix->verb_by_lemma[f->lemma] == UINT32_MAX)
            ix->verb_by_lemma[f->lemma] = (uint32_t)i;
    }
    /* surnames: the last word of every multi-word actor name */
    ix->surname = malloc(nw * sizeof *ix->surname);
    if (!ix->surname)
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory building indexes");
    memset(ix->surname, 0xff, nw * sizeof *ix->surname);
    for (size_t i = 0; i < d->actor_phrases.n; i++) {
        const dict_actor_phrase *ap = &d->actor_phrases.v[i];
        if (ap->ph.n < 2)
            continue;
        uint32_t w = ap->ph.w[ap->ph.n - 1];
        if (w >= nw)
            continue;
        if (ix->surname[w] == UINT32_MAX)
            ix->surname[w] = ap->actor;
        else if (ix->surname[w] != ap->actor)
            ix->surname[w] = UINT32_MAX - 1;
    }
    /* synset phrases by first word */
    size_t nsp = 0;
    for (size_t k = 0; k < d->synsets.n; k++)
        nsp += d->synsets.v[k].n;
    ix->syn_off = calloc(d->synsets.n + 1, sizeof *ix->syn_off);
    ix->syn_pairs = malloc((nsp ? nsp : 1) * sizeof *ix->syn_pairs);
    if (!ix->syn_off || !ix->syn_pairs)
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory building indexes");
    size_t at = 0;
    for (size_t k = 0; k < d->synsets.n; k++) {
        const dict_synset *ss = &d->synsets.v[k];
        ix->syn_off[k] = (uint32_t)at;
        for (size_t j = 0; j < ss->n; j++) {
            ix->syn_pairs[at][0] = ss->ph[j].n ? ss->ph[j].w[0] : 0;
            ix->syn_pairs[at][1] = (uint32_t)j;
            at++;
        }
        qsort(ix->syn_pairs + ix->syn_off[k], at - ix->syn_off[k], sizeof *ix->syn_pairs,
              by_pair);
    }
    ix->syn_off[d->synsets.n] = (uint32_t)at;
    /* common words a code cares about */
    static const char *const names[MW_COUNT] = {
        [MW_BY] = "BY", [MW_AND] = "AND", [MW_OR] = "OR", [MW_OF] = "OF", [MW_IN] = "IN",
        [MW_FROM] = "FROM", [MW_THAT] = "THAT", [MW_WITH] = "WITH", [MW_TO] = "TO",
        [MW_IF] = "IF", [MW_S] = "'S", [MW_APOS] = "'", [MW_COMMA] = ",", [MW_THE] = "THE",
        [MW_AT] = "AT", [MW_FOR] = "FOR", [MW_ON] = "ON", [MW_AGAINST] = "AGAINST",
        [MW_NOT] = "NOT", [MW_NT] = "N'T", [MW_NEVER] = "NEVER", [MW_WILL] = "WILL",
        [MW_WOULD] = "WOULD", [MW_SHALL] = "SHALL", [MW_COULD] = "COULD", [MW_MAY] = "MAY",
        [MW_MIGHT] = "MIGHT", [MW_SHOULD] = "SHOULD", [MW_MUST] = "MUST", [MW_CAN] = "CAN",
        [MW_WHETHER] = "WHETHER", [MW_UNLESS] = "UNLESS", [MW_ABOUT] = "ABOUT",
        [MW_WHO] = "WHO", [MW_WHICH] = "WHICH", [MW_SAID] = "SAID", [MW_SAY] = "SAY",
        [MW_ACCORDING] = "ACCORDING", [MW_NO] = "NO", [MW_AS] = "AS", [MW_WHOSE] = "WHOSE", [MW_CA] = "CA", [MW_WO] = "WO", [MW_NOR] = "NOR",
        [MW_NEITHER] = "NEITHER", [MW_BUT] = "BUT", [MW_HE] = "HE", [MW_SHE] = "SHE",
        [MW_BETWEEN] = "BETWEEN", [MW_GOING] = "GOING", [MW_TWO] = "TWO",
        [MW_BOTH] = "BOTH", [MW_LEAST] = "LEAST", [MW_MOST] = "MOST",
        [MW_NEAR] = "NEAR", [MW_IT] = "IT", [MW_ISLAND] = "ISLAND",
    };
    for (int i = 0; i < MW_COUNT; i++)
        ix->mw[i] = names[i] ? intern_add(d->words, names[i], strlen(names[i])) : 0;
    return RL_OK;
}

void match_index_free(struct match_index *ix)
{
    if (!ix)
        return;
    ptable_free(&ix->actors);
    ptable_free(&ix->agents);
    ptable_free(&ix->discards);
    ptable_free(&ix->verbs);
    free(ix->verb_by_lemma);
    free(ix->surname);
    free(ix->syn_off);
    free(ix->syn_pairs);
    free(ix);
}

/* ---- matching -------------------------------------------------------- */

/* Does phrase p match tokens starting at i (within [i, end))?  Returns the
 * end token (exclusive) or 0.  Gaps (agents) allow up to 2 other words. */
static uint32_t phrase_at(const dict_phrase *p, const token *t, uint32_t i, uint32_t end,
                          int use_lemma)
{
    uint32_t k = i;
    for (uint16_t j = 0; j < p->n; j++) {
        if (j > 0 && p->gap && p->gap[j]) {
            uint32_t lim = k + 3;
            while (k < end && k < lim && t[k].word != p->w[j] &&
                   !(use_lemma && t[k].lemma == p->w[j]) && !(t[k].flags & TOK_PUNCT))
                k++;
        }
        if (k >= end)
            return 0;
        if (t[k].word != p->w[j] && !(use_lemma && j == p->n - 1 && t[k].lemma == p->w[j]))
            return 0;
        k++;
    }
    return k;
}

/* The sub-range [*lo, *hi) of bucket items whose second-level key is k. */
static void key2_range(const ptable *tab, const rl_dict *d,
                       const dict_phrase *(*get)(const rl_dict *, size_t), uint32_t w,
                       uint32_t k, uint32_t *lo, uint32_t *hi)
{
    uint32_t a = tab->off[w], b = tab->off[w + 1];
    while (a < b) { /* first item with key >= k */
        uint32_t m = a + (b - a) / 2;
        if (key2(get(d, tab->items[m])) < k)
            a = m + 1;
        else
            b = m;
    }
    *lo = a;
    b = tab->off[w + 1];
    while (a < b) { /* first item with key > k */
        uint32_t m = a + (b - a) / 2;
        if (key2(get(d, tab->items[m])) <= k)
            a = m + 1;
        else
            b = m;
    }
    *hi = a;
}

static uint32_t ptable_longest(const ptable *tab, const rl_dict *d,
                               const dict_phrase *(*get)(const rl_dict *, size_t),
                               const token *t, uint32_t i, uint32_t end, int use_lemma,
                               uint32_t *item)
{
    uint32_t best = 0;
    uint32_t firsts[2] = {t[i].word, use_lemma && t[i].lemma != t[i].word ? t[i].lemma : 0};
    for (int f = 0; f < 2 && !best; f++) {
        uint32_t w = firsts[f];
        if (!w || w >= tab->nwords || tab->off[w] == tab->off[w + 1])
            continue;
        /* second-level keys to try: none (one-word and gapped phrases),
         * the next token's word, and its lemma */
        uint32_t keys[3] = {0, 0, 0};
        int nk = 1;
        if (i + 1 < end && t[i + 1].word)
            keys[nk++] = t[i + 1].word;
        if (use_lemma && i + 1 < end && t[i + 1].lemma && t[i + 1].lemma != t[i + 1].word)
            keys[nk++] = t[i + 1].lemma;
        for (int k = 0; k < nk; k++) {
            uint32_t lo, hi;
            key2_range(tab, d, get, w, keys[k], &lo, &hi);
            for (uint32_t j = lo; j < hi; j++) {
                const dict_phrase *p = get(d, tab->items[j]);
                if (best && p->n <= best - i && keys[k] != 0)
                    break; /* longest first within a key */
                uint32_t e = phrase_at(p, t, i, end, use_lemma || f == 1);
                if (e > best) {
                    best = e;
                    *item = tab->items[j];
                }
            }
        }
    }
    return best;
}

uint32_t match_actor(const rl_dict *d, const token *t, uint32_t i, uint32_t end,
                     uint32_t *phrase)
{
    /* the lemma stands in for the last word: "Liberians" finds LIBERIAN */
    return ptable_longest(&d->index->actors, d, actor_ph, t, i, end, 1, phrase);
}

uint32_t match_agent(const rl_dict *d, const token *t, uint32_t i, uint32_t end,
                     uint32_t *agent)
{
    return ptable_longest(&d->index->agents, d, agent_ph, t, i, end, 1, agent);
}

uint32_t match_discard(const rl_dict *d, const token *t, uint32_t i, uint32_t end,
                       uint32_t *discard)
{
    return ptable_longest(&d->index->discards, d, discard_ph, t, i, end, 0, discard);
}

uint32_t match_verb(const rl_dict *d, const token *t, uint32_t i, uint32_t end,
                    uint32_t *form)
{
    uint32_t e = ptable_longest(&d->index->verbs, d, verb_ph, t, i, end, 0, form);
    if (e)
        return e;
    uint32_t l = t[i].lemma;
    if (l && l < d->index->nwords && d->index->verb_by_lemma[l] != UINT32_MAX) {
        *form = d->index->verb_by_lemma[l];
        return i + 1;
    }
    return 0;
}

uint32_t match_surname(const rl_dict *d, uint32_t word)
{
    if (!word || word >= d->index->nwords || d->index->surname[word] >= UINT32_MAX - 1)
        return UINT32_MAX;
    return d->index->surname[word];
}

uint32_t match_verb_word(const rl_dict *d, const token *t, uint32_t i, uint32_t *form)
{
    const ptable *tab = &d->index->verbs;
    uint32_t ws[2] = {t[i].word, t[i].lemma};
    for (int k = 0; k < 2; k++) {
        uint32_t w = ws[k];
        if (!w || w >= tab->nwords)
            continue;
        for (uint32_t j = tab->off[w]; j < tab->off[w + 1]; j++)
            if (d->verb_forms.v[tab->items[j]].ph.n == 1) {
                *form = tab->items[j];
                return i + 1;
            }
    }
    uint32_t f = match_verb_by_lemma(d, t[i].lemma);
    if (f != UINT32_MAX) {
        *form = f;
        return i + 1;
    }
    return 0;
}

uint32_t match_verb_by_lemma(const rl_dict *d, uint32_t lemma)
{
    if (!lemma || lemma >= d->index->nwords)
        return UINT32_MAX;
    return d->index->verb_by_lemma[lemma];
}

/* Synset phrase at i: longest phrase of synset s whose first word is the
 * token's word or lemma (binary search in the synset's sorted pairs). */
uint32_t match_synset(const rl_dict *d, uint32_t s, const token *t, uint32_t i, uint32_t end)
{
    if (s >= d->synsets.n)
        return 0;
    const match_index *ix = d->index;
    const dict_synset *ss = &d->synsets.v[s];
    uint32_t best = 0;
    uint32_t ws[2] = {t[i].word, t[i].lemma != t[i].word ? t[i].lemma : 0};
    for (int k = 0; k < 2; k++) {
        if (!ws[k])
            continue;
        uint32_t a = ix->syn_off[s], b = ix->syn_off[s + 1];
        while (a < b) {
            uint32_t m = a + (b - a) / 2;
            if (ix->syn_pairs[m][0] < ws[k])
                a = m + 1;
            else
                b = m;
        }
        for (; a < ix->syn_off[s + 1] && ix->syn_pairs[a][0] == ws[k]; a++) {
            uint32_t e = phrase_at(&ss->ph[ix->syn_pairs[a][1]], t, i, end, 1);
            if (e > best)
                best = e;
        }
    }
    return best;
}

/* Synset phrase ending exactly at e (exclusive), searching backward. */
uint32_t match_synset_ending(const rl_dict *d, uint32_t s, const token *t, uint32_t begin,
                             uint32_t e)
{
    if (s >= d->synsets.n)
        return UINT32_MAX;
    const dict_synset *ss = &d->synsets.v[s];
    uint32_t best = UINT32_MAX;
    for (size_t k = 0; k < ss->n; k++) {
        uint16_t n = ss->ph[k].n;
        if (n == 0 || e < begin + n)
            continue;
        uint32_t st = e - n;
        if (phrase_at(&ss->ph[k], t, st, e, 1) == e && (best == UINT32_MAX || st < best))
            best = st;
    }
    return best;
}
