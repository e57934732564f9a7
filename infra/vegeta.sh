#!/usr/bin/env bash
# Vegeta: a constant-rate HTTP load tool (open loop: requests leave on schedule whether or not
# earlier ones answered), for the benchmarks' fixed-rate runs; wrk has no fixed rate.
# Built from source with `go install` at a pinned version into the git-ignored cache.
# Usage: infra/vegeta.sh install   (prints the binary's path)
set -euo pipefail
COMPONENT=vegeta
source "$(dirname "$0")/env.sh"
VEGETA_VERSION=${VEGETA_VERSION:-v12.12.0}
BIN_DIR="$CACHE/vegeta-$VEGETA_VERSION/bin"
BIN="$BIN_DIR/vegeta"

install() {
  if [ ! -x "$BIN" ]; then
    command -v go >/dev/null || fail "no go on PATH" "install Go 1.22+ (https://go.dev/dl) and run again"
    log "building github.com/tsenart/vegeta/v12@$VEGETA_VERSION (first time only)" >&2
    mkdir -p "$BIN_DIR"
    GOBIN="$BIN_DIR" go install "github.com/tsenart/vegeta/v12@$VEGETA_VERSION" \
        >"$LOGS/vegeta-install.log" 2>&1 \
      || { rm -rf "$BIN_DIR"; fail "go install failed (see $LOGS/vegeta-install.log)" "check that the Go module proxy is reachable, then run again"; }
  fi
  echo "$BIN"
}

case "${1:-}" in
  install) install ;;
  *) echo "usage: $0 install" >&2; exit 2 ;;
esac
