# Sourced by every infra script: one place for addresses, versions and folders.
# Every part of the project reads the same ONEWINDOW_* variables (see libs/kit settings).
ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
VAR=${ONEWINDOW_VAR:-$ROOT/var}                 # all runtime state (git-ignored)
CACHE=${ONEWINDOW_CACHE:-$ROOT/var/cache}       # downloaded jars and distributions
RUN="$VAR/run"              # pid files and "started by us" markers
LOGS="$VAR/log"
mkdir -p "$CACHE" "$RUN" "$LOGS"

export ONEWINDOW_PG_HOST=${ONEWINDOW_PG_HOST:-127.0.0.1}
export ONEWINDOW_PG_PORT=${ONEWINDOW_PG_PORT:-5432}
export ONEWINDOW_KAFKA_BOOTSTRAP=${ONEWINDOW_KAFKA_BOOTSTRAP:-127.0.0.1:9092}
export ONEWINDOW_KEYCLOAK_URL=${ONEWINDOW_KEYCLOAK_URL:-http://127.0.0.1:8080}
# development only: a department system's webhook receiver on this box (and the e2e journeys'
# receiver) may be 127.0.0.1; production keeps the SSRF guard's refusal of loopback targets
if [ "${ONEWINDOW_ENV:-development}" != production ]; then
  export ONEWINDOW_WEBHOOK_ALLOW_PRIVATE=${ONEWINDOW_WEBHOOK_ALLOW_PRIVATE-127.0.0.1}
fi

KAFKA_VERSION=${KAFKA_VERSION:-4.1.1}
KEYCLOAK_VERSION=${KEYCLOAK_VERSION:-26.4.5}
PG_VERSION=${PG_VERSION:-15}
PY="$ROOT/.venv/bin/python"

log() { printf '%s %s\n' "[$COMPONENT]" "$*"; }
fail() {
  # fail WHY WHAT-TO-DO: one clear message naming the component, then exit non-zero.
  printf '[%s] ERROR: %s\n[%s] what to do: %s\n' "$COMPONENT" "$1" "$COMPONENT" "$2" >&2
  exit 1
}
host_of() { echo "${1%:*}"; }
port_of() { echo "${1##*:}"; }
port_taken() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
wait_until() {
  # wait_until SECONDS DESCRIPTION COMMAND...: poll COMMAND once a second. With WATCH_PIDFILES
  # (space-separated pid files) set, give up at once when one of those processes has exited:
  # its log says why, waiting longer would not help.
  local limit=$1 what=$2; shift 2
  local i=0 f
  until "$@" >/dev/null 2>&1; do
    for f in ${WATCH_PIDFILES:-}; do pid_alive "$f" || return 1; done
    i=$((i + 1))
    [ "$i" -ge "$limit" ] && return 1
    sleep 1
  done
  return 0
}
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
stop_pid() {
  # stop_pid PIDFILE: TERM, wait up to 30 s, then KILL.
  local pidfile=$1 pid
  pid_alive "$pidfile" || { rm -f "$pidfile"; return 0; }
  pid=$(cat "$pidfile")
  kill "$pid" 2>/dev/null
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}
