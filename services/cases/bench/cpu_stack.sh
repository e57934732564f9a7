#!/usr/bin/env bash
# A private copy of the whole stack for measuring CPU per submission (cpu_per_submission.py)
# while a shared stack runs on the default ports and others load it: its own Kafka broker,
# databases (ow_<svc>_cpu), every service process, gateway and Mailpit, state under var/cpu.
# PostgreSQL's server, Redis and Keycloak are the shared ones. Its processes run the working
# tree's code as of their start: `restart` after a change, then measure again.
#   services/cases/bench/cpu_stack.sh up|down|restart
#   eval "$(services/cases/bench/cpu_stack.sh env)"
# Ports: Kafka 39092/39093, SMTP 31025, Mailpit 38025, gateway 38000, gRPC 2635x, metrics 3946x.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
SERVICES="identity cases documents notifications"
PROFILE=cpu

env_lines() {
  cat <<ENV
export ONEWINDOW_VAR=$ROOT/var/$PROFILE
export ONEWINDOW_CACHE=$ROOT/var/cache
export ONEWINDOW_KAFKA_BOOTSTRAP=127.0.0.1:39092
export ONEWINDOW_KAFKA_CONTROLLER_PORT=39093
export ONEWINDOW_SMTP_PORT=31025
export ONEWINDOW_MAILPIT_HTTP_ADDR=127.0.0.1:38025
export ONEWINDOW_GATEWAY_ADDR=127.0.0.1:38000
ENV
  local i=1 svc up
  for svc in $SERVICES; do
    up=$(echo "$svc" | tr a-z A-Z)
    echo "export ONEWINDOW_${up}_DB_NAME=ow_${svc}_$PROFILE"
    echo "export ONEWINDOW_${up}_GRPC_ADDR=127.0.0.1:2635$i"
    echo "export ONEWINDOW_${up}_METRICS_PORT=3946$i"
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
    bash "$ROOT/infra/services.sh" up ;;
  restart)  # the services and gateway only (new code); broker, Mailpit and data stay
    eval "$(env_lines)"
    bash "$ROOT/infra/services.sh" down
    bash "$ROOT/infra/services.sh" up ;;
  down)
    eval "$(env_lines)"
    bash "$ROOT/infra/services.sh" down
    bash "$ROOT/infra/mailpit.sh" down
    bash "$ROOT/infra/kafka.sh" down ;;
  *) echo "usage: $0 up|down|restart|env" >&2; exit 2 ;;
esac
