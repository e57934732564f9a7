"""Every operation shows a front-end developer what it answers: an example for its success
and for each problem, each one valid against the schema the document publishes."""

from jsonschema import Draft202012Validator
from test_openapi import served

from onewindow_gateway.examples import example_of

PROBLEM = "application/problem+json"


def test_every_json_response_of_every_operation_has_a_valid_example():
    document = served()
    checked = 0
    for path, item in document["paths"].items():
        for method, op in item.items():
            examples = 0
            for status, response in op["responses"].items():
                for media_type, media in response.get("content", {}).items():
                    if media_type == "text/plain":
                        assert media.get("example"), (method, path, status)
                        examples += 1
                    if media_type not in ("application/json", PROBLEM):
                        continue
                    assert "example" in media, (method, path, status, media_type)
                    schema = {**media["schema"], "components": document["components"]}
                    errors = list(Draft202012Validator(schema).iter_errors(media["example"]))
                    assert not errors, (method, path, status, errors[0].message)
                    examples += 1
            assert examples, (method, path)  # at least one documented body per operation
            checked += examples
    assert checked > 100


def test_problems_are_documented_as_problem_json_with_their_own_status():
    document = served()
    for path, item in document["paths"].items():
        for method, op in item.items():
            for status, response in op["responses"].items():
                content = response.get("content", {})
                schema = content.get(PROBLEM, content.get("application/json", {})).get("schema")
                if schema != {"$ref": "#/components/schemas/ProblemDetails"}:
                    continue  # e.g. /readyz's 503 names the services that are down
                assert list(content) == [PROBLEM], (method, path, status)
                example = content[PROBLEM]["example"]
                assert example["status"] == int(status)
                assert example["instance"].startswith("urn:request:")
                if status == "422":
                    assert example["invalid_params"], (method, path)


def test_examples_follow_the_schema_and_read_like_real_data():
    schemas = {
        "Case": {
            "type": "object",
            "properties": {
                "case_id": {"type": "string"},
                "submitted_at": {"type": "string", "format": "date-time"},
                "status": {"type": "string", "enum": ["submitted", "approved"]},
                "parts": {"type": "array", "items": {"$ref": "#/components/schemas/Part"}},
                "rating": {"anyOf": [{"type": "null"}, {"type": "integer", "minimum": 1}]},
                "email": {"type": "string"},
            },
        },
        "Part": {"type": "object", "properties": {"department": {"type": "string"}}},
    }
    example = example_of({"$ref": "#/components/schemas/Case"}, schemas)
    assert example == {
        "case_id": "7d0c6a9e-1f2b-4c3d-8e9f-3a5b7c9d1e20",
        "submitted_at": "2026-12-02T08:30:00Z",
        "status": "submitted",
        "parts": [{"department": "health"}],
        "rating": 1,
        "email": "li.na@example.org",
    }
