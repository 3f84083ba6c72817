#!/usr/bin/env bash
# Start (or reuse) a throw-away PostgreSQL for tests, as an unprivileged user, and print DATABASE_URL.
#   start-pg.sh            start if needed, print DATABASE_URL=postgres://...
#   start-pg.sh stop       stop the server (keeps the folder)
#   start-pg.sh destroy    stop and delete the folder
# Env: PG_DIR (default /tmp/gongzhi-pg), PG_USER_OS (default: postgres if it exists, else nobody),
#      PG_DB (default gongzhi), PGBIN (default: newest /usr/lib/postgresql/*/bin).
set -euo pipefail
PG_DIR=${PG_DIR:-/tmp/gongzhi-pg}
PG_DB=${PG_DB:-gongzhi}
PG_ROLE=gongzhi
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[ -x "$PGBIN/postgres" ] || { echo "PostgreSQL not installed (apt-get install -y postgresql)" >&2; exit 2; }
if [ -z "${PG_USER_OS:-}" ]; then
  if [ -d "$PG_DIR/data" ]; then PG_USER_OS=$(stat -c %U "$PG_DIR/data")   # reuse: same owner
  elif [ "$(id -u)" != 0 ]; then PG_USER_OS=$(id -un)
  elif id postgres >/dev/null 2>&1; then PG_USER_OS=postgres
  else PG_USER_OS=nobody; fi
fi
# run a command as the unprivileged owner (postgres refuses to run as root)
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u "$PG_USER_OS" -- "$@"; else "$@"; fi; }
DATA="$PG_DIR/data"

running() { [ -f "$PG_DIR/port" ] && as_owner "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

case "${1:-start}" in
  stop) running && as_owner "$PGBIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null; exit 0 ;;
  destroy) running && as_owner "$PGBIN/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null || true
           rm -rf "$PG_DIR"; exit 0 ;;
  start) ;;
  *) echo "usage: $0 [start|stop|destroy]" >&2; exit 2 ;;
esac

if ! running; then
  mkdir -p "$PG_DIR"; chmod 0755 "$PG_DIR"
  [ "$(id -u)" = 0 ] && chown "$PG_USER_OS" "$PG_DIR"
  if [ ! -f "$DATA/PG_VERSION" ]; then
    rm -rf "$DATA"
    # C collation = byte order, the same order as SQLite's BINARY; ctype C.UTF-8 so the text-search parser
    # sees CJK characters as letters.
    as_owner "$PGBIN/initdb" -D "$DATA" -U "$PG_ROLE" --auth=trust -E UTF8 --locale=C --lc-ctype=C.UTF-8 \
      --no-sync --no-instructions >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log" >&2; exit 1; }
  fi
  PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  echo "$PORT" >"$PG_DIR/port"
  as_owner "$PGBIN/pg_ctl" -D "$DATA" -l "$PG_DIR/server.log" -w -t 30 start -o \
    "-p $PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=128MB" \
    >/dev/null || { cat "$PG_DIR/server.log" >&2; exit 1; }
fi
PORT=$(cat "$PG_DIR/port")
if ! as_owner "$PGBIN/psql" -h "$PG_DIR" -p "$PORT" -U "$PG_ROLE" -d postgres -Atqc \
     "select 1 from pg_database where datname='$PG_DB'" | grep -q 1; then
  as_owner "$PGBIN/createdb" -h "$PG_DIR" -p "$PORT" -U "$PG_ROLE" "$PG_DB"
fi
echo "DATABASE_URL=postgres://$PG_ROLE@127.0.0.1:$PORT/$PG_DB"
