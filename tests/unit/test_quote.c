/*
 * test_quote.c - rl_quotes_doc through the public API: the sample article
 * (read from ../shared, skipped when absent), events inside quotations,
 * stopping from the callback, and bad arguments.  Runs from the repository
 * root with the default dictionaries in data/.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "redline.h"

#define SAMPLE "../shared/samples/scmp-2024-04-redline.txt"
#define MAX_FOUND 64

typedef struct found {
    char text[2048];
    char name[128];
    char code[32];
    char mention[128];
    rl_quote_kind kind;
    int has_speaker, has_cue;
    size_t n_events, start, end;
    int events_inside;
} found;

typedef struct found_list {
    found v[MAX_FOUND];
    size_t n;
    int stop_after;  /* > 0: return 1 once this many were seen */
} found_list;

typedef struct fixture {
    rl_dict *d;
    rl_coder *c;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    rl_error err;
    if (!f || rl_dict_load_dir(&f->d, "data", 0, &err) != RL_OK ||
        rl_coder_new(&f->c, f->d, NULL, &err) != RL_OK) {
        fprintf(stderr, "setup: %s\n", f ? err.msg : "out of memory");
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    rl_coder_free(f->c);
    rl_dict_free(f->d);
    free(f);
    return 0;
}

static int collect(const rl_quote *q, void *ud)
{
    found_list *l = ud;
    if (l->n < MAX_FOUND) {
        found *o = &l->v[l->n];
        snprintf(o->text, sizeof o->text, "%.*s", (int)q->text_len, q->text);
        o->kind = q->kind;
        o->has_speaker = q->speaker.found;
        o->has_cue = q->cue != NULL;
        if (q->speaker.found) {
            snprintf(o->name, sizeof o->name, "%s", q->speaker.name);
            snprintf(o->code, sizeof o->code, "%s", q->speaker.code);
            snprintf(o->mention, sizeof o->mention, "%.*s", (int)q->speaker.mention.len,
                     q->speaker.mention.text);
        }
        o->n_events = q->n_events;
        o->start = q->start;
        o->end = q->end;
        o->events_inside = 1;
        for (size_t i = 0; i < q->n_events; i++)
            if (q->events[i].trigger.start < q->start || q->events[i].trigger.end > q->end)
                o->events_inside = 0;
        l->n++;
    }
    return l->stop_after > 0 && l->n >= (size_t)l->stop_after;
}

/* The found quotation whose words start with `prefix`, or NULL. */
static const found *find(const found_list *l, const char *prefix)
{
    for (size_t i = 0; i < l->n; i++)
        if (strncmp(l->v[i].text, prefix, strlen(prefix)) == 0)
            return &l->v[i];
    return NULL;
}

/* Quotations of one text article given in memory. */
static void run_text(fixture *f, const char *text, int date, const rl_quote_opts *qo,
                     found_list *l)
{
    FILE *in = fmemopen((void *)(uintptr_t)text, strlen(text), "rb");
    assert_non_null(in);
    rl_reader_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.format = RL_IN_TEXT;
    ro.default_date = date;
    rl_reader *r = NULL;
    rl_error err;
    assert_int_equal(rl_reader_open(&r, in, "mem", &ro, &err), RL_OK);
    const rl_doc *doc = NULL;
    assert_int_equal(rl_reader_next(r, &doc, &err), RL_OK);
    assert_int_equal(rl_quotes_doc(f->c, doc, qo, collect, l, &err), RL_OK);
    rl_reader_close(r);
    fclose(in);
}

static void expect(const found_list *l, const char *prefix, rl_quote_kind kind,
                   const char *name, const char *code)
{
    const found *q = find(l, prefix);
    if (!q)
        fail_msg("no quotation starting \"%s\"", prefix);
    assert_int_equal(q->kind, kind);
    assert_true(q->has_speaker);
    assert_string_equal(q->name, name);
    if (code)
        assert_string_equal(q->code, code);
}

static void test_sample_article(void **state)
{
    fixture *f = *state;
    FILE *in = fopen(SAMPLE, "rb");
    if (!in) {
        fprintf(stderr, "skip: %s not found\n", SAMPLE);
        skip();
    }
    rl_reader_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.default_date = 20240410;
    rl_reader *r = NULL;
    rl_error err;
    assert_int_equal(rl_reader_open(&r, in, SAMPLE, &ro, &err), RL_OK);
    const rl_doc *doc = NULL;
    assert_int_equal(rl_reader_next(r, &doc, &err), RL_OK);
    found_list *l = calloc(1, sizeof *l);
    assert_non_null(l);
    assert_int_equal(rl_quotes_doc(f->c, doc, NULL, collect, l, &err), RL_OK);
    rl_reader_close(r);
    fclose(in);

    expect(l, "For the United States", RL_QUOTE_DIRECT, "Kurt Campbell", "USAGOV");
    expect(l, "This is our strategic interest", RL_QUOTE_DIRECT, "Kurt Campbell", "USAGOV");
    assert_string_equal(find(l, "This is our strategic interest")->mention, "he");
    expect(l, "We will not sit by and say everything is fine, for instance", RL_QUOTE_DIRECT,
           "Kurt Campbell", "USAGOV");
    expect(l, "I think we are now back", RL_QUOTE_DIRECT, "Kurt Campbell", "USAGOV");
    expect(l, "What we", RL_QUOTE_DIRECT, "Kurt Campbell", "USAGOV");
    assert_false(find(l, "What we")->has_cue); /* no cue in its paragraph */
    expect(l, "first red line that must not be crossed", RL_QUOTE_PARTIAL, "Xi Jinping",
           "CHNGOV");
    assert_string_equal(find(l, "first red line that must not be crossed")->text,
                        "first red line that must not be crossed");
    const found *pull = NULL;
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i].kind == RL_QUOTE_PULL)
            pull = &l->v[i];
    assert_non_null(pull);
    assert_string_equal(pull->name, "Kurt Campbell");
    assert_non_null(strstr(pull->text, "We will not sit by"));
    assert_null(strstr(pull->text, "CAMPBELL"));
    /* the byline's author speaks none of them; scare quotes are no quotations */
    for (size_t i = 0; i < l->n; i++) {
        assert_null(strstr(l->v[i].name, "Delaney"));
        assert_string_not_equal(l->v[i].text, "red line");
        assert_string_not_equal(l->v[i].text, "Taiwan issue");
    }
    free(l);
}

static void test_events_inside(void **state)
{
    fixture *f = *state;
    rl_quote_opts qo;
    rl_quote_opts_init(&qo);
    qo.events = 1;
    found_list *l = calloc(1, sizeof *l);
    assert_non_null(l);
    run_text(f, "\"Russian forces attacked Ukrainian positions near the river overnight,\" "
                "Ukrainian President Volodymyr Zelensky said.\n", 20230601, &qo, l);
    assert_int_equal(l->n, 1);
    assert_string_equal(l->v[0].name, "Volodymyr Zelensky");
    assert_true(l->v[0].n_events >= 1);
    assert_true(l->v[0].events_inside);
    free(l);
}

static void test_stop_and_order(void **state)
{
    fixture *f = *state;
    found_list *l = calloc(1, sizeof *l);
    assert_non_null(l);
    l->stop_after = 1;
    run_text(f, "\"One thing at a time,\" Ana Costa said. \"Then the next,\" she added.\n",
             20240410, NULL, l);
    assert_int_equal(l->n, 1);
    assert_string_equal(l->v[0].text, "One thing at a time");
    assert_int_equal(l->v[0].start, 1);
    assert_int_equal(l->v[0].end, 20);
    free(l);
}

static void test_bad_arguments(void **state)
{
    fixture *f = *state;
    rl_error err;
    rl_doc doc;
    memset(&doc, 0, sizeof doc);
    doc.text = "";
    found_list *l = calloc(1, sizeof *l);
    assert_non_null(l);
    assert_int_equal(rl_quotes_doc(NULL, &doc, NULL, collect, l, &err), RL_ERR_USAGE);
    assert_int_equal(rl_quotes_doc(f->c, NULL, NULL, collect, l, &err), RL_ERR_USAGE);
    assert_int_equal(rl_quotes_doc(f->c, &doc, NULL, NULL, l, &err), RL_ERR_USAGE);
    /* an empty text and one of unbalanced marks: no quotation, no error */
    assert_int_equal(rl_quotes_doc(f->c, &doc, NULL, collect, l, &err), RL_OK);
    doc.text = "\" \" \xe2\x80\x9c \xc2\xab ' \xe2\x80\x9d\" said";
    doc.text_len = strlen(doc.text);
    assert_int_equal(rl_quotes_doc(f->c, &doc, NULL, collect, l, &err), RL_OK);
    assert_int_equal(l->n, 0);
    assert_string_equal(rl_quote_kind_name(RL_QUOTE_PULL), "pull");
    free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample_article),
        cmocka_unit_test(test_events_inside),
        cmocka_unit_test(test_stop_and_order),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
