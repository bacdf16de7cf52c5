"""What every provider adapter shares: the stream events, the error, the request."""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import httpx
from httpx_sse import ServerSentEvent, SSEError, aconnect_sse

from quiz_engine.content.persona import Persona

__all__ = [
    "Conversation",
    "Message",
    "Provider",
    "StreamEvent",
    "TextDelta",
    "UpstreamError",
    "Usage",
    "broken_stream",
    "checked_usage",
    "error_for_status",
    "estimate_prompt_tokens",
    "estimate_tokens",
    "excerpt",
    "json_object",
    "post_for_events",
    "transport_error",
]


@dataclass(frozen=True)
class Message:
    """One turn of the conversation: ``role`` is ``user`` or ``assistant``.

    ``signature`` is what the client sent with an assistant turn (see
    :mod:`labs_worker.signing`); providers never see it.
    """

    role: str
    content: str
    signature: str = ""


@dataclass(frozen=True)
class Conversation:
    """What a provider is asked to continue."""

    persona: Persona
    messages: tuple[Message, ...]
    max_tokens: int


@dataclass(frozen=True)
class TextDelta:
    """A piece of the reply."""

    text: str


@dataclass(frozen=True)
class Usage:
    """Tokens the provider reports (or the worker estimates) for one reply."""

    input_tokens: int
    output_tokens: int
    estimated: bool = False


StreamEvent = TextDelta | Usage


class UpstreamError(Exception):
    """The provider failed. ``message`` is safe to show a learner; ``detail`` is for logs.

    ``detail`` may quote the provider's response, so it is redacted before it
    is logged and never sent to the client.
    """

    def __init__(
        self,
        code: str,
        message: str,
        *,
        status_code: int = 502,
        detail: str = "",
        retry_after: str | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status_code = status_code
        self.detail = detail
        self.retry_after = retry_after


class Provider(Protocol):
    """Streams a reply to a conversation as :data:`StreamEvent` items."""

    name: str
    #: Whether replies cost money (and so count against the daily budget).
    metered: bool

    def stream_reply(
        self, client: httpx.AsyncClient, conversation: Conversation
    ) -> AsyncGenerator[StreamEvent, None]:
        """Yield the reply's text deltas, then (at most) one :class:`Usage`."""
        ...


#: Tokens a chat template may add around one message (role markers, separators).
MESSAGE_OVERHEAD = 8


def estimate_tokens(text: str) -> int:
    """An estimate that never undercounts: one token per UTF-8 byte of ``text``.

    Byte-level BPE tokenizers (OpenAI's, Llama 3's, Anthropic's …) never make
    a token of less than one byte, so no provider can count more tokens than
    this for the same text; CJK text, three bytes a character, is safe too.
    """
    return len(text.encode("utf-8", "surrogatepass"))


def estimate_prompt_tokens(system: str, messages: tuple[Message, ...]) -> int:
    """The most the prompt can cost: the system prompt, every message, and the template."""
    text = estimate_tokens(system) + sum(estimate_tokens(m.content) for m in messages)
    return text + MESSAGE_OVERHEAD * (len(messages) + 1)


def checked_usage(reported: Usage | None, prompt_tokens: int, reply: str,
                  max_tokens: int) -> Usage:
    """The provider's usage when it makes sense, else the worker's estimate.

    Nonsense is: not whole numbers, negative, a prompt counted as 0, a reply
    with text counted as 0, or more than twice the most the request could
    cost (the prompt's bound; the larger of ``max_tokens`` and the reply's).
    """
    estimate = Usage(prompt_tokens, estimate_tokens(reply), estimated=True)
    if reported is None or reported.estimated:
        return reported or estimate
    counts = (reported.input_tokens, reported.output_tokens)
    if any(isinstance(n, bool) or not isinstance(n, int) or n < 0 for n in counts):
        return estimate
    most_output = max(max_tokens, estimate.output_tokens)
    if (reported.input_tokens == 0 or (reply and reported.output_tokens == 0)
            or reported.input_tokens > 2 * prompt_tokens
            or reported.output_tokens > 2 * most_output):
        return estimate
    return reported


Redact = Callable[[str], str]
#: How much of a provider's error body or odd event is kept for the log.
DETAIL_CHARS = 500


def excerpt(text: str, redact: Redact, limit: int = DETAIL_CHARS) -> str:
    """``text`` for a log line: secrets removed first, then cut to ``limit`` characters.

    In that order, so a key that straddles the cut can't survive in part.
    """
    return redact(text)[:limit]


def error_for_status(
    status: int, body: bytes, retry_after: str | None, redact: Redact
) -> UpstreamError:
    """Turn a provider's non-200 answer into a learner-safe :class:`UpstreamError`."""
    detail = f"HTTP {status}: {excerpt(body.decode('utf-8', 'replace'), redact)}"
    if status in (401, 403):
        return UpstreamError(
            "upstream_auth",
            "The AI peer isn't set up correctly (the provider refused the worker's key). "
            "Tell your instructor — practice mode still works.",
            detail=detail,
        )
    if status in (429, 529):
        return UpstreamError(
            "upstream_busy",
            "The AI provider is busy right now. Wait a minute and try again.",
            status_code=503,
            detail=detail,
            retry_after=retry_after if retry_after and retry_after.isdigit() else None,
        )
    return UpstreamError(
        "upstream_error",
        "The AI provider couldn't answer just now. Try again in a moment.",
        detail=detail,
    )


def transport_error(exc: httpx.TransportError, redact: Redact) -> UpstreamError:
    """Turn a network failure talking to the provider into an :class:`UpstreamError`."""
    if isinstance(exc, httpx.TimeoutException):
        return UpstreamError(
            "upstream_timeout",
            "The AI provider took too long to answer. Try again in a moment.",
            status_code=504,
            detail=type(exc).__name__,
        )
    if isinstance(exc, httpx.ConnectError):
        return UpstreamError(
            "upstream_unreachable",
            "The worker couldn't reach the AI provider. Try again in a moment.",
            detail=type(exc).__name__,
        )
    return UpstreamError(
        "upstream_broken",
        "The AI provider's reply broke off. Try again.",
        detail=excerpt(f"{type(exc).__name__}: {exc}", redact),
    )


def broken_stream(detail: str) -> UpstreamError:
    """The reply stream ended or turned to garbage before it was complete."""
    return UpstreamError(
        "upstream_broken", "The AI provider's reply broke off. Try again.", detail=detail
    )


async def post_for_events(
    client: httpx.AsyncClient,
    url: str,
    payload: Any,
    headers: Mapping[str, str],
    redact: Redact,
) -> AsyncGenerator[ServerSentEvent, None]:
    """POST ``payload`` as JSON and yield the response's server-sent events.

    A status other than 200 raises :func:`error_for_status`; a failed
    connection or a body that is not an event stream raise the matching
    :class:`UpstreamError`. Read to the end, the response's connection goes
    back to the client's pool.
    """
    try:
        async with aconnect_sse(client, "POST", url, json=payload, headers=headers) as source:
            response = source.response
            if response.status_code != 200:
                body = await response.aread()
                raise error_for_status(
                    response.status_code, body, response.headers.get("retry-after"), redact
                )
            async for event in source.aiter_sse():
                yield event
    except httpx.TransportError as exc:
        raise transport_error(exc, redact) from None
    except SSEError as exc:
        raise broken_stream(excerpt(f"not an event stream: {exc}", redact)) from None


def json_object(data: str, what: str, redact: Redact) -> dict[str, Any]:
    """An event's data as a JSON object; ``what`` names it in the error (``chunk``)."""
    try:
        parsed = json.loads(data)
    except (json.JSONDecodeError, RecursionError):  # RecursionError: absurdly deep nesting
        raise broken_stream(f"{what} is not JSON: {excerpt(repr(data), redact, 200)}") from None
    if not isinstance(parsed, dict):
        raise broken_stream(f"{what} is not an object: {excerpt(repr(data), redact, 200)}")
    return parsed
