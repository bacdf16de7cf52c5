"""Provider adapters through the app, with httpx.MockTransport standing in upstream."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

import anyio
import httpx
import pytest
from starlette.testclient import TestClient
from worker_helpers import (
    SECRET,
    UPSTREAM,
    ScriptedStream,
    Upstream,
    budget_state,
    openai_chunks,
    openai_settings,
    reply_text,
    sse_events,
    sse_upstream,
    streaming,
    user,
)

from labs_worker.app import create_app
from labs_worker.testing import serve_in_thread
from quiz_engine.content.persona import load_personas

CHAT = "/v1/labs/lab-1/chat"


def chat(upstream: Upstream, body: dict[str, Any] | None = None, **settings: Any) -> httpx.Response:
    app = create_app(openai_settings(**settings), transport=upstream.transport())
    with TestClient(app) as client:
        return client.post(CHAT, json=body or user("I want to classify birds."))


def anthropic_chunks(*texts: str, stop: bool = True) -> list[bytes]:
    def event(kind: str, **data: Any) -> bytes:
        return f"event: {kind}\ndata: {json.dumps({'type': kind, **data})}\n\n".encode()

    frames = [event("message_start", message={"usage": {"input_tokens": 55, "output_tokens": 1}}),
              event("ping")]
    frames += [event("content_block_delta", index=0, delta={"type": "text_delta", "text": t})
               for t in texts]
    if stop:
        frames += [event("message_delta", delta={"stop_reason": "end_turn"},
                         usage={"output_tokens": 9}),
                   event("message_stop")]
    return frames


def test_openai_reply_is_relayed_with_reported_usage() -> None:
    """Deltas pass through in order; `done` carries the provider's token counts."""
    response = chat(sse_upstream("What ", "data ", "will you use?"))
    events = sse_events(response.text)
    assert reply_text(events) == "What data will you use?"
    assert events[-1] == {"type": "done", "finish_reason": "stop",
                          "usage": {"input_tokens": 40, "output_tokens": 7, "estimated": False}}


def test_openai_request_carries_the_persona_and_the_caps() -> None:
    """The system prompt comes from the persona; the client can't supply one."""
    upstream = sse_upstream("OK?")
    opening = load_personas()["lab-1"].opening_message
    body = {"messages": [{"role": "assistant", "content": opening},
                         {"role": "user", "content": "Bird classifier."}]}
    chat(upstream, body, max_reply_tokens=123)
    request = upstream.requests[0]
    assert str(request.url) == f"{UPSTREAM}/chat/completions"
    assert request.headers["authorization"] == f"Bearer {SECRET}"
    sent = upstream.bodies()[0]
    assert sent["model"] == "test-model"
    assert sent["stream"] is True
    assert sent["max_tokens"] == 123
    assert sent["messages"][0]["role"] == "system"
    assert sent["messages"][0]["content"] == load_personas()["lab-1"].instructions()
    assert sent["messages"][1:] == body["messages"]


def test_a_local_server_without_a_key_gets_no_authorization_header() -> None:
    """Ollama or llama.cpp need no key, so none is sent."""
    upstream = sse_upstream("Hi?")
    chat(upstream, api_key="")
    assert "authorization" not in upstream.requests[0].headers


def test_without_usage_the_worker_estimates_it() -> None:
    """Servers that report no usage get an estimate of one token per UTF-8 byte."""
    events = sse_events(chat(sse_upstream("x" * 40, "é", usage=None)).text)
    assert events[-1]["usage"] == {"input_tokens": events[-1]["usage"]["input_tokens"],
                                   "output_tokens": 42, "estimated": True}
    assert events[-1]["usage"]["input_tokens"] > 100  # the persona's prompt counts


def test_anthropic_messages_api_is_spoken() -> None:
    """Headers, system prompt, alternating turns starting with the user, and the events."""
    upstream = Upstream(lambda request: streaming(ScriptedStream(anthropic_chunks("One ", "q?"))))
    settings = openai_settings(provider="anthropic", base_url="http://claude.test")
    app = create_app(settings, transport=upstream.transport())
    body = {"messages": [{"role": "assistant", "content": "Hey."},
                         {"role": "user", "content": "Birds."},
                         {"role": "user", "content": "From photos."}]}
    with TestClient(app) as client:
        events = sse_events(client.post(CHAT, json=body).text)
    assert reply_text(events) == "One q?"
    assert events[-1]["usage"] == {"input_tokens": 55, "output_tokens": 9, "estimated": False}
    request = upstream.requests[0]
    assert str(request.url) == "http://claude.test/v1/messages"
    assert request.headers["x-api-key"] == SECRET
    assert request.headers["anthropic-version"] == "2023-06-01"
    sent = upstream.bodies()[0]
    assert sent["system"] == load_personas()["lab-1"].instructions()
    assert sent["messages"] == [
        {"role": "user", "content": "(The learner has opened the lab.)"},
        {"role": "assistant", "content": "Hey."},
        {"role": "user", "content": "Birds.\n\nFrom photos."},
    ]


@pytest.mark.parametrize(
    ("status", "code", "expected_status", "retry_after"),
    [(401, "upstream_auth", 502, None), (403, "upstream_auth", 502, None),
     (429, "upstream_busy", 503, "7"), (500, "upstream_error", 502, None),
     (400, "upstream_error", 502, None)],
)
def test_upstream_http_errors_become_clean_json(
    status: int, code: str, expected_status: int, retry_after: str | None
) -> None:
    """The provider's status is translated; its body never reaches the learner."""
    upstream = Upstream(lambda request: httpx.Response(
        status, json={"error": {"message": "internal detail xyz"}}, headers={"Retry-After": "7"}))
    response = chat(upstream)
    assert response.status_code == expected_status
    assert response.json()["error"]["code"] == code
    assert "internal detail xyz" not in response.text
    assert response.headers.get("retry-after") == retry_after


@pytest.mark.parametrize(
    ("failure", "status", "code"),
    [(httpx.ConnectError("refused"), 502, "upstream_unreachable"),
     (httpx.ConnectTimeout("slow"), 504, "upstream_timeout"),
     (httpx.ReadTimeout("slow"), 504, "upstream_timeout")],
)
def test_network_failures_before_the_reply(failure: Exception, status: int, code: str) -> None:
    """Unreachable or timed-out providers get a JSON error, not a hang or a 500."""

    def respond(request: httpx.Request) -> httpx.Response:
        raise failure

    response = chat(Upstream(respond))
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


def test_a_stream_that_breaks_midway_ends_with_an_error_event() -> None:
    """After some text, a dropped connection becomes an SSE `error` event."""
    stream = ScriptedStream(openai_chunks("Half ", "a ")[:2], then="break")
    events = sse_events(chat(Upstream(lambda request: streaming(stream))).text)
    assert reply_text(events) == "Half a "
    assert events[-1]["type"] == "error"
    assert events[-1]["code"] == "upstream_broken"
    assert stream.closed


@pytest.mark.parametrize(
    "chunks",
    [openai_chunks("no ", "end ")[:2],  # ends without finish_reason or [DONE]
     [*openai_chunks("bad ")[:1], b"data: {nope\n\n"],  # not JSON
     [*openai_chunks("err ")[:1], b'data: {"error": {"message": "overloaded"}}\n\n']],
)
def test_incomplete_or_garbled_streams_end_with_an_error_event(chunks: list[bytes]) -> None:
    """A reply that doesn't finish properly is reported, not passed off as complete."""
    events = sse_events(chat(Upstream(lambda request: streaming(ScriptedStream(chunks)))).text)
    assert events[-1]["type"] == "error"
    assert events[-1]["code"] == "upstream_broken"


def test_a_stall_mid_reply_times_out_and_closes_upstream() -> None:
    """A provider that goes quiet is cut off after the stall timeout."""
    stream = ScriptedStream(openai_chunks("Wait")[:1], then="stall")
    # 2 s: the first text must get through before it, on a loaded machine too.
    # Well under 15 s, the default stall timeout (20 s) would not have cut it.
    started = time.monotonic()
    events = sse_events(chat(Upstream(lambda request: streaming(stream)), stall_timeout=2.0).text)
    assert time.monotonic() - started < 15
    assert reply_text(events) == "Wait"
    assert events[-1]["code"] == "upstream_timeout"
    assert stream.closed


def test_a_stall_before_any_text_is_a_504() -> None:
    """No first event within the stall timeout: a JSON 504."""
    stream = ScriptedStream([], then="stall")
    response = chat(Upstream(lambda request: streaming(stream)), stall_timeout=0.2)
    assert response.status_code == 504
    assert response.json()["error"]["code"] == "upstream_timeout"
    assert stream.closed


def test_the_total_timeout_bounds_a_slow_trickle() -> None:
    """Chunks that keep coming, but too slowly overall, hit the total timeout."""

    class Trickle(ScriptedStream):
        async def __aiter__(self) -> Any:
            for chunk in openai_chunks(*["word "] * 100)[:100]:
                yield chunk
                await anyio.sleep(0.05)

    stream = Trickle([])
    # 1.5 s: past the first piece on a loaded machine, far short of the 5 s all 100 take.
    events = sse_events(chat(Upstream(lambda request: streaming(stream)), total_timeout=1.5).text)
    assert events[-1]["code"] == "upstream_timeout"
    assert 0 < len(reply_text(events)) < 500
    assert stream.closed


def test_the_reply_is_cut_at_the_cap_and_upstream_closed() -> None:
    """A provider that ignores max_tokens is cut off at about 6 characters a token."""
    stream = ScriptedStream(openai_chunks(*["blah "] * 5_000)[:5_000], then="stall")
    events = sse_events(chat(Upstream(lambda request: streaming(stream)),
                             max_reply_tokens=50).text)
    assert len(reply_text(events)) == 300
    assert events[-1]["type"] == "done"
    assert events[-1]["finish_reason"] == "length"
    assert stream.closed
    assert stream.delivered < 100


def test_the_api_key_never_reaches_a_response_or_a_log(caplog: pytest.LogCaptureFixture) -> None:
    """Even when the provider echoes the key back, no response or log line shows it."""
    caplog.set_level(logging.DEBUG)
    echo = Upstream(lambda request: httpx.Response(
        401, json={"error": {"message": f"bad key {request.headers['authorization']}"}}))
    midway = Upstream(lambda request: streaming(ScriptedStream(
        [*openai_chunks("a")[:1],
         f'data: {{"error": {{"message": "key {SECRET} revoked"}}}}\n\n'.encode()])))
    responses = [chat(echo), chat(midway), chat(sse_upstream("fine?"))]
    app = create_app(openai_settings(), transport=echo.transport())
    with TestClient(app) as client:
        responses += [client.get("/healthz"), client.get("/v1/labs"),
                      client.get("/v1/openapi.json")]
    for response in responses:
        assert SECRET not in response.text
        assert SECRET not in str(response.headers)
    assert "upstream error code=upstream_auth" in caplog.text
    assert "[redacted]" in caplog.text
    assert SECRET not in caplog.text


def test_a_client_that_disconnects_cancels_the_upstream_call() -> None:
    """Closing the browser's stream closes the provider's, over real HTTP."""
    stream = ScriptedStream(openai_chunks("First ")[:1], then="stall")
    app = create_app(openai_settings(stall_timeout=30), transport=Upstream(
        lambda request: streaming(stream)).transport())
    with serve_in_thread(app) as url, httpx.Client(base_url=url) as client:
        with client.stream("POST", CHAT, json=user("hello there")) as response:
            lines = response.iter_lines()
            assert json.loads(next(lines)[6:]) == {"type": "delta", "text": "First "}
            time.sleep(0.3)
            assert not stream.closed  # still waiting for the provider while we listen
        deadline = time.monotonic() + 30
        while not stream.closed and time.monotonic() < deadline:
            time.sleep(0.02)
    assert stream.closed


def test_leaving_before_the_first_token_cancels_upstream_and_frees_the_budget() -> None:
    """A model slow to start is hung up on as soon as the learner goes away."""
    stream = ScriptedStream([], then="stall")
    app = create_app(openai_settings(stall_timeout=30), transport=Upstream(
        lambda request: streaming(stream)).transport())
    with serve_in_thread(app) as url, httpx.Client(base_url=url) as client:
        with pytest.raises(httpx.ReadTimeout):
            # 2 s: time for the request to reach the provider on a busy machine
            # (the provider never answers, so the client always gives up first).
            client.post(CHAT, json=user("hello there"), timeout=2.0)
        deadline = time.monotonic() + 30
        while not stream.closed and time.monotonic() < deadline:
            time.sleep(0.02)
        while budget_state(app)[1] and time.monotonic() < deadline:
            time.sleep(0.02)
    assert stream.closed
    assert budget_state(app)[1] == 0  # nothing left reserved
