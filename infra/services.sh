#!/usr/bin/env bash
# OneWindow's own services: migrate, then start each one's processes (gRPC server,
# outbox relay, consumers) as background processes with pid files and logs under var/.
# A service takes part once its package has `python -m onewindow_<svc> <command>`.
# Usage: infra/services.sh up|down|status
set -euo pipefail
COMPONENT=services
source "$(dirname "$0")/env.sh"
ALL=${ONEWINDOW_SERVICES:-identity cases documents notifications}  # which services to run

# ONEWINDOW_REPLICAS=N runs N of every process (serve copies share the port; relays share the
# outbox buckets through advisory locks; consumers share partitions in their group; the deadline
# scanner dedupes on deadline_alerts' key; dispatchers claim with FOR UPDATE SKIP LOCKED) and N
# gateways on consecutive ports (8000, 8001, …).
REPLICAS=${ONEWINDOW_REPLICAS:-1}
[[ "$REPLICAS" =~ ^[1-9][0-9]*$ ]] || fail "ONEWINDOW_REPLICAS must be a positive integer, got '$REPLICAS'" "unset it or set e.g. ONEWINDOW_REPLICAS=2"
# How long a service's processes (or a gateway) may take to pass their health check: a process
# starts in ~2 s on a quiet 2-core box but took ~20 s at load average 50, and 30 s was seen to
# run out there (the replica stack, twice).
START_S=${ONEWINDOW_START_TIMEOUT_S:-90}
[[ "$START_S" =~ ^[1-9][0-9]*$ ]] || fail "ONEWINDOW_START_TIMEOUT_S must be a positive number of seconds, got '$START_S'" "unset it or set e.g. ONEWINDOW_START_TIMEOUT_S=120"
# until_ready 'PIDFILES' COMMAND...: wait_until COMMAND passes, at most START_S s, watching
# PIDFILES.
until_ready() { WATCH_PIDFILES=$1 wait_until "$START_S" "health check" "${@:2}"; }
present() { [ -f "$ROOT/services/$1/src/onewindow_$1/__main__.py" ]; }
# The long-running processes of a service, e.g. "serve relay consume". `serve` may run as
# ONEWINDOW_<SVC>_SERVE_PROCESSES copies sharing the gRPC port (SO_REUSEPORT): one per core.
# describe SVC: sets PROCS (process names), ADDR (gRPC address) and NAME (gRPC service name).
describe() {
  local var count p out
  out=$("$PY" -m "onewindow_$1" describe) || fail "cannot read $1's settings" "see the message above"
  { read -r PROCS; read -r ADDR; read -r NAME; } <<<"$out"
  var="ONEWINDOW_$(echo "$1" | tr a-z A-Z)_SERVE_PROCESSES"
  count=$(( ${!var:-1} * REPLICAS ))
  local all="" n
  for p in $PROCS; do  # copies: serve serve.2 … (and relay relay.2 … with ONEWINDOW_REPLICAS)
    n=$([ "$p" = serve ] && echo "$count" || echo "$REPLICAS")
    all+=" $p"; [ "$n" -gt 1 ] && all+=" $(seq -s ' ' -f "$p.%g" 2 "$n")"
  done
  PROCS=$all
}

up() {
  local svc proc pidfile pidfiles
  for svc in $ALL; do
    present "$svc" || continue
    COMPONENT=$svc
    "$PY" -m "onewindow_$svc" migrate >>"$LOGS/$svc-migrate.log" 2>&1 \
      || fail "migrations failed (see $LOGS/$svc-migrate.log)" "check PostgreSQL is up (make status)"
    describe "$svc"
    pidfiles=""
    for proc in $PROCS; do
      pidfile="$RUN/$svc-$proc.pid"
      pidfiles="$pidfiles $pidfile"
      pid_alive "$pidfile" && continue
      # JSON lines: the kit writes <name>.log itself, rotated by size (ONEWINDOW_LOG_MAX_BYTES,
      # ONEWINDOW_LOG_BACKUPS; onewindow_kit.logfile); <name>.out keeps what reaches stderr
      # outside the logger (an interpreter crash before logging starts)
      # serve.N learns N (its metrics endpoint is the service's port + 100*(N-1)); every copy
      # learns its N as ONEWINDOW_PROCESS_INDEX (its /healthz port, see onewindow_kit.liveness).
      ONEWINDOW_SERVE_INDEX=$([ "$proc" != "${proc#serve.}" ] && echo "${proc#serve.}" || echo 1) \
      ONEWINDOW_PROCESS_INDEX=$([ "$proc" != "${proc#*.}" ] && echo "${proc#*.}" || echo 1) \
        ONEWINDOW_LOG_FILE="$LOGS/$svc-$proc.log" \
        setsid nohup "$PY" -m "onewindow_$svc" "${proc%%.*}" >>"$LOGS/$svc-$proc.out" 2>&1 &
      echo $! >"$pidfile"
    done
    if ! until_ready "$pidfiles" "$PY" "$ROOT/infra/health_check.py" "$ADDR" "$NAME"; then
      down_one "$svc"
      fail "did not pass its health check (a process exited, or $START_S s passed; see $LOGS/$svc-*.log)" "read the logs; is the port $ADDR taken?"
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
# Gateway replica i: its process name and address (the gateway's port + i - 1).
gateway_name() { echo "gateway-serve$([ "$1" -gt 1 ] && echo ".$1")"; }
gateway_addr() { echo "$(host_of "$GATEWAY_ADDR"):$(( $(port_of "$GATEWAY_ADDR") + $1 - 1 ))"; }
gateway_up() {
  gateway_wanted || return 0
  COMPONENT=gateway
  bash "$ROOT/infra/redis.sh" up
  local i addr name
  for i in $(seq 1 "$REPLICAS"); do
    addr=$(gateway_addr "$i"); name=$(gateway_name "$i")
    if ! pid_alive "$RUN/$name.pid"; then
      ONEWINDOW_GATEWAY_ADDR=$addr ONEWINDOW_LOG_FILE="$LOGS/$name.log" \
        setsid nohup "$PY" -m onewindow_gateway serve >>"$LOGS/$name.out" 2>&1 &
      echo $! >"$RUN/$name.pid"
    fi
    if ! until_ready "$RUN/$name.pid" curl -fsS "http://$addr/healthz"; then
      stop_pid "$RUN/$name.pid"
      fail "did not answer /healthz (it exited, or $START_S s passed; see $LOGS/$name.log)" "read the log; is $addr taken?"
    fi
    log "ready, HTTP on http://$addr (OpenAPI: /v1/openapi.json)"
  done
}

# Stops every process of one service (or the gateways) at once: one after the other, each waiting
# for its exit, 2 x 23 processes of ONEWINDOW_REPLICAS=2 took minutes to stop.
down_one() {
  local pidfile stoppers=()
  for pidfile in "$RUN/$1"-*.pid; do
    [ -e "$pidfile" ] || continue
    stop_pid "$pidfile" &
    stoppers+=($!)
  done
  [ ${#stoppers[@]} -eq 0 ] || wait "${stoppers[@]}"
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
      for i in $(seq 1 "$REPLICAS"); do
        if pid_alive "$RUN/$(gateway_name "$i").pid"; then state=up; else state=down; fi
        printf '%-20s %-5s %s\n' "$(gateway_name "$i")" "$state" "http://$(gateway_addr "$i")"
      done
    fi ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
