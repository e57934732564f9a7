"""SIGTERM drains: a request in flight when the gateway is told to stop still gets its answer,
and the process exits cleanly."""

import signal
import threading
import time

import httpx
import pytest
from lone_gateway import lone_gateway

from onewindow.documents.v1 import documents_pb2, documents_pb2_grpc

pytestmark = pytest.mark.integration


class SlowDocuments(documents_pb2_grpc.DocumentsServicer):
    def __init__(self) -> None:
        self.started = threading.Event()

    def GetDocumentsMetadata(self, request, context):
        self.started.set()
        time.sleep(1.5)
        return documents_pb2.GetDocumentsMetadataResponse(
            documents=[documents_pb2.DocumentMetadata(id=request.document_ids[0], title="slow")]
        )


def test_sigterm_lets_the_request_in_flight_finish(front, tmp_path):
    token = front.register(verify=False).token
    documents = SlowDocuments()
    with lone_gateway(documents, tmp_path) as gw:
        answers = []

        def read() -> None:
            answers.append(
                httpx.get(
                    f"http://{gw.addr}/v1/documents/doc-1", headers=front.auth(token), timeout=30
                )
            )

        reader = threading.Thread(target=read)
        reader.start()
        assert documents.started.wait(10), "the request never reached the documents server"
        gw.process.send_signal(signal.SIGTERM)
        reader.join(30)
        assert gw.process.wait(30) == 0
    assert answers and answers[0].status_code == 200 and answers[0].json()["title"] == "slow"
