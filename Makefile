# OneWindow — `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PY := .venv/bin/python
VENV_STAMP := .venv/.installed
PKG_FILES := requirements-dev.txt $(wildcard proto/pyproject.toml libs/*/pyproject.toml services/*/pyproject.toml gateway/pyproject.toml)
PYTEST_FLAGS ?= -q -p no:cacheprovider

.PHONY: help venv up down status footprint infra-up test test-unit lint fmt proto proto-check asyncapi asyncapi-check bench bench-kit bench-identity bench-cases bench-offers bench-notifications clean

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(VENV_STAMP): $(PKG_FILES)
	@bash infra/venv.sh

venv: $(VENV_STAMP) ## create .venv with the pinned toolchain and every package (editable)

infra-up: venv ## install (when missing) and start PostgreSQL, Kafka, Keycloak, Mailpit and S3 (MinIO); wait until healthy
	@bash infra/production_check.sh
	@bash infra/postgres.sh up
	@bash infra/kafka.sh up
	@bash infra/keycloak.sh up
	@bash infra/mailpit.sh up
	@bash infra/s3.sh up

up: infra-up ## bring the whole stack up: infra, migrations, every service; print where each listens
	@bash infra/web.sh build || echo "[web] WARNING: the portal was not built; the gateway serves no /portal/"
	@bash infra/services.sh up
	@$(MAKE) --no-print-directory status

down: ## stop what `make up` started
	@bash infra/services.sh down
	@bash infra/s3.sh down
	@bash infra/mailpit.sh down
	@bash infra/keycloak.sh down
	@bash infra/kafka.sh down
	@bash infra/postgres.sh down

status: ## tell what runs and where
	@bash infra/postgres.sh status
	@bash infra/kafka.sh status
	@bash infra/keycloak.sh status
	@bash infra/mailpit.sh status
	@bash infra/s3.sh status
	@bash infra/services.sh status
	@bash infra/web.sh status

footprint: ## memory (PSS) of the running stack per component
	@bash infra/footprint.sh

proto: venv ## regenerate the Python stubs from proto/
	@bash infra/proto.sh gen

proto-check: venv ## fail when the committed stubs are stale
	@bash infra/proto.sh check

.PHONY: classification-check
classification-check: venv ## fail naming each proto field without a data classification (also a test in make test)
	@$(PY) tests/contracts/test_classification.py

asyncapi: venv ## regenerate docs/asyncapi.yaml (the event catalogue) from the event protos
	@$(PY) infra/asyncapi.py

asyncapi-check: venv ## fail when the committed event catalogue is stale
	@$(PY) infra/asyncapi.py --check

.PHONY: package-check
package-check: venv ## proto, kit and every service installed non-editable in a throwaway venv; each runs migrate --help
	@bash infra/package_check.sh

.PHONY: openapi openapi-check
openapi: venv ## regenerate gateway/openapi.json (the gateway's HTTP contract) from the code
	@$(PY) -m onewindow_gateway openapi > gateway/openapi.json

openapi-check: venv ## fail when the committed gateway/openapi.json differs from what the gateway serves
	@$(PY) -m onewindow_gateway openapi --check gateway/openapi.json

.PHONY: test-faults
test-faults: up ## whole-stack fault tests (tests/faults): broker, relays, consumers, serve killed, Keycloak and PostgreSQL stopped, slow network, full disk, under load; prints the reconciliation (the issue's sizes; at most 30 min)
	@timeout 1800 $(PY) -m pytest $(PYTEST_FLAGS) -s tests/faults  # bounded: .ci/run restores the stack after

.PHONY: backup restore
backup: venv ## dump every service database, the documents content and the realm's users -> var/backups/<UTC time>/ with manifest.json (docs/operations.md)
	@$(PY) infra/backup.py backup

restore: venv ## restore BACKUP=var/backups/<time> into the stack the ONEWINDOW_* variables name (checksums first; RESTORE_FLAGS e.g. --recreate-databases --replace-content)
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=var/backups/<time> [RESTORE_FLAGS=...]" >&2; exit 2; }
	@$(PY) infra/backup.py restore --from "$(BACKUP)" $(RESTORE_FLAGS)

.PHONY: k8s-check capacity
k8s-check: venv ## helm lint + helm template of infra/k8s (default and dev profiles), every object checked against the Kubernetes schemas
	@bash infra/helm.sh check

capacity: venv ## recompute docs/capacity.md (city and province sizing) from var/bench/*.json
	@$(PY) infra/capacity.py --write docs/capacity.md

lint: venv ## ruff format check, ruff lint (with complexity), mypy on src
	@.venv/bin/ruff format --check .
	@.venv/bin/ruff check .
	@.venv/bin/mypy $(wildcard libs/*/src services/*/src gateway/src)

fmt: venv ## format and autofix
	@.venv/bin/ruff format .
	@.venv/bin/ruff check --fix .

test-unit: venv ## unit tests only (no stack needed)
	@$(PY) -m pytest $(PYTEST_FLAGS) -m "not integration"

test: venv proto-check openapi-check asyncapi-check k8s-check package-check lint up ## everything: stubs, lint, the whole stack up (as `make up`), all tests
	@$(PY) -m pytest $(PYTEST_FLAGS)
	@bash infra/web.sh test

bench: bench-kit bench-identity bench-cases bench-notifications ## run every benchmark; figures in var/bench/*.json

bench-kit: infra-up ## outbox relay and consumer throughput -> var/bench/kit.json
	@$(PY) libs/kit/bench/bench_kit.py

bench-identity: up ## principal resolutions, registrations, logins -> var/bench/identity.json
	@$(PY) services/identity/bench/bench_identity.py

bench-cases: up ## queue page / citizen list latency at 1M cases, gRPC submit rate -> var/bench/cases.json
	@bash infra/postgres.sh database ow_cases_bench ow_cases  # the benchmark's own database
	@$(PY) services/cases/bench/bench_cases.py
	@$(PY) services/cases/bench/bench_offers.py  # after bench_cases.py, which rewrites the file

bench-offers: infra-up ## offer latency (certificate_issued -> committed offers) at 100 events/s, ~40 s -> var/bench/cases.json
	@bash infra/postgres.sh database ow_cases_bench ow_cases  # the benchmark's own database
	@$(PY) services/cases/bench/bench_offers.py

.PHONY: bench-statistics
bench: bench-statistics
bench-statistics: infra-up ## handling statistics at 1M cases: GetStatistics / GetLiveBacklog p99, submit rate with and without the read model -> var/bench/cases.json
	@bash infra/postgres.sh database ow_cases_bench ow_cases  # the benchmark's own database
	@$(PY) services/cases/bench/bench_statistics.py

bench-notifications: infra-up ## events to inbox, p99 at 200 events/s, emails and webhooks per second -> var/bench/notifications.json
	@$(PY) services/notifications/bench/bench_notifications.py

.PHONY: bench-gateway
bench: bench-gateway
bench-gateway: up ## POST /v1/cases through the gateway (wrk) vs direct gRPC, dashboard p99 -> var/bench/gateway.json
	@command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
	@$(PY) gateway/bench/bench_gateway.py

.PHONY: bench-e2e
bench: bench-e2e
bench-e2e: up ## the whole stack under load via the gateway: submits/s, p99, event->inbox p99, p99 at 50/s, lost/duplicated -> var/bench/e2e.json
	@command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
	@$(PY) tests/e2e/bench/bench_e2e.py

.PHONY: test-web
test-web: up ## the web portal in a real browser (Playwright + Debian's chromium) against the running stack
	@bash infra/web.sh test

clean: ## remove the virtualenv and caches (keeps var/)
	rm -rf .venv .pytest_cache .mypy_cache .ruff_cache

.PHONY: bench-documents
bench: bench-documents
bench-documents: infra-up ## documents upload/download MB/s (fs, S3), certificate verifications/s -> var/bench/documents.json
	@$(PY) services/documents/bench/bench_documents.py
	@$(PY) services/documents/bench/bench_verify.py
