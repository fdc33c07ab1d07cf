#!/bin/sh
# tests/cli/run.sh - runs the black-box tests of the redline command.
#
# Each tests/cli/NAME.test is a small text file, one directive a line:
#
#   # what the test checks (comment lines and blank lines are ignored)
#   requires: PATH        skip the test when PATH does not exist (repeatable)
#   cmd: SHELL COMMAND    run by sh from the repository root; `redline` runs
#                         $REDLINE; $T is a scratch folder with generated
#                         fixtures, $BUILD the build folder
#   exit: 0 1             accepted exit codes (default 0)
#   stdout: TEXT          stdout contains TEXT (repeatable; "quotes" optional,
#                         backslash escapes such as \t are understood)
#   stdout-not: TEXT      stdout does not contain TEXT (repeatable)
#   stderr: TEXT          likewise for stderr
#   stderr-not: TEXT
#   stdout-lines: N       stdout has exactly N lines
#   stderr-lines: N       stderr has exactly N lines
#   stderr-lines-max: N   stderr has at most N lines
#   timeout: SECONDS      default 300
#   skip-exit: N          the command exiting N means "cannot run here"
#                         (e.g. no database server): the test is skipped,
#                         with the first line of stdout as the reason
#
# Every test also fails when the command died from a signal or a sanitizer
# report appears on stderr.  The runner never changes the tree: generated
# fixtures go to a temporary folder that is removed at the end.
#
# Usage: REDLINE=build/redline BUILD=build sh tests/cli/run.sh [NAME.test...]
# Prints one line per test and ends with "N passed, N failed, N skipped";
# exits 1 when a test failed.

set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 2

REDLINE=${REDLINE:-build/redline}
case $REDLINE in /*) ;; *) REDLINE=$ROOT/$REDLINE ;; esac
BUILD=${BUILD:-build}
export REDLINE BUILD ROOT

# Sanitizer reports must not be mistaken for exit code 1 ("skipped").
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=99
UBSAN_OPTIONS=${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}exitcode=98:print_stacktrace=1
export ASAN_OPTIONS UBSAN_OPTIONS

if [ ! -x "$REDLINE" ]; then
    echo "tests/cli: no redline binary at $REDLINE (run make first)" >&2
    echo "0 passed, 1 failed, 0 skipped"
    exit 1
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/redline-cli.XXXXXX") || exit 2
W=$T/work
mkdir -p "$W"
trap 'rm -rf "$T"' EXIT
trap 'rm -rf "$T"; exit 130' INT TERM
export T

# ---- generated fixtures (binary or large: not kept in the repository) ----
: > "$T/empty.txt"
# Invalid UTF-8 (a stray continuation byte, 0xFF 0xFE, an overlong NUL) and
# a raw NUL byte, in a text article and inside JSON strings.
printf 'Russia attacked Ukraine. Bad \377\376 bytes \300\200 here\200.\000 China met Russia.\n' \
    > "$T/bad-bytes.txt"
printf '{"id":"bb-1","date":"2024-04-10","text":"Russia \377\376 attacked Ukraine."}\n{"id":"bb-2","text":"A \000 NUL"}\n{"id":"bb-3","text":"escaped \\u0000 NUL and \\ud800 lone surrogate"}\n' \
    > "$T/bad-bytes.jsonl"
# A 10 MB line: one JSON document whose text has no sentence end, then a
# normal document.  Built by doubling, so it takes no time.
awk 'BEGIN {
    s = "the talks went on and ";
    for (i = 0; i < 19; i++) s = s s;      # 22 * 2^19 bytes, about 11 MB
    printf "{\"id\":\"big\",\"date\":\"2024-04-10\",\"text\":\"%s.\"}\n", s;
    print "{\"id\":\"after-big\",\"date\":\"2024-04-10\",\"text\":\"Russian forces attacked Ukraine.\"}";
}' > "$T/big.jsonl"
# Thirty broken JSON lines: only the first 20 get a message.
awk 'BEGIN { for (i = 1; i <= 30; i++) printf "{\"id\": \"x%d\", broken\n", i }' \
    > "$T/many-broken.jsonl"

# ---- the interpreter ------------------------------------------------------

# Strip one pair of surrounding double quotes and expand backslash escapes.
value() {
    v=$1
    case $v in \"*\") v=${v#\"}; v=${v%\"} ;; esac
    printf '%b' "$v"
}

passed=0
failed=0
skipped=0

run_test() {
    file=$1
    name=$(basename "$file" .test)
    cmd=
    want_exit=0
    timeout_s=300
    missing=
    skip_exit=
    : > "$W/checks"
    while IFS= read -r line || [ -n "$line" ]; do
        case $line in
        '#'*|'') continue ;;
        esac
        key=${line%%:*}
        val=${line#*:}
        # trim leading blanks of the value
        val=${val#"${val%%[! 	]*}"}
        case $key in
        cmd) cmd=$val ;;
        exit) want_exit=$val ;;
        timeout) timeout_s=$val ;;
        skip-exit) skip_exit=$val ;;
        requires)
            [ -e "$val" ] || missing=$val ;;
        stdout|stdout-not|stderr|stderr-not|stdout-lines|stderr-lines|stderr-lines-max)
            printf '%s\n' "$key" >> "$W/checks"
            value "$val" >> "$W/checks"
            printf '\n' >> "$W/checks" ;;
        *)
            echo "FAIL $name: unknown directive '$key'"
            failed=$((failed + 1))
            return ;;
        esac
    done < "$file"

    if [ -n "$missing" ]; then
        echo "SKIP $name ($missing not found)"
        skipped=$((skipped + 1))
        return
    fi
    if [ -z "$cmd" ]; then
        echo "FAIL $name: no cmd: line"
        failed=$((failed + 1))
        return
    fi

    runner=
    if command -v timeout >/dev/null 2>&1; then
        runner="timeout $timeout_s"
    fi
    $runner sh -c 'redline() { "$REDLINE" "$@"; }
'"$cmd" > "$W/stdout" 2> "$W/stderr" < /dev/null
    got=$?

    if [ -n "$skip_exit" ] && [ "$got" = "$skip_exit" ]; then
        echo "SKIP $name ($(head -n 1 "$W/stdout"))"
        skipped=$((skipped + 1))
        return
    fi

    why=
    ok_exit=no
    for e in $want_exit; do
        [ "$got" = "$e" ] && ok_exit=yes
    done
    if [ "$got" = 124 ] && [ -n "$runner" ]; then
        why="timed out after ${timeout_s}s"
    elif [ "$got" -ge 128 ] || [ "$got" = 98 ] || [ "$got" = 99 ]; then
        why="crashed (exit $got)"
    elif grep -q -e 'ERROR: AddressSanitizer' -e 'runtime error:' \
                 -e 'ERROR: LeakSanitizer' "$W/stderr"; then
        why="sanitizer report on stderr"
    elif [ $ok_exit = no ]; then
        why="exit $got, expected $want_exit"
    fi

    # The checks file holds pairs: a directive line, then its value line.
    if [ -z "$why" ]; then
        while IFS= read -r key && IFS= read -r want; do
            case $key in
            stdout|stderr)
                grep -q -F -e "$want" "$W/$key" ||
                    { why="$key lacks '$want'"; break; } ;;
            stdout-not)
                ! grep -q -F -e "$want" "$W/stdout" ||
                    { why="stdout contains '$want'"; break; } ;;
            stderr-not)
                ! grep -q -F -e "$want" "$W/stderr" ||
                    { why="stderr contains '$want'"; break; } ;;
            stdout-lines|stderr-lines)
                n=$(wc -l < "$W/${key%-lines}" | tr -d ' ')
                [ "$n" = "$want" ] ||
                    { why="${key%-lines} has $n lines, expected $want"; break; } ;;
            stderr-lines-max)
                n=$(wc -l < "$W/stderr" | tr -d ' ')
                [ "$n" -le "$want" ] ||
                    { why="stderr has $n lines, expected at most $want"; break; } ;;
            esac
        done < "$W/checks"
    fi

    if [ -z "$why" ]; then
        echo "ok   $name"
        passed=$((passed + 1))
    else
        echo "FAIL $name: $why"
        echo "     cmd: $cmd"
        echo "     --- stderr (first 10 lines):"
        head -n 10 "$W/stderr" | sed 's/^/     /'
        echo "     --- stdout (first 5 lines, cut to 200 bytes):"
        head -n 5 "$W/stdout" | cut -c1-200 | sed 's/^/     /'
        failed=$((failed + 1))
    fi
}

if [ $# -gt 0 ]; then
    for f in "$@"; do
        case $f in */*) ;; *) f=tests/cli/$f ;; esac
        run_test "$f"
    done
else
    for f in tests/cli/*.test; do
        [ -e "$f" ] || continue
        run_test "$f"
    done
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
