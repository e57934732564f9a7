#!/usr/bin/env bash
# Every service installs and runs as a plain (not editable) package: proto, the kit and each
# service are pip-installed into a throwaway virtualenv, then, from
# a directory outside the checkout, each service's `python -m onewindow_<svc> migrate --help`
# must run, and services that ship their data (migrations, catalogue) in the package must find
# it there (importlib.resources), not in the source tree.
# Usage: infra/package_check.sh   (make package-check; part of make test)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=${PYTHON:-$("$ROOT/.venv/bin/python" -c 'import sys; print(sys._base_executable)')}
# Services whose migrations are shipped inside the package (the others still read them from
# the source tree; add each here once it does).
SHIPS_DATA="cases"

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$PY" -m venv "$tmp/venv"
# Built from copies: setuptools writes build/ and *.egg-info next to the sources it builds,
# and the checkout is shared.
copy() {
  mkdir -p "$tmp/src/$1"
  tar -C "$ROOT/$1" --exclude=build --exclude='*.egg-info' --exclude=__pycache__ -cf - . \
    | tar -C "$tmp/src/$1" -xf -
  pkgs+=("$tmp/src/$1")
}
pkgs=()
copy proto; copy libs/kit
svcs=()
for dir in "$ROOT"/services/*/; do
  svc=$(basename "$dir")
  [ -f "$dir/pyproject.toml" ] && [ -f "$dir/src/onewindow_$svc/__main__.py" ] || continue
  copy "services/$svc"; svcs+=("$svc")
done
# Fast: third-party dependencies come from the dev virtualenv's site-packages (a path, not a
# site dir: its editable-install hooks are not run, so our packages resolve to this install).
site=$("$ROOT/.venv/bin/python" -c 'import site; print(site.getsitepackages()[0])')
own=$("$tmp/venv/bin/python" -c 'import site; print(site.getsitepackages()[0])')
echo "$site" >"$own/zz_dev_dependencies.pth"
# One build toolchain for all packages (instead of an isolated build environment each).
"$tmp/venv/bin/pip" install -q --disable-pip-version-check "setuptools>=68" wheel >"$tmp/pip.log" 2>&1 \
  || { cat "$tmp/pip.log" >&2; echo "package-check: no build toolchain" >&2; exit 1; }
"$tmp/venv/bin/pip" install -q --disable-pip-version-check --no-deps --no-build-isolation \
  "${pkgs[@]}" >"$tmp/pip.log" 2>&1 \
  || { cat "$tmp/pip.log" >&2; echo "package-check: pip install failed" >&2; exit 1; }

cd "$tmp"  # nothing of the checkout is importable from here
failed=0
for svc in "${svcs[@]}"; do
  where=$("$tmp/venv/bin/python" -c "import onewindow_$svc as m; print(m.__file__)")
  case "$where" in "$tmp"/venv/lib/*) ;; *) echo "onewindow_$svc imported from $where, not the install"; failed=1; continue ;; esac
  if "$tmp/venv/bin/python" -m "onewindow_$svc" migrate --help >"$tmp/$svc.out" 2>&1; then
    echo "package-check: onewindow_$svc migrate --help ok"
  else
    cat "$tmp/$svc.out"; echo "package-check: onewindow_$svc migrate --help failed"; failed=1
  fi
done
for svc in $SHIPS_DATA; do
  "$tmp/venv/bin/python" - "$svc" <<'PY' || failed=1
import importlib, sys
svc = sys.argv[1]
spec = importlib.import_module(f"onewindow_{svc}.__main__").SPEC
versions = list((spec.migrations_dir / "versions").glob("*.py"))
ok = (spec.migrations_dir / "env.py").is_file() and versions
if svc == "cases":
    from onewindow_cases.config import load_settings
    ok = ok and open(load_settings({}).seed_catalogue, encoding="utf-8").read(100)
print(f"package-check: onewindow_{svc} packaged data {'ok' if ok else 'MISSING'} ({spec.migrations_dir})")
sys.exit(0 if ok else 1)
PY
done
exit "$failed"
