"""Provider adapters: OpenAI-compatible, Anthropic, and the offline practice peer."""

from __future__ import annotations

from labs_worker.providers.anthropic import AnthropicProvider
from labs_worker.providers.base import (
    Conversation,
    Message,
    Provider,
    Redact,
    StreamEvent,
    TextDelta,
    UpstreamError,
    Usage,
    checked_usage,
    estimate_prompt_tokens,
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
    "Redact",
    "StreamEvent",
    "TextDelta",
    "UpstreamError",
    "Usage",
    "checked_usage",
    "estimate_prompt_tokens",
    "estimate_tokens",
    "make_provider",
]


def make_provider(settings: Settings, redact: Redact) -> Provider:
    """The provider ``settings`` ask for; ``redact`` cleans what it quotes for the log."""
    if settings.provider == "openai":
        return OpenAICompatProvider(
            settings.upstream_url, settings.model, settings.api_key, redact
        )
    if settings.provider == "anthropic":
        return AnthropicProvider(settings.upstream_url, settings.model, settings.api_key, redact)
    return PracticeProvider(settings.practice_delay_ms / 1000)
