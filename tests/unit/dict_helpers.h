/*
 * dict_helpers.h - small helpers the dictionary unit tests share: a fresh
 * dictionary set over data/, and adding a file that must load.  Include
 * after <cmocka.h> and "redline.h".
 */
#ifndef RL_TEST_DICT_HELPERS_H
#define RL_TEST_DICT_HELPERS_H

#include <stdio.h>

#define DATA_DIR "data"

static inline rl_dict *new_dict(void)
{
    rl_dict *d = NULL;
    rl_error err;
    rl_status st = rl_dict_new(&d, DATA_DIR, &err);
    if (st)
        fprintf(stderr, "rl_dict_new: %s\n", err.msg);
    assert_int_equal(st, RL_OK);
    return d;
}

static inline void add_ok(rl_dict *d, rl_dict_kind kind, const char *path)
{
    rl_error err;
    rl_status st = rl_dict_add_file(d, kind, path, 0, &err);
    if (st)
        fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(st, RL_OK);
}

#endif
