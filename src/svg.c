/*
 * svg.c - draws the network of countries and a dyad's weekly timeline as
 * SVG markup (svg.h).  Layout is deliberately simple and deterministic (a
 * circle, a bar a week) so a page looks the same on every load and the
 * tests can find what they look for.  No SQL, no HTTP here.
 */
#include "svg.h"
#include "date.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SVG_PI 3.14159265358979323846
#define NET_SIZE 640.0
#define NET_RADIUS 250.0


/* -10 red, 0 grey, +10 blue. */
static void svg_goldstein_colour(double g, int rgb[3])
{
    static const int grey[3] = {150, 150, 150}, red[3] = {204, 34, 34},
                     blue[3] = {34, 90, 204};
    if (!(g == g)) /* NaN */
        g = 0;
    double t = g / 10.0;
    if (t > 1) t = 1;
    if (t < -1) t = -1;
    const int *to = t < 0 ? red : blue;
    double f = fabs(t);
    for (int i = 0; i < 3; i++)
        rgb[i] = (int)lround(grey[i] + (to[i] - grey[i]) * f);
}

static int svg_node_cmp(const void *x, const void *y)
{
    const svg_node *a = x, *b = y;
    if (a->events != b->events)
        return a->events > b->events ? -1 : 1;
    return strcmp(a->code, b->code);
}

static int svg_edge_cmp(const void *x, const void *y)
{
    const svg_edge *a = *(const svg_edge *const *)x, *b = *(const svg_edge *const *)y;
    if (a->events != b->events)
        return a->events < b->events ? -1 : 1; /* heaviest drawn last, on top */
    int c = strcmp(a->a, b->a);
    return c ? c : strcmp(a->b, b->b);
}

static int svg_find(const svg_node *nodes, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(nodes[i].code, code) == 0)
            return (int)i;
    return -1;
}

void svg_network(html_buf *b, const svg_node *nodes_in, size_t n_nodes,
                 const svg_edge *edges, size_t n_edges, svg_link_fn link, void *ud)
{
    svg_node nodes[SVG_MAX_NODES];
    size_t total_nodes = n_nodes;
    /* keep the most active countries: sort a copy of at most all of them */
    svg_node *all = n_nodes ? malloc(n_nodes * sizeof *all) : NULL;
    const svg_edge **order = n_edges ? malloc(n_edges * sizeof *order) : NULL;
    if ((n_nodes && !all) || (n_edges && !order)) {
        free(all);
        free(order);
        b->failed = RL_ERR_NOMEM;
        return;
    }
    if (n_nodes)
        memcpy(all, nodes_in, n_nodes * sizeof *all);
    qsort(all, n_nodes, sizeof *all, svg_node_cmp);
    if (n_nodes > SVG_MAX_NODES)
        n_nodes = SVG_MAX_NODES;
    if (n_nodes)
        memcpy(nodes, all, n_nodes * sizeof *nodes);
    free(all);

    double x[SVG_MAX_NODES], y[SVG_MAX_NODES];
    long max_node = 1, max_edge = 1;
    for (size_t i = 0; i < n_nodes; i++) {
        double a = 2.0 * SVG_PI * (double)i / (double)n_nodes - SVG_PI / 2.0;
        x[i] = NET_SIZE / 2 + NET_RADIUS * cos(a);
        y[i] = NET_SIZE / 2 + NET_RADIUS * sin(a);
        if (nodes[i].events > max_node)
            max_node = nodes[i].events;
    }
    size_t n_drawn = 0;
    for (size_t i = 0; i < n_edges; i++) {
        if (svg_find(nodes, n_nodes, edges[i].a) < 0 ||
            svg_find(nodes, n_nodes, edges[i].b) < 0)
            continue;
        order[n_drawn++] = &edges[i];
        if (edges[i].events > max_edge)
            max_edge = edges[i].events;
    }
    if (n_drawn)
        qsort(order, n_drawn, sizeof *order, svg_edge_cmp);

    html_printf(b, "<svg class=\"network\" role=\"img\" viewBox=\"0 0 %.0f %.0f\" "
                   "xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\">\n"
                   "<title>Network of countries: %zu countries, %zu dyads</title>\n",
                NET_SIZE, NET_SIZE, NET_SIZE, NET_SIZE, n_nodes, n_drawn);
    for (size_t k = 0; k < n_drawn; k++) {
        const svg_edge *e = order[k];
        int i = svg_find(nodes, n_nodes, e->a), j = svg_find(nodes, n_nodes, e->b);
        int rgb[3];
        svg_goldstein_colour(e->goldstein, rgb);
        double w = 1.0 + 9.0 * sqrt((double)e->events / (double)max_edge);
        if (link) {
            html_puts(b, "<a href=\"");
            link(b, e->a, e->b, ud);
            html_puts(b, "\">");
        }
        /* codes come from the database: escaped like any outside text */
        html_puts(b, "<line class=\"edge\" data-dyad=\"");
        html_texts(b, e->a);
        html_puts(b, "-");
        html_texts(b, e->b);
        html_printf(b, "\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                       "stroke=\"rgb(%d,%d,%d)\" stroke-width=\"%.1f\" "
                       "stroke-linecap=\"round\" opacity=\"0.8\"><title>",
                    x[i], y[i], x[j], y[j], rgb[0], rgb[1], rgb[2], w);
        html_texts(b, e->a);
        html_puts(b, " &#8211; ");
        html_texts(b, e->b);
        html_printf(b, ": %ld events, mean Goldstein %+.1f</title></line>",
                    e->events, e->goldstein);
        html_puts(b, link ? "</a>\n" : "\n");
    }
    for (size_t i = 0; i < n_nodes; i++) {
        double r = 6.0 + 14.0 * sqrt((double)nodes[i].events / (double)max_node);
        double dx = x[i] - NET_SIZE / 2, dy = y[i] - NET_SIZE / 2;
        double d = sqrt(dx * dx + dy * dy);
        if (d < 1) d = 1;
        double lx = x[i] + dx / d * (r + 14), ly = y[i] + dy / d * (r + 14) + 4;
        html_puts(b, "<g class=\"node\" data-country=\"");
        html_texts(b, nodes[i].code);
        html_printf(b, "\"><circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"#445\"><title>",
                    x[i], y[i], r);
        html_texts(b, nodes[i].code);
        html_printf(b, ": %ld events</title></circle><text x=\"%.1f\" y=\"%.1f\" "
                       "text-anchor=\"middle\" font-size=\"13\">", nodes[i].events, lx, ly);
        html_texts(b, nodes[i].code);
        html_puts(b, "</text></g>\n");
    }
    if (total_nodes > n_nodes)
        html_printf(b, "<text x=\"8\" y=\"%.0f\" font-size=\"12\">%zu less active countries "
                       "not drawn</text>\n", NET_SIZE - 8, total_nodes - n_nodes);
    if (n_nodes == 0)
        html_printf(b, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\">no events</text>\n",
                    NET_SIZE / 2, NET_SIZE / 2);
    html_puts(b, "</svg>\n");
    free(order);
}

#define TL_W 720.0
#define TL_H 260.0
#define TL_LEFT 48.0
#define TL_RIGHT 12.0
#define TL_TOP 22.0
#define TL_BOTTOM 34.0

static void svg_put_date(html_buf *b, int d)
{
    html_printf(b, "%04d-%02d-%02d", d / 10000, (d / 100) % 100, d % 100);
}

void svg_timeline(html_buf *b, const svg_week *weeks, size_t n_weeks)
{
    html_printf(b, "<svg class=\"timeline\" role=\"img\" viewBox=\"0 0 %.0f %.0f\" "
                   "xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\">\n",
                TL_W, TL_H, TL_W, TL_H);
    if (n_weeks == 0) {
        html_printf(b, "<title>No events</title><text x=\"%.0f\" y=\"%.0f\" "
                       "text-anchor=\"middle\">no events</text></svg>\n", TL_W / 2, TL_H / 2);
        return;
    }
    long last = date_days(weeks[n_weeks - 1].date);
    long first = date_days(weeks[0].date);
    if ((last - first) / 7 + 1 > SVG_MAX_WEEKS)
        first = last - 7L * (SVG_MAX_WEEKS - 1);
    long span = (last - first) / 7 + 1;
    long max = 1;
    for (size_t i = 0; i < n_weeks; i++) {
        if (weeks[i].coop > max) max = weeks[i].coop;
        if (weeks[i].conflict > max) max = weeks[i].conflict;
    }
    double pw = TL_W - TL_LEFT - TL_RIGHT, ph = TL_H - TL_TOP - TL_BOTTOM;
    double mid = TL_TOP + ph / 2, half = ph / 2;
    double bw = pw / (double)span;
    html_puts(b, "<title>Cooperation and conflict per week, ");
    svg_put_date(b, date_from_days(first));
    html_puts(b, " to ");
    svg_put_date(b, date_from_days(last));
    html_puts(b, "</title>\n");
    /* axes and scale */
    html_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>\n",
                TL_LEFT, mid, TL_W - TL_RIGHT, mid);
    html_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\"/>\n",
                TL_LEFT, TL_TOP, TL_LEFT, TL_TOP + ph);
    html_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\">%ld</text>\n"
                   "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\">0</text>\n"
                   "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\">%ld</text>\n",
                TL_LEFT - 4, TL_TOP + 10, max, TL_LEFT - 4, mid + 4, TL_LEFT - 4,
                TL_TOP + ph, max);
    html_printf(b, "<text x=\"%.1f\" y=\"14\" font-size=\"12\" fill=\"#225acc\">&#9650; "
                   "cooperation (quad 1-2)</text>"
                   "<text x=\"%.1f\" y=\"14\" font-size=\"12\" fill=\"#cc2222\">&#9660; "
                   "conflict (quad 3-4)</text>\n", TL_LEFT, TL_LEFT + 220);
    for (size_t i = 0; i < n_weeks; i++) {
        long d = date_days(weeks[i].date);
        if (d < first)
            continue;
        double x = TL_LEFT + (double)((d - first) / 7) * bw;
        double w = bw > 2 ? bw - 1 : bw;
        double hc = half * (double)weeks[i].coop / (double)max;
        double hk = half * (double)weeks[i].conflict / (double)max;
        if (weeks[i].coop > 0) {
            html_printf(b, "<rect class=\"coop\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
                           "height=\"%.2f\" fill=\"#225acc\"><title>week of ",
                        x, mid - hc, w, hc);
            svg_put_date(b, weeks[i].date);
            html_printf(b, ": %ld cooperation</title></rect>\n", weeks[i].coop);
        }
        if (weeks[i].conflict > 0) {
            html_printf(b, "<rect class=\"conflict\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
                           "height=\"%.2f\" fill=\"#cc2222\"><title>week of ",
                        x, mid, w, hk);
            svg_put_date(b, weeks[i].date);
            html_printf(b, ": %ld conflict</title></rect>\n", weeks[i].conflict);
        }
    }
    html_printf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">", TL_LEFT, TL_H - 12);
    svg_put_date(b, date_from_days(first));
    html_printf(b, "</text><text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">",
                TL_W - TL_RIGHT, TL_H - 12);
    svg_put_date(b, date_from_days(last));
    html_printf(b, "</text><text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" "
                   "text-anchor=\"middle\">%ld weeks</text>\n", TL_LEFT + pw / 2, TL_H - 12, span);
    html_puts(b, "</svg>\n");
}
