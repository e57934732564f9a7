"""A representative under a mandate scoped to some service types, against PostgreSQL: the
``links`` consumer's handler records the cases' service types in the consumer's session, the
certificates and receipts consumer issues for both cases, and the reads (metadata, download,
wallet pages, access log) show only what the scope covers; a mandate for every service type
sees it all."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy.orm import Session

from onewindow_documents import bootstrap
from onewindow_documents.adapters.uow import SessionUnitOfWork
from onewindow_documents.entrypoints.case_links import make_links_handler
from onewindow_documents.entrypoints.consumer import make_handler
from onewindow_documents.service_layer import reads, uploads
from onewindow_documents.service_layer.commands import (
    CountWallet,
    Download,
    GetMetadata,
    ListAccessLog,
    ListWallet,
    Upload,
)
from onewindow_documents.testing import case_decided, case_submitted, citizen, sample_pdf, staff
from onewindow_kit.errors import NotFound
from onewindow_kit.principal import Principal

pytestmark = pytest.mark.integration

BIRTH, PERMIT = "birth-medical-certificate", "food-business-licence"


def _upload(stack: Any, actor: Principal) -> str:
    doc, _ = uploads.upload_document(
        Upload(document_type="resident_id"), [sample_pdf(uuid.uuid4().bytes)], svc=stack.svc,
        actor=actor,
    )  # fmt: skip
    return doc.id


def _case(stack: Any, owner: Principal, service_type: str, docs: list[str]) -> str:
    """Submitted (links in a consumer session, a receipt) and approved (a certificate)."""
    case_id = str(uuid.uuid4())
    submitted = case_submitted(
        applicant_id=owner.person_id, case_id=case_id, service_type=service_type,
        document_ids=docs,
    )  # fmt: skip
    box = bootstrap.outbox()
    links = make_links_handler(lambda session: SessionUnitOfWork(session, box))
    with Session(stack.engine) as session, session.begin():
        links(session, submitted)
    issue = make_handler(lambda _session: stack.svc)
    issue(None, submitted)  # type: ignore[arg-type]
    decided = case_decided(
        applicant_id=owner.person_id, case_id=case_id, service_type=service_type,
        certificate_type=f"{service_type}-certificate",
    )  # fmt: skip
    issue(None, decided)  # type: ignore[arg-type]
    return case_id


def _issued(stack: Any, case_id: str) -> set[str]:
    with stack.svc.uow() as uow:
        return {c.document_id for c in uow.certificates.of_case(case_id)}


def test_a_scoped_representative_sees_the_scope_only_in_reads_pages_and_the_access_log(stack):
    owner = citizen()
    rep = citizen(acting_for=owner.person_id, scope=[BIRTH])
    everything = citizen(acting_for=owner.person_id)
    in_scope, out_of_scope, unlinked = (_upload(stack, owner) for _ in range(3))
    by_rep = _upload(stack, rep)
    birth = _case(stack, owner, BIRTH, [in_scope])
    permit = _case(stack, owner, PERMIT, [out_of_scope])
    visible = {in_scope, by_rep, unlinked, *_issued(stack, birth)}  # unlinked: no case uses it
    hidden = {out_of_scope, *_issued(stack, permit)}
    assert (len(visible), len(hidden)) == (5, 3)  # a receipt and a certificate for each case

    found, missing = reads.get_metadata(
        GetMetadata(tuple(visible | hidden)), svc=stack.svc, actor=rep
    )
    assert {d.id for d in found} == visible and set(missing) == hidden
    for document_id in (*hidden, str(uuid.uuid4())):
        with pytest.raises(NotFound) as refused:
            reads.download(Download(document_id), svc=stack.svc, actor=rep)
        assert refused.value.message == "document not found"

    pages, token = [], ""
    while True:
        page, token = reads.list_wallet(
            ListWallet(page_size=3, page_token=token), svc=stack.svc, actor=rep
        )
        pages.append([d.id for d in page])
        if not token:
            break
    assert [len(p) for p in pages] == [3, 2]  # narrowed in the query: whole pages
    assert {i for p in pages for i in p} == visible
    all_of_them, _ = reads.list_wallet(ListWallet(page_size=20), svc=stack.svc, actor=everything)
    assert {d.id for d in all_of_them} == visible | hidden
    # CountWallet (the dashboard's count) is the same narrowing, as one count in PostgreSQL
    assert reads.count_wallet(CountWallet(), svc=stack.svc, actor=rep) == len(visible)
    assert reads.count_wallet(CountWallet(), svc=stack.svc, actor=everything) == 8
    assert reads.count_wallet(CountWallet(kind="receipt"), svc=stack.svc, actor=owner) == 2

    clerk = staff("clerk", "health")  # the helper's cases are the health department's
    for document_id in (in_scope, out_of_scope):
        reads.download(Download(document_id), svc=stack.svc, actor=clerk)
    log_rep, _ = reads.list_access_log(ListAccessLog(page_size=20), svc=stack.svc, actor=rep)
    log_owner, _ = reads.list_access_log(ListAccessLog(page_size=20), svc=stack.svc, actor=owner)
    assert {e.document_id for e in log_rep} == {in_scope}
    assert {e.document_id for e in log_owner} == {in_scope, out_of_scope}
