"""Provider adapters: OpenAI-compatible, Anthropic, and the offline practice peer."""

from __future__ import annotations

from labs_worker.providers.anthropic import AnthropicProvider
from labs_worker.providers.base import (
    Conversation,
    Message,
    Provider,
    StreamEvent,
    TextDelta,
    UpstreamError,
    Usage,
    estimate_tokens,
)
from labs_worker.providers.openai_compat import OpenAICompatProvider
from labs_worker.providers.practice import PracticeProvider
from labs_worker.settings import Settings

__all__ = [
    "AnthropicProvider",
    "Conversation",
    "Message",
    "OpenAICompatProvider",
    "PracticeProvider",
    "Provider",
    "StreamEvent",
    "TextDelta",
    "UpstreamError",
    "Usage",
    "estimate_tokens",
    "make_provider",
]


def make_provider(settings: Settings) -> Provider:
    """The provider ``settings`` ask for."""
    if settings.provider == "openai":
        return OpenAICompatProvider(settings.upstream_url, settings.model, settings.api_key)
    if settings.provider == "anthropic":
        return AnthropicProvider(settings.upstream_url, settings.model, settings.api_key)
    return PracticeProvider(settings.practice_delay_ms / 1000)
