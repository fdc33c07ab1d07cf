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
