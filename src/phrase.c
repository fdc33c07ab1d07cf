/*
 * phrase.c - actors and noun phrases: the coder's steps from tagged tokens
 * to the noun phrases verbs take as source and target.
 *
 * For one sentence (see sent_ctx in coder_int.h), in the order code.c calls
 * them: the actor and agent mentions the dictionaries know (longest first),
 * a repair of verbs the tagger left as nouns, the noun phrases around the
 * mentions with their composed codes ("Chinese officials" -> CHNGOV), the
 * compound groups ("Japan and the Philippines"), agents shared across a
 * compound and agents folded into the actor they belong to ("soldiers from
 * Gondor").
 *
 * It must not look at verb groups, bind roles or emit events (clause.c and
 * code.c do); it allocates nothing and never prints.
 */
#include <stdio.h>
#include <string.h>

#include "coder_int.h"

static void drop_mentions_in_names(sent_ctx *x);

/* Whether the actor or agent phrase [i, e) is only an attribute of a word
 * joined to it by a hyphen: "pro-Iranian", "anti-American", "multi-party",
 * "Syrian-backed", "Russian-held".  ("US-led forces" stays the US's:
 * leading is acting.) */
static int attribute_only(const sent_ctx *x, uint32_t i, uint32_t e)
{
    static const char *const before[] = {"PRO", "ANTI", "NON", "MULTI", "CROSS", "INTER",
                                         "ALL", "ONE", "SINGLE", "TWO", "THREE"};
    static const char *const after[] = {"BACKED", "SPONSORED", "SUPPORTED", "ALLIED", "ALIGNED",
                                        "FUNDED", "ARMED", "HELD", "CONTROLLED", "OCCUPIED",
                                        "FRIENDLY", "LEANING", "INSPIRED"};
    if (i >= x->s0 + 2 && is_punct(x, i - 1, '-') && (x->t[i - 1].flags & TOK_HYPHEN_PART)) {
        const char *w = intern_str(x->d->words, x->t[i - 2].word);
        for (size_t k = 0; w && k < sizeof before / sizeof *before; k++)
            if (strcmp(w, before[k]) == 0)
                return 1;
    }
    if (e + 1 < x->s1 && is_punct(x, e, '-') && (x->t[e].flags & TOK_HYPHEN_PART)) {
        const char *w = intern_str(x->d->words, x->t[e + 1].word);
        for (size_t k = 0; w && k < sizeof after / sizeof *after; k++)
            if (strcmp(w, after[k]) == 0)
                return 1;
    }
    return 0;
}

void phrase_find_mentions(sent_ctx *x)
{
    x->n_men = 0;
    for (uint32_t i = x->s0; i < x->s1;) {
        uint32_t ai = 0, gi = 0;
        uint32_t ea = match_actor(x->d, x->t, i, x->s1, &ai);
        uint32_t eg = match_agent(x->d, x->t, i, x->s1, &gi);
        /* "told us", "un-": short names such as US, UN, EU match only when
         * written with a capital */
        if (ea == i + 1 && !(x->t[i].flags & TOK_CAP) && x->t[i].ne - x->t[i].nb <= 3)
            ea = 0;
        /* "pro-Iranian", "anti-American", "Syrian-backed": a sympathy or a
         * sponsor, not the actor itself */
        if (ea && attribute_only(x, i, ea))
            ea = 0;
        /* "on Monday outlawed the group": a verb's inflection found by its
         * lemma is no agent (OUTLAW) */
        if (eg == i + 1 && x->t[i].pos == POS_VERB && x->t[i].word != x->t[i].lemma)
            eg = 0;
        if (eg && attribute_only(x, i, eg))
            eg = 0; /* "multi-party elections", "cross-border" */
        if (ea && ea >= eg) {
            const dict_actor_phrase *ap = &x->d->actor_phrases.v[ai];
            const char *code = dict_actor_code(x->d, ap->actor, x->date);
            if (code && *code && strcmp(code, "---") != 0) {
                x->men[x->n_men++] = (mention){i, ea, 1, ai};
                phrase_remember(x, ap->actor, ap->ph.n > 1 ? x->t[ea - 1].word : 0);
                i = ea;
                continue;
            }
            if (!eg) {
                i = ea; /* a known non-actor phrase: skip it whole */
                continue;
            }
        }
        if (eg) {
            x->men[x->n_men++] = (mention){i, eg, 0, gi};
            i = eg;
            /* a title before a surname the dictionary knows only in full:
             * "President Mugabe" */
            uint32_t k = i;
            while (k < x->s1 && x->t[k].pos == POS_PROPN && k < i + 3)
                k++;
            if (k > i && (k == x->s1 || x->t[k].pos != POS_PROPN)) {
                uint32_t a = match_surname(x->d, x->t[k - 1].word);
                if (a != UINT32_MAX && !match_actor(x->d, x->t, i, x->s1, &(uint32_t){0})) {
                    const char *code = dict_actor_code(x->d, a, x->date);
                    if (code && *code && strcmp(code, "---") != 0) {
                        x->men[x->n_men++] = (mention){i, k, 2, a};
                        i = k;
                    }
                }
            }
            continue;
        }
        /* a surname alone after the full name: "Campbell said" */
        if (x->t[i].pos == POS_PROPN) {
            uint32_t a = phrase_recall(x, x->t[i].word);
            if (a != UINT32_MAX) {
                x->men[x->n_men++] = (mention){i, i + 1, 2, a};
                phrase_remember(x, a, 0);
            }
        }
        i++;
    }
    drop_mentions_in_names(x);
}

/* "the National Committee on US-China Relations", "the Council on Foreign
 * Relations": countries inside the title-case name of an organisation are
 * no actors.  An actor mention (or a hyphenated run of them) between
 * "Name of/on/for" and another capitalised name is dropped. */
static void drop_mentions_in_names(sent_ctx *x)
{
    size_t out = 0;
    for (size_t m = 0; m < x->n_men; m++) {
        mention *mm = &x->men[m];
        int drop = 0;
        if (mm->is_actor && mm->t0 >= x->s0 + 2) {
            uint32_t e = mm->t1;
            size_t k = m + 1;
            /* "US-China": the hyphenated run ends at the last actor */
            while (k < x->n_men && e + 1 < x->s1 && is_punct(x, e, '-') &&
                   x->men[k].t0 == e + 1 && x->men[k].is_actor) {
                e = x->men[k].t1;
                k++;
            }
            const token *before = &x->t[mm->t0 - 1], *name = &x->t[mm->t0 - 2];
            if (e < x->s1 && x->t[e].pos == POS_PROPN && (x->t[e].flags & TOK_CAP) &&
                phrase_mention_at(x, e) < 0 && before->pos == POS_PREP &&
                !(before->flags & TOK_CAP) && name->pos == POS_PROPN &&
                (name->flags & TOK_CAP) && phrase_mention_at(x, mm->t0 - 2) < 0) {
                drop = 1;
                /* the rest of the run goes too */
                for (size_t r = m + 1; r < k; r++)
                    x->men[r].t0 = x->men[r].t1 = 0;
            }
        }
        if (mm->t1 == 0 && mm->t0 == 0)
            drop = 1;
        if (!drop)
            x->men[out++] = *mm;
    }
    x->n_men = out;
}

/* Is actor a a person?  People have dated roles; countries and
 * organisations have none. */
int phrase_is_person(const rl_dict *d, uint32_t a)
{
    return a < d->actors.n && d->actors.v[a].n_roles > 0;
}

void phrase_remember(sent_ctx *x, uint32_t actor, uint32_t surname)
{
    doc_memory *m = &x->c->doc;
    if (!phrase_is_person(x->d, actor))
        return;
    m->person = actor;
    m->person_sent = m->sent;
    if (!surname || phrase_recall(x, surname) == actor)
        return;
    for (size_t k = 0; k < m->n_names; k++)
        if (m->names[k].word == surname) {
            m->names[k].actor = actor; /* the latest "Kim" wins */
            return;
        }
    if (m->n_names < DOC_NAMES_MAX) {
        m->names[m->n_names].word = surname;
        m->names[m->n_names].actor = actor;
        m->n_names++;
    }
}

uint32_t phrase_recall(const sent_ctx *x, uint32_t word)
{
    const doc_memory *m = &x->c->doc;
    if (!word)
        return UINT32_MAX;
    for (size_t k = 0; k < m->n_names; k++)
        if (m->names[k].word == word)
            return m->names[k].actor;
    return UINT32_MAX;
}

static void upcase_into(char *dst, size_t cap, const char *src)
{
    size_t n = 0;
    for (; *src && n + 1 < cap; src++)
        dst[n++] = (*src >= 'a' && *src <= 'z') ? (char)(*src - 32) : *src;
    dst[n] = '\0';
}

static void append_code(char *dst, size_t cap, const char *add)
{
    size_t n = strlen(dst), m = strlen(add);
    if (m == 0)
        return;
    /* do not repeat an agent the actor code already ends with */
    if (n >= 3 + m && memcmp(dst + n - m, add, m) == 0)
        return;
    if (n + m + 1 > cap)
        return;
    memcpy(dst + n, add, m + 1);
}

/* Compose the code of NP tokens [t0,t1) from the mentions inside it;
 * returns 1 when the NP has an actor. */
static int compose_code(sent_ctx *x, uint32_t t0, uint32_t t1, np *p, const char *extra_actor,
                        uint32_t ea0, uint32_t ea1)
{
    char pre[NP_CODE_MAX] = "", actor[NP_CODE_MAX] = "", suf[NP_CODE_MAX] = "";
    uint32_t a0 = UINT32_MAX, a1 = 0;
    for (size_t m = 0; m < x->n_men; m++) {
        const mention *mm = &x->men[m];
        if (mm->t0 < t0 || mm->t1 > t1)
            continue;
        if (mm->is_actor) {
            if (!actor[0]) {
                uint32_t act = mm->is_actor == 2 ? mm->item
                                                 : x->d->actor_phrases.v[mm->item].actor;
                upcase_into(actor, sizeof actor, dict_actor_code(x->d, act, x->date));
                p->actor = act;
                p->person = (uint8_t)phrase_is_person(x->d, act);
            } else {
                continue; /* "Dagolath's Calenardhon..." : the first actor leads */
            }
        } else {
            const dict_agent *ag = &x->d->agents.v[mm->item];
            char up[NP_CODE_MAX];
            upcase_into(up, sizeof up, ag->code);
            append_code(ag->prefix ? pre : suf, NP_CODE_MAX, up);
        }
        if (mm->t0 < a0)
            a0 = mm->t0;
        if (mm->t1 > a1)
            a1 = mm->t1;
    }
    if (!actor[0] && extra_actor) {
        upcase_into(actor, sizeof actor, extra_actor);
        if (ea0 < a0)
            a0 = ea0;
        if (ea1 > a1)
            a1 = ea1;
    }
    if (!actor[0]) {
        if (!pre[0] && !suf[0])
            return 0;
        /* agents alone: "a senior official" is a government of unknown
         * country, "---GOV", as PETRARCH writes it */
        /* codes longer than NP_CODE_MAX are cut: no real code is that long */
        if (snprintf(p->code, sizeof p->code, "%s%s", pre[0] ? pre : "---", suf) >=
            (int)sizeof p->code)
            p->code[sizeof p->code - 1] = '\0';
        p->agent_only = 1;
        p->a0 = a0 == UINT32_MAX ? t0 : a0;
        p->a1 = a1 ? a1 : t1;
        return 1;
    }
    p->agent_only = 0;
    /* an actor may stand for several ("[FRO/BIL/SAM]"): compose each */
    char code[NP_CODE_MAX] = "";
    for (const char *a = actor; *a;) {
        const char *slash = strchr(a, '/');
        size_t n = slash ? (size_t)(slash - a) : strlen(a);
        char one[NP_CODE_MAX];
        if (snprintf(one, sizeof one, "%s%.*s", pre, (int)n, a) >= (int)sizeof one)
            one[sizeof one - 1] = '\0';
        if (suf[0] && !strstr(one + (strlen(one) >= 3 ? 3 : 0), suf))
            append_code(one, sizeof one, suf);
        if (code[0] && strlen(code) + 1 < sizeof code)
            strcat(code, "/");
        if (strlen(code) + strlen(one) < sizeof code)
            strcat(code, one);
        a = slash ? slash + 1 : a + n;
    }
    memcpy(p->code, code, sizeof code);
    p->a0 = a0 == UINT32_MAX ? t0 : a0;
    p->a1 = a1 ? a1 : t1;
    return 1;
}

int phrase_mention_at(const sent_ctx *x, uint32_t i)
{
    for (size_t m = 0; m < x->n_men; m++)
        if (x->men[m].t0 <= i && i < x->men[m].t1)
            return (int)m;
    return -1;
}

static int prep_before(const sent_ctx *x, uint32_t t0)
{
    if (t0 <= x->s0)
        return 0;
    uint8_t p = x->t[t0 - 1].pos;
    /* "at least three civilians" counts them; it places nothing */
    if (is_w(x, t0 - 1, MW_AT) && (is_w(x, t0, MW_LEAST) || is_w(x, t0, MW_MOST)))
        return 0;
    return p == POS_PREP || p == POS_TO;
}

static void pronoun_np(sent_ctx *x, uint32_t i);

/* "the two countries", "both sides": the last two actors the document
 * named together, within DOC_PRONOUN_REACH sentences.  The phrase becomes
 * a compound of two: p itself and a twin over the same tokens. */
static void two_countries(sent_ctx *x, np *p)
{
    static const char *const heads[] = {"COUNTRIES", "NATIONS", "SIDES", "GOVERNMENTS",
                                        "NEIGHBOURS", "NEIGHBORS", "STATES", "LEADERS"};
    const doc_memory *m = &x->c->doc;
    if (m->pair_sent < 0 || m->sent - m->pair_sent > DOC_PRONOUN_REACH ||
        x->n_nps >= MAX_NPS || p->t1 - p->t0 < 2)
        return;
    if (!is_w(x, p->t1 - 2, MW_TWO) && !is_w(x, p->t1 - 2, MW_BOTH))
        return;
    const char *head = intern_str(x->d->words, x->t[p->t1 - 1].word);
    int ok = 0;
    for (size_t k = 0; k < sizeof heads / sizeof *heads; k++)
        ok |= strcmp(head, heads[k]) == 0;
    if (!ok)
        return;
    np *q = &x->nps[x->n_nps];
    *q = *p;
    memcpy(p->code, m->pair[0], sizeof p->code);
    memcpy(q->code, m->pair[1], sizeof q->code);
    p->has_actor = q->has_actor = 1;
    p->a0 = q->a0 = p->t0;
    p->a1 = q->a1 = p->t1;
    q->group = p->group;
    x->n_nps++;
}

void phrase_remember_pair(sent_ctx *x)
{
    for (size_t n = 0; n + 1 < x->n_nps; n++) {
        const np *a = &x->nps[n], *b = &x->nps[n + 1];
        if (!a->has_actor || a->proxy || a->agent_only || a->person || a->group != (int)n ||
            b->group != (int)n || !b->has_actor || b->agent_only || b->person)
            continue;
        if (n + 2 < x->n_nps && x->nps[n + 2].group == (int)n)
            continue; /* three or more */
        doc_memory *m = &x->c->doc;
        memcpy(m->pair[0], a->code, sizeof m->pair[0]);
        memcpy(m->pair[1], b->code, sizeof m->pair[1]);
        m->pair_sent = m->sent;
        return;
    }
}

/* The country an object "it" or "the island" stands for: the nearest actor
 * phrase before token `before` in the sentence that names a country or body
 * (not a person, an agent alone or "---") and is not a clause's subject
 * (followed by its verb).  "Washington opposes any attempt to take the
 * island by force and remains committed to supplying it with weapons":
 * "it" is Taiwan, by way of "the island".  -1 when there is none. */
static int thing_antecedent(const sent_ctx *x, uint32_t before)
{
    for (size_t n = x->n_nps; n > 0;) {
        const np *p = &x->nps[--n];
        if (p->t1 > before || !p->has_actor || p->person || p->agent_only || p->proxy ||
            p->pronoun || p->code[0] == '-')
            continue;
        if (p->t1 < x->s1 && (x->t[p->t1].pos == POS_VERB || x->t[p->t1].pos == POS_AUX))
            continue; /* a subject */
        return (int)n;
    }
    return -1;
}

/* Give phrase p (an object "it", "the island") the code of its antecedent. */
static void thing_np(sent_ctx *x, np *p)
{
    int a = thing_antecedent(x, p->t0);
    if (a < 0)
        return;
    memcpy(p->code, x->nps[a].code, sizeof p->code);
    p->actor = x->nps[a].actor;
    p->has_actor = 1;
    p->object_only = 1;
    p->a0 = p->t0;
    p->a1 = p->t1;
}

void phrase_build_nps(sent_ctx *x)
{
    x->n_nps = 0;
    for (uint32_t i = x->s0; i < x->s1; i++)
        x->np_at[i - x->s0] = -1;
    uint32_t i = x->s0;
    while (i < x->s1 && x->n_nps < MAX_NPS) {
        int m = phrase_mention_at(x, i);
        if (m < 0 && (is_w(x, i, MW_HE) || is_w(x, i, MW_SHE))) {
            pronoun_np(x, i);
            i++;
            continue;
        }
        if (m < 0 && is_w(x, i, MW_IT) && i > x->s0 &&
            (x->t[i - 1].pos == POS_VERB || x->t[i - 1].pos == POS_PREP ||
             x->t[i - 1].pos == POS_TO)) {
            /* an object "it" ("supplying it with weapons") */
            np *p = &x->nps[x->n_nps];
            memset(p, 0, sizeof *p);
            p->actor = UINT32_MAX;
            p->t0 = i;
            p->t1 = i + 1;
            p->group = (int)x->n_nps;
            p->pp = (uint8_t)prep_before(x, i);
            thing_np(x, p);
            if (p->has_actor) {
                x->np_at[i - x->s0] = (int)x->n_nps;
                x->n_nps++;
            }
            i++;
            continue;
        }
        if (m < 0 && !is_nominal(x, i)) {
            i++;
            continue;
        }
        uint32_t j = i;
        for (;;) {
            int mj = phrase_mention_at(x, j);
            if (mj >= 0) {
                j = x->men[mj].t1;
            } else if (j < x->s1 && is_nominal(x, j) &&
                       !(x->t[j].pos == POS_DET && j > i && !is_w(x, j - 1, MW_S))) {
                j++;
            } else if (j > i && j + 1 < x->s1 && x->t[j - 1].pos == POS_ADJ &&
                       (is_w(x, j, MW_AND) || is_w(x, j, MW_OR) || is_punct(x, j, ',')) &&
                       x->t[j + 1].pos == POS_ADJ) {
                j += 2; /* "awful and evil minister" */
            } else if (j > i && j + 1 < x->s1 && (x->t[j].flags & TOK_HYPHEN_PART) &&
                       is_punct(x, j, '-') && phrase_mention_at(x, j + 1) < 0) {
                j += 2; /* "long-threatened", "US-led" stay in their phrase */
            } else {
                break;
            }
            if (j >= x->s1)
                break;
        }
        if (j == i)
            j = i + 1;
        /* "most certainly": determiners alone are no noun phrase */
        int only_det = 1;
        for (uint32_t k = i; k < j; k++)
            if (x->t[k].pos != POS_DET || phrase_mention_at(x, k) >= 0)
                only_det = 0;
        if (only_det) {
            i = j;
            continue;
        }
        np *p = &x->nps[x->n_nps];
        memset(p, 0, sizeof *p);
        p->actor = UINT32_MAX;
        p->t0 = i;
        p->t1 = j;
        p->group = (int)x->n_nps;
        p->pp = (uint8_t)prep_before(x, i);
        p->has_actor = (uint8_t)compose_code(x, i, j, p, NULL, 0, 0);
        for (uint32_t k = i; k < j; k++)
            x->np_at[k - x->s0] = (int)x->n_nps;
        x->n_nps++;
        if (!p->has_actor)
            two_countries(x, p);
        if (!p->has_actor && j == i + 2 && is_w(x, i, MW_THE) && is_w(x, i + 1, MW_ISLAND) &&
            (p->pp || (i > x->s0 && x->t[i - 1].pos == POS_VERB)))
            thing_np(x, p); /* "take the island by force" */
        i = j;
    }
}

/* "he" or "she" stands for the document's salient person when one was
 * named within the last few sentences: a phrase of its own, flagged
 * pronoun, with that person's code on the document date. */
static void pronoun_np(sent_ctx *x, uint32_t i)
{
    const doc_memory *m = &x->c->doc;
    if (m->person_sent < 0 || m->sent - m->person_sent > DOC_PRONOUN_REACH ||
        x->n_nps >= MAX_NPS)
        return;
    const char *code = dict_actor_code(x->d, m->person, x->date);
    if (m->person_code_of == m->person && m->person_code[0])
        code = m->person_code; /* the title the document gave the person */
    if (!code || !*code || strcmp(code, "---") == 0)
        return;
    np *p = &x->nps[x->n_nps];
    memset(p, 0, sizeof *p);
    p->t0 = p->a0 = i;
    p->t1 = p->a1 = i + 1;
    p->group = (int)x->n_nps;
    upcase_into(p->code, sizeof p->code, code);
    p->has_actor = p->person = p->pronoun = 1;
    p->actor = m->person;
    x->np_at[i - x->s0] = (int)x->n_nps;
    x->n_nps++;
}

void phrase_remember_codes(sent_ctx *x)
{
    doc_memory *m = &x->c->doc;
    if (m->person_sent != m->sent)
        return;
    for (size_t k = 0; k < x->n_men; k++) {
        const mention *mm = &x->men[k];
        uint32_t a = mm->is_actor == 1   ? x->d->actor_phrases.v[mm->item].actor
                     : mm->is_actor == 2 ? mm->item
                                         : UINT32_MAX;
        if (a != m->person || mm->t0 < x->s0 || mm->t0 >= x->s1)
            continue;
        int n = x->np_at[mm->t0 - x->s0];
        if (n < 0 || !x->nps[n].has_actor || x->nps[n].code[0] == '-')
            continue;
        memcpy(m->person_code, x->nps[n].code, sizeof m->person_code);
        m->person_code_of = m->person;
    }
}

/* Join actor NPs separated by "and", "or", "," or "-" into compound groups.
 * Runs before phrase_build_nps' agent folding uses groups, so it is called from
 * inside code_sentence between the two steps. */
void phrase_group_compounds(sent_ctx *x)
{
    for (size_t n = 0; n + 1 < x->n_nps; n++) {
        np *p = &x->nps[n], *q = &x->nps[n + 1];
        if (!p->has_actor || !q->has_actor)
            continue;
        uint32_t gap0 = p->t1, gap1 = q->t0;
        int ok = 0;
        if (gap1 == gap0 + 1 &&
            (is_w(x, gap0, MW_AND) || is_w(x, gap0, MW_OR) || is_w(x, gap0, MW_NOR) ||
             is_punct(x, gap0, ',') || is_punct(x, gap0, '-') || is_punct(x, gap0, '/')))
            ok = 1;
        if (gap1 == gap0 + 2 && is_punct(x, gap0, ',') &&
            (is_w(x, gap0 + 1, MW_AND) || is_w(x, gap0 + 1, MW_OR)))
            ok = 1;
        if (!ok)
            continue;
        /* a comma list must end in and/or: "Dagolath, its partner" is an
         * apposition, "Arnor, Osgiliath and Gondor" a list */
        if (is_punct(x, gap0, ',') && gap1 == gap0 + 1 && !x->headline) {
            int ends = 0;
            for (size_t r = n + 1; r + 1 < x->n_nps; r++) {
                np *a = &x->nps[r], *b = &x->nps[r + 1];
                if (!a->has_actor || !b->has_actor)
                    break;
                uint32_t g = a->t1;
                if (b->t0 == g + 1 && (is_w(x, g, MW_AND) || is_w(x, g, MW_OR))) {
                    ends = 1;
                    break;
                }
                if (b->t0 == g + 2 && is_punct(x, g, ',') &&
                    (is_w(x, g + 1, MW_AND) || is_w(x, g + 1, MW_OR))) {
                    ends = 1;
                    break;
                }
                if (!(b->t0 == g + 1 && is_punct(x, g, ',')))
                    break;
            }
            if (!ends)
                continue;
        }
        q->group = p->group;
        if (p->pp)
            q->pp = 1;
    }
}

/* "Indian and Pakistani officials": the agents after the last member of a
 * compound belong to the bare adjectives before it too. */
/* "Danish media and government": a bare agent after the first member of a
 * compound takes that member's country. */
static void share_actor(sent_ctx *x)
{
    for (size_t n = 0; n + 1 < x->n_nps; n++) {
        np *p = &x->nps[n];
        if (!p->has_actor || p->agent_only || p->proxy || p->person || p->actor == UINT32_MAX ||
            p->group != (int)n)
            continue;
        const char *base = dict_actor_code(x->d, p->actor, x->date);
        if (!base || strlen(base) != 3)
            continue; /* only countries lend themselves */
        for (size_t r = n + 1; r < x->n_nps && x->nps[r].group == p->group; r++) {
            np *q = &x->nps[r];
            if (!q->agent_only || strncmp(q->code, "---", 3) != 0 || x->t[q->t0].pos == POS_DET)
                continue;
            char code[NP_CODE_MAX];
            snprintf(code, sizeof code, "%.3s%s", base, q->code + 3);
            memcpy(q->code, code, sizeof code);
            q->agent_only = 0;
        }
    }
}

void phrase_share_agents(sent_ctx *x)
{
    share_actor(x);
    for (size_t n = 0; n + 1 < x->n_nps; n++) {
        np *p = &x->nps[n];
        if (!p->has_actor || p->agent_only || p->proxy)
            continue;
        /* the last member of p's compound */
        size_t last = n;
        for (size_t r = n + 1; r < x->n_nps && x->nps[r].group == p->group; r++)
            last = r;
        if (last == n)
            continue;
        const np *q = &x->nps[last];
        if (q->agent_only)
            continue; /* "Ithilen and the government of Gondor": q is its own */
        char suf[NP_CODE_MAX] = "";
        for (size_t m = 0; m < x->n_men; m++) {
            const mention *mm = &x->men[m];
            if (mm->is_actor || mm->t0 < q->t0 || mm->t1 > q->t1)
                continue;
            const dict_agent *ag = &x->d->agents.v[mm->item];
            char up[NP_CODE_MAX];
            upcase_into(up, sizeof up, ag->code);
            if (!ag->prefix)
                append_code(suf, sizeof suf, up);
        }
        if (!suf[0])
            continue;
        /* only members that are a bare actor mention, nothing else */
        for (size_t r = n; r < last; r++) {
            np *m = &x->nps[r];
            if (m->group != p->group || m->a0 != m->t0 || m->a1 != m->t1 || strchr(m->code, '/'))
                continue;
            int has_agent = 0;
            for (size_t k = 0; k < x->n_men; k++)
                if (!x->men[k].is_actor && x->men[k].t0 >= m->t0 && x->men[k].t1 <= m->t1)
                    has_agent = 1;
            if (!has_agent && x->t[m->t1 - 1].pos != POS_NOUN)
                append_code(m->code, sizeof m->code, suf);
        }
        n = last;
    }
}

/* Agent-only NP + of/in/from + actor NP: "soldiers from Gondor", "the
 * ambassadors of Arnor, Osgiliath and Gondor" -> each member of the actor
 * group gets the agent's code, and the agent NP stands for the group. */
void phrase_fold_agents(sent_ctx *x)
{
    for (size_t n = 0; n + 1 < x->n_nps; n++) {
        np *p = &x->nps[n];
        if (p->has_actor && !p->agent_only)
            continue;
        int has_agent = 0, suffix_agent = 0;
        for (size_t m = 0; m < x->n_men; m++)
            if (!x->men[m].is_actor && x->men[m].t0 >= p->t0 && x->men[m].t1 <= p->t1) {
                has_agent = 1;
                suffix_agent |= !x->d->agents.v[x->men[m].item].prefix;
            }
        uint32_t k = p->t1;
        if (k >= x->s1)
            continue;
        /* agents take "of/in/from X"; a plain noun only "of X" ("a group of
         * Moroccan diplomats", "the government of Gondor"); "peacekeepers in
         * Lebanon" (an IGO~ agent) are not Lebanese */
        if (!(is_w(x, k, MW_OF) ||
              (suffix_agent && (is_w(x, k, MW_IN) || is_w(x, k, MW_FROM)))))
            continue;
        if (!has_agent && p->pp)
            continue;
        /* "withdrew its troops from Ukraine": the troops are the subject's,
         * "from" is where they leave */
        if (x->t[p->t0].pos == POS_POSSPRON)
            continue;
        /* "its invasion of Lebanon" is an event with a target, not an actor */
        uint32_t vf;
        if (!has_agent && match_verb_word(x->d, x->t, p->t1 - 1, &vf))
            continue;
        np *q = &x->nps[n + 1];
        if (q->t0 != k + 1 || !q->has_actor || q->agent_only)
            continue;
        /* the agent NP takes the actor's code; every member of the actor's
         * compound gets its own copy through the group */
        np tmp = *p;
        tmp.code[0] = '\0';
        int qg = q->group;
        for (size_t r = n + 1; r < x->n_nps && x->nps[r].group == qg; r++) {
            np *qq = &x->nps[r];
            if (!qq->has_actor)
                continue;
            np comp = tmp;
            compose_code(x, p->t0, p->t1, &comp, qq->code, qq->a0, qq->a1);
            memcpy(qq->code, comp.code, sizeof comp.code);
            if (r == n + 1)
                qq->a0 = p->t0;
        }
        /* p now stands for the first member; mark it as the compound head */
        memcpy(p->code, q->code, sizeof p->code);
        p->has_actor = 1;
        p->agent_only = 0;
        p->a0 = p->t0;
        p->a1 = q->a1;
        /* p keeps its own group: "Ithilen and the government of Gondor" */
        for (size_t r = n + 1; r < x->n_nps && x->nps[r].group == qg; r++) {
            x->nps[r].group = p->group;
            x->nps[r].absorbed = 1;
            x->nps[r].pp = 0;
        }
        p->absorbed = 0;
        p->proxy = 1;
    }
}

/* The tagger sometimes leaves a verb as a noun or adjective between its
 * subject and its object ("Palestinians reject proposed changes", "has once
 * again outright rejected an Indian proposal").  A dictionary verb form
 * right after a subject or auxiliary (adverbs between) and right before an
 * object's determiner or name is a verb. */
void phrase_repair_tags(sent_ctx *x)
{
    for (uint32_t i = x->s0 + 1; i + 1 < x->s1; i++) {
        token *k = (token *)&x->t[i];
        if (k->pos != POS_NOUN && k->pos != POS_ADJ)
            continue;
        if (k->flags & TOK_CAP)
            continue;
        uint32_t p = i;
        while (p > x->s0 && (x->t[p - 1].pos == POS_ADV || x->t[p - 1].pos == POS_ADJ ||
                             x->t[p - 1].pos == POS_NEG))
            p--;
        if (p == x->s0)
            continue;
        uint8_t prev = x->t[p - 1].pos;
        int after_aux = prev == POS_AUX && !is_be(x, p - 1);
        if (!(prev == POS_PROPN || prev == POS_PRON || after_aux ||
              (prev == POS_NOUN && p == i && (x->t[p - 1].flags & TOK_CAP))))
            continue;
        const token *nx = &x->t[i + 1];
        uint8_t next = nx->pos;
        /* "demanded that the US cancel plans": a name right after "that"
         * is a subject, so the next verb form is its verb */
        uint32_t b = p - 1;
        while (b > x->s0 && (x->t[b - 1].pos == POS_PROPN || x->t[b - 1].pos == POS_DET))
            b--;
        int after_that = prev == POS_PROPN && b > x->s0 && is_w(x, b - 1, MW_THAT) && p == i;
        uint32_t form;
        int phrasal = match_verb(x->d, x->t, i, x->s1, &form) > i + 1; /* "broken down" */
        if (!phrasal &&
            !(next == POS_DET || next == POS_POSSPRON || next == POS_NUM || next == POS_PROPN ||
              (next == POS_VERB && (nx->vform & (VF_PARTICIPLE | VF_PAST))) ||
              (next == POS_NOUN && (nx->flags & TOK_CAP)) || (after_that && next == POS_NOUN)))
            continue;
        if (!phrasal && !match_verb_word(x->d, x->t, i, &form))
            continue;
        size_t n;
        const char *w = tok_str(x->td, k, &n);
        k->pos = POS_VERB;
        if (n > 2 && (w[n - 1] == 'd' || w[n - 1] == 'D') && (w[n - 2] == 'e' || w[n - 2] == 'E'))
            k->vform = VF_PAST | VF_PARTICIPLE;
        else if (n > 1 && (w[n - 1] == 's' || w[n - 1] == 'S'))
            k->vform = VF_PRES3;
        else
            k->vform = VF_BASE;
    }
}
