#!/usr/bin/env bash
# Prints a DATABASE_URL for the PostgreSQL run of `make test`, starting a local cluster on
# 127.0.0.1 when none is given. Root: the Debian cluster (pg_createcluster/pg_ctlcluster) with a
# role and database for the tests. Not root: a private cluster under var/pgtest owned by you.
set -euo pipefail
if [ -n "${TEST_DATABASE_URL:-}" ]; then echo "$TEST_DATABASE_URL"; exit 0; fi
PGVER=$(ls /usr/lib/postgresql | sort -n | tail -1)
BIN=/usr/lib/postgresql/$PGVER/bin
PORT=${XINGPING_TEST_PG_PORT:-5432}
if [ "$(id -u)" -eq 0 ]; then
  pg_lsclusters -h 2>/dev/null | grep -q "^$PGVER main" || pg_createcluster "$PGVER" main >/dev/null
  pg_ctlcluster "$PGVER" main start >/dev/null 2>&1 || true
  for _ in $(seq 1 30); do su postgres -c "pg_isready -q -p $PORT" && break; sleep 1; done
  su postgres -c "psql -q -p $PORT -v ON_ERROR_STOP=1" >/dev/null <<'SQL'
SET client_min_messages = warning;
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'xingping_ci') THEN
    CREATE ROLE xingping_ci LOGIN CREATEDB PASSWORD 'xingping_ci';
  END IF;
  -- the import benches checkpoint before each timed command (bench/import_entities.py settle)
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'pg_checkpoint') THEN
    GRANT pg_checkpoint TO xingping_ci;
  END IF;
END $$;
SQL
  su postgres -c "psql -p $PORT -qtAc \"SELECT 1 FROM pg_database WHERE datname='xingping_ci'\"" | grep -q 1 \
    || su postgres -c "createdb -p $PORT -O xingping_ci xingping_ci"
  echo "postgres://xingping_ci:xingping_ci@127.0.0.1:$PORT/xingping_ci"
else
  DATA="$(pwd)/var/pgtest"; PORT=${XINGPING_TEST_PG_PORT:-55432}
  [ -f "$DATA/PG_VERSION" ] || "$BIN/initdb" -D "$DATA" -U xingping_ci --auth=trust >/dev/null
  "$BIN/pg_ctl" -D "$DATA" -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1" -l "$DATA/log" -w start >/dev/null 2>&1 || true
  psql -h 127.0.0.1 -p "$PORT" -U xingping_ci -d postgres -qtAc "SELECT 1 FROM pg_database WHERE datname='xingping_ci'" | grep -q 1 \
    || createdb -h 127.0.0.1 -p "$PORT" -U xingping_ci xingping_ci
  echo "postgres://xingping_ci@127.0.0.1:$PORT/xingping_ci"
fi
