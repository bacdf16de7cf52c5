"""OpenAI-compatible chat completions, streamed (OpenAI, Groq, OpenRouter, Ollama, vLLM …)."""

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
    Usage,
    broken_stream,
    excerpt,
    json_object,
    post_for_events,
)

__all__ = ["OpenAICompatProvider"]


class OpenAICompatProvider:
    """``POST {base_url}/chat/completions`` with ``stream: true``, read as SSE."""

    name = "openai"
    metered = True

    def __init__(self, base_url: str, model: str, api_key: str, redact: Redact) -> None:
        self.url = f"{base_url}/chat/completions"
        self.model = model
        self._api_key = api_key
        self._redact = redact

    def payload(self, conversation: Conversation) -> dict[str, Any]:
        """The request body: the persona's instructions as the system message."""
        messages = [{"role": "system", "content": conversation.persona.instructions()}]
        messages += [{"role": m.role, "content": m.content} for m in conversation.messages]
        return {
            "model": self.model,
            "messages": messages,
            "stream": True,
            "max_tokens": conversation.max_tokens,
            # Ask for a final usage chunk; servers that don't know it ignore it.
            "stream_options": {"include_usage": True},
        }

    async def stream_reply(
        self, client: httpx.AsyncClient, conversation: Conversation
    ) -> AsyncGenerator[StreamEvent, None]:
        """Yield the reply's deltas, then the usage the server reported (if any)."""
        headers = {"Authorization": f"Bearer {self._api_key}"} if self._api_key else {}
        usage: Usage | None = None
        finished = done = False
        events = post_for_events(
            client, self.url, self.payload(conversation), headers, self._redact
        )
        async for event in events:
            # Read on to the end of the body after [DONE]: a fully read
            # response lets the connection go back to the pool.
            if done or event.data.strip() == "[DONE]":
                finished = done = True
                continue
            chunk = _parse(event.data, self._redact)
            for text in _texts(chunk):
                yield TextDelta(text)
            finished = finished or _has_finish_reason(chunk)
            usage = _usage(chunk) or usage
        if not finished:
            raise broken_stream("stream ended without [DONE] or a finish_reason")
        if usage is not None:
            yield usage


def _parse(data: str, redact: Redact) -> dict[str, Any]:
    chunk = json_object(data, "chunk", redact)
    if "error" in chunk:
        raise broken_stream(f"error event: {excerpt(json.dumps(chunk['error']), redact)}")
    return chunk


def _choices(chunk: dict[str, Any]) -> list[dict[str, Any]]:
    choices = chunk.get("choices")
    return [c for c in choices if isinstance(c, dict)] if isinstance(choices, list) else []


def _texts(chunk: dict[str, Any]) -> list[str]:
    texts = []
    for choice in _choices(chunk):
        delta = choice.get("delta")
        content = delta.get("content") if isinstance(delta, dict) else None
        if isinstance(content, str) and content:
            texts.append(content)
    return texts


def _has_finish_reason(chunk: dict[str, Any]) -> bool:
    return any(choice.get("finish_reason") for choice in _choices(chunk))


def _usage(chunk: dict[str, Any]) -> Usage | None:
    usage = chunk.get("usage")
    if not isinstance(usage, dict):
        return None
    prompt, completion = usage.get("prompt_tokens"), usage.get("completion_tokens")
    if isinstance(prompt, int) and isinstance(completion, int):
        return Usage(prompt, completion)
    return None
