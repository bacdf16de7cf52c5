"""Relaying a provider's reply to the browser as Server-Sent Events.

The first event is awaited before the response starts, so a provider that
fails up front (refused key, 429, 500, timeout) becomes a clean JSON error;
anything that fails later becomes an ``error`` event in the stream, so a
stream always ends with one ``done`` or one ``error`` event. Whatever a
provider adapter raises (a bug, a ``RecursionError`` on absurd JSON) is an
``upstream_broken`` failure, never a 500. Text that UTF-8 cannot encode (a
lone surrogate sent as ``\\ud800``) is replaced with U+FFFD. The
reply is cut at the character cap, every wait is bounded by the stall and
total timeouts, and closing the relay (the reply ended, or the client went
away) closes the provider's stream, which cancels the upstream request.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import AsyncGenerator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import anyio
from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from labs_worker.providers.base import (
    StreamEvent,
    UpstreamError,
    Usage,
    broken_stream,
    checked_usage,
)
from labs_worker.spoilers import NUDGE, SpoilerGuard

__all__ = ["EventStreamResponse", "ReplyRelay", "clean_text", "sse_event"]

logger = logging.getLogger("labs_worker")

# json.loads pairs escaped surrogates up; any left are alone and unencodable.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """``text`` with every lone surrogate (which UTF-8 cannot encode) replaced by U+FFFD."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def sse_event(payload: dict[str, Any]) -> bytes:
    """One ``data:`` event carrying ``payload`` as compact JSON."""
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return f"data: {clean_text(data)}\n\n".encode()


def _timed_out() -> UpstreamError:
    return UpstreamError(
        "upstream_timeout",
        "The AI provider took too long to answer. Try again in a moment.",
        status_code=504,
        detail="no event within the stall or total timeout",
    )


def _unexpected(exc: Exception) -> UpstreamError:
    """A failure the provider adapter did not foresee, as a broken reply."""
    return broken_stream(f"{type(exc).__name__}: {exc}")


@dataclass
class ReplyRelay:
    """One reply on its way from a provider's event stream to the browser."""

    stream: AsyncGenerator[StreamEvent, None]
    max_chars: int
    stall_timeout: float
    total_timeout: float
    #: The most the prompt can cost, and the reply's ``max_tokens``.
    prompt_tokens: int
    max_tokens: int
    #: Awaited once with the usage and the outcome when the reply is over.
    on_finish: Callable[[Usage, str], Awaitable[None]]
    #: Removes secrets from text bound for the log.
    redact: Callable[[str], str]
    #: Flags a reply that gives a scenario's answer away (LLM mode, labs with scenarios).
    guard: SpoilerGuard | None = None
    #: Signs the finished reply, for the ``done`` event (when a signing secret is set).
    sign: Callable[[str], str] | None = None
    _deadline: float = field(default=0.0, init=False)
    _finished: bool = field(default=False, init=False)

    async def start(self) -> StreamEvent | None:
        """Wait for the provider's first event (``None``: an empty reply).

        Raises :class:`UpstreamError` when the provider fails before it.
        """
        self._deadline = anyio.current_time() + self.total_timeout
        try:
            return await self._next()
        except UpstreamError as exc:
            self.log_error(exc)
            await self.finish(Usage(0, 0, estimated=True), f"error:{exc.code}")
            raise

    async def events(self, first: StreamEvent | None) -> AsyncGenerator[bytes, None]:
        """The SSE body: ``delta`` events, then ``done`` or ``error``.

        With a spoiler guard, text that could be part of a scenario's answer
        waits until more text (or the end) shows it gives nothing away; a reply
        the guard flags is cut there and ends with the nudge instead.
        """
        received = ""  # the reply so far, cleaned and capped
        sent = 0  # how much of it the client has
        usage: Usage | None = None
        final = Usage(self.prompt_tokens, 0, estimated=True)
        outcome = "disconnected"
        spoiled = False
        event = first
        try:
            while event is not None:
                if isinstance(event, Usage):
                    usage = event
                else:
                    received += clean_text(event.text)[: self.max_chars - len(received)]
                    ready = self._ready(received)
                    if ready < 0:
                        spoiled = True
                        break
                    if ready > sent:
                        yield sse_event({"type": "delta", "text": received[sent:ready]})
                        sent = ready
                if len(received) >= self.max_chars:
                    outcome = "length"
                    break
                event = await self._next()
            else:
                outcome = "stop"
        except UpstreamError as exc:
            outcome = f"error:{exc.code}"
            self.log_error(exc)
            if held := received[sent:]:  # checked already, and no more text is coming
                yield sse_event({"type": "delta", "text": held})
            yield sse_event({"type": "error", "code": exc.code, "message": exc.message})
            return
        finally:
            # Shielded: this also runs when the client's disconnect cancelled us.
            with anyio.CancelScope(shield=True):
                await self._close_stream()
                final = checked_usage(usage, self.prompt_tokens, received, self.max_tokens)
                await self.finish(final, "spoiler_replaced" if spoiled else outcome)
        for frame in self._ending(received, sent, "spoiled" if spoiled else outcome, final):
            yield frame

    def _ending(self, received: str, sent: int, outcome: str, usage: Usage) -> list[bytes]:
        """The held-back text (or the nudge, for a spoiled reply), then ``done``."""
        if outcome == "spoiled":
            logger.warning("a reply that gave a scenario's answer away was replaced")
            outcome = "stop"
            tail = ("\n\n" if sent else "") + NUDGE
            reply = received[:sent] + tail
        else:
            tail, reply = received[sent:], received
        done: dict[str, Any] = {
            "type": "done",
            "finish_reason": outcome,
            "usage": {
                "input_tokens": usage.input_tokens,
                "output_tokens": usage.output_tokens,
                "estimated": usage.estimated,
            },
        }
        if self.sign is not None:
            done["signature"] = self.sign(reply)
        frames = [sse_event({"type": "delta", "text": tail})] if tail else []
        return [*frames, sse_event(done)]

    def _ready(self, received: str) -> int:
        """How much of the reply may be sent now; -1 when it gives an answer away."""
        if self.guard is None:
            return len(received)
        if self.guard.spoils(received):
            return -1
        return self.guard.safe_length(received)

    async def close(self) -> None:
        """Close the provider's stream; settle as a disconnect if nothing else did."""
        with anyio.CancelScope(shield=True):
            await self._close_stream()
            await self.finish(Usage(self.prompt_tokens, 0, estimated=True), "disconnected")

    def log_error(self, exc: UpstreamError) -> None:
        """Log what the provider said, without secrets; the learner never sees it."""
        logger.warning("upstream error code=%s detail=%s", exc.code, self.redact(exc.detail))

    async def finish(self, usage: Usage, outcome: str) -> None:
        """Report the reply's end once; a failure to report is logged, never raised."""
        if self._finished:
            return
        self._finished = True
        try:
            await self.on_finish(usage, outcome)
        except Exception as exc:
            logger.error("could not settle a reply (%s): %s", outcome,
                         self.redact(f"{type(exc).__name__}: {exc}"))

    async def _close_stream(self) -> None:
        try:
            await self.stream.aclose()
        except Exception as exc:  # the adapter's clean-up failed: nothing left to save
            logger.warning("closing the provider stream failed: %s",
                           self.redact(f"{type(exc).__name__}: {exc}"))

    async def _next(self) -> StreamEvent | None:
        remaining = self._deadline - anyio.current_time()
        try:
            with anyio.fail_after(max(0.0, min(self.stall_timeout, remaining))):
                return await anext(self.stream)
        except StopAsyncIteration:
            return None
        except TimeoutError:
            raise _timed_out() from None
        except UpstreamError:
            raise
        except Exception as exc:
            raise _unexpected(exc) from None


class EventStreamResponse(StreamingResponse):
    """A ``text/event-stream`` response that always runs its clean-up.

    ``close`` runs however the response ends — finished, failed, or the
    client gone before the first event was even sent.
    """

    media_type = "text/event-stream"

    def __init__(
        self, events: AsyncGenerator[bytes, None], close: Callable[[], Awaitable[None]]
    ) -> None:
        super().__init__(
            events, headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
        )
        self._events = events
        self._close = close

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Stream the events, then clean up."""
        try:
            await super().__call__(scope, receive, send)
        finally:
            with anyio.CancelScope(shield=True):
                await self._events.aclose()
                await self._close()
