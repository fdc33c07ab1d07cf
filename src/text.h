/*
 * text.h - from document text to sentences of tokens with offsets.
 *
 * Three steps, each its own file:
 *   text.c      text_sanitize (any bytes -> valid UTF-8, counted repairs)
 *               text_normalize (typographic quotes, dashes, ellipses, no-break
 *               and soft hyphens -> plain forms, NFC, through utf8proc), with a
 *               map from every normalized byte back to the document byte
 *   token.c     text_tokenize (Treebank-like tokens: "Gondor's" -> Gondor 's,
 *               "won't" -> wo n't, numbers, abbreviations, quotes) and the
 *               code-point offsets of every token
 *   sentence.c  text_split (sentences around abbreviations, initials,
 *               numbers and quotations; never across zone boundaries)
 * text_analyze() runs all of them.  Nothing here knows about dictionaries
 * except the read-only intern table used to give tokens word ids.
 */
#ifndef RL_TEXT_H
#define RL_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "redline.h"
#include "arena.h"
#include "intern.h"

/* Any bytes -> valid UTF-8: each invalid byte becomes U+FFFD, NUL bytes
 * become U+FFFD too (counted the same way).  Returns a malloc'd
 * NUL-terminated string (caller frees) or NULL when out of memory. */
char *text_sanitize(const char *in, size_t n, size_t *out_len, size_t *bad);

/* Normalized text with a map back to the document. */
typedef struct text_norm {
    char *s;        /* normalized UTF-8, NUL-terminated */
    size_t len;
    uint32_t *src;  /* src[i]: byte offset in the document of byte i of s; src[len] = doc length */
} text_norm;

/* Normalize valid UTF-8 `doc` (doc_len bytes) into two arena_big arrays of
 * `a` (text and map). */
rl_status text_normalize(arena *a, const char *doc, size_t doc_len, text_norm *out,
                         rl_error *err);

enum {
    TOK_CAP = 1u << 0,      /* first letter upper case */
    TOK_ALLCAPS = 1u << 1,  /* all letters upper case (2+ letters) */
    TOK_PUNCT = 1u << 2,    /* punctuation */
    TOK_NUM = 1u << 3,      /* number, "1,000", "3.5", "2022" */
    TOK_QUOTE = 1u << 4,    /* a quotation mark " or ' used as one */
    TOK_ABBREV = 1u << 5,   /* abbreviation ending in '.', e.g. "U.S." "Sen." */
    TOK_SENT_START = 1u << 6, /* first token of its sentence */
    TOK_HYPHEN_PART = 1u << 7, /* part of a split hyphenated word */
    TOK_INQUOTE = 1u << 8   /* inside a quotation */
};

typedef struct token {
    uint32_t nb, ne;   /* byte range in the normalized text */
    uint32_t db, de;   /* byte range in the document text */
    uint32_t cb, ce;   /* code-point range in the document text */
    uint32_t word;     /* intern id of the upper-case form, INTERN_NONE if unknown */
    uint32_t lemma;    /* intern id of the lemma (lexicon.c fills it) */
    uint16_t flags;    /* TOK_* */
    uint8_t pos;       /* lexicon.h pos_tag, set by lexicon_tag */
    uint8_t vform;     /* lexicon.h VF_* bits */
} token;

typedef struct sentence {
    uint32_t t0, t1;   /* token range [t0, t1) */
    uint32_t db, de;   /* byte range in the document */
    uint32_t cb, ce;   /* code-point range in the document */
    rl_zone zone;
} sentence;

typedef struct text_doc {
    const char *doc;   /* the document text (not owned) */
    size_t doc_len;
    text_norm norm;
    token *toks;
    size_t n_toks;
    sentence *sents;
    size_t n_sents;
} text_doc;

/* Tokenize norm into tokens (an arena_big array of `a`), with word ids
 * from `words`.  More than TEXT_MAX_DOC_TOKENS tokens: RL_ERR_TOOBIG.
 * A hyphenated word stays one token when `words` knows it ("AL-QAEDA"),
 * otherwise it is split at the hyphens (Beijing - Moscow), parts flagged
 * TOK_HYPHEN_PART. */
rl_status text_tokenize(arena *a, const intern *words, text_doc *td, rl_error *err);

/* Split tokens into sentences; sentences never cross zone boundaries.
 * zones: NULL = all body. */
rl_status text_split(arena *a, text_doc *td, const rl_zone_span *zones, size_t n_zones,
                     rl_error *err);

/* Abbreviations that keep their period ("Sen.", "Feb.", "Inc."), read from
 * a file such as data/abbreviations.txt: one per line, '#' starts a
 * comment, an optional second word gives the kind ("title": a name always
 * follows, never ends a sentence; "num": an abbreviation only before a
 * number, like "No. 10"; "plain", the default).  An entry written with a
 * capital first letter only matches tokens with one.  The list replaces the
 * built-in default for the whole process; load it once at start-up, before
 * threads analyse text (a later load is safe for readers, the old list
 * stays valid).  Errors name the file and line. */
rl_status text_load_abbrevs(const char *path, rl_error *err);

typedef enum text_abbrev_kind {
    TEXT_ABBR_NONE = 0,
    TEXT_ABBR_PLAIN,   /* may end a sentence before "The", "He", ... */
    TEXT_ABBR_TITLE,   /* Mr. Dr. Sen. Gen.: never ends a sentence */
    TEXT_ABBR_NUM      /* No. Nos. Art.: only before a number */
} text_abbrev_kind;

/* Kind of the abbreviation w[0..n) (without its final '.'). */
text_abbrev_kind text_abbrev_find(const char *w, size_t n);

/* Most tokens in one text: text_tokenize fails with RL_ERR_TOOBIG beyond
 * (the token array would take 36 bytes a token). */
#define TEXT_MAX_DOC_TOKENS ((size_t)1 << 23)

/* Longest sentence text_split makes, in tokens; longer ones are cut. */
#define TEXT_MAX_SENT_TOKENS 400

/* All of the above on one text. */
rl_status text_analyze(arena *a, const intern *words, const char *doc, size_t doc_len,
                       const rl_zone_span *zones, size_t n_zones, text_doc *out,
                       rl_error *err);

/* Length in bytes and pointer of a token's normalized form. */
static inline const char *tok_str(const text_doc *td, const token *t, size_t *len)
{
    *len = t->ne - t->nb;
    return td->norm.s + t->nb;
}

#endif
