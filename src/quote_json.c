/*
 * quote_json.c - writes one quotation (rl_quote) as a JSONL line.
 *
 * The line is built as a jansson object and dumped compactly with its keys
 * in insertion order, so the field order is fixed (docs/quotes.md).  Text
 * comes from the document, which the reader has made valid UTF-8; a string
 * jansson refuses anyway is written as "".  This file must not decide what
 * a quotation is; it only prints what quote.c gives it.
 */
#include "redline.h"

#include <jansson.h>
#include <string.h>

static json_t *qj_str(const char *s, size_t n)
{
    json_t *j = s ? json_stringn(s, n) : NULL;
    return j ? j : json_string("");
}

static json_t *qj_cstr(const char *s)
{
    return s ? qj_str(s, strlen(s)) : json_null();
}

static json_t *qj_int(size_t v)
{
    return json_integer((json_int_t)v);
}

static json_t *qj_speaker(const rl_speaker *sp)
{
    if (!sp->found)
        return json_null();
    json_t *o = json_object();
    if (!o)
        return NULL;
    json_object_set_new(o, "text", qj_str(sp->mention.text, sp->mention.len));
    json_object_set_new(o, "name", qj_cstr(sp->name));
    json_object_set_new(o, "code", sp->code && sp->code[0] ? qj_cstr(sp->code) : json_null());
    json_object_set_new(o, "start", qj_int(sp->mention.start));
    json_object_set_new(o, "end", qj_int(sp->mention.end));
    json_object_set_new(o, "person", json_boolean(sp->person));
    return o;
}

static json_t *qj_events(const rl_quote *q)
{
    json_t *a = json_array();
    if (!a)
        return NULL;
    for (size_t i = 0; i < q->n_events; i++) {
        const rl_quote_event *e = &q->events[i];
        json_t *o = json_object();
        if (!o)
            continue;
        json_object_set_new(o, "cameo", qj_cstr(e->cameo));
        json_object_set_new(o, "source", qj_cstr(e->source));
        json_object_set_new(o, "source_is_speaker", json_boolean(e->source_is_speaker));
        json_object_set_new(o, "target", e->target && e->target[0] ? qj_cstr(e->target)
                                                                   : json_null());
        json_object_set_new(o, "trigger", qj_str(e->trigger.text, e->trigger.len));
        json_object_set_new(o, "start", qj_int(e->trigger.start));
        json_object_set_new(o, "end", qj_int(e->trigger.end));
        json_array_append_new(a, o);
    }
    return a;
}

rl_status rl_write_quote(FILE *out, const rl_quote *q)
{
    json_t *o = json_object();
    if (!o)
        return RL_ERR_NOMEM;
    json_object_set_new(o, "doc_id", qj_cstr(q->doc && q->doc->id ? q->doc->id : ""));
    json_object_set_new(o, "text", qj_str(q->text, q->text_len));
    json_object_set_new(o, "start", qj_int(q->start));
    json_object_set_new(o, "end", qj_int(q->end));
    json_object_set_new(o, "kind", json_string(rl_quote_kind_name(q->kind)));
    json_object_set_new(o, "cue", qj_cstr(q->cue));
    json_object_set_new(o, "speaker", qj_speaker(&q->speaker));
    json_object_set_new(o, "zone", json_string(rl_zone_name(q->zone)));
    if (q->events)
        json_object_set_new(o, "events", qj_events(q));
    int rc = json_dumpf(o, out, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (rc != 0 || fputc('\n', out) == EOF)
        return RL_ERR_IO;
    return RL_OK;
}
