"""Retention against PostgreSQL and both content stores (the filesystem and the real MinIO):
the purge removes an expired document's rows and content and keeps its tombstone and access
log; a legal hold keeps a document. Through gRPC: a citizen deletes an unused upload; another
person's answers NOT_FOUND, a linked one FAILED_PRECONDITION; staff set a legal hold."""

from __future__ import annotations

import sys
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import grpc
import pytest
from sqlalchemy import text

from onewindow.documents.v1 import documents_pb2 as pb
from onewindow_documents import bootstrap
from onewindow_documents.adapters.signing import KeyRing
from onewindow_documents.domain.model import AccessLogEntry, CaseLink
from onewindow_documents.domain.retention import parse_policy
from onewindow_documents.service_layer import holds, retention, uploads
from onewindow_documents.service_layer.commands import SetLegalHold, Upload
from onewindow_documents.testing import citizen, sample_pdf, staff

pytestmark = pytest.mark.integration
sys.path.insert(0, str(Path(__file__).parent))
from crash_upload import store_for  # noqa: E402


def _one(stack: Any, sql: str, **params: Any) -> Any:
    with stack.engine.connect() as conn:
        return conn.execute(text(sql), params).one_or_none()


def _hold(stack: Any, document_id: str) -> str:
    found = _one(
        stack, "SELECT legal_hold_reason FROM documents.documents WHERE id = :i", i=document_id
    )
    return str(found[0])


@pytest.mark.parametrize("kind", ["fs", "s3"])
def test_purge_removes_expired_content_keeps_tombstone_log_and_held(
    stack: Any, kind: str, tmp_path: Path
):
    # A document type of this test only expires (after a day): other tests' rows in the shared
    # test database keep their long defaults.
    doc_type = f"purge_{uuid.uuid4().hex[:12]}"
    policy = parse_policy(f"upload=36500,receipt=36500,certificate=36500,{doc_type}=1")
    store = store_for(kind, tmp_path)
    svc = bootstrap.build_services(
        stack.engine, store, KeyRing.generate(), max_upload_bytes=1 << 20
    )
    owner = citizen()
    expired, v1 = uploads.upload_document(
        Upload(document_type=doc_type), [sample_pdf(uuid.uuid4().bytes)], svc=svc, actor=owner
    )
    held, v2 = uploads.upload_document(
        Upload(document_type=doc_type), [sample_pdf(uuid.uuid4().bytes)], svc=svc, actor=owner
    )
    long_ago = datetime.now(UTC) - timedelta(days=30)
    with svc.uow() as uow:
        uow.case_links.add(CaseLink(held.id, str(uuid.uuid4()), "psb", long_ago))
        uow.access_log.add(
            AccessLogEntry(
                id=str(uuid.uuid4()), document_id=expired.id, owner_id=owner.person_id,
                accessor_subject="s1", accessor_kind="staff", accessor_username="clerk-psb",
                department="psb", office="hall-east", action="download",
                purpose="case handling", accessed_at=long_ago,
            )
        )  # fmt: skip
        uow.commit()
    holds.set_legal_hold(
        SetLegalHold(held.id, True, "court order 7/2026"), svc=svc, actor=staff("supervisor", "psb")
    )
    later = replace(svc, clock=lambda: datetime.now(UTC) + timedelta(days=2))
    outbox_before = stack.outbox_max_id()

    report = retention.purge(svc=later, policy=policy)

    assert expired.id in report.removed and held.id not in report.removed
    assert _one(stack, "SELECT 1 FROM documents.documents WHERE id = :i", i=expired.id) is None
    versions = "SELECT 1 FROM documents.document_versions WHERE document_id = :i"
    assert _one(stack, versions, i=expired.id) is None
    tomb = _one(
        stack,
        "SELECT reason, owner_id, content_removed_at FROM documents.tombstones"
        " WHERE document_id = :i",
        i=expired.id,
    )
    assert (tomb.reason, tomb.owner_id) == ("retention", owner.person_id)
    assert tomb.content_removed_at is not None
    logged = _one(
        stack, "SELECT count(*) FROM documents.access_log WHERE document_id = :i", i=expired.id
    )
    assert logged[0] == 1
    assert not store.exists(v1.content_key)
    with pytest.raises(FileNotFoundError):
        store.read(v1.content_key, 1024)
    assert b"".join(store.read(v2.content_key, 1 << 20)).startswith(b"%PDF")
    assert _hold(stack, held.id) == "court order 7/2026"
    event = _one(
        stack,
        "SELECT event_type FROM documents.outbox WHERE id > :after AND key = :i"
        " AND event_type LIKE '%document_removed%'",
        after=outbox_before,
        i=expired.id,
    )
    assert event is not None


def _link(stack: Any, document_id: str, department: str = "psb") -> None:
    with stack.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO documents.case_links (document_id, case_id, department, linked_at)"
                " VALUES (:d, :c, :dep, now())"
            ),
            {"d": document_id, "c": str(uuid.uuid4()), "dep": department},
        )


def test_a_citizen_deletes_an_unused_upload_through_grpc(stack: Any):
    person, me = stack.citizen()
    _, stranger = stack.citizen()
    doc = stack.upload(me, [sample_pdf(uuid.uuid4().bytes)], document_type="floor_plan")
    key = _one(
        stack, "SELECT content_key FROM documents.document_versions WHERE document_id = :i",
        i=doc.document.id,
    )[0]  # fmt: skip
    request = pb.DeleteDocumentRequest(document_id=doc.document.id)
    with pytest.raises(grpc.RpcError) as other:
        stack.stub.DeleteDocument(request, metadata=stranger)
    with pytest.raises(grpc.RpcError) as missing:
        stack.stub.DeleteDocument(
            pb.DeleteDocumentRequest(document_id=str(uuid.uuid4())), metadata=stranger
        )
    assert other.value.code() == missing.value.code() == grpc.StatusCode.NOT_FOUND
    assert other.value.details() == missing.value.details()
    reply = stack.stub.DeleteDocument(request, metadata=me)
    assert reply.document_id == doc.document.id
    assert stack.svc.store.exists(key) is False
    assert list(stack.stub.ListWallet(pb.ListWalletRequest(), metadata=me).documents) == []
    tomb = _one(
        stack, "SELECT reason, owner_id FROM documents.tombstones WHERE document_id = :i",
        i=doc.document.id,
    )  # fmt: skip
    assert tuple(tomb) == ("deleted_by_owner", person)
    with pytest.raises(grpc.RpcError) as again:
        stack.stub.DeleteDocument(request, metadata=me)
    assert again.value.code() == grpc.StatusCode.NOT_FOUND


def test_a_linked_upload_is_kept_and_a_hold_needs_the_case_departments_supervisor(stack: Any):
    _, me = stack.citizen()
    doc = stack.upload(me, [sample_pdf(uuid.uuid4().bytes)], document_type="floor_plan").document
    _link(stack, doc.id, "psb")
    with pytest.raises(grpc.RpcError) as linked:
        stack.stub.DeleteDocument(pb.DeleteDocumentRequest(document_id=doc.id), metadata=me)
    assert linked.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    hold = pb.SetLegalHoldRequest(document_id=doc.id, held=True, reason="fraud inquiry")
    for outsider in (stack.staff("clerk", "psb"), stack.staff("supervisor", "tax"), me):
        with pytest.raises(grpc.RpcError) as refused:
            stack.stub.SetLegalHold(hold, metadata=outsider)
        assert refused.value.code() == grpc.StatusCode.NOT_FOUND
    reply = stack.stub.SetLegalHold(hold, metadata=stack.staff("supervisor", "psb"))
    assert (reply.held, reply.reason) == (True, "fraud inquiry")
    with pytest.raises(grpc.RpcError) as bad:
        stack.stub.SetLegalHold(
            pb.SetLegalHoldRequest(document_id=doc.id, held=False),
            metadata=stack.staff("supervisor", "psb"),
        )
    assert bad.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "reason" in bad.value.details()
    cleared = stack.stub.SetLegalHold(
        pb.SetLegalHoldRequest(document_id=doc.id, held=False, reason="inquiry closed"),
        metadata=stack.staff("dept_admin", "psb"),
    )
    assert cleared.held is False
    assert _hold(stack, doc.id) == ""
