#!/bin/sh
# bench/run.sh - throughput and memory of redline on a synthetic corpus,
# beside grep over the same bytes, in one run.
#
# Usage: sh bench/run.sh [BINARY] [SENTENCES]     (make bench)
#   BINARY     the redline binary (default build/redline)
#   SENTENCES  corpus size (default 100000)
#
# Steps: generate bench/out/corpus.jsonl (bench/gencorpus.sh, deterministic)
# from the actor dictionaries in data/ (or ../shared/data/petrarch2 when
# data/ has none); then time, with peak RSS from GNU time:
#   (a) redline --in jsonl --stats over the corpus, default dictionaries;
#   (b) redline over an empty input: the dictionary load alone;
#   (c) grep -c -F -f PHRASES over the corpus, PHRASES being every actor
#       phrase of the same dictionaries (underscores as spaces, title case
#       as names are written in news text).
# Prints a table.  Writes only under bench/out/ (gitignored).

set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

BIN=${1:-build/redline}
N=${2:-100000}
OUT=bench/out
mkdir -p "$OUT"

if [ ! -x "$BIN" ]; then
    echo "bench: no redline binary at $BIN (run make first)" >&2
    exit 2
fi

# The actor dictionaries: the default set in data/, else the Phoenix files.
ACTORS=$(LC_ALL=C ls data/*.actors.txt 2>/dev/null || true)
if [ -z "$ACTORS" ]; then
    ACTORS=$(LC_ALL=C ls ../shared/data/petrarch2/Phoenix.*actors*.txt 2>/dev/null || true)
fi
if [ -z "$ACTORS" ]; then
    echo "bench: no actor dictionaries in data/ or ../shared/data/petrarch2" >&2
    exit 2
fi

# shellcheck disable=SC2086  # ACTORS is a list of paths without blanks
sh bench/gencorpus.sh "$N" $ACTORS > "$OUT/corpus.jsonl"
: > "$OUT/empty.jsonl"

# Every actor phrase (primary and '+' synonym), as plain text.
# shellcheck disable=SC2086
LC_ALL=C awk '
    /^[ \t]*#/ || /^[ \t]*\[/ || /^[ \t]*$/ { next }
    {
        p = $0
        sub(/^[ \t]*\+?/, "", p)
        sub(/[\[#{].*$/, "", p)
        sub(/[ \t]+$/, "", p)
        sub(/_+$/, "", p)
        # title case, as names appear in news text (and in the corpus)
        m = split(p, w, "_")
        t = ""
        for (i = 1; i <= m; i++)
            if (w[i] != "")
                t = t (t == "" ? "" : " ") toupper(substr(w[i], 1, 1)) tolower(substr(w[i], 2))
        if (length(t) >= 3 && !seen[t]++) print t
    }' $ACTORS > "$OUT/phrases.txt"

BYTES=$(wc -c < "$OUT/corpus.jsonl" | tr -d ' ')
DOCS=$(wc -l < "$OUT/corpus.jsonl" | tr -d ' ')
PHRASES=$(wc -l < "$OUT/phrases.txt" | tr -d ' ')

# measure NAME CMD...: run CMD with stdout to $OUT/NAME.out and stderr to
# $OUT/NAME.err; leaves "seconds peak-KB" in $OUT/NAME.time.
TIME=/usr/bin/time
measure() {
    name=$1
    shift
    rc=0
    if [ -x "$TIME" ]; then
        "$TIME" -f "%e %M" -o "$OUT/$name.time" "$@" > "$OUT/$name.out" 2> "$OUT/$name.err" || rc=$?
    else
        t0=$(date +%s.%N)
        "$@" > "$OUT/$name.out" 2> "$OUT/$name.err" || rc=$?
        t1=$(date +%s.%N)
        echo "$t0 $t1" | awk '{ printf "%.2f -\n", $2 - $1 }' > "$OUT/$name.time"
    fi
    echo "$rc" > "$OUT/$name.rc"
}

echo "bench: corpus $N sentences, $DOCS documents, $BYTES bytes; $PHRASES actor phrases"
echo "bench: actor files: $(echo $ACTORS)"

measure redline "$BIN" --in jsonl --stats "$OUT/corpus.jsonl"
measure load "$BIN" --in jsonl --stats "$OUT/empty.jsonl"
measure grep grep -c -F -f "$OUT/phrases.txt" "$OUT/corpus.jsonl"

for name in redline load; do
    rc=$(cat "$OUT/$name.rc")
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
        echo "bench: redline failed (exit $rc):" >&2
        tail -n 5 "$OUT/$name.err" >&2
        exit 1
    fi
done
grep_rc=$(cat "$OUT/grep.rc")
if [ "$grep_rc" -gt 1 ]; then
    echo "bench: grep failed (exit $grep_rc)" >&2
    exit 1
fi

# The --stats line: "redline: stats: docs=.. sentences=.. dict_seconds=..".
stat() {
    sed -n 's/.*stats:.* '"$1"'=\([0-9.]*\).*/\1/p' "$OUT/$2.err" | tail -n 1
}
CODED=$(stat sentences redline)
EVENTS=$(stat events redline)
CODE_S=$(stat seconds redline)
DICT_S=$(stat dict_seconds redline)
LOAD_DICT_S=$(stat dict_seconds load)
LINES=$(cat "$OUT/grep.out")
EVENTS_LINES=$(wc -l < "$OUT/redline.out" | tr -d ' ')

echo
awk -v n="$N" -v bytes="$BYTES" \
    -v rt="$(cat "$OUT/redline.time")" -v lt="$(cat "$OUT/load.time")" \
    -v gt="$(cat "$OUT/grep.time")" -v code_s="${CODE_S:-}" -v dict_s="${LOAD_DICT_S:-}" '
function row(tool, secs, kb, sent,    sps, mbs, rss) {
    sps = (sent && secs > 0) ? sprintf("%.0f", n / secs) : "-"
    mbs = (sent && secs > 0) ? sprintf("%.1f", bytes / 1e6 / secs) : "-"
    rss = (kb ~ /^[0-9]+$/) ? sprintf("%.1f", kb / 1024) : "-"
    printf "%-34s %9s %13s %8s %13s\n", tool, secs, sps, mbs, rss
}
BEGIN {
    printf "%-34s %9s %13s %8s %13s\n", "tool", "seconds", "sentences/s", "MB/s", "peak RSS MB"
    split(rt, a, " "); split(lt, b, " "); split(gt, c, " ")
    row("redline (whole run)", a[1], a[2], 1)
    if (code_s != "") row("redline (coding only, --stats)", code_s, "-", 1)
    row("redline (empty input: dict load)", b[1], b[2], 0)
    if (dict_s != "") row("  dictionary load, --stats", dict_s, "-", 0)
    row("grep -c -F -f actor phrases", c[1], c[2], 1)
}'
echo
echo "redline: ${CODED:-?} sentences coded, ${EVENTS:-?} events (${EVENTS_LINES} lines); dict_seconds=${DICT_S:-?}"
echo "grep: $LINES of $DOCS documents contain an actor phrase"
echo "targets: >= 20000 sentences/s on one core; dictionaries loaded in < 0.5 s"
