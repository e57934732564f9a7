"""The Helm chart in infra/k8s, rendered with the pinned helm (infra/helm.sh, built into
var/cache on first use), against what the code really runs and reads: a Deployment for every
process of every ServiceSpec, health probes on the right gRPC health service (native in plaintext,
the kit's health command with gRPC TLS), every ONEWINDOW_* setting in a ConfigMap, Secret or env
(and none the code no longer reads), identity's Keycloak admin secret in identity's pods only, and
a default install whose every process passes the production transport check with the certificate
files it names mounted."""

from __future__ import annotations

import importlib
import posixpath
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from onewindow_kit.settings import is_production, refuse_plaintext_in_production

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "infra" / "k8s"
SERVICES = ("identity", "cases", "documents", "notifications")
CODE = [ROOT / "libs" / "kit" / "src", ROOT / "gateway" / "src"] + [
    ROOT / "services" / s / "src" for s in SERVICES
]
# Read by the code but deliberately not set in the chart, and why.
NOT_IN_CHART = {
    "ONEWINDOW_SERVE_INDEX": "set by infra/services.sh per serve copy on one box; a pod is copy 1",
    "ONEWINDOW_FAULT_RELAY_DIE_AFTER_ACK": "fault-test hook (tests/faults), refused in production",
    "ONEWINDOW_FAULT_CONSUMER_DIE_BEFORE_COMMIT": "fault-test hook, refused in production",
    "ONEWINDOW_PROCESS_INDEX": "set by infra/services.sh per process copy on one box; a pod is 1",
    "ONEWINDOW_KEYCLOAK_GATEWAY_SECRET": "older alias of ONEWINDOW_GATEWAY_CLIENT_SECRET",
    "ONEWINDOW_GATEWAY_RATELIMIT_STORAGE": "derived from ONEWINDOW_REDIS_ADDR when unset",
}


def _helm() -> str:
    subprocess.run(["bash", str(ROOT / "infra" / "helm.sh"), "install"], check=True)
    path = subprocess.run(
        ["bash", str(ROOT / "infra" / "helm.sh"), "path"], check=True, capture_output=True
    )
    return path.stdout.decode().strip()


def _template(*values: str, sets: tuple[str, ...] = ()) -> subprocess.CompletedProcess[bytes]:
    extra = [arg for v in values for arg in ("-f", str(CHART / v))]
    extra += [arg for s in sets for arg in ("--set", s)]
    return subprocess.run(
        [_helm(), "template", "onewindow", str(CHART), "--kube-version", "1.33.0", *extra],
        capture_output=True,
    )


def _render(*values: str, sets: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    out = _template(*values, sets=sets)
    assert out.returncode == 0, out.stderr.decode()
    return [doc for doc in yaml.safe_load_all(out.stdout) if doc]


@pytest.fixture(scope="module")
def default() -> list[dict[str, Any]]:
    return _render()


@pytest.fixture(scope="module")
def dev() -> list[dict[str, Any]]:
    return _render("values-dev.yaml")


def _named(objects, kind: str) -> dict[str, dict[str, Any]]:
    return {o["metadata"]["name"]: o for o in objects if o["kind"] == kind}


def _container(deployment: dict[str, Any]) -> dict[str, Any]:
    return deployment["spec"]["template"]["spec"]["containers"][0]


@pytest.mark.parametrize("profile", ["default", "dev"])
def test_every_process_of_every_service_has_a_deployment_running_it(profile, request):
    deployments = _named(request.getfixturevalue(profile), "Deployment")
    for svc in SERVICES:
        spec = importlib.import_module(f"onewindow_{svc}.__main__").SPEC
        for proc in spec.processes():
            deployment = deployments[f"onewindow-{svc}-{proc}"]
            assert _container(deployment)["args"] == ["python", "-m", f"onewindow_{svc}", proc]
    assert _container(deployments["onewindow-gateway"])["args"][-2:] == [
        "onewindow_gateway",
        "serve",
    ]


def test_plaintext_serve_pods_are_probed_natively_on_their_own_grpc_health_service(dev):
    deployments = _named(dev, "Deployment")
    for svc in SERVICES:
        spec = importlib.import_module(f"onewindow_{svc}.__main__").SPEC
        container = _container(deployments[f"onewindow-{svc}-serve"])
        for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
            assert container[probe]["grpc"]["service"] == spec.grpc_service_names[0]
            assert "exec" not in container[probe]
    _check_heartbeat_probes(deployments)


def test_tls_serve_pods_start_on_the_kits_health_command_then_ask_their_own_endpoint(default):
    """The kubelet's native gRPC probe is plaintext; with ONEWINDOW_GRPC_TLS on a serve pod's
    start-up is probed by `python -m onewindow_<svc> health` (the kit checks
    grpc_service_names[0] with the pod's TLS settings), dialling the pod itself and expecting its
    Service's name. That starts an interpreter (~1 s CPU) per run, so readiness and liveness ask
    the process's health endpoint on its metrics port instead (/readyz, /healthz)."""
    deployments = _named(default, "Deployment")
    for svc in SERVICES:
        deployment = deployments[f"onewindow-{svc}-serve"]
        container = _container(deployment)
        env = _environment(default, container)
        assert env["ONEWINDOW_GRPC_TLS"] == "true"
        command = container["startupProbe"]["exec"]["command"]
        assert command[-4:] == ["python", "-m", f"onewindow_{svc}", "health"], command
        assert f"ONEWINDOW_{svc.upper()}_GRPC_ADDR=127.0.0.1:{_port(deployment)}" in command
        assert f"ONEWINDOW_GRPC_TLS_SERVER_NAME=onewindow-{svc}" in command
        ports = {p["name"]: p["containerPort"] for p in container["ports"]}
        assert ports["health"] == int(env[f"ONEWINDOW_{svc.upper()}_METRICS_PORT"])
        assert env["ONEWINDOW_METRICS_ADDR"] == "0.0.0.0"  # the kubelet reaches it
        for probe, path in (("readinessProbe", "/readyz"), ("livenessProbe", "/healthz")):
            assert container[probe]["httpGet"] == {"path": path, "port": "health"}, (svc, probe)
    _check_heartbeat_probes(deployments)


def _port(deployment: dict[str, Any]) -> int:
    return next(p["containerPort"] for p in _container(deployment)["ports"] if p["name"] == "grpc")


def _check_heartbeat_probes(deployments: dict[str, dict[str, Any]]) -> None:
    for svc in SERVICES:
        spec = importlib.import_module(f"onewindow_{svc}.__main__").SPEC
        for proc in spec.processes()[1:]:  # relays, consumers, workers: the loop's heartbeat
            probe = _container(deployments[f"onewindow-{svc}-{proc}"])["livenessProbe"]
            assert probe["httpGet"] == {"path": "/healthz", "port": "health"}
    gateway = _container(deployments["onewindow-gateway"])
    assert gateway["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert gateway["livenessProbe"]["httpGet"]["path"] == "/healthz"


def _settings_in_code() -> set[str]:
    from onewindow_gateway.config import RateLimits

    names: set[str] = set()
    for folder in CODE:
        for path in folder.rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            names |= {n for n in re.findall(r"ONEWINDOW_[A-Z0-9_]+", text) if not n.endswith("_")}
            for suffix in re.findall(r"ONEWINDOW_\{svc[^}]*\}_([A-Z0-9_]+)", text):
                names |= {f"ONEWINDOW_{s.upper()}_{suffix}" for s in SERVICES}
    names |= {f"ONEWINDOW_GATEWAY_RATE_{f.upper()}" for f in RateLimits.__dataclass_fields__}
    return {n for n in names if not n.startswith("ONEWINDOW_BENCH_")} - set(NOT_IN_CHART)


def _settings_in_chart(objects) -> set[str]:
    names: set[str] = set()
    for obj in objects:
        if obj["kind"] in ("ConfigMap", "Secret"):
            names |= set(obj.get("data") or {}) | set(obj.get("stringData") or {})
        if obj["kind"] == "Deployment":
            names |= {e["name"] for e in _container(obj).get("env", [])}
    return names


def test_every_setting_the_code_reads_is_in_a_configmap_secret_or_env(default):
    missing = _settings_in_code() - _settings_in_chart(default)
    assert not missing, f"settings read by the code but absent from infra/k8s: {sorted(missing)}"


def test_every_setting_in_the_chart_is_read_by_the_code(default):
    stale = _settings_in_chart(default) - _settings_in_code() - set(NOT_IN_CHART)
    assert not stale, f"settings in infra/k8s that no code reads: {sorted(stale)}"


def test_keycloak_admin_secret_reaches_identity_pods_only(default):
    secrets = _named(default, "Secret")
    holders = {
        n for n, s in secrets.items() if "ONEWINDOW_KEYCLOAK_IDENTITY_SECRET" in s["stringData"]
    }
    assert holders == {"onewindow-identity"}
    for name, deployment in _named(default, "Deployment").items():
        refs = {
            src["secretRef"]["name"]
            for src in _container(deployment)["envFrom"]
            if "secretRef" in src
        }
        assert ("onewindow-identity" in refs) == name.startswith("onewindow-identity-"), name


def test_department_systems_reach_only_the_listed_services_through_the_ingress(default):
    policies = _named(default, "NetworkPolicy")
    grpc_paths = {
        p["path"]
        for rule in _named(default, "Ingress")["onewindow-grpc"]["spec"]["rules"]
        for p in rule["http"]["paths"]
    }
    assert grpc_paths == {
        "/onewindow.cases.v1.Cases/",
        "/onewindow.documents.v1.Documents/",
        "/onewindow.notifications.v1.Notifications/",
    }
    for svc in SERVICES:
        sources = policies[f"onewindow-{svc}-grpc-in"]["spec"]["ingress"][0]["from"]
        from_ingress = any("namespaceSelector" in s for s in sources)
        assert from_ingress == (svc != "identity"), svc


def test_migrations_run_before_the_deployments_and_after_install_in_dev(default, dev):
    for objects, hook in ((default, "pre-install,pre-upgrade"), (dev, "post-install,pre-upgrade")):
        jobs = _named(objects, "Job")
        for svc in SERVICES:
            job = jobs[f"onewindow-{svc}-migrate"]
            assert job["metadata"]["annotations"]["helm.sh/hook"] == hook
            assert _container_of_job(job)["args"] == ["python", "-m", f"onewindow_{svc}", "migrate"]


def _container_of_job(job: dict[str, Any]) -> dict[str, Any]:
    return job["spec"]["template"]["spec"]["containers"][0]


def _environment(objects, container: dict[str, Any]) -> dict[str, str]:
    """What a container's process sees: the ConfigMaps it loads, in order, then its env."""
    maps = _named(objects, "ConfigMap")
    env: dict[str, str] = {}
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            env |= maps[source["configMapRef"]["name"]].get("data") or {}
    env |= {e["name"]: e["value"] for e in container.get("env", []) if "value" in e}
    return env


def _onewindow_pods(objects):
    """(kind/name, pod spec, container, runs the gateway) of every OneWindow process."""
    for obj in objects:
        if obj["kind"] not in ("Deployment", "Job"):
            continue
        pod = obj["spec"]["template"]["spec"]
        for container in pod["containers"]:
            args = container.get("args", [])
            if args[:2] == ["python", "-m"] and args[2].startswith("onewindow_"):
                name = f"{obj['kind']}/{obj['metadata']['name']}"
                yield name, pod, container, args[2] == "onewindow_gateway"


def _mounted(pod: dict[str, Any], container: dict[str, Any], path: str) -> bool:
    """Whether ``path`` is a file of a Secret mounted into the container."""
    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    for mount in container.get("volumeMounts", []):
        secret = volumes[mount["name"]].get("secret")
        if not secret or posixpath.dirname(path) != mount["mountPath"].rstrip("/"):
            continue
        items = secret.get("items")
        if items is None or posixpath.basename(path) in {i["path"] for i in items}:
            return True
    return False


def _files_named(env: dict[str, str], *, gateway: bool, job: bool) -> list[str]:
    """The certificate files a process reads: the DB's CA (not the gateway), and, for what runs
    (not the migration Jobs), Kafka's CA and the gRPC certificate, key and CA."""
    names = [] if gateway else ["ONEWINDOW_DB_SSLROOTCERT"]
    if not job:
        names += ["ONEWINDOW_KAFKA_CA", "ONEWINDOW_GRPC_TLS_CERT", "ONEWINDOW_GRPC_TLS_KEY"]
        names += ["ONEWINDOW_GRPC_TLS_CA"]
    return [env[n] for n in names if env[n]]  # an empty setting names no file


def test_every_process_of_a_default_install_passes_the_production_transport_check(default):
    """ONEWINDOW_ENV=production exits 2 on a plaintext or unverified connection (the kit's
    refuse_plaintext_in_production, called at every command's start): the chart's defaults must
    pass it in every container, with the CA and certificate files they name mounted."""
    seen = 0
    for name, pod, container, gateway in _onewindow_pods(default):
        env = _environment(default, container)
        assert is_production(env), name
        refuse_plaintext_in_production(env, database=not gateway)
        for path in _files_named(env, gateway=gateway, job=name.startswith("Job/")):
            assert path.startswith("/") and _mounted(pod, container, path), (name, path)
        seen += 1
    # every process of every service, its migration Job, and the gateway
    assert (
        seen
        == sum(
            len(importlib.import_module(f"onewindow_{svc}.__main__").SPEC.processes()) + 1
            for svc in SERVICES
        )
        + 1
    )


def test_the_dev_profile_renders_plaintext_with_no_certificates_mounted(dev):
    for name, pod, container, _gateway in _onewindow_pods(dev):
        assert not is_production(_environment(dev, container)), name
        secrets = {v["secret"]["secretName"] for v in pod.get("volumes", []) if "secret" in v}
        assert secrets <= {"onewindow-documents-signing"}, (name, secrets)


GRPC_SECRET = "onewindow-grpc-internal-tls"
CLIENT_SECRET = "onewindow-grpc-client-tls"
MUTUAL = ("common.ONEWINDOW_GRPC_TLS_CLIENT_AUTH=true", f"tls.grpcClientSecret={CLIENT_SECRET}")


def _grpc_secrets(pod: dict[str, Any]) -> dict[str, Any]:
    """secretName -> the items a pod mounts of it (None: every key), for the gRPC Secrets."""
    return {
        v["secret"]["secretName"]: v["secret"].get("items")
        for v in pod.get("volumes", [])
        if "secret" in v and v["secret"]["secretName"] in (GRPC_SECRET, CLIENT_SECRET)
    }


def _serves_grpc(container: dict[str, Any]) -> bool:
    args = container["args"]
    return args[2] != "onewindow_gateway" and args[3] == "serve"


def test_only_serve_pods_hold_the_grpc_server_key(default):
    """The server pair of tls.grpcSecret answers for every service's name: only the serve pods
    mount it. The gateway (it faces the internet) and the relays, consumers and workers only
    dial, so they mount its ca.crt alone and present no certificate (client auth is off)."""
    servers = dialers = 0
    for name, pod, container, _gateway in _onewindow_pods(default):
        if name.startswith("Job/"):
            assert _grpc_secrets(pod) == {}, name
            continue
        env = _environment(default, container)
        if _serves_grpc(container):
            assert _grpc_secrets(pod) == {GRPC_SECRET: None}, name
            assert env["ONEWINDOW_GRPC_TLS_KEY"] == "/etc/onewindow/grpc-tls/tls.key", name
            servers += 1
        else:
            assert _grpc_secrets(pod) == {GRPC_SECRET: [{"key": "ca.crt", "path": "ca.crt"}]}, name
            assert env["ONEWINDOW_GRPC_TLS_CERT"] == env["ONEWINDOW_GRPC_TLS_KEY"] == "", name
            assert env["ONEWINDOW_GRPC_TLS_CA"] == "/etc/onewindow/grpc-tls/ca.crt", name
            dialers += 1
    assert servers == len(SERVICES) and dialers > servers


def test_with_client_auth_the_dialing_pods_present_their_own_client_certificate():
    """ONEWINDOW_GRPC_TLS_CLIENT_AUTH on: every pod that only dials presents the client-only
    certificate of tls.grpcClientSecret (mounted, named by its _CERT/_KEY), still never the
    server key; every process still passes the production transport check."""
    objects = _render(sets=MUTUAL)
    for name, pod, container, gateway in _onewindow_pods(objects):
        if name.startswith("Job/"):
            continue
        env = _environment(objects, container)
        refuse_plaintext_in_production(env, database=not gateway)
        for path in _files_named(env, gateway=gateway, job=False):
            assert _mounted(pod, container, path), (name, path)
        if _serves_grpc(container):
            assert _grpc_secrets(pod) == {GRPC_SECRET: None}, name
            continue
        assert _grpc_secrets(pod) == {
            GRPC_SECRET: [{"key": "ca.crt", "path": "ca.crt"}],
            CLIENT_SECRET: None,
        }, name
        assert env["ONEWINDOW_GRPC_TLS_CERT"] == "/etc/onewindow/grpc-client/tls.crt", name
        assert env["ONEWINDOW_GRPC_TLS_KEY"] == "/etc/onewindow/grpc-client/tls.key", name


def test_client_auth_without_a_client_certificate_secret_is_refused_naming_it():
    out = _template(sets=MUTUAL[:1])
    assert out.returncode != 0
    assert "tls.grpcClientSecret is required" in out.stderr.decode()
