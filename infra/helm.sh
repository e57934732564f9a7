#!/usr/bin/env bash
# Helm, built from source with `go install` at a pinned version into the git-ignored cache
# (keyed by version), and the offline check of the chart in infra/k8s: helm lint, helm template
# of the default and the dev profile, every rendered object validated against the Kubernetes
# schemas (infra/k8s_validate.py, kubernetes-validate).
# Usage: infra/helm.sh install|path|check
set -euo pipefail
COMPONENT=helm
source "$(dirname "$0")/env.sh"
HELM_VERSION=${HELM_VERSION:-v3.22.0}
BIN_DIR="$CACHE/helm-$HELM_VERSION/bin"
HELM="$BIN_DIR/helm"
CHART="$ROOT/infra/k8s"
KUBE_VERSION=1.33.0  # what the chart is rendered and validated for (infra/k8s_validate.py)

install() {
  [ -x "$HELM" ] && return 0
  command -v go >/dev/null || fail "no go on PATH" "install Go 1.22+ (https://go.dev/dl) and run again"
  log "building helm.sh/helm/v3/cmd/helm@$HELM_VERSION (first time only; minutes on 2 cores)"
  mkdir -p "$BIN_DIR"
  local started=$SECONDS
  GOBIN="$BIN_DIR" go install "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" >"$LOGS/helm-install.log" 2>&1 \
    || { rm -rf "$BIN_DIR"; fail "go install failed (see $LOGS/helm-install.log)" "check that the Go module proxy is reachable, then run again"; }
  log "built in $((SECONDS - started)) s"
}

check() {
  install
  local out="$VAR/k8s"
  mkdir -p "$out"
  local profile lint
  for profile in default dev; do
    local values=()
    [ "$profile" = dev ] && values=(-f "$CHART/values-dev.yaml")
    lint=$("$HELM" lint --strict "$CHART" --kube-version "$KUBE_VERSION" "${values[@]}" 2>&1) \
      || { echo "$lint" >&2; fail "helm lint failed on the $profile profile" "fix the chart in infra/k8s"; }
  done
  "$HELM" template onewindow "$CHART" --namespace onewindow --kube-version "$KUBE_VERSION" \
    >"$out/default.yaml"
  "$HELM" template onewindow "$CHART" --namespace onewindow --kube-version "$KUBE_VERSION" \
    -f "$CHART/values-dev.yaml" >"$out/dev.yaml"
  "$PY" "$ROOT/infra/k8s_validate.py" "$out/default.yaml" "$out/dev.yaml"
}

case "${1:-}" in
  install) install; log "ready: $HELM" ;;
  path) echo "$HELM" ;;
  check) check ;;
  *) echo "usage: $0 install|path|check" >&2; exit 2 ;;
esac
