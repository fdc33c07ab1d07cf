#!/bin/sh
# bench/serve.sh - load test of the dashboard: `redline serve` answers wrk
# (a second process, over loopback) on each main page in turn.
#
# Usage: sh bench/serve.sh [-d SECONDS] [-c CONNECTIONS] [-n COPIES] [DB]
#   -d  seconds of load per page (default 5)
#   -c  open connections (default 16); wrk runs 2 threads
#   -n  make the test store bigger: COPIES copies of the fixture's
#       documents, events and mentions, spread over dates and 20 countries
#       (default 2000, about 18,000 events; 0: the fixture as it is)
#   DB  a store of your own to serve instead (redline ingest made it)
#
# Prints requests/s, requests and failures (non-2xx responses and socket
# errors) per page; exits 1 when any request failed, 2 when wrk or the
# server could not run.  The server runs with its default 4 threads.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REDLINE=${REDLINE:-$ROOT/build/redline}
SECS=5 CONNS=16 COPIES=2000
while getopts d:c:n: opt; do
    case $opt in
    d) SECS=$OPTARG ;;
    c) CONNS=$OPTARG ;;
    n) COPIES=$OPTARG ;;
    *) echo "usage: sh bench/serve.sh [-d SECONDS] [-c CONNECTIONS] [-n COPIES] [DB]" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
if ! command -v wrk >/dev/null 2>&1; then
    echo "SKIP bench/serve.sh: wrk not installed (apt-get install wrk)"
    exit 0
fi
. "$ROOT/tests/dash/lib.sh"
W=$(mktemp -d "${TMPDIR:-/tmp}/redline-wrk.XXXXXX")
trap 'rm -rf "$W"' EXIT
if [ $# -ge 1 ]; then
    DB=$1
else
    DB=$W/store.db
    dash_mkdb "$DB" || exit 2
    if [ "$COPIES" -gt 0 ]; then
        sed "s/@COPIES@/$COPIES/g" "$ROOT/tests/dash/grow.sql" | sqlite3 "$DB" || exit 2
    fi
fi
events=$(sqlite3 "$DB" 'SELECT count(*) FROM events' 2>/dev/null || echo '?')
dash_start "$DB" || exit 2

echo "redline serve, wrk -t2 -c$CONNS -d${SECS}s per page, $events events in the store"
printf '%-28s %12s %10s %8s\n' page requests/s requests failed
bad=0
for page in / '/dyad?a=CHN&b=USA' '/events' '/events?country=RUS&page=2' \
            '/quotes' '/search?q=sanctions' '/alerts'; do
    if ! wrk -t2 -c"$CONNS" -d"${SECS}s" --timeout 10s "$DASH_URL$page" > "$W/wrk.out" 2>&1; then
        echo "wrk failed on $page:" >&2
        cat "$W/wrk.out" >&2
        bad=2
        break
    fi
    rps=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$W/wrk.out")
    total=$(sed -n 's/^ *\([0-9]*\) requests in .*/\1/p' "$W/wrk.out")
    non2xx=$(sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$W/wrk.out")
    sock=$(sed -n 's/^ *Socket errors: connect \([0-9]*\), read \([0-9]*\), write \([0-9]*\), timeout \([0-9]*\).*/\1 \2 \3 \4/p' "$W/wrk.out")
    fails=${non2xx:-0}
    for n in $sock; do fails=$((fails + n)); done
    printf '%-28s %12s %10s %8s\n' "$page" "$rps" "$total" "$fails"
    if [ "$fails" -ne 0 ] || [ -z "$total" ] || [ "$total" -eq 0 ]; then
        bad=1
    fi
done
dash_stop || { echo "the server did not stop cleanly" >&2; [ $bad -eq 0 ] && bad=1; }
if [ $bad -eq 0 ]; then
    echo "all requests answered 2xx, no socket errors"
fi
exit $bad
