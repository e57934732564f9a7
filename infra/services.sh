#!/usr/bin/env bash
# OneWindow's own services: migrate, then start each one's processes (gRPC server,
# outbox relay, consumers) as background processes with pid files and logs under var/.
# A service takes part once its package has `python -m onewindow_<svc> <command>`.
# Usage: infra/services.sh up|down|status
set -euo pipefail
COMPONENT=services
source "$(dirname "$0")/env.sh"
ALL=${ONEWINDOW_SERVICES:-identity cases documents notifications}  # which services to run

present() { [ -f "$ROOT/services/$1/src/onewindow_$1/__main__.py" ]; }
# The long-running processes of a service, e.g. "serve relay consume". `serve` may run as
# ONEWINDOW_<SVC>_SERVE_PROCESSES copies sharing the gRPC port (SO_REUSEPORT): one per core.
# describe SVC: sets PROCS (process names), ADDR (gRPC address) and NAME (gRPC service name).
describe() {
  local var count p out
  out=$("$PY" -m "onewindow_$1" describe) || fail "cannot read $1's settings" "see the message above"
  { read -r PROCS; read -r ADDR; read -r NAME; } <<<"$out"
  var="ONEWINDOW_$(echo "$1" | tr a-z A-Z)_SERVE_PROCESSES"
  count=${!var:-1}
  local all=""
  for p in $PROCS; do
    if [ "$p" = serve ] && [ "$count" -gt 1 ]; then all+=" $(seq -s ' ' -f "serve.%g" 1 "$count")"; else all+=" $p"; fi
  done
  PROCS=$all
}

up() {
  local svc proc pidfile
  for svc in $ALL; do
    present "$svc" || continue
    COMPONENT=$svc
    "$PY" -m "onewindow_$svc" migrate >>"$LOGS/$svc-migrate.log" 2>&1 \
      || fail "migrations failed (see $LOGS/$svc-migrate.log)" "check PostgreSQL is up (make status)"
    describe "$svc"
    for proc in $PROCS; do
      pidfile="$RUN/$svc-$proc.pid"
      pid_alive "$pidfile" && continue
      # serve.N learns N (its metrics endpoint is the service's port + 100*(N-1)).
      ONEWINDOW_SERVE_INDEX=$([ "$proc" != "${proc#serve.}" ] && echo "${proc#serve.}" || echo 1) \
        nohup "$PY" -m "onewindow_$svc" "${proc%%.*}" >>"$LOGS/$svc-$proc.log" 2>&1 &
      echo $! >"$pidfile"
    done
    if ! wait_until 30 "$svc ready" "$PY" "$ROOT/infra/health_check.py" "$ADDR" "$NAME"; then
      down_one "$svc"
      fail "did not pass its health check in 30 s (see $LOGS/$svc-*.log)" "read the logs; is the port $ADDR taken?"
    fi
    log "ready, gRPC on $ADDR"
  done
}

# The gateway: one HTTP process (uvicorn, ONEWINDOW_GATEWAY_WORKERS workers) after the services,
# with its rate-limit counters in Redis (infra/redis.sh). Runs unless ONEWINDOW_SERVICES names
# services without "gateway".
GATEWAY_ADDR=${ONEWINDOW_GATEWAY_ADDR:-127.0.0.1:8000}
gateway_wanted() {
  [ -f "$ROOT/gateway/src/onewindow_gateway/app.py" ] || return 1
  [ -z "${ONEWINDOW_SERVICES:-}" ] || [[ " $ONEWINDOW_SERVICES " == *" gateway "* ]]
}
gateway_up() {
  gateway_wanted || return 0
  COMPONENT=gateway
  bash "$ROOT/infra/redis.sh" up
  local pidfile="$RUN/gateway-serve.pid"
  if ! pid_alive "$pidfile"; then
    nohup "$PY" -m onewindow_gateway serve >>"$LOGS/gateway-serve.log" 2>&1 &
    echo $! >"$pidfile"
  fi
  if ! wait_until 30 "gateway ready" curl -fsS "http://$GATEWAY_ADDR/healthz"; then
    stop_pid "$pidfile"
    fail "did not answer /healthz in 30 s (see $LOGS/gateway-serve.log)" "read the log; is $GATEWAY_ADDR taken?"
  fi
  log "ready, HTTP on http://$GATEWAY_ADDR (OpenAPI: /v1/openapi.json)"
}

down_one() {
  local pidfile
  for pidfile in "$RUN/$1"-*.pid; do
    [ -e "$pidfile" ] && stop_pid "$pidfile"
  done
  return 0
}

case "${1:-}" in
  up) up; gateway_up ;;
  down)
    gateway_wanted && { down_one gateway; bash "$ROOT/infra/redis.sh" down; }
    for svc in $ALL; do down_one "$svc"; done; log "stopped" ;;
  status)
    for svc in $ALL; do
      present "$svc" || continue
      describe "$svc"
      for proc in $PROCS; do
        if pid_alive "$RUN/$svc-$proc.pid"; then state=up; else state=down; fi
        printf '%-20s %-5s %s\n' "$svc-$proc" "$state" "$([ "${proc%%.*}" = serve ] && echo "$ADDR")"
      done
    done
    if gateway_wanted; then
      bash "$ROOT/infra/redis.sh" status
      if pid_alive "$RUN/gateway-serve.pid"; then state=up; else state=down; fi
      printf '%-20s %-5s %s\n' "gateway-serve" "$state" "http://$GATEWAY_ADDR"
    fi ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
