#!/bin/sh
# gen-schema.sh - regenerate src/store_schema.c from data/schema.sql, the
# source of truth for the store's tables (docs/schema.md).  The library
# carries the schema compiled in, so a store opens without a data folder;
# tests/unit/test_store.c checks that the two agree.
#
# Usage: sh tools/gen-schema.sh > src/store_schema.c
set -eu
cd "$(dirname "$0")/.."
cat <<'HEAD'
/*
 * store_schema.c - the store's SQL schema, compiled in.  GENERATED from
 * data/schema.sql by tools/gen-schema.sh: edit that file, not this one.
 * The text still holds the "@ID@" placeholder each backend replaces.
 */
#include "store_int.h"

const char store_schema_sql[] =
HEAD
sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/    "/' -e 's/$/\\n"/' data/schema.sql
echo '    ;'
