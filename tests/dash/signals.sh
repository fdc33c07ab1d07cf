#!/bin/sh
# tests/dash/signals.sh - `redline serve` stops cleanly on SIGINT and on
# SIGTERM (exit 0, "stopped"), and a second server on a port in use fails
# with a clear message (exit 4) while the first keeps serving.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
REDLINE=${REDLINE:-$ROOT/build/redline}
. "$ROOT/tests/dash/lib.sh"
W=$(mktemp -d "${TMPDIR:-/tmp}/redline-signals.XXXXXX")
trap 'rm -rf "$W"' EXIT
dash_mkdb "$W/store.db" || exit 1
failed=0

for sig in INT TERM; do
    "$REDLINE" serve --db "$W/store.db" --port 0 > "$W/out" 2> "$W/err" &
    pid=$!
    i=0
    while [ $i -lt 100 ] && ! grep -q 'serving' "$W/out"; do sleep 0.1; i=$((i + 1)); done
    kill -s "$sig" "$pid"
    rc=0
    wait "$pid" || rc=$?
    if [ "$rc" -eq 0 ] && grep -q "stopped (SIG$sig)" "$W/err"; then
        echo "ok   SIG$sig: stopped cleanly, exit 0"
    else
        echo "FAIL SIG$sig: exit $rc"; cat "$W/out" "$W/err"; failed=1
    fi
done

dash_start "$W/store.db" || exit 1
port=${DASH_URL##*:}
rc=0
"$REDLINE" serve --db "$W/store.db" --port "$port" > "$W/out2" 2> "$W/err2" || rc=$?
if [ "$rc" -eq 4 ] && grep -q "port $port is already in use" "$W/err2"; then
    echo "ok   port in use: exit 4, $(cat "$W/err2")"
else
    echo "FAIL port in use: exit $rc"; cat "$W/out2" "$W/err2"; failed=1
fi
# the first server still answers, on 127.0.0.1 only
case $DASH_URL in
http://127.0.0.1:*) echo "ok   listens on 127.0.0.1 by default" ;;
*) echo "FAIL default address: $DASH_URL"; failed=1 ;;
esac
if command -v curl >/dev/null 2>&1; then
    code=$(curl -s -o /dev/null -w '%{http_code}' "$DASH_URL/")
    [ "$code" = 200 ] && echo "ok   first server still serves" ||
        { echo "FAIL first server answered $code"; failed=1; }
    code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$DASH_URL/")
    [ "$code" = 405 ] && echo "ok   POST is 405" || { echo "FAIL POST answered $code"; failed=1; }
    code=$(curl -s -o /dev/null -w '%{http_code}' "$DASH_URL/dyad?a=USA&b=CHN%00")
    [ "$code" = 400 ] && echo "ok   %00 in a value is 400" || { echo "FAIL %00 answered $code"; failed=1; }
fi
dash_stop || { echo "FAIL server exit status"; failed=1; }
exit $failed
