#!/usr/bin/env bash
# Memory of the running stack: proportional set size (shared pages split fairly) per component.
# Usage: infra/footprint.sh   (make footprint)
set -uo pipefail
COMPONENT=footprint
source "$(dirname "$0")/env.sh"
pss_kb() { local t=0 p v; for p in "$@"; do v=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null); t=$((t + ${v:-0})); done; echo "$t"; }
postgres=$(pgrep -x postgres | tr '\n' ' ')
kafka=$(cat "$RUN/kafka.pid" 2>/dev/null)
keycloak=$(pgrep -f "keycloak-$KEYCLOAK_VERSION" | tr '\n' ' ')
services=$(cat "$RUN"/{identity,cases,documents,notifications}-*.pid 2>/dev/null | tr '\n' ' ')
total=0
for name in postgres kafka keycloak services; do
  kb=$(pss_kb ${!name:-})
  total=$((total + kb))
  printf '%-10s %6d MiB\n' "$name" $((kb / 1024))
done
printf '%-10s %6d MiB\n' total $((total / 1024))
