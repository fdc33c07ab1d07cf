# tests/store/pg.sh - sourced by the store tests: a throwaway PostgreSQL
# cluster in a temporary folder, reached through a unix socket there, with
# trust authentication, stopped and removed by pg_stop.
#
#   pg_start DIR   start a cluster under DIR; returns 1 with PG_WHY set
#                  when no server can be started (no binaries, no user...)
#   pg_newdb NAME  create database NAME; prints its postgresql:// URI
#   pg_stop        stop the server (immediate) and forget it
#
# PostgreSQL refuses to run as root: as root the cluster belongs to the
# `postgres` user (Debian's package creates it), DIR is given to it.

PG_BIN=
PG_DIR=
PG_AS=
PG_WHY=

pg_run() {
    if [ -n "$PG_AS" ]; then
        runuser -u "$PG_AS" -- "$@"
    else
        "$@"
    fi
}

pg_start() {
    for b in /usr/lib/postgresql/*/bin; do
        [ -x "$b/initdb" ] && [ -x "$b/pg_ctl" ] && PG_BIN=$b
    done
    if [ -z "$PG_BIN" ]; then
        PG_WHY="no PostgreSQL server binaries (Debian package postgresql)"
        return 1
    fi
    PG_DIR=$1/pg
    mkdir -p "$PG_DIR" || { PG_WHY="cannot create $PG_DIR"; return 1; }
    if [ "$(id -u)" -eq 0 ]; then
        if ! id postgres >/dev/null 2>&1 || ! command -v runuser >/dev/null 2>&1; then
            PG_WHY="running as root and no 'postgres' user or runuser to start a server"
            return 1
        fi
        PG_AS=postgres
        chown postgres "$PG_DIR" || { PG_WHY="cannot chown $PG_DIR"; return 1; }
        chmod 755 "$1"
    fi
    if ! pg_run "$PG_BIN/initdb" -D "$PG_DIR/data" -U rl -A trust -E UTF8 --no-locale --no-sync \
            > "$PG_DIR/initdb.log" 2>&1; then
        PG_WHY="initdb failed: $(tail -n 1 "$PG_DIR/initdb.log")"
        return 1
    fi
    # no TCP; the socket in PG_DIR; no fsync (a test cluster)
    if ! pg_run "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
            -o "-c listen_addresses= -k $PG_DIR -c fsync=off" start > "$PG_DIR/ctl.log" 2>&1; then
        PG_WHY="the server did not start: $(tail -n 1 "$PG_DIR/server.log" 2>/dev/null)"
        return 1
    fi
    return 0
}

pg_newdb() {
    "$PG_BIN/createdb" -h "$PG_DIR" -U rl "$1" || return 1
    echo "postgresql://rl@/$1?host=$PG_DIR"
}

pg_stop() {
    if [ -n "$PG_DIR" ] && [ -f "$PG_DIR/data/postmaster.pid" ]; then
        pg_run "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop > /dev/null 2>&1
    fi
    PG_DIR=
}
