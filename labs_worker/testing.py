"""Test and benchmark helpers: fake LLM providers and a server in a thread.

:func:`create_fake_upstream` is a small Starlette app that speaks the
OpenAI-compatible ``/v1/chat/completions`` and the Anthropic ``/v1/messages``
streaming APIs. The ``model`` in each request picks its behaviour, with
optional ``:key=value`` parameters, e.g. ``ok:chunks=50:delay=0.002``:

==============  ==============================================================
``ok``          stream ``chunks`` pieces of a reply, ``delay`` seconds apart
``endless``     stream pieces until the client goes away (for the reply cap)
``429``         answer 429 with ``Retry-After: 7``
``500``         answer 500
``401``         answer 401, quoting the key it was sent (for redaction tests)
``echo-header``  answer 401 with the key it was sent in a response header
``stall``       send one piece, then nothing
``stall-head``  send nothing at all, not even headers
``broken``      send two pieces, then drop the connection mid-stream
``garbage``     send a piece that isn't JSON
==============  ==============================================================

It records what it received in ``app.state.received`` and counts streams
that ended because the client left in ``app.state.abandoned``. While
``app.state.gate`` holds a :class:`ReplyGate`, every ``ok`` reply waits at it.
:func:`serve_in_thread` runs any ASGI app with uvicorn on a free loopback
port for the length of a ``with`` block.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

import anyio
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp

__all__ = ["FAKE_REPLY", "ReplyGate", "create_fake_upstream", "serve_in_thread"]

FAKE_REPLY = "What metric would tell you the model is good enough, as a number?"


class ReplyGate:
    """Holds every reply at the upstream until each of ``total`` requests is accounted for.

    A request is accounted for once it reaches the upstream (:meth:`reached`)
    or its answer comes back without it (:meth:`answered`: a 429 or 503).
    Until then no reply finishes, so no reservation is settled while later
    requests are still being admitted, however slowly a busy machine
    schedules them; the limits must hold for requests truly at once. Once
    open, it stays open. ``timed_out`` says it opened on its timeout rather
    than on its count (something was lost on the way).
    """

    def __init__(self, total: int, timeout: float = 30.0) -> None:
        self.total = total
        self.timeout = timeout
        self.timed_out = False
        self._seen = 0
        self._lock = threading.Lock()
        self._open = threading.Event()

    def _count(self) -> None:
        with self._lock:
            self._seen += 1
            if self._seen >= self.total:
                self._open.set()

    def reached(self) -> None:
        """A request reached the upstream."""
        self._count()

    def answered(self) -> None:
        """An answer came back. Held replies come back only once the gate is open,
        so counting them too changes nothing."""
        self._count()

    async def wait(self) -> None:
        """Wait (without blocking the event loop) until the gate opens."""
        if not await anyio.to_thread.run_sync(self._open.wait, self.timeout):
            self.timed_out = True


def _behaviour(model: str) -> tuple[str, dict[str, float]]:
    mode, *pairs = model.split(":")
    params = {"chunks": 8.0, "delay": 0.0}
    for pair in pairs:
        key, _, value = pair.partition("=")
        params[key] = float(value)
    return mode, params


def _pieces(count: int) -> list[str]:
    words = FAKE_REPLY.split(" ")
    return [(" " if n else "") + words[n % len(words)] for n in range(count)]


def create_fake_upstream() -> Starlette:
    """A fake provider speaking both the OpenAI-compatible and Anthropic APIs."""

    async def respond(request: Request, dialect: str) -> Response:
        body = await request.json()
        request.app.state.received.append({"dialect": dialect, "body": body,
                                           "headers": dict(request.headers)})
        mode, params = _behaviour(str(body.get("model", "ok")))
        failure = _failure(mode, request)
        if failure is not None:
            return failure
        gate: ReplyGate | None = request.app.state.gate
        if gate is not None and mode == "ok":
            gate.reached()
            await gate.wait()
        if mode == "stall-head":
            # Say nothing until the client gives up, as a hung server would.
            while not await request.is_disconnected():
                await anyio.sleep(0.05)
            request.app.state.abandoned += 1
            return Response(status_code=499)
        frames = _openai_frames if dialect == "openai" else _anthropic_frames
        return StreamingResponse(
            _tracked(request, frames(mode, params)), media_type="text/event-stream"
        )

    async def openai(request: Request) -> Response:
        return await respond(request, "openai")

    async def anthropic(request: Request) -> Response:
        return await respond(request, "anthropic")

    app = Starlette(
        routes=[
            Route("/v1/chat/completions", openai, methods=["POST"]),
            Route("/v1/messages", anthropic, methods=["POST"]),
        ]
    )
    app.state.received = []
    app.state.abandoned = 0
    app.state.gate = None
    return app


def _failure(mode: str, request: Request) -> Response | None:
    if mode == "429":
        return JSONResponse({"error": {"message": "slow down"}}, 429, {"Retry-After": "7"})
    if mode == "500":
        return JSONResponse({"error": {"message": "internal"}}, 500)
    if mode == "401":
        sent = request.headers.get("authorization", request.headers.get("x-api-key", ""))
        return JSONResponse({"error": {"message": f"Incorrect API key provided: {sent}"}}, 401)
    if mode == "echo-header":
        sent = request.headers.get("authorization", request.headers.get("x-api-key", ""))
        return JSONResponse({"error": {"message": "refused"}}, 401, {"X-Echo-Key": sent})
    return None


async def _tracked(request: Request, frames: AsyncIterator[str]) -> AsyncIterator[str]:
    finished = False
    try:
        async for frame in frames:
            yield frame
        finished = True
    finally:
        if not finished:
            request.app.state.abandoned += 1


async def _openai_frames(mode: str, params: dict[str, float]) -> AsyncIterator[str]:
    def chunk(text: str | None, finish: str | None = None) -> str:
        delta = {"content": text} if text is not None else {}
        data = {"choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
        return f"data: {json.dumps(data)}\n\n"

    async for frame in _body(mode, params, chunk):
        yield frame
    if mode == "ok":
        yield chunk(None, "stop")
        usage = {"prompt_tokens": 42, "completion_tokens": int(params["chunks"])}
        yield f"data: {json.dumps({'choices': [], 'usage': usage})}\n\n"
        yield "data: [DONE]\n\n"


async def _anthropic_frames(mode: str, params: dict[str, float]) -> AsyncIterator[str]:
    def event(kind: str, data: dict[str, Any]) -> str:
        return f"event: {kind}\ndata: {json.dumps({'type': kind, **data})}\n\n"

    def chunk(text: str | None, finish: str | None = None) -> str:
        delta = {"type": "text_delta", "text": text}
        return event("content_block_delta", {"index": 0, "delta": delta})

    yield event("message_start", {"message": {"usage": {"input_tokens": 42, "output_tokens": 1}}})
    yield event("content_block_start", {"index": 0, "content_block": {"type": "text", "text": ""}})
    yield event("ping", {})
    async for frame in _body(mode, params, chunk):
        yield frame
    if mode == "ok":
        yield event("content_block_stop", {"index": 0})
        usage = {"output_tokens": int(params["chunks"])}
        yield event("message_delta", {"delta": {"stop_reason": "end_turn"}, "usage": usage})
        yield event("message_stop", {})


async def _body(mode: str, params: dict[str, float], chunk: Any) -> AsyncIterator[str]:
    """The reply's text frames, shaped by ``mode``."""
    delay = params["delay"]
    if mode == "endless":
        for piece in _pieces(100_000):
            yield chunk(piece)
            await anyio.sleep(delay)
        return
    pieces = _pieces(2 if mode in ("broken", "garbage") else int(params["chunks"]))
    for piece in pieces[: 1 if mode == "stall" else None]:
        yield chunk(piece)
        await anyio.sleep(delay)
    if mode == "stall":
        await anyio.sleep_forever()
    if mode == "garbage":
        yield "data: {not json\n\n"
    if mode == "broken":
        raise ConnectionAbortedError("fake upstream drops the connection mid-stream")


@contextmanager
def serve_in_thread(app: ASGIApp, *, timeout: float = 10.0) -> Iterator[str]:
    """Serve ``app`` on ``127.0.0.1`` at a free port; yield its base URL."""
    config = uvicorn.Config(
        app, host="127.0.0.1", port=0, log_level="warning", lifespan="on",
        timeout_graceful_shutdown=2,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="serve_in_thread", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the server did not start; see the log above")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout)
