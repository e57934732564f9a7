"""Backup-and-restore drill (issue 15, docs/operations.md): a citizen's application, decision,
certificate, uploads and notices are made on the running stack; ``infra/backup.py backup`` dumps
it; ``infra/backup.py restore`` loads the dump into a FRESH stack of the test's own (its own
databases ow_<svc>_drill, content directory, Kafka broker, Mailpit, services and gateway on other
ports, state under var/restore-drill; PostgreSQL's server, Redis and the Keycloak realm are the
shared ones), which is then started; through its gateway the citizen finds exactly that data
— the case, the certificate (which verifies), the uploaded file, the receipt notice — and a new
application gets its receipt notice; an end-to-end journey (tests/e2e/test_journeys.py) then
passes against the restored stack. The test's citizen, deleted from the realm, is restored
from the backup with the same id, attributes and roles, and reaches their case again once a new
password is set. The S3 branch: the fresh stack's documents processes on a bucket of the drill's
own, the bucket backed up, dropped and restored byte for byte. Stops what it started; the
citizen stays in the realm like the other fault tests' citizens."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from load import CLERK, PASSWORD, login, register_citizen, submission
from stack import GATEWAY, ROOT, wait_until

sys.path.insert(0, str(ROOT / "infra"))
from backup import empty_bucket
from backup_keycloak import Admin

DRILL_VAR = ROOT / "var" / "restore-drill"
SUPERVISOR = ("supervisor.health", "dev-pass-supervisor")
SERVICES = ("identity", "cases", "documents", "notifications")


def drill_env() -> dict[str, str]:
    """The fresh stack's settings: every address and database its own."""
    env = {
        **os.environ,
        "ONEWINDOW_VAR": str(DRILL_VAR),
        "ONEWINDOW_CACHE": str(ROOT / "var" / "cache"),
        "ONEWINDOW_KAFKA_BOOTSTRAP": "127.0.0.1:24092",
        "ONEWINDOW_KAFKA_CONTROLLER_PORT": "24093",
        "ONEWINDOW_SMTP_PORT": "24025",
        "ONEWINDOW_MAILPIT_HTTP_ADDR": "127.0.0.1:24825",
        "ONEWINDOW_GATEWAY_ADDR": "127.0.0.1:24000",
        "ONEWINDOW_GATEWAY_WORKERS": "1",
        "ONEWINDOW_REPLICAS": "1",
        # never the running stack's content: the restore empties this directory first
        "ONEWINDOW_DOCUMENTS_STORAGE_DIR": str(DRILL_VAR / "documents"),
    }
    env.pop("ONEWINDOW_HEALTH_PORT", None)  # one port per process on one box
    for i, svc in enumerate(SERVICES, start=1):
        up = svc.upper()
        env[f"ONEWINDOW_{up}_DB_NAME"] = f"ow_{svc}_drill"
        env[f"ONEWINDOW_{up}_GRPC_ADDR"] = f"127.0.0.1:2425{i}"
        env[f"ONEWINDOW_{up}_METRICS_PORT"] = f"2446{i}"
    if os.environ.get("ONEWINDOW_DOCUMENTS_STORE") == "s3":
        env["ONEWINDOW_S3_BUCKET"] = "onewindow-documents-drill"
    return env


# The S3 drill's bucket on the shared S3 server (infra/s3.sh): the drill's own, made and dropped
# here; the running stack's bucket is never written.
S3_BUCKET = "onewindow-documents-drill-s3"


def s3_drill_env() -> dict[str, str]:
    """The fresh stack's settings with its documents content in the drill's own bucket."""
    return {**drill_env(), "ONEWINDOW_DOCUMENTS_STORE": "s3", "ONEWINDOW_S3_BUCKET": S3_BUCKET}


def s3_client(env: dict[str, str]):
    """A boto3 client for the S3 server ``env`` names, as the documents service builds it."""
    from onewindow_documents import config as documents_config
    from onewindow_documents.adapters.s3 import client

    settings = documents_config.load(environ=env).s3
    assert settings is not None and settings.bucket == S3_BUCKET
    return client(settings)


def drop_bucket(s3, bucket: str) -> None:
    """Every object of the drill's bucket, then the bucket (gone, as after losing it)."""
    assert bucket == S3_BUCKET  # never the running stack's
    if bucket not in {b["Name"] for b in s3.list_buckets().get("Buckets", [])}:
        return
    empty_bucket(s3, bucket)
    s3.delete_bucket(Bucket=bucket)


def bucket_objects(s3, bucket: str) -> dict[str, bytes]:
    """Every object of ``bucket``: key -> bytes."""
    return {
        item["Key"]: s3.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
        for item in page.get("Contents", [])
    }


DRILL_PORTS = ("ONEWINDOW_KAFKA_BOOTSTRAP", "ONEWINDOW_GATEWAY_ADDR", "ONEWINDOW_CASES_GRPC_ADDR")


def _listening(address: str) -> bool:
    host, port = address.rsplit(":", 1)
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex((host, int(port))) == 0


def drill_stack(command: str) -> None:
    """Kafka, Mailpit and every service + gateway of the fresh stack (infra scripts, its env);
    refuses to start beside another stack on its ports (it would use that one's broker)."""
    env = drill_env()
    if command == "up":
        taken = [env[name] for name in DRILL_PORTS if _listening(env[name])]
        assert not taken, f"another stack listens on the drill's ports {taken}"
    order = ["kafka", "mailpit", "services"]
    for name in order if command == "up" else reversed(order):
        subprocess.run(
            ["bash", str(ROOT / "infra" / f"{name}.sh"), command],
            env=env, check=True, timeout=300, stdout=subprocess.DEVNULL,
        )  # fmt: skip


def documents_processes(command: str, env: dict[str, str]) -> None:
    """Stop or start only the documents service's processes of the fresh stack, with ``env``."""
    subprocess.run(
        ["bash", str(ROOT / "infra" / "services.sh"), command],
        env={**env, "ONEWINDOW_SERVICES": "documents"}, check=True, timeout=300,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip


def run_backup_tool(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """python infra/backup.py ARGS, as it ended."""
    return subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), str(ROOT / "infra" / "backup.py"), *args],
        env=env or dict(os.environ), capture_output=True, text=True, timeout=600,
    )  # fmt: skip


def backup_tool(*args: str, env: dict[str, str] | None = None) -> dict:
    """python infra/backup.py ARGS; its JSON answer."""
    done = run_backup_tool(*args, env=env)
    assert done.returncode == 0, f"backup.py {args[0]} failed:\n{done.stderr[-3000:]}"
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


class Window:
    """One gateway, as a front end calls it."""

    def __init__(self, base: str) -> None:
        self.http = httpx.Client(base_url=base, timeout=30)

    def call(self, method: str, path: str, token: str, expect: int = 200, **kw) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}", **kw.pop("headers", {})}
        if method == "POST":
            headers.setdefault("Idempotency-Key", str(uuid.uuid4()))
        reply = self.http.request(method, path, headers=headers, **kw)
        assert reply.status_code == expect, f"{method} {path}: {reply.status_code} {reply.text}"
        return reply

    def decide(self, case_id: str, token: str) -> None:
        """Claim, accept, review and approve, as the department's supervisor."""
        for path, body in (
            ("claim", {}), ("transitions", {"to_status": "accepted"}),
            ("transitions", {"to_status": "in_review"}),
            ("decision", {"outcome": "approved", "reason": ""}),
        ):  # fmt: skip
            etag = self.call(
                "GET", f"/v1/cases/{case_id}", token, params={"purpose": "deciding"}
            ).headers["etag"]
            self.call("POST", f"/v1/cases/{case_id}/{path}", token, json=body,
                      headers={"If-Match": etag})  # fmt: skip

    def receipt(self, token: str, case_id: str) -> dict | None:
        notices = self.call("GET", "/v1/me/inbox", token).json()["items"]
        return next(
            (n for n in notices if n["case_id"] == case_id and n["category"] == "case_receipt"),
            None,
        )

    def certificate(self, token: str, case_id: str) -> dict | None:
        items = self.call("GET", "/v1/me/wallet", token).json()["items"]
        return next(
            (i for i in items if i["kind"] == "certificate" and i["case_id"] == case_id), None
        )

    def content(self, token: str, document_id: str) -> bytes:
        return self.call("GET", f"/v1/documents/{document_id}/content", token).content

    def verify(self, signed: bytes) -> dict:
        reply = self.http.post("/v1/certificates/verify", files={"file": ("c.jws", signed)})
        assert reply.status_code == 200, reply.text
        return dict(reply.json())


def _made_on_the_running_stack(source: Window) -> dict:
    """A citizen applies, a supervisor approves, the certificate is issued: what to find again."""
    citizen = register_citizen(source.http, login(*CLERK))
    case = source.call("POST", "/v1/cases", citizen.token, expect=201, json=submission(citizen))
    case_id = case.json()["id"]
    receipt = wait_until(lambda: source.receipt(citizen.token, case_id), "receipt notice", 60)
    source.decide(case_id, login(*SUPERVISOR))
    wait_until(lambda: source.certificate(citizen.token, case_id), "certificate in wallet", 90)
    certificate = source.certificate(citizen.token, case_id)
    assert certificate and receipt is not None
    case = source.call("GET", f"/v1/cases/{case_id}", citizen.token).json()
    return {
        "citizen": citizen, "case": case,
        "certificate": source.content(citizen.token, certificate["id"]),
        "certificate_id": certificate["id"],
        "upload": source.content(citizen.token, citizen.document_id),
        "receipt": source.receipt(citizen.token, case_id),
    }  # fmt: skip


@pytest.fixture(scope="module")
def backed_up(tmp_path_factory) -> tuple[dict, Path, dict]:
    """The data made on the running stack, the backup of it, and the backup's answer."""
    made = _made_on_the_running_stack(Window(GATEWAY))
    out = tmp_path_factory.mktemp("drill") / "backup"
    return made, out, backup_tool("backup", "--out", str(out))


@pytest.fixture(scope="module")
def fresh_stack(backed_up) -> Iterator[dict]:
    """The backup restored into the fresh stack, which is then started; how long that took.
    Stopped after the module's last test (the journey and S3 tests reuse it)."""
    backup = backed_up[1]
    drill_stack("down")  # a leftover of an interrupted run
    shutil.rmtree(DRILL_VAR / "kafka", ignore_errors=True)  # a fresh broker, as a fresh stack has
    try:
        started = time.monotonic()
        restored = backup_tool(
            "restore", "--from", str(backup), "--parts", "databases,content",
            "--recreate-databases", "--replace-content", env=drill_env(),
        )  # fmt: skip
        drill_stack("up")
        yield {"restore_s": restored["seconds"], "serving_s": time.monotonic() - started}
    finally:
        drill_stack("down")


def test_a_backup_restored_into_a_fresh_stack_keeps_the_citizens_journey(backed_up, fresh_stack):
    made, backup, dumped = backed_up
    citizen = made["citizen"]
    manifest = json.loads((backup / "manifest.json").read_text())
    assert set(manifest["databases"]) == set(SERVICES)
    assert all(f["bytes"] > 0 and len(f["sha256"]) == 64 for f in manifest["files"].values())
    sizes = {name: f["bytes"] for name, f in manifest["files"].items()}
    print(
        f"\n[faults] restore drill: backup {dumped['seconds']} s, restore"
        f" {fresh_stack['restore_s']} s, fresh stack serving {fresh_stack['serving_s']:.0f} s"
        f" after the restore began; bytes {sizes}"
    )

    fresh = Window("http://" + drill_env()["ONEWINDOW_GATEWAY_ADDR"])
    token = login(citizen.username, PASSWORD)
    case_id = made["case"]["id"]
    case = fresh.call("GET", f"/v1/cases/{case_id}", token).json()
    assert (case["case_number"], case["status"]) == (made["case"]["case_number"], "approved")
    assert fresh.certificate(token, case_id)["id"] == made["certificate_id"]
    assert fresh.content(token, made["certificate_id"]) == made["certificate"]
    assert fresh.verify(made["certificate"])["valid"] is True
    assert fresh.content(token, citizen.document_id) == made["upload"]
    assert fresh.receipt(token, case_id) == made["receipt"]

    again = fresh.call("POST", "/v1/cases", token, expect=201, json=submission(citizen)).json()
    assert again["case_number"] != case["case_number"]
    wait_until(lambda: fresh.receipt(token, again["id"]), "receipt of a new application", 90)


def test_a_deleted_account_comes_back_with_its_id_attributes_and_roles(backed_up):
    """The realm part: the test's own citizen is deleted from the realm and restored from the
    backup (Keycloak user ids are unique across realms, so the account comes back into its own
    realm, as after an account deleted by mistake). Same id, so the identity service's person
    still points at it; no password hash left Keycloak, so a new password is set first."""
    made, backup, _ = backed_up
    citizen = made["citizen"]
    realm = os.environ.get("ONEWINDOW_KEYCLOAK_REALM", "onewindow")
    admin = Admin(
        os.environ.get("ONEWINDOW_KEYCLOAK_URL", "http://127.0.0.1:8080"),
        os.environ.get("ONEWINDOW_KEYCLOAK_ADMIN_USER") or "admin",
        os.environ.get("ONEWINDOW_KEYCLOAK_ADMIN_PASSWORD") or "admin",
    )

    def account() -> list[dict]:
        return list(admin.call("GET", f"/{realm}/users", username=citizen.username,
                               exact="true", briefRepresentation="false"))  # fmt: skip

    [before] = account()
    admin.call("DELETE", f"/{realm}/users/{before['id']}")
    assert account() == []

    done = backup_tool(
        "restore", "--from", str(backup), "--parts", "keycloak", "--keycloak-users",
        citizen.username,
    )  # fmt: skip

    assert done["keycloak"]["users_added"] == 1
    [after] = account()
    assert (after["id"], after["attributes"]) == (before["id"], before["attributes"])
    roles = admin.call("GET", f"/{realm}/users/{after['id']}/role-mappings/realm")
    assert "citizen" in {r["name"] for r in roles}
    assert after["requiredActions"] == ["UPDATE_PASSWORD"]
    admin.call("PUT", f"/{realm}/users/{after['id']}/reset-password",
               {"type": "password", "value": PASSWORD, "temporary": False})  # fmt: skip
    token = login(citizen.username, PASSWORD)
    case = Window(GATEWAY).call("GET", f"/v1/cases/{made['case']['id']}", token).json()
    assert case["case_number"] == made["case"]["case_number"]


# A journey of the end-to-end suite (the "having a baby" bundle filed at a service hall): its own
# HTTP, gRPC, Kafka and Mailpit calls, pointed at the restored stack by the stack's settings.
JOURNEY = "tests/e2e/test_journeys.py::test_having_a_baby_filed_at_a_service_hall"


def test_an_end_to_end_journey_passes_on_the_restored_stack(fresh_stack):
    started = time.monotonic()
    done = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider",
         JOURNEY],
        cwd=ROOT, env=drill_env(), capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "1 passed" in done.stdout
    print(f"\n[faults] restore drill: {JOURNEY} passed in {time.monotonic() - started:.0f} s")


@pytest.fixture
def documents_on_s3(fresh_stack) -> Iterator[dict]:
    """The fresh stack's documents processes started again with their content in the drill's
    own, new bucket; afterwards they are back on the filesystem store and the bucket is dropped,
    so the module's other tests find the fresh stack as they expect in any order."""
    env = s3_drill_env()
    s3 = s3_client(env)
    started = time.monotonic()
    drop_bucket(s3, S3_BUCKET)  # a leftover of an interrupted run
    s3.create_bucket(Bucket=S3_BUCKET)
    try:
        documents_processes("down", env)
        documents_processes("up", env)
        yield {"env": env, "s3": s3, "on_s3_s": time.monotonic() - started}
    finally:
        documents_processes("down", env)
        drop_bucket(s3, S3_BUCKET)
        documents_processes("up", drill_env())


def test_s3_content_backed_up_comes_back_byte_for_byte_into_a_fresh_bucket(
    documents_on_s3, tmp_path
):
    """The S3 branch of backup and restore. On the fresh stack, its documents service on the
    drill's own bucket, a citizen uploads an id, applies and gets the certificate.
    ``backup --parts content`` dumps the bucket; the bucket is then dropped (lost, objects and
    all), ``restore --parts content`` makes it again from the backup, and the citizen's upload
    and certificate come back through the gateway byte for byte (the certificate verifies). A
    second restore refuses the now full bucket, and a stack on the filesystem store refuses the
    bucket's content. The databases' part is the first test's: the same code for either store,
    and the running metadata here is the backup's plus later rows."""
    env, s3 = documents_on_s3["env"], documents_on_s3["s3"]
    started = time.monotonic()
    fresh = Window("http://" + env["ONEWINDOW_GATEWAY_ADDR"])
    made = _made_on_the_running_stack(fresh)
    journey = time.monotonic()
    before = bucket_objects(s3, S3_BUCKET)
    out = tmp_path / "s3-backup"
    dumped = backup_tool("backup", "--out", str(out), "--parts", "content", env=env)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["content"]["store"] == "s3"
    assert manifest["content"]["files"] == len(before) > 0

    drop_bucket(s3, S3_BUCKET)
    assert S3_BUCKET not in {b["Name"] for b in s3.list_buckets().get("Buckets", [])}
    restored = backup_tool("restore", "--from", str(out), "--parts", "content", env=env)
    assert bucket_objects(s3, S3_BUCKET) == before  # every key, every byte

    citizen = made["citizen"]
    token = login(citizen.username, PASSWORD)
    assert fresh.content(token, made["certificate_id"]) == made["certificate"]
    assert fresh.verify(made["certificate"])["valid"] is True
    assert fresh.content(token, citizen.document_id) == made["upload"]

    again = run_backup_tool("restore", "--from", str(out), "--parts", "content", env=env)
    assert again.returncode != 0 and f"bucket {S3_BUCKET} is not empty" in again.stderr
    # The filesystem store cannot take the bucket's layout: refused, nothing touched.
    on_fs = {**drill_env(), "ONEWINDOW_DOCUMENTS_STORE": "fs"}
    wrong = run_backup_tool("restore", "--from", str(out), "--parts", "content", env=on_fs)
    assert wrong.returncode != 0 and "comes from the s3 store" in wrong.stderr
    print(
        f"\n[faults] S3 restore drill: documents on S3 in {documents_on_s3['on_s3_s']:.0f} s,"
        f" journey {journey - started:.0f} s, backup {dumped['seconds']} s ({len(before)}"
        f" objects, {sum(map(len, before.values()))} bytes), restore {restored['seconds']} s;"
        f" {time.monotonic() - started:.0f} s after the documents were on S3"
    )
