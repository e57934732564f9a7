#!/usr/bin/env bash
# Mailpit: a real SMTP server with an HTTP API, for development and tests (never production mail).
# Built from source with `go install` at a pinned version into the git-ignored cache.
# Usage: infra/mailpit.sh up|down|status
set -euo pipefail
COMPONENT=mailpit
source "$(dirname "$0")/env.sh"
MAILPIT_VERSION=${MAILPIT_VERSION:-v1.33.1}
BIN_DIR="$CACHE/mailpit-$MAILPIT_VERSION/bin"
BIN="$BIN_DIR/mailpit"
PIDFILE="$RUN/mailpit.pid"
SMTP_HOST=${ONEWINDOW_SMTP_HOST:-127.0.0.1}
SMTP_PORT=${ONEWINDOW_SMTP_PORT:-1025}
HTTP_ADDR=${ONEWINDOW_MAILPIT_HTTP_ADDR:-127.0.0.1:8025}

install() {
  [ -x "$BIN" ] && return 0
  command -v go >/dev/null || fail "no go on PATH" "install Go 1.22+ (https://go.dev/dl) and run again"
  log "building github.com/axllent/mailpit@$MAILPIT_VERSION (first time only; takes minutes on 2 cores)"
  mkdir -p "$BIN_DIR"
  local started=$SECONDS
  GOBIN="$BIN_DIR" go install "github.com/axllent/mailpit@$MAILPIT_VERSION" \
      >"$LOGS/mailpit-install.log" 2>&1 \
    || { rm -rf "$BIN_DIR"; fail "go install failed (see $LOGS/mailpit-install.log)" "check that the Go module proxy is reachable, then run again"; }
  log "built in $((SECONDS - started)) s"
}

ready() { curl -fsS "http://$HTTP_ADDR/api/v1/info" >/dev/null 2>&1; }

start() {
  if pid_alive "$PIDFILE"; then log "already running (SMTP $SMTP_HOST:$SMTP_PORT, HTTP $HTTP_ADDR)"; return 0; fi
  if port_taken "$SMTP_HOST" "$SMTP_PORT"; then
    ready && { log "an SMTP server and Mailpit API already answer; using them"; return 0; }
    fail "port $SMTP_PORT is taken by something that is not Mailpit" "free the port or set ONEWINDOW_SMTP_PORT"
  fi
  mkdir -p "$VAR/mailpit"
  log "starting SMTP on $SMTP_HOST:$SMTP_PORT, HTTP API on $HTTP_ADDR"
  # Messages persist in var/mailpit (the test suite deletes what it reads); 10,000 kept at most.
  setsid nohup "$BIN" --smtp "$SMTP_HOST:$SMTP_PORT" --listen "$HTTP_ADDR" \
    --database "$VAR/mailpit/mailpit.db" --max 10000 --smtp-auth-accept-any --smtp-auth-allow-insecure \
    >"$LOGS/mailpit.log" 2>&1 &
  echo $! >"$PIDFILE"
  if ! wait_until 30 "mailpit ready" ready; then
    stop_pid "$PIDFILE"
    fail "mailpit did not answer within 30 s (see $LOGS/mailpit.log)" "read the log"
  fi
}

case "${1:-}" in
  up) install; start; log "ready: SMTP $SMTP_HOST:$SMTP_PORT, HTTP http://$HTTP_ADDR" ;;
  install) install ;;
  down)
    if pid_alive "$PIDFILE"; then stop_pid "$PIDFILE"; log "stopped"; else log "not started by us; left alone"; fi ;;
  status)
    if ready; then echo "mailpit       up    smtp $SMTP_HOST:$SMTP_PORT  http://$HTTP_ADDR"; else echo "mailpit       down"; fi ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
