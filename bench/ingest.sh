#!/bin/sh
# bench/ingest.sh - ingest throughput of the event store: documents/s and
# events/s into SQLite (and into PostgreSQL when a URI is given).
#
# Usage: sh bench/ingest.sh [BINARY] [DOCS] [POSTGRESQL-URI]
#   BINARY  the redline binary (default build/redline)
#   DOCS    corpus size (default 10000)
#   URI     also ingest into this PostgreSQL database (it must exist)
#
# Steps: generate bench/out/news.jsonl (bench/gennews.sh: short news
# documents, one in ten a wire copy; deterministic); then, each timed by
# `redline ingest --stats` itself:
#   (a) redline code over the corpus to /dev/null: the coding alone;
#   (b) ingest into a new SQLite file (batches of 100 documents);
#   (c) the same ingest again: every document unchanged (the idempotence
#       check alone);
#   (d) into PostgreSQL, when a URI is given.
# Writes only under bench/out/ (gitignored).

set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
BIN=${1:-build/redline}
N=${2:-10000}
PG=${3:-}
OUT=bench/out
mkdir -p "$OUT"
if [ ! -x "$BIN" ]; then
    echo "bench: no redline binary at $BIN (run make first)" >&2
    exit 2
fi

sh bench/gennews.sh "$N" > "$OUT/news.jsonl"
echo "corpus: $N documents, $(wc -c < "$OUT/news.jsonl" | tr -d ' ') bytes ($OUT/news.jsonl)"

"$BIN" --in jsonl --stats "$OUT/news.jsonl" > /dev/null 2> "$OUT/code.stats"
echo "(a) coding only:      $(tail -n 3 "$OUT/code.stats" | tr '\n' ' ')"

rm -f "$OUT/bench.db" "$OUT/bench.db-wal" "$OUT/bench.db-shm"
"$BIN" ingest --db "$OUT/bench.db" --no-progress --stats "$OUT/news.jsonl" 2> "$OUT/ingest.stats"
echo "(b) SQLite, new:      $(tail -n 1 "$OUT/ingest.stats")"
"$BIN" ingest --db "$OUT/bench.db" --no-progress --stats "$OUT/news.jsonl" 2> "$OUT/again.stats"
echo "(c) SQLite, again:    $(tail -n 1 "$OUT/again.stats")"
if [ -n "$PG" ]; then
    "$BIN" ingest --db "$PG" --no-progress --stats "$OUT/news.jsonl" 2> "$OUT/pg.stats"
    echo "(d) PostgreSQL, new:  $(tail -n 1 "$OUT/pg.stats")"
fi
"$BIN" query counts --db "$OUT/bench.db" | tr '\n' ' '
echo
