#!/usr/bin/env bash
# Sourced by .ci/run: Debian's PostgreSQL in a throwaway cluster on loopback, for the tests
# marked postgresql (tests/postgresql_server.py). Installs the server if the machine lacks it,
# starts it on a free port as the postgres user (initdb refuses root), exports
# GUESTBOOK_TEST_POSTGRESQL, and stops and removes the cluster when CI ends.
# fsync is off: the cluster lives for one run; nothing in it must survive a power cut.

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

if [ -z "$(pg_bin)" ]; then
    echo "   installing Debian's postgresql"
    as_root=""; [ "$(id -u)" -eq 0 ] || as_root="sudo"
    $as_root apt-get install -y -q --no-install-recommends postgresql >/dev/null \
        || { $as_root apt-get update -q >/dev/null && \
             $as_root apt-get install -y -q --no-install-recommends postgresql >/dev/null; }
fi
PG_BIN="$(pg_bin)"
PG_DIR="$(mktemp -d /tmp/guestbook-ci-postgresql.XXXXXX)"
PG_PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$PG_DIR"
    as_postgres() { runuser -u postgres -- "$@"; }
else
    as_postgres() { "$@"; }
fi
as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-k $PG_DIR -p $PG_PORT -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
stop_postgresql() {
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
}
trap stop_postgresql EXIT
export GUESTBOOK_TEST_POSTGRESQL="postgresql://postgres@127.0.0.1:$PG_PORT/postgres"
echo "   $("$PG_BIN/postgres" --version) on 127.0.0.1:$PG_PORT"
