#!/usr/bin/env bash
# Create .venv and install the pinned toolchain plus every OneWindow package (editable).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt
pkgs=(-e proto -e libs/kit)
for p in services/*/ gateway/; do
  [ -f "$p/pyproject.toml" ] && pkgs+=(-e "$p")
done
.venv/bin/pip install -q --disable-pip-version-check --no-deps "${pkgs[@]}"
touch .venv/.installed
