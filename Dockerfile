# One image for every OneWindow process: `python -m onewindow_<service> serve|relay|<consumer>|
# <worker>|migrate` and `python -m onewindow_gateway serve` (the Helm chart in infra/k8s picks
# the command). Not built in CI: this project's machines have no Docker; `make k8s-check`
# validates the manifests that use it.
#   docker build -t onewindow:dev .
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    ONEWINDOW_VAR=/var/lib/onewindow

WORKDIR /app

# The pinned versions the tests ran with (requirements-dev.txt), minus the development-only
# tools; installed first so code changes reuse this layer.
COPY requirements-dev.txt ./
RUN grep -vE '^(pytest|ruff|mypy|mypy-protobuf|types-[a-z]+|grpc-stubs|grpcio-tools|kubernetes-validate|schemathesis)[=[]' \
      requirements-dev.txt > /tmp/runtime.txt \
 && pip install -r /tmp/runtime.txt

# The packages as in the repository (editable, so each service finds its migrations/ and the
# notification rules beside its src/); a runtime dependency not pinned above is resolved from
# the package's pyproject. Then a dependency check, and byte-code compiled once (the root
# filesystem is read-only at run time).
COPY proto proto
COPY libs libs
COPY services services
COPY gateway gateway
COPY infra/kafka_topics.py infra/kafka_topics.py
RUN pip install -e proto -e libs/kit \
      $(for p in services/*/ gateway/; do [ -f "$p/pyproject.toml" ] && printf -- '-e %s ' "$p"; done) \
 && pip check \
 && python -m compileall -q proto libs services gateway

RUN useradd --uid 10001 --user-group --no-create-home onewindow \
 && mkdir -p /var/lib/onewindow && chown onewindow:onewindow /var/lib/onewindow
USER 10001:10001

# gRPC 50051-50054 (identity, cases, documents, notifications), HTTP 8000 (gateway)
EXPOSE 50051 50052 50053 50054 8000
CMD ["python", "-m", "onewindow_gateway", "serve"]
