/*
 * test_arena.c - unit tests for arena.c.
 *
 * Covers bump allocation (zeroed, aligned, limited), big arrays (grown
 * with realloc, kept in order when several move, counted against the
 * limit, freed by reset and free), save/restore, and the reset policy.
 * Leaks and stale links show up under the ASan build of make check.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"

static void test_alloc_zeroed_aligned(void **state)
{
    (void)state;
    arena a;
    arena_init(&a, 0);
    for (size_t n = 1; n < 5000; n += 97) {
        unsigned char *p = arena_alloc(&a, n);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 16, 0);
        for (size_t i = 0; i < n; i++)
            assert_int_equal(p[i], 0);
        memset(p, 0xAB, n);
    }
    char *s = arena_strndup(&a, "abcdef", 3);
    assert_string_equal(s, "abc");
    arena_free(&a);
}

static void test_alloc_limit(void **state)
{
    (void)state;
    arena a;
    arena_init(&a, 1000);
    assert_non_null(arena_alloc(&a, 600));
    assert_null(arena_alloc(&a, 600));
    assert_non_null(arena_alloc(&a, 300));
    assert_null(arena_alloc(&a, (size_t)-1));
    arena_reset(&a);
    assert_non_null(arena_alloc(&a, 900));
    arena_free(&a);
}

static void test_big_grow_keeps_data(void **state)
{
    (void)state;
    arena a;
    arena_init(&a, 0);
    /* three arrays grown in turn, so realloc moves them past each other */
    uint32_t *v[3] = {NULL, NULL, NULL};
    size_t cap = 0;
    for (size_t round = 0; round < 12; round++) {
        size_t ncap = cap ? cap * 2 : 4;
        for (int k = 0; k < 3; k++) {
            uint32_t *p = arena_big(&a, v[k], ncap * sizeof *p);
            assert_non_null(p);
            assert_int_equal((uintptr_t)p % 16, 0);
            for (size_t i = 0; i < cap; i++)
                assert_int_equal(p[i], (uint32_t)(i * 3 + (size_t)k));
            for (size_t i = cap; i < ncap; i++)
                p[i] = (uint32_t)(i * 3 + (size_t)k);
            v[k] = p;
        }
        cap = ncap;
        (void)arena_alloc(&a, 100); /* bump memory between big arrays */
    }
    /* shrinking keeps the first bytes */
    uint32_t *p = arena_big(&a, v[1], 8 * sizeof *p);
    assert_non_null(p);
    for (size_t i = 0; i < 8; i++)
        assert_int_equal(p[i], (uint32_t)(i * 3 + 1));
    arena_reset(&a); /* frees all three: ASan reports a leak otherwise */
    assert_int_equal(a.used, 0);
    assert_null(a.big);
    v[0] = arena_big(&a, NULL, 100);
    assert_non_null(v[0]);
    arena_free(&a);
    assert_null(a.big);
}

static void test_big_limit(void **state)
{
    (void)state;
    arena a;
    arena_init(&a, 10000);
    char *p = arena_big(&a, NULL, 4000);
    assert_non_null(p);
    memset(p, 'x', 4000);
    assert_null(arena_big(&a, NULL, 7000));
    char *q = arena_big(&a, p, 9000);
    assert_non_null(q);
    assert_int_equal(q[3999], 'x');
    /* a failed grow leaves the array valid and owned */
    assert_null(arena_big(&a, q, 20000));
    assert_int_equal(q[0], 'x');
    assert_null(arena_alloc(&a, 2000));
    q = arena_big(&a, q, 1000); /* shrinking gives the bytes back */
    assert_non_null(q);
    assert_non_null(arena_alloc(&a, 2000));
    assert_null(arena_big(&a, NULL, (size_t)-1));
    arena_free(&a);
}

static void test_save_restore(void **state)
{
    (void)state;
    arena a;
    arena_init(&a, 0);
    char *keep = arena_strndup(&a, "kept", 4);
    size_t used0 = a.used;
    arena_mark m = arena_save(&a);
    for (int round = 0; round < 50; round++) {
        /* each round needs several blocks */
        for (int i = 0; i < 40; i++) {
            unsigned char *p = arena_alloc(&a, 10000);
            assert_non_null(p);
            assert_int_equal(p[9999], 0);
            memset(p, 0xCD, 10000);
        }
        arena_restore(&a, m);
        assert_int_equal(a.used, used0);
        assert_string_equal(keep, "kept");
    }
    /* a mark taken on an empty arena releases everything */
    arena_reset(&a);
    arena_mark e = arena_save(&a);
    for (int i = 0; i < 30; i++)
        assert_non_null(arena_alloc(&a, 50000));
    arena_restore(&a, e);
    assert_int_equal(a.used, 0);
    assert_non_null(arena_alloc(&a, 16));
    arena_free(&a);
}

static void test_reset_drops_huge_block(void **state)
{
    (void)state;
#ifdef RL_ARENA_MALLOC
    skip(); /* no blocks in the malloc-per-allocation build */
#endif
    arena a;
    arena_init(&a, 0);
    assert_non_null(arena_alloc(&a, (size_t)20 << 20));
    arena_reset(&a);
    assert_null(a.head);
    assert_non_null(arena_alloc(&a, 100));
    arena_reset(&a);
    assert_non_null(a.head); /* a small block is kept for reuse */
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alloc_zeroed_aligned),
        cmocka_unit_test(test_alloc_limit),
        cmocka_unit_test(test_big_grow_keeps_data),
        cmocka_unit_test(test_big_limit),
        cmocka_unit_test(test_save_restore),
        cmocka_unit_test(test_reset_drops_huge_block),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
