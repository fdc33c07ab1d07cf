/*
 * cameo.c - what a CAMEO event code means: label, PLOVER type/mode/context,
 * Goldstein score and quad class.
 *
 * The table itself lives in data/cameo.tsv and is compiled in through the
 * generated src/cameo_table.h (tools/gen-cameo-table.sh), so the lookup needs
 * no files at run time and no allocation.  This file must not read data files
 * and must not hold state: rl_cameo_lookup is safe from any thread.
 */
#include "redline.h"

#include <stddef.h>
#include <string.h>

#include "cameo_table.h"

/*
 * Quad class by CAMEO root, as in GDELT's event data (field QuadClass:
 * 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material
 * conflict).  GDELT's codebook names the four classes; the roots fall into
 * them as 01-04 -> 1, 05-08 -> 2, 09-13 -> 3, 14-20 -> 4 in its data.  Other
 * data sets differ at the edges (Phoenix and ICEWS count 05 as verbal
 * cooperation and give 01/02 a "neutral" class 0); we follow GDELT.
 */
static const unsigned char cameo_quad_by_root[21] = {
    0,
    1, 1, 1, 1,        /* 01-04 */
    2, 2, 2, 2,        /* 05-08 */
    3, 3, 3, 3, 3,     /* 09-13 */
    4, 4, 4, 4, 4, 4, 4 /* 14-20 */
};

/* Binary search for exactly the first n bytes of `code`. */
static const cameo_entry *cameo_find(const char *code, size_t n)
{
    size_t lo = 0, hi = CAMEO_TABLE_N;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *k = cameo_table[mid].code;
        int c = strncmp(k, code, n);
        if (c == 0 && k[n] != '\0')
            c = 1; /* k is longer: it sorts after the n-byte key */
        if (c == 0)
            return &cameo_table[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

rl_status rl_cameo_lookup(const char *cameo, rl_cameo_info *info)
{
    if (!cameo || !info)
        return RL_ERR_USAGE;
    /* Keep the leading digits: test dictionaries write variants such as
     * "174K"; anything past four digits is a deeper level we do not know. */
    size_t n = 0;
    while (n < 4 && cameo[n] >= '0' && cameo[n] <= '9')
        n++;
    if (n < 2)
        return RL_ERR_USAGE;
    int root = (cameo[0] - '0') * 10 + (cameo[1] - '0');
    if (root < 1 || root > 20)
        return RL_ERR_USAGE;
    const cameo_entry *e = NULL;
    for (; n >= 2 && !e; n--)
        e = cameo_find(cameo, n);
    if (!e)
        return RL_ERR_USAGE;
    info->plover = e->plover[0] ? e->plover : NULL;
    info->mode = e->mode;
    info->context = e->context;
    info->goldstein = e->goldstein;
    info->quad = cameo_quad_by_root[root];
    info->label = e->label;
    return RL_OK;
}
