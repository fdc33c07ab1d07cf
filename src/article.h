/*
 * article.h - the anatomy of a news page copied as plain text.
 *
 * A page copied from a newspaper carries more than the story: the paper's
 * name (masthead), the headline, a byline with the author's e-mail, body
 * paragraphs, a pull-quote set off with its speaker in capitals, and footer
 * lines ("Newspapers in English", "Copyright ...").  article_zones() labels
 * each paragraph with an rl_zone so the coder can skip what is not news:
 * a byline author must never become an actor.  Nothing here tokenizes or
 * codes; it only looks at lines and paragraphs.
 */
#ifndef RL_ARTICLE_H
#define RL_ARTICLE_H

#include <stddef.h>

#include "redline.h"

/* Label the paragraphs of `text` (len bytes, any bytes; valid UTF-8 gives the
 * best results).  One zone per paragraph (a run of non-blank lines), so no
 * sentence can run across a paragraph break; zones are in text order and
 * cover [0, len) without gaps (blank lines belong to the zone before them,
 * leading blank lines to the first).  At most
 * `max` zones are written to `out`; the return value is the number of zones
 * the text needs (like snprintf), so a caller can retry with a larger array.
 * Text with no anatomy (one paragraph, or no headline) is one body zone;
 * an empty or all-blank text gives 0 zones. */
size_t article_zones(const char *text, size_t len, rl_zone_span *out, size_t max);

/* The headline of a text whose zones article_zones() gave: a pointer into
 * `text` and its length without the line end, or NULL when there is none. */
const char *article_headline(const char *text, const rl_zone_span *zones, size_t n_zones,
                             size_t *len);

#endif
