"""The authorisation matrix: every gateway operation and every gRPC RPC, asked by every role
about A's objects and about objects that do not exist, against the running stack.

The expected outcome of each cell is data in authorisation_matrix.yaml (its header states the
rules). Operations are read from the committed gateway/openapi.json and the RPCs from the proto
descriptors, so a new operation or RPC without rows fails here. Another person's object must
answer exactly like a missing one: wherever a role is refused A's object with 404 / NOT_FOUND,
the answer must equal the one for a random id (status, problem title and detail / gRPC details).
"""

from __future__ import annotations

import json
import os
import re
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest
import yaml
from matrix_support import World, build_world, send, tomorrow

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "gateway/tests/integration"))
from gateway_support import Front, key

from onewindow.cases.v1 import cases_pb2, offers_pb2
from onewindow.documents.v1 import documents_pb2
from onewindow.identity.v1 import identity_pb2
from onewindow.notifications.v1 import notifications_pb2

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
MATRIX = yaml.safe_load((Path(__file__).parent / "authorisation_matrix.yaml").read_text())
ROLES = ["anonymous", *MATRIX["roles"]]
OBJECTS = ("a", "none")
PORTS = {"identity": 50051, "cases": 50052, "documents": 50053, "notifications": 50054}
MODULES = {"identity": identity_pb2, "cases": cases_pb2, "documents": documents_pb2,
           "notifications": notifications_pb2}  # fmt: skip
# Further services a port serves beside its main one (cases also serves Offers).
MORE_MODULES = [("cases", offers_pb2)]
# Calls that would lock or rotate a shared account are run last, by our own accounts only.
LAST = ("lock", "rotat", "disable", "revoke", "delete", "withdraw")
# Fields that name a person: for "a" they name citizen A.
PERSON_ALIASES = {"owner_id": "person_id", "applicant_id": "person_id", "mandator_id": "person_id"}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
RECORD = os.environ.get("ONEWINDOW_MATRIX_RECORD")
SELF_LOCK = ("POST /v1/me/lock", "onewindow.identity.v1.Identity/LockAccount")
# Ending the representatives' mandates: after every other destructive call, so the
# representative rows never depend on where an operation happens to sit in the contract.
MANDATE_ENDS = (
    "DELETE /v1/me/mandates/{mandate_id}",
    "onewindow.identity.v1.Identity/RevokeMandate",
)
HTTP_DENIALS = {401, 403, 404}
GRPC_DENIALS = {"UNAUTHENTICATED", "PERMISSION_DENIED", "NOT_FOUND"}


def http_operations() -> list[str]:
    """Every operation of the committed OpenAPI document, as 'METHOD /path'."""
    doc = json.loads((ROOT / "gateway/openapi.json").read_text())
    verbs = ("get", "post", "put", "patch", "delete")
    return [f"{m.upper()} {p}" for p, ops in doc["paths"].items() for m in ops if m in verbs]


def grpc_methods() -> list[tuple[str, str, Any]]:
    """Every RPC of the four services' descriptors: (service, 'pkg.Service/Method', method)."""
    out = []
    for svc, module in [*MODULES.items(), *MORE_MODULES]:
        for service in module.DESCRIPTOR.services_by_name.values():
            for method in service.methods:
                out.append((svc, f"{service.full_name}/{method.name}", method))
    return out


def expected(section: str, op: str, role: str, obj: str) -> str:
    """The cell's expected outcome: the operation's row, else the section default; per role
    (or '*'), then per object (or a single value for both)."""
    rows = MATRIX[section]
    for table in (rows["operations"].get(op) or {}, rows["default"]):
        # a row's "*" means every signed-in role; anonymous has its own default
        value = table.get(role, None if role == "anonymous" else table.get("*"))
        if value is not None:
            if isinstance(value, dict):
                value = value.get(obj, value.get("*"))
            if value is not None:
                return str(value)
    return "a row in authorisation_matrix.yaml"  # a new operation: a deviation until reviewed


def http_outcome(status: int) -> str:
    if status in HTTP_DENIALS:
        return str(status)
    # 405: the route is not served (a stale gateway), never an authorisation answer
    return "allowed" if status < 500 and status != 405 else f"error {status}"


def grpc_outcome(code: grpc.StatusCode) -> str:
    if code.name in GRPC_DENIALS:
        return code.name
    bad = {"INTERNAL", "UNKNOWN", "UNAVAILABLE", "DEADLINE_EXCEEDED", "UNIMPLEMENTED"}
    return f"error {code.name}" if code.name in bad else "allowed"


def ordered(ops: list[str]) -> list[str]:
    """Destructive calls last, ending the mandates after them, and locking one's own account
    at the very end."""
    return sorted(
        ops,
        key=lambda op: (op in SELF_LOCK, op in MANDATE_ENDS, any(w in op.lower() for w in LAST)),
    )


def ordered_roles() -> list[str]:
    """Citizen A, whose objects are under test, acts last (A's own writes may revoke them)."""
    return sorted(ROLES, key=lambda r: r == "citizen_a")


def skipped(section: str, op: str, role: str) -> str | None:
    """A cell listed under 'not_run' with its reason (never silently)."""
    for row in MATRIX[section].get("not_run", []):
        if row["operation"] == op and role in row["roles"]:
            return str(row["reason"])
    return None


def object_id(world: World, name: str, obj: str) -> str:
    """A's object named by a field or path parameter ("a"), or a random id ("none")."""
    name = PERSON_ALIASES.get(name, name)
    if obj == "none":
        return "nowhere" if name == "department" else str(uuid.uuid4())
    if name == "department":
        return "health"
    return world.objects.get(name, str(uuid.uuid4()))


@pytest.fixture(scope="module")
def front() -> Iterator[Front]:
    f = Front()
    yield f
    f.http.close()


@pytest.fixture()
def world(front) -> World:
    """A fresh world per test: the gateway run ends by locking its citizens' accounts."""
    return build_world(front)


class Tally:
    """Cells run, deviations, and the known deviations the YAML lists (never silent)."""

    def __init__(self, section: str) -> None:
        self.run = 0
        self.deviations: list[str] = []
        self.not_run: list[str] = []
        self.known_seen: list[str] = []
        self.known = {row["cell"]: row for row in MATRIX[section].get("known_deviations", [])}

    def check(self, cell: str, want: str, got: str, detail: str = "") -> None:
        self.run += 1
        known = self.known.get(cell)
        if known and got == str(known["now"]) and want == str(known["should"]):
            self.known_seen.append(f"{cell}: {got}, should be {want} ({known['why']})")
            return
        if known and got == want:
            self.deviations.append(f"{cell}: fixed, take it off known_deviations")
            return
        if RECORD:  # a draft for review when rows are added: never read back by the test
            with open(RECORD, "a") as out:
                out.write(json.dumps([cell, got, detail[:200]]) + "\n")
        if want != got:
            self.deviations.append(f"{cell}: expected {want}, got {got} {detail[:160]}")


def http_call(front: Front, world: World, op: str, role: str, obj: str):
    method, template = op.split(" ", 1)
    path = template
    for name in ("case_id", "document_id", "bundle_id", "mandate_id", "consent_id", "notice_id",
                 "task_id", "person_id", "department", "service_account_id",
                 "offer_id"):  # fmt: skip
        path = path.replace("{" + name + "}", object_id(world, name, obj))
    headers = {"Idempotency-Key": key()}
    if role != "anonymous":
        headers["Authorization"] = f"Bearer {world.tokens[role]}"
    if role.startswith("rep_"):
        headers["X-Acting-For"] = world.objects["person_id"]
    if method == "POST" and template.startswith("/v1/cases/{case_id}/"):
        headers["If-Match"] = case_etag(front, world)
    body = fill(MATRIX["http"].get("bodies", {}).get(op), world)
    kw: dict[str, Any] = {"headers": headers}
    if method in ("POST", "PUT", "PATCH"):
        kw["json"] = body if body is not None else {}
    if method == "GET" and "_id}" in template:
        kw["params"] = {"purpose": "authorisation matrix"}  # staff reads name a purpose
    return send(front, method, path, **kw)


def case_etag(front: Front, world: World) -> str:
    """The current ETag of A's case, read by A (a stale one would only give 412)."""
    reply = send(front, "GET", f"/v1/cases/{world.objects['case_id']}",
                 headers=front.auth(world.tokens["citizen_a"]))  # fmt: skip
    return reply.headers.get("etag", '"0"')


def fill(body: Any, world: World) -> Any:
    """A body from the YAML with {placeholders} for A's ids, a fresh {unique} and {tomorrow}."""
    if isinstance(body, dict):
        return {k: fill(v, world) for k, v in body.items()}
    if isinstance(body, list):
        return [fill(v, world) for v in body]
    if isinstance(body, str):
        return body.format(**world.objects, unique=uuid.uuid4().hex[:10], tomorrow=tomorrow())
    return body


def problem(reply) -> tuple[int, Any, Any]:
    try:
        body = reply.json()
    except ValueError:
        body = {}
    body = body if isinstance(body, dict) else {}
    return reply.status_code, body.get("title"), without_ids(body.get("detail"))


def without_ids(text: Any) -> Any:
    """The answer with the asked-for id blanked: it echoes the id it was given."""
    return UUID.sub("<id>", text) if isinstance(text, str) else text


def test_every_gateway_operation_is_in_the_matrix():
    listed = set(MATRIX["http"]["operations"])
    missing = [op for op in http_operations() if op not in listed]
    stale = sorted(listed - set(http_operations()))
    assert not missing and not stale, f"operations without rows: {missing}; stale rows: {stale}"


def test_every_rpc_is_in_the_matrix():
    names = [name for _, name, _ in grpc_methods()]
    listed = set(MATRIX["grpc"]["operations"])
    missing = [n for n in names if n not in listed]
    stale = sorted(listed - set(names))
    assert not missing and not stale, f"RPCs without rows: {missing}; stale rows: {stale}"


def test_the_gateway_matrix(front, world):
    tally = Tally("http")
    for op in ordered(http_operations()):
        for role in ordered_roles():
            reason = skipped("http", op, role)
            if reason:
                tally.not_run.append(f"{op} / {role}: {reason}")
                continue
            objs = OBJECTS if "{" in op else ("-",)
            answers = {obj: http_call(front, world, op, role, obj) for obj in objs}
            for obj, reply in answers.items():
                cell = f"{op} / {role} / {obj}"
                tally.check(cell, expected("http", op, role, obj),
                            http_outcome(reply.status_code), reply.text)  # fmt: skip
            if len(answers) == 1:
                continue
            a, none = (problem(answers[o]) for o in OBJECTS)
            if a[0] == 404:
                tally.check(f"{op} / {role} / a≡none", str(none), str(a))
    report(tally, "gateway")


def grpc_request(world: World, method: Any, obj: str) -> Any:
    cls = getattr(MODULES_BY_FILE[method.input_type.file.name], method.input_type.name)
    request = cls()
    for f in method.input_type.fields:
        if f.type != f.TYPE_STRING or f.is_repeated:
            continue
        if f.name in ("idempotency_key", "client_key"):
            setattr(request, f.name, key())
        elif f.name in world.objects or f.name == "department" or f.name.endswith("_id"):
            setattr(request, f.name, object_id(world, f.name, obj))
        elif f.name == "purpose":
            request.purpose = "authorisation matrix"
    return request


def names_object(method: Any) -> bool:
    """Whether the request names an object (an id or a department) that A may own."""
    return any(f.name.endswith("_id") or f.name == "department" for f in method.input_type.fields)


MODULES_BY_FILE = {m.DESCRIPTOR.name: m for m in [*MODULES.values(), *(m for _, m in MORE_MODULES)]}


def grpc_call(channels, world: World, svc: str, name: str, method: Any, role: str, obj: str):
    request = grpc_request(world, method, obj)
    metadata = [] if role == "anonymous" else [("authorization", f"Bearer {world.tokens[role]}")]
    if role.startswith("rep_"):
        metadata.append(("x-acting-for", world.objects["person_id"]))
    path = "/" + name
    ser, out_cls = type(request).SerializeToString, type(request)
    out_cls = getattr(MODULES_BY_FILE[method.output_type.file.name], method.output_type.name)
    channel = channels[svc]
    try:
        if method.client_streaming:
            call = channel.stream_unary(path, ser, out_cls.FromString)
            call(iter([request]), metadata=metadata, timeout=10)
        elif method.server_streaming:
            call = channel.unary_stream(path, ser, out_cls.FromString)
            list(call(request, metadata=metadata, timeout=10))
        else:
            channel.unary_unary(path, ser, out_cls.FromString)(
                request, metadata=metadata, timeout=10
            )
    except grpc.RpcError as err:
        return err.code(), without_ids(err.details())
    return grpc.StatusCode.OK, ""


def test_the_grpc_matrix(world):
    channels = {svc: grpc.insecure_channel(f"127.0.0.1:{port}") for svc, port in PORTS.items()}
    tally = Tally("grpc")
    methods = {name: (svc, m) for svc, name, m in grpc_methods()}
    try:
        for name in ordered(list(methods)):
            svc, method = methods[name]
            for role in ordered_roles():
                reason = skipped("grpc", name, role)
                if reason:
                    tally.not_run.append(f"{name} / {role}: {reason}")
                    continue
                objs = OBJECTS if names_object(method) else ("-",)
                answers = {o: grpc_call(channels, world, svc, name, method, role, o)
                           for o in objs}  # fmt: skip
                for obj, (code, details) in answers.items():
                    tally.check(f"{name} / {role} / {obj}", expected("grpc", name, role, obj),
                                grpc_outcome(code), details or "")  # fmt: skip
                if len(answers) > 1 and answers["a"][0] == grpc.StatusCode.NOT_FOUND:
                    tally.check(f"{name} / {role} / a≡none", str(answers["none"]),
                                str(answers["a"]))  # fmt: skip
    finally:
        for channel in channels.values():
            channel.close()
    report(tally, "grpc")


def report(tally: Tally, what: str) -> None:
    print(
        f"\n{what}: {tally.run} cells run, {len(tally.deviations)} deviations, "
        f"{len(tally.known_seen)} known deviations (listed in the YAML), "
        f"{len(tally.not_run)} cells not run"
    )
    for line in tally.known_seen:
        print(f"  KNOWN DEVIATION {line}")
    for line in tally.not_run:
        print(f"  not run: {line}")
    for line in tally.deviations:
        print(f"  DEVIATION {line}")
    assert not tally.deviations, "\n".join(tally.deviations)
