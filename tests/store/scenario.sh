#!/bin/sh
# tests/store/scenario.sh - the event store end to end on one backend; the
# tests/cli/store-*.test files run it and check what it prints.
#
# Usage: sh tests/store/scenario.sh sqlite|pg corpus|sample|bytes|kill
#
#   corpus  ingest examples/store-corpus.jsonl twice (row counts printed
#           both times), dyad tables CHN-RUS and USA-CHN, the merged wire
#           story, a changed document replacing its rows, watch rules
#           firing once and not again
#   sample  ingest the sample article from ../shared (--date 2024-04-10):
#           dyad tables and a watch rule that fires and one that does not
#   bytes   the bad-bytes, 10 MB and broken-JSON fixtures of tests/cli/run.sh
#           ($T): readable documents stored, broken ones skipped
#   kill    a generated corpus of 2000 documents ingested cleanly into one
#           database, and into another by an ingest killed with SIGKILL after
#           its first commits and then run again: the two must hold the same
#           rows (events only: --no-quotes --no-gkg keep it fast under ASan)
#
# Exit 77 (the test is skipped) when the pg backend has no server; any
# other failure is a non-zero exit or a missing line in the output.
# Runs from the repository root; $REDLINE is the binary.

set -u
R=${REDLINE:-build/redline}
kind=$1
mode=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/redline-store.XXXXXX") || exit 2

. tests/store/pg.sh
cleanup() {
    [ -n "${bgpid:-}" ] && kill -9 "$bgpid" 2>/dev/null
    pg_stop
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

case $kind in
sqlite)
    newdb() { echo "$tmp/$1.db"; } ;;
pg)
    if ! pg_start "$tmp"; then
        echo "no PostgreSQL server could be started: $PG_WHY"
        exit 77
    fi
    newdb() { pg_newdb "$1"; } ;;
*)
    echo "usage: sh tests/store/scenario.sh sqlite|pg corpus|sample|kill" >&2
    exit 2 ;;
esac

# counts DB PREFIX: the row count of every table, one "PREFIX table N" a line
counts() {
    "$R" query counts --db "$1" | sed "s/^/$2 /"
}

case $mode in
corpus)
    db=$(newdb corpus) || exit 1
    "$R" ingest --db "$db" -q examples/store-corpus.jsonl || exit 1
    counts "$db" first > "$tmp/c1"
    "$R" ingest --db "$db" -q --stats examples/store-corpus.jsonl 2> "$tmp/stats" || exit 1
    counts "$db" first > "$tmp/c2"
    cat "$tmp/c1"
    cmp -s "$tmp/c1" "$tmp/c2" && echo "second ingest: same row counts"
    grep -o '29 unchanged' "$tmp/stats"
    echo "-- dyad CHN RUS"
    "$R" query dyad CHN RUS --db "$db" || exit 1
    echo "-- dyad USA CHN"
    "$R" query dyad USA CHN --db "$db" || exit 1
    echo "-- dyad CHN RUS by week, March, JSON"
    "$R" query dyad CHN RUS --by week --since 2024-03-01 --until 2024-03-31 --format json \
        --db "$db" || exit 1
    echo "-- the wire story"
    "$R" query events --source CHNGOV --target RUSGOV --type 040 --since 2024-04-01 \
        --db "$db" | cut -d, -f2,3,6,9-15 || exit 1
    echo "-- export"
    "$R" query export --out gdelt --db "$db" | awk -F'\t' '{print "gdelt columns " NF}' | sort -u
    "$R" query export --out plover --db "$db" | grep -c '"event_type":"AID"' | sed 's/^/plover AID events /'
    echo "-- watch"
    "$R" watch --db "$db" --rules examples/redlines.rules > "$tmp/w1" || exit 1
    cat "$tmp/w1" | sed 's/"events":.*//'
    "$R" watch --db "$db" --rules examples/redlines.rules > "$tmp/w2" || exit 1
    echo "second watch: $(wc -l < "$tmp/w2" | tr -d ' ') new alerts"
    counts "$db" watched | grep alerts
    echo "-- replace rl-017"
    printf '%s\n' '{"id": "rl-017", "date": "2024-04-04", "source": "Harbour Ledger", "text": "China praised the United States for its restraint. Officials in Washington declined to comment."}' \
        > "$tmp/changed.jsonl"
    "$R" ingest --db "$db" -q --stats "$tmp/changed.jsonl" 2>&1 | grep -o '1 replaced'
    counts "$db" replaced | grep -e documents -e half_documents
    "$R" query dyad USA CHN --since 2024-04-01 --until 2024-04-30 --db "$db" | sed 's/^/replaced /'
    ;;
sample)
    sample=../shared/samples/scmp-2024-04-redline.txt
    [ -f "$sample" ] || { echo "no $sample"; exit 77; }
    db=$(newdb sample) || exit 1
    "$R" ingest --db "$db" -q --date 2024-04-10 "$sample" || exit 1
    "$R" ingest --db "$db" -q --date 2024-04-10 "$sample" || exit 1
    counts "$db" sample
    echo "-- dyad CHN RUS"
    "$R" query dyad CHN RUS --db "$db" || exit 1
    echo "-- dyad USA CHN"
    "$R" query dyad USA CHN --db "$db" || exit 1
    echo "-- quotations and entities"
    "$R" query quotes --speaker campbell --format tsv --db "$db" | cut -f5,6,8 | sort | uniq -c |
        sed 's/^ *//; s/\t/ /g; s/^/quotes /'
    "$R" query export --out gdelt --db "$db" | cut -f35 | sort -u | sed 's/^/avgtone /'
    printf '%s\n' 'alert "Beijing and Moscow talk" when CHN <-> RUS type CONSULT' \
        'alert "China attacks the US" when CHN -> USA type ASSAULT,FIGHT count >= 1 per 30d' \
        'alert "Japan coerces" when JPN -> * type 17' > "$tmp/sample.rules"
    echo "-- watch"
    "$R" watch --db "$db" --rules "$tmp/sample.rules" | sed 's/"events":\[{"id":[0-9]*,/"events":[{/' || exit 1
    ;;
bytes)
    db=$(newdb bytes) || exit 1
    "$R" ingest --db "$db" "$T/bad-bytes.jsonl" "$T/big.jsonl" "$T/many-broken.jsonl"
    echo "exit $?"
    counts "$db" bytes
    "$R" query events --db "$db" --format csv || exit 1
    ;;
kill)
    n_docs=2000
    sh bench/gennews.sh $n_docs > "$tmp/news.jsonl"
    clean=$(newdb clean) || exit 1
    killed=$(newdb killed) || exit 1
    opts="-q --batch 10 --no-quotes --no-gkg"
    "$R" ingest --db "$clean" $opts "$tmp/news.jsonl" || exit 1
    "$R" ingest --db "$killed" $opts "$tmp/news.jsonl" &
    bgpid=$!
    # wait for the first commit, then kill at once
    n=0
    while kill -0 "$bgpid" 2>/dev/null; do
        n=$("$R" query counts --db "$killed" 2>/dev/null | awk '$1 == "documents" {print $2}')
        [ "${n:-0}" -gt 0 ] && break
    done
    kill -9 "$bgpid" 2>/dev/null
    wait "$bgpid" 2>/dev/null
    bgpid=
    after=$("$R" query counts --db "$killed" | awk '$1 == "documents" {print $2}')
    if [ "$after" -gt 0 ] && [ "$after" -lt $n_docs ]; then
        echo "killed after some commits: yes"
    else
        echo "killed after some commits: no ($after documents)"
    fi
    counts "$killed" killed | grep half_documents
    "$R" ingest --db "$killed" $opts "$tmp/news.jsonl" || exit 1
    counts "$clean" rows > "$tmp/c-clean"
    counts "$killed" rows > "$tmp/c-killed"
    cat "$tmp/c-clean"
    cmp -s "$tmp/c-clean" "$tmp/c-killed" && echo "killed and re-run: same row counts"
    # the same events with the same counts (ids may differ on PostgreSQL,
    # whose sequences do not roll back)
    "$R" query export --out tsv --db "$clean" | cut -f2-15,17- > "$tmp/e-clean"
    "$R" query export --out tsv --db "$killed" | cut -f2-15,17- > "$tmp/e-killed"
    cmp -s "$tmp/e-clean" "$tmp/e-killed" && echo "killed and re-run: same events"
    ;;
*)
    echo "unknown mode '$mode'" >&2
    exit 2 ;;
esac
exit 0
