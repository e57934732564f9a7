#!/usr/bin/env bash
# The reference front end (web/): built with Vite into web/dist, which the gateway serves as
# plain static files at http://<gateway>/portal/. `npm ci` from the committed package-lock.json
# (npm's download cache in var/cache/npm, packages in web/node_modules, both git-ignored); the
# build is skipped when nothing it is made from changed. The browser tests (Playwright) drive
# Debian's chromium package, installed here when missing.
# Usage: infra/web.sh build|status|test
set -euo pipefail
COMPONENT=web
source "$(dirname "$0")/env.sh"
WEB="$ROOT/web"
STATE="$VAR/web"
GATEWAY_ADDR=${ONEWINDOW_GATEWAY_ADDR:-127.0.0.1:8000}
export npm_config_cache="$CACHE/npm" npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1   # Playwright's own browsers cannot be fetched here
mkdir -p "$STATE"

need_node() {
  command -v node >/dev/null && command -v npm >/dev/null \
    || fail "no node/npm on PATH" "install Node.js 20.19+ or 22.12+ with npm (Vite 8 needs it)"
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=12)||(a===20&&b>=19)?0:1)' \
    || fail "node $(node --version) is too old for Vite 8" "install Node.js 20.19+ or 22.12+"
}

sum_of() {
  # one hash over the files under the given paths (the generated API types are left out: they
  # follow from gateway/openapi.json, which is in the list)
  (cd "$WEB" && find "$@" -type f ! -name schema.d.ts -print0 2>/dev/null | sort -z | xargs -0 sha256sum) \
    | sha256sum | cut -d' ' -f1
}

packages() {
  local want; want=$(sum_of package.json package-lock.json)
  if [ -d "$WEB/node_modules" ] && [ "$want" = "$(cat "$STATE/npm-ci.sum" 2>/dev/null)" ]; then return 0; fi
  log "npm ci (packages from package-lock.json)"
  (cd "$WEB" && npm ci --no-audit --no-fund) >"$LOGS/web-npm.log" 2>&1 \
    || fail "npm ci failed (see $LOGS/web-npm.log)" "check that the npm registry is reachable"
  echo "$want" >"$STATE/npm-ci.sum"
}

runtime_config() {
  # Where the browser finds the realm; written at every build so ONEWINDOW_KEYCLOAK_URL applies.
  printf '{"authority": "%s/realms/%s"}\n' "${ONEWINDOW_KEYCLOAK_URL%/}" "${ONEWINDOW_KEYCLOAK_REALM:-onewindow}" \
    >"$WEB/dist/config.json"
}

build() {
  need_node
  packages
  local want; want=$(sum_of src tests public index.html vite.config.ts tsconfig.json tsconfig.tests.json package.json package-lock.json ../gateway/openapi.json)
  if [ -f "$WEB/dist/index.html" ] && [ "$want" = "$(cat "$STATE/build.sum" 2>/dev/null)" ]; then
    runtime_config; log "up to date (web/dist)"; return 0
  fi
  log "building web/dist (types from gateway/openapi.json, then Vite)"
  (cd "$WEB" && npm run build) >"$LOGS/web-build.log" 2>&1 \
    || fail "the build failed (see $LOGS/web-build.log)" "a contract change in gateway/openapi.json shows up there as a type error"
  runtime_config
  echo "$want" >"$STATE/build.sum"
  log "built web/dist"
}

chromium_bin() { command -v chromium || command -v chromium-browser || true; }

install_chromium() {
  # chromium, and a CJK font so the zh-CN screenshots show Chinese rather than empty boxes
  [ -n "$(chromium_bin)" ] && fc-list 2>/dev/null | grep -qi "wenquanyi" && return 0
  log "installing chromium and fonts-wqy-microhei from Debian's packages (for the browser tests)"
  [ "$(id -u)" = 0 ] || fail "chromium is missing and this is not root" "run: sudo apt-get install -y chromium fonts-wqy-microhei"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >"$LOGS/chromium-install.log" 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >>"$LOGS/chromium-install.log" 2>&1; } \
    || fail "apt-get install chromium fonts-wqy-microhei failed (see $LOGS/chromium-install.log)" "check the Debian mirror"
}

status() {
  if [ -f "$WEB/dist/index.html" ]; then
    printf '%-20s %-5s %s\n' "web-portal" "built" "http://$GATEWAY_ADDR/portal/"
  else
    printf '%-20s %-5s %s\n' "web-portal" "none" "(make up builds web/)"
  fi
}

case "${1:-}" in
  build) build ;;
  status) status ;;
  test)
    install_chromium
    build
    curl -fsS "http://$GATEWAY_ADDR/portal/" >/dev/null \
      || fail "the gateway does not serve the portal at http://$GATEWAY_ADDR/portal/" "restart the gateway after the first build (make up does it in order)"
    cd "$WEB" && ONEWINDOW_CHROMIUM="$(chromium_bin)" npx playwright test
    ;;
  *) echo "usage: $0 build|status|test" >&2; exit 2 ;;
esac
