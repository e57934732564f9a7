#!/usr/bin/env bash
# S3-compatible object storage for the documents service's content (ONEWINDOW_DOCUMENTS_STORE=s3)
# and its tests: a real MinIO server, built from source with `go install` at a pinned
# pseudo-version (MinIO tags releases outside Go's version scheme) into the git-ignored cache.
# Chosen over SeaweedFS for the smaller dependency graph (see the commit for the measured build).
# Usage: infra/s3.sh up|down|status|install
set -euo pipefail
COMPONENT=s3
source "$(dirname "$0")/env.sh"
MINIO_VERSION=${MINIO_VERSION:-v0.0.0-20260212201848-7aac2a2c5b7c}
BIN_DIR="$CACHE/minio-$MINIO_VERSION/bin"
BIN="$BIN_DIR/minio"
PIDFILE="$RUN/s3.pid"
ENDPOINT=${ONEWINDOW_S3_ENDPOINT:-http://127.0.0.1:9100}
ADDR=${ENDPOINT#http://}
BUCKET=${ONEWINDOW_S3_BUCKET:-onewindow-documents}
REGION=${ONEWINDOW_S3_REGION:-us-east-1}
# Development credentials only; production sets its own (and its own endpoint).
ACCESS_KEY=${ONEWINDOW_S3_ACCESS_KEY:-onewindow-dev}
SECRET_KEY=${ONEWINDOW_S3_SECRET_KEY:-dev-only-s3-secret}
DATA="$VAR/s3/data"
if [ "$(printf '%s' "${ONEWINDOW_ENV:-development}" | tr '[:upper:]' '[:lower:]')" = production ] \
    && [ "$SECRET_KEY" = dev-only-s3-secret ] && [ "${1:-}" = up ]; then
  fail "the development S3 secret with ONEWINDOW_ENV=production" "set ONEWINDOW_S3_SECRET_KEY (and ONEWINDOW_S3_ACCESS_KEY), or point ONEWINDOW_S3_ENDPOINT at your own S3 service"
fi

install() {
  [ -x "$BIN" ] && return 0
  # One build at a time: a second `up` meanwhile waits for it instead of building again.
  exec 9>"$CACHE/minio-$MINIO_VERSION.lock"
  flock 9
  [ -x "$BIN" ] && return 0
  command -v go >/dev/null || fail "no go on PATH" "install Go 1.24+ (https://go.dev/dl) and run again"
  log "building github.com/minio/minio@$MINIO_VERSION (first time only; several minutes on 2 cores)"
  mkdir -p "$BIN_DIR"
  local started=$SECONDS
  GOBIN="$BIN_DIR" go install "github.com/minio/minio@$MINIO_VERSION" \
      >"$LOGS/s3-install.log" 2>&1 \
    || { rm -rf "$BIN_DIR"; fail "go install failed (see $LOGS/s3-install.log)" "check that the Go module proxy is reachable, then run again"; }
  log "built in $((SECONDS - started)) s"
}

ready() { curl -fsS "$ENDPOINT/minio/health/live" >/dev/null 2>&1; }

s3_request() {
  # s3_request METHOD PATH: a SigV4-signed request with the stack's credentials (curl >= 7.75).
  curl -fsS -o /dev/null -X "$1" --aws-sigv4 "aws:amz:$REGION:s3" \
    --user "$ACCESS_KEY:$SECRET_KEY" "$ENDPOINT/$2"
}

ensure_bucket() {
  s3_request HEAD "$BUCKET" 2>/dev/null && return 0
  s3_request PUT "$BUCKET" || fail "could not create bucket $BUCKET at $ENDPOINT" "check the credentials (ONEWINDOW_S3_ACCESS_KEY/SECRET_KEY) and $LOGS/s3.log"
  log "created bucket $BUCKET"
}

start() {
  if pid_alive "$PIDFILE"; then log "already running at $ENDPOINT"; return 0; fi
  if port_taken "$(host_of "$ADDR")" "$(port_of "$ADDR")"; then
    ready && { log "an S3 server already answers at $ENDPOINT; using it"; return 0; }
    fail "port $(port_of "$ADDR") is taken by something that is not an S3 server" "free the port or set ONEWINDOW_S3_ENDPOINT"
  fi
  mkdir -p "$DATA"
  log "starting MinIO on $ADDR (data in $DATA)"
  # No web console (MINIO_BROWSER=off): the API is all the stack uses.
  MINIO_ROOT_USER="$ACCESS_KEY" MINIO_ROOT_PASSWORD="$SECRET_KEY" MINIO_BROWSER=off \
    MINIO_REGION="$REGION" MINIO_UPDATE=off \
    setsid nohup "$BIN" server --quiet --address "$ADDR" "$DATA" >"$LOGS/s3.log" 2>&1 &
  echo $! >"$PIDFILE"
  if ! wait_until 60 "s3 ready" ready; then
    stop_pid "$PIDFILE"
    fail "MinIO did not answer within 60 s (see $LOGS/s3.log)" "read the log"
  fi
}

case "${1:-}" in
  up) install; start; ensure_bucket; log "ready: $ENDPOINT bucket $BUCKET" ;;
  install) install ;;
  down)
    if pid_alive "$PIDFILE"; then stop_pid "$PIDFILE"; log "stopped"; else log "not started by us; left alone"; fi ;;
  status)
    if ready; then echo "s3            up    $ENDPOINT  bucket $BUCKET"; else echo "s3            down"; fi ;;
  *) echo "usage: $0 up|down|status|install" >&2; exit 2 ;;
esac
