#!/usr/bin/env bash
# Redis: the gateway's rate-limit counters, shared by every worker process of one gateway
# instance (the `limits` library's storage). Holds nothing durable: no snapshots, no AOF.
# Installed from Debian's packages when missing. Usage: infra/redis.sh up|down|status
set -euo pipefail
COMPONENT=redis
source "$(dirname "$0")/env.sh"
ADDR=${ONEWINDOW_REDIS_ADDR:-127.0.0.1:6379}
HOST=$(host_of "$ADDR")
PORT=$(port_of "$ADDR")
PIDFILE="$RUN/redis.pid"

install() {
  command -v redis-server >/dev/null && return 0
  log "installing redis-server from Debian's packages"
  [ "$(id -u)" = 0 ] || fail "redis-server is missing and this is not root" "run: sudo apt-get install -y redis-server"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >"$LOGS/redis-install.log" 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >>"$LOGS/redis-install.log" 2>&1; } \
    || fail "apt-get install redis-server failed (see $LOGS/redis-install.log)" "check the Debian mirror"
}

ready() { redis-cli -h "$HOST" -p "$PORT" ping 2>/dev/null | grep -q PONG; }

start() {
  if pid_alive "$PIDFILE"; then log "already running on $ADDR"; return 0; fi
  if port_taken "$HOST" "$PORT"; then
    ready && { log "a Redis server already answers on $ADDR; using it"; return 0; }
    fail "port $PORT is taken by something that is not Redis" "free the port or set ONEWINDOW_REDIS_ADDR"
  fi
  mkdir -p "$VAR/redis"
  setsid redis-server --bind "$HOST" --port "$PORT" --save '' --appendonly no --daemonize no \
    --dir "$VAR/redis" --maxmemory 64mb --maxmemory-policy volatile-ttl \
    >"$LOGS/redis.log" 2>&1 &
  echo $! >"$PIDFILE"
  wait_until 15 "redis ready" ready || { stop_pid "$PIDFILE"; fail "redis did not answer within 15 s (see $LOGS/redis.log)" "read the log"; }
}

case "${1:-}" in
  up) install; start; log "ready on $ADDR" ;;
  down) if pid_alive "$PIDFILE"; then stop_pid "$PIDFILE"; log "stopped"; else log "not started by us; left alone"; fi ;;
  status) if ready; then echo "redis         up    $ADDR"; else echo "redis         down"; fi ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
