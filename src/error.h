/*
 * error.h - the one way redline reports an error.
 *
 * Every module fills an rl_error through err_set(), which formats
 * "file:line:col: message" (location parts left out when zero/NULL).  Nothing
 * else in the library prints to stderr.
 */
#ifndef RL_ERROR_H
#define RL_ERROR_H

#include "redline.h"

#if defined(__GNUC__)
#define RL_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define RL_PRINTF(a, b)
#endif

/* Fill `err` (may be NULL) and return `st`.  `file` may be NULL; `line` and
 * `col` are left out when 0. */
rl_status err_set(rl_error *err, rl_status st, const char *file, long line,
                  long col, const char *fmt, ...) RL_PRINTF(6, 7);

/* Clear an error to RL_OK and an empty message. */
void err_clear(rl_error *err);

#endif
