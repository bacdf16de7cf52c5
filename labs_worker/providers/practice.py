"""The offline practice peer as a provider: no network, no key, no cost."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncGenerator

import httpx

from labs_worker.providers.base import (
    Conversation,
    StreamEvent,
    TextDelta,
    Usage,
    estimate_prompt_tokens,
    estimate_tokens,
)
from quiz_engine.core.practice import practice_reply

__all__ = ["PracticeProvider"]

# A few words per chunk, whitespace kept, so the reply streams like an LLM's.
_CHUNK = re.compile(r"(?:\S+\s*){1,4}|\s+")


class PracticeProvider:
    """Streams :func:`quiz_engine.core.practice.practice_reply` in small chunks."""

    name = "practice"
    metered = False

    def __init__(self, delay_seconds: float = 0.0) -> None:
        self.delay_seconds = delay_seconds

    async def stream_reply(
        self, client: httpx.AsyncClient, conversation: Conversation
    ) -> AsyncGenerator[StreamEvent, None]:
        """Yield the practice reply in chunks, then an estimated usage."""
        messages = [{"role": m.role, "content": m.content} for m in conversation.messages]
        reply = practice_reply(conversation.persona.practice_data, messages)
        for chunk in _CHUNK.findall(reply):
            yield TextDelta(chunk)
            # Always yield to the event loop, so a disconnect is noticed.
            await asyncio.sleep(self.delay_seconds)
        prompt = estimate_prompt_tokens("", conversation.messages)
        yield Usage(prompt, estimate_tokens(reply), estimated=True)
