"""Property-based fuzzing: no request body, lab id or transcript makes the worker fail."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient
from worker_helpers import practice_settings, sse_events

from labs_worker.app import create_app
from labs_worker.openapi import ERROR_CODES, openapi_document
from quiz_engine.content.persona import load_personas
from quiz_engine.core.practice import practice_reply

PERSONAS = load_personas()
SETTINGS = practice_settings(max_message_chars=300, max_turns=5, max_body_bytes=4_000)
CHAT_RESPONSES = openapi_document(SETTINGS, PERSONAS)["paths"]["/v1/labs/{lab_id}/chat"][
    "post"]["responses"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
roles = st.sampled_from(["user", "assistant", "system", "tool", "", "USER"]) | json_values
messages = st.fixed_dictionaries(
    {"role": roles, "content": st.text(max_size=400) | json_values},
    optional={"name": json_values},
)
bodies = st.one_of(
    json_values.map(lambda value: json.dumps(value).encode()),
    st.fixed_dictionaries({"messages": st.lists(messages, max_size=12)},
                          optional={"stream": json_values}).map(
        lambda value: json.dumps(value).encode()),
    st.binary(max_size=300),
)
lab_ids = st.sampled_from(sorted(PERSONAS)) | st.text(
    alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_.~", min_size=1, max_size=12)
turns = st.lists(
    st.tuples(st.sampled_from(["user", "assistant"]), st.text(min_size=1, max_size=300)),
    min_size=1, max_size=10,
).map(lambda pairs: [{"role": role, "content": text} for role, text in pairs])


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(SETTINGS)) as test_client:
        yield test_client


def check(response: Any) -> None:
    """The response is a complete event stream or a documented JSON error — never a 5xx."""
    assert response.status_code < 500, response.text
    assert str(response.status_code) in CHAT_RESPONSES
    if response.status_code == 200:
        events = sse_events(response.text)
        assert events[-1]["type"] == "done"
        assert all(isinstance(e["text"], str) for e in events[:-1])
        return
    error = response.json()["error"]
    assert error["code"] in ERROR_CODES
    assert error["message"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lab_id=lab_ids, body=bodies)
def test_any_body_to_any_lab_gets_a_4xx_or_a_stream(
    client: TestClient, lab_id: str, body: bytes
) -> None:
    """Arbitrary bytes, JSON and near-miss chat bodies never produce a server error."""
    check(client.post(f"/v1/labs/{lab_id}/chat", content=body,
                      headers={"content-type": "application/json"}))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lab_id=st.sampled_from(sorted(PERSONAS)), conversation=turns)
def test_well_formed_transcripts_always_get_an_answer_or_a_cap(
    client: TestClient, lab_id: str, conversation: list[dict[str, str]]
) -> None:
    """Valid roles with arbitrary text: a reply, or a clear cap/validation message."""
    response = client.post(f"/v1/labs/{lab_id}/chat", json={"messages": conversation})
    check(response)
    fits = (conversation[-1]["role"] == "user"
            and all(m["content"].strip() for m in conversation)
            and sum(m["role"] == "user" for m in conversation) <= SETTINGS.max_turns)
    if fits:
        assert response.status_code == 200


# Text with lone surrogates mixed in: valid JSON ("\\ud800"), not valid Unicode.
unpaired = st.text(alphabet=st.characters(codec=None, categories=None) | st.characters(
    min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1, max_size=40)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lab_id=st.sampled_from(sorted(PERSONAS)),
       conversation=st.lists(st.tuples(st.sampled_from(["user", "assistant"]), unpaired),
                             min_size=1, max_size=6))
def test_text_that_is_not_unicode_never_breaks_a_reply(
    client: TestClient, lab_id: str, conversation: list[tuple[str, str]]
) -> None:
    """Lone surrogates anywhere: a 422 naming the field, or a complete stream — never a 5xx."""
    messages = [{"role": role, "content": text} for role, text in conversation]
    body = json.dumps({"messages": messages}).encode()  # ASCII: surrogates as \ud800
    response = client.post(f"/v1/labs/{lab_id}/chat", content=body,
                           headers={"content-type": "application/json"})
    check(response)
    if response.status_code == 200:
        assert not any(re.search("[\ud800-\udfff]", m["content"]) for m in messages)
    elif "not valid Unicode" in response.text:
        where = response.json()["error"]["message"].split(":")[0]
        index = int(where.removeprefix("messages[").removesuffix("].content"))
        assert re.search("[\ud800-\udfff]", messages[index]["content"])


persona_like = st.dictionaries(
    st.sampled_from(["opening_message", "checklist", "scenarios", "scenario_triggers",
                     "wrap_up", "refusal"]),
    json_values,
)


@settings(max_examples=300, deadline=None)
@given(lab=persona_like | st.sampled_from([p.practice_data for p in PERSONAS.values()]),
       conversation=st.lists(st.fixed_dictionaries({"role": roles, "content": json_values}),
                             max_size=8) | turns)
def test_the_practice_peer_never_raises(lab: dict[str, Any],
                                        conversation: list[dict[str, Any]]) -> None:
    """The browser feeds it whatever it has; it always answers with text."""
    assert isinstance(practice_reply(lab, conversation), str)
