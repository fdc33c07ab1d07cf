#!/bin/sh
# tests/cli/symbols.sh - fails when libredline.so exports a symbol that is
# not part of the public API (everything public starts with rl_).
#
# The library is built with -fvisibility=hidden and RL_API marks the public
# functions; this catches a missing `static` or a stray RL_API.  Symbols the
# linker itself defines (_init, _edata, ...) are allowed.
set -eu
BUILD=${BUILD:-build}
lib=$BUILD/libredline.so
if [ ! -f "$lib" ]; then
    echo "symbols.sh: $lib not found (run make first)" >&2
    exit 1
fi
bad=$(nm -D --defined-only "$lib" | awk '
    NF >= 3 { name = $3 }
    NF == 2 { name = $2 }
    name ~ /^rl_/ { next }
    name ~ /^(_init|_fini|_edata|_end|__bss_start|_DYNAMIC|_GLOBAL_OFFSET_TABLE_)$/ { next }
    { print name }')
n=$(nm -D --defined-only "$lib" | awk '$NF ~ /^rl_/' | wc -l)
if [ -n "$bad" ]; then
    echo "symbols.sh: $lib exports symbols outside the rl_ prefix:" >&2
    printf '  %s\n' $bad >&2
    exit 1
fi
if [ "$n" -eq 0 ]; then
    echo "symbols.sh: $lib exports no rl_ symbol at all" >&2
    exit 1
fi
echo "symbols.sh: $n exported symbols, all rl_*"
