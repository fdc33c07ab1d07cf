# tests/dash/lib.sh - shell helpers the dashboard tests and bench/serve.sh
# share (sourced, not run).  Needs $REDLINE (the binary) and $ROOT (the
# repository root).
#
#   dash_mkdb DB          a store holding tests/dash/fixture.sql (sqlite3 CLI)
#   dash_start DB [ARGS]  `redline serve --db DB --port 0 ARGS` in the
#                         background; sets DASH_PID and DASH_URL
#                         (http://127.0.0.1:PORT) once it listens
#   dash_stop             SIGTERM to that server; returns its exit status

dash_mkdb() {
    rm -f "$1"
    if ! command -v sqlite3 >/dev/null 2>&1; then
        echo "dash: the sqlite3 command is needed to build the test store" >&2
        return 1
    fi
    sed 's/@ID@/INTEGER PRIMARY KEY/' "$ROOT/data/schema.sql" | sqlite3 "$1" &&
        sqlite3 "$1" < "$ROOT/tests/dash/fixture.sql"
}

dash_start() {
    db=$1
    shift
    DASH_OUT=$(mktemp "${TMPDIR:-/tmp}/redline-serve.XXXXXX")
    "$REDLINE" serve --db "$db" --port 0 "$@" > "$DASH_OUT" 2>&1 &
    DASH_PID=$!
    DASH_URL=
    i=0
    while [ $i -lt 200 ]; do
        DASH_URL=$(sed -n 's|.* at \(http://[^ ]*\)/ .*|\1|p' "$DASH_OUT")
        [ -n "$DASH_URL" ] && return 0
        kill -0 "$DASH_PID" 2>/dev/null || break
        sleep 0.1
        i=$((i + 1))
    done
    echo "dash: the server did not start:" >&2
    cat "$DASH_OUT" >&2
    kill "$DASH_PID" 2>/dev/null
    return 1
}

dash_stop() {
    kill -TERM "$DASH_PID" 2>/dev/null
    rc=0
    wait "$DASH_PID" || rc=$?
    if grep -q -e 'ERROR: AddressSanitizer' -e 'runtime error:' -e 'LeakSanitizer' "$DASH_OUT"; then
        echo "dash: sanitizer report from the server:" >&2
        cat "$DASH_OUT" >&2
        rc=99
    fi
    rm -f "$DASH_OUT"
    return $rc
}
