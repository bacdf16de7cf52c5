"""Shared helpers for the labs worker tests (imported by name; not fixtures)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import anyio
import httpx

from labs_worker.settings import Settings

SECRET = "sk-test-DO-NOT-LEAK-0123456789abcdef"
UPSTREAM = "http://upstream.test/v1"


@dataclass
class FakeClock:
    """A clock the tests move by hand."""

    seconds: float = 1_000.0
    start: datetime = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

    def monotonic(self) -> float:
        return self.seconds

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.seconds - 1_000.0)

    def advance(self, seconds: float) -> None:
        self.seconds += seconds


def practice_settings(**overrides: Any) -> Settings:
    """Practice-peer settings with no streaming delay and roomy limits."""
    values: dict[str, Any] = {"practice_delay_ms": 0, "client_rpm": 1000,
                              "conversation_rpm": 1000, "global_rpm": 10_000}
    return Settings(**(values | overrides))


def openai_settings(**overrides: Any) -> Settings:
    """Settings for the OpenAI-compatible provider at a fake URL."""
    values: dict[str, Any] = {"provider": "openai", "model": "test-model", "api_key": SECRET,
                              "base_url": UPSTREAM, "client_rpm": 1000,
                              "conversation_rpm": 1000, "global_rpm": 10_000,
                              "client_budget_percent": 100}
    return Settings(**(values | overrides))


def user(*contents: str) -> dict[str, Any]:
    """A chat body: the learner's messages, with a stock peer reply between them."""
    messages: list[dict[str, str]] = []
    for content in contents:
        if messages:
            messages.append({"role": "assistant", "content": "Go on."})
        messages.append({"role": "user", "content": content})
    return {"messages": messages}


def sse_events(text: str) -> list[dict[str, Any]]:
    """The JSON payloads of an SSE body's ``data:`` lines."""
    return [json.loads(line[6:]) for line in text.splitlines() if line.startswith("data: ")]


def reply_text(events: Iterable[dict[str, Any]]) -> str:
    """The reply the deltas add up to."""
    return "".join(event["text"] for event in events if event["type"] == "delta")


def openai_chunks(*texts: str, usage: tuple[int, int] | None = (40, 7)) -> list[bytes]:
    """An OpenAI-compatible stream: deltas, a finish chunk, usage, ``[DONE]``."""
    frames = [{"choices": [{"index": 0, "delta": {"content": t}, "finish_reason": None}]}
              for t in texts]
    frames.append({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
    if usage:
        frames.append({"choices": [], "usage": {"prompt_tokens": usage[0],
                                                "completion_tokens": usage[1]}})
    return [f"data: {json.dumps(f)}\n\n".encode() for f in frames] + [b"data: [DONE]\n\n"]


@dataclass
class ScriptedStream(httpx.AsyncByteStream):
    """A response body that plays ``chunks``, then stalls or breaks if told to."""

    chunks: list[bytes]
    then: str = "end"  # "end", "stall" or "break"
    closed: bool = False
    delivered: int = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            self.delivered += 1
            yield chunk
        if self.then == "stall":
            await anyio.sleep_forever()
        if self.then == "break":
            raise httpx.RemoteProtocolError("peer closed connection mid-body")

    async def aclose(self) -> None:
        self.closed = True


@dataclass
class Upstream:
    """A MockTransport whose responses the test scripts; records every request."""

    respond: Callable[[httpx.Request], httpx.Response]
    requests: list[httpx.Request] = field(default_factory=list)

    def transport(self) -> httpx.MockTransport:
        def handler(request: httpx.Request) -> httpx.Response:
            self.requests.append(request)
            return self.respond(request)

        return httpx.MockTransport(handler)

    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(request.content) for request in self.requests]


def streaming(stream: httpx.AsyncByteStream, status: int = 200) -> httpx.Response:
    return httpx.Response(status, headers={"content-type": "text/event-stream"}, stream=stream)


def sse_upstream(*texts: str, usage: tuple[int, int] | None = (40, 7)) -> Upstream:
    """An upstream that streams ``texts`` as an OpenAI-compatible reply."""
    return Upstream(lambda request: streaming(ScriptedStream(openai_chunks(*texts, usage=usage))))


def budget_state(app: Any, client: str | None = None) -> tuple[int, int]:
    """The worker's budget (or one client's) as ``(used, reserved)`` tokens today."""
    state = asyncio.run(app.state.worker.budget.state(client))
    return state.used, state.reserved
