/*
 * clause.c - verb groups and their roles: which tokens are the verbs (and
 * event nouns) of a sentence, with their negation, modality, voice and
 * coordination, and which noun phrase groups are their subject, object,
 * complement-clause subject or conditional subject.
 *
 * Clause position only, over the noun phrases phrase.c built: no parse
 * tree.  It must not change the noun phrases, pick CAMEO codes or emit
 * events (code.c does); it allocates nothing and never prints.
 */
#include <string.h>
#include <strings.h>

#include "coder_int.h"

static void scan_verb_group(sent_ctx *x, vgroup *g)
{
    uint32_t i = g->v0;
    /* passive: a form of BE (adverbs, negation between) before a participle */
    if ((x->t[g->v0].vform & VF_PARTICIPLE) && g->v0 > x->s0 && is_punct(x, g->v0 - 1, ',') &&
        g->v1 < x->s1 && is_w(x, g->v1, MW_BY))
        g->passive = 1; /* reduced relative: "Iran, attacked by Israel," */
    if (x->t[g->v0].vform & VF_PARTICIPLE) {
        uint32_t k = g->v0;
        while (k > x->s0) {
            k--;
            uint8_t p = x->t[k].pos;
            if (p == POS_ADV || p == POS_NEG)
                continue;
            if (is_be(x, k))
                g->passive = 1;
            break;
        }
    }
    while (i > x->s0) {
        uint32_t k = i - 1;
        uint8_t p = x->t[k].pos;
        if (p == POS_AUX || p == POS_MODAL || p == POS_NEG || p == POS_ADV || p == POS_TO) {
            if (p == POS_NEG)
                g->negated = 1;
            if (p == POS_TO && k + 1 == i)
                g->infinitive = 1;
            if (p == POS_MODAL) {
                /* "said they would boycott" is an intent, like "will" */
                if (is_w(x, k, MW_WILL) || is_w(x, k, MW_SHALL) || is_w(x, k, MW_WOULD))
                    g->future = 1;
                else if (!is_w(x, k, MW_CAN) && !is_w(x, k, MW_CA) && !is_w(x, k, MW_WO))
                    g->hypothetical = 1;
                if (is_w(x, k, MW_WO))
                    g->future = 1; /* "won't" */
            }
            i = k;
            continue;
        }
        if (is_w(x, k, MW_TO) && k + 1 == i && i == g->v0 && k > x->s0 &&
            (x->t[g->v0].vform & VF_GERUND) &&
            (x->t[k - 1].pos == POS_VERB || x->t[k - 1].pos == POS_ADJ)) {
            /* "committed to supplying": the gerund takes its subject like
             * an infinitive would */
            g->infinitive = 1;
            i = k;
            continue;
        }
        if ((is_w(x, k, MW_ABOUT) || is_w(x, k, MW_GOING)) && i < g->v0 && x->t[i].pos == POS_TO) {
            g->future = 1; /* "about to", "is going to" */
            i = k;
            continue;
        }
        break;
    }
    g->g0 = i;
    /* "offered to hand over", "is willing to withdraw": an infinitive under
     * a word of intent is an announced act. */
    if (g->infinitive && g->g0 > x->s0 && !(x->t[g->v0].vform & VF_GERUND)) {
        /* announced acts; the list ends with decisions taken ("had decided
         * to provide"), which report the act as under way, not announced */
        static const char *const intent[] = {
            "offer", "offered", "offers", "promise", "promised", "promises", "pledge",
            "pledged", "pledges", "vow", "vowed", "vows", "agree", "agreed", "agrees",
            "plan", "planned", "plans", "intend", "intends", "intended", "decide",
            "decides", "willing", "prepared", "ready", "determined", "committed",
            "set", "expected", "swore", "sworn", "undertook", "resolved", "poised",
            "decided"};
        const size_t n_announced = sizeof intent / sizeof *intent - 1;
        size_t n;
        uint32_t iw = g->g0 - 1;
        if ((x->t[iw].flags & TOK_QUOTE) && iw > x->s0)
            iw--; /* decided "to provide ..." */
        const char *w = tok_str(x->td, &x->t[iw], &n);
        for (size_t k = 0; k < sizeof intent / sizeof *intent; k++)
            if (strlen(intent[k]) == n && strncasecmp(w, intent[k], n) == 0) {
                g->future = k < n_announced;
                g->intent_inf = 1;
                break;
            }
    }
    /* "failed to", "has yet to", "refrained from attacking": the act did
     * not happen */
    if (g->g0 > x->s0) {
        static const char *const nots[] = {"yet", "fail", "failed", "fails", "refrain",
                                           "refrained", "refrains", "refraining", "avoided",
                                           "avoid", "avoids", "stopped", "stops"};
        uint32_t k = g->g0 - 1;
        if (x->t[g->v0].vform & VF_GERUND && is_w(x, k, MW_FROM) && k > x->s0)
            k--; /* "refrained from attacking" */
        else if (x->t[g->v0].vform & VF_GERUND)
            k = g->g0; /* "avoided attacking": the word before the gerund */
        if (k > x->s0 && k == g->g0)
            k--;
        size_t n;
        const char *w = tok_str(x->td, &x->t[k], &n);
        for (size_t q = 0; q < sizeof nots / sizeof *nots; q++)
            if (strlen(nots[q]) == n && strncasecmp(w, nots[q], n) == 0 &&
                (g->infinitive || (x->t[g->v0].vform & VF_GERUND)))
                g->negated = 1;
    }
    /* "no longer", "never" counted above; a conditional clause makes it
     * hypothetical */
    for (uint32_t k = g->g0; k > x->s0;) {
        k--;
        if (is_w(x, k, MW_IF) || is_w(x, k, MW_UNLESS) || is_w(x, k, MW_WHETHER)) {
            g->hypothetical = 1;
            break;
        }
        if (is_clause_break(x, k) || is_verbish(x, k))
            break;
    }
    if (g->g0 > x->s0) {
        uint32_t k = g->g0 - 1;
        if (is_w(x, k, MW_AND) || is_w(x, k, MW_OR) || is_w(x, k, MW_BUT) ||
            (is_punct(x, k, ',') && g->g0 + 0 < x->s1 && x->t[g->v0].pos == POS_VERB &&
             k > x->s0 && x->np_at[k - 1 - x->s0] < 0))
            g->coordinated = 1;
    }
}

/* A gerund noun ("the meeting") whose verb the dictionary knows only by its
 * base form: WordNet gives the verb lemma. */
static uint32_t nominal_verb(const sent_ctx *x, uint32_t i, uint32_t *form)
{
    size_t n;
    const char *w = tok_str(x->td, &x->t[i], &n);
    if (n < 5 || (memcmp(w + n - 3, "ing", 3) != 0 && memcmp(w + n - 3, "ING", 3) != 0))
        return 0;
    char base[INTERN_MAX_WORD + 1];
    size_t bl = lexicon_verb_lemma(x->d->lex, w, n, base, sizeof base);
    if (!bl)
        return 0;
    uint32_t f = match_verb_by_lemma(x->d, intern_find(x->d->words, base, bl));
    if (f == UINT32_MAX)
        return 0;
    *form = f;
    return i + 1;
}

void clause_find_verbs(sent_ctx *x)
{
    x->n_vg = 0;
    for (uint32_t i = x->s0; i < x->s1; i++)
        x->verb_at[i - x->s0] = -1;
    for (uint32_t i = x->s0; i < x->s1 && x->n_vg < MAX_VERBS;) {
        const token *k = &x->t[i];
        /* "Saudi-led", "US-backed": a hyphenated modifier is no verb; nor is
         * the "going" of "going to visit" */
        if (phrase_mention_at(x, i) >= 0 || (k->pos != POS_VERB && k->pos != POS_NOUN) ||
            ((k->flags & TOK_HYPHEN_PART) && i > x->s0 && is_punct(x, i - 1, '-')) ||
            (is_w(x, i, MW_GOING) && i + 2 < x->s1 && x->t[i + 1].pos == POS_TO &&
             x->t[i + 2].pos == POS_VERB)) {
            i++;
            continue;
        }
        uint32_t form = 0;
        uint32_t e = k->pos == POS_NOUN ? match_verb_word(x->d, x->t, i, &form)
                                         : match_verb(x->d, x->t, i, x->s1, &form);
        if (!e && k->pos == POS_NOUN)
            e = nominal_verb(x, i, &form);
        if (!e || (k->pos == POS_NOUN && e != i + 1)) {
            i++;
            continue;
        }
        vgroup *g = &x->vg[x->n_vg];
        memset(g, 0, sizeof *g);
        g->v0 = i;
        g->v1 = e;
        g->form = form;
        g->subj = -1;
        if (k->pos == POS_NOUN)
            g->nominal = 1;
        else
            scan_verb_group(x, g);
        for (uint32_t j = i; j < e; j++)
            x->verb_at[j - x->s0] = (int)x->n_vg;
        x->n_vg++;
        i = e;
    }
}

/* ---- subject and object -------------------------------------------- */

/* The actor group a relative pronoun at token `rel` stands for: the noun
 * phrase just before it ("Japan and the Philippines, whose leaders"), or,
 * when that is a predicate noun ("Ukraine is a state that was invaded"),
 * the subject of the copula.  -1 when none is an actor. */
static int antecedent(const sent_ctx *x, uint32_t rel)
{
    uint32_t k = rel;
    if (k > x->s0 && is_punct(x, k - 1, ','))
        k--;
    if (k <= x->s0)
        return -1;
    int n = x->np_at[k - 1 - x->s0];
    if (n < 0)
        return -1;
    const np *p = &x->nps[n];
    if (p->has_actor && !p->agent_only)
        return p->group;
    /* copula: "X is a sovereign state that ..." */
    uint32_t b = p->t0;
    if (b > x->s0 && is_be(x, b - 1) && b - 1 > x->s0) {
        int m = x->np_at[b - 2 - x->s0];
        if (m >= 0 && x->nps[m].has_actor && !x->nps[m].pp)
            return x->nps[m].group;
    }
    return p->has_actor ? p->group : -1;
}

/* The subject NP of a verb group: the nearest noun phrase to its left in
 * the same clause that is not a prepositional object; -1 when it is not an
 * actor or there is none. */
/* The subject of a verb at token vt that the verb dictionary does not
 * list ("mounted an invasion", "indicated it would"): its verb group is
 * scanned as for a listed verb. */
static int subject_of_bare_verb(const sent_ctx *x, uint32_t vt)
{
    vgroup g;
    memset(&g, 0, sizeof g);
    g.v0 = vt;
    g.v1 = vt + 1;
    g.subj = -1;
    scan_verb_group((sent_ctx *)x, &g);
    return clause_find_subject(x, &g);
}

/* The "(" that the ")" at token `close` ends, at most 12 tokens back;
 * UINT32_MAX when `close` is no ")" or none opens it. */
static uint32_t open_paren(const sent_ctx *x, uint32_t close)
{
    if (!is_punct(x, close, ')'))
        return UINT32_MAX;
    for (uint32_t k = close; k > x->s0 && close - k <= 12; k--)
        if (is_punct(x, k - 1, '('))
            return k - 1;
    return UINT32_MAX;
}

int clause_find_subject(const sent_ctx *x, const vgroup *g)
{
    /* "Pakistan, a key U.S. ally in the war, has refused": after an
     * apposition set off by commas, the subject is the phrase before it */
    /* ... and after a relative or participle clause set off the same way:
     * "Germany, which supports Ukraine, criticized Russia", "Iran, attacked
     * by Israel on Friday, condemned" */
    if (g->g0 > x->s0 + 2 && is_punct(x, g->g0 - 1, ',')) {
        uint32_t c = g->g0 - 1;
        while (c > x->s0 && c + 30 > g->g0 && !is_punct(x, c - 1, ',') &&
               !is_punct(x, c - 1, ';') && !is_punct(x, c - 1, ':') &&
               !(x->t[c - 1].flags & TOK_QUOTE))
            c--;
        if (c > x->s0 + 1 && is_punct(x, c - 1, ',')) {
            uint32_t h = c - 2;
            /* "The Union of Teachers (NUT), the umbrella union, announced" */
            uint32_t open = open_paren(x, h);
            if (open != UINT32_MAX && open > x->s0)
                h = open - 1;
            int n = x->np_at[h - x->s0];
            /* "the Union of Teachers": the head before its "of" phrase */
            while (n >= 0 && x->nps[n].pp && x->nps[n].t0 > x->s0 + 1 &&
                   is_w(x, x->nps[n].t0 - 1, MW_OF) && x->np_at[x->nps[n].t0 - 2 - x->s0] >= 0)
                n = x->np_at[x->nps[n].t0 - 2 - x->s0];
            if (n >= 0 && x->nps[n].has_actor && !x->nps[n].pp)
                return x->nps[n].group;
        }
    }
    for (uint32_t i = g->g0; i > x->s0;) {
        i--;
        uint32_t open = open_paren(x, i);
        if (open != UINT32_MAX) {
            /* "The pro-Iranian Hizbollah (Party of God) group declared":
             * a parenthesis is passed over whole */
            /* ... unless only the parenthesis names an actor: "The
             * International Labour Office (ILO) reiterated" */
            int before = open > x->s0 ? x->np_at[open - 1 - x->s0] : -1;
            if (before < 0 || !x->nps[before].has_actor) {
                for (uint32_t q = open + 1; q < i; q++) {
                    int n = x->np_at[q - x->s0];
                    if (n >= 0 && x->nps[n].has_actor && !x->nps[n].agent_only)
                        return x->nps[n].group;
                }
            }
            i = open;
            continue;
        }
        if (is_clause_break(x, i)) {
            /* a relative pronoun right before the verb group is the
             * subject: it stands for its antecedent */
            if (i + 1 == g->g0 && (x->t[i].pos == POS_WH || is_w(x, i, MW_THAT)))
                return antecedent(x, i);
            return -1;
        }
        if (x->t[i].pos == POS_PRON && x->np_at[i - x->s0] >= 0 &&
            x->nps[x->np_at[i - x->s0]].pronoun)
            return x->nps[x->np_at[i - x->s0]].group; /* "he added" */
        if (x->t[i].pos == POS_PRON) {
            /* "Switzerland said it had expelled": a pronoun opening the
             * clause a reporting verb governs is that verb's subject */
            uint32_t k = i;
            if (k > x->s0 && is_w(x, k - 1, MW_THAT))
                k--;
            /* "said today it", "said on Wednesday they" */
            for (int hop = 0; hop < 3 && k > x->s0; hop++) {
                int tn = x->np_at[k - 1 - x->s0];
                if (x->t[k - 1].pos == POS_ADV) {
                    k--;
                } else if (tn >= 0 && !x->nps[tn].has_actor && x->nps[tn].t0 > x->s0 &&
                           x->t[x->nps[tn].t0 - 1].pos == POS_PREP) {
                    k = x->nps[tn].t0 - 1; /* "said on Wednesday they" */
                } else if (tn >= 0 && x->nps[tn].t0 == k - 1 && x->nps[tn].t1 == k &&
                           !x->nps[tn].has_actor && x->t[k - 1].pos == POS_NOUN) {
                    k--; /* "said today it" */
                } else {
                    break;
                }
            }
            if (k > x->s0) {
                int v = x->verb_at[k - 1 - x->s0];
                if (v >= 0 && &x->vg[v] != g && x->vg[v].v1 == k &&
                    lexicon_is_report_verb(x->d->lex, x->t[x->vg[v].v0].lemma))
                    return x->vg[v].subj >= 0 ? x->vg[v].subj : clause_find_subject(x, &x->vg[v]);
                if (v < 0 && x->t[k - 1].pos == POS_VERB &&
                    lexicon_is_report_verb(x->d->lex, x->t[k - 1].lemma)) {
                    /* a reporting verb no verb dictionary lists ("indicated") */
                    return subject_of_bare_verb(x, k - 1);
                }
            }
            return -1; /* other pronouns: no coreference here yet */
        }
        int n = x->np_at[i - x->s0];
        if (n < 0)
            continue;
        const np *p = &x->nps[n];
        if (p->absorbed || (p->pp && !p->has_actor) || p->object_only) {
            i = p->t0;
            continue;
        }
        if (p->pp) {
            /* a PP object ("in Arnor") is not a subject unless folded */
            i = p->t0;
            continue;
        }
        /* first member of a compound stands for the group; a phrase with
         * no country ("tanks", "leaders") may point to one that has */
        if (!p->has_actor && p->t0 > x->s0 + 1 && is_punct(x, p->t0 - 1, ')')) {
            i = p->t0; /* "Hizbollah (Party of God) group": the name's head */
            continue;
        }
        if (!p->has_actor || p->agent_only) {
            /* "Israeli helicopters and tanks shelled": a plain noun
             * conjoined to an actor phrase shares its actor */
            if (p->t0 > x->s0 + 1 && (is_w(x, p->t0 - 1, MW_AND) || is_w(x, p->t0 - 1, MW_OR))) {
                int m = x->np_at[p->t0 - 2 - x->s0];
                if (m >= 0 && x->nps[m].has_actor && !x->nps[m].agent_only && !x->nps[m].pp)
                    return x->nps[m].group;
            }
            /* "..., whose leaders will meet" */
            if (p->t0 > x->s0 && is_w(x, p->t0 - 1, MW_WHOSE)) {
                int a = antecedent(x, p->t0 - 1);
                if (a >= 0 || !p->agent_only)
                    return a;
            }
            if (p->agent_only)
                return p->group;
            /* "the state's fiercest foe" apposition after an actor: look
             * past "X, NP," (an NP set off by commas on both sides) */
            int name_only = 1;
            for (uint32_t k = p->t0; k < p->t1; k++) {
                /* names with particles: "Hamad bin Khalifa al-Thani" */
                const token *tk = &x->t[k];
                if (tk->pos != POS_PROPN && !(tk->flags & TOK_HYPHEN_PART) &&
                    !(tk->pos == POS_NOUN && !(tk->flags & TOK_CAP) && tk->ne - tk->nb <= 3))
                    name_only = 0;
            }
            if (p->t0 > x->s0 + 1 && is_punct(x, p->t0 - 1, ',') &&
                ((p->t1 < x->s1 && is_punct(x, p->t1, ',')) || name_only)) {
                i = p->t0 - 1;
                continue;
            }
            return -1;
        }
        return x->nps[n].group;
    }
    return -1;
}

/* The object: the first actor NP after the verb in its clause, passing
 * over non-actor NPs and prepositions, stopping at clause breaks, finite
 * verbs and subjects of complement clauses. */
/* Does phrase p carry the code of group gr's first member? */
static int same_code_as_group(const sent_ctx *x, const np *p, int gr)
{
    if (gr < 0)
        return 0;
    for (size_t r = 0; r < x->n_nps; r++)
        if (x->nps[r].group == gr && x->nps[r].has_actor && !x->nps[r].proxy)
            return strcmp(x->nps[r].code, p->code) == 0;
    return 0;
}

int clause_find_object(const sent_ctx *x, uint32_t from, int not_group)
{
    /* an agent without a country ("military aid", "demonstrators") is the
     * object only when no actor with one follows in the clause */
    int fallback = -1;
    for (uint32_t i = from; i < x->s1; i++) {
        if (is_clause_break(x, i))
            return fallback;
        if ((is_w(x, i, MW_AND) || is_w(x, i, MW_OR)) && i + 1 < x->s1 &&
            (is_verbish(x, i + 1) || x->t[i + 1].pos == POS_ADV)) {
            /* "donated and delivered goods to X": two verbs right after
             * each other share the object after the second */
            uint32_t k = i + 1;
            while (k < x->s1 && x->t[k].pos == POS_ADV)
                k++;
            if (i == from && k < x->s1 && x->t[k].pos == POS_VERB && fallback < 0) {
                i = k;
                continue;
            }
            return fallback;
        }
        if (is_verbish(x, i)) {
            int v = x->verb_at[i - x->s0];
            int inf = (v >= 0 && x->vg[v].infinitive) || (i > x->s0 && x->t[i - 1].pos == POS_TO);
            if (!inf && !(x->t[i].vform & (VF_GERUND | VF_PARTICIPLE)))
                return fallback;
        }
        int n = np_start_at(x, i);
        if (n < 0)
            continue;
        const np *p = &x->nps[n];
        uint32_t e = p->t1;
        /* the subject's own country is no target ("Israel threatened to
         * ban voting in East Jerusalem if Hamas ...") */
        if (!p->has_actor || p->group == not_group || same_code_as_group(x, p, not_group)) {
            i = e - 1;
            continue;
        }
        /* subject of a complement clause: "said Beijing had decided" */
        uint32_t ge = e;
        for (size_t r = (size_t)n + 1; r < x->n_nps && x->nps[r].group == p->group; r++)
            ge = x->nps[r].t1;
        /* (a prepositional object never is: "granted asylum to Panamanian
         * officers holed up in ...") */
        if (!p->pp && ge < x->s1 &&
            (x->t[ge].pos == POS_AUX || x->t[ge].pos == POS_MODAL ||
             (x->t[ge].pos == POS_VERB && !(x->t[ge].vform & VF_GERUND))))
            return fallback;
        if (p->agent_only) {
            if (fallback < 0)
                fallback = p->group;
            i = ge - 1;
            continue;
        }
        return p->group;
    }
    return fallback;
}

/* A reporting verb's pattern that reaches into the clause it reports ("said
 * ... release") would take that clause's own verb: let the verb code. */
int clause_steals_clause(const sent_ctx *x, const vgroup *g, const binding *b)
{
    if (b->hi <= g->v1 || !lexicon_is_report_verb(x->d->lex, x->t[g->v0].lemma))
        return 0;
    for (uint32_t i = g->v1; i < b->hi; i++) {
        int v = x->verb_at[i - x->s0];
        if (v >= 0 && !x->vg[v].nominal)
            return 1;
    }
    return 0;
}

/* Members (actors, not proxies) of compound group gr. */
int clause_group_size(const sent_ctx *x, int gr)
{
    int n = 0;
    for (size_t r = 0; r < x->n_nps; r++)
        n += x->nps[r].group == gr && x->nps[r].has_actor && !x->nps[r].proxy;
    return n;
}

/* Does "neither" open the clause before the verb group? */
int clause_is_reported(const sent_ctx *x, const vgroup *g)
{
    if (x->t[g->v0].flags & TOK_INQUOTE)
        return 1;
    for (size_t k = 0; k < x->n_vg; k++) {
        const vgroup *r = &x->vg[k];
        if (r == g || r->nominal || !lexicon_is_report_verb(x->d->lex, x->t[r->v0].lemma))
            continue;
        if (r->v0 < g->v0) {
            /* "X said (that) Y attacked Z", but not a relative clause the
             * writer adds after the report ("..., whose leaders will meet") */
            int inside = 1;
            for (uint32_t i = r->v1; i < g->v0; i++)
                if (x->t[i].pos == POS_WH || is_punct(x, i, ';'))
                    inside = 0;
            if (inside)
                return 1;
            continue;
        }
        /* "Y attacked Z, X said": the reporting verb ends the sentence */
        for (uint32_t i = g->v1; i < r->g0; i++)
            if (is_punct(x, i, ',') && i + 1 < x->s1)
                return 1;
    }
    return 0;
}

int clause_neither_before(const sent_ctx *x, const vgroup *g)
{
    for (uint32_t i = g->g0; i > x->s0;) {
        i--;
        if (is_w(x, i, MW_NEITHER))
            return 1;
        if (is_clause_break(x, i) || is_verbish(x, i))
            return 0;
    }
    return 0;
}

/* Does compound group c start after the verb? */
int clause_comp_after_verb(const sent_ctx *x, const vgroup *g, int c)
{
    for (size_t r = 0; r < x->n_nps; r++)
        if (x->nps[r].group == c)
            return x->nps[r].t0 >= g->v1;
    return 0;
}

/* An event noun codes only with an actor on both sides: the possessor or
 * "by X" as source ("Xi's meeting", "a visit by Blinken") and the object of
 * "with/to/against/on/of" right after it as target ("with Lavrov").  Returns
 * 1 and sets *sg, *tg when both are found. */
int clause_nominal_roles(const sent_ctx *x, const vgroup *g, int *sg, int *tg, int *light)
{
    *sg = *tg = -1;
    *light = 0;
    int n = x->np_at[g->v0 - x->s0];
    /* possessor or modifier: the actor of the noun's own phrase, before the
     * noun ("Xi's meeting", "the Israeli strike", "US-China talks") */
    if (n >= 0 && x->nps[n].has_actor && !x->nps[n].proxy && !x->nps[n].agent_only &&
        x->nps[n].a1 <= g->v0 && x->nps[n].t0 < g->v0)
        *sg = x->nps[n].group;
    if (*sg >= 0) {
        int members = 0;
        for (size_t r = 0; r < x->n_nps; r++)
            members += x->nps[r].group == *sg && x->nps[r].has_actor && !x->nps[r].proxy;
        if (members > 1)
            *tg = *sg; /* "US-China talks": each with the other */
    }
    /* "will meet the US president for formal talks": the verb's subject
     * and object are the parties of the talks */
    if (*sg < 0 && n >= 0 && x->nps[n].t0 > x->s0 + 2 && is_w(x, x->nps[n].t0 - 1, MW_FOR)) {
        int o = x->np_at[x->nps[n].t0 - 2 - x->s0];
        if (o >= 0 && x->nps[o].has_actor && x->nps[o].t0 > x->s0) {
            int v = x->verb_at[x->nps[o].t0 - 1 - x->s0];
            /* only meetings: "thanked Poland for support" is Poland's */
            if (v >= 0 && !x->vg[v].nominal && x->vg[v].code_root[0] == '0' &&
                (x->vg[v].code_root[1] == '3' || x->vg[v].code_root[1] == '4')) {
                int vs = x->vg[v].subj >= 0 ? x->vg[v].subj : clause_find_subject(x, &x->vg[v]);
                if (vs >= 0 && vs != x->nps[o].group) {
                    *sg = vs;
                    *tg = x->nps[o].group;
                    return 1;
                }
            }
        }
    }
    if (*sg < 0 && n >= 0 && x->nps[n].t0 > x->s0) {
        *light = 1;
        /* "held talks with", "mounted an invasion of": the subject of the
         * verb whose object the noun is */
        uint32_t vt = x->nps[n].t0 - 1;
        int v = x->verb_at[vt - x->s0];
        if (v >= 0 && x->vg[v].subj >= 0) {
            *sg = x->vg[v].subj;
        } else if (v >= 0 && !x->vg[v].nominal) {
            *sg = clause_find_subject(x, &x->vg[v]);
        } else if (v < 0 && x->t[vt].pos == POS_VERB) {
            /* a light verb the dictionary does not list ("mounted") */
            *sg = subject_of_bare_verb(x, vt);
        }
    }
    uint32_t i = n >= 0 ? x->nps[n].t1 : g->v1;
    if (i < g->v1)
        i = g->v1;
    /* "the meeting between Biden and Xi": each with the other */
    if (*sg < 0 && i + 1 < x->s1 && is_w(x, i, MW_BETWEEN)) {
        int m = x->np_at[i + 1 - x->s0];
        if (m >= 0 && x->nps[m].t0 == i + 1 && x->nps[m].has_actor &&
            clause_group_size(x, x->nps[m].group) > 1) {
            *sg = *tg = x->nps[m].group;
            *light = 0;
            return 1;
        }
    }
    for (int round = 0; round < 3 && i + 1 < x->s1; round++) {
        int by = is_w(x, i, MW_BY);
        int to = is_w(x, i, MW_WITH) || is_w(x, i, MW_TO) || is_w(x, i, MW_AGAINST) ||
                 is_w(x, i, MW_ON) || is_w(x, i, MW_OF);
        if (!by && !to)
            break;
        int m = x->np_at[i + 1 - x->s0];
        if (m >= 0 && x->nps[m].t0 == i + 1 && !x->nps[m].has_actor && is_w(x, i, MW_OF) &&
            round == 0) {
            /* "a suspension of flights to Serbia", "the withdrawal of troops
             * from Panama": past what the act is about to its party */
            i = x->nps[m].t1;
            if (i < x->s1 && is_w(x, i, MW_FROM))
                to = 1;
            continue;
        }
        if (is_w(x, i, MW_FROM) && round > 0)
            to = 1;
        if (m < 0 || x->nps[m].t0 != i + 1 || !x->nps[m].has_actor)
            break;
        if (by && *sg < 0)
            *sg = x->nps[m].group;
        else if (to && *tg < 0)
            *tg = x->nps[m].group;
        /* next prepositional phrase: "a visit to Beijing by Blinken" */
        uint32_t e = x->nps[m].t1;
        for (size_t r = (size_t)m + 1; r < x->n_nps && x->nps[r].group == x->nps[m].group; r++)
            e = x->nps[r].t1;
        while (e < x->s1 && (x->t[e].pos == POS_PREP || x->t[e].pos == POS_NUM) &&
               !is_w(x, e, MW_BY) && (e + 1 >= x->s1 || x->np_at[e + 1 - x->s0] < 0 ||
                                      !x->nps[x->np_at[e + 1 - x->s0]].has_actor))
            e += 2; /* "on Tuesday" */
        i = e;
    }
    return *sg >= 0 && *tg >= 0;
}

/* "Closer Beijing ties with Moscow risk crossing a red line, Washington
 * warns": a reporting verb whose subject follows the clause it reports
 * takes that clause's first actor as its target. */
int clause_fronted_target(const sent_ctx *x, const vgroup *g, int sg)
{
    if (!lexicon_is_report_verb(x->d->lex, x->t[g->v0].lemma))
        return -1;
    if (g->v1 < x->s1 && !(x->t[g->v1].flags & TOK_PUNCT) && x->t[g->v1].pos != POS_PREP &&
        x->t[g->v1].pos != POS_ADV)
        return -1;
    uint32_t st = UINT32_MAX;
    for (size_t r = 0; r < x->n_nps; r++)
        if (x->nps[r].group == sg && x->nps[r].t0 < st)
            st = x->nps[r].t0;
    if (st == UINT32_MAX || st <= x->s0 + 1 || !is_punct(x, st - 1, ','))
        return -1;
    for (size_t r = 0; r < x->n_nps && x->nps[r].t1 < st; r++) {
        const np *p = &x->nps[r];
        if (p->has_actor && !p->proxy && p->group != sg && !p->pp)
            return p->group;
    }
    return -1;
}

/* Is there an "if"/"unless" clause after the verb in this sentence? */
int clause_has_condition_after(const sent_ctx *x, const vgroup *g)
{
    for (uint32_t i = g->v1; i < x->s1; i++)
        if (is_w(x, i, MW_IF) || is_w(x, i, MW_UNLESS))
            return 1;
    return 0;
}

/* The actor subject of the first "if"/"unless" clause after the verb:
 * "threatened to stop negotiations if the United States goes ahead". */
int clause_conditional_subject(const sent_ctx *x, const vgroup *g)
{
    for (uint32_t i = g->v1; i + 1 < x->s1; i++) {
        if (!is_w(x, i, MW_IF) && !is_w(x, i, MW_UNLESS))
            continue;
        int n = np_start_at(x, i + 1);
        if (n >= 0 && x->nps[n].has_actor && !x->nps[n].proxy)
            return x->nps[n].group;
        return -1;
    }
    return -1;
}

/* The subject of the clause a verb reports or demands: "demanded that the
 * US cancel", "said Sudan must return".  Sets *must when that clause's verb
 * group holds "must" or "should".  -1 when there is none. */
/* Does a "that" clause follow at i, adverbs and "on Thursday" between? */
static int noun_then_that(const sent_ctx *x, uint32_t i)
{
    for (int k = 0; k < 4 && i < x->s1; k++) {
        if (is_w(x, i, MW_THAT))
            return 1;
        if (x->t[i].pos == POS_ADV)
            i++;
        else if (x->t[i].pos == POS_PREP && i + 1 < x->s1 && x->np_at[i + 1 - x->s0] >= 0)
            i = x->nps[x->np_at[i + 1 - x->s0]].t1;
        else
            return 0;
    }
    return 0;
}

int clause_complement_subject(const sent_ctx *x, const vgroup *g, int *must)
{
    *must = 0;
    uint32_t i = g->v1;
    /* "on Tuesday", adverbs */
    for (int k = 0; k < 4 && i < x->s1; k++) {
        if (x->t[i].pos == POS_ADV) {
            i++;
        } else if (x->t[i].pos == POS_PREP && i + 1 < x->s1 && x->np_at[i + 1 - x->s0] >= 0 &&
                   !x->nps[x->np_at[i + 1 - x->s0]].has_actor) {
            i = x->nps[x->np_at[i + 1 - x->s0]].t1;
        } else if (k == 0 && np_start_at(x, i) >= 0 && !x->nps[np_start_at(x, i)].has_actor &&
                   noun_then_that(x, x->nps[np_start_at(x, i)].t1)) {
            i = x->nps[np_start_at(x, i)].t1; /* "expressed hopes (on Monday) that" */
        } else {
            break;
        }
    }
    if (i < x->s1 && is_w(x, i, MW_THAT))
        i++;
    if (i >= x->s1)
        return -1;
    int n = np_start_at(x, i);
    if (n < 0 || !x->nps[n].has_actor)
        return -1;
    uint32_t e = x->nps[n].t1;
    for (size_t r = (size_t)n + 1; r < x->n_nps && x->nps[r].group == x->nps[n].group; r++)
        e = x->nps[r].t1;
    /* "that Osgiliath, the state's fiercest foe, could be drawn" */
    if (e + 2 < x->s1 && is_punct(x, e, ',')) {
        uint32_t k = e + 1;
        while (k < x->s1 && k < e + 10 && !is_punct(x, k, ',') && !is_verbish(x, k))
            k++;
        if (k < x->s1 && is_punct(x, k, ',') && k > e + 1)
            e = k + 1;
    }
    /* "the Democratic People's Republic of Korea (DPRK) forsake" */
    if (e < x->s1 && is_punct(x, e, '(')) {
        uint32_t k = e + 1;
        while (k < x->s1 && k < e + 8 && !is_punct(x, k, ')'))
            k++;
        if (k < x->s1 && is_punct(x, k, ')'))
            e = k + 1;
    }
    if (e >= x->s1 || !is_verbish(x, e))
        return -1;
    for (uint32_t k = e; k < x->s1 && k < e + 4 && (is_verbish(x, k) || x->t[k].pos == POS_ADV ||
                                                    x->t[k].pos == POS_NEG); k++)
        if (is_w(x, k, MW_MUST) || is_w(x, k, MW_SHOULD))
            *must = 1;
    return x->nps[n].group;
}
