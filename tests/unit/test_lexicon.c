/*
 * test_lexicon.c - unit tests for src/lexicon.c: tags, verb forms and
 * lemmas on news sentences, the data/lexicon.txt loader's errors, WordNet
 * morphology against libwordnet's morphstr(), and robustness (long
 * sentences, junk bytes, several threads).  Run from the repository root.
 * It must not depend on dictionaries other than data/lexicon.txt.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>
#include <wn.h>

#include "arena.h"
#include "error.h"
#include "intern.h"
#include "lexicon.h"
#include "text.h"

#define LEXICON_PATH "data/lexicon.txt"

typedef struct fixture {
    intern *words;
    lexicon *lx;
    arena mem;
    text_doc td;
} fixture;

/* Lemmas a verb dictionary would have interned before tagging. */
static const char *const dict_words[] = {"INVADE", "MEET", "SUPPLY", "SIGN", "RESTORE",
                                         "TIE", "TALK", "SIT", "ATTACK", "SAY", "MEETING"};

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->words = intern_new();
    assert_non_null(f->words);
    for (size_t i = 0; i < sizeof dict_words / sizeof *dict_words; i++)
        intern_add(f->words, dict_words[i], strlen(dict_words[i]));
    rl_error err;
    err_clear(&err);
    rl_status st = lexicon_new(&f->lx, f->words, LEXICON_PATH, &err);
    if (st != RL_OK)
        fail_msg("lexicon_new: %s", err.msg);
    arena_init(&f->mem, 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    lexicon_free(f->lx);
    intern_free(f->words);
    arena_free(&f->mem);
    free(f);
    return 0;
}

/* Analyze and tag text (every sentence). */
static void tag_text(fixture *f, const char *text)
{
    rl_error err;
    arena_reset(&f->mem);
    rl_status st = text_analyze(&f->mem, f->words, text, strlen(text), NULL, 0, &f->td, &err);
    if (st != RL_OK)
        fail_msg("text_analyze: %s", err.msg);
    for (size_t s = 0; s < f->td.n_sents; s++)
        lexicon_tag(f->lx, &f->td, f->td.sents[s].t0, f->td.sents[s].t1);
}

/* The first token spelled w. */
static const token *find_tok(const fixture *f, const char *w)
{
    for (size_t i = 0; i < f->td.n_toks; i++) {
        size_t n;
        const char *s = tok_str(&f->td, &f->td.toks[i], &n);
        if (n == strlen(w) && memcmp(s, w, n) == 0)
            return &f->td.toks[i];
    }
    fail_msg("no token '%s'", w);
    return NULL;
}

static void check_tok(const fixture *f, const char *w, pos_tag pos, unsigned vform,
                      const char *lemma)
{
    const token *k = find_tok(f, w);
    if (k->pos != pos)
        fail_msg("'%s': tag %s, expected %s", w, pos_name((pos_tag)k->pos), pos_name(pos));
    if (vform && k->vform != vform)
        fail_msg("'%s': verb form %#x, expected %#x", w, k->vform, vform);
    if (lemma && strcmp(intern_str(f->words, k->lemma), lemma) != 0)
        fail_msg("'%s': lemma '%s', expected '%s'", w, intern_str(f->words, k->lemma), lemma);
}

/* Runs first: a child process with a bad WNSEARCHDIR gets a clear error. */
static void test_missing_wordnet(void **state)
{
    (void)state;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        setenv("WNSEARCHDIR", "/nonexistent/wordnet-dir", 1);
        intern *w = intern_new();
        lexicon *lx = NULL;
        rl_error err;
        err_clear(&err);
        rl_status st = lexicon_new(&lx, w, LEXICON_PATH, &err);
        int ok = st != RL_OK && lx == NULL && strstr(err.msg, "/nonexistent/wordnet-dir") &&
                 strstr(err.msg, "WordNet");
        intern_free(w);
        _exit(ok ? 0 : 1);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

static void test_active_past(void **state)
{
    fixture *f = *state;
    tag_text(f, "Russia invaded Ukraine in 2022.");
    check_tok(f, "Russia", POS_PROPN, 0, NULL);
    check_tok(f, "invaded", POS_VERB, VF_PAST, "INVADE");
    check_tok(f, "Ukraine", POS_PROPN, 0, NULL);
    check_tok(f, "in", POS_PREP, 0, NULL);
    check_tok(f, "2022", POS_NUM, 0, NULL);
    check_tok(f, ".", POS_PUNCT, 0, NULL);
}

static void test_passive(void **state)
{
    fixture *f = *state;
    tag_text(f, "Ukraine was invaded by Russia.");
    check_tok(f, "was", POS_AUX, VF_PAST, "BE");
    check_tok(f, "invaded", POS_VERB, VF_PARTICIPLE, "INVADE");
    check_tok(f, "by", POS_PREP, 0, NULL);
}

static void test_irregular(void **state)
{
    fixture *f = *state;
    tag_text(f, "Xi met Lavrov on Tuesday.");
    check_tok(f, "met", POS_VERB, VF_PAST, "MEET");
    check_tok(f, "Lavrov", POS_PROPN, 0, NULL);
    check_tok(f, "Tuesday", POS_NOUN, 0, NULL);
}

static void test_noun_after_det(void **state)
{
    fixture *f = *state;
    tag_text(f, "They postponed the meeting.");
    check_tok(f, "the", POS_DET, 0, NULL);
    check_tok(f, "meeting", POS_NOUN, 0, "MEETING");
    tag_text(f, "Beijing's support for its embassy.");
    check_tok(f, "'s", POS_POSS, 0, NULL);
    check_tok(f, "support", POS_NOUN, 0, NULL);
    check_tok(f, "its", POS_POSSPRON, 0, NULL);
    check_tok(f, "embassy", POS_NOUN, 0, NULL);
}

static void test_negated_modal(void **state)
{
    fixture *f = *state;
    tag_text(f, "We will not sit by.");
    check_tok(f, "We", POS_PRON, 0, NULL);
    check_tok(f, "will", POS_MODAL, 0, NULL);
    check_tok(f, "not", POS_NEG, 0, NULL);
    check_tok(f, "sit", POS_VERB, VF_BASE, "SIT");
    tag_text(f, "Moscow won't sit by.");
    check_tok(f, "n't", POS_NEG, 0, NULL);
    check_tok(f, "sit", POS_VERB, VF_BASE, "SIT");
}

static void test_infinitive(void **state)
{
    fixture *f = *state;
    tag_text(f, "Arnor is about to restore full diplomatic ties with Gondor.");
    check_tok(f, "is", POS_AUX, VF_PRES3, "BE");
    check_tok(f, "to", POS_TO, 0, NULL);
    check_tok(f, "restore", POS_VERB, VF_BASE, "RESTORE");
    check_tok(f, "diplomatic", POS_ADJ, 0, NULL);
    check_tok(f, "ties", POS_NOUN, 0, "TIE");
    check_tok(f, "Gondor", POS_PROPN, 0, NULL);
    tag_text(f, "The envoy flew to Washington.");
    check_tok(f, "to", POS_PREP, 0, NULL);
}

static void test_plural_noun(void **state)
{
    fixture *f = *state;
    tag_text(f, "talks in Washington");
    check_tok(f, "talks", POS_NOUN, 0, "TALK");
    check_tok(f, "Washington", POS_PROPN, 0, NULL);
    tag_text(f, "They held formal talks in Washington.");
    check_tok(f, "talks", POS_NOUN, 0, "TALK");
}

static void test_subject_verb_object(void **state)
{
    fixture *f = *state;
    tag_text(f, "Arnor signed an accord.");
    check_tok(f, "Arnor", POS_PROPN, 0, NULL);
    check_tok(f, "signed", POS_VERB, VF_PAST, "SIGN");
    check_tok(f, "accord", POS_NOUN, 0, NULL);
    tag_text(f, "Russia attacks Ukraine.");
    check_tok(f, "attacks", POS_VERB, VF_PRES3, "ATTACK");
}

static void test_gerund(void **state)
{
    fixture *f = *state;
    tag_text(f, "Washington remains committed to supplying it with weapons.");
    check_tok(f, "supplying", POS_VERB, VF_GERUND, "SUPPLY");
    check_tok(f, "it", POS_PRON, 0, NULL);
    tag_text(f, "China is meeting Russia.");
    check_tok(f, "meeting", POS_VERB, VF_GERUND, "MEET");
}

static void test_reported_speech(void **state)
{
    fixture *f = *state;
    tag_text(f, "A senior official said on Saturday that talks had failed.");
    check_tok(f, "official", POS_NOUN, 0, NULL);
    check_tok(f, "said", POS_VERB, VF_PAST, "SAY");
    check_tok(f, "that", POS_SUB, 0, NULL);
    check_tok(f, "talks", POS_NOUN, 0, NULL);
    check_tok(f, "had", POS_AUX, 0, "HAVE");
    const token *k = find_tok(f, "said");
    assert_true(lexicon_is_report_verb(f->lx, k->lemma));
    k = find_tok(f, "failed");
    assert_false(lexicon_is_report_verb(f->lx, k->lemma));
    assert_false(lexicon_is_report_verb(f->lx, INTERN_NONE));
    assert_false(lexicon_is_report_verb(f->lx, 0xffffffffu));
}

static void test_contractions_and_caps(void **state)
{
    fixture *f = *state;
    tag_text(f, "It's been a year since the US said it would act.");
    check_tok(f, "'s", POS_AUX, 0, "HAVE");
    check_tok(f, "been", POS_AUX, VF_PARTICIPLE, "BE");
    check_tok(f, "US", POS_PROPN, 0, NULL);
    check_tok(f, "would", POS_MODAL, 0, NULL);
    tag_text(f, "Russia Invades Ukraine");
    check_tok(f, "Invades", POS_VERB, VF_PRES3, "INVADE");
    tag_text(f, "The summit ended after Russia invaded, officials said.");
    check_tok(f, "after", POS_SUB, 0, NULL);
    tag_text(f, "The summit ended after the talks.");
    check_tok(f, "after", POS_PREP, 0, NULL);
}

static void test_verb_lemma(void **state)
{
    fixture *f = *state;
    char out[64];
    assert_int_equal(lexicon_verb_lemma(f->lx, "met", 3, out, sizeof out), 4);
    assert_string_equal(out, "MEET");
    assert_int_equal(lexicon_verb_lemma(f->lx, "Supplying", 9, out, sizeof out), 6);
    assert_string_equal(out, "SUPPLY");
    assert_int_equal(lexicon_verb_lemma(f->lx, "GAVE", 4, out, sizeof out), 4);
    assert_string_equal(out, "GIVE");
    assert_int_equal(lexicon_verb_lemma(f->lx, "restore", 7, out, sizeof out), 7);
    assert_string_equal(out, "RESTORE");
    assert_int_equal(lexicon_verb_lemma(f->lx, "xyzzyq", 6, out, sizeof out), 0);
    assert_int_equal(lexicon_verb_lemma(f->lx, "met", 3, out, 4), 0); /* no room */
    assert_int_equal(lexicon_verb_lemma(f->lx, "m\xc3\xa9t", 4, out, sizeof out), 0);
    assert_int_equal(lexicon_verb_lemma(f->lx, "", 0, out, sizeof out), 0);
}

/* The in-memory morphology gives what libwordnet's morphstr() gives. */
static void test_morph_matches_morphstr(void **state)
{
    fixture *f = *state;
    static const char *const words[] = {
        "met", "gave", "given", "went", "gone", "said", "told", "invaded", "supplying",
        "meeting", "talks", "ties", "attacks", "signed", "restore", "visited", "visits",
        "fled", "sought", "struck", "seized", "killed", "dying", "lying", "left", "found",
        "saw", "fell", "led", "held", "bore", "spoke", "spoken", "arrested", "accused",
        "denied", "stopped", "planned", "hoping", "making", "taking", "came", "become",
        "began", "begun", "chose", "chosen", "rose", "tied", "ate", "drew", "drawn",
        "feed", "fed", "sees", "goes", "does", "pressed", "kisses", "fixes", "buzzes",
        "reaches", "wishes", "cried", "marched", "protested", "bombed", "shelled"};
    char out[64], buf[64];
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        size_t n = strlen(words[i]);
        size_t got = lexicon_verb_lemma(f->lx, words[i], n, out, sizeof out);
        memcpy(buf, words[i], n + 1);
        char *m = morphstr(buf, VERB);
        char want[64] = "";
        if (m) {
            snprintf(want, sizeof want, "%s", m);
        } else {
            memcpy(buf, words[i], n + 1);
            if (in_wn(buf, VERB))
                snprintf(want, sizeof want, "%s", words[i]);
        }
        for (char *p = want; *p; p++)
            if (*p >= 'a' && *p <= 'z')
                *p = (char)(*p - 32);
        if (strcmp(got ? out : "", want) != 0)
            fail_msg("'%s': lexicon '%s', morphstr '%s'", words[i], got ? out : "", want);
    }
}

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static void expect_load_error(const char *text, const char *want)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/test_lexicon_%ld.txt", (long)getpid());
    write_file(path, text);
    intern *w = intern_new();
    lexicon *lx = NULL;
    rl_error err;
    err_clear(&err);
    rl_status st = lexicon_new(&lx, w, path, &err);
    remove(path);
    intern_free(w);
    assert_int_not_equal(st, RL_OK);
    assert_null(lx);
    char prefix[128];
    snprintf(prefix, sizeof prefix, "%s:", path);
    if (strncmp(err.msg, prefix, strlen(prefix)) != 0 || !strstr(err.msg, want))
        fail_msg("error '%s', expected '%s' and '%s'", err.msg, prefix, want);
}

static void test_bad_lexicon(void **state)
{
    (void)state;
    expect_load_error("# comment\nthe DET\nfoo BADTAG\n", ":3: unknown tag 'BADTAG'");
    expect_load_error("the\n", ":1: expected 'WORD TAG");
    expect_load_error("the DET\nthe DET\n", ":2: 'THE' is listed twice (first at line 1)");
    expect_load_error("is AUX PRESENT\n", ":1: unknown feature 'PRESENT'");
    expect_load_error("the DET PAST\n", ":1: verb form 'PAST' on a DET word");
    expect_load_error("the DET CAP=FOO\n", ":1: unknown tag 'FOO' in CAP=");
    expect_load_error("the DET REPORT\n", ":1: REPORT is for VERB lines");
    rl_error err;
    intern *w = intern_new();
    lexicon *lx = NULL;
    assert_int_equal(lexicon_new(&lx, w, "/nonexistent/lexicon.txt", &err), RL_ERR_IO);
    assert_non_null(strstr(err.msg, "/nonexistent/lexicon.txt: cannot open"));
    intern_free(w);
}

/* More tokens than one tagging span, and junk bytes: no crash, all tagged. */
static void test_long_and_junk(void **state)
{
    fixture *f = *state;
    size_t cap = 20000, n = 0;
    char *big = malloc(cap);
    assert_non_null(big);
    while (n + 40 < cap) {
        memcpy(big + n, "Russia attacks Ukraine and ", 27);
        n += 27;
    }
    big[n] = '\0';
    tag_text(f, big);
    for (size_t i = 0; i < f->td.n_toks; i++)
        assert_int_not_equal(f->td.toks[i].pos, POS_UNK);
    free(big);

    char junk[4096];
    unsigned x = 12345;
    for (size_t i = 0; i < sizeof junk; i++) {
        x = x * 1103515245u + 12345u;
        junk[i] = (char)((x >> 16) & 0xff);
    }
    size_t len = 0, bad = 0;
    char *clean = text_sanitize(junk, sizeof junk, &len, &bad);
    assert_non_null(clean);
    tag_text(f, clean);
    free(clean);
    /* an empty range and a range past the end are ignored */
    lexicon_tag(f->lx, &f->td, 0, 0);
    lexicon_tag(f->lx, &f->td, f->td.n_toks, f->td.n_toks + 10);
    lexicon_tag(NULL, &f->td, 0, 1);
}

typedef struct thread_arg {
    fixture *f;
    int ok;
} thread_arg;

static void *tag_thread(void *p)
{
    thread_arg *a = p;
    static const char *const text = "Xi met Lavrov on Tuesday. Arnor signed an accord. "
                                    "Ukraine was invaded by Russia in February 2022.";
    arena mem;
    arena_init(&mem, 0);
    a->ok = 1;
    for (int round = 0; round < 200 && a->ok; round++) {
        text_doc td;
        rl_error err;
        if (text_analyze(&mem, a->f->words, text, strlen(text), NULL, 0, &td, &err) != RL_OK) {
            a->ok = 0;
            break;
        }
        for (size_t s = 0; s < td.n_sents; s++)
            lexicon_tag(a->f->lx, &td, td.sents[s].t0, td.sents[s].t1);
        for (size_t i = 0; i < td.n_toks; i++) {
            size_t n;
            const char *w = tok_str(&td, &td.toks[i], &n);
            if (n == 3 && memcmp(w, "met", 3) == 0 && td.toks[i].pos != POS_VERB)
                a->ok = 0;
            if (n == 7 && memcmp(w, "invaded", 7) == 0 && td.toks[i].vform != VF_PARTICIPLE)
                a->ok = 0;
        }
        arena_reset(&mem);
    }
    arena_free(&mem);
    return NULL;
}

static void test_threads(void **state)
{
    fixture *f = *state;
    pthread_t th[4];
    thread_arg args[4];
    for (int i = 0; i < 4; i++) {
        args[i].f = f;
        args[i].ok = 0;
        assert_int_equal(pthread_create(&th[i], NULL, tag_thread, &args[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        assert_true(args[i].ok);
    }
}

static void test_pos_name(void **state)
{
    (void)state;
    assert_string_equal(pos_name(POS_VERB), "VERB");
    assert_string_equal(pos_name(POS_POSSPRON), "POSSPRON");
    assert_string_equal(pos_name(POS_WH), "WH");
    assert_string_equal(pos_name((pos_tag)200), "?");
}

int main(void)
{
    if (access(LEXICON_PATH, R_OK) != 0) {
        fprintf(stderr, "test_lexicon: run from the repository root (%s missing)\n",
                LEXICON_PATH);
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_missing_wordnet),
        cmocka_unit_test(test_bad_lexicon),
        cmocka_unit_test(test_pos_name),
        cmocka_unit_test_setup_teardown(test_active_past, setup, teardown),
        cmocka_unit_test_setup_teardown(test_passive, setup, teardown),
        cmocka_unit_test_setup_teardown(test_irregular, setup, teardown),
        cmocka_unit_test_setup_teardown(test_noun_after_det, setup, teardown),
        cmocka_unit_test_setup_teardown(test_negated_modal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_infinitive, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plural_noun, setup, teardown),
        cmocka_unit_test_setup_teardown(test_subject_verb_object, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gerund, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reported_speech, setup, teardown),
        cmocka_unit_test_setup_teardown(test_contractions_and_caps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_verb_lemma, setup, teardown),
        cmocka_unit_test_setup_teardown(test_morph_matches_morphstr, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_and_junk, setup, teardown),
        cmocka_unit_test_setup_teardown(test_threads, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
