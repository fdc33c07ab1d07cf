/*
 * lexicon.c - parts of speech and lemmas for the tokens of a sentence.
 *
 * Three parts:
 *   1. the closed-class list (data/lexicon.txt), kept in a table indexed by
 *      intern id, so a function word costs one array read;
 *   2. WordNet.  libwordnet (wninit) opens the database once per process;
 *      its index, exception and sense-count files are then read once into
 *      an immutable in-memory table (~50 ms), and lemmas come from
 *      WordNet's own exception lists and detachment rules (morphy(7WN)),
 *      giving what morphstr() gives for a single word (test_lexicon.c checks
 *      this) at about a microsecond a word instead of libwordnet's ~0.5 ms
 *      of file searches.  libwordnet itself is still called, under one
 *      global mutex (it is not thread-safe), to tell proper from common
 *      nouns (read_synset), once per capitalized word;
 *   3. the tagger: a per-lexicon cache of word analyses that readers probe
 *      without locks, then one function of ordered context rules
 *      (lexicon_decide) and a short fix-up pass (lexicon_fixup).
 * It must not know about events, actors or dictionaries beyond the intern
 * table, must not allocate per token, and must not print.
 */
#include "lexicon.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <wn.h>

#include "arena.h"
#include "error.h"

#define LEXICON_KEY_MAX 63              /* longer words are never looked up */
#define LEXICON_LINE_MAX 1024           /* a line of data/lexicon.txt */
#define LEXICON_MAX_LINES 100000        /* entries in data/lexicon.txt */
#define LEXICON_CACHE_MAX (1u << 18)    /* cached words per lexicon, then stop caching */
#define LEXICON_CACHE_BYTES (64u << 20) /* arena limit of the cache */
#define LEXICON_SPAN 256                /* tokens tagged together; longer sentences in pieces */
#define LEXICON_WN_FILE_MAX (64u << 20) /* one WordNet file */
#define LEXICON_WN_MAX_WORDS (1u << 21)
#define LEXICON_WN_DIR_MAX 200          /* libwordnet copies the directory into 256 bytes */

/* What an open-class word can be, one bit per WordNet part of speech. */
enum { LX_N = 1u << 0, LX_V = 1u << 1, LX_A = 1u << 2, LX_R = 1u << 3 };
/* WordNet's part-of-speech numbers are NOUN=1 .. ADV=4; we index 0..3. */
enum { LX_PN = 0, LX_PV = 1, LX_PA = 2, LX_PR = 3 };

/* Flags of a data/lexicon.txt entry. */
enum {
    LXF_ENTRY = 1u << 0,   /* the word is listed */
    LXF_HINT = 1u << 1,    /* a VERB line: still an open-class word */
    LXF_REPORT = 1u << 2,  /* this id is a reporting-verb lemma */
    LXF_SUBJ = 1u << 3,    /* a pronoun that can be a subject */
    LXF_ALTPREP = 1u << 4  /* a subordinator that may be a preposition */
};

/* Facts about a token found in its context (lexicon_cand.ctx). */
enum {
    LXC_START = 1u << 0,   /* first word of the sentence */
    LXC_PROPER = 1u << 1,  /* WordNet's noun is a proper noun */
    LXC_PLURAL = 1u << 2,  /* a noun form that is not its own lemma */
    LXC_GUESS = 1u << 3,   /* unknown to WordNet, guessed a verb from -ed/-ing */
    LXC_VERBY = 1u << 4    /* WordNet's sense counts favour the verb over the noun */
};

/* ---------------------------------------------------------------------------
 * 2. WordNet in memory (process-wide, immutable once loaded)
 * ------------------------------------------------------------------------- */

typedef struct lexicon_wnword {
    uint32_t key;     /* offset of the lower-case word in lexicon_wn.str */
    uint32_t exc[4];  /* offset of its first exception base per pos, 0 none */
    uint8_t len;
    uint32_t noff;    /* byte offset of its first noun synset in data.noun */
    uint16_t ncnt, vcnt; /* tagged-sense counts of the lemma (cntlist.rev) */
    uint8_t in;       /* LX_* bits: listed in that index file */
} lexicon_wnword;

static struct {
    char *str;                /* NUL-separated strings; offset 0 is "" */
    size_t len, cap;
    lexicon_wnword *w;
    size_t n, wcap;
    uint64_t *slots;          /* hash high half << 32 | word index + 1; 0 empty */
    size_t nslots;
    rl_status st;
    char msg[RL_ERRMSG_MAX];
    char dir[LEXICON_WN_DIR_MAX + 64];
} lexicon_wn;

static pthread_once_t lexicon_wn_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t lexicon_wn_lock = PTHREAD_MUTEX_INITIALIZER;

static uint64_t lexicon_hash(const char *w, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)w[i];
        h *= 1099511628211ull;
    }
    return h;
}

static int lexicon_ends(const char *w, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    return n >= k && memcmp(w + n - k, suf, k) == 0;
}

/* The slot of w (hash h): its word, or an empty slot. */
static size_t lexicon_wn_slot(const char *w, size_t n, uint64_t h)
{
    size_t mask = lexicon_wn.nslots - 1;
    uint64_t tag = h >> 32;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        uint64_t s = lexicon_wn.slots[i];
        if (!s)
            return i;
        if ((s >> 32) == tag) {
            const lexicon_wnword *e = &lexicon_wn.w[(uint32_t)s - 1];
            if (e->len == n && memcmp(lexicon_wn.str + e->key, w, n) == 0)
                return i;
        }
    }
}

static const lexicon_wnword *lexicon_wn_find(const char *w, size_t n)
{
    if (!lexicon_wn.nslots || n == 0 || n > LEXICON_KEY_MAX)
        return NULL;
    uint64_t s = lexicon_wn.slots[lexicon_wn_slot(w, n, lexicon_hash(w, n))];
    return s ? &lexicon_wn.w[(uint32_t)s - 1] : NULL;
}

static int lexicon_wn_in(const char *w, size_t n, int pos)
{
    const lexicon_wnword *e = lexicon_wn_find(w, n);
    return e && (e->in & (1u << pos));
}

static uint32_t lexicon_wn_str_add(const char *s, size_t n)
{
    if (lexicon_wn.len + n + 1 > lexicon_wn.cap) {
        size_t nc = lexicon_wn.cap ? lexicon_wn.cap * 2 : (size_t)1 << 20;
        while (nc < lexicon_wn.len + n + 1)
            nc *= 2;
        if (nc > UINT32_MAX)
            return 0;
        char *p = realloc(lexicon_wn.str, nc);
        if (!p)
            return 0;
        lexicon_wn.str = p;
        lexicon_wn.cap = nc;
        if (lexicon_wn.len == 0)
            lexicon_wn.str[lexicon_wn.len++] = '\0';
    }
    uint32_t off = (uint32_t)lexicon_wn.len;
    memcpy(lexicon_wn.str + off, s, n);
    lexicon_wn.str[off + n] = '\0';
    lexicon_wn.len += n + 1;
    return off;
}

static int lexicon_wn_rehash(size_t nslots)
{
    uint64_t *ns = calloc(nslots, sizeof *ns);
    if (!ns)
        return 0;
    for (size_t k = 0; k < lexicon_wn.n; k++) {
        const lexicon_wnword *e = &lexicon_wn.w[k];
        uint64_t h = lexicon_hash(lexicon_wn.str + e->key, e->len);
        size_t i = (size_t)h & (nslots - 1);
        while (ns[i])
            i = (i + 1) & (nslots - 1);
        ns[i] = (h >> 32) << 32 | (uint64_t)(k + 1);
    }
    free(lexicon_wn.slots);
    lexicon_wn.slots = ns;
    lexicon_wn.nslots = nslots;
    return 1;
}

/* Find or add a word while loading (single-threaded, inside pthread_once). */
static lexicon_wnword *lexicon_wn_add(const char *w, size_t n)
{
    if (n == 0 || n > LEXICON_KEY_MAX)
        return NULL;
    uint64_t h = lexicon_hash(w, n);
    if (lexicon_wn.nslots) {
        uint64_t s = lexicon_wn.slots[lexicon_wn_slot(w, n, h)];
        if (s)
            return &lexicon_wn.w[(uint32_t)s - 1];
    }
    if (lexicon_wn.n >= LEXICON_WN_MAX_WORDS)
        return NULL;
    if ((lexicon_wn.n + 1) * 2 > lexicon_wn.nslots &&
        !lexicon_wn_rehash(lexicon_wn.nslots ? lexicon_wn.nslots * 2 : (size_t)1 << 17))
        return NULL;
    if (lexicon_wn.n == lexicon_wn.wcap) {
        size_t nc = lexicon_wn.wcap ? lexicon_wn.wcap * 2 : 65536;
        lexicon_wnword *p = realloc(lexicon_wn.w, nc * sizeof *p);
        if (!p)
            return NULL;
        lexicon_wn.w = p;
        lexicon_wn.wcap = nc;
    }
    uint32_t key = lexicon_wn_str_add(w, n);
    if (!key)
        return NULL;
    lexicon_wnword *e = &lexicon_wn.w[lexicon_wn.n++];
    memset(e, 0, sizeof *e);
    e->key = key;
    e->len = (uint8_t)n;
    lexicon_wn.slots[lexicon_wn_slot(w, n, h)] = (h >> 32) << 32 | (uint64_t)lexicon_wn.n;
    return e;
}

/* Map a whole WordNet file read-only (NULL and lexicon_wn.msg set on
 * failure); release it with lexicon_wn_unmap. */
static char *lexicon_wn_map(const char *name, size_t *len)
{
    char path[sizeof lexicon_wn.dir + 32];
    snprintf(path, sizeof path, "%s/%s", lexicon_wn.dir, name);
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        snprintf(lexicon_wn.msg, sizeof lexicon_wn.msg,
                 "WordNet data not found in %s: cannot open %s: %s "
                 "(install wordnet-base, or set WNSEARCHDIR)",
                 lexicon_wn.dir, name, strerror(errno));
        return NULL;
    }
    struct stat st;
    void *m = MAP_FAILED;
    if (fstat(fd, &st) == 0 && st.st_size > 0 && (uintmax_t)st.st_size <= LEXICON_WN_FILE_MAX)
        m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (m == MAP_FAILED) {
        snprintf(lexicon_wn.msg, sizeof lexicon_wn.msg, "%s: cannot read (empty, too big or %s)",
                 path, strerror(errno));
        return NULL;
    }
    *len = (size_t)st.st_size;
    return m;
}

static void lexicon_wn_unmap(char *buf, size_t len)
{
    munmap(buf, len);
}

/* The first synset offset of an index line, given from the blank after
 * its lemma: "lemma pos synset_cnt p_cnt [ptr...] sense_cnt tagsense_cnt
 * offset..." (0 when malformed). */
static uint32_t lexicon_wn_first_offset(const char *p, const char *le)
{
    long field[4] = {0, 0, 0, 0};
    long skip = -1;
    for (long k = 0; p < le; k++) {
        while (p < le && *p == ' ')
            p++;
        const char *f = p;
        while (p < le && *p != ' ')
            p++;
        if (p == f)
            break;
        /* fields after the lemma: 0 pos, 1 synset_cnt, 2 p_cnt, then p_cnt
         * pointers, sense_cnt, tagsense_cnt, the offsets */
        if (k < 3) {
            field[k] = strtol(f, NULL, 10);
            if (k == 2)
                skip = k + field[2] + 2;
        } else if (skip >= 0 && k == skip + 1) {
            unsigned long off = strtoul(f, NULL, 10);
            return off <= UINT32_MAX ? (uint32_t)off : 0;
        }
    }
    return 0;
}

/* index.POS: one word a line, first field; license lines start with a blank.
 * exc files: "inflected base [base...]"; we keep the first base. */
static int lexicon_wn_load(const char *name, int pos, int exc)
{
    size_t len = 0;
    char *buf = lexicon_wn_map(name, &len);
    if (!buf)
        return 0;
    for (char *p = buf, *end = buf + len; p < end;) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *le = nl ? nl : end;
        if (p < le && *p != ' ') {
            char *sp = memchr(p, ' ', (size_t)(le - p));
            size_t wn = (size_t)((sp ? sp : le) - p);
            if (wn > 0 && wn <= LEXICON_KEY_MAX && !memchr(p, '_', wn)) {
                lexicon_wnword *e = lexicon_wn_add(p, wn);
                if (!e) {
                    lexicon_wn_unmap(buf, len);
                    snprintf(lexicon_wn.msg, sizeof lexicon_wn.msg,
                             "%s/%s: out of memory loading WordNet", lexicon_wn.dir, name);
                    return 0;
                }
                if (!exc) {
                    e->in = (uint8_t)(e->in | (1u << pos));
                    if (pos == LX_PN && sp)
                        e->noff = lexicon_wn_first_offset(sp, le);
                } else if (sp && !e->exc[pos]) {
                    char *b = sp + 1;
                    char *be = memchr(b, ' ', (size_t)(le - b));
                    size_t bn = (size_t)((be ? be : le) - b);
                    if (bn > 0 && bn <= LEXICON_KEY_MAX) {
                        e->exc[pos] = lexicon_wn_str_add(b, bn);
                        if (!e->exc[pos]) {
                            lexicon_wn_unmap(buf, len);
                            snprintf(lexicon_wn.msg, sizeof lexicon_wn.msg,
                                     "%s/%s: out of memory loading WordNet", lexicon_wn.dir,
                                     name);
                            return 0;
                        }
                    }
                }
            }
        }
        p = nl ? nl + 1 : end;
    }
    lexicon_wn_unmap(buf, len);
    return 1;
}

/* cntlist.rev: "lemma%P:..:.. sense count" -> how often the lemma was
 * tagged as a noun (P 1) or a verb (P 2) in WordNet's semantic concordance.
 * Words it names are already in the table; others are skipped. */
static int lexicon_wn_load_counts(void)
{
    size_t len = 0;
    char *buf = lexicon_wn_map("cntlist.rev", &len);
    if (!buf)
        return 0;
    for (char *p = buf, *end = buf + len; p < end;) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *le = nl ? nl : end;
        char *pct = memchr(p, '%', (size_t)(le - p));
        char *sp = le;
        while (sp > p && sp[-1] != ' ')
            sp--;
        sp = sp > p ? sp - 1 : NULL;
        if (pct && sp && pct + 1 < le && (pct[1] == '1' || pct[1] == '2') &&
            !memchr(p, '_', (size_t)(pct - p))) {
            const lexicon_wnword *f = lexicon_wn_find(p, (size_t)(pct - p));
            long cnt = strtol(sp + 1, NULL, 10);
            if (f && cnt > 0) {
                lexicon_wnword *e = &lexicon_wn.w[f - lexicon_wn.w];
                uint16_t *c = pct[1] == '1' ? &e->ncnt : &e->vcnt;
                long sum = (long)*c + cnt;
                *c = (uint16_t)(sum > 65535 ? 65535 : sum);
            }
        }
        p = nl ? nl + 1 : end;
    }
    lexicon_wn_unmap(buf, len);
    return 1;
}

static int lexicon_wn_quiet(char *msg)
{
    (void)msg;
    return 0;
}

static void lexicon_wn_init(void)
{
    lexicon_wn.st = RL_ERR_IO;
    /* the directory libwordnet will use (its SetSearchdir rules) */
    const char *d = getenv("WNSEARCHDIR");
    const char *home = getenv("WNHOME");
    if (d && *d)
        snprintf(lexicon_wn.dir, sizeof lexicon_wn.dir, "%s", d);
    else if (home && *home)
        snprintf(lexicon_wn.dir, sizeof lexicon_wn.dir, "%s/dict", home);
    else
        snprintf(lexicon_wn.dir, sizeof lexicon_wn.dir, "%s", "/usr/share/wordnet");
    if ((d && strlen(d) > LEXICON_WN_DIR_MAX) || (home && strlen(home) > LEXICON_WN_DIR_MAX)) {
        snprintf(lexicon_wn.msg, sizeof lexicon_wn.msg,
                 "WNSEARCHDIR/WNHOME is longer than %d bytes", LEXICON_WN_DIR_MAX);
        return;
    }
    static const char *const index_files[4] = {"index.noun", "index.verb", "index.adj",
                                               "index.adv"};
    static const char *const exc_files[4] = {"noun.exc", "verb.exc", "adj.exc", "adv.exc"};
    for (int p = 0; p < 4; p++)
        if (!lexicon_wn_load(index_files[p], p, 0) || !lexicon_wn_load(exc_files[p], p, 1))
            return;
    if (!lexicon_wn_load_counts())
        return;
    display_message = lexicon_wn_quiet; /* libwordnet must not print */
    if (wninit() != 0) {
        snprintf(lexicon_wn.msg, sizeof lexicon_wn.msg,
                 "WordNet data not found in %s: wninit() failed "
                 "(install wordnet-base, or set WNSEARCHDIR)",
                 lexicon_wn.dir);
        return;
    }
    lexicon_wn.st = RL_OK;
}

/* WordNet's detachment rules (morphy(7WN)), tried in this order. */
typedef struct lexicon_rule {
    const char *suf, *end;
} lexicon_rule;

static const lexicon_rule lexicon_rules_noun[] = {
    {"s", ""}, {"ses", "s"}, {"xes", "x"}, {"zes", "z"},
    {"ches", "ch"}, {"shes", "sh"}, {"men", "man"}, {"ies", "y"}};
static const lexicon_rule lexicon_rules_verb[] = {
    {"s", ""}, {"ies", "y"}, {"es", "e"}, {"es", ""},
    {"ed", "e"}, {"ed", ""}, {"ing", "e"}, {"ing", ""}};
static const lexicon_rule lexicon_rules_adj[] = {
    {"er", ""}, {"est", ""}, {"er", "e"}, {"est", "e"}};

/* The base form of lower-case w as part of speech pos (LX_P*), written to
 * out (NUL-terminated); its length, or 0 when morphology gives no other
 * form.  Mirrors morphstr()'s first answer for a single word: the exception
 * list first, then the first rule whose result WordNet lists. */
static size_t lexicon_wn_base(const char *w, size_t n, int pos, char *out, size_t cap)
{
    const lexicon_wnword *e = lexicon_wn_find(w, n);
    if (e && e->exc[pos]) {
        const char *b = lexicon_wn.str + e->exc[pos];
        size_t bn = strlen(b);
        if ((bn == n && memcmp(b, w, n) == 0) || bn >= cap)
            return 0;
        memcpy(out, b, bn + 1);
        return bn;
    }
    const lexicon_rule *r;
    size_t nr;
    switch (pos) {
    case LX_PN:
        if (lexicon_ends(w, n, "ful") || lexicon_ends(w, n, "ss") || n <= 2)
            return 0;
        r = lexicon_rules_noun;
        nr = sizeof lexicon_rules_noun / sizeof *r;
        break;
    case LX_PV:
        r = lexicon_rules_verb;
        nr = sizeof lexicon_rules_verb / sizeof *r;
        break;
    case LX_PA:
        r = lexicon_rules_adj;
        nr = sizeof lexicon_rules_adj / sizeof *r;
        break;
    default:
        return 0;
    }
    for (size_t k = 0; k < nr; k++) {
        size_t sl = strlen(r[k].suf), el = strlen(r[k].end);
        if (n <= sl || !lexicon_ends(w, n, r[k].suf) || n - sl + el >= cap)
            continue;
        size_t bn = n - sl;
        memcpy(out, w, bn);
        memcpy(out + bn, r[k].end, el);
        bn += el;
        out[bn] = '\0';
        if ((bn != n || memcmp(out, w, n) != 0) && lexicon_wn_in(out, bn, pos))
            return bn;
    }
    return 0;
}

/* 2 when WordNet's noun w is first of all a proper noun (its first,
 * most frequent sense is capitalized: "russia" -> Russia, but "turkey" ->
 * the bird), 1 otherwise.  Calls libwordnet's read_synset. */
static uint8_t lexicon_wn_proper(const char *w, size_t n)
{
    char buf[LEXICON_KEY_MAX + 1];
    const lexicon_wnword *e = lexicon_wn_find(w, n);
    if (!e || !(e->in & (1u << LX_PN)) || !e->noff)
        return 1;
    memcpy(buf, w, n);
    buf[n] = '\0';
    int proper = 0;
    pthread_mutex_lock(&lexicon_wn_lock);
    SynsetPtr s = read_synset(NOUN, (long)e->noff, buf);
    if (s) {
        int ww = s->whichword;
        if (ww >= 1 && ww <= s->wcount && s->words[ww - 1]) {
            unsigned char c0 = (unsigned char)s->words[ww - 1][0];
            proper = c0 >= 'A' && c0 <= 'Z';
        }
        free_synset(s);
    }
    pthread_mutex_unlock(&lexicon_wn_lock);
    return proper ? 2 : 1;
}

/* ---------------------------------------------------------------------------
 * Word analysis and the per-lexicon cache
 * ------------------------------------------------------------------------- */

typedef struct lexicon_info {
    uint8_t can, vforms, vlen, nlen;
    uint8_t guess, verby;             /* LXC_GUESS, LXC_VERBY */
    char vlemma[LEXICON_KEY_MAX + 1]; /* "" when no verb */
    char nlemma[LEXICON_KEY_MAX + 1]; /* the word itself when WordNet has no noun */
} lexicon_info;

/* Verb forms of w given its verb lemma (vlen 0: none). */
static uint8_t lexicon_verb_forms(const char *w, size_t n, int is_base, const char *lemma,
                                  size_t vlen)
{
    uint8_t f = is_base ? VF_BASE : 0;
    if (!vlen || (vlen == n && memcmp(lemma, w, n) == 0))
        return f;
    if (lexicon_ends(w, n, "ing"))
        return (uint8_t)(f | VF_GERUND);
    if (lexicon_ends(w, n, "s") && !lexicon_ends(w, n, "ss"))
        return (uint8_t)(f | VF_PRES3);
    if (lexicon_ends(w, n, "ed"))
        return (uint8_t)(f | VF_PAST | VF_PARTICIPLE);
    /* irregular, from verb.exc: given, shown, torn, gone -> participles */
    if (lexicon_ends(w, n, "en") || lexicon_ends(w, n, "wn") || lexicon_ends(w, n, "rn") ||
        lexicon_ends(w, n, "one"))
        return (uint8_t)(f | VF_PARTICIPLE);
    return (uint8_t)(f | VF_PAST | VF_PARTICIPLE);
}

/* A word WordNet does not know that ends in -ed or -ing ("cordoned",
 * "livestreamed") is taken for a verb form; its lemma is the first stem
 * WordNet knows (tapp-ed -> tap, cordon-ed), else the bare stem. */
static void lexicon_guess_verb(const char *w, size_t n, lexicon_info *out)
{
    int ing = lexicon_ends(w, n, "ing");
    size_t stem = n - (ing ? 3 : 2);
    char cand[3][LEXICON_KEY_MAX + 2];
    size_t cl[3];
    memcpy(cand[0], w, stem);
    cl[0] = stem;
    memcpy(cand[1], w, stem);
    cand[1][stem] = 'e';
    cl[1] = stem + 1;
    cl[2] = 0;
    if (stem >= 2 && w[stem - 1] == w[stem - 2]) {
        memcpy(cand[2], w, stem - 1);
        cl[2] = stem - 1;
    }
    size_t pick = 0;
    for (size_t k = 0; k < 3; k++)
        if (cl[k] && lexicon_wn_find(cand[k], cl[k])) {
            pick = k;
            break;
        }
    memcpy(out->vlemma, cand[pick], cl[pick]);
    out->vlemma[cl[pick]] = '\0';
    out->vlen = (uint8_t)cl[pick];
    out->can = LX_V;
    out->vforms = ing ? VF_GERUND : (uint8_t)(VF_PAST | VF_PARTICIPLE);
    out->guess = 1;
}

/* What lower-case w can be, from the in-memory WordNet. */
static void lexicon_analyze(const char *w, size_t n, lexicon_info *out)
{
    memset(out, 0, offsetof(lexicon_info, vlemma));
    out->vlemma[0] = out->nlemma[0] = '\0';
    const lexicon_wnword *e = lexicon_wn_find(w, n);
    uint8_t in = e ? e->in : 0;
    char tmp[LEXICON_KEY_MAX + 1];
    out->can = in;
    size_t vb = lexicon_wn_base(w, n, LX_PV, out->vlemma, sizeof out->vlemma);
    if (vb) {
        out->can |= LX_V;
    } else if (in & LX_V) {
        memcpy(out->vlemma, w, n);
        out->vlemma[n] = '\0';
        vb = n;
    }
    out->vlen = (uint8_t)vb;
    size_t nb = lexicon_wn_base(w, n, LX_PN, out->nlemma, sizeof out->nlemma);
    if (nb) {
        out->can |= LX_N;
    } else {
        memcpy(out->nlemma, w, n);
        out->nlemma[n] = '\0';
        nb = n;
    }
    out->nlen = (uint8_t)nb;
    if (!(out->can & LX_A) && lexicon_wn_base(w, n, LX_PA, tmp, sizeof tmp))
        out->can |= LX_A;
    if (!(out->can & LX_R) && lexicon_wn_base(w, n, LX_PR, tmp, sizeof tmp))
        out->can |= LX_R;
    if (out->can & LX_V)
        out->vforms = lexicon_verb_forms(w, n, (in & LX_V) != 0, out->vlemma, vb);
    if (out->can == 0 && n >= 5 && (lexicon_ends(w, n, "ed") || lexicon_ends(w, n, "ing")))
        lexicon_guess_verb(w, n, out);
    if ((out->can & (LX_N | LX_V)) == (LX_N | LX_V)) {
        const lexicon_wnword *v = lexicon_wn_find(out->vlemma, out->vlen);
        const lexicon_wnword *nn = lexicon_wn_find(out->nlemma, out->nlen);
        out->verby = (v ? v->vcnt : 0) > (nn ? nn->ncnt : 0);
    }
}

static uint8_t lexicon_info_ctx(const lexicon_info *info, const char *key, size_t n)
{
    uint8_t x = 0;
    if ((info->can & LX_N) && (info->nlen != n || memcmp(info->nlemma, key, n) != 0))
        x |= LXC_PLURAL;
    if (info->guess)
        x |= LXC_GUESS;
    if (info->verby)
        x |= LXC_VERBY;
    return x;
}

typedef struct lexicon_entry {
    uint64_t hash;
    uint32_t vlemma_id, nlemma_id, gen; /* intern ids as of intern_count() == gen */
    uint8_t len, can, vforms;
    uint8_t ctx;                        /* LXC_PLURAL, LXC_GUESS, LXC_VERBY */
    atomic_uchar proper;                /* 0 not asked yet, 1 common, 2 proper */
    const char *vlemma, *nlemma;        /* lower case, "" when none */
    char key[];
} lexicon_entry;

/* A closed-class word, or a hint for an open one (data/lexicon.txt). */
typedef struct lexicon_word {
    uint32_t lemma; /* intern id */
    uint8_t tag, vforms, cap_tag, also_tag, flags;
} lexicon_word;

struct lexicon {
    intern *words;
    lexicon_word *closed; /* indexed by intern id, n_closed slots */
    size_t n_closed;
    /* ids the context rules ask about */
    uint32_t id_be, id_have, id_do, id_to, id_that, id_no, id_longer, id_by, id_s, id_been,
        id_about, id_here, id_of, id_once;
    uint32_t id_time[10]; /* weekdays, "today", "yesterday", "tonight" */
    /* cache: slots are read without locks; entries are written once, under
     * `lock`, then published with a release store, and never move */
    _Atomic(lexicon_entry *) *slots;
    size_t nslots, n_entries;
    pthread_mutex_t lock;
    arena mem;
};

static lexicon_entry *lexicon_cache_find(lexicon *lx, const char *key, size_t n, uint64_t h)
{
    size_t mask = lx->nslots - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        lexicon_entry *e = atomic_load_explicit(&lx->slots[i], memory_order_acquire);
        if (!e)
            return NULL;
        if (e->hash == h && e->len == n && memcmp(e->key, key, n) == 0)
            return e;
    }
}

static char *lexicon_cache_str(lexicon *lx, const char *s, size_t n)
{
    return arena_strndup(&lx->mem, s, n);
}

/* Analyze and cache key; NULL when the cache is full (caller analyzes). */
static lexicon_entry *lexicon_cache_add(lexicon *lx, const char *key, size_t n, uint64_t h,
                                        uint32_t gen)
{
    lexicon_entry *e = NULL;
    pthread_mutex_lock(&lx->lock);
    size_t mask = lx->nslots - 1, i = (size_t)h & mask;
    for (;; i = (i + 1) & mask) {
        lexicon_entry *o = atomic_load_explicit(&lx->slots[i], memory_order_acquire);
        if (!o)
            break;
        if (o->hash == h && o->len == n && memcmp(o->key, key, n) == 0) {
            pthread_mutex_unlock(&lx->lock);
            return o;
        }
    }
    if (lx->n_entries < LEXICON_CACHE_MAX) {
        lexicon_info info;
        lexicon_analyze(key, n, &info);
        e = arena_alloc(&lx->mem, sizeof *e + n + 1);
        if (e) {
            e->hash = h;
            e->len = (uint8_t)n;
            e->can = info.can;
            e->vforms = info.vforms;
            e->ctx = lexicon_info_ctx(&info, key, n);
            atomic_init(&e->proper, 0);
            memcpy(e->key, key, n);
            e->key[n] = '\0';
            e->vlemma = lexicon_cache_str(lx, info.vlemma, info.vlen);
            e->nlemma = lexicon_cache_str(lx, info.nlemma, info.nlen);
            if (!e->vlemma || !e->nlemma) {
                e = NULL;
            } else {
                e->vlemma_id = info.vlen ? intern_find(lx->words, info.vlemma, info.vlen)
                                         : INTERN_NONE;
                e->nlemma_id = intern_find(lx->words, info.nlemma, info.nlen);
                e->gen = gen;
                atomic_store_explicit(&lx->slots[i], e, memory_order_release);
                lx->n_entries++;
            }
        }
    }
    pthread_mutex_unlock(&lx->lock);
    return e;
}

/* ---------------------------------------------------------------------------
 * 1. data/lexicon.txt
 * ------------------------------------------------------------------------- */

static const char *const lexicon_pos_names[POS_COUNT] = {
    "UNK", "NOUN", "PROPN", "VERB", "AUX", "MODAL", "ADJ", "ADV", "DET", "PRON",
    "POSSPRON", "PREP", "CONJ", "SUB", "NUM", "PUNCT", "TO", "NEG", "POSS", "WH"};

const char *pos_name(pos_tag p)
{
    return (unsigned)p < POS_COUNT ? lexicon_pos_names[p] : "?";
}

static int lexicon_tag_named(const char *s, pos_tag *out)
{
    for (int p = 1; p < POS_COUNT; p++)
        if (strcmp(s, lexicon_pos_names[p]) == 0) {
            *out = (pos_tag)p;
            return 1;
        }
    return 0;
}

/* "BASE|PAST" -> VF bits; 0 when some part is no verb form. */
static uint8_t lexicon_forms_named(const char *s)
{
    static const struct {
        const char *name;
        uint8_t bit;
    } forms[] = {{"BASE", VF_BASE}, {"PRES3", VF_PRES3}, {"PAST", VF_PAST},
                 {"PARTICIPLE", VF_PARTICIPLE}, {"GERUND", VF_GERUND}};
    uint8_t f = 0;
    while (*s) {
        const char *bar = strchr(s, '|');
        size_t n = bar ? (size_t)(bar - s) : strlen(s);
        uint8_t bit = 0;
        for (size_t k = 0; k < sizeof forms / sizeof *forms; k++)
            if (strlen(forms[k].name) == n && memcmp(forms[k].name, s, n) == 0)
                bit = forms[k].bit;
        if (!bit)
            return 0;
        f = (uint8_t)(f | bit);
        s += n;
        if (*s == '|')
            s++;
    }
    return f;
}

typedef struct lexicon_rec {
    uint32_t word, lemma;
    long line;
    lexicon_word w;
} lexicon_rec;

/* Parse one line's fields into rec; returns RL_OK or an error naming the line. */
static rl_status lexicon_parse_line(lexicon *lx, char *line, const char *path, long ln,
                                    lexicon_rec *rec, int *empty, rl_error *err)
{
    char *fields[16];
    size_t nf = 0;
    char *save = NULL;
    for (char *f = strtok_r(line, " \t\r\n\v\f", &save); f;
         f = strtok_r(NULL, " \t\r\n\v\f", &save)) {
        if (f[0] == '#')
            break;
        if (nf == sizeof fields / sizeof *fields)
            return err_set(err, RL_ERR_DICT, path, ln, 0, "too many fields");
        fields[nf++] = f;
    }
    *empty = nf == 0;
    if (nf == 0)
        return RL_OK;
    if (nf < 2)
        return err_set(err, RL_ERR_DICT, path, ln, 0, "expected 'WORD TAG [FEATURE...]', got '%s'",
                       fields[0]);
    memset(rec, 0, sizeof *rec);
    rec->line = ln;
    size_t wl = strlen(fields[0]);
    if (wl > LEXICON_KEY_MAX)
        return err_set(err, RL_ERR_DICT, path, ln, 0, "word longer than %d bytes",
                       LEXICON_KEY_MAX);
    pos_tag tag;
    if (!lexicon_tag_named(fields[1], &tag))
        return err_set(err, RL_ERR_DICT, path, ln, 0, "unknown tag '%s' for '%s'", fields[1],
                       fields[0]);
    rec->word = intern_add(lx->words, fields[0], wl);
    if (!rec->word)
        return err_set(err, RL_ERR_NOMEM, path, ln, 0, "out of memory");
    rec->lemma = rec->word;
    rec->w.tag = (uint8_t)tag;
    rec->w.flags = LXF_ENTRY;
    if (tag == POS_VERB) {
        rec->w.flags |= LXF_HINT;
        rec->w.tag = POS_UNK;
    }
    for (size_t k = 2; k < nf; k++) {
        char *f = fields[k];
        char *eq = strchr(f, '=');
        uint8_t forms;
        pos_tag t2;
        if (eq) {
            *eq = '\0';
            const char *v = eq + 1;
            if (strcmp(f, "LEMMA") == 0) {
                size_t vl = strlen(v);
                if (vl == 0 || vl > LEXICON_KEY_MAX)
                    return err_set(err, RL_ERR_DICT, path, ln, 0, "bad LEMMA= value");
                rec->lemma = intern_add(lx->words, v, vl);
                if (!rec->lemma)
                    return err_set(err, RL_ERR_NOMEM, path, ln, 0, "out of memory");
            } else if (strcmp(f, "CAP") == 0 || strcmp(f, "ALSO") == 0) {
                if (!lexicon_tag_named(v, &t2) || t2 == POS_VERB)
                    return err_set(err, RL_ERR_DICT, path, ln, 0, "unknown tag '%s' in %s=", v, f);
                if (f[0] == 'C')
                    rec->w.cap_tag = (uint8_t)t2;
                else
                    rec->w.also_tag = (uint8_t)t2;
            } else if (strcmp(f, "ALT") == 0) {
                if (strcmp(v, "PREP") != 0 || tag != POS_SUB)
                    return err_set(err, RL_ERR_DICT, path, ln, 0,
                                   "ALT=%s: only a SUB word may have ALT=PREP", v);
                rec->w.flags |= LXF_ALTPREP;
            } else {
                return err_set(err, RL_ERR_DICT, path, ln, 0, "unknown feature '%s='", f);
            }
        } else if (strcmp(f, "REPORT") == 0) {
            if (tag != POS_VERB)
                return err_set(err, RL_ERR_DICT, path, ln, 0, "REPORT is for VERB lines");
            rec->w.flags |= LXF_REPORT;
        } else if (strcmp(f, "SUBJ") == 0) {
            rec->w.flags |= LXF_SUBJ;
        } else if ((forms = lexicon_forms_named(f)) != 0) {
            if (tag != POS_VERB && tag != POS_AUX && tag != POS_MODAL)
                return err_set(err, RL_ERR_DICT, path, ln, 0,
                               "verb form '%s' on a %s word", f, fields[1]);
            rec->w.vforms = (uint8_t)(rec->w.vforms | forms);
        } else {
            return err_set(err, RL_ERR_DICT, path, ln, 0, "unknown feature '%s'", f);
        }
    }
    return RL_OK;
}

static rl_status lexicon_load_list(lexicon *lx, const char *path, rl_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_set(err, RL_ERR_IO, path, 0, 0, "cannot open: %s", strerror(errno));
    lexicon_rec *recs = NULL;
    size_t n = 0, cap = 0;
    char line[LEXICON_LINE_MAX + 2];
    long ln = 0;
    rl_status st = RL_OK;
    while (fgets(line, sizeof line, f)) {
        ln++;
        size_t len = strlen(line);
        if (len > LEXICON_LINE_MAX) {
            st = err_set(err, RL_ERR_DICT, path, ln, 0, "line longer than %d bytes",
                         LEXICON_LINE_MAX);
            break;
        }
        if (n == cap) {
            if (cap >= LEXICON_MAX_LINES) {
                st = err_set(err, RL_ERR_DICT, path, ln, 0, "more than %d entries",
                             LEXICON_MAX_LINES);
                break;
            }
            size_t nc = cap ? cap * 2 : 512;
            lexicon_rec *p = realloc(recs, nc * sizeof *p);
            if (!p) {
                st = err_set(err, RL_ERR_NOMEM, path, ln, 0, "out of memory");
                break;
            }
            recs = p;
            cap = nc;
        }
        int empty = 0;
        st = lexicon_parse_line(lx, line, path, ln, &recs[n], &empty, err);
        if (st)
            break;
        if (!empty)
            n++;
    }
    if (!st && ferror(f))
        st = err_set(err, RL_ERR_IO, path, ln, 0, "read error");
    fclose(f);
    if (!st) {
        lx->n_closed = intern_count(lx->words) + 1;
        lx->closed = calloc(lx->n_closed, sizeof *lx->closed);
        if (!lx->closed)
            st = err_set(err, RL_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    for (size_t k = 0; !st && k < n; k++) {
        lexicon_word *w = &lx->closed[recs[k].word];
        if (w->flags & LXF_ENTRY) {
            long first = 0;
            for (size_t j = 0; j < k; j++)
                if (recs[j].word == recs[k].word)
                    first = recs[j].line;
            st = err_set(err, RL_ERR_DICT, path, recs[k].line, 0,
                         "'%s' is listed twice (first at line %ld)",
                         intern_str(lx->words, recs[k].word), first);
            break;
        }
        uint8_t report = recs[k].w.flags & LXF_REPORT;
        *w = recs[k].w;
        w->flags = (uint8_t)((w->flags & ~LXF_REPORT) | (lx->closed[recs[k].word].flags &
                                                          LXF_REPORT));
        w->lemma = recs[k].lemma;
        if (report)
            lx->closed[recs[k].lemma].flags |= LXF_REPORT;
    }
    free(recs);
    return st;
}

/* ---------------------------------------------------------------------------
 * Public: load, free, verb lemma
 * ------------------------------------------------------------------------- */

rl_status lexicon_new(lexicon **out, intern *words, const char *path, rl_error *err)
{
    if (!out || !words || !path)
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "lexicon_new: missing argument");
    *out = NULL;
    pthread_once(&lexicon_wn_once, lexicon_wn_init);
    if (lexicon_wn.st != RL_OK)
        return err_set(err, lexicon_wn.st, NULL, 0, 0, "%s", lexicon_wn.msg);
    lexicon *lx = calloc(1, sizeof *lx);
    if (!lx)
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    lx->words = words;
    arena_init(&lx->mem, LEXICON_CACHE_BYTES);
    lx->nslots = (size_t)LEXICON_CACHE_MAX * 2;
    lx->slots = calloc(lx->nslots, sizeof *lx->slots);
    if (!lx->slots || pthread_mutex_init(&lx->lock, NULL) != 0) {
        free(lx->slots);
        free(lx);
        return err_set(err, RL_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    rl_status st = lexicon_load_list(lx, path, err);
    if (st) {
        lexicon_free(lx);
        return st;
    }
#define LEXICON_ID(w) intern_find(words, w, sizeof w - 1)
    lx->id_be = LEXICON_ID("be");
    lx->id_have = LEXICON_ID("have");
    lx->id_do = LEXICON_ID("do");
    lx->id_to = LEXICON_ID("to");
    lx->id_that = LEXICON_ID("that");
    lx->id_no = LEXICON_ID("no");
    lx->id_longer = LEXICON_ID("longer");
    lx->id_by = LEXICON_ID("by");
    lx->id_s = LEXICON_ID("'s");
    lx->id_been = LEXICON_ID("been");
    lx->id_about = LEXICON_ID("about");
    lx->id_here = LEXICON_ID("here");
    lx->id_of = LEXICON_ID("of");
    lx->id_once = LEXICON_ID("once");
    {
        static const char *const times[10] = {"monday", "tuesday", "wednesday", "thursday",
                                               "friday", "saturday", "sunday", "today",
                                               "yesterday", "tonight"};
        for (size_t k = 0; k < 10; k++)
            lx->id_time[k] = intern_find(words, times[k], strlen(times[k]));
    }
#undef LEXICON_ID
    *out = lx;
    return RL_OK;
}

void lexicon_free(lexicon *lx)
{
    if (!lx)
        return;
    free(lx->closed);
    free((void *)lx->slots);
    pthread_mutex_destroy(&lx->lock);
    arena_free(&lx->mem);
    free(lx);
}

/* Lower-case ASCII copy of w into out (cap > n); 0 when w holds bytes that
 * no WordNet word has (digits, non-ASCII, punctuation other than -'.). */
static int lexicon_lower(const char *w, size_t n, char *out)
{
    int alpha = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        if (c >= 'a' && c <= 'z')
            alpha = 1;
        else if (c != '-' && c != '\'' && c != '.')
            return 0;
        out[i] = (char)c;
    }
    out[n] = '\0';
    return alpha;
}

size_t lexicon_verb_lemma(lexicon *lx, const char *w, size_t n, char *out, size_t cap)
{
    char key[LEXICON_KEY_MAX + 1], base[LEXICON_KEY_MAX + 1];
    (void)lx;
    if (!w || !out || n == 0 || n > LEXICON_KEY_MAX || !lexicon_lower(w, n, key))
        return 0;
    size_t bn = lexicon_wn_base(key, n, LX_PV, base, sizeof base);
    if (!bn) {
        if (!lexicon_wn_in(key, n, LX_PV))
            return 0;
        memcpy(base, key, n + 1);
        bn = n;
    }
    if (bn >= cap)
        return 0;
    for (size_t i = 0; i < bn; i++) {
        unsigned char c = (unsigned char)base[i];
        out[i] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
    }
    out[bn] = '\0';
    return bn;
}

int lexicon_is_report_verb(const lexicon *lx, uint32_t lemma_id)
{
    return lx && lemma_id != INTERN_NONE && lemma_id < lx->n_closed &&
           (lx->closed[lemma_id].flags & LXF_REPORT) != 0;
}

/* ---------------------------------------------------------------------------
 * 3. The tagger
 * ------------------------------------------------------------------------- */

/* What one token can be, before context. */
typedef struct lexicon_cand {
    lexicon_entry *e;        /* cache entry, NULL for closed/uncached words */
    uint32_t vlemma, nlemma; /* intern ids; closed words: their lemma in vlemma */
    uint8_t fixed;           /* closed-class tag, POS_UNK for open words */
    uint8_t can, vforms, flags, ctx, cap_tag, also_tag;
} lexicon_cand;

static void lexicon_lookup(lexicon *lx, const text_doc *td, const token *k, uint32_t gen,
                           lexicon_cand *c)
{
    memset(c, 0, sizeof *c);
    c->vlemma = c->nlemma = k->word;
    const lexicon_word *hint = NULL;
    if (k->word != INTERN_NONE && k->word < lx->n_closed &&
        (lx->closed[k->word].flags & LXF_ENTRY)) {
        const lexicon_word *w = &lx->closed[k->word];
        c->flags = w->flags;
        c->cap_tag = w->cap_tag;
        c->also_tag = w->also_tag;
        if (!(w->flags & LXF_HINT)) {
            c->fixed = w->tag;
            c->vforms = w->vforms;
            c->vlemma = c->nlemma = w->lemma;
            return;
        }
        hint = w;
    }
    if (k->flags & (TOK_PUNCT | TOK_QUOTE)) {
        c->fixed = POS_PUNCT;
        return;
    }
    if (k->flags & TOK_NUM) {
        c->fixed = POS_NUM;
        return;
    }
    size_t n;
    const char *s = tok_str(td, k, &n);
    char key[LEXICON_KEY_MAX + 1];
    if (n == 0 || n > LEXICON_KEY_MAX || (k->flags & TOK_ABBREV) || !lexicon_lower(s, n, key)) {
        int alnum = 0;
        for (size_t i = 0; i < n && !alnum; i++) {
            unsigned char ch = (unsigned char)s[i];
            alnum = (ch >= '0' && ch <= '9') || ((ch | 32) >= 'a' && (ch | 32) <= 'z') ||
                    ch >= 0x80;
        }
        if (!alnum)
            c->fixed = n == 1 && s[0] == '\'' ? POS_POSS : POS_PUNCT;
        return; /* can == 0: an unknown word */
    }
    uint64_t h = lexicon_hash(key, n);
    lexicon_entry *e = lexicon_cache_find(lx, key, n, h);
    if (!e)
        e = lexicon_cache_add(lx, key, n, h, gen);
    if (e) {
        c->e = e;
        c->can = e->can;
        c->vforms = e->vforms;
        if (e->gen == gen) {
            c->vlemma = e->vlemma_id;
            c->nlemma = e->nlemma_id;
        } else {
            c->vlemma = e->vlemma[0] ? intern_find(lx->words, e->vlemma, strlen(e->vlemma)) : 0;
            c->nlemma = intern_find(lx->words, e->nlemma, strlen(e->nlemma));
        }
        c->ctx |= e->ctx;
    } else {
        lexicon_info info; /* cache full: analyze every time */
        lexicon_analyze(key, n, &info);
        c->can = info.can;
        c->vforms = info.vforms;
        c->vlemma = info.vlen ? intern_find(lx->words, info.vlemma, info.vlen) : 0;
        c->nlemma = intern_find(lx->words, info.nlemma, info.nlen);
        c->ctx |= lexicon_info_ctx(&info, key, n);
    }
    if (hint && hint->vforms) {
        c->can |= LX_V;
        c->vforms = hint->vforms;
        if (!c->vlemma)
            c->vlemma = hint->lemma;
    }
}

/* Is the WordNet noun of token k a proper noun?  Asked only for capitalized
 * words; the answer is kept in the cache entry. */
static int lexicon_proper(const text_doc *td, const token *k, const lexicon_cand *c)
{
    if (!(c->can & LX_N))
        return 0;
    if (c->e) {
        lexicon_entry *e = c->e;
        unsigned char p = atomic_load_explicit(&e->proper, memory_order_relaxed);
        if (!p) {
            p = lexicon_wn_proper(e->key, e->len);
            atomic_store_explicit(&e->proper, p, memory_order_relaxed);
        }
        return p == 2;
    }
    size_t n;
    const char *s = tok_str(td, k, &n);
    char key[LEXICON_KEY_MAX + 1];
    if (n == 0 || n > LEXICON_KEY_MAX || !lexicon_lower(s, n, key))
        return 0;
    return lexicon_wn_proper(key, n) == 2;
}

static int lexicon_capital(const token *k)
{
    return (k->flags & (TOK_CAP | TOK_ALLCAPS)) != 0;
}

/* A title-case or all-capitals headline: capitals say nothing about names.
 * Counted over words that are not only nouns (verbs, adjectives, function
 * words), leaving out the first word. */
static int lexicon_title_case(const token *t, const lexicon_cand *c, size_t n)
{
    size_t caps = 0, lower = 0;
    for (size_t i = 0; i < n; i++) {
        if (c[i].ctx & LXC_START)
            continue;
        if (c[i].fixed == POS_PUNCT || c[i].fixed == POS_NUM || c[i].cap_tag)
            continue;
        if (c[i].fixed == POS_UNK && !(c[i].can & (LX_V | LX_A | LX_R)))
            continue;
        if (lexicon_capital(&t[i]))
            caps++;
        else
            lower++;
    }
    return caps > lower;
}

static int lexicon_is_modifier(uint8_t p)
{
    return p == POS_DET || p == POS_POSSPRON || p == POS_POSS || p == POS_ADJ;
}

/* Could token j start an object: "an accord", "Ukraine", "it", "weapons". */
/* Is token i a day or "today", "yesterday", "tonight"?  "the union,
 * announced Thursday that": a past form before it is the verb. */
static int lexicon_time_word(const lexicon *lx, const token *t, size_t i, size_t n)
{
    if (i >= n)
        return 0;
    for (size_t k = 0; k < sizeof lx->id_time / sizeof lx->id_time[0]; k++)
        if (lx->id_time[k] != INTERN_NONE && t[i].word == lx->id_time[k])
            return 1;
    return 0;
}

static int lexicon_objlike(const token *t, const lexicon_cand *c, size_t j, size_t n, int title)
{
    if (j >= n)
        return 0;
    const lexicon_cand *w = &c[j];
    switch (w->fixed) {
    case POS_DET: case POS_POSSPRON: case POS_NUM: case POS_PROPN:
        return 1;
    case POS_PRON:
        return 1;
    case POS_UNK:
        if (w->can == 0)
            return 1;
        if (lexicon_capital(&t[j]) && !title)
            return 1;
        if ((w->can & ~(LX_N | LX_A)) == 0)
            return 1;
        /* mostly a noun in WordNet, and not a past form: "holds advantages" */
        return (w->can & LX_N) && !(w->ctx & LXC_VERBY) && !(w->vforms & VF_PAST);
    default:
        return 0;
    }
}

/* Could token j go on a noun phrase: "diplomatic ties", "last June"; not
 * "official said" (an adjective that is also a past verb). */
static int lexicon_nominal(const lexicon_cand *c, size_t j, size_t n)
{
    if (j >= n)
        return 0;
    if (c[j].fixed == POS_NOUN || c[j].fixed == POS_PROPN)
        return 1;
    if (c[j].fixed == POS_UNK && c[j].can == 0)
        return 1; /* a name */
    if (c[j].fixed != POS_UNK || !(c[j].can & (LX_N | LX_A)))
        return 0;
    return (c[j].can & LX_N) || !(c[j].can & LX_V) ||
           !(c[j].vforms & (VF_PAST | VF_PRES3));
}

/* One verb form out of several, by preference. */
static uint8_t lexicon_one_form(uint8_t vf, uint8_t want)
{
    static const uint8_t order[] = {VF_PAST, VF_PRES3, VF_GERUND, VF_PARTICIPLE, VF_BASE};
    uint8_t m = (uint8_t)(vf & want);
    if (!m)
        m = vf;
    for (size_t k = 0; k < sizeof order; k++)
        if (m & order[k])
            return order[k];
    return 0;
}

/* "to" before a verb is infinitival, otherwise a preposition. */
static uint8_t lexicon_to_or_prep(const lexicon *lx, const token *t, const lexicon_cand *c,
                                  size_t i, size_t n, int title)
{
    size_t j = i + 1;
    while (j < n && j < i + 3 &&
           (c[j].fixed == POS_ADV || (c[j].fixed == POS_UNK && c[j].can == LX_R)))
        j++;
    if (j >= n)
        return POS_PREP;
    const lexicon_cand *w = &c[j];
    if (w->fixed == POS_AUX)
        return (w->vforms & VF_BASE) ? POS_TO : POS_PREP;
    if (w->fixed != POS_UNK || !(w->can & LX_V) || !(w->vforms & VF_BASE))
        return POS_PREP;
    if (lexicon_capital(&t[j]) && !title && !(c[j].ctx & LXC_START))
        return POS_PREP;
    if (!(w->can & LX_N))
        return POS_TO;
    /* noun or verb: "to visit Moscow", "to meet with" vs "to power" */
    if (i > 0 && (t[i - 1].pos == POS_ADJ || t[i - 1].word == lx->id_about))
        return POS_TO;
    if (lexicon_objlike(t, c, j + 1, n, title))
        return POS_TO;
    if (j + 1 < n && (c[j + 1].fixed == POS_PREP || c[j + 1].fixed == POS_TO ||
                      c[j + 1].fixed == POS_SUB || c[j + 1].fixed == POS_WH) &&
        t[j + 1].word != lx->id_of)
        return POS_TO;
    /* "to wage war": then a word WordNet mostly sees as a noun */
    if (j + 1 < n && c[j + 1].fixed == POS_UNK && (c[j + 1].can & LX_N) &&
        !(c[j + 1].ctx & LXC_VERBY) && !lexicon_capital(&t[j + 1]))
        return POS_TO;
    return (w->ctx & LXC_VERBY) ? POS_TO : POS_PREP; /* "to help", "to power" */
}

/* The ordered rules: one tag, verb form and lemma per token, left to right. */
static void lexicon_decide(const lexicon *lx, token *t, const lexicon_cand *c, size_t n,
                           int title)
{
    for (size_t i = 0; i < n; i++) {
        const lexicon_cand *w = &c[i];
        token *k = &t[i];
        uint8_t prev = i ? t[i - 1].pos : POS_UNK;
        /* the governing word: the nearest one before, past adverbs and "not" */
        size_t g = i;
        while (g > 0 && i - g < 4 &&
               (t[g - 1].pos == POS_ADV || t[g - 1].pos == POS_NEG ||
                /* "has once again outright rejected": words that can be
                 * adverbs, and the "once" of "once again" */
                (t[g - 1].pos == POS_ADJ && (c[g - 1].can & LX_R)) ||
                (t[g - 1].word == lx->id_once && g < i && t[g].pos == POS_ADV)))
            g--;
        uint8_t gpos = g ? t[g - 1].pos : POS_UNK;
        uint32_t glemma = g ? t[g - 1].lemma : INTERN_NONE;
        int start = (w->ctx & LXC_START) != 0;
        int capname = lexicon_capital(k) && !title &&
                      (!start || (k->flags & TOK_ALLCAPS));
        uint8_t tag;
        uint8_t vf = 0;
        uint32_t lemma = k->word;

        if (w->fixed != POS_UNK) {
            /* closed-class words */
            tag = w->fixed;
            if (w->cap_tag && capname) {
                tag = w->cap_tag;
            } else if (w->also_tag && lexicon_is_modifier(prev)) {
                tag = w->also_tag;
            } else if (k->word == lx->id_to && tag == POS_TO) {
                tag = lexicon_to_or_prep(lx, t, c, i, n, title);
            } else if (k->word == lx->id_s && tag == POS_POSS) {
                /* "it's", "there's", "Russia's been" -> is/has */
                int after_pron = prev == POS_PRON || prev == POS_WH ||
                                 (i && (t[i - 1].word == lx->id_that ||
                                        t[i - 1].word == lx->id_here));
                int next_verbal = i + 1 < n && (c[i + 1].fixed == POS_NEG ||
                                                t[i + 1].word == lx->id_been);
                if (after_pron || next_verbal) {
                    tag = POS_AUX;
                    int has = i + 1 < n && (t[i + 1].word == lx->id_been ||
                                            (c[i + 1].fixed == POS_UNK &&
                                             (c[i + 1].vforms & VF_PARTICIPLE) &&
                                             !(c[i + 1].can & (LX_N | LX_A))));
                    lemma = has ? lx->id_have : lx->id_be;
                    vf = VF_PRES3;
                }
            } else if (k->word == lx->id_no && i + 1 < n && t[i + 1].word == lx->id_longer) {
                tag = POS_NEG;
            } else if (tag == POS_POSS && k->word != lx->id_s &&
                       !((prev == POS_NOUN || prev == POS_PROPN) && k->nb == t[i - 1].ne)) {
                tag = POS_PUNCT; /* a lone ' that is no "countries'" */
            }
            if (tag == w->fixed) {
                lemma = w->vlemma;
                if (tag == POS_AUX || tag == POS_MODAL)
                    vf = w->vforms;
            }
        } else if (w->cap_tag && capname) {
            tag = w->cap_tag; /* "March" */
        } else if (lexicon_capital(k) &&
                   (w->can == 0 || (w->ctx & (LXC_PROPER | LXC_GUESS)) ||
                    (capname && w->can == LX_N) ||
                    (capname && prev == POS_PROPN && lexicon_capital(&t[i - 1])))) {
            /* R1 names: unknown to WordNet, a proper noun there, a
             * capitalized noun inside the sentence, or the next capitalized
             * word of a name ("Michel Delving") */
            tag = POS_PROPN;
        } else if (w->can == 0 ||
                   (((w->ctx & LXC_GUESS) || (w->can == LX_V && (w->vforms & VF_GERUND))) &&
                    lexicon_is_modifier(prev))) {
            tag = POS_NOUN; /* R2 unknown lower-case word, "a hafling", "the reopening" */
        } else if ((w->can & LX_V) && (w->vforms & VF_BASE) &&
                   (gpos == POS_MODAL || gpos == POS_TO ||
                    (gpos == POS_AUX && glemma == lx->id_do))) {
            tag = POS_VERB; /* R3 "will meet", "to restore", "did not sit" */
            vf = VF_BASE;
        } else if (gpos == POS_AUX && glemma == lx->id_be && (w->can & LX_V) &&
                   (w->vforms & (VF_GERUND | VF_PARTICIPLE))) {
            tag = POS_VERB; /* R4 "was invaded", "is meeting" */
            vf = (w->vforms & VF_GERUND) ? VF_GERUND : VF_PARTICIPLE;
        } else if (gpos == POS_AUX && glemma == lx->id_be && (w->can & LX_A)) {
            tag = POS_ADJ; /* "is open" */
        } else if (gpos == POS_AUX && glemma == lx->id_have && (w->can & LX_V) &&
                   (w->vforms & VF_PARTICIPLE)) {
            tag = POS_VERB; /* R5 "has met" */
            vf = VF_PARTICIPLE;
        } else if (w->can == LX_N || w->can == LX_V || w->can == LX_A || w->can == LX_R) {
            /* R6 one part of speech */
            tag = w->can == LX_N ? POS_NOUN : w->can == LX_V ? POS_VERB
                : w->can == LX_A ? POS_ADJ : POS_ADV;
            if (tag == POS_VERB) {
                uint8_t want = VF_PAST | VF_PRES3 | VF_GERUND | VF_BASE;
                if (lexicon_is_modifier(prev) ||
                    (i + 1 < n && t[i + 1].word == lx->id_by))
                    want = VF_PARTICIPLE;
                vf = lexicon_one_form(w->vforms, want);
            }
        } else if (lexicon_is_modifier(prev) || prev == POS_NUM) {
            /* R7 "the meeting", "its embassy", "Beijing's support",
             * "diplomatic ties" */
            int next_nominal = lexicon_nominal(c, i + 1, n);
            if ((w->can & LX_A) && (!(w->can & LX_N) || next_nominal))
                tag = POS_ADJ;
            else if (w->can & LX_N)
                tag = POS_NOUN;
            else if (w->can & LX_V) {
                tag = POS_VERB;
                vf = lexicon_one_form(w->vforms, VF_PARTICIPLE | VF_GERUND);
            } else {
                tag = POS_ADV;
            }
        } else {
            /* R8 a verb after its subject: "Arnor signed an accord",
             * "Russia attacks Ukraine", "they meet", "the rebels seize towns" */
            /* "soldiers routinely beat up": an -ly adverb between */
            int adv_subj = prev == POS_ADV && i >= 2 &&
                           (t[i - 2].pos == POS_NOUN || t[i - 2].pos == POS_PROPN) &&
                           c[i - 1].e && lexicon_ends(c[i - 1].e->key, c[i - 1].e->len, "ly");
            int subj = prev == POS_NOUN || prev == POS_PROPN || adv_subj ||
                       ((prev == POS_PRON || prev == POS_WH || prev == POS_SUB) &&
                        (c[i - 1].flags & LXF_SUBJ));
            /* "they meet"; but "that talks had ..." needs an object */
            int pron = subj && (prev == POS_PRON || prev == POS_WH);
            int obj = lexicon_objlike(t, c, i + 1, n, title);
            int next_by = i + 1 < n && t[i + 1].word == lx->id_by;
            vf = 0;
            if (subj && (w->can & LX_V)) {
                if (w->vforms & VF_PAST)
                    vf = next_by ? VF_PARTICIPLE : VF_PAST;
                else if ((w->vforms & VF_PRES3) && (pron || obj))
                    vf = VF_PRES3;
                else if ((w->vforms & VF_BASE) &&
                         (pron || (obj && prev == POS_NOUN && (c[i - 1].ctx & LXC_PLURAL))))
                    vf = VF_BASE;
            }
            if (!vf && (w->can & LX_V) && i + 1 < n &&
                (c[i + 1].fixed == POS_DET || c[i + 1].fixed == POS_POSSPRON) &&
                (w->vforms & (VF_BASE | VF_PRES3 | VF_PAST)))
                /* R8c a verb before its object's determiner: "help win a role" */
                vf = lexicon_one_form(w->vforms, VF_PAST | VF_PRES3 | VF_BASE);
            if (!vf && (w->can & LX_V) && prev == POS_CONJ) {
                /* R8b coordinated verbs: "sit by and say", "met Xi and discussed" */
                /* an infinitive on the way ("opposes any attempt to take the
                 * island by force and remains") is passed over */
                for (size_t j = i - 1; j > 0 && i - j < 16; j--) {
                    uint8_t p = t[j - 1].pos;
                    if (p == POS_PUNCT || p == POS_SUB || p == POS_WH)
                        break;
                    if (p == POS_VERB) {
                        vf = (uint8_t)(w->vforms & t[j - 1].vform);
                        if (vf || !(j >= 2 && t[j - 2].pos == POS_TO))
                            break;
                    }
                }
            }
            if (!vf && (w->can & LX_V) && (w->vforms & VF_GERUND) && obj &&
                (i == 0 || start || prev == POS_PREP || prev == POS_SUB ||
                 prev == POS_PUNCT || prev == POS_CONJ))
                vf = VF_GERUND; /* R9 "after meeting Lavrov" */
            if (!vf && (w->can & LX_V) && (w->vforms & (VF_PAST | VF_PARTICIPLE)) &&
                !(w->vforms & VF_BASE) && (next_by || (obj && prev != POS_PREP)))
                vf = next_by ? VF_PARTICIPLE : lexicon_one_form(w->vforms, VF_PAST);
            if (vf) {
                tag = POS_VERB;
            } else {
                /* R10 defaults: -ly adverbs, adjectives before nouns, nouns */
                const char *s = w->e ? w->e->key : "";
                size_t sl = w->e ? w->e->len : 0;
                int next_nominal = lexicon_nominal(c, i + 1, n);
                if ((w->can & LX_R) && lexicon_ends(s, sl, "ly"))
                    tag = POS_ADV;
                else if ((w->can & LX_V) && (w->vforms & VF_PAST) && !(w->can & LX_N) &&
                         (!next_nominal || lexicon_time_word(lx, t, i + 1, n))) {
                    tag = POS_VERB; /* "London, said:", "often ignored in" */
                    vf = next_by ? VF_PARTICIPLE : VF_PAST;
                } else if ((w->can & LX_A) &&
                         (!(w->can & LX_N) || next_nominal || prev == POS_SUB))
                    tag = POS_ADJ;
                else if (w->can & LX_N)
                    tag = POS_NOUN;
                else if (w->can & LX_V) {
                    tag = POS_VERB;
                    vf = lexicon_one_form(w->vforms, next_by ? VF_PARTICIPLE : 0xff);
                } else {
                    tag = POS_ADV;
                }
            }
        }

        if (w->fixed == POS_UNK || tag == POS_NOUN) {
            if (tag == POS_VERB)
                lemma = w->vlemma;
            else if (tag == POS_NOUN)
                lemma = w->fixed == POS_UNK ? w->nlemma : k->word;
            else
                lemma = k->word;
        }
        if (tag != POS_VERB && tag != POS_AUX && tag != POS_MODAL)
            vf = 0;
        k->pos = tag;
        k->vform = vf;
        k->lemma = lemma;
    }
    /* Two corrections that need the tag after the word, in one pass:
     * "has outright rejected": a word that can be an adverb, tagged an
     * adjective before a verb, modifies the verb; "a declaration demanding
     * that ...": an -ing form before "that" is a participle clause's verb. */
    for (size_t i = 1; i + 1 < n; i++) {
        uint8_t prev = t[i - 1].pos;
        if (t[i].pos == POS_ADJ && (c[i].can & LX_R) && t[i + 1].pos == POS_VERB &&
            (prev == POS_AUX || prev == POS_ADV || prev == POS_NOUN || prev == POS_PROPN)) {
            t[i].pos = POS_ADV;
        } else if ((t[i].pos == POS_ADJ || t[i].pos == POS_NOUN) && (c[i].can & LX_V) &&
                   (c[i].vforms & VF_GERUND) && t[i + 1].word == lx->id_that &&
                   prev == POS_NOUN) {
            t[i].pos = POS_VERB;
            t[i].vform = VF_GERUND;
            t[i].lemma = c[i].vlemma;
        }
    }
}

/* Is token j a finite verb (for subordinator vs preposition)? */
static int lexicon_finite(const token *t, size_t j)
{
    if (t[j].pos == POS_AUX || t[j].pos == POS_MODAL)
        return 1;
    if (t[j].pos != POS_VERB)
        return 0;
    if (t[j].vform & (VF_PAST | VF_PRES3))
        return 1;
    return t[j].vform == VF_BASE && !(j > 0 && t[j - 1].pos == POS_TO);
}

/* Decisions that need the tags on the right. */
static void lexicon_fixup(const lexicon *lx, token *t, const lexicon_cand *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        token *k = &t[i];
        if (k->word == lx->id_that && k->pos == POS_SUB) {
            /* "said that talks ..." SUB; "signed that agreement" DET */
            int after_report = i > 0 && t[i - 1].pos == POS_VERB &&
                               lexicon_is_report_verb(lx, t[i - 1].lemma);
            int nominal = i + 1 < n && (t[i + 1].pos == POS_NOUN || t[i + 1].pos == POS_ADJ);
            /* past the noun phrase: a verb means a clause follows */
            size_t j = i + 1;
            while (j < n && (t[j].pos == POS_NOUN || t[j].pos == POS_ADJ ||
                             t[j].pos == POS_PROPN || t[j].pos == POS_NUM ||
                             t[j].pos == POS_POSS))
                j++;
            int then_verb = j < n && (t[j].pos == POS_VERB || t[j].pos == POS_AUX ||
                                      t[j].pos == POS_MODAL);
            uint8_t p = i ? t[i - 1].pos : POS_UNK;
            int clause_start = p == POS_UNK || p == POS_PREP || p == POS_SUB || p == POS_CONJ ||
                               p == POS_PUNCT;
            if (!after_report && nominal && (!then_verb || clause_start)) {
                k->pos = POS_DET;
                k->lemma = k->word;
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        token *k = &t[i];
        if ((c[i].flags & LXF_ALTPREP) && k->pos == POS_SUB) {
            /* "after Russia invaded" SUB; "after the talks", "after meeting" PREP */
            int finite = 0;
            for (size_t j = i + 1; j < n && j <= i + 15; j++) {
                uint8_t p = t[j].pos;
                if (p == POS_PUNCT || p == POS_SUB || p == POS_CONJ || p == POS_WH)
                    break;
                if (lexicon_finite(t, j)) {
                    finite = 1;
                    break;
                }
            }
            if (!finite)
                k->pos = POS_PREP;
        } else if (k->pos == POS_TO) {
            uint8_t p = i + 1 < n ? t[i + 1].pos : POS_UNK;
            if (p != POS_VERB && p != POS_AUX && p != POS_ADV && p != POS_NEG)
                k->pos = POS_PREP;
        }
    }
}

static void lexicon_tag_span(lexicon *lx, const text_doc *td, size_t s0, size_t s1)
{
    lexicon_cand c[LEXICON_SPAN];
    token *t = td->toks + s0;
    size_t n = s1 - s0;
    uint32_t gen = (uint32_t)intern_count(lx->words);
    int at_start = 1;
    for (size_t i = 0; i < n; i++) {
        if (t[i].flags & TOK_SENT_START)
            at_start = 1;
        lexicon_lookup(lx, td, &t[i], gen, &c[i]);
        if (at_start && c[i].fixed != POS_PUNCT) {
            c[i].ctx |= LXC_START;
            at_start = 0;
        }
    }
    int title = lexicon_title_case(t, c, n);
    for (size_t i = 0; i < n; i++) {
        /* a capitalized noun that is not obviously a name: ask WordNet */
        int start = (c[i].ctx & LXC_START) != 0;
        if (c[i].fixed == POS_UNK && lexicon_capital(&t[i]) && (c[i].can & LX_N) &&
            (start || title || c[i].can != LX_N) && lexicon_proper(td, &t[i], &c[i]))
            c[i].ctx |= LXC_PROPER;
    }
    lexicon_decide(lx, t, c, n, title);
    lexicon_fixup(lx, t, c, n);
}

void lexicon_tag(lexicon *lx, const text_doc *td, size_t t0, size_t t1)
{
    if (!lx || !td || !td->toks)
        return;
    if (t1 > td->n_toks)
        t1 = td->n_toks;
    for (size_t s = t0; s < t1; s += LEXICON_SPAN)
        lexicon_tag_span(lx, td, s, t1 - s > LEXICON_SPAN ? s + LEXICON_SPAN : t1);
}
