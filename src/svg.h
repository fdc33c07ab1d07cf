/*
 * svg.h - the two charts of the dashboard, drawn as inline SVG text: the
 * network of countries and the weekly cooperation/conflict timeline of a
 * dyad.
 *
 * The charts take plain arrays (already counted by dash.c) and write SVG
 * markup into an html_buf; they know nothing of SQL or HTTP.  Every label
 * goes through html_text(); links come from a caller's function, so the
 * same chart links to server pages or to anchors of a report file.
 */
#ifndef RL_SVG_H
#define RL_SVG_H

#include <stddef.h>

#include "html.h"

/* At most this many countries are drawn (the most active ones). */
#define SVG_MAX_NODES 40
/* At most this many weeks are drawn (the most recent ones). */
#define SVG_MAX_WEEKS 520

typedef struct svg_node {
    char code[4];   /* "USA" */
    long events;    /* events it takes part in */
} svg_node;

typedef struct svg_edge {
    char a[4], b[4]; /* a < b */
    long events;
    double goldstein; /* mean */
} svg_edge;

/* Writes the href of the page of dyad a-b (already escaped/encoded). */
typedef void (*svg_link_fn)(html_buf *b, const char *a, const char *c, void *ud);

/* Countries on a circle, most active first; an edge per dyad among them,
 * its width growing with the event count and its colour going from red
 * (mean Goldstein -10) through grey (0) to blue (+10).  Nodes and edges
 * beyond SVG_MAX_NODES countries are left out (said in a caption).
 * `link` may be NULL (no links). */
void svg_network(html_buf *b, const svg_node *nodes, size_t n_nodes,
                 const svg_edge *edges, size_t n_edges, svg_link_fn link, void *ud);

typedef struct svg_week {
    int date;      /* YYYYMMDD of the week's Monday */
    long coop;     /* events of quad class 1 and 2 */
    long conflict; /* quad class 3 and 4 */
} svg_week;

/* One bar a week: cooperation upwards (blue), conflict downwards (red),
 * weeks without events left empty on a continuous axis.  `weeks` sorted by
 * date, at most one per week. */
void svg_timeline(html_buf *b, const svg_week *weeks, size_t n_weeks);

#endif
