#!/usr/bin/env bash
# A private copy of the stack for developing the fault suite while a shared stack runs on the
# default ports: its own Kafka broker, databases (ow_<svc>_faults), service processes, gateway and
# Mailpit on other ports, state under var/faults. PostgreSQL's server, Redis and Keycloak are the
# shared ones (the realm is only read, plus the citizens the load registers).
#   tests/faults/private-stack.sh up      start (or complete) the private stack
#   tests/faults/private-stack.sh down    stop what it started
#   eval "$(tests/faults/private-stack.sh env)"; .venv/bin/python -m pytest tests/faults
# A second argument `replicas` gives a second private stack (state in var/faults-replicas,
# databases ow_<svc>_replicas, ports 2xxxx) that runs two of every process (ONEWINDOW_REPLICAS=2:
# serve, relay, consumers, workers, and gateways on 28000 and 28001) — tests/faults/test_replicas.py.
# `cpu` gives a third (var/cpu, ow_<svc>_cpu, ports 3xxxx) for measuring CPU per submission
# (services/cases/bench/cpu_per_submission.py); `restart` reloads its code after a change.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SERVICES="identity cases documents notifications"
PROFILE=${2:-faults}
case "$PROFILE" in
  faults) P=1 REPLICAS=1 ;;   # ports 19092, 11025, 18025, 18000, 2615x, 1946x
  replicas) P=2 REPLICAS=2 ;; # ports 29092, 21025, 28025, 28000, 2625x, 2946x
  cpu) P=3 REPLICAS=1 ;;      # ports 39092, 31025, 38025, 38000, 2635x, 3946x
  *) echo "unknown profile '$PROFILE' (faults, replicas or cpu)" >&2; exit 2 ;;
esac

env_lines() {
  cat <<ENV
export ONEWINDOW_VAR=$ROOT/var/$PROFILE
export ONEWINDOW_CACHE=$ROOT/var/cache
export ONEWINDOW_KAFKA_BOOTSTRAP=127.0.0.1:${P}9092
export ONEWINDOW_KAFKA_CONTROLLER_PORT=${P}9093
export ONEWINDOW_SMTP_PORT=${P}1025
export ONEWINDOW_MAILPIT_HTTP_ADDR=127.0.0.1:${P}8025
export ONEWINDOW_GATEWAY_ADDR=127.0.0.1:${P}8000
export ONEWINDOW_REPLICAS=$REPLICAS
ENV
  # the drill's overdue cases are alerted within seconds, and a SIGKILLed dispatcher's claim is
  # taken over after 20 s instead of 60
  if [ "$PROFILE" = replicas ]; then
    echo "export ONEWINDOW_CASES_SCAN_INTERVAL_S=2"
    echo "export ONEWINDOW_DISPATCH_LEASE_S=20"
  fi
  local i=1 svc up
  for svc in $SERVICES; do
    up=$(echo "$svc" | tr a-z A-Z)
    echo "export ONEWINDOW_${up}_DB_NAME=ow_${svc}_$PROFILE"
    echo "export ONEWINDOW_${up}_GRPC_ADDR=127.0.0.1:26${P}5$i"
    echo "export ONEWINDOW_${up}_METRICS_PORT=${P}946$i"
    i=$((i + 1))
  done
}

case "${1:-}" in
  env) env_lines ;;
  up)
    eval "$(env_lines)"
    for svc in $SERVICES; do
      runuser -u postgres -- psql -tAq -d postgres -c "SELECT 1 FROM pg_database WHERE datname='ow_${svc}_$PROFILE'" | grep -q 1 \
        || runuser -u postgres -- createdb -O "ow_$svc" "ow_${svc}_$PROFILE"
    done
    bash "$ROOT/infra/kafka.sh" up
    bash "$ROOT/infra/mailpit.sh" up
    if [ "$PROFILE" = replicas ]; then
      # the two gateways before the 46 service processes (their gRPC channels connect at the
      # first call): started after them on a loaded 2-core box, a gateway did not answer
      # /healthz within services.sh's 30 s while the services' processes were still starting
      ONEWINDOW_SERVICES=gateway bash "$ROOT/infra/services.sh" up
      ONEWINDOW_SERVICES=$SERVICES bash "$ROOT/infra/services.sh" up
    else
      bash "$ROOT/infra/services.sh" up
    fi ;;
  restart)  # the services and gateway only (the working tree's code); broker, Mailpit, data stay
    eval "$(env_lines)"
    bash "$ROOT/infra/services.sh" down
    bash "$ROOT/infra/services.sh" up ;;
  down)
    eval "$(env_lines)"
    bash "$ROOT/infra/services.sh" down
    bash "$ROOT/infra/mailpit.sh" down
    bash "$ROOT/infra/kafka.sh" down ;;
  *) echo "usage: $0 up|down|restart|env [faults|replicas|cpu]" >&2; exit 2 ;;
esac
