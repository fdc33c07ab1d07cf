/*
 * redline.h - the whole public API of libredline.
 *
 * redline reads news text and writes coded political events: who did what
 * to whom, when, with the text span and the dictionary rule behind each.
 *
 * Data flow:  rl_reader (text, JSONL, PETRARCH XML)  ->  rl_doc
 *             rl_doc + rl_dict  --rl_coder_code_doc-->  rl_event callbacks
 *             rl_event  --rl_write_event-->  JSONL or TSV
 *
 * Ownership, stated once: every rl_*_new / rl_*_open / rl_*_load returns an
 * object the caller frees with the matching rl_*_free / rl_*_close.  Pointers
 * inside an rl_doc belong to the reader and stay valid until the next
 * rl_reader_next or rl_reader_close.  Pointers inside an rl_event belong to the
 * coder and stay valid only during the callback that receives it.
 *
 * Errors: every function that can fail returns an rl_status and, when given
 * a non-NULL rl_error, fills it with a one-line message of the form
 * "file:line:col: message" (location parts omitted when unknown).
 *
 * Offsets: every start/end in this API counts Unicode code points into the
 * document text as given (rl_doc.text), end exclusive, so Python's
 * text[start:end] returns the span.  Bytes that are not valid UTF-8 count as
 * one code point each (they are replaced by U+FFFD).
 */
#ifndef REDLINE_H
#define REDLINE_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define RL_API __attribute__((visibility("default")))
#else
#define RL_API
#endif

#define RL_VERSION "0.1.0"

/* One status enum for the whole library. */
typedef enum rl_status {
    RL_OK = 0,
    RL_ERR_NOMEM,   /* an allocation failed */
    RL_ERR_IO,      /* a file could not be opened or read */
    RL_ERR_PARSE,   /* malformed input document (JSON, XML) */
    RL_ERR_DICT,    /* malformed dictionary line */
    RL_ERR_TOOBIG,  /* input exceeds a configured limit */
    RL_ERR_USAGE,   /* bad argument or option value */
    RL_ERR_EOF      /* no more documents (rl_reader_next) */
} rl_status;

#define RL_ERRMSG_MAX 1024
typedef struct rl_error {
    rl_status status;
    char msg[RL_ERRMSG_MAX];
} rl_error;

/* Returns a static name for a status, e.g. "dictionary error". */
RL_API const char *rl_status_name(rl_status st);

/* A calendar date written "YYYY-MM-DD" (exactly n = 10 bytes, a real date)
 * as YYYYMMDD, the form every date of this API takes; -1 otherwise. */
RL_API int rl_date_parse(const char *s, size_t n);

/* ------------------------------------------------------------------ */
/* Documents                                                           */
/* ------------------------------------------------------------------ */

/* Zones of a document: which part of a news page a stretch of text is. */
typedef enum rl_zone {
    RL_ZONE_BODY = 0,
    RL_ZONE_HEADLINE,    /* coded, like the body */
    RL_ZONE_MASTHEAD,    /* newspaper name: not coded */
    RL_ZONE_BYLINE,      /* author, e-mail: never an actor, not coded */
    RL_ZONE_PULLQUOTE,   /* quotation set off with its speaker: not coded */
    RL_ZONE_BOILERPLATE, /* footer lines: not coded */
    RL_ZONE_COUNT
} rl_zone;

RL_API const char *rl_zone_name(rl_zone z);

typedef struct rl_zone_span {
    rl_zone zone;
    size_t start, end; /* byte offsets into rl_doc.text */
} rl_zone_span;

typedef struct rl_doc {
    const char *id;      /* input id, or the file name */
    int date;            /* YYYYMMDD, 0 when unknown */
    const char *title;   /* may be NULL; coded as sentence 0 */
    const char *text;    /* valid UTF-8 (bad bytes already replaced), NUL-terminated */
    size_t text_len;     /* bytes */
    const char *url;     /* may be NULL */
    const char *source;  /* may be NULL */
    const char *origin;  /* "file:line" where the document was read */
    size_t bad_bytes;    /* invalid UTF-8 bytes replaced by U+FFFD */
    const rl_zone_span *zones; /* NULL: the whole text is body */
    size_t n_zones;
} rl_doc;

/* ------------------------------------------------------------------ */
/* Readers                                                             */
/* ------------------------------------------------------------------ */

typedef enum rl_format {
    RL_IN_AUTO = 0,
    RL_IN_TEXT,      /* one article per file, newspaper anatomy recognised */
    RL_IN_JSONL,     /* {"id","date","title"?,"text","url"?,"source"?} a line */
    RL_IN_PETRARCH   /* <Sentence date id><Text>..</Text></Sentence> */
} rl_format;

typedef struct rl_reader rl_reader;

typedef struct rl_reader_opts {
    rl_format format;
    int default_date;      /* YYYYMMDD used when a document has none; 0 none */
    size_t max_doc_bytes;  /* 0: default (64 MiB); larger documents are skipped */
} rl_reader_opts;

/* Open a reader on an already open stream.  `name` is used in messages and
 * as the document id of a text article.  The stream stays the caller's. */
RL_API rl_status rl_reader_open(rl_reader **out, FILE *in, const char *name,
                                const rl_reader_opts *opts, rl_error *err);

/* Read the next document.  Returns RL_OK with *doc set, RL_ERR_EOF at the
 * end, or an error for a document that could not be read; after
 * RL_ERR_PARSE or RL_ERR_TOOBIG the reader has skipped that document and
 * the caller may call rl_reader_next again. */
RL_API rl_status rl_reader_next(rl_reader *r, const rl_doc **doc, rl_error *err);

/* Counters since open. */
typedef struct rl_reader_stats {
    size_t docs, skipped, bad_bytes;
} rl_reader_stats;
RL_API void rl_reader_stats_get(const rl_reader *r, rl_reader_stats *st);
RL_API rl_format rl_reader_format(const rl_reader *r);
RL_API void rl_reader_close(rl_reader *r);

/* ------------------------------------------------------------------ */
/* Dictionaries                                                        */
/* ------------------------------------------------------------------ */

typedef struct rl_dict rl_dict;

typedef enum rl_dict_kind {
    RL_DICT_VERBS = 0,  /* TABARI/PETRARCH-1 or PETRARCH-2 (CAMEO.2.0) verbs */
    RL_DICT_ACTORS,     /* TABARI/PETRARCH actors (may be given several times) */
    RL_DICT_AGENTS,     /* agents */
    RL_DICT_DISCARDS    /* discards */
} rl_dict_kind;

#define RL_DICT_LENIENT 1u /* malformed lines become counted warnings */

/* Create an empty dictionary set.  `data_dir` (NULL: rl_default_data_dir())
 * supplies the closed-class word list lexicon.txt that every set needs. */
RL_API rl_status rl_dict_new(rl_dict **out, const char *data_dir, rl_error *err);
/* Add one dictionary file.  A malformed line fails with RL_ERR_DICT and a
 * "file:line: message" text, unless RL_DICT_LENIENT is set. */
RL_API rl_status rl_dict_add_file(rl_dict *d, rl_dict_kind kind, const char *path,
                                  unsigned flags, rl_error *err);
/* Load the default set found in `dir` (NULL: the installed data directory,
 * or ./data).  Reads dir/redline.dicts, a list of "kind file" lines. */
RL_API rl_status rl_dict_load_dir(rl_dict **out, const char *dir, unsigned flags,
                                  rl_error *err);
/* Freeze the set after the last file: builds the match indexes. */
RL_API rl_status rl_dict_finish(rl_dict *d, rl_error *err);

typedef struct rl_dict_stats {
    size_t actors, agents, verbs, patterns, discards, warnings;
} rl_dict_stats;
RL_API void rl_dict_stats_get(const rl_dict *d, rl_dict_stats *st);
RL_API void rl_dict_free(rl_dict *d);

/* The default data directory: $REDLINE_DATA if set; else ../data beside the
 * running executable if it holds redline.dicts (a source checkout); else
 * ../share/redline beside it if it does (an installed tree, wherever it
 * was moved); else the compiled-in install directory.  Static storage. */
RL_API const char *rl_default_data_dir(void);

/* ------------------------------------------------------------------ */
/* Coding                                                              */
/* ------------------------------------------------------------------ */

typedef struct rl_span {
    const char *text;  /* points into the document (not NUL-terminated) */
    size_t len;        /* bytes */
    size_t start, end; /* code points into rl_doc.text (or title, see zone) */
} rl_span;

typedef struct rl_actor {
    rl_span span;
    const char *code;    /* full code, e.g. "CHNGOV" */
    char country[4];     /* first three letters of the code */
    const char *sector;  /* the rest, e.g. "GOV"; "" when none */
} rl_actor;

enum {
    RL_EV_NEGATED = 1u << 0,      /* "will not sit by" */
    RL_EV_HYPOTHETICAL = 1u << 1, /* would/may/could/if */
    RL_EV_FUTURE = 1u << 2,       /* will, plan to, about to */
    RL_EV_REPORTED = 1u << 3,     /* inside reported speech */
    RL_EV_TITLE = 1u << 4         /* coded from rl_doc.title */
};

typedef struct rl_event {
    const rl_doc *doc;
    int sent;               /* 0 = title, 1.. = sentences of the text */
    int date;               /* YYYYMMDD */
    const char *cameo;      /* "043" */
    const char *plover;     /* "CONSULT", NULL for CAMEO 01/02 */
    const char *mode;       /* "" when none */
    const char *context;    /* "" when none */
    double goldstein;
    int quad;               /* 1..4 */
    rl_actor source;
    rl_actor target;
    int has_target;
    rl_span trigger;
    rl_span sentence;
    const char *rule;       /* "file:line pattern text" */
    unsigned flags;         /* RL_EV_* */
    rl_zone zone;
} rl_event;

typedef struct rl_coder rl_coder;

/* Called for each run of capitalised names in a coded sentence that no
 * actor dictionary knows ("Stephen Orlins", "Cumhuriyet University"), with
 * the sentence it stands in; for keeping dictionaries current. */
typedef void (*rl_name_fn)(const rl_span *name, const rl_span *sentence, void *ud);

typedef struct rl_coder_opts {
    int emit_all;        /* 1: also negated and hypothetical events, flagged */
    int require_dyad;    /* 1: drop events without a target (default 0: such
                            events are written with "target": null) */
    int conventions;     /* 1 (default): redline's CAMEO conventions: an
                            announced act ("will provide aid", "would
                            boycott") is coded as intent (03x) or threat (13x),
                            a refusal of cooperation ("will not accept") as
                            rejection (12x), and a statement with no target
                            ("X said") is not written; 0: PETRARCH's plain
                            behaviour, as its validation suite expects */
    int max_sentence_tokens; /* 0: default 160 */
    rl_name_fn unknown_fn; /* non-NULL: report names no dictionary knows */
    void *unknown_ud;
    FILE *trace;         /* non-NULL: write each sentence's analysis there
                            (tokens with tags, actors, verbs, patterns tried) */
} rl_coder_opts;

RL_API void rl_coder_opts_init(rl_coder_opts *o);
/* The dictionary must be finished and outlive the coder. */
RL_API rl_status rl_coder_new(rl_coder **out, const rl_dict *d,
                              const rl_coder_opts *opts, rl_error *err);
RL_API void rl_coder_free(rl_coder *c);

/* Called once per event; return non-zero to stop coding the document. */
typedef int (*rl_event_fn)(const rl_event *ev, void *ud);

RL_API rl_status rl_coder_code_doc(rl_coder *c, const rl_doc *doc,
                                   rl_event_fn fn, void *ud, rl_error *err);

/* What the dictionaries make of a name or phrase: the first actor phrase
 * in `text` ("Kurt Campbell", "Chinese officials", "Deputy Secretary of
 * State Jane Doe"), its code on `date` (YYYYMMDD, 0 = today's roles) as the
 * coder composes it, and the dictionary lines behind it. */
typedef struct rl_lookup {
    char code[64];            /* "" when nothing in text is an actor */
    const char *actor_file;   /* the actor's record, NULL when none */
    int actor_line;
    const char *agent_file;   /* the first agent used, NULL when none */
    int agent_line;
    size_t start, end;        /* code points of the phrase in text */
} rl_lookup;

RL_API rl_status rl_coder_lookup(rl_coder *c, const char *text, int date, rl_lookup *out,
                                 rl_error *err);

typedef struct rl_coder_stats {
    size_t docs, sentences, tokens, events, discarded;
} rl_coder_stats;
RL_API void rl_coder_stats_get(const rl_coder *c, rl_coder_stats *st);

/* ------------------------------------------------------------------ */
/* Output                                                              */
/* ------------------------------------------------------------------ */

typedef enum rl_out_format { RL_OUT_JSONL = 0, RL_OUT_TSV } rl_out_format;

/* Write one event as a JSONL line or a TSV row. */
RL_API rl_status rl_write_event(FILE *out, rl_out_format f, const rl_event *ev);
/* The TSV header line (without trailing newline handling surprises). */
RL_API void rl_write_tsv_header(FILE *out);

/* ------------------------------------------------------------------ */
/* CAMEO tables                                                        */
/* ------------------------------------------------------------------ */

typedef struct rl_cameo_info {
    const char *plover;  /* NULL for 01/02 */
    const char *mode;
    const char *context;
    double goldstein;
    int quad;
    const char *label;   /* CAMEO description */
} rl_cameo_info;

/* Look up a CAMEO code ("043", "1721", "0332").  Unknown codes fall back to
 * their parent; returns RL_ERR_USAGE for a code with no known root. */
RL_API rl_status rl_cameo_lookup(const char *cameo, rl_cameo_info *info);

/* ------------------------------------------------------------------ */
/* Evaluation                                                          */
/* ------------------------------------------------------------------ */

typedef struct rl_eval_opts {
    const char *dict_dir;  /* where PETRARCH <Environment> files are; NULL: beside gold */
    const char *data_dir;  /* default dictionaries for PLOVER gold; NULL: default */
    FILE *misses;          /* non-NULL: print what went wrong there */
    FILE *report;          /* where scores go (stdout if NULL) */
    int emit_all;
    double require;        /* 0..100; > 0: RL_ERR_USAGE when the accuracy (in %)
                            * is below it, "gold: N of M correct (x%), below the
                            * required y%" */
} rl_eval_opts;

typedef struct rl_eval_result {
    size_t records, correct, events, errors;
    double accuracy;            /* correct / records */
    double events_per_record;
    size_t skipped;             /* test cases not run (dictionaries absent) */
} rl_eval_result;

/* Score the coder against a gold file: PETRARCH XML, PLOVER JSONL or
 * redline test cases (tests/cases/README.md), detected from its content.
 * Prints the scores to opts->report and fills *res (may be NULL).  opts
 * may be NULL (all defaults). */
RL_API rl_status rl_eval_file(const char *gold, const rl_eval_opts *opts,
                              rl_eval_result *res, rl_error *err);

/* ------------------------------------------------------------------ */
/* Knowledge graph: places, tone, entities, one record per document    */
/* (docs/gkg.md)                                                       */
/* ------------------------------------------------------------------ */

/* A gazetteer: countries (ISO 3166-1 from iso-codes, with centroids, in
 * DATA/geo/countries.tsv) and the cities of Debian's libgeonames (places of
 * 15000 or more people), with GeoNames ids joined from
 * DATA/geo/geonames-ids.tsv (libgeonames has none). */
typedef struct rl_geo rl_geo;

typedef enum rl_place_type {
    RL_PLACE_COUNTRY = 1,   /* GDELT location type 1 */
    RL_PLACE_CITY = 4,      /* GDELT type 4 (world city); US cities are 3 */
    RL_PLACE_REGION = 5     /* a state, province or territory that only the
                               actor dictionaries know ("Alaska" -> USA):
                               its coordinates are its country's centroid */
} rl_place_type;

typedef struct rl_place {
    char name[128];          /* as the gazetteer spells it: "Washington D.C." */
    rl_place_type type;
    char country2[3];        /* ISO 3166-1 alpha-2, "CN" */
    char country3[4];        /* ISO 3166-1 alpha-3, "CHN" */
    char country_name[96];   /* "China" */
    char adm1[96];           /* state or province (cities), "" when none */
    double lat, lon;         /* degrees; a country's are its centroid */
    long geonames_id;        /* 0 when not known (countries, unjoined cities) */
    unsigned long population;/* cities only */
} rl_place;

/* Open the gazetteer; `data_dir` NULL: rl_default_data_dir(). */
RL_API rl_status rl_geo_open(rl_geo **out, const char *data_dir, rl_error *err);
/* Resolve a place name as written in news text (case matters: "China",
 * "Beijing", "U.S.", "Chinese"; an all-capitals dateline "MANILA" is also
 * tried in title case).  A country name or demonym wins over a city; among
 * cities of one name the most populous.  Returns 1 and fills *out when
 * found, else 0. */
RL_API int rl_geo_find(const rl_geo *g, const char *name, size_t len, rl_place *out);
/* The country with ISO alpha-2 or alpha-3 `code`; 1 when found. */
RL_API int rl_geo_country(const rl_geo *g, const char *code, rl_place *out);
RL_API void rl_geo_free(rl_geo *g);

/* Document tone, after GDELT's V2Tone, from a word list with valences
 * (default: DATA/tone/afinn-165.tsv).  Percentages are of `words`. */
typedef struct rl_tone {
    double tone;        /* positive - negative */
    double positive;    /* % of words with a positive valence */
    double negative;    /* % of words with a negative valence */
    double polarity;    /* positive + negative */
    double activity;    /* % of words that are verbs (WordNet tagger):
                           filled by rl_gkg_doc, 0 from rl_tone_text */
    double self_group;  /* % of words that are first-person pronouns */
    size_t words;       /* words (tokens with a letter or digit) */
    size_t pos_words, neg_words;
    long valence;       /* sum of the valences of the words found */
} rl_tone;

typedef struct rl_tone_lexicon rl_tone_lexicon;
/* Load a "word<TAB>valence" file ('#' comments; phrases of up to three
 * words); path NULL: DATA/tone/afinn-165.tsv.  A bad line: RL_ERR_DICT
 * with file:line. */
RL_API rl_status rl_tone_lexicon_load(rl_tone_lexicon **out, const char *path,
                                      rl_error *err);
RL_API void rl_tone_lexicon_free(rl_tone_lexicon *lex);
/* Tone of `len` bytes of UTF-8 text. */
RL_API rl_status rl_tone_text(const rl_tone_lexicon *lex, const char *text, size_t len,
                              rl_tone *out, rl_error *err);

typedef enum rl_entity_kind {
    RL_ENT_PERSON = 0,
    RL_ENT_ORG,
    RL_ENT_PLACE
} rl_entity_kind;

RL_API const char *rl_entity_kind_name(rl_entity_kind k); /* "person" ... */

/* One mention: code points into rl_doc.text, and its sentence (1..). */
typedef struct rl_mention {
    size_t start, end;
    int sent;
} rl_mention;

/* A person, organisation or place named in a document, with every
 * mention ("Kurt Campbell" ... "Campbell said"). */
typedef struct rl_entity {
    rl_entity_kind kind;
    const char *name;       /* the fullest form in the text ("Kurt Campbell") */
    const char *code;       /* dictionary code on the document's date
                               ("USAGOV"), "" when no dictionary knows it;
                               places: the country's alpha-3 */
    const rl_place *place;  /* places only, else NULL */
    const rl_mention *mentions;
    size_t n_mentions;
} rl_entity;

/* An amount of money or a count: "machine tools worth $300m" ->
 * value 300000000, unit "USD", object "machine tools". */
typedef struct rl_amount {
    double value;
    const char *unit;       /* "USD", "EUR", ... ; "" for a plain count */
    const char *object;     /* what is counted or paid for, "" when unknown */
    size_t start, end;      /* code points of the amount phrase */
} rl_amount;

/* An event as the record lists it, with where it happened. */
typedef struct rl_gkg_event {
    const char *cameo, *plover;  /* plover NULL for CAMEO 01/02 */
    const char *source, *target; /* codes, "" / NULL when none */
    int sent;
    size_t trigger_start, trigger_end;
    const rl_entity *location;   /* the action's place (GDELT ActionGeo): a
                                    place named in the event's sentence, else
                                    the dateline's; NULL when neither */
    size_t location_start, location_end; /* the mention used */
} rl_gkg_event;

/* A quotation with its speaker, from rl_quotes_doc (src/quote.c). */
typedef struct rl_gkg_quote {
    const char *text;       /* the words without the marks */
    const char *kind;       /* "direct", "partial", "pull" */
    const char *speaker;    /* "Kurt Campbell", "" when not known */
    const char *speaker_code; /* "USAGOV", "" when none */
    const char *verb;       /* the cue: "said", "" when none */
    size_t start, end;      /* code points of the words */
} rl_gkg_quote;

typedef struct rl_gkg_record {
    const rl_doc *doc;
    const rl_entity *entities;  /* persons, organisations, places, in order of
                                   first mention */
    size_t n_entities;
    const rl_amount *amounts;
    size_t n_amounts;
    const rl_gkg_event *events;
    size_t n_events;
    const rl_gkg_quote *quotes;
    size_t n_quotes;
    rl_tone tone;
} rl_gkg_record;

typedef struct rl_gkg rl_gkg;

/* A record builder over a finished dictionary and a coder made from it
 * (both must outlive it; the coder is used by rl_gkg_doc, for events and
 * name lookups, and by nobody else meanwhile).  Loads the gazetteer, the
 * tone lexicon and data/gkg/entity-words.txt from `data_dir` (NULL:
 * rl_default_data_dir()). */
RL_API rl_status rl_gkg_new(rl_gkg **out, const rl_dict *dict, rl_coder *coder,
                            const char *data_dir, rl_error *err);
RL_API void rl_gkg_free(rl_gkg *g);
/* The record of one document.  *rec and everything it points to belong to
 * `g` and stay valid until the next rl_gkg_doc or rl_gkg_free. */
RL_API rl_status rl_gkg_doc(rl_gkg *g, const rl_doc *doc, const rl_gkg_record **rec,
                            rl_error *err);

typedef enum rl_gkg_format {
    RL_GKG_JSON = 0,  /* the record as one JSON line */
    RL_GKG_TSV,       /* one row of GDELT GKG 2.1's 27 columns */
    RL_GKG_EVENTS     /* one JSON line per event, with where it happened */
} rl_gkg_format;
/* Write a record in format `f` (docs/gkg.md says which GKG columns are
 * filled); `seq` numbers the record in GKGRECORDID. */
RL_API rl_status rl_gkg_write(FILE *out, rl_gkg_format f, const rl_gkg_record *rec,
                              size_t seq);
/* Quotations (src/quote.c, docs/quotes.md)                            */
/* ------------------------------------------------------------------ */

/* What a quotation is: a whole utterance ("direct": a sentence or more
 * set off by quotation marks, "... ," Campbell said), a fragment inside
 * the writer's own sentence ("partial": labelled the issue the "first red
 * line that must not be crossed"), or a pull-quote set off from the story
 * with its speaker in capitals ("pull").  Scare quotes (at most
 * RL_QUOTE_SCARE_WORDS words inside a sentence with no cue next to them:
 * the "red line"; docs/quotes.md) are terms, not quotations, and are not
 * reported. */
typedef enum rl_quote_kind {
    RL_QUOTE_DIRECT = 0,
    RL_QUOTE_PARTIAL,
    RL_QUOTE_PULL
} rl_quote_kind;

#define RL_QUOTE_SCARE_WORDS 3

/* "direct", "partial", "pull". */
RL_API const char *rl_quote_kind_name(rl_quote_kind k);

/* Who said it.  found == 0: nobody identifiable (all other fields empty). */
typedef struct rl_speaker {
    int found;
    rl_span mention;    /* as written: "he", "Campbell", "Deputy Secretary of
                           State Kurt Campbell", "KURT CAMPBELL"; for a
                           quotation with no cue, the mention that named
                           the running speaker */
    const char *name;   /* "Kurt Campbell": titles stripped, pronouns and
                           surnames resolved to the full name; a body that
                           is no person keeps its words ("foreign ministry") */
    const char *code;   /* actor code on the document's date ("USAGOV"), ""
                           when the dictionaries know none */
    int person;         /* 1 when the speaker is a person */
} rl_speaker;

/* An event the coder found inside a quotation (rl_quote_opts.events). */
typedef struct rl_quote_event {
    const char *cameo;   /* "043" */
    const char *source;  /* the event's source code; the speaker's code when
                            the quotation does not name the source itself */
    int source_is_speaker; /* 1 when source is the speaker's code */
    const char *target;  /* "" when the event has none */
    rl_span trigger;     /* the verb, inside the quotation */
} rl_quote_event;

typedef struct rl_quote {
    const rl_doc *doc;
    int index;           /* 0, 1, ... in document order */
    rl_quote_kind kind;
    const char *text;    /* the words without the marks, NUL-terminated; a
                            quotation over several paragraphs leaves out the
                            marks that reopen each paragraph; a final comma
                            ("...,\" he said") is left out */
    size_t text_len;     /* bytes */
    size_t start, end;   /* code points of the words in rl_doc.text */
    const char *cue;     /* the cue as written ("said", "added", "according
                            to"), NULL when none */
    rl_speaker speaker;
    rl_zone zone;
    const rl_quote_event *events; /* rl_quote_opts.events only, else NULL */
    size_t n_events;
} rl_quote;

typedef struct rl_quote_opts {
    int events;          /* 1: code the document too (rl_coder_code_doc with
                            the coder's options) and list in each quotation
                            the events whose trigger lies inside it */
} rl_quote_opts;

RL_API void rl_quote_opts_init(rl_quote_opts *o);

/* Called once per quotation, in document order; return non-zero to stop.
 * Every pointer in *q (text, name, code, cue, events) belongs to the
 * library and is valid only during the call. */
typedef int (*rl_quote_fn)(const rl_quote *q, void *ud);

/* Find the quotations of `doc` (its text; the title is not read) and their
 * speakers.  Speaker codes come from the coder's dictionaries on doc->date,
 * as rl_coder_lookup gives them.  The coder's own per-document state is
 * used and reset (do not interleave with rl_coder_code_doc on the same
 * coder from another thread).  opts may be NULL (no events).  Fails only
 * for memory (RL_ERR_NOMEM), a text too big to tokenize (RL_ERR_TOOBIG) or
 * a coding error with opts->events; the message names doc->origin. */
RL_API rl_status rl_quotes_doc(rl_coder *c, const rl_doc *doc, const rl_quote_opts *opts,
                               rl_quote_fn fn, void *ud, rl_error *err);

/* Write one quotation as a JSONL line:
 * {"doc_id","text","start","end","kind","cue","speaker":{"text","name",
 * "code","start","end"} or null, "events":[...] (only when events were
 * asked for)}.  RL_ERR_IO on a write error. */
RL_API rl_status rl_write_quote(FILE *out, const rl_quote *q);

/* ------------------------------------------------------------------ */
/* Event store (docs/schema.md), queries, watch rules (docs/watch.md)  */
/* ------------------------------------------------------------------ */

/* A database of coded documents: SQLite (a file path) or PostgreSQL (a
 * "postgresql://..." or "postgres://..." URI), one schema on both. */
typedef struct rl_store rl_store;

/* Open or create a store and its tables.  Free with rl_store_close. */
RL_API rl_status rl_store_open(rl_store **out, const char *target, rl_error *err);
/* Roll back what was not committed and close. */
RL_API void rl_store_close(rl_store *s);
/* Commit after every `docs` ingested documents (default 100; 1 = each). */
RL_API void rl_store_set_batch(rl_store *s, size_t docs);
/* Commit the documents ingested since the last commit. */
RL_API rl_status rl_store_commit(rl_store *s, rl_error *err);

typedef enum rl_ingest_outcome {
    RL_INGEST_ADDED = 0,   /* a new document */
    RL_INGEST_REPLACED,    /* same id or URL, new content: old rows replaced */
    RL_INGEST_UNCHANGED    /* same id or URL and same content: nothing done */
} rl_ingest_outcome;

typedef struct rl_ingest_info {
    rl_ingest_outcome outcome;
    size_t events;         /* mentions coded and stored */
    long long doc_id;      /* documents.id (0 when unchanged) */
    long long story_id;    /* stories.id */
    int copy;              /* 1: a near-duplicate of a stored document */
} rl_ingest_info;

/* Code `doc` with `c` and store it with its sentences, events and their
 * provenance, all or nothing.  A document already stored (same id, or same
 * URL) with the same content is skipped; with other content it is
 * replaced.  Wire copies of a stored document join its story and their
 * events merge into the story's events (mention, source and article
 * counts).  `info` may be NULL. */
RL_API rl_status rl_store_ingest(rl_store *s, rl_coder *c, const rl_doc *doc,
                                 rl_ingest_info *info, rl_error *err);

typedef struct rl_store_counts {
    long long documents, stories, sentences, events, mentions, quotes, entities,
        tone, alerts;
    long long half_documents; /* documents whose n_events disagrees with their
                                 mentions: always 0 unless the store is damaged */
} rl_store_counts;
RL_API rl_status rl_store_counts_get(rl_store *s, rl_store_counts *out, rl_error *err);

/* Tables for R and pandas: CSV with a header line, a JSON array of
 * objects, or TSV with a header line. */
typedef enum rl_table_format { RL_TABLE_CSV = 0, RL_TABLE_JSON, RL_TABLE_TSV } rl_table_format;
typedef enum rl_period {
    RL_PERIOD_DAY = 0, RL_PERIOD_WEEK, RL_PERIOD_MONTH, RL_PERIOD_YEAR
} rl_period;

/* Events between actors a and b in both directions, per period: counts per
 * quad class and the Goldstein sum and mean.  An actor is a 3-letter
 * country code or a longer code prefix ("CHNGOV").  since/until: YYYYMMDD,
 * 0 for open. */
RL_API rl_status rl_query_dyad(rl_store *s, const char *a, const char *b, rl_period by,
                               int since, int until, rl_table_format f, FILE *out,
                               rl_error *err);

/* Which events: every field may be NULL/0 (no condition). */
typedef struct rl_event_filter {
    const char *actor;   /* code prefix of source or target */
    const char *country; /* country of source or target */
    const char *source;  /* code prefix of the source */
    const char *target;  /* code prefix of the target */
    const char *type;    /* PLOVER type (AID) or CAMEO code prefix (07) */
    const char *text;    /* words in a sentence it was coded from */
    int since, until;    /* YYYYMMDD */
    size_t limit;        /* 0: all */
} rl_event_filter;

RL_API rl_status rl_query_events(rl_store *s, const rl_event_filter *flt, rl_table_format f,
                                 FILE *out, rl_error *err);
/* Actors by the number of events they are source or target of. */
RL_API rl_status rl_query_actors(rl_store *s, size_t top, rl_table_format f, FILE *out,
                                 rl_error *err);
/* Quotations whose speaker contains `speaker` (NULL: all). */
RL_API rl_status rl_query_quotes(rl_store *s, const char *speaker, size_t limit,
                                 rl_table_format f, FILE *out, rl_error *err);

typedef enum rl_export_format {
    RL_EXPORT_GDELT = 0, /* the 61 tab-separated GDELT 2.0 event columns */
    RL_EXPORT_PLOVER,    /* PLOVER JSON, one event a line */
    RL_EXPORT_TSV        /* redline's own columns with a header */
} rl_export_format;
RL_API rl_status rl_store_export(rl_store *s, rl_export_format f, const rl_event_filter *flt,
                                 FILE *out, rl_error *err);

/* Watch rules ("red lines", docs/watch.md): one rule a line,
 *   alert "NAME" when CHN -> RUS type AID,COOPERATE count >= 3 per 7d
 * A rule file with an error fails with RL_ERR_PARSE, "file:line:col: ...". */
typedef struct rl_watch rl_watch;
RL_API rl_status rl_watch_parse(rl_watch **out, const char *text, size_t len,
                                const char *name, rl_error *err);
RL_API rl_status rl_watch_load(rl_watch **out, const char *path, rl_error *err);
RL_API size_t rl_watch_rule_count(const rl_watch *w);
RL_API void rl_watch_free(rl_watch *w);
/* Check every rule against the store's events; each alert not raised
 * before is stored in the alerts table and written to `out` (may be NULL)
 * as one JSON line with the events that triggered it.  *fired (may be
 * NULL) gets the number of new alerts. */
RL_API rl_status rl_watch_check(rl_store *s, const rl_watch *w, FILE *out, size_t *fired,
                                rl_error *err);


/* ------------------------------------------------------------------ */
/* Event store: quotations, entities and tone (docs/schema.md)         */
/* ------------------------------------------------------------------ */

/* Store each ingested document's quotations too (rl_quotes_doc with the
 * ingest's coder): on by default; 0 turns it off. */
RL_API void rl_store_set_quotes(rl_store *s, int on);
/* Store each ingested document's entities (one row per mention) and tone
 * from `g`'s records (rl_gkg_doc); NULL (the default): none.  `g` must be
 * built on the coder given to rl_store_ingest and outlive the ingest. */
RL_API void rl_store_set_gkg(rl_store *s, rl_gkg *g);

/* ------------------------------------------------------------------ */
/* Dashboard and report (docs/dashboard.md)                            */
/* ------------------------------------------------------------------ */

/* A local web server showing a redline store (SQLite, opened read-only):
 * the network of countries, dyad timelines, events with their spans
 * highlighted, quotations by speaker, search and watch alerts. */
typedef struct rl_server rl_server;

typedef struct rl_serve_opts {
    const char *db;    /* SQLite store path (redline ingest made it) */
    const char *host;  /* address to listen on; default "127.0.0.1" */
    unsigned port;     /* default 8080; 0: a free port (see rl_server_port) */
    unsigned threads;  /* worker threads and database connections; default 4 */
} rl_serve_opts;

RL_API void rl_serve_opts_init(rl_serve_opts *o);
/* Open the store, bind host:port and start answering in background
 * threads.  A port in use fails with RL_ERR_IO and a message that says so;
 * a file that is no redline store fails before anything listens.  Installs
 * no signal handler: the caller waits (e.g. sigwait) and calls
 * rl_server_stop. */
RL_API rl_status rl_server_start(rl_server **out, const rl_serve_opts *o, rl_error *err);
/* The port actually listened on (useful with port 0). */
RL_API unsigned rl_server_port(const rl_server *s);
/* Stop listening, finish the requests being answered, close the store. */
RL_API void rl_server_stop(rl_server *s);

/* Write the dashboard's views (network, top dyads with their timelines,
 * latest events, quotations, alerts) as one self-contained HTML file. */
RL_API rl_status rl_report_write(const char *db, FILE *out, rl_error *err);

#ifdef __cplusplus
}
#endif
#endif /* REDLINE_H */
