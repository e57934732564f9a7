"""The committed contract is what the gateway serves, and every operation is documented."""

import json
from pathlib import Path

from gateway_fakes import Behaviour, gateway, run

COMMITTED = Path(__file__).parents[2] / "openapi.json"


def served() -> dict:
    async def scenario():
        async with gateway(Behaviour()) as http:
            return (await http.get("/v1/openapi.json")).json()

    return run(scenario())


def test_the_served_document_is_the_committed_one():
    assert served() == json.loads(COMMITTED.read_text(encoding="utf-8")), (
        "gateway/openapi.json is stale: run `make openapi` and commit it"
    )


def test_every_operation_has_an_id_a_summary_and_problem_responses():
    document = served()
    assert document["openapi"].startswith("3.1")
    for path, item in document["paths"].items():
        for method, op in item.items():
            assert op.get("operationId") and op.get("summary"), (method, path)
            if path.startswith("/v1/") and path not in ("/v1/openapi.json", "/v1/docs"):
                problems = [
                    s
                    for s, r in op["responses"].items()
                    if "application/problem+json" in r.get("content", {})
                ]
                assert problems, (method, path)
