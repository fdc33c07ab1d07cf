#!/bin/sh
# tests/run-all.sh - the whole test suite, as `make check` runs it.
#
#   1. every unit test binary in $BUILD/tests/ (cmocka), one test each;
#   2. `redline eval --require 100` on every tests/cases/*.txt, one test
#      per case file (adding a case needs no C), except
#      tests/cases/known-failures.txt and tests/cases/todo-*.txt: cases the
#      coder gets wrong today, scored with plain `redline eval` and
#      reported ("info" lines), failing only on a crash or sanitizer report;
#   3. every black-box CLI test tests/cli/*.test (tests/cli/run.sh).
#
# Environment: REDLINE (default build/redline), BUILD (default build).
# Runs from the repository root whatever the caller's folder.  Prints one
# line per test, then a last line exactly "N passed, N failed"; exits 1 when
# anything failed.  It only reads the tree; scratch files go to $TMPDIR.

set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 2

BUILD=${BUILD:-build}
REDLINE=${REDLINE:-$BUILD/redline}
case $REDLINE in /*) ;; *) REDLINE=$ROOT/$REDLINE ;; esac
export REDLINE BUILD

# A sanitizer report must not look like an ordinary exit status.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=99
UBSAN_OPTIONS=${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}exitcode=98:print_stacktrace=1
export ASAN_OPTIONS UBSAN_OPTIONS

LOG=$(mktemp "${TMPDIR:-/tmp}/redline-test.XXXXXX") || exit 2
trap 'rm -f "$LOG"' EXIT

TIMEOUT=
if command -v timeout >/dev/null 2>&1; then
    TIMEOUT="timeout 900"
fi

passed=0
failed=0
skipped=0

# show_failure NAME: print the tail of the log of a failed step.
show_failure() {
    echo "FAIL $1"
    tail -n 40 "$LOG" | sed 's/^/     /'
}

# 1. unit tests ------------------------------------------------------------
echo "== unit tests ($BUILD/tests)"
for t in "$BUILD"/tests/test_*; do
    [ -f "$t" ] && [ -x "$t" ] || continue
    name=unit/$(basename "$t")
    if $TIMEOUT "$t" > "$LOG" 2>&1; then
        echo "ok   $name"
        passed=$((passed + 1))
    else
        show_failure "$name"
        failed=$((failed + 1))
    fi
done

# 2. text cases --------------------------------------------------------------
echo "== text cases (tests/cases)"
for c in tests/cases/*.txt; do
    [ -f "$c" ] || continue
    case $c in tests/cases/known-failures.txt|tests/cases/todo-*.txt) continue ;; esac
    name=cases/$(basename "$c")
    if [ ! -x "$REDLINE" ]; then
        echo "FAIL $name: no redline binary at $REDLINE"
        failed=$((failed + 1))
        continue
    fi
    if $TIMEOUT "$REDLINE" eval --require 100 --show-misses "$c" > "$LOG" 2>&1; then
        echo "ok   $name"
        passed=$((passed + 1))
    else
        show_failure "$name"
        failed=$((failed + 1))
    fi
done

# Known failures and todo cases: the score is printed, whatever it is; only
# a crash or a sanitizer report fails.
for kf in tests/cases/known-failures.txt tests/cases/todo-*.txt; do
    [ -x "$REDLINE" ] && [ -f "$kf" ] && grep -q '^text:' "$kf" || continue
    rc=0
    $TIMEOUT "$REDLINE" eval "$kf" > "$LOG" 2>&1 || rc=$?
    if [ "$rc" -ge 98 ] || grep -q -e 'ERROR: AddressSanitizer' -e 'runtime error:' \
                                 -e 'ERROR: LeakSanitizer' "$LOG"; then
        show_failure "cases/$(basename "$kf") (exit $rc)"
        failed=$((failed + 1))
    else
        echo "info $(tail -n 1 "$LOG") (reported, not required)"
    fi
done

# 3. CLI tests ---------------------------------------------------------------
# tests/cli/run.sh prints a line per test and ends with
# "N passed, N failed, N skipped"; fold its counts into ours.
echo "== CLI tests (tests/cli)"
cli_rc=0
sh tests/cli/run.sh > "$LOG" 2>&1 || cli_rc=$?
sed '$d' "$LOG"
summary=$(tail -n 1 "$LOG")
set -- $summary
if [ $# -eq 6 ] && [ "$2" = passed, ] && [ "$4" = failed, ] && [ "$6" = skipped ]; then
    passed=$((passed + $1))
    failed=$((failed + $3))
    skipped=$((skipped + $5))
    if [ "$cli_rc" -ne 0 ] && [ "$3" -eq 0 ]; then
        echo "FAIL cli: run.sh exited $cli_rc"
        failed=$((failed + 1))
    fi
else
    echo "FAIL cli: tests/cli/run.sh did not finish ($summary)"
    failed=$((failed + 1))
fi

if [ "$skipped" -gt 0 ]; then
    echo "($skipped skipped: their inputs are missing)"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
