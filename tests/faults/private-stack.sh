#!/usr/bin/env bash
# A private copy of the stack for developing the fault suite while a shared stack runs on the
# default ports: its own Kafka broker, databases (ow_<svc>_faults), service processes, gateway and
# Mailpit on other ports, state under var/faults. PostgreSQL's server, Redis and Keycloak are the
# shared ones (the realm is only read, plus the citizens the load registers).
#   tests/faults/private-stack.sh up      start (or complete) the private stack
#   tests/faults/private-stack.sh down    stop what it started
#   eval "$(tests/faults/private-stack.sh env)"; .venv/bin/python -m pytest tests/faults
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SERVICES="identity cases documents notifications"

env_lines() {
  cat <<ENV
export ONEWINDOW_VAR=$ROOT/var/faults
export ONEWINDOW_CACHE=$ROOT/var/cache
export ONEWINDOW_KAFKA_BOOTSTRAP=127.0.0.1:19092
export ONEWINDOW_KAFKA_CONTROLLER_PORT=19093
export ONEWINDOW_SMTP_PORT=11025
export ONEWINDOW_MAILPIT_HTTP_ADDR=127.0.0.1:18025
export ONEWINDOW_GATEWAY_ADDR=127.0.0.1:18000
ENV
  local i=1 svc up
  for svc in $SERVICES; do
    up=$(echo "$svc" | tr a-z A-Z)
    echo "export ONEWINDOW_${up}_DB_NAME=ow_${svc}_faults"
    echo "export ONEWINDOW_${up}_GRPC_ADDR=127.0.0.1:2615$i"
    echo "export ONEWINDOW_${up}_METRICS_PORT=1946$i"
    i=$((i + 1))
  done
}

case "${1:-}" in
  env) env_lines ;;
  up)
    eval "$(env_lines)"
    for svc in $SERVICES; do
      runuser -u postgres -- psql -tAq -d postgres -c "SELECT 1 FROM pg_database WHERE datname='ow_${svc}_faults'" | grep -q 1 \
        || runuser -u postgres -- createdb -O "ow_$svc" "ow_${svc}_faults"
    done
    bash "$ROOT/infra/kafka.sh" up
    bash "$ROOT/infra/mailpit.sh" up
    bash "$ROOT/infra/services.sh" up ;;
  down)
    eval "$(env_lines)"
    bash "$ROOT/infra/services.sh" down
    bash "$ROOT/infra/mailpit.sh" down
    bash "$ROOT/infra/kafka.sh" down ;;
  *) echo "usage: $0 up|down|env" >&2; exit 2 ;;
esac
