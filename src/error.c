/*
 * error.c - formats library errors as "file:line:col: message".
 *
 * Must not allocate: it is called on allocation failure paths too.
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

rl_status err_set(rl_error *err, rl_status st, const char *file, long line,
                  long col, const char *fmt, ...)
{
    if (!err)
        return st;
    err->status = st;
    size_t n = 0;
    int w = 0;
    if (file && *file) {
        if (line > 0 && col > 0)
            w = snprintf(err->msg, sizeof err->msg, "%s:%ld:%ld: ", file, line, col);
        else if (line > 0)
            w = snprintf(err->msg, sizeof err->msg, "%s:%ld: ", file, line);
        else
            w = snprintf(err->msg, sizeof err->msg, "%s: ", file);
        if (w > 0)
            n = (size_t)w < sizeof err->msg ? (size_t)w : sizeof err->msg - 1;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg + n, sizeof err->msg - n, fmt, ap);
    va_end(ap);
    return st;
}

void err_clear(rl_error *err)
{
    if (!err)
        return;
    err->status = RL_OK;
    err->msg[0] = '\0';
}

const char *rl_status_name(rl_status st)
{
    switch (st) {
    case RL_OK: return "ok";
    case RL_ERR_NOMEM: return "out of memory";
    case RL_ERR_IO: return "input/output error";
    case RL_ERR_PARSE: return "malformed input";
    case RL_ERR_DICT: return "dictionary error";
    case RL_ERR_TOOBIG: return "input too big";
    case RL_ERR_USAGE: return "usage error";
    case RL_ERR_EOF: return "end of input";
    }
    return "unknown status";
}
