"""Anthropic Messages API, streamed."""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator
from typing import Any

import httpx

from labs_worker.providers.base import (
    Conversation,
    Redact,
    StreamEvent,
    TextDelta,
    UpstreamError,
    Usage,
    broken_stream,
    error_for_status,
    excerpt,
    json_object,
    post_for_events,
)

__all__ = ["ANTHROPIC_VERSION", "AnthropicProvider"]

ANTHROPIC_VERSION = "2023-06-01"
# Said on the learner's behalf when a transcript starts with the peer's
# opening message: the Messages API wants the first turn to be the user's.
_OPENED_THE_LAB = "(The learner has opened the lab.)"


class AnthropicProvider:
    """``POST {base_url}/v1/messages`` with ``stream: true``, read as SSE."""

    name = "anthropic"
    metered = True

    def __init__(self, base_url: str, model: str, api_key: str, redact: Redact) -> None:
        self.url = f"{base_url}/v1/messages"
        self.model = model
        self._api_key = api_key
        self._redact = redact

    def payload(self, conversation: Conversation) -> dict[str, Any]:
        """The request body: alternating turns, starting with the learner's."""
        turns: list[dict[str, str]] = []
        for message in conversation.messages:
            if turns and turns[-1]["role"] == message.role:
                turns[-1]["content"] += "\n\n" + message.content
            else:
                turns.append({"role": message.role, "content": message.content})
        if turns and turns[0]["role"] == "assistant":
            turns.insert(0, {"role": "user", "content": _OPENED_THE_LAB})
        return {
            "model": self.model,
            "max_tokens": conversation.max_tokens,
            "system": conversation.persona.instructions(),
            "messages": turns,
            "stream": True,
        }

    async def stream_reply(
        self, client: httpx.AsyncClient, conversation: Conversation
    ) -> AsyncGenerator[StreamEvent, None]:
        """Yield the reply's text deltas, then the usage from the stream's events."""
        headers = {"x-api-key": self._api_key, "anthropic-version": ANTHROPIC_VERSION}
        input_tokens = output_tokens = 0
        finished = False
        events = post_for_events(
            client, self.url, self.payload(conversation), headers, self._redact
        )
        async for event in events:
            if finished:  # read to the end so the connection can be reused
                continue
            data = json_object(event.data, "event", self._redact)
            kind = data.get("type", event.event)
            if kind == "error":
                raise _stream_error(data, self._redact)
            if kind == "message_stop":
                finished = True
                continue
            text = _text(data) if kind == "content_block_delta" else ""
            if text:
                yield TextDelta(text)
            input_tokens = _count(data, "input_tokens") or input_tokens
            output_tokens = _count(data, "output_tokens") or output_tokens
        if not finished:
            raise broken_stream("stream ended without message_stop")
        yield Usage(input_tokens, output_tokens)


def _text(data: dict[str, Any]) -> str:
    delta = data.get("delta")
    if isinstance(delta, dict) and delta.get("type") == "text_delta":
        text = delta.get("text")
        return text if isinstance(text, str) else ""
    return ""


def _count(data: dict[str, Any], key: str) -> int:
    """A usage count from ``message_start`` (under ``message``) or ``message_delta``."""
    holder = data.get("message") if data.get("type") == "message_start" else data
    usage = holder.get("usage") if isinstance(holder, dict) else None
    value = usage.get(key) if isinstance(usage, dict) else None
    return value if isinstance(value, int) else 0


def _stream_error(data: dict[str, Any], redact: Redact) -> UpstreamError:
    error = data.get("error")
    kind = error.get("type") if isinstance(error, dict) else None
    if kind == "overloaded_error":
        return error_for_status(529, json.dumps(data).encode(), None, redact)
    return broken_stream(f"error event: {excerpt(json.dumps(data), redact)}")
