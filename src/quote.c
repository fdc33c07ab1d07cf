/*
 * quote.c - quotations and their speakers (rl_quotes_doc).
 *
 * One pass over the tokens and sentences text_analyze makes of a document
 * (the same tokenizer, sentence splitter and article zones the coder
 * uses), in four steps:
 *
 *   1. names      the people the document names in full ("Deputy Secretary
 *                 of State Kurt Campbell" -> Kurt Campbell), so that a later
 *                 "Campbell" or "Xi" finds the full name;
 *   2. marks      quotation marks paired per paragraph: straight, curly,
 *                 guillemets, Treebank; single marks inside double ones are
 *                 part of the outer quotation; a paragraph that opens a
 *                 quotation and does not close it continues into the next
 *                 one when that paragraph opens with a mark again;
 *   3. pulls      pull-quotes: a pull-quote zone (article.c), or a paragraph
 *                 that is only a quotation followed by a line in capitals,
 *                 whose capitals name the speaker;
 *   4. speakers   for each quotation in order: a cue after it (", Campbell
 *                 said", ", said Campbell", ", according to X"), or before
 *                 it in its sentence ("He said that his team had ..."), the
 *                 cue's subject found by position (titles, appositives and
 *                 relative clauses skipped); pronouns and surnames resolved
 *                 with a small memory of the last speaker and the last
 *                 person named; a quotation with no cue continues the
 *                 running speaker.  Codes come from rl_coder_lookup.
 *
 * Word lists (cue verbs, titles, name particles) are closed classes of
 * English news prose and live here as sorted tables.  The module keeps its
 * own arena per document: rl_coder_lookup and rl_coder_code_doc reset the
 * coder's.  It must not change the coder's dictionaries or print.
 */
#include "redline.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "arena.h"
#include "error.h"
#include "text.h"

#define QT_ARENA_LIMIT ((size_t)1 << 31)
#define QT_NAME_MAX 256        /* bytes of a speaker name */
#define QT_LOOKUP_MAX 512      /* bytes given to rl_coder_lookup */
#define QT_PERSONS_MAX 256     /* full names remembered per document */
#define QT_NP_MAX 12           /* tokens of a speaker phrase */
#define QT_AFTER_REACH 40      /* tokens after a quotation searched for a cue */
#define QT_NEXT_SENT_MAX 16    /* a cue sentence after "...?" is this short */
#define QT_RUNNING_PARAS 2     /* paragraphs a running speaker lasts */
#define QT_EVENTS_MAX 100000   /* events kept per document */
#define QT_NONE UINT32_MAX

const char *rl_quote_kind_name(rl_quote_kind k)
{
    switch (k) {
    case RL_QUOTE_DIRECT: return "direct";
    case RL_QUOTE_PARTIAL: return "partial";
    case RL_QUOTE_PULL: return "pull";
    }
    return "unknown";
}

void rl_quote_opts_init(rl_quote_opts *o)
{
    memset(o, 0, sizeof *o);
}

/* ------------------------------------------------------------------ */
/* Word lists (lower case, sorted for bsearch)                         */
/* ------------------------------------------------------------------ */

/* Verbs that report speech or characterise what someone said, in the forms
 * that carry a subject ("said", "says", "adding" for ", adding: ..."). */
static const char *qt_cues[] = {
    "accused", "accuses", "acknowledged", "acknowledges", "added", "adding", "adds",
    "admits", "admitted", "agreed", "agrees", "announced", "announces", "answered",
    "argued", "argues", "arguing", "asked", "asks", "asserted", "asserts", "assured",
    "branded", "brands", "called", "calls", "cautioned", "cautions", "chanted", "charged",
    "cited", "cites", "claimed", "claims", "commented", "complained", "complains",
    "conceded", "concedes", "concluded", "condemned", "condemns", "confirmed",
    "confirms", "contended", "continued", "continues", "criticised", "criticized",
    "declared", "declares", "denied", "denies", "denounced", "denounces",
    "described", "describes", "dismissed", "dubbed", "emphasised", "emphasized", "explained",
    "explains", "hailed", "insisted", "insisting", "insists", "labeled", "labelled", "labels",
    "lamented", "maintained", "maintains", "noted", "notes", "noting", "observed",
    "pledged", "pledges", "posted", "praised", "predicted", "predicts", "promised", "promises",
    "reaffirmed", "recalled", "recalls", "remarked", "reiterated", "repeated",
    "replied", "responded", "retorted", "said", "saying", "says", "shouted",
    "stated", "states", "stressed", "stresses", "stressing", "suggested", "suggests",
    "termed", "testified", "threatened", "threatens", "told", "tells", "tweeted",
    "urged", "urges", "vowed", "vows", "warned", "warning", "warns", "wrote", "writes",
};

/* Words of titles, offices and ranks: stripped from the front of a name
 * ("Deputy Secretary of State Kurt Campbell" -> Kurt Campbell). */
static const char *qt_titles[] = {
    "acting", "adm", "admiral", "adviser", "advisor", "affairs", "agriculture",
    "ambassador", "archbishop", "army", "assistant", "attorney", "ayatollah",
    "bishop", "brig", "brigadier", "capt", "captain", "cardinal", "ceo", "chair",
    "chairman", "chairwoman", "chancellor", "chief", "chiefs", "cmdr", "col",
    "colonel", "commander", "commerce", "commissioner", "congressman",
    "congresswoman", "coordinator", "councillor", "councilor", "counsellor",
    "counselor", "dame", "defence", "defense", "deputy", "director", "dr",
    "economy", "education", "emperor", "energy", "envoy", "environment",
    "executive", "finance", "first", "foreign", "former", "gen", "general",
    "gov", "governor", "head", "health", "homeland", "imam", "interior", "judge",
    "justice", "king", "lady", "leader", "lieutenant", "lord", "lt", "maj", "major",
    "marshal", "mayor", "minister", "miss", "mr", "mrs", "ms", "navy", "pm",
    "pope", "premier", "president", "prime", "prince", "princess", "prof",
    "professor", "prosecutor", "queen", "rabbi", "rep", "representative", "rev",
    "secretary", "security", "sen", "senator", "sergeant", "sgt", "sheikh", "sir",
    "speaker", "special", "spokesman", "spokesperson", "spokeswoman", "staff",
    "state", "supreme", "top", "trade", "treasury", "under", "vice",
};

/* Words that make a capitalised run a body or a place, not a person. */
static const char *qt_org_words[] = {
    "agency", "airport", "alliance", "army", "assembly", "association", "bank",
    "bay", "center", "centre", "city", "commission", "committee", "company",
    "congress", "corporation", "council", "court", "daily", "department",
    "east", "embassy", "force", "forces", "foundation", "front", "fund",
    "government", "group", "gulf", "hall", "hospital", "house", "institute",
    "island", "islands", "journal", "kingdom", "league", "ministry", "movement",
    "nations", "navy", "network", "new", "news", "north", "office",
    "organisation", "organization", "palace", "parliament", "party", "post",
    "press", "province", "radio", "region", "relations", "republic", "school",
    "sea", "senate", "south", "square", "states", "strait", "street", "times",
    "union", "university", "west",
};

/* Capitalised words that open sentences but never names. */
static const char *qt_starters[] = {
    "a", "after", "all", "also", "although", "an", "and", "another", "as", "asked",
    "at", "before", "both", "but", "by", "despite", "during", "earlier", "even",
    "for", "from", "he", "her", "his", "however", "i", "if", "in", "it", "its",
    "last", "later", "meanwhile", "most", "my", "no", "not", "now", "on", "one",
    "our", "she", "since", "so", "speaking", "still", "that", "the", "their",
    "then", "there", "these", "they", "this", "those", "though", "to", "under",
    "we", "what", "when", "where", "which", "while", "who", "why", "with", "yet",
    "you",
};

/* Words that end a speaker phrase read from the cue outwards. */
static const char *qt_np_stops[] = {
    "after", "although", "and", "as", "at", "because", "before", "but", "by",
    "during", "if", "in", "into", "is", "n't", "not", "on", "or", "over", "since",
    "than", "that", "to", "was", "were", "when", "where", "whether", "which",
    "while", "who", "whom", "whose", "with",
};

/* Adverbs and auxiliaries between a subject and its cue ("he also said"). */
static const char *qt_skip_left[] = {
    "again", "already", "also", "earlier", "further", "had", "has", "have",
    "later", "once", "previously", "then", "would",
};

/* Time words: a phrase ending in one is no subject ("On Tuesday, ..."). */
static const char *qt_time_words[] = {
    "friday", "monday", "month", "saturday", "sunday", "thursday", "today",
    "tuesday", "wednesday", "week", "weekend", "year", "yesterday",
};

static const char *qt_determiners[] = {
    "a", "an", "her", "his", "its", "our", "the", "their",
};

static const char *qt_particles[] = {
    "al", "bin", "da", "de", "del", "der", "di", "du", "el", "ibn", "la", "le",
    "van", "von",
};

static int qt_cmp(const void *k, const void *e)
{
    return strcmp((const char *)k, *(const char *const *)e);
}

static int qt_sort_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

#define QT_SORT(list) qsort((list), sizeof(list) / sizeof(list)[0], sizeof(list)[0], qt_sort_cmp)

/* The lists are sorted once per process, so a word added out of order
 * still matches. */
static pthread_once_t qt_lists_once = PTHREAD_ONCE_INIT;

static void qt_sort_lists(void)
{
    QT_SORT(qt_cues);
    QT_SORT(qt_titles);
    QT_SORT(qt_org_words);
    QT_SORT(qt_starters);
    QT_SORT(qt_np_stops);
    QT_SORT(qt_skip_left);
    QT_SORT(qt_time_words);
    QT_SORT(qt_determiners);
    QT_SORT(qt_particles);
}

#define QT_IN(w, list) \
    (bsearch((w), (list), sizeof(list) / sizeof(list)[0], sizeof(list)[0], qt_cmp) != NULL)

/* ------------------------------------------------------------------ */
/* Per-document state                                                  */
/* ------------------------------------------------------------------ */

typedef struct qt_person {
    uint32_t t0, t1;         /* the name's tokens */
    char name[QT_NAME_MAX];
    char code[64];
} qt_person;

/* A speaker as found: its mention and what it resolves to. */
typedef struct qt_who {
    int found, person;
    uint32_t m0, m1;         /* mention tokens */
    uint32_t para;           /* paragraph it was found in */
    char name[QT_NAME_MAX];
    char code[64];
} qt_who;

typedef struct qt_quote {
    uint32_t open, close;    /* mark tokens; close QT_NONE: the paragraph ended it */
    uint32_t c0, c1;         /* content tokens [c0, c1) */
    uint32_t *cont;          /* marks reopening later paragraphs */
    size_t n_cont;
    uint32_t pull0, pull1;   /* a pull-quote's speaker tokens, else QT_NONE */
    int pull;
} qt_quote;

typedef struct qt_event {
    char cameo[8];
    char source[64], target[64];
    size_t src_start, src_end;
    rl_span trigger;
} qt_event;

typedef struct qt_ctx {
    rl_coder *coder;
    const rl_doc *doc;
    arena mem;
    text_doc td;
    uint32_t *sent_of;       /* token -> sentence */
    uint32_t *para_of;       /* token -> paragraph */
    uint32_t *para_first;    /* paragraph -> its first token (n_paras + 1 entries) */
    uint8_t *inq;            /* token -> 1 inside a quotation, 2 its mark */
    qt_person persons[QT_PERSONS_MAX];
    size_t n_persons;
    qt_quote *quotes;
    size_t n_quotes, cap_quotes;
    qt_event *events;
    size_t n_events, cap_events;
    qt_who last_speaker, last_person;
    int lookups_failed;
} qt_ctx;

/* ------------------------------------------------------------------ */
/* Tokens                                                              */
/* ------------------------------------------------------------------ */

/* The lower-case form of token i in buf (ASCII letters folded, a final
 * '.' of an abbreviation dropped); "" when too long. */
static const char *qt_low(const qt_ctx *x, uint32_t i, char *buf, size_t cap)
{
    size_t n;
    const char *s = tok_str(&x->td, &x->td.toks[i], &n);
    if (n > 1 && s[n - 1] == '.' && (x->td.toks[i].flags & TOK_ABBREV) && !memchr(s, '.', n - 1))
        n--;
    if (n + 1 > cap) {
        buf[0] = '\0';
        return buf;
    }
    for (size_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)s[k];
        buf[k] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    buf[n] = '\0';
    return buf;
}

static int qt_is(const qt_ctx *x, uint32_t i, const char *w)
{
    char b[32];
    return strcmp(qt_low(x, i, b, sizeof b), w) == 0;
}

static int qt_punct(const qt_ctx *x, uint32_t i, char c)
{
    size_t n;
    const char *s = tok_str(&x->td, &x->td.toks[i], &n);
    return n == 1 && s[0] == c;
}

static int qt_is_word(const qt_ctx *x, uint32_t i)
{
    return !(x->td.toks[i].flags & TOK_PUNCT);
}

static int qt_is_cap(const qt_ctx *x, uint32_t i)
{
    return (x->td.toks[i].flags & TOK_CAP) && !(x->td.toks[i].flags & TOK_PUNCT);
}

static int qt_is_title(const qt_ctx *x, uint32_t i)
{
    char b[32];
    return QT_IN(qt_low(x, i, b, sizeof b), qt_titles);
}

static int qt_is_pronoun(const qt_ctx *x, uint32_t i)
{
    return qt_is(x, i, "he") || qt_is(x, i, "she") || qt_is(x, i, "they") ||
           qt_is(x, i, "it") || qt_is(x, i, "we");
}

/* A cue at token i: 1 a verb, 2 "according to"; *end gets its last token + 1. */
static int qt_cue_at(const qt_ctx *x, uint32_t i, uint32_t hi, uint32_t *end)
{
    char b[32];
    const token *t = &x->td.toks[i];
    if ((t->flags & TOK_PUNCT) || (x->inq && x->inq[i]))
        return 0;
    qt_low(x, i, b, sizeof b);
    if (strcmp(b, "according") == 0 && i + 1 < hi && qt_is(x, i + 1, "to")) {
        *end = i + 2;
        return 2;
    }
    if (QT_IN(b, qt_cues)) {
        *end = i + 1;
        return 1;
    }
    return 0;
}

/* The sentence bounds of token i. */
static void qt_sent_bounds(const qt_ctx *x, uint32_t i, uint32_t *s0, uint32_t *s1)
{
    const sentence *s = &x->td.sents[x->sent_of[i]];
    *s0 = s->t0;
    *s1 = s->t1;
}

/* ------------------------------------------------------------------ */
/* Names                                                               */
/* ------------------------------------------------------------------ */

/* Copy the document text of tokens [t0, t1) into buf, whitespace runs as
 * one space; ALL-CAPS words title-cased when `fold_caps`. */
static void qt_copy_text(const qt_ctx *x, uint32_t t0, uint32_t t1, int fold_caps, char *buf,
                         size_t cap)
{
    size_t w = 0;
    buf[0] = '\0';
    for (uint32_t i = t0; i < t1 && w + 1 < cap; i++) {
        const token *t = &x->td.toks[i];
        if (i > t0 && t->db > x->td.toks[i - 1].de && w + 1 < cap)
            buf[w++] = ' ';
        const char *s = x->td.doc + t->db;
        size_t n = t->de - t->db;
        int fold = fold_caps && (t->flags & TOK_ALLCAPS) && n > 2;
        for (size_t k = 0; k < n && w + 1 < cap;) {
            utf8proc_int32_t cp;
            utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)s + k,
                                                  (utf8proc_ssize_t)(n - k), &cp);
            if (l <= 0)
                break;
            if (fold && k > 0)
                cp = utf8proc_tolower(cp);
            utf8proc_uint8_t enc[4];
            utf8proc_ssize_t el = utf8proc_encode_char(cp, enc);
            if (el <= 0 || w + (size_t)el + 1 > cap)
                break;
            memcpy(buf + w, enc, (size_t)el);
            w += (size_t)el;
            k += (size_t)l;
        }
    }
    buf[w] = '\0';
}

/* Do tokens a and b spell the same word, ignoring case? */
static int qt_same_word(const qt_ctx *x, uint32_t a, uint32_t b)
{
    char p[64], q[64];
    qt_low(x, a, p, sizeof p);
    qt_low(x, b, q, sizeof q);
    if (p[0] == '\0')
        return 0;
    int ascii = 1;
    for (const char *c = p; *c && ascii; c++)
        ascii = (unsigned char)*c < 0x80;
    for (const char *c = q; *c && ascii; c++)
        ascii = (unsigned char)*c < 0x80;
    if (ascii)
        return strcmp(p, q) == 0;
    /* fold non-ASCII case too ("ÖZTÜRK" and "Öztürk") */
    utf8proc_uint8_t *fp = NULL, *fq = NULL;
    utf8proc_map((const utf8proc_uint8_t *)p, 0, &fp, UTF8PROC_NULLTERM | UTF8PROC_CASEFOLD);
    utf8proc_map((const utf8proc_uint8_t *)q, 0, &fq, UTF8PROC_NULLTERM | UTF8PROC_CASEFOLD);
    int same = fp && fq ? strcmp((const char *)fp, (const char *)fq) == 0 : strcmp(p, q) == 0;
    free(fp);
    free(fq);
    return same;
}

/* A token that may be part of a name: a capitalised word, an initial
 * ("M."), a particle inside a name ("bin"). */
static int qt_name_token(const qt_ctx *x, uint32_t i)
{
    if (qt_is_cap(x, i))
        return 1;
    char b[32];
    return QT_IN(qt_low(x, i, b, sizeof b), qt_particles);
}

/* The rl_coder_lookup code of text ("" none); 3-letter codes mark places. */
static void qt_lookup(qt_ctx *x, const char *text, char *code, size_t cap)
{
    rl_lookup lk;
    code[0] = '\0';
    if (!text[0])
        return;
    if (rl_coder_lookup(x->coder, text, x->doc->date, &lk, NULL) != RL_OK) {
        x->lookups_failed = 1;
        return;
    }
    snprintf(code, cap, "%s", lk.code);
}

/* Step 1: the people the document names in full, in text order. */
static void qt_collect_persons(qt_ctx *x)
{
    const text_doc *td = &x->td;
    for (size_t s = 0; s < td->n_sents && x->n_persons < QT_PERSONS_MAX; s++) {
        const sentence *se = &td->sents[s];
        if (se->zone != RL_ZONE_BODY && se->zone != RL_ZONE_HEADLINE)
            continue;
        for (uint32_t i = se->t0; i < se->t1 && x->n_persons < QT_PERSONS_MAX;) {
            if (!qt_is_cap(x, i) || (td->toks[i].flags & TOK_ALLCAPS)) {
                i++;
                continue;
            }
            uint32_t e = i;
            while (e < se->t1 && qt_name_token(x, e) && !(td->toks[e].flags & TOK_ALLCAPS))
                e++;
            uint32_t b = i;
            char w[32];
            if (b == se->t0 && QT_IN(qt_low(x, b, w, sizeof w), qt_starters))
                b++;
            /* the name is what follows the last title word */
            for (uint32_t k = b; k < e; k++)
                if (qt_is_title(x, k))
                    b = k + 1;
            while (b < e && !qt_is_cap(x, b))
                b++;
            int ok = e - b >= 2 && e - b <= 4;
            for (uint32_t k = b; ok && k < e; k++)
                if (QT_IN(qt_low(x, k, w, sizeof w), qt_org_words) ||
                    QT_IN(w, qt_starters) || (td->toks[k].flags & TOK_HYPHEN_PART))
                    ok = 0;
            if (ok) {
                qt_person *p = &x->persons[x->n_persons];
                p->t0 = b;
                p->t1 = e;
                qt_copy_text(x, b, e, 0, p->name, sizeof p->name);
                int dup = 0;
                for (size_t k = 0; k < x->n_persons && !dup; k++)
                    dup = strcmp(x->persons[k].name, p->name) == 0;
                if (!dup) {
                    qt_lookup(x, p->name, p->code, sizeof p->code);
                    /* "Hong Kong", "Sri Lanka": a place, not a person */
                    if (strlen(p->code) != 3)
                        x->n_persons++;
                }
            }
            i = e > i ? e : i + 1;
        }
    }
}

/* The person a one-word name (or ALL-CAPS name) means: the latest full
 * name before token `before` with that word as its last (or first) word,
 * else any in the document.  NULL when none. */
static const qt_person *qt_resolve_name(const qt_ctx *x, uint32_t n0, uint32_t n1, uint32_t before)
{
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = x->n_persons; k-- > 0;) {
            const qt_person *p = &x->persons[k];
            if (pass == 0 && p->t0 >= before)
                continue;
            if (n1 - n0 == 1) {
                if (qt_same_word(x, n0, p->t1 - 1))
                    return p;
            } else if (n1 - n0 == p->t1 - p->t0) {
                int same = 1;
                for (uint32_t i = 0; same && i < n1 - n0; i++)
                    same = qt_same_word(x, n0 + i, p->t0 + i);
                if (same)
                    return p;
            }
        }
        if (n1 - n0 == 1) {
            for (size_t k = x->n_persons; k-- > 0;) {
                const qt_person *p = &x->persons[k];
                if ((pass == 1 || p->t0 < before) && qt_same_word(x, n0, p->t0))
                    return p;
            }
        }
    }
    return NULL;
}

/* Name and code of the speaker phrase [a0, a1) (with appositive [p0, p1),
 * p0 == p1 none) into w. */
static void qt_name_speaker(qt_ctx *x, uint32_t a0, uint32_t a1, uint32_t p0, uint32_t p1,
                            qt_who *w)
{
    char low[32];
    w->found = 1;
    w->m0 = a0;
    w->m1 = a1;
    w->para = x->para_of[a0];
    w->person = 0;
    if (a1 - a0 == 1 && qt_is_pronoun(x, a0)) {
        int plural = qt_is(x, a0, "they") || qt_is(x, a0, "it") || qt_is(x, a0, "we");
        const qt_who *ref = &x->last_person;
        if ((plural || !ref->found) && x->last_speaker.found)
            ref = &x->last_speaker;
        if (!ref->found) {
            qt_copy_text(x, a0, a1, 0, w->name, sizeof w->name);
            w->code[0] = '\0';
            return;
        }
        memcpy(w->name, ref->name, sizeof w->name);
        memcpy(w->code, ref->code, sizeof w->code);
        w->person = ref->person;
        return;
    }
    uint32_t b = a0;
    while (b < a1 && QT_IN(qt_low(x, b, low, sizeof low), qt_determiners))
        b++;
    /* "a statement from the ministry": the ministry speaks */
    for (uint32_t k = b; k + 1 < a1; k++) {
        qt_low(x, k, low, sizeof low);
        if ((strcmp(low, "statement") == 0 || strcmp(low, "statements") == 0) &&
            (qt_is(x, k + 1, "from") || qt_is(x, k + 1, "by") || qt_is(x, k + 1, "of"))) {
            b = k + 2;
            while (b < a1 && QT_IN(qt_low(x, b, low, sizeof low), qt_determiners))
                b++;
            break;
        }
    }
    if (b >= a1)
        b = a0;
    char lookup[QT_LOOKUP_MAX];
    if (a1 > b && qt_name_token(x, a1 - 1) && !qt_is_title(x, a1 - 1)) {
        /* the trailing run of name words, after the last title word */
        uint32_t r = a1;
        while (r > b && (qt_name_token(x, r - 1) || qt_punct(x, r - 1, '-')) &&
               !qt_is_title(x, r - 1))
            r--;
        while (r < a1 && !qt_is_cap(x, r))
            r++;
        /* a body keeps its whole name: "World Health Organization" */
        uint32_t r0 = r;
        while (r0 > b && qt_name_token(x, r0 - 1))
            r0--;
        for (uint32_t k = r; k < a1; k++)
            if (QT_IN(qt_low(x, k, low, sizeof low), qt_org_words)) {
                while (r0 < r && !qt_is_cap(x, r0))
                    r0++;
                r = r0;
                break;
            }
        const qt_person *p = qt_resolve_name(x, r, a1, a0);
        int caps = (x->td.toks[r].flags & TOK_ALLCAPS) != 0;
        if (p) {
            memcpy(w->name, p->name, sizeof w->name);
            memcpy(w->code, p->code, sizeof w->code);
            w->person = 1;
        } else {
            qt_copy_text(x, r, a1, caps, w->name, sizeof w->name);
            qt_lookup(x, w->name, w->code, sizeof w->code);
            int org = 0;
            for (uint32_t k = r; k < a1 && !org; k++)
                org = QT_IN(qt_low(x, k, low, sizeof low), qt_org_words);
            w->person = !org && strlen(w->code) != 3 && !(a1 - r == 1 && caps);
        }
    } else {
        /* "the commander", "a spokeswoman for the ministry": a person */
        qt_copy_text(x, b, a1, 0, w->name, sizeof w->name);
        uint32_t head = a1;
        while (head > b && !qt_is(x, head - 1, "for") && !qt_is(x, head - 1, "of"))
            head--;
        w->person = qt_is_title(x, head > b ? head - 2 : a1 - 1);
        w->code[0] = '\0';
    }
    if (!w->code[0]) {
        /* the whole phrase with its titles and appositive */
        char ap[QT_LOOKUP_MAX / 2];
        qt_copy_text(x, a0, a1, 0, lookup, sizeof lookup);
        if (p1 > p0) {
            qt_copy_text(x, p0, p1, 0, ap, sizeof ap);
            size_t n = strlen(lookup);
            snprintf(lookup + n, sizeof lookup - n, ", %.200s", ap);
        }
        qt_lookup(x, lookup, w->code, sizeof w->code);
    }
}

/* ------------------------------------------------------------------ */
/* Speaker phrases                                                     */
/* ------------------------------------------------------------------ */

/* May token i be inside a speaker phrase? */
static int qt_np_token(const qt_ctx *x, uint32_t i)
{
    const token *t = &x->td.toks[i];
    if (t->flags & TOK_QUOTE)
        return 0;
    if (t->flags & TOK_PUNCT)
        return qt_punct(x, i, '-') || qt_punct(x, i, '.');
    char b[32];
    qt_low(x, i, b, sizeof b);
    if (QT_IN(b, qt_np_stops) || QT_IN(b, qt_cues))
        return 0;
    return 1;
}

/* The phrase ending at token j (inclusive), no further left than lo:
 * returns its first token, or QT_NONE when there is none. */
static uint32_t qt_np_left(const qt_ctx *x, uint32_t j, uint32_t lo)
{
    if (j < lo || !qt_np_token(x, j) || !qt_is_word(x, j))
        return QT_NONE;
    uint32_t a = j;
    while (a > lo && j - a + 1 < QT_NP_MAX && qt_np_token(x, a - 1))
        a--;
    /* a pronoun is a phrase of its own ("... in Europe he said") */
    if (qt_is_pronoun(x, j))
        return j;
    /* a capitalised sentence opener is no part of the name */
    char b[32];
    while (a < j && QT_IN(qt_low(x, a, b, sizeof b), qt_starters) &&
           !QT_IN(b, qt_determiners))
        a++;
    while (a < j && !qt_is_word(x, a))
        a++;
    return a;
}

/* The phrase starting at token i, before hi: returns its end (exclusive),
 * i when there is none. */
static uint32_t qt_np_right(const qt_ctx *x, uint32_t i, uint32_t hi)
{
    uint32_t e = i;
    char b[32];
    while (e < hi && e - i < QT_NP_MAX && qt_np_token(x, e) &&
           !(e > i && (qt_is(x, e, "in") || qt_is(x, e, "on"))))
        e++;
    /* "of", "for", a hyphen never end it */
    while (e > i && (!qt_is_word(x, e - 1) || qt_is(x, e - 1, "of") || qt_is(x, e - 1, "for") ||
                     QT_IN(qt_low(x, e - 1, b, sizeof b), qt_determiners)))
        e--;
    return e;
}

/* Does token i open an appositive or relative clause after a comma? */
static int qt_apposition_start(const qt_ctx *x, uint32_t i)
{
    char b[32];
    qt_low(x, i, b, sizeof b);
    if (strcmp(b, "who") == 0 || strcmp(b, "which") == 0 || strcmp(b, "whose") == 0 ||
        QT_IN(b, qt_determiners) || qt_is_title(x, i))
        return 1;
    if (x->td.toks[i].flags & TOK_NUM) /* "Smith, 62, said" */
        return 1;
    return qt_is_word(x, i) && !qt_is_cap(x, i) && !QT_IN(b, qt_cues);
}

/* The subject of cue verb v, searched leftwards no further than lo; fills
 * *a0, *a1 and returns 1 when found. */
static int qt_subject_left(const qt_ctx *x, uint32_t v, uint32_t lo, uint32_t *a0, uint32_t *a1)
{
    if (v <= lo)
        return 0;
    uint32_t j = v - 1;
    char b[32];
    while (j > lo && qt_is_word(x, j) && !qt_is_cap(x, j) &&
           (QT_IN(qt_low(x, j, b, sizeof b), qt_skip_left) ||
            (strlen(b) > 3 && strcmp(b + strlen(b) - 2, "ly") == 0)))
        j--;
    if (qt_punct(x, j, ',')) {
        /* "Campbell, who was speaking with Orlins, president of ..., said":
         * the leftmost comma that opens an apposition after a subject */
        uint32_t best = QT_NONE;
        for (uint32_t k = j; k > lo; k--) {
            if (!qt_punct(x, k, ',') || k + 1 >= v || !qt_apposition_start(x, k + 1))
                continue;
            uint32_t s = qt_np_left(x, k - 1, lo);
            if (s == QT_NONE || QT_IN(qt_low(x, k - 1, b, sizeof b), qt_time_words))
                continue;
            if (s > lo && qt_is_word(x, s - 1))
                continue; /* "In Beijing, ...": a phrase after a preposition */
            best = k;
        }
        if (best == QT_NONE)
            return 0;
        j = best - 1;
        /* "the army's chief of staff, Lt. Gen. Jane Roe, said": the name */
        uint32_t e = best + 1;
        while (e < v && (qt_name_token(x, e) || qt_punct(x, e, '.')))
            e++;
        if (!qt_name_token(x, j) && e > best + 1 && qt_punct(x, e, ',') && e + 1 <= v &&
            qt_is_cap(x, e - 1) && !qt_is_title(x, e - 1)) {
            *a0 = best + 1;
            *a1 = e;
            return 1;
        }
    }
    uint32_t s = qt_np_left(x, j, lo);
    if (s == QT_NONE)
        return 0;
    *a0 = s;
    *a1 = j + 1;
    return 1;
}

/* After an inverted cue's phrase [i, e): an appositive ", a spokesman for
 * the ministry" up to the next comma or the end; sets [*p0, *p1). */
static void qt_apposition_right(const qt_ctx *x, uint32_t e, uint32_t hi, uint32_t *p0,
                                uint32_t *p1)
{
    *p0 = *p1 = e;
    if (e + 1 < hi && qt_punct(x, e, ',') && qt_apposition_start(x, e + 1) &&
        !qt_is(x, e + 1, "who") && !qt_is(x, e + 1, "which")) {
        uint32_t k = e + 1;
        while (k < hi && k - e < QT_NP_MAX && !(x->td.toks[k].flags & TOK_PUNCT &&
                                                !qt_punct(x, k, '-') && !qt_punct(x, k, '.')))
            k++;
        *p0 = e + 1;
        *p1 = k;
    }
}

/* The speaker phrase [a0, a1) after a cue ("said X", "according to X"),
 * with its appositive; a description followed by a name ("the head of the
 * authority, Dr. Maria Santos,") is that name. */
static void qt_speaker_right(qt_ctx *x, uint32_t a0, uint32_t a1, uint32_t hi, qt_who *w)
{
    uint32_t p0, p1;
    qt_apposition_right(x, a1, hi, &p0, &p1);
    if (!qt_name_token(x, a1 - 1) && a1 + 1 < hi && qt_punct(x, a1, ',')) {
        uint32_t e = a1 + 1;
        while (e < hi && (qt_name_token(x, e) || qt_punct(x, e, '.')))
            e++;
        if (e > a1 + 1 && qt_is_cap(x, e - 1) && !qt_is_title(x, e - 1) &&
            (e == hi || qt_punct(x, e, ',') || qt_punct(x, e, '.'))) {
            qt_name_speaker(x, a1 + 1, e, a0, a1, w);
            return;
        }
    }
    qt_name_speaker(x, a0, a1, p0, p1, w);
}

static int qt_cue_speaker(qt_ctx *x, uint32_t v, int kind, uint32_t ce, uint32_t lo,
                          uint32_t hi, qt_who *w);

/* A speaker with a cue in [p, hi): inverted ("said Campbell") when the cue
 * opens the window, else the subject of the first cue.  Fills w and the
 * cue tokens. */
static int qt_cue_after(qt_ctx *x, uint32_t p, uint32_t hi, qt_who *w, uint32_t *cue0,
                        uint32_t *cue1)
{
    char low[32];
    uint32_t ce;
    int kind = p < hi ? qt_cue_at(x, p, hi, &ce) : 0;
    /* "..., read a statement from the ministry" */
    if (!kind && p + 2 < hi && (qt_is(x, p, "read") || qt_is(x, p, "reads")) &&
        !x->inq[p] && QT_IN(qt_low(x, p + 1, low, sizeof low), qt_determiners)) {
        kind = 1;
        ce = p + 1;
    }
    if (kind) {
        uint32_t e = qt_np_right(x, ce, hi);
        if (e > ce) {
            qt_speaker_right(x, ce, e, hi, w);
            *cue0 = p;
            *cue1 = ce;
            return 1;
        }
        if (kind == 2)
            return 0;
    }
    uint32_t lim = p + QT_AFTER_REACH < hi ? p + QT_AFTER_REACH : hi;
    for (uint32_t v = p; v < lim; v++) {
        if (x->inq[v] == 2)
            return 0;
        kind = qt_cue_at(x, v, hi, &ce);
        if (!kind)
            continue;
        if (!qt_cue_speaker(x, v, kind, ce, p, hi, w))
            return 0;
        *cue0 = v;
        *cue1 = ce;
        return 1;
    }
    /* '..., the protesters chanted': a phrase and a verb form right after
     * the quotation attribute it, listed or not */
    uint32_t e = qt_np_right(x, p, hi);
    if (e > p && e < hi && e - p <= 6 && qt_is_word(x, e) && !qt_is_cap(x, e) &&
        !x->inq[e] && (qt_is_cap(x, p) || qt_is_pronoun(x, p) || qt_is(x, p, "the") ||
                       qt_is(x, p, "a"))) {
        char b[32];
        size_t n = strlen(qt_low(x, e, b, sizeof b));
        if (n > 3 && strcmp(b + n - 2, "ed") == 0) {
            qt_name_speaker(x, p, e, e, e, w);
            *cue0 = e;
            *cue1 = e + 1;
            return 1;
        }
    }
    return 0;
}

/* The speaker of cue v (kind, ending at ce) in [lo, hi) into w: 1 found. */
static int qt_cue_speaker(qt_ctx *x, uint32_t v, int kind, uint32_t ce, uint32_t lo,
                          uint32_t hi, qt_who *w)
{
    uint32_t a0, a1;
    if (kind == 2) {
        uint32_t e = qt_np_right(x, ce, hi);
        if (e == ce)
            return 0;
        qt_speaker_right(x, ce, e, hi, w);
        return 1;
    }
    if (qt_subject_left(x, v, lo, &a0, &a1)) {
        qt_name_speaker(x, a0, a1, a1, a1, w);
        return 1;
    }
    /* "The minister dismissed the report ... and accused ...": the
     * sentence's own subject */
    if (v > lo && qt_is(x, v - 1, "and")) {
        uint32_t e = qt_np_right(x, lo, v);
        if (e > lo && e < v && qt_is_word(x, e) && !qt_is_cap(x, e) &&
            (qt_is_cap(x, lo) || qt_is_pronoun(x, lo) || qt_is(x, lo, "the"))) {
            qt_name_speaker(x, lo, e, e, e, w);
            return 1;
        }
    }
    return 0;
}

/* A speaker with a cue in [lo, hi) before a quotation: the nearest cue, or
 * with `first` the first one (a partial quotation is the words of the
 * sentence's reporting subject: "X said Y had agreed to '...'"). */
static int qt_cue_before(qt_ctx *x, uint32_t lo, uint32_t hi, int first, qt_who *w,
                         uint32_t *cue0, uint32_t *cue1)
{
    for (uint32_t n = 0; n < hi - lo; n++) {
        uint32_t v = first ? lo + n : hi - 1 - n;
        uint32_t ce;
        int kind = qt_cue_at(x, v, hi, &ce);
        if (!kind)
            continue;
        if (kind == 1 && v >= lo + 2 && qt_punct(x, v - 1, ',') && qt_is(x, v, "adding")) {
            /* "..., the minister said, adding: ..." : the earlier cue's speaker */
            uint32_t d0, d1;
            if (!qt_cue_before(x, lo, v - 1, 0, w, &d0, &d1))
                return 0;
        } else if (!qt_cue_speaker(x, v, kind, ce, lo, hi, w)) {
            continue;
        }
        *cue0 = v;
        *cue1 = ce;
        return 1;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Quotation marks                                                     */
/* ------------------------------------------------------------------ */

enum { QT_OPEN = 1, QT_CLOSE = 0, QT_EITHER = -1 };

/* Is mark token i double (1) or single (0), and which side is it on? */
static int qt_mark(const qt_ctx *x, uint32_t i, int *side)
{
    const token *t = &x->td.toks[i];
    const unsigned char *d = (const unsigned char *)x->td.doc + t->db;
    size_t dn = t->de - t->db;
    utf8proc_int32_t cp = -1;
    if (dn > 0)
        utf8proc_iterate(d, (utf8proc_ssize_t)(dn < 4 ? dn : 4), &cp);
    const char *s = x->td.norm.s;
    unsigned char before = t->nb > 0 ? (unsigned char)s[t->nb - 1] : ' ';
    unsigned char after = t->ne < x->td.norm.len ? (unsigned char)s[t->ne] : ' ';
    int space_before = before <= 0x20 || strchr("([{-", before) != NULL;
    int space_after = after <= 0x20 || strchr(".,;:!?)]}-", after) != NULL;
    int spacing = space_before && !space_after ? QT_OPEN
                : !space_before && space_after ? QT_CLOSE : QT_EITHER;
    int dbl = x->td.norm.s[t->nb] == '"';
    if (dn == 2 && d[0] == '`' && d[1] == '`') {
        *side = QT_OPEN;
        return 1;
    }
    if (dn == 2 && d[0] == '\'' && d[1] == '\'') {
        *side = QT_CLOSE;
        return 1;
    }
    switch (cp) {
    case 0x201C: case 0x2018: /* also closes German „...“ and ‚...‘ */
        *side = spacing == QT_CLOSE ? QT_CLOSE : QT_OPEN;
        break;
    case 0x201E: case 0x201F: case 0x201A: case 0x201B: case '`':
        *side = QT_OPEN;
        break;
    case 0x201D: case 0x2019:
        *side = QT_CLOSE;
        break;
    case 0x00AB: case 0x2039: /* « ‹, or »German« reversed */
        *side = spacing == QT_CLOSE ? QT_CLOSE : QT_OPEN;
        break;
    case 0x00BB: case 0x203A:
        *side = spacing == QT_OPEN ? QT_OPEN : QT_CLOSE;
        break;
    default:
        *side = spacing;
        break;
    }
    return dbl;
}

static int qt_push_quote(qt_ctx *x, const qt_quote *q)
{
    if (x->n_quotes == x->cap_quotes) {
        size_t ncap = x->cap_quotes ? x->cap_quotes * 2 : 32;
        qt_quote *n = arena_big(&x->mem, x->quotes, ncap * sizeof *n);
        if (!n)
            return 0;
        x->quotes = n;
        x->cap_quotes = ncap;
    }
    x->quotes[x->n_quotes++] = *q;
    return 1;
}

/* Zones whose quotations are read. */
static int qt_zone_read(rl_zone z)
{
    return z == RL_ZONE_BODY || z == RL_ZONE_HEADLINE;
}

/* Step 2: pair the marks.  An open quotation is kept across a paragraph
 * break when the next paragraph opens with a mark; its reopening marks go
 * to a list (bounded by the paragraph count). */
static int qt_pair_marks(qt_ctx *x)
{
    const text_doc *td = &x->td;
    uint32_t dq = QT_NONE, sq = QT_NONE;
    uint32_t *cont = NULL;
    size_t n_cont = 0, cap_cont = 0;
    uint32_t last_content = QT_NONE; /* last token of the previous paragraph */
    for (uint32_t i = 0; i < td->n_toks; i++) {
        const token *t = &td->toks[i];
        int new_para = i > 0 && x->para_of[i] != x->para_of[i - 1];
        if (new_para) {
            sq = QT_NONE;
            int side = 0;
            int reopen = dq != QT_NONE && (t->flags & TOK_QUOTE) && qt_mark(x, i, &side) &&
                         side != QT_CLOSE;
            if (reopen && qt_zone_read(td->sents[x->sent_of[i]].zone)) {
                if (n_cont == cap_cont) {
                    size_t nc = cap_cont ? cap_cont * 2 : 8;
                    uint32_t *c = arena_alloc(&x->mem, nc * sizeof *c);
                    if (!c)
                        return 0;
                    if (n_cont)
                        memcpy(c, cont, n_cont * sizeof *c);
                    cont = c;
                    cap_cont = nc;
                }
                cont[n_cont++] = i;
                continue;
            }
            if (dq != QT_NONE) {
                /* unclosed: a quotation when it opened its paragraph (or
                 * ran on from an earlier one); a stray mark otherwise */
                if (n_cont || dq == 0 || x->para_of[dq - 1] != x->para_of[dq]) {
                    qt_quote q = {dq, QT_NONE, dq + 1, last_content + 1, cont, n_cont,
                                  QT_NONE, QT_NONE, 0};
                    if (q.c1 > q.c0 && !qt_push_quote(x, &q))
                        return 0;
                }
                dq = QT_NONE;
                cont = NULL;
                n_cont = cap_cont = 0;
            }
        }
        last_content = i;
        if (!(t->flags & TOK_QUOTE))
            continue;
        int side;
        int dbl = qt_mark(x, i, &side);
        if (!qt_zone_read(td->sents[x->sent_of[i]].zone))
            continue;
        if (dbl) {
            if (dq == QT_NONE) {
                if (side != QT_CLOSE) {
                    dq = i;
                    sq = QT_NONE;
                    cont = NULL;
                    n_cont = cap_cont = 0;
                }
            } else if (side == QT_OPEN && n_cont == 0) {
                dq = i; /* a stray opening mark: start again here */
            } else {
                qt_quote q = {dq, i, dq + 1, i, cont, n_cont, QT_NONE, QT_NONE, 0};
                if (q.c1 > q.c0 && !qt_push_quote(x, &q))
                    return 0;
                dq = QT_NONE;
                cont = NULL;
                n_cont = cap_cont = 0;
            }
        } else if (dq == QT_NONE) {
            if (sq == QT_NONE) {
                if (side != QT_CLOSE)
                    sq = i;
            } else if (side == QT_OPEN) {
                sq = i;
            } else {
                qt_quote q = {sq, i, sq + 1, i, NULL, 0, QT_NONE, QT_NONE, 0};
                if (q.c1 > q.c0 && !qt_push_quote(x, &q))
                    return 0;
                sq = QT_NONE;
            }
        }
    }
    if (dq != QT_NONE && (dq == 0 || x->para_of[dq - 1] != x->para_of[dq] || n_cont)) {
        qt_quote q = {dq, QT_NONE, dq + 1, (uint32_t)td->n_toks, cont, n_cont, QT_NONE,
                      QT_NONE, 0};
        if (q.c1 > q.c0 && !qt_push_quote(x, &q))
            return 0;
    }
    return 1;
}

/* ------------------------------------------------------------------ */
/* Pull-quotes                                                         */
/* ------------------------------------------------------------------ */

/* The start of a trailing run of capitals (>= 2 all-caps words) ending at
 * token e (exclusive), no further left than lo; QT_NONE when none. */
static uint32_t qt_caps_run(const qt_ctx *x, uint32_t lo, uint32_t e)
{
    uint32_t r = e, words = 0;
    while (r > lo) {
        const token *t = &x->td.toks[r - 1];
        if (t->flags & TOK_ALLCAPS || (t->flags & TOK_CAP && t->ne - t->nb <= 2 &&
                                        (t->flags & TOK_ABBREV))) {
            words++;
        } else if (!(qt_punct(x, r - 1, ',') || qt_punct(x, r - 1, '-') ||
                     qt_punct(x, r - 1, '\'') || qt_is(x, r - 1, "'s") ||
                     qt_punct(x, r - 1, '.') || ((t->flags & TOK_CAP) &&
                                                 !qt_is_word(x, r - 1)))) {
            break;
        }
        r--;
    }
    while (r < e && !qt_is_word(x, r))
        r++;
    return words >= 2 && r < e ? r : QT_NONE;
}

/* The paragraph [p0, p1) of tokens holding token i. */
static void qt_para_bounds(const qt_ctx *x, uint32_t i, uint32_t *p0, uint32_t *p1)
{
    *p0 = x->para_first[x->para_of[i]];
    *p1 = x->para_first[x->para_of[i] + 1];
}

/* Step 3: pull-quotes.  A pull-quote zone becomes one quotation (its own
 * marks, if any, dropped), and a body paragraph that is one quotation
 * followed by a paragraph of capitals takes that paragraph as speaker. */
static int qt_find_pulls(qt_ctx *x)
{
    const text_doc *td = &x->td;
    for (uint32_t i = 0; i < td->n_toks;) {
        uint32_t p0, p1;
        qt_para_bounds(x, i, &p0, &p1);
        i = p1;
        rl_zone z = td->sents[x->sent_of[p0]].zone;
        if (z != RL_ZONE_PULLQUOTE)
            continue;
        uint32_t r = qt_caps_run(x, p0, p1);
        if (r == QT_NONE || r == p0)
            continue;
        uint32_t c0 = p0, c1 = r;
        while (c0 < c1 && (td->toks[c0].flags & TOK_QUOTE))
            c0++;
        while (c1 > c0 && ((td->toks[c1 - 1].flags & TOK_QUOTE) || qt_punct(x, c1 - 1, '-')))
            c1--;
        if (c1 <= c0)
            continue;
        uint32_t n1 = r;
        while (n1 < p1 && !qt_punct(x, n1, ','))
            n1++;
        qt_quote q = {p0, QT_NONE, c0, c1, NULL, 0, r, n1, 1};
        if (!qt_push_quote(x, &q))
            return 0;
    }
    /* "quotation" paragraph + paragraph of capitals */
    for (size_t k = 0; k < x->n_quotes; k++) {
        qt_quote *q = &x->quotes[k];
        if (q->pull || q->close == QT_NONE || q->n_cont)
            continue;
        uint32_t p0, p1;
        qt_para_bounds(x, q->open, &p0, &p1);
        if (p0 != q->open || q->close + 1 < p1 || p1 >= td->n_toks)
            continue;
        uint32_t n0, n1;
        qt_para_bounds(x, p1, &n0, &n1);
        uint32_t r = qt_caps_run(x, n0, n1);
        if (r != n0 || n1 - n0 > 24)
            continue;
        uint32_t e = n0;
        while (e < n1 && !qt_punct(x, e, ','))
            e++;
        q->pull = 1;
        q->pull0 = n0;
        q->pull1 = e;
    }
    return 1;
}

static int qt_quote_cmp(const void *a, const void *b)
{
    const qt_quote *p = a, *q = b;
    return p->c0 < q->c0 ? -1 : p->c0 > q->c0;
}

/* ------------------------------------------------------------------ */
/* Attribution and emission                                            */
/* ------------------------------------------------------------------ */

/* Words (not punctuation) in tokens [c0, c1). */
static uint32_t qt_words(const qt_ctx *x, uint32_t c0, uint32_t c1)
{
    uint32_t n = 0;
    for (uint32_t i = c0; i < c1; i++)
        n += qt_is_word(x, i) ? 1u : 0u;
    return n;
}

/* The byte text of a quotation, reopening marks left out, in the arena. */
static char *qt_quote_text(qt_ctx *x, const qt_quote *q, uint32_t c1, size_t *len)
{
    const token *t = x->td.toks;
    size_t b = t[q->c0].db, e = t[c1 - 1].de;
    char *s = arena_alloc(&x->mem, e - b + 1);
    if (!s)
        return NULL;
    size_t w = 0, pos = b;
    for (size_t k = 0; k < q->n_cont; k++) {
        const token *m = &t[q->cont[k]];
        if (m->db < pos || m->de > e)
            continue;
        memcpy(s + w, x->td.doc + pos, m->db - pos);
        w += m->db - pos;
        pos = m->de;
    }
    memcpy(s + w, x->td.doc + pos, e - pos);
    w += e - pos;
    s[w] = '\0';
    *len = w;
    return s;
}

/* The speaker of quotation q (not a pull-quote): cue after, cue before,
 * running speaker.  *direct says what kind it is. */
static void qt_attribute(qt_ctx *x, const qt_quote *q, qt_who *w, uint32_t *cue0,
                         uint32_t *cue1, int *direct, int *adjacent)
{
    const text_doc *td = &x->td;
    uint32_t s0, s1;
    qt_sent_bounds(x, q->open, &s0, &s1);
    memset(w, 0, sizeof *w);
    *cue0 = *cue1 = QT_NONE;
    *adjacent = 0;
    /* the words before the mark, in its sentence, after an earlier quotation */
    uint32_t lo = s0;
    uint32_t before = q->open;
    while (before > lo && (qt_punct(x, before - 1, ',') || qt_punct(x, before - 1, ':')))
        before--;
    int colon = q->open > lo && qt_punct(x, q->open - 1, ':');
    int para_start = q->open == 0 || x->para_of[q->open - 1] != x->para_of[q->open];
    uint32_t ce;
    int cue_right_before = before > lo && before < q->open &&
                           qt_cue_at(x, before - 1, q->open, &ce);
    *direct = q->open == s0 || para_start || colon ||
              (before < q->open && qt_punct(x, before, ',') && cue_right_before);
    /* after the closing mark */
    int found = 0;
    if (q->close != QT_NONE) {
        uint32_t p = q->close + 1, c0s, c1s;
        qt_sent_bounds(x, q->close, &c0s, &c1s);
        while (p < c1s && (qt_punct(x, p, ',') || qt_punct(x, p, '-')))
            p++;
        if (p < c1s) {
            /* a partial quotation defers to a cue before it */
            if (*direct || !qt_cue_before(x, lo, q->open, 1, w, cue0, cue1))
                found = qt_cue_after(x, p, c1s, w, cue0, cue1);
            else
                found = 1;
            if (found && *cue0 != QT_NONE && *cue0 > q->close && (*cue0 == p || w->m0 == p))
                *adjacent = 1;
        } else if (c1s < td->n_toks && x->para_of[c1s] == x->para_of[q->close]) {
            /* "Why now?" Smith asked. */
            uint32_t n0, n1;
            qt_sent_bounds(x, c1s, &n0, &n1);
            if (n1 - n0 <= QT_NEXT_SENT_MAX) {
                int has_quote = 0;
                for (uint32_t i = n0; i < n1; i++)
                    has_quote |= x->inq[i] != 0;
                if (!has_quote && qt_cue_after(x, n0, n1, w, cue0, cue1)) {
                    found = 1;
                    *adjacent = 1;
                }
            }
        }
    }
    if (!found && q->open > lo) {
        found = qt_cue_before(x, lo, q->open, !*direct, w, cue0, cue1);
        if (found && cue_right_before)
            *adjacent = 1;
    }
    if (!found && colon) {
        /* "Smith was blunt: ..." - the sentence's first phrase */
        uint32_t e = qt_np_right(x, lo, before);
        if (e > lo && (qt_is_cap(x, lo) || qt_is_pronoun(x, lo))) {
            qt_name_speaker(x, lo, e, e, e, w);
            found = 1;
            *adjacent = 1;
        }
    }
    if (!found && *direct && x->last_speaker.found &&
        x->para_of[q->open] <= x->last_speaker.para + QT_RUNNING_PARAS) {
        *w = x->last_speaker;
        w->para = x->para_of[q->open];
        *adjacent = 1;
        found = 1;
    }
    w->found = found;
}

/* Remember who spoke, and the people sentences open with, up to token i. */
static void qt_note_subjects(qt_ctx *x, size_t *next_sent, uint32_t upto)
{
    const text_doc *td = &x->td;
    char b[32];
    for (; *next_sent < td->n_sents && td->sents[*next_sent].t1 <= upto; (*next_sent)++) {
        const sentence *se = &td->sents[*next_sent];
        if (se->zone != RL_ZONE_BODY)
            continue;
        /* a sentence that reports speech without quoting it: "..., said
         * the engineer", "Smith said the talks had failed" */
        int quoted = 0;
        for (uint32_t i = se->t0; i < se->t1 && !quoted; i++)
            quoted = x->inq[i] != 0;
        uint32_t v = se->t0, ce = 0;
        while (!quoted && v < se->t1 && qt_cue_at(x, v, se->t1, &ce) != 1)
            v++;
        if (!quoted && v < se->t1) {
            qt_who w;
            memset(&w, 0, sizeof w);
            uint32_t a0, a1, e;
            if (qt_subject_left(x, v, se->t0, &a0, &a1)) {
                if (!qt_is_pronoun(x, a0))
                    qt_name_speaker(x, a0, a1, a1, a1, &w);
            } else if (v > se->t0 && qt_punct(x, v - 1, ',') &&
                       (e = qt_np_right(x, ce, se->t1)) > ce) {
                qt_name_speaker(x, ce, e, e, e, &w);
            }
            if (w.found) {
                x->last_speaker = w;
                if (w.person)
                    x->last_person = w;
                continue;
            }
        }
        /* the first name of the sentence, followed by a verb-like word */
        for (uint32_t i = se->t0; i < se->t1 && i < se->t0 + 8; i++) {
            if (td->toks[i].flags & TOK_QUOTE)
                break;
            if (!qt_is_cap(x, i) || QT_IN(qt_low(x, i, b, sizeof b), qt_starters))
                continue;
            uint32_t e = i;
            while (e < se->t1 && qt_name_token(x, e))
                e++;
            if (e < se->t1 && ((qt_is_word(x, e) && !qt_is_cap(x, e) && !qt_is(x, e, "of")) ||
                               qt_punct(x, e, ','))) {
                qt_who w;
                memset(&w, 0, sizeof w);
                const qt_person *p = qt_resolve_name(x, e - 1, e, e);
                if (p) {
                    w.found = w.person = 1;
                    w.m0 = i;
                    w.m1 = e;
                    w.para = x->para_of[i];
                    memcpy(w.name, p->name, sizeof w.name);
                    memcpy(w.code, p->code, sizeof w.code);
                    x->last_person = w;
                }
            }
            break;
        }
    }
}

static int qt_collect_event(const rl_event *ev, void *ud)
{
    qt_ctx *x = ud;
    if (ev->flags & RL_EV_TITLE)
        return 0;
    if (x->n_events == x->cap_events) {
        if (x->cap_events >= QT_EVENTS_MAX)
            return 0;
        size_t ncap = x->cap_events ? x->cap_events * 2 : 64;
        qt_event *n = arena_big(&x->mem, x->events, ncap * sizeof *n);
        if (!n)
            return 0;
        x->events = n;
        x->cap_events = ncap;
    }
    qt_event *e = &x->events[x->n_events++];
    snprintf(e->cameo, sizeof e->cameo, "%s", ev->cameo ? ev->cameo : "");
    snprintf(e->source, sizeof e->source, "%s", ev->source.code ? ev->source.code : "");
    snprintf(e->target, sizeof e->target, "%s",
             ev->has_target && ev->target.code ? ev->target.code : "");
    e->src_start = ev->source.span.start;
    e->src_end = ev->source.span.end;
    e->trigger = ev->trigger;
    return 0;
}

static void qt_set_span(const qt_ctx *x, rl_span *s, uint32_t t0, uint32_t t1)
{
    const token *a = &x->td.toks[t0], *b = &x->td.toks[t1 - 1];
    s->text = x->td.doc + a->db;
    s->len = b->de - a->db;
    s->start = a->cb;
    s->end = b->ce;
}

/* Paragraphs: blank lines when the text has any, else line breaks; and
 * every zone boundary. */
static void qt_paragraphs(qt_ctx *x)
{
    const text_doc *td = &x->td;
    const char *s = td->norm.s;
    int blank = 0;
    for (size_t i = 0; i + 1 < td->norm.len && !blank; i++) {
        if (s[i] != '\n')
            continue;
        size_t j = i + 1;
        while (j < td->norm.len && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r'))
            j++;
        blank = j < td->norm.len && s[j] == '\n';
    }
    uint32_t para = 0;
    for (uint32_t i = 0; i < td->n_toks; i++) {
        if (i > 0) {
            int lines = 0;
            for (uint32_t k = td->toks[i - 1].ne; k < td->toks[i].nb; k++)
                lines += s[k] == '\n';
            if (lines >= (blank ? 2 : 1) ||
                td->sents[x->sent_of[i]].zone != td->sents[x->sent_of[i - 1]].zone)
                para++;
        }
        x->para_of[i] = para;
    }
    for (uint32_t i = 0; i < td->n_toks; i++)
        if (i == 0 || x->para_of[i] != x->para_of[i - 1])
            x->para_first[x->para_of[i]] = i;
    x->para_first[td->n_toks ? x->para_of[td->n_toks - 1] + 1 : 0] = (uint32_t)td->n_toks;
}

rl_status rl_quotes_doc(rl_coder *c, const rl_doc *doc, const rl_quote_opts *opts,
                        rl_quote_fn fn, void *ud, rl_error *err)
{
    if (!c || !doc || !fn)
        return err_set(err, RL_ERR_USAGE, NULL, 0, 0, "quotes: no coder, document or callback");
    pthread_once(&qt_lists_once, qt_sort_lists);
    qt_ctx *x = calloc(1, sizeof *x);
    if (!x)
        return err_set(err, RL_ERR_NOMEM, doc->origin, 0, 0, "out of memory finding quotations");
    x->coder = c;
    x->doc = doc;
    arena_init(&x->mem, QT_ARENA_LIMIT);
    rl_status st = RL_OK;
    int want_events = opts && opts->events;
    if (want_events) {
        st = rl_coder_code_doc(c, doc, qt_collect_event, x, err);
        if (st != RL_OK)
            goto done;
    }
    st = text_analyze(&x->mem, NULL, doc->text ? doc->text : "", doc->text ? doc->text_len : 0,
                      doc->zones, doc->n_zones, &x->td, err);
    if (st != RL_OK) {
        if (err) {
            char why[sizeof err->msg];
            memcpy(why, err->msg, sizeof why);
            err_set(err, st, doc->origin, 0, 0, "%s", why);
        }
        goto done;
    }
    const text_doc *td = &x->td;
    size_t nt = td->n_toks ? td->n_toks : 1;
    x->sent_of = arena_big(&x->mem, NULL, nt * sizeof *x->sent_of);
    x->para_of = arena_big(&x->mem, NULL, nt * sizeof *x->para_of);
    x->para_first = arena_big(&x->mem, NULL, (nt + 1) * sizeof *x->para_first);
    if (!x->sent_of || !x->para_of || !x->para_first)
        goto nomem;
    for (size_t s = 0; s < td->n_sents; s++)
        for (uint32_t i = td->sents[s].t0; i < td->sents[s].t1; i++)
            x->sent_of[i] = (uint32_t)s;
    qt_paragraphs(x);
    qt_collect_persons(x);
    if (!qt_pair_marks(x) || !qt_find_pulls(x))
        goto nomem;
    if (x->n_quotes > 1)
        qsort(x->quotes, x->n_quotes, sizeof *x->quotes, qt_quote_cmp);
    x->inq = arena_big(&x->mem, NULL, nt);
    if (!x->inq)
        goto nomem;
    memset(x->inq, 0, nt);
    for (size_t k = 0; k < x->n_quotes; k++) {
        const qt_quote *q = &x->quotes[k];
        for (uint32_t i = q->c0; i < q->c1; i++)
            x->inq[i] = 1;
        if (!q->pull) {
            x->inq[q->open] = 2;
            if (q->close != QT_NONE)
                x->inq[q->close] = 2;
        }
    }

    size_t next_sent = 0;
    int index = 0;
    static const rl_quote_event no_events[1];
    for (size_t k = 0; k < x->n_quotes; k++) {
        qt_quote *q = &x->quotes[k];
        qt_note_subjects(x, &next_sent, q->open);
        /* quotations inside a pull-quote zone are the pull-quote's */
        if (!q->pull && td->sents[x->sent_of[q->open]].zone == RL_ZONE_PULLQUOTE)
            continue;
        qt_who w;
        uint32_t cue0 = QT_NONE, cue1 = QT_NONE;
        int direct = 1, adjacent = 1;
        rl_quote rq;
        memset(&rq, 0, sizeof rq);
        if (q->pull) {
            memset(&w, 0, sizeof w);
            if (q->pull1 > q->pull0)
                qt_name_speaker(x, q->pull0, q->pull1, q->pull1, q->pull1, &w);
            if (w.found && !w.code[0]) {
                /* the whole line of capitals names the office */
                uint32_t p0, p1;
                char line[QT_LOOKUP_MAX];
                qt_para_bounds(x, q->pull0, &p0, &p1);
                qt_copy_text(x, q->pull0, p1, 0, line, sizeof line);
                qt_lookup(x, line, w.code, sizeof w.code);
            }
            rq.kind = RL_QUOTE_PULL;
        } else {
            qt_attribute(x, q, &w, &cue0, &cue1, &direct, &adjacent);
            rq.kind = direct ? RL_QUOTE_DIRECT : RL_QUOTE_PARTIAL;
        }
        /* the words, without a comma the sentence put inside the marks */
        uint32_t c1 = q->c1;
        while (c1 > q->c0 && qt_punct(x, c1 - 1, ','))
            c1--;
        if (c1 <= q->c0 || qt_words(x, q->c0, c1) == 0)
            continue;
        /* a scare quote or a term: a few words with no cue next to them */
        if (!q->pull && qt_words(x, q->c0, c1) <= RL_QUOTE_SCARE_WORDS &&
            (!adjacent || !w.found || !direct))
            continue;
        size_t tlen = 0;
        char *text = qt_quote_text(x, q, c1, &tlen);
        if (!text)
            goto nomem;
        if (w.found) {
            x->last_speaker = w;
            if (w.person)
                x->last_person = w;
        }
        rq.doc = doc;
        rq.index = index++;
        rq.text = text;
        rq.text_len = tlen;
        rq.start = td->toks[q->c0].cb;
        rq.end = td->toks[c1 - 1].ce;
        rq.zone = td->sents[x->sent_of[q->c0]].zone;
        char cue[64] = "";
        if (cue0 != QT_NONE) {
            qt_copy_text(x, cue0, cue1, 0, cue, sizeof cue);
            rq.cue = cue;
        }
        if (w.found) {
            rq.speaker.found = 1;
            qt_set_span(x, &rq.speaker.mention, w.m0, w.m1);
            rq.speaker.name = w.name;
            rq.speaker.code = w.code;
            rq.speaker.person = w.person;
        }
        rl_quote_event *evs = NULL;
        size_t n_ev = 0;
        if (want_events) {
            rq.events = no_events;
            for (size_t e = 0; e < x->n_events; e++)
                if (x->events[e].trigger.start >= rq.start && x->events[e].trigger.end <= rq.end)
                    n_ev++;
            if (n_ev) {
                evs = arena_alloc(&x->mem, n_ev * sizeof *evs);
                if (!evs)
                    goto nomem;
                n_ev = 0;
                for (size_t e = 0; e < x->n_events; e++) {
                    const qt_event *ev = &x->events[e];
                    if (ev->trigger.start < rq.start || ev->trigger.end > rq.end)
                        continue;
                    rl_quote_event *o = &evs[n_ev++];
                    o->cameo = ev->cameo;
                    o->target = ev->target;
                    o->trigger = ev->trigger;
                    /* a direct quotation is the speaker's own; a partial
                     * one sits in the writer's sentence, whose source stands */
                    int named = ev->src_start >= rq.start && ev->src_end <= rq.end;
                    if (!named && rq.kind != RL_QUOTE_PARTIAL && w.found && w.code[0]) {
                        o->source = w.code;
                        o->source_is_speaker = 1;
                    } else {
                        o->source = ev->source;
                    }
                }
                rq.events = evs;
            }
            rq.n_events = n_ev;
        }
        if (fn(&rq, ud))
            break;
    }
    goto done;
nomem:
    st = err_set(err, RL_ERR_NOMEM, doc->origin, 0, 0, "out of memory finding quotations");
done:
    arena_free(&x->mem);
    free(x);
    return st;
}
