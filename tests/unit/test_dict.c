/*
 * test_dict.c - unit tests of the dictionary loaders (src/dict.c,
 * src/dict_tabari.c): the PETRARCH validation dictionaries from ../shared
 * (skipped when absent), the bundled default set in data/, the fixtures in
 * tests/data/dict/ (good ones by content, bad ones by their exact
 * "file:line: message"), lenient loading, dated roles and the data
 * directory lookup.
 *
 * Runs with the repository root as working directory.  Reads the loaded
 * arrays directly (dict.h); never codes text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "redline.h"
#include "dict.h"
#include "dict_helpers.h"

#define SHARED "../shared/data/petrarch2/"
#define FIX "tests/data/dict/"

/* ---- helpers --------------------------------------------------------- */


/* Words of a phrase written "A B C" as ids; 0 when a word is unknown. */
static size_t phrase_ids(const rl_dict *d, const char *text, uint32_t *ids, size_t cap)
{
    size_t n = 0;
    const char *p = text;
    while (*p && n < cap) {
        while (*p == ' ')
            p++;
        const char *b = p;
        while (*p && *p != ' ')
            p++;
        if (p > b)
            ids[n++] = intern_find(d->words, b, (size_t)(p - b));
    }
    return n;
}

static int phrase_is(const rl_dict *d, const dict_phrase *ph, const char *text)
{
    uint32_t ids[64];
    size_t n = phrase_ids(d, text, ids, 64);
    if (n != ph->n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!ids[i] || ids[i] != ph->w[i])
            return 0;
    return 1;
}

/* The actor a phrase names (the last listing wins, as after finish), or -1. */
static long actor_of(const rl_dict *d, const char *text)
{
    long found = -1;
    for (size_t i = 0; i < d->actor_phrases.n; i++)
        if (phrase_is(d, &d->actor_phrases.v[i].ph, text))
            found = (long)d->actor_phrases.v[i].actor;
    return found;
}

static const char *code_of(const rl_dict *d, const char *text, int date)
{
    long a = actor_of(d, text);
    if (a < 0) {
        fprintf(stderr, "no actor named %s\n", text);
        return "(none)";
    }
    return dict_actor_code(d, (uint32_t)a, date);
}

static const dict_agent *agent_of(const rl_dict *d, const char *text)
{
    for (size_t i = 0; i < d->agents.n; i++)
        if (phrase_is(d, &d->agents.v[i].ph, text))
            return &d->agents.v[i];
    return NULL;
}

static const dict_verb_form *verb_of(const rl_dict *d, const char *text)
{
    for (size_t i = 0; i < d->verb_forms.n; i++)
        if (phrase_is(d, &d->verb_forms.v[i].ph, text))
            return &d->verb_forms.v[i];
    return NULL;
}

static const dict_verb_block *block_named(const rl_dict *d, const char *name)
{
    for (size_t i = 0; i < d->verb_blocks.n; i++)
        if (strcmp(d->verb_blocks.v[i].name, name) == 0)
            return &d->verb_blocks.v[i];
    return NULL;
}

static const dict_pattern *pattern_text(const rl_dict *d, const dict_verb_block *b,
                                        const char *text)
{
    for (uint32_t i = b->first_pattern; i < b->first_pattern + b->n_patterns; i++)
        if (strcmp(d->patterns.v[i].text, text) == 0)
            return &d->patterns.v[i];
    return NULL;
}

static const dict_synset *synset_named(const rl_dict *d, const char *name)
{
    for (size_t i = 0; i < d->synsets.n; i++)
        if (strcmp(d->synsets.v[i].name, name) == 0)
            return &d->synsets.v[i];
    return NULL;
}

static int synset_has(const rl_dict *d, const dict_synset *s, const char *text)
{
    for (size_t i = 0; i < s->n; i++)
        if (phrase_is(d, &s->ph[i], text))
            return 1;
    return 0;
}

static uint32_t word(const rl_dict *d, const char *w)
{
    return intern_find(d->words, w, strlen(w));
}

/* Every block's patterns are its own and contiguous. */
static void check_block_ranges(const rl_dict *d)
{
    size_t total = 0;
    for (size_t b = 0; b < d->verb_blocks.n; b++) {
        const dict_verb_block *vb = &d->verb_blocks.v[b];
        assert_true(vb->first_pattern + vb->n_patterns <= d->patterns.n);
        for (uint32_t i = vb->first_pattern; i < vb->first_pattern + vb->n_patterns; i++)
            assert_int_equal(d->patterns.v[i].block, b);
        total += vb->n_patterns;
    }
    assert_int_equal(total, d->patterns.n);
    for (size_t i = 0; i < d->patterns.n; i++) {
        const dict_pattern *p = &d->patterns.v[i];
        assert_true(p->verb_at < p->n);
        assert_int_equal(p->el[p->verb_at].kind, PEL_VERB);
    }
}

static int have_shared(void)
{
    return access(SHARED "PETR.Validate.verbs.txt", R_OK) == 0;
}

static rl_dict *load_validate(void **state)
{
    rl_dict *d = new_dict();
    *state = d;
    add_ok(d, RL_DICT_ACTORS, SHARED "PETR.Validate.actors.txt");
    add_ok(d, RL_DICT_AGENTS, SHARED "PETR.Validate.agents.txt");
    add_ok(d, RL_DICT_VERBS, SHARED "PETR.Validate.verbs.txt");
    add_ok(d, RL_DICT_DISCARDS, SHARED "PETR.Validate.discards.txt");
    return d;
}

/* A test that keeps its dictionary in *state has it freed here, also when
 * an assertion fails (cmocka jumps out of the test, skipping its own free;
 * the default set is ~30 MB that LeakSanitizer would report as a leak). */
static int dict_teardown(void **state)
{
    rl_dict_free(*state);
    *state = NULL;
    return 0;
}

/* ---- the PETRARCH validation dictionaries ---------------------------- */

static void test_validate_counts(void **state)
{
    if (!have_shared())
        skip();
    rl_dict *d = load_validate(state);
    rl_error err;
    assert_int_equal(rl_dict_finish(d, &err), RL_OK);
    rl_dict_stats st;
    rl_dict_stats_get(d, &st);
    printf("PETR.Validate: %zu actors, %zu agents, %zu verb forms, %zu patterns, "
           "%zu discards, %zu warnings\n",
           st.actors, st.agents, st.verbs, st.patterns, st.discards, st.warnings);
    assert_int_equal(st.actors, 128);
    assert_int_equal(st.agents, 164);
    assert_int_equal(st.verbs, 1071);
    assert_int_equal(st.patterns, 474); /* every "- " line of the file */
    assert_int_equal(st.discards, 9);
    assert_int_equal(st.warnings, 0);
    assert_int_equal(d->verb_blocks.n, 261);
    check_block_ranges(d);
}

static void test_validate_actors(void **state)
{
    if (!have_shared())
        skip();
    rl_dict *d = load_validate(state);
    assert_string_equal(code_of(d, "ARNOR", 19920102), "ARN");
    assert_string_equal(code_of(d, "CARAS GALADHON", 19920102), "ELF");
    assert_string_equal(code_of(d, "ENT", 19920102), "ENT");             /* code on the next line */
    assert_string_equal(code_of(d, "INTERPOL", 19920102), "IGOCOPITP");  /* synonym, code after it */
    assert_string_equal(code_of(d, "U.N.", 19920102), "UNO");
    assert_string_equal(code_of(d, "AL-QAEDA", 19920102), "IMGMOSALQ"); /* one hyphenated word */
    assert_string_equal(code_of(d, "LORIEN", 19920102), "ELR/GAL");     /* codes kept as written */
    assert_string_equal(code_of(d, "BOROMIR", 19920102), "---");
    /* dated roles, as the DATE-* records of PETR.UnitTest.records.xml expect */
    assert_string_equal(code_of(d, "SAM GAMGEE", 19950104), "HOBCIV");
    assert_string_equal(code_of(d, "SAM GAMGEE", 20080119), "HOBCIV");
    assert_string_equal(code_of(d, "SAM GAMGEE", 20100106), "HOBMIL");
    assert_string_equal(code_of(d, "SAM GAMGEE", 20100109), "ORCHOB"); /* narrower range wins */
    assert_string_equal(code_of(d, "SAM GAMGEE", 20100112), "ORCHOB");
    assert_string_equal(code_of(d, "SAM GAMGEE", 20100113), "HOBMIL");
    assert_string_equal(code_of(d, "SAM GAMGEE", 20121231), "HOBGOV");
    assert_string_equal(code_of(d, "SAM GAMGEE", 0), "HOBELI");        /* today: the open role */
    assert_string_equal(code_of(d, "HAMFAST GAMGEE", 19950104), "HOB");
    assert_string_equal(code_of(d, "HAMFAST GAMGEE", 20121109), "HOBGOV"); /* bounds inclusive */
    assert_string_equal(code_of(d, "HAMFAST GAMGEE", 20140104), "HOB");
    assert_string_equal(code_of(d, "SMEAGOL", 19951101), "HOBGOV");    /* "19950601 - 19990815" */
    assert_string_equal(code_of(d, "GOLLUM", 19920102), "HOB");        /* "< 950601": 1995 */
    assert_string_equal(code_of(d, "GOLLUM", 20000101), "HOBREB");
    assert_string_equal(code_of(d, "PRINCE OF DOL AMROTH", 19940101), "---");
    assert_string_equal(code_of(d, "PRINCE OF DOL AMROTH", 19960101), "DOL");
    assert_string_equal(code_of(d, "ZIMBABWE", 19780101), "RHO");
    assert_string_equal(code_of(d, "ZIMBABWE", 19900101), "ZBW");
    assert_true(actor_of(d, "NASGUL") < 0); /* commented out */
}

static void test_validate_agents(void **state)
{
    if (!have_shared())
        skip();
    rl_dict *d = load_validate(state);
    const dict_agent *a = agent_of(d, "FOREIGN MINISTER");
    assert_non_null(a);
    assert_string_equal(a->code, "GOVFRM");
    assert_int_equal(a->prefix, 0);
    assert_non_null(agent_of(d, "FOREIGN MINISTERS"));       /* regular plural */
    assert_non_null(agent_of(d, "CONGRESSES"));              /* SS -> SSES */
    assert_non_null(agent_of(d, "ATTORNEYS GENERAL"));       /* listed plural */
    assert_non_null(agent_of(d, "GOLDEN GEESE"));
    assert_null(agent_of(d, "POLICES"));                     /* {} */
    a = agent_of(d, "CONGRESSWOMEN");                        /* !PERSON! */
    assert_non_null(a);
    assert_string_equal(a->code, "LEG");
    assert_null(agent_of(d, "CONGRESSWOMENS"));              /* no plural after substitution */
    assert_non_null(agent_of(d, "MINISTRIES OF SILLY WALKS"));
    a = agent_of(d, "HUMAN RIGHTS BODY");
    assert_non_null(a);
    assert_string_equal(a->code, "NGO");
    assert_int_equal(a->prefix, 1);
    a = agent_of(d, "HUMAN RIGHTS ORGANIZATION");            /* "[  NGO~]" */
    assert_non_null(a);
    assert_string_equal(a->code, "NGO");
    a = agent_of(d, "SECURITY SERVICE");                     /* a blank allows a gap */
    assert_non_null(a);
    assert_non_null(a->ph.gap);
    assert_int_equal(a->ph.gap[1], 1);
    assert_null(agent_of(d, "FOREIGN MINISTER")->ph.gap);    /* '_' does not */
}

static void test_validate_verbs(void **state)
{
    if (!have_shared())
        skip();
    rl_dict *d = load_validate(state);
    const dict_verb_form *f = verb_of(d, "BANNED");
    assert_non_null(f);
    assert_string_equal(d->verb_blocks.v[f->block].name, "BAN");
    assert_string_equal(f->code, "191");
    assert_int_equal(f->lemma, word(d, "BAN"));
    assert_non_null(verb_of(d, "ABANDONED"));                /* generated forms */
    assert_non_null(verb_of(d, "ABANDONING"));
    assert_non_null(verb_of(d, "ABANDONS"));
    f = verb_of(d, "WIRE TAPPED");                           /* WIRE_+TAPPED */
    assert_non_null(f);
    assert_int_equal(f->head, 1);
    assert_int_equal(f->lemma, word(d, "TAP"));
    f = verb_of(d, "KLM NOP RST");                           /* KLM_NOP_+RST [002] */
    assert_non_null(f);
    assert_string_equal(f->code, "002");
    assert_non_null(verb_of(d, "BROKEN DOWN"));
    f = verb_of(d, "DOWNPLAY");
    assert_non_null(f);
    assert_string_equal(f->code, "014");
    assert_string_equal(d->verb_blocks.v[f->block].code, "120"); /* "[120]  [031:031]" */

    /* "- + HOSTING * TABASKI ^ $  [042]" */
    const dict_verb_block *b = block_named(d, "CELEBRATE");
    assert_non_null(b);
    const dict_pattern *p = pattern_text(d, b, "+ HOSTING * TABASKI ^ $");
    assert_non_null(p);
    assert_int_equal(p->n, 6);
    assert_int_equal(p->el[0].kind, PEL_TARGET);
    assert_int_equal(p->el[1].kind, PEL_WORD);
    assert_int_equal(p->el[1].id, word(d, "HOSTING"));
    assert_int_equal(p->el[2].kind, PEL_VERB);
    assert_int_equal(p->verb_at, 2);
    assert_int_equal(p->el[4].kind, PEL_SKIP);
    assert_int_equal(p->el[5].kind, PEL_SOURCE);
    assert_string_equal(p->code, "042");
    assert_int_equal(p->src.line, 304);

    /* "- SUGGESTED_+ * DEMAND_&GENINT_CONVENTIONS  [111]" */
    b = block_named(d, "ACCORD");
    p = pattern_text(d, b, "SUGGESTED_+ * DEMAND_&GENINT_CONVENTIONS");
    assert_non_null(p);
    assert_int_equal(p->n, 6);
    assert_int_equal(p->el[1].kind, PEL_TARGET);
    assert_int_equal(p->el[1].consec, 1);
    assert_int_equal(p->el[3].consec, 0);
    assert_int_equal(p->el[4].kind, PEL_SYNSET);
    assert_int_equal(p->el[4].consec, 1);
    assert_string_equal(d->synsets.v[p->el[4].id].name, "GENINT");
    assert_int_equal(p->el[5].consec, 1);
    p = pattern_text(d, b, "IN_ *"); /* legacy "X_ " is a gap */
    assert_non_null(p);
    assert_int_equal(p->el[1].consec, 0);

    b = block_named(d, "ADMIT"); /* block and verb codes are kept as written */
    assert_non_null(b);
    assert_string_equal(b->code, "013:012");
    b = block_named(d, "AGREE");
    p = pattern_text(d, b, "% *"); /* "- % * [030:030]" */
    assert_non_null(p);
    assert_int_equal(p->el[0].kind, PEL_COMPOUND);
    assert_string_equal(p->code, "030");
    assert_string_equal(p->code2, "030");

    /* synsets: plurals, no-plural labels, a synset inside a synset */
    const dict_synset *s = synset_named(d, "PREPOSIT1");
    assert_non_null(s);
    assert_int_equal(s->n, 6);
    s = synset_named(d, "CURRENCY");
    assert_true(synset_has(d, s, "AUSTRIAN FLORINS"));
    assert_true(synset_has(d, s, "DOLLARS"));
    s = synset_named(d, "ACCORDSYN");
    assert_non_null(s);
    assert_true(synset_has(d, s, "ECONOMIC"));
    assert_true(synset_has(d, s, "CLOSER"));
    assert_true(synset_has(d, s, "YEN"));
    s = synset_named(d, "NEGATVAUXVRB");
    assert_true(synset_has(d, s, "DID N'T"));
    assert_false(synset_has(d, s, "DID N'TS"));
}

static void test_validate_discards(void **state)
{
    if (!have_shared())
        skip();
    rl_dict *d = load_validate(state);
    int story = -1, plain = -1;
    for (size_t i = 0; i < d->discards.n; i++) {
        if (phrase_is(d, &d->discards.v[i].ph, "TYPHOON"))
            story = d->discards.v[i].story;
        if (phrase_is(d, &d->discards.v[i].ph, "MONTHS LATER"))
            plain = d->discards.v[i].story;
    }
    assert_int_equal(story, 1);
    assert_int_equal(plain, 0);
}

/* ---- the bundled default set ---------------------------------------- */

static void test_default_set(void **state)
{
    rl_dict *d = NULL;
    rl_error err;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    rl_status st = rl_dict_load_dir(&d, DATA_DIR, 0, &err);
    *state = d; /* freed by dict_teardown, even when an assertion fails */
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (st)
        fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(st, RL_OK);
    rl_dict_stats s;
    rl_dict_stats_get(d, &s);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("default set: %zu actors (%zu phrases), %zu agents, %zu verb forms, %zu patterns, "
           "%zu discards, %zu warnings, %zu words; loaded in %.3f s\n",
           s.actors, d->actor_phrases.n, s.agents, s.verbs, s.patterns, s.discards,
           s.warnings, intern_count(d->words), secs);
    assert_true(s.actors > 25000);
    assert_true(s.agents > 4000);
    assert_true(s.verbs > 7000);
    assert_true(s.patterns > 4500);
    assert_true(s.discards > 350); /* Phoenix less its year and world-war discards */
    assert_int_equal(s.warnings, 2); /* &DEMONSTRATION, &WEATHER: never defined in CAMEO.2.0 */
    check_block_ranges(d);

    /* capitals as metonyms */
    assert_string_equal(code_of(d, "WASHINGTON", 20240410), "USA");
    assert_string_equal(code_of(d, "BEIJING", 20240410), "CHN");
    assert_string_equal(code_of(d, "MOSCOW", 20240410), "RUS");
    assert_string_equal(code_of(d, "KYIV", 20240410), "UKR");
    assert_string_equal(code_of(d, "KIEV", 20240410), "UKR");
    assert_string_equal(code_of(d, "TAIPEI", 20240410), "TWN");
    assert_string_equal(code_of(d, "WHITE HOUSE", 20240410), "USAGOV");
    assert_string_equal(code_of(d, "KREMLIN", 20240410), "RUSGOV");
    /* data/redline-updates.actors.txt, overriding Phoenix */
    assert_string_equal(code_of(d, "JOE BIDEN", 20240410), "USAGOV");
    assert_string_equal(code_of(d, "BIDEN", 20240410), "USAGOV");
    assert_string_equal(code_of(d, "VICE PRESIDENT JOE BIDEN", 20100101), "USAGOV");
    assert_string_equal(code_of(d, "JOE BIDEN", 20180101), "USAELI");
    assert_string_equal(code_of(d, "JOE BIDEN", 20250301), "USAELI");
    assert_string_equal(code_of(d, "DONALD TRUMP", 20190101), "USAGOV");
    assert_string_equal(code_of(d, "DONALD TRUMP", 20240410), "USAELI");
    assert_string_equal(code_of(d, "DONALD TRUMP", 0), "USAGOV");
    assert_string_equal(code_of(d, "BARACK OBAMA", 20240410), "USAELI");
    assert_string_equal(code_of(d, "KURT CAMPBELL", 20240410), "USAGOV");
    assert_string_equal(code_of(d, "ANTONY BLINKEN", 20240410), "USAGOV");
    assert_string_equal(code_of(d, "XI JINPING", 20240410), "CHNGOV");
    assert_string_equal(code_of(d, "SERGEY LAVROV", 20240410), "RUSGOV");
    assert_string_equal(code_of(d, "LAVROV", 20240410), "RUSGOV");
    assert_string_equal(code_of(d, "VOLODYMYR ZELENSKYY", 20240410), "UKRGOV");
    assert_string_equal(code_of(d, "ZELENSKY", 20180101), "UKRELI");
    const dict_agent *a = agent_of(d, "OFFICIALS"); /* data/redline-updates.agents.txt */
    assert_non_null(a);
    assert_string_equal(a->code, "GOV");
    a = agent_of(d, "SPOKESMAN"); /* overrides Phoenix's [~MED] */
    assert_non_null(a);
    assert_string_equal(a->code, "GOV");
    a = agent_of(d, "FOREIGN MINISTER"); /* FOREIGN_!MINIST! */
    assert_non_null(a);
    assert_string_equal(a->code, "GOV");
    const dict_verb_form *f = verb_of(d, "MET");
    assert_non_null(f);
}

/* ---- fixtures --------------------------------------------------------- */

static void test_good_actors(void **state)
{
    rl_dict *d = new_dict();
    *state = d;
    add_ok(d, RL_DICT_ACTORS, FIX "good.actors.txt");
    assert_int_equal(d->actors.n, 5);
    assert_string_equal(code_of(d, "TESTLANDIA", 20200101), "TST");     /* "+A +B" on a line */
    assert_string_equal(code_of(d, "TEST REPUBLIC", 20200101), "TST");
    assert_string_equal(code_of(d, "TESTLAND 'S CAPITAL", 20200101), "TST"); /* split like text */
    assert_string_equal(code_of(d, "ALICE EXAMPLE", 20120101), "TSTGOV");
    assert_string_equal(code_of(d, "ALICE EXAMPLE", 19980101), "TSTMIL");
    assert_string_equal(code_of(d, "ALICE EXAMPLE", 19991231), "TSTMIL");
    assert_string_equal(code_of(d, "ALICE EXAMPLE", 20160101), "TSTELI");
    assert_string_equal(code_of(d, "ALICE EXAMPLE", 20240101), "TSTGOV");
    assert_string_equal(code_of(d, "ALICE EXAMPLE", 0), "TSTGOV");
    assert_string_equal(code_of(d, "BOB", 20050601), "TSTGOV");          /* YYMMDD: 2005 */
    assert_string_equal(code_of(d, "BOB", 20070101), "");                /* no default */
    assert_string_equal(code_of(d, "BOB", 0), "");
    assert_string_equal(code_of(d, "CAROL", 20070101), "TSTREB");
    assert_string_equal(code_of(d, "DAVE", 20070101), "TSTGOV");
    assert_string_equal(code_of(d, "DAVE", 20210101), "TSTELI");
    assert_true(actor_of(d, "XXX") < 0);                                 /* inside <!-- --> */
    long alice = actor_of(d, "ALICE EXAMPLE");
    assert_string_equal(d->actors.v[alice].name, "ALICE_EXAMPLE");
    assert_int_equal(d->actors.v[alice].src.line, 7);
    assert_string_equal(d->actors.v[alice].src.file, FIX "good.actors.txt");

    /* a later file overrides a phrase for the matcher */
    add_ok(d, RL_DICT_ACTORS, FIX "override.actors.txt");
    rl_error err;
    assert_int_equal(rl_dict_finish(d, &err), RL_OK);
    size_t n = 0;
    for (size_t i = 0; i < d->actor_phrases.n; i++)
        if (phrase_is(d, &d->actor_phrases.v[i].ph, "ALICE EXAMPLE"))
            n++;
    assert_int_equal(n, 1);
    assert_string_equal(code_of(d, "ALICE EXAMPLE", 20120101), "OVR");
    /* finished: no more files */
    assert_int_equal(rl_dict_add_file(d, RL_DICT_ACTORS, FIX "good.actors.txt", 0, &err),
                     RL_ERR_USAGE);
}

static void test_good_agents_discards(void **state)
{
    rl_dict *d = new_dict();
    *state = d;
    add_ok(d, RL_DICT_AGENTS, FIX "good.agents.txt");
    add_ok(d, RL_DICT_DISCARDS, FIX "good.discards.txt");
    assert_int_equal(d->agents.n, 13);
    assert_non_null(agent_of(d, "POLICE"));
    assert_null(agent_of(d, "POLICES"));
    assert_non_null(agent_of(d, "SPOKESWOMAN"));
    assert_null(agent_of(d, "SPOKESWOMEN"));
    assert_non_null(agent_of(d, "THIEVES"));
    assert_null(agent_of(d, "THIEFS"));
    assert_non_null(agent_of(d, "ATTORNEYS"));
    assert_non_null(agent_of(d, "CHURCHES"));
    assert_non_null(agent_of(d, "SECURITY SERVICES"));
    const dict_agent *a = agent_of(d, "RIGHTS GROUPS");
    assert_non_null(a);
    assert_int_equal(a->prefix, 1);
    assert_string_equal(agent_of(d, "SECURITY SERVICE")->code, "GOV");
    assert_int_equal(d->discards.n, 2);
    assert_true(phrase_is(d, &d->discards.v[1].ph, "FOOTBALL MATCH"));
    assert_int_equal(d->discards.v[1].story, 1);
    assert_int_equal(d->discards.v[0].story, 0);
}

static void test_good_verbs(void **state)
{
    rl_dict *d = new_dict();
    *state = d;
    add_ok(d, RL_DICT_VERBS, FIX "good.verbs.txt");
    assert_int_equal(d->warnings, 1); /* the pattern using &UNDEFINEDSYN */
    check_block_ranges(d);
    const dict_synset *s = synset_named(d, "COLORS");
    assert_non_null(s);
    assert_int_equal(s->n, 2); /* "&COLORS_": no plurals */
    s = synset_named(d, "THINGS");
    assert_int_equal(s->n, 6);
    assert_true(synset_has(d, s, "CITIES"));
    assert_true(synset_has(d, s, "BOXES"));
    assert_true(synset_has(d, s, "BLUE GREEN"));

    assert_non_null(verb_of(d, "MET"));
    assert_null(verb_of(d, "MEETED")); /* {..} lists every form */
    const dict_verb_form *f = verb_of(d, "SAT DOWN");
    assert_non_null(f);
    assert_int_equal(f->head, 0);
    assert_int_equal(f->lemma, word(d, "SIT"));
    assert_string_equal(f->code, "041");
    f = verb_of(d, "RE ARRESTED");
    assert_non_null(f);
    assert_int_equal(f->head, 1);
    assert_string_equal(f->code, "040");
    assert_non_null(verb_of(d, "HURRIED"));
    assert_non_null(verb_of(d, "HURRIES"));
    assert_non_null(verb_of(d, "HURRYING"));
    const dict_verb_block *b = block_named(d, "HURRY");
    assert_non_null(b);
    assert_string_equal(b->code, "---");
    assert_int_equal(b->n_patterns, 0);

    b = block_named(d, "MEET");
    assert_int_equal(b->n_patterns, 5);
    const dict_pattern *p = pattern_text(d, b, "$ * (WITH {FOREIGN &THINGS})");
    assert_non_null(p);
    assert_int_equal(p->n, 5);
    assert_string_equal(p->code, "044");
    assert_string_equal(p->code2, "045");
    assert_int_equal(p->el[2].group, PGRP_PP);
    assert_int_equal(p->el[2].group_start, 1);
    assert_int_equal(p->el[3].group, PGRP_NP);
    assert_int_equal(p->el[3].outer, PGRP_PP);
    assert_int_equal(p->el[3].group_start, 1);
    assert_int_equal(p->el[4].kind, PEL_SYNSET);
    assert_int_equal(p->el[4].group, PGRP_NP);
    assert_int_equal(p->el[4].group_start, 0);
    p = pattern_text(d, b, "* (TO/FOR +)"); /* a disjunction loads as a synset */
    assert_non_null(p);
    assert_int_equal(p->el[1].kind, PEL_SYNSET);
    s = &d->synsets.v[p->el[1].id];
    assert_int_equal(s->n, 2);
    assert_true(synset_has(d, s, "FOR"));
    p = pattern_text(d, b, "** THE_&THINGS_TODAY");
    assert_non_null(p);
    assert_int_equal(p->el[0].kind, PEL_VERB);
    assert_int_equal(p->el[2].kind, PEL_SYNSET);
    assert_int_equal(p->el[2].consec, 1);
    assert_int_equal(p->el[3].consec, 1);
    p = pattern_text(d, b, "* BEFORE COURT");
    assert_string_equal(p->code, "---");
    assert_string_equal(p->code2, "173");
    assert_null(pattern_text(d, b, "* &UNDEFINEDSYN"));
}

typedef struct bad_case {
    const char *file;
    rl_dict_kind kind;
    const char *msg;    /* the whole expected message */
} bad_case;

static const bad_case bad_cases[] = {
    {FIX "bad-bracket.actors.txt", RL_DICT_ACTORS,
     FIX "bad-bracket.actors.txt:3: unterminated '[' near '[ARN'"},
    {FIX "bad-date.actors.txt", RL_DICT_ACTORS,
     FIX "bad-date.actors.txt:2: bad date (YYYYMMDD or YYMMDD) near '2021-13-45-'"},
    {FIX "bad-synonym.actors.txt", RL_DICT_ACTORS,
     FIX "bad-synonym.actors.txt:1: synonym before any actor near '+ORPHAN'"},
    {FIX "bad-code.verbs.txt", RL_DICT_VERBS,
     FIX "bad-code.verbs.txt:3: blank inside a code near '04 3'"},
    {FIX "bad-brace.verbs.txt", RL_DICT_VERBS,
     FIX "bad-brace.verbs.txt:2: '{' without '}' near '{MET MEETS'"},
    {FIX "bad-nostar.verbs.txt", RL_DICT_VERBS,
     FIX "bad-nostar.verbs.txt:3: pattern without '*' near 'WITH +'"},
    {FIX "bad-group.verbs.txt", RL_DICT_VERBS,
     FIX "bad-group.verbs.txt:3: unclosed '{' near '* (WITH {ARMS +'"},
    {FIX "bad-block.verbs.txt", RL_DICT_VERBS,
     FIX "bad-block.verbs.txt:1: verb before any '--- BLOCK [code] ---' line near 'MEET'"},
    {FIX "bad-agent.agents.txt", RL_DICT_AGENTS,
     FIX "bad-agent.agents.txt:2: agent code needs '~' ([~CODE] or [CODE~]) near 'MIL'"},
    {FIX "bad-utf8.discards.txt", RL_DICT_DISCARDS,
     FIX "bad-utf8.discards.txt:2: invalid UTF-8 in a word near '?\?'"},
};

/* A verb a later file lists again takes its block from there; a repeat
 * inside one file keeps that file's first (src/match.c shadow_verbs). */
static void test_later_verbs_win(void **state)
{
    rl_dict *d = new_dict();
    *state = d;
    add_ok(d, RL_DICT_VERBS, FIX "shadow-a.verbs.txt");
    add_ok(d, RL_DICT_VERBS, FIX "shadow-b.verbs.txt");
    rl_error err;
    assert_int_equal(rl_dict_finish(d, &err), RL_OK);
    int live = 0, dead = 0, live_in_b = 0;
    for (size_t i = 0; i < d->verb_forms.n; i++) {
        const dict_verb_form *f = &d->verb_forms.v[i];
        if (!phrase_is(d, &f->ph, "SCOLD"))
            continue;
        if (f->shadowed) {
            dead++;
            assert_non_null(strstr(f->src.file, "shadow-a"));
        } else {
            live++;
            live_in_b += strstr(f->src.file, "shadow-b") != NULL;
        }
    }
    assert_int_equal(dead, 2); /* both of shadow-a's SCOLDs */
    assert_int_equal(live, 1);
    assert_int_equal(live_in_b, 1);
    const dict_verb_form *r = verb_of(d, "REBUKE");
    assert_non_null(r);
    assert_false(r->shadowed); /* listed once: kept */
}

static void test_bad_fixtures(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const bad_case *c = &bad_cases[i];
        rl_dict *d = new_dict();
        rl_error err;
        rl_status st = rl_dict_add_file(d, c->kind, c->file, 0, &err);
        if (st != RL_ERR_DICT || strcmp(err.msg, c->msg) != 0)
            fprintf(stderr, "%s: got %d '%s'\n", c->file, (int)st, err.msg);
        assert_int_equal(st, RL_ERR_DICT);
        assert_int_equal(err.status, RL_ERR_DICT);
        assert_string_equal(err.msg, c->msg);
        rl_dict_free(d);

        /* the same file, lenient: the bad line is a counted warning */
        d = new_dict();
        st = rl_dict_add_file(d, c->kind, c->file, RL_DICT_LENIENT, &err);
        assert_int_equal(st, RL_OK);
        rl_dict_stats s;
        rl_dict_stats_get(d, &s);
        assert_int_equal(s.warnings, 1);
        assert_true(s.actors + s.agents + s.verbs + s.discards > 0); /* the good lines loaded */
        assert_int_equal(rl_dict_finish(d, &err), RL_OK);
        rl_dict_free(d);
    }
    /* lenient details: a bad actor line takes its synonyms with it */
    rl_dict *d = new_dict();
    rl_error err;
    assert_int_equal(rl_dict_add_file(d, RL_DICT_ACTORS, FIX "bad-bracket.actors.txt",
                                      RL_DICT_LENIENT, &err), RL_OK);
    assert_int_equal(d->actors.n, 2);
    assert_true(actor_of(d, "ARTHEDAIN") < 0);
    assert_string_equal(code_of(d, "ROHAN", 20000101), "ROH");
    rl_dict_free(d);
    d = new_dict();
    assert_int_equal(rl_dict_add_file(d, RL_DICT_ACTORS, FIX "bad-date.actors.txt",
                                      RL_DICT_LENIENT, &err), RL_OK);
    assert_string_equal(code_of(d, "JOE BIDEN", 20220101), "USAGOV");
    rl_dict_free(d);
}

/* Write bytes to a fresh temporary file; returns its path (static). */
static const char *write_temp(const char *bytes, size_t len)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/test_dict_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, len, f), len);
    fclose(f);
    return path;
}

static void test_hostile_bytes(void **state)
{
    (void)state;
    char msg[256];
    rl_error err;
    /* a 70 KiB line */
    size_t big = 70 * 1024;
    char *buf = malloc(big + 64);
    assert_non_null(buf);
    memcpy(buf, "GONDOR [GON]\n", 13);
    memset(buf + 13, 'A', big);
    memcpy(buf + 13 + big, "\nROHAN [ROH]\n", 13);
    const char *path = write_temp(buf, big + 26);
    free(buf);
    rl_dict *d = new_dict();
    assert_int_equal(rl_dict_add_file(d, RL_DICT_ACTORS, path, 0, &err), RL_ERR_DICT);
    snprintf(msg, sizeof msg, "%s:2: line longer than 65536 bytes", path);
    assert_string_equal(err.msg, msg);
    rl_dict_free(d);
    d = new_dict();
    assert_int_equal(rl_dict_add_file(d, RL_DICT_ACTORS, path, RL_DICT_LENIENT, &err), RL_OK);
    assert_int_equal(d->warnings, 1);
    assert_int_equal(d->actors.n, 2);
    rl_dict_free(d);
    unlink(path);

    /* a NUL byte inside a phrase, and a file without a final newline */
    static const char nul[] = "WORLD CUP\nWORLD\0CUP\nLAST LINE";
    path = write_temp(nul, sizeof nul - 1);
    d = new_dict();
    assert_int_equal(rl_dict_add_file(d, RL_DICT_DISCARDS, path, 0, &err), RL_ERR_DICT);
    snprintf(msg, sizeof msg, "%s:2: control byte 0x00 in a word near 'WORLD?CUP'", path);
    assert_string_equal(err.msg, msg);
    rl_dict_free(d);
    d = new_dict();
    assert_int_equal(rl_dict_add_file(d, RL_DICT_DISCARDS, path, RL_DICT_LENIENT, &err), RL_OK);
    assert_int_equal(d->discards.n, 2);
    rl_dict_free(d);
    unlink(path);

    /* an unterminated multi-line comment swallows the rest, quietly */
    static const char com[] = "GONDOR [GON]\n<!-- never closed\nROHAN [ROH]\n";
    path = write_temp(com, sizeof com - 1);
    d = new_dict();
    assert_int_equal(rl_dict_add_file(d, RL_DICT_ACTORS, path, 0, &err), RL_OK);
    assert_int_equal(d->actors.n, 1);
    rl_dict_free(d);
    unlink(path);

    /* an empty file is fine */
    path = write_temp("", 0);
    d = new_dict();
    assert_int_equal(rl_dict_add_file(d, RL_DICT_VERBS, path, 0, &err), RL_OK);
    assert_int_equal(rl_dict_finish(d, &err), RL_OK);
    rl_dict_free(d);
    unlink(path);
}

static void test_missing_file(void **state)
{
    (void)state;
    rl_dict *d = new_dict();
    rl_error err;
    assert_int_equal(rl_dict_add_file(d, RL_DICT_VERBS, FIX "no-such-file.txt", 0, &err),
                     RL_ERR_IO);
    assert_string_equal(err.msg, FIX "no-such-file.txt: cannot open: No such file or directory");
    rl_dict_free(d);
}

static void test_dict_list(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_dict_dir_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256], cwd[2048], lex[4096], actors[4096], msg[512];
    assert_non_null(getcwd(cwd, sizeof cwd));
    snprintf(lex, sizeof lex, "%s/" DATA_DIR "/lexicon.txt", cwd);
    snprintf(actors, sizeof actors, "%s/" FIX "good.actors.txt", cwd);
    snprintf(path, sizeof path, "%s/lexicon.txt", dir);
    assert_int_equal(symlink(lex, path), 0);
    snprintf(path, sizeof path, "%s/redline.dicts", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "# a list\nactors %s\nnouns x.txt\n", actors);
    fclose(f);
    rl_dict *d = (rl_dict *)1;
    rl_error err;
    assert_int_equal(rl_dict_load_dir(&d, dir, 0, &err), RL_ERR_DICT);
    assert_null(d);
    snprintf(msg, sizeof msg,
             "%s:3: unknown dictionary kind near 'nouns' (verbs, actors, agents, discards)", path);
    assert_string_equal(err.msg, msg);

    f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "actors   %s   # absolute\nverbs missing.verbs.txt\n", actors);
    fclose(f);
    assert_int_equal(rl_dict_load_dir(&d, dir, 0, &err), RL_ERR_IO);
    snprintf(msg, sizeof msg, "%s/missing.verbs.txt: cannot open: No such file or directory", dir);
    assert_string_equal(err.msg, msg);

    f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "actors %s\n", actors);
    fclose(f);
    assert_int_equal(rl_dict_load_dir(&d, dir, 0, &err), RL_OK);
    assert_int_equal(d->actors.n, 5);
    assert_int_equal(d->finished, 1);
    rl_dict_free(d);

    unlink(path);
    snprintf(path, sizeof path, "%s/lexicon.txt", dir);
    unlink(path);
    rmdir(dir);
}

static void test_default_data_dir(void **state)
{
    (void)state;
    /* the first call decides; nothing in this program called it before */
    setenv("REDLINE_DATA", "/opt/redline-test-data", 1);
    assert_string_equal(rl_default_data_dir(), "/opt/redline-test-data");
    unsetenv("REDLINE_DATA");
    assert_string_equal(rl_default_data_dir(), "/opt/redline-test-data");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_data_dir),
        cmocka_unit_test_teardown(test_validate_counts, dict_teardown),
        cmocka_unit_test_teardown(test_validate_actors, dict_teardown),
        cmocka_unit_test_teardown(test_validate_agents, dict_teardown),
        cmocka_unit_test_teardown(test_validate_verbs, dict_teardown),
        cmocka_unit_test_teardown(test_validate_discards, dict_teardown),
        cmocka_unit_test_teardown(test_default_set, dict_teardown),
        cmocka_unit_test_teardown(test_good_actors, dict_teardown),
        cmocka_unit_test_teardown(test_good_agents_discards, dict_teardown),
        cmocka_unit_test_teardown(test_good_verbs, dict_teardown),
        cmocka_unit_test_teardown(test_later_verbs_win, dict_teardown),
        cmocka_unit_test(test_bad_fixtures),
        cmocka_unit_test(test_hostile_bytes),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_dict_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
