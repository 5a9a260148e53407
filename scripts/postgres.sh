#!/usr/bin/env bash
# Starts or stops a throw-away PostgreSQL cluster on 127.0.0.1 for the test suite.
#   scripts/postgres.sh start   -> prints BENTA_TEST_DATABASE_URL=postgres://... on its last line
#   scripts/postgres.sh stop
# Installs Debian's postgresql package when no server is installed. Runs the server as the
# unprivileged `postgres` user (initdb refuses root). State lives in $BENTA_PG_DIR (default /tmp/benta-pg).
set -euo pipefail
PGPORT="${BENTA_PG_PORT:-54329}"
PGDIR="${BENTA_PG_DIR:-/tmp/benta-pg}"

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

as_postgres() {
  if [ "$(id -u)" = "0" ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi
}

install_postgres() {
  if [ -z "$(pg_bin)" ]; then
    echo "Installing PostgreSQL from Debian's packages..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >/dev/null
  fi
}

start() {
  install_postgres
  local bin; bin="$(pg_bin)"
  stop_quietly
  rm -rf "$PGDIR"; mkdir -p "$PGDIR"
  if [ "$(id -u)" = "0" ]; then chown postgres:postgres "$PGDIR"; fi
  chmod 700 "$PGDIR"
  as_postgres "'$bin/initdb' -D '$PGDIR/data' -U postgres -A trust -E UTF8 --no-locale" >/dev/null
  as_postgres "'$bin/pg_ctl' -D '$PGDIR/data' -l '$PGDIR/server.log' -w -t 60 \
    -o '-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDIR -c max_connections=500 -c fsync=off \
        -c max_locks_per_transaction=256 -c synchronous_commit=off -c full_page_writes=off' start" >/dev/null
  psql -h 127.0.0.1 -p "$PGPORT" -U postgres -v ON_ERROR_STOP=1 -q \
    -c "CREATE ROLE benta LOGIN PASSWORD 'benta'" -c "CREATE DATABASE benta_test OWNER benta" >/dev/null
  echo "BENTA_TEST_DATABASE_URL=postgres://benta:benta@127.0.0.1:$PGPORT/benta_test?sslmode=disable"
}

stop_quietly() {
  local bin; bin="$(pg_bin)"
  if [ -n "$bin" ] && [ -f "$PGDIR/data/postmaster.pid" ]; then
    as_postgres "'$bin/pg_ctl' -D '$PGDIR/data' -m fast -w stop" >/dev/null 2>&1 || true
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop_quietly; rm -rf "$PGDIR" ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
