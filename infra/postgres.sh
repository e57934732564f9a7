#!/usr/bin/env bash
# PostgreSQL from Debian's packages: install when missing, start when stopped,
# one database (+ a test database) and one role per service, idempotently.
# Usage: infra/postgres.sh up|down|status|database NAME OWNER (an extra database, e.g. a benchmark's)
set -euo pipefail
COMPONENT=postgres
source "$(dirname "$0")/env.sh"
SERVICES="kit identity cases documents notifications"

as_postgres() { runuser -u postgres -- "$@"; }

install() {
  command -v pg_ctlcluster >/dev/null && [ -x "/usr/lib/postgresql/$PG_VERSION/bin/postgres" ] && return 0
  log "installing postgresql-$PG_VERSION from Debian's packages"
  [ "$(id -u)" = 0 ] || fail "not installed and not root" "run 'sudo apt-get install postgresql-$PG_VERSION' once"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$PG_VERSION" postgresql-contrib) \
    >"$LOGS/postgres-install.log" 2>&1 || fail "apt-get install failed (see $LOGS/postgres-install.log)" "check that Debian's package mirror is reachable"
}

ready() { pg_isready -q -h "$ONEWINDOW_PG_HOST" -p "$ONEWINDOW_PG_PORT"; }

start() {
  if ready; then log "already running on $ONEWINDOW_PG_HOST:$ONEWINDOW_PG_PORT"; return 0; fi
  pg_lsclusters -h | grep -q "^$PG_VERSION main" || pg_createcluster "$PG_VERSION" main >/dev/null
  if port_taken "$ONEWINDOW_PG_HOST" "$ONEWINDOW_PG_PORT"; then
    fail "port $ONEWINDOW_PG_PORT is taken by something that is not PostgreSQL" "free the port or set ONEWINDOW_PG_PORT"
  fi
  # Tuned for a 2-core box running the whole stack; fsync stays on (nothing is ever lost).
  pg_conftool "$PG_VERSION" main set max_connections 300 >/dev/null
  pg_conftool "$PG_VERSION" main set shared_buffers 512MB >/dev/null
  pg_conftool "$PG_VERSION" main set port "$ONEWINDOW_PG_PORT" >/dev/null
  # Debian's cluster has TLS on with a self-signed certificate; every client here is on this
  # machine, so it would only encrypt loopback traffic (a measurable cost on every statement).
  pg_conftool "$PG_VERSION" main set ssl off >/dev/null
  pg_ctlcluster "$PG_VERSION" main start || fail "pg_ctlcluster start failed" "see /var/log/postgresql/postgresql-$PG_VERSION-main.log"
  touch "$RUN/postgres.started"
  wait_until 30 "postgres ready" ready || fail "did not become ready in 30 s" "see /var/log/postgresql/postgresql-$PG_VERSION-main.log"
}

provision() {
  # One role and two databases (runtime + tests) per service; password = role name unless overridden.
  local svc role pw db
  for svc in $SERVICES; do
    role="ow_$svc"
    pw_var="ONEWINDOW_$(echo "$svc" | tr a-z A-Z)_DB_PASSWORD"
    pw=${!pw_var:-$role}
    as_postgres psql -q -v ON_ERROR_STOP=1 -d postgres >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') THEN
    CREATE ROLE $role LOGIN PASSWORD '$pw';
  ELSE
    ALTER ROLE $role LOGIN PASSWORD '$pw';
  END IF;
END \$\$;
SQL
    for db in "ow_$svc" "ow_${svc}_test"; do create_database "$db" "$role"; done
  done
}

create_database() {  # NAME OWNER, unless it exists
  as_postgres psql -tAq -d postgres -c "SELECT 1 FROM pg_database WHERE datname='$1'" | grep -q 1 \
    || as_postgres createdb -O "$2" "$1"
}

case "${1:-}" in
  up)
    install; start; provision
    log "ready on $ONEWINDOW_PG_HOST:$ONEWINDOW_PG_PORT (databases ow_<service>, ow_<service>_test)" ;;
  down)
    if [ -f "$RUN/postgres.started" ]; then
      pg_ctlcluster "$PG_VERSION" main stop && rm -f "$RUN/postgres.started" && log "stopped"
    else log "not started by us; left alone"; fi ;;
  status)
    if ready 2>/dev/null; then echo "postgres      up    $ONEWINDOW_PG_HOST:$ONEWINDOW_PG_PORT"; else echo "postgres      down"; fi ;;
  database)
    [ $# = 3 ] || { echo "usage: $0 database NAME OWNER" >&2; exit 2; }
    create_database "$2" "$3" ;;
  *) echo "usage: $0 up|down|status|database NAME OWNER" >&2; exit 2 ;;
esac
