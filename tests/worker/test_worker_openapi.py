"""The OpenAPI document: served, complete, and true to the real responses."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from starlette.routing import Route
from starlette.testclient import TestClient
from worker_helpers import practice_settings, sse_events, user

from labs_worker.openapi import ERROR_CODES, openapi_document
from labs_worker.routes import routes
from quiz_engine.content.persona import load_personas

SETTINGS = practice_settings()
DOCUMENT = openapi_document(SETTINGS, load_personas())


def validator(name: str) -> jsonschema.Draft202012Validator:
    """A validator for one component schema, resolving refs inside the document."""
    schema = {"components": DOCUMENT["components"], "$ref": f"#/components/schemas/{name}"}
    return jsonschema.Draft202012Validator(schema)


def test_the_document_is_served(practice_client: TestClient) -> None:
    """GET /v1/openapi.json returns the document for the running configuration."""
    assert practice_client.get("/v1/openapi.json").json() == DOCUMENT


def test_every_route_is_documented_and_nothing_else() -> None:
    """Paths and methods in the document match the routes list exactly."""
    served = {(r.path, m.lower()) for r in routes if isinstance(r, Route)
              for m in (r.methods or ()) if m != "HEAD"}
    documented = {(path, method) for path, ops in DOCUMENT["paths"].items() for method in ops}
    assert served == documented


def test_component_schemas_are_valid_json_schema() -> None:
    """Each schema passes the 2020-12 meta-schema (what OpenAPI 3.1 uses)."""
    assert DOCUMENT["openapi"] == "3.1.0"
    for schema in DOCUMENT["components"]["schemas"].values():
        jsonschema.Draft202012Validator.check_schema(schema)


def test_the_request_schema_matches_the_validator(practice_client: TestClient) -> None:
    """What the schema accepts the worker accepts; what it rejects, the worker rejects."""
    chat_request = validator("ChatRequest")
    good = user("I want to classify birds.")
    assert chat_request.is_valid(good)
    assert practice_client.post("/v1/labs/lab-1/chat", json=good).status_code == 200
    too_long = user("x" * (SETTINGS.max_message_chars + 1))
    for bad in ({"messages": [{"role": "system", "content": "x"}]}, too_long,
                {"messages": []}, {"messages": [{"role": "user", "content": "x", "n": 1}]}):
        assert not chat_request.is_valid(bad)
        assert practice_client.post("/v1/labs/lab-1/chat", json=bad).status_code == 422


@pytest.mark.parametrize(
    ("method", "path", "body", "schema"),
    [("get", "/healthz", None, "Health"), ("get", "/v1/labs", None, "LabList"),
     ("post", "/v1/labs/nope/chat", user("hi"), "Error"),
     ("post", "/v1/labs/lab-1/chat", {"messages": 1}, "Error"),
     ("get", "/missing", None, "Error")],
)
def test_responses_match_their_schemas(
    practice_client: TestClient, method: str, path: str, body: Any, schema: str
) -> None:
    """JSON bodies are what the document says they are."""
    response = practice_client.request(method, path, json=body)
    validator(schema).validate(response.json())


def test_stream_events_match_the_chat_event_schema(practice_client: TestClient) -> None:
    """Every SSE payload is a documented ChatEvent."""
    response = practice_client.post("/v1/labs/lab-3/chat", json=user("give me a scenario"))
    for event in sse_events(response.text):
        validator("ChatEvent").validate(event)


def test_every_error_code_in_the_source_is_documented() -> None:
    """A new error code can't ship without being listed in ERROR_CODES."""
    package = Path(__file__).parents[2] / "labs_worker"
    pattern = re.compile(r'(?:ApiError|UpstreamError)\(\s*(?:\d+,\s*)?"([a-z_]+)"')
    used = {code for file in package.rglob("*.py") for code in pattern.findall(file.read_text())}
    assert used
    assert used <= set(ERROR_CODES)
