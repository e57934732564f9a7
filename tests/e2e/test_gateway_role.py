"""The gateway's own account (client onewindow-gateway, realm role gateway) against the
services as `make up` runs them: accepted only by GetCatalogue, VerifyCertificate by file and
RegisterPerson; refused (PERMISSION_DENIED) by every other RPC — a sample of each service."""

from __future__ import annotations

import base64
import json
import uuid

import grpc
import pytest
from e2e_support import Window

from onewindow.cases.v1 import cases_pb2, cases_pb2_grpc
from onewindow.documents.v1 import documents_pb2, documents_pb2_grpc

pytestmark = pytest.mark.integration


def test_the_gateway_reads_the_published_catalogue(window: Window) -> None:
    stub = cases_pb2_grpc.CasesStub(window.channels["cases"])
    reply = stub.GetCatalogue(
        cases_pb2.GetCatalogueRequest(), metadata=window.gateway(), timeout=30
    )
    assert reply.catalogue.version > 0 and reply.departments


def test_the_gateway_checks_a_certificate_file(window: Window) -> None:
    stub = documents_pb2_grpc.DocumentsStub(window.channels["documents"])
    claims = {"document_id": str(uuid.uuid4()), "certificate_type": "birth"}
    reply = stub.VerifyCertificate(
        documents_pb2.VerifyCertificateRequest(
            certificate_json=json.dumps(claims).encode(),
            signature=base64.b64encode(b"\0" * 64).decode(),
        ),
        metadata=window.gateway(),
        timeout=30,
    )
    assert not reply.valid  # a verdict was given: the call was accepted
    assert reply.reason == "the signature does not match the certificate"


CASES_REFUSED = [
    ("ListMyCases", cases_pb2.ListMyCasesRequest()),
    ("GetCase", cases_pb2.GetCaseRequest(case_id=str(uuid.uuid4()))),
    ("SubmitCase", cases_pb2.SubmitCaseRequest(client_key=str(uuid.uuid4()), service_type="x")),
    ("ListCatalogueVersions", cases_pb2.ListCatalogueVersionsRequest()),
]
DOCUMENTS_REFUSED = [
    ("VerifyCertificate", documents_pb2.VerifyCertificateRequest(document_id=str(uuid.uuid4()))),
    ("ListWallet", documents_pb2.ListWalletRequest()),
    ("GetDocumentsMetadata", documents_pb2.GetDocumentsMetadataRequest(document_ids=["x"])),
    ("ListAccessLog", documents_pb2.ListAccessLogRequest()),
]


@pytest.mark.parametrize(
    ("service", "rpc", "request_message"),
    [("cases", rpc, req) for rpc, req in CASES_REFUSED]
    + [("documents", rpc, req) for rpc, req in DOCUMENTS_REFUSED],
)
def test_every_other_rpc_refuses_the_gateway(
    window: Window, service: str, rpc: str, request_message
) -> None:
    stubs = {"cases": cases_pb2_grpc.CasesStub, "documents": documents_pb2_grpc.DocumentsStub}
    stub = stubs[service](window.channels[service])
    with pytest.raises(grpc.RpcError) as refused:
        getattr(stub, rpc)(request_message, metadata=window.gateway(), timeout=30)
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert "gateway" in refused.value.details()
