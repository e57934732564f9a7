#!/usr/bin/env bash
# Generate Python stubs (messages, gRPC, .pyi) from proto/ with the pinned grpcio-tools.
# Usage: infra/proto.sh gen [OUTDIR]   |   infra/proto.sh check
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY="$ROOT/.venv/bin/python"
gen() {
  local out=$1
  mkdir -p "$out"
  (cd "$ROOT/proto" && find onewindow -name '*.proto' | sort) >"$out/.protos"
  (cd "$ROOT/proto" && "$PY" -m grpc_tools.protoc -I . --python_out="$out" --grpc_python_out="$out" \
      --pyi_out="$out" $(cat "$out/.protos"))
  rm -f "$out/.protos"
  # Every generated folder is an importable package.
  find "$out/onewindow" -type d -exec sh -c 'touch "$1/__init__.py"' _ {} \;
}
case "${1:-}" in
  gen)
    gen "$ROOT/proto" ;;
  check)
    tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
    gen "$tmp"
    stale=0
    while IFS= read -r f; do
      rel=${f#"$tmp"/}
      cmp -s "$f" "$ROOT/proto/$rel" || { echo "stale or missing generated file: proto/$rel"; stale=1; }
    done < <(find "$tmp/onewindow" -type f \( -name '*.py' -o -name '*.pyi' \))
    while IFS= read -r f; do
      rel=${f#"$ROOT/proto"/}
      [ -f "$tmp/$rel" ] || { echo "generated file without a .proto: proto/$rel"; stale=1; }
    done < <(find "$ROOT/proto/onewindow" -type f \( -name '*_pb2*.py' -o -name '*_pb2*.pyi' \))
    [ "$stale" = 0 ] || { echo "run 'make proto' and commit the result" >&2; exit 1; }
    echo "proto stubs are up to date" ;;
  *) echo "usage: $0 gen|check" >&2; exit 2 ;;
esac
