"""Hostile clients and faulty providers: every request ends cleanly and settles its budget."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import httpx
import pytest
from starlette.routing import Route
from starlette.testclient import TestClient
from worker_helpers import (
    ScriptedStream,
    Upstream,
    budget_state,
    openai_chunks,
    openai_settings,
    practice_settings,
    reply_text,
    sse_events,
    sse_upstream,
    streaming,
    user,
)

from labs_worker.app import create_app
from labs_worker.relay import sse_event
from labs_worker.testing import serve_in_thread

CHAT = "/v1/labs/lab-1/chat"
SITE = "http://127.0.0.1:8000"
NESTED = b"data: " + b"[" * 100_000 + b"]" * 100_000 + b"\n\n"


@dataclass
class FaultyStream(httpx.AsyncByteStream):
    """Plays ``chunks``, then raises ``failure`` (any exception, not only httpx's)."""

    chunks: list[bytes]
    failure: BaseException
    closed: bool = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            yield chunk
        raise self.failure

    async def aclose(self) -> None:
        self.closed = True


def raising(failure: BaseException) -> Callable[[httpx.Request], httpx.Response]:
    def respond(request: httpx.Request) -> httpx.Response:
        raise failure

    return respond


def body_of(*chunks: bytes, content_type: str = "text/event-stream",
            status: int = 200) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(status, headers={"content-type": content_type},
                                          stream=ScriptedStream(list(chunks)))


def failing_after(chunks: list[bytes], failure: BaseException) -> Callable[
        [httpx.Request], httpx.Response]:
    return lambda request: streaming(FaultyStream(chunks, failure))


FIRST = openai_chunks("Half ")[:1]
SURROGATE = b'data: {"choices": [{"index": 0, "delta": {"content": "bad \\ud800 text"}}]}\n\n'

#: (name, upstream behaviour) - a fault at each stage of a reply.
FAULTS: list[tuple[str, Callable[[httpx.Request], httpx.Response]]] = [
    ("sending: RuntimeError", raising(RuntimeError("adapter bug"))),
    ("sending: RecursionError", raising(RecursionError("deep"))),
    ("sending: KeyError", raising(KeyError("x"))),
    ("sending: UnicodeEncodeError",
     raising(UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed"))),
    ("sending: connect refused", raising(httpx.ConnectError("refused"))),
    ("sending: read timeout", raising(httpx.ReadTimeout("slow"))),
    ("sending: protocol error", raising(httpx.LocalProtocolError("bad header"))),
    ("status 500", body_of(b'{"error": "x"}', status=500, content_type="application/json")),
    ("status 401", body_of(b'{"error": "x"}', status=401, content_type="application/json")),
    ("status 429", body_of(b'{"error": "x"}', status=429, content_type="application/json")),
    ("not an event stream", body_of(b"<html>oops</html>", content_type="text/html")),
    ("empty 200", body_of()),
    ("first event: nested JSON", body_of(NESTED)),
    ("first event: not JSON", body_of(b"data: {nope\n\n")),
    ("first event: a list", body_of(b"data: [1, 2]\n\n")),
    ("first event: error object", body_of(b'data: {"error": {"message": "overloaded"}}\n\n')),
    ("first event: body raises RuntimeError", failing_after([], RuntimeError("boom"))),
    ("first event: body raises MemoryError", failing_after([], MemoryError())),
    ("mid-stream: nested JSON", body_of(*FIRST, NESTED)),
    ("mid-stream: not JSON", body_of(*FIRST, b"data: {nope\n\n")),
    ("mid-stream: body raises RuntimeError", failing_after(FIRST, RuntimeError("boom"))),
    ("mid-stream: body raises ValueError", failing_after(FIRST, ValueError("boom"))),
    ("mid-stream: connection reset", failing_after(FIRST, httpx.RemoteProtocolError("reset"))),
    ("mid-stream: read timeout", failing_after(FIRST, httpx.ReadTimeout("slow"))),
    ("mid-stream: no finish", body_of(*FIRST)),
    ("mid-stream: stall", lambda request: streaming(ScriptedStream(FIRST, then="stall"))),
    ("first event: stall", lambda request: streaming(ScriptedStream([], then="stall"))),
    ("lone surrogate in the reply", body_of(SURROGATE, *openai_chunks("ok")[1:])),
    ("lone surrogate first", body_of(SURROGATE, *openai_chunks()[0:])),
    ("mixed valid JSON types", body_of(
        b'data: {"choices": "no"}\n\n', b'data: {"choices": [null, 3, {"delta": 5}]}\n\n',
        b'data: {"choices": [{"delta": {"content": ["x"]}}]}\n\n', *openai_chunks("fine"))),
]


@pytest.mark.parametrize(("name", "respond"), FAULTS, ids=[name for name, _ in FAULTS])
def test_a_fault_at_any_stage_ends_cleanly_and_frees_the_reservation(
    name: str, respond: Callable[[httpx.Request], httpx.Response]
) -> None:
    """No 500, a stream ends with done or error, and nothing stays reserved."""
    app = create_app(openai_settings(stall_timeout=0.2), transport=Upstream(respond).transport())
    with TestClient(app) as client:
        response = client.post(CHAT, json=user("I want to classify birds."),
                               headers={"Origin": SITE})
        assert response.status_code in (200, 502, 503, 504), response.text
        assert response.headers["access-control-allow-origin"] == SITE
        used, reserved = budget_state(app)
        assert reserved == 0
        if response.status_code != 200:
            assert response.json()["error"]["code"].startswith("upstream_")
            assert used == 0  # nothing was spent, so the budget is back where it was
            return
        events = sse_events(response.text)
        assert events[-1]["type"] in ("done", "error")
        assert [e["type"] for e in events[:-1]] == ["delta"] * (len(events) - 1)
        if events[-1]["type"] == "done":
            usage = events[-1]["usage"]
            assert used == usage["input_tokens"] + usage["output_tokens"]
        assert "\ud800" not in reply_text(events)
        # the worker still serves the next learner
        assert budget_state(app)[1] == 0


def test_a_lone_surrogate_from_the_provider_is_replaced() -> None:
    """Text UTF-8 can't encode becomes U+FFFD; the reply still ends with `done`."""
    app = create_app(openai_settings(),
                     transport=Upstream(body_of(SURROGATE, *openai_chunks("!")[0:])).transport())
    with TestClient(app) as client:
        events = sse_events(client.post(CHAT, json=user("hi")).text)
    assert reply_text(events) == "bad \ufffd text!"
    assert events[-1]["type"] == "done"


def test_the_sse_encoder_never_fails_on_unencodable_text() -> None:
    """A lone surrogate anywhere in an event is replaced, not raised mid-stream."""
    assert sse_event({"type": "delta", "text": "a\udfffb"}) == (
        'data: {"type":"delta","text":"a\ufffdb"}\n\n'.encode())


@pytest.mark.parametrize("index", [0, 2, 4])
def test_lone_surrogates_in_any_message_are_a_422_naming_the_field(index: int) -> None:
    """Invalid Unicode is refused before any limit, budget or provider is touched."""
    upstream = sse_upstream("never")
    app = create_app(openai_settings(client_rpm=3), transport=upstream.transport())
    body = user("first idea", "second idea", "third idea")
    body["messages"][index]["content"] = "text \ud800 here"
    raw = json.dumps(body).encode()  # ensure_ascii: the surrogate travels as \ud800
    with TestClient(app) as client:
        for _ in range(40):  # more than the rate limit, and than the budget could hold
            response = client.post(CHAT, content=raw,
                                   headers={"content-type": "application/json"})
            assert response.status_code == 422
            message = response.json()["error"]["message"]
            assert message.startswith(f"messages[{index}].content: is not valid Unicode")
        assert budget_state(app) == (0, 0)
        assert upstream.requests == []
        assert client.post(CHAT, json=user("a real question")).status_code == 200


def test_a_500_carries_cors_headers_for_an_allowed_origin_only() -> None:
    """The browser can read the worker's 500, so the chat shows it instead of a network error."""
    app = create_app(practice_settings(allowed_origins=(SITE,)))

    async def boom(request: object) -> object:
        raise RuntimeError("bug")

    app.router.routes.append(Route("/boom", boom))
    with TestClient(app, raise_server_exceptions=False) as client:
        allowed = client.get("/boom", headers={"Origin": SITE})
        assert allowed.status_code == 500
        assert allowed.headers["access-control-allow-origin"] == SITE
        assert "origin" in allowed.headers["vary"].lower()
        plain = client.get("/boom")
        assert plain.status_code == 500
        assert "access-control-allow-origin" not in plain.headers


def test_a_client_leaving_mid_reply_frees_the_reservation() -> None:
    """Closing the stream after the first words settles what was sent, over real HTTP."""
    stream = ScriptedStream(openai_chunks("First ")[:1], then="stall")
    app = create_app(openai_settings(stall_timeout=30),
                     transport=Upstream(lambda request: streaming(stream)).transport())
    with serve_in_thread(app) as url, httpx.Client(base_url=url) as client:
        with client.stream("POST", CHAT, json=user("hello there")) as response:
            lines = response.iter_lines()  # kept: a dropped iterator closes the connection
            assert next(lines).startswith("data: ")
            assert budget_state(app)[1] > 0  # reserved while the reply is under way
        deadline = time.monotonic() + 5
        while budget_state(app)[1] and time.monotonic() < deadline:
            time.sleep(0.02)
    used, reserved = budget_state(app)
    assert reserved == 0
    assert 0 < used < 10_000


def test_every_fault_is_named_once() -> None:
    """The fault table has no duplicate names (each is its own test id)."""
    names = [name for name, _ in FAULTS]
    assert len(set(names)) == len(names)
