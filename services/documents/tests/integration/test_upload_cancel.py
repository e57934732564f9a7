"""A client that cancels UploadDocument half-way leaves nothing: no document, file or event.

The asyncio server ends a cancelled request stream as if it were complete, so what protects the
client is the size it declares (UploadMetadata.size_bytes): a shorter stream is never stored."""

from __future__ import annotations

import threading
import time

import pytest

from onewindow.documents.v1 import documents_pb2 as pb
from onewindow_documents.testing import sample_pdf

pytestmark = pytest.mark.integration


def _wait_for(condition, limit_s: float = 10.0) -> None:
    deadline = time.monotonic() + limit_s
    while not condition():
        assert time.monotonic() < deadline, "the server never got that far"
        time.sleep(0.02)


def test_a_cancelled_upload_stores_nothing(stack):
    _, me = stack.citizen()
    files, outbox = stack.files(), stack.outbox_max_id()
    release = threading.Event()

    def requests():
        yield pb.UploadDocumentRequest(
            metadata=pb.UploadMetadata(document_type="floor_plan", size_bytes=4096)
        )
        # past the bytes the type is sniffed from, so the server starts staging
        yield pb.UploadDocumentRequest(chunk=sample_pdf(b"the first half of a floor plan" * 10))
        release.wait(10)  # the client gives up here: ~370 of the 4096 declared bytes were sent

    call = stack.stub.UploadDocument.future(requests(), metadata=me)
    staging = stack.storage / "staging"
    _wait_for(lambda: staging.is_dir() and any(staging.glob("*.part")))  # half received
    call.cancel()
    release.set()
    assert call.cancelled()
    _wait_for(lambda: not any(staging.glob("*.part")))  # the server let go of the stream
    assert stack.files() == files and stack.outbox_max_id() == outbox
    wallet = stack.stub.ListWallet(pb.ListWalletRequest(), metadata=me).documents
    assert list(wallet) == []
