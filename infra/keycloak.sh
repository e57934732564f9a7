#!/usr/bin/env bash
# Keycloak in dev mode (embedded H2 database kept under var/keycloak), from the server
# distribution on Maven Central. Imports infra/keycloak/realm-onewindow.json on first start; when
# the committed file changed since, applies it to the running realm through the admin API
# (infra/keycloak/apply_realm.py). Unless ONEWINDOW_DEV_SEED=0, seeds the DEV-ONLY users of
# infra/keycloak/dev-seed.json. With ONEWINDOW_ENV=production, infra/production_check.sh
# refuses the development defaults first.
# Usage: infra/keycloak.sh up|down|status
#
# Settings (environment):
#   ONEWINDOW_KEYCLOAK_URL            http://127.0.0.1:8080  where it listens; also fixes the token issuer
#   ONEWINDOW_KEYCLOAK_MGMT_PORT      9000    management port (/health/ready, /metrics), 127.0.0.1 only
#   ONEWINDOW_KEYCLOAK_ADMIN_USER     admin   bootstrap admin of the master realm (first start only)
#   ONEWINDOW_KEYCLOAK_ADMIN_PASSWORD admin
#   ONEWINDOW_KEYCLOAK_GATEWAY_SECRET      client secret of onewindow-gateway (read at realm import)
#   ONEWINDOW_KEYCLOAK_IDENTITY_SECRET     client secret of onewindow-identity (read at realm import)
#   ONEWINDOW_KEYCLOAK_DEPT_HEALTH_SECRET  client secret of dept-health-system (read at realm import)
#   ONEWINDOW_KEYCLOAK_JAVA_HOME      JDK for Keycloak alone (default: the java on PATH; 17+ needed)
#   ONEWINDOW_KEYCLOAK_HEAP           "-Xms256m -Xmx768m"
#   ONEWINDOW_KEYCLOAK_START_TIMEOUT  180     seconds to wait for readiness
#   ONEWINDOW_DEV_SEED                1       0 skips the dev users
set -euo pipefail
COMPONENT=keycloak
source "$(dirname "$0")/env.sh"

KC_HOME="$CACHE/keycloak-$KEYCLOAK_VERSION"   # unpacked distribution (bin/kc.sh); rebuilt by start-dev
KDIR="$VAR/keycloak"                          # state that survives restarts: data/ (H2, import, tmp)
PIDFILE="$RUN/keycloak.pid"
WHEREFILE="$RUN/keycloak.where"               # "URL MGMT_PORT" of the Keycloak we started
REALM=onewindow
REALM_FILE="$ROOT/infra/keycloak/realm-onewindow.json"
IMPORTED_SUM="$KDIR/realm-onewindow.imported.sha256"   # the realm file the running realm reflects
OPTSFILE="$RUN/keycloak.opts"                 # server options the running Keycloak was started with
# Brute-force detection without refusing concurrent logins of one user: Keycloak 26.4's default
# (blocking) protector answers "Invalid user credentials" to a login of a user while another
# login of that user, or the asynchronous recording of its last failure, is in progress, which
# locked out people who retry at once after a typo or log in from two tabs. Every failure is
# still counted; the realm locks after 10 in a row and for good after 100
# (see bruteForce* in realm-onewindow.json).
SERVER_OPTS="--spi-brute-force-protector--default-brute-force-detector--allow-concurrent-requests=true"
URL=${ONEWINDOW_KEYCLOAK_URL%/}
MGMT_PORT=${ONEWINDOW_KEYCLOAK_MGMT_PORT:-9000}
START_TIMEOUT=${ONEWINDOW_KEYCLOAK_START_TIMEOUT:-180}
HEAP=${ONEWINDOW_KEYCLOAK_HEAP:--Xms256m -Xmx768m}
BIND=127.0.0.1

parse_url() {
  case "$URL" in
    http://*) ;;
    *) fail "ONEWINDOW_KEYCLOAK_URL=$URL is not an http:// URL" "use e.g. http://127.0.0.1:8080 (TLS belongs to a proxy in front)" ;;
  esac
  local hostport=${URL#http://}
  [ "${hostport#*/}" = "$hostport" ] \
    || fail "ONEWINDOW_KEYCLOAK_URL=$URL has a path" "give only scheme://host:port"
  case "$hostport" in
    *:*) HOST=$(host_of "$hostport"); PORT=$(port_of "$hostport") ;;
    *) HOST=$hostport; PORT=80 ;;
  esac
  case "$HOST" in
    127.0.0.1 | localhost) LOCAL=1 ;;
    *) LOCAL=0 ;;
  esac
}

realm_ready() { curl -fs -o /dev/null --max-time 5 "$URL/realms/$REALM/.well-known/openid-configuration"; }
health_ready() { curl -fs -o /dev/null --max-time 5 "http://$BIND:$MGMT_PORT/health/ready"; }
ready() { health_ready && realm_ready; }

# The pid file holds the kc.sh shell, leader of its own process group (java is its child).
ours_alive() {
  pid_alive "$PIDFILE" || return 1
  grep -qa "keycloak" "/proc/$(cat "$PIDFILE")/cmdline" 2>/dev/null
}

pick_java() {
  if [ -n "${ONEWINDOW_KEYCLOAK_JAVA_HOME:-}" ]; then
    JAVA_BIN="$ONEWINDOW_KEYCLOAK_JAVA_HOME/bin/java"
    [ -x "$JAVA_BIN" ] || fail "no java at $JAVA_BIN (ONEWINDOW_KEYCLOAK_JAVA_HOME)" "point ONEWINDOW_KEYCLOAK_JAVA_HOME at a JDK 17/21 home"
  else
    JAVA_BIN=$(command -v java || true)
    [ -n "$JAVA_BIN" ] || fail "no java on PATH" "install OpenJDK 17 or 21 (apt-get install openjdk-17-jre-headless) or set ONEWINDOW_KEYCLOAK_JAVA_HOME"
  fi
  local spec
  spec=$("$JAVA_BIN" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
  [ -n "$spec" ] || fail "cannot run $JAVA_BIN" "check the JDK installation or set ONEWINDOW_KEYCLOAK_JAVA_HOME"
  [ "${spec%%.*}" -ge 17 ] 2>/dev/null \
    || fail "$JAVA_BIN is Java $spec; Keycloak $KEYCLOAK_VERSION needs 17 or newer" "install OpenJDK 17/21 or set ONEWINDOW_KEYCLOAK_JAVA_HOME"
  JAVA_SPEC=$spec
}

install() {
  [ -f "$KC_HOME/.complete" ] && return 0
  command -v mvn >/dev/null || fail "no mvn on PATH (needed once, to fetch the distribution)" "install Maven (apt-get install maven)"
  command -v curl >/dev/null || fail "no curl on PATH (used for health checks)" "apt-get install curl"
  log "fetching org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip from Maven Central"
  local tmp="$CACHE/.keycloak-$KEYCLOAK_VERSION.partial"
  rm -rf "$tmp" "$KC_HOME"
  mkdir -p "$tmp"
  if ! mvn -q -B -f "$ROOT/infra/keycloak/pom.xml" -Dkeycloak.version="$KEYCLOAK_VERSION" \
      -Dkeycloak.unpack.dir="$tmp" dependency:unpack >"$LOGS/keycloak-install.log" 2>&1 \
    || [ ! -x "$tmp/keycloak-$KEYCLOAK_VERSION/bin/kc.sh" ]; then
    rm -rf "$tmp"
    fail "mvn could not fetch or unpack the Keycloak $KEYCLOAK_VERSION distribution (see $LOGS/keycloak-install.log)" \
      "check that Maven Central is reachable (or that ~/.m2 holds the zip) and that KEYCLOAK_VERSION exists, then run again"
  fi
  touch "$tmp/keycloak-$KEYCLOAK_VERSION/.complete"
  mv "$tmp/keycloak-$KEYCLOAK_VERSION" "$KC_HOME"   # one rename: the folder is whole or absent
  rm -rf "$tmp"
}

realm_sum() { sha256sum <"$REALM_FILE" | cut -d' ' -f1; }

prepare() {
  # Keep Keycloak's data/ (H2 database, import folder, tmp) under var/keycloak, not in the cache.
  mkdir -p "$KDIR/data/import"
  if [ -e "$KC_HOME/data" ] && [ ! -L "$KC_HOME/data" ]; then
    fail "$KC_HOME/data is a real folder (was kc.sh run by hand?)" "move what you need out of it, remove it, and run again"
  fi
  ln -sfn "$KDIR/data" "$KC_HOME/data"
  cp "$REALM_FILE" "$KDIR/data/import/realm-onewindow.json"
}

converge_realm() {
  # --import-realm never touches an existing realm: apply a changed realm file through the
  # admin API (idempotent; users and clients created at runtime are left alone).
  if [ ! -f "$IMPORTED_SUM" ]; then realm_sum >"$IMPORTED_SUM"; return 0; fi
  [ "$(realm_sum)" = "$(cat "$IMPORTED_SUM")" ] && return 0
  [ -x "$PY" ] || fail "no python venv at $PY (needed to apply the changed realm file)" "run 'make venv'"
  log "$REALM_FILE changed since it was applied; applying it to the running realm"
  "$PY" "$ROOT/infra/keycloak/apply_realm.py" \
    || fail "applying the changed realm file failed (see the message above)" "fix the cause and run '$0 up' again"
  realm_sum >"$IMPORTED_SUM"
}

stop_ours() {
  # TERM the whole process group (kc.sh and its java), wait up to 30 s, then KILL it.
  local pid
  pid=$(cat "$PIDFILE")
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$PIDFILE" "$WHEREFILE"
}

wait_ready() {
  local i=0
  until ready; do
    if ! ours_alive; then
      rm -f "$PIDFILE" "$WHEREFILE"
      tail -n 25 "$LOGS/keycloak.out" >&2 || true
      fail "Keycloak exited during start (last lines above; full log $LOGS/keycloak.out)" \
        "read the log; a damaged dev database can be reset with: rm -rf $KDIR"
    fi
    i=$((i + 1))
    if [ "$i" -ge "$START_TIMEOUT" ]; then
      stop_ours
      tail -n 25 "$LOGS/keycloak.out" >&2 || true
      fail "Keycloak was not ready within $START_TIMEOUT s (log $LOGS/keycloak.out)" \
        "read the log; on a slow box raise ONEWINDOW_KEYCLOAK_START_TIMEOUT"
    fi
    sleep 1
  done
}

start() {
  if ours_alive; then
    local where_url="?" where_mgmt="?"
    [ -f "$WHEREFILE" ] && read -r where_url where_mgmt <"$WHEREFILE"
    [ "$where_url $where_mgmt" = "$URL $MGMT_PORT" ] \
      || fail "the Keycloak we started runs on $where_url (management port $where_mgmt), not on $URL (management port $MGMT_PORT)" \
        "run '$0 down' first, then '$0 up' with the new settings"
    [ "$(cat "$OPTSFILE" 2>/dev/null)" = "$SERVER_OPTS" ] \
      || log "WARNING: the running Keycloak was started with other server options; '$0 down && $0 up' applies: $SERVER_OPTS"
    ready || { log "started earlier and still starting; waiting"; wait_ready; }
    log "already running on $URL"
    converge_realm
    return 0
  fi
  rm -f "$PIDFILE"
  if [ "$LOCAL" = 0 ]; then
    realm_ready && { log "using the Keycloak at $URL (not started by us)"; return 0; }
    fail "$URL is not local and does not serve realm $REALM" "start that Keycloak, or set ONEWINDOW_KEYCLOAK_URL=http://127.0.0.1:<port>"
  fi
  if port_taken "$BIND" "$PORT"; then
    realm_ready && { log "a Keycloak with realm $REALM already answers on $URL; using it (not started by us)"; return 0; }
    fail "port $PORT is taken by something that is not a Keycloak serving realm $REALM" "free the port or set ONEWINDOW_KEYCLOAK_URL to another port"
  fi
  port_taken "$BIND" "$MGMT_PORT" \
    && fail "management port $MGMT_PORT is taken" "free it or set ONEWINDOW_KEYCLOAK_MGMT_PORT"
  pick_java
  prepare
  local first=""
  [ -f "$IMPORTED_SUM" ] || first=" (first start: builds the server and imports the realm; can take minutes)"
  log "starting Keycloak $KEYCLOAK_VERSION on $URL with Java $JAVA_SPEC$first"
  # setsid: kc.sh leads its own process group, so `down` stops kc.sh and its java together.
  JAVA="$JAVA_BIN" JAVA_OPTS_KC_HEAP="$HEAP" \
    KC_BOOTSTRAP_ADMIN_USERNAME="${ONEWINDOW_KEYCLOAK_ADMIN_USER:-admin}" \
    KC_BOOTSTRAP_ADMIN_PASSWORD="${ONEWINDOW_KEYCLOAK_ADMIN_PASSWORD:-admin}" \
    setsid nohup "$KC_HOME/bin/kc.sh" start-dev \
      --http-host="$BIND" --http-port="$PORT" --hostname="$URL" \
      --health-enabled=true --http-management-port="$MGMT_PORT" \
      $SERVER_OPTS --import-realm </dev/null >"$LOGS/keycloak.out" 2>&1 &
  echo $! >"$PIDFILE"
  echo "$URL $MGMT_PORT" >"$WHEREFILE"
  echo "$SERVER_OPTS" >"$OPTSFILE"
  wait_ready
  converge_realm
}

seed() {
  [ "${ONEWINDOW_DEV_SEED:-1}" = 0 ] && { log "ONEWINDOW_DEV_SEED=0: no dev users"; return 0; }
  [ -x "$PY" ] || fail "no python venv at $PY (needed for the dev seed)" "run 'make venv', or set ONEWINDOW_DEV_SEED=0"
  "$PY" "$ROOT/infra/keycloak/seed_dev.py" \
    || fail "seeding the dev users failed (see the message above)" "fix the cause and run '$0 up' again (the seed is idempotent)"
}

parse_url
case "${1:-}" in
  up)
    bash "$ROOT/infra/production_check.sh"
    install; start; seed
    log "ready on $URL (realm $REALM; health on http://$BIND:$MGMT_PORT/health/ready)" ;;
  down)
    if ours_alive; then stop_ours; log "stopped"; else rm -f "$PIDFILE" "$WHEREFILE"; log "not started by us; left alone"; fi
    rm -f "$OPTSFILE" ;;
  status)
    if realm_ready 2>/dev/null; then echo "keycloak      up    $URL"; else echo "keycloak      down"; fi ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
