#!/usr/bin/env bash
# With ONEWINDOW_ENV=production, refuse to start anything on development defaults: the Keycloak
# bootstrap admin admin/admin, the realm's dev-only-* client secrets, the documents service's
# generated development signing key and the dev seed users (well-known passwords).
# Starts nothing; `make up` and infra/keycloak.sh run it first. Usage: infra/production_check.sh
set -euo pipefail
COMPONENT=production-check
source "$(dirname "$0")/env.sh"

[ "$(printf '%s' "${ONEWINDOW_ENV:-development}" | tr '[:upper:]' '[:lower:]')" = production ] || exit 0

refuse() { fail "$1 with ONEWINDOW_ENV=production" "$2"; }

case "${ONEWINDOW_KEYCLOAK_ADMIN_PASSWORD:-admin}" in
  admin) refuse "ONEWINDOW_KEYCLOAK_ADMIN_PASSWORD is unset or 'admin' (the development bootstrap admin admin/admin)" \
    "set ONEWINDOW_KEYCLOAK_ADMIN_USER and a strong ONEWINDOW_KEYCLOAK_ADMIN_PASSWORD" ;;
esac
for name in ONEWINDOW_KEYCLOAK_GATEWAY_SECRET ONEWINDOW_KEYCLOAK_IDENTITY_SECRET ONEWINDOW_KEYCLOAK_DEPT_HEALTH_SECRET; do
  case "${!name:-}" in
    "" | dev-only-*) refuse "$name is unset or a dev-only-* default of infra/keycloak/realm-onewindow.json" \
      "set $name to a generated secret (e.g. openssl rand -hex 32) before the realm is imported" ;;
  esac
done
[ -n "${ONEWINDOW_DOCUMENTS_SIGNING_KEY:-}" ] \
  || refuse "ONEWINDOW_DOCUMENTS_SIGNING_KEY is unset (the documents service would generate a development signing key)" \
    "set ONEWINDOW_DOCUMENTS_SIGNING_KEY to the path of the certificate signing key (PEM)"
[ "${ONEWINDOW_DEV_SEED:-1}" = 0 ] \
  || refuse "ONEWINDOW_DEV_SEED is not 0 (the dev seed users of infra/keycloak/dev-seed.json have well-known passwords)" \
    "set ONEWINDOW_DEV_SEED=0"
exit 0
