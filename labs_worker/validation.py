"""Validating a chat request body into the conversation a provider continues."""

from __future__ import annotations

import json
import re
from typing import Any

from labs_worker.errors import ApiError
from labs_worker.providers.base import Message
from labs_worker.settings import Settings
from labs_worker.signing import SIGNATURE_PATTERN

__all__ = ["parse_chat_request"]

_ROLES = ("user", "assistant")
# JSON may escape a surrogate alone ("\\ud800"): valid JSON, but not text.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_SIGNATURE = re.compile(SIGNATURE_PATTERN)


def parse_chat_request(body: bytes, settings: Settings) -> tuple[Message, ...]:
    """Check ``{"messages": [{"role", "content", "signature"?}, …]}``; return the messages.

    Raises :class:`ApiError` (400 for a body that isn't JSON, 422 for one
    that breaks the schema or a cap) with a message that says what to send.
    """
    data = _json(body)
    if not isinstance(data, dict):
        raise _invalid("the body must be a JSON object: {\"messages\": [...]}")
    unknown = sorted(set(data) - {"messages"})
    if unknown:
        raise _invalid(f"unknown field {unknown[0]!r}: send only \"messages\"")
    raw = data.get("messages")
    if not isinstance(raw, list) or not raw:
        raise _invalid("messages: must be a non-empty list of {\"role\", \"content\"} objects")
    if len(raw) > 2 * settings.max_turns + 1:
        raise _too_long(settings)
    messages = tuple(_message(item, n, settings) for n, item in enumerate(raw))
    if sum(m.role == "user" for m in messages) > settings.max_turns:
        raise _too_long(settings)
    if messages[-1].role != "user":
        raise _invalid(f"messages[{len(messages) - 1}]: the last message must be the learner's "
                       "(role \"user\")")
    return messages


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        # ValueError covers bad JSON and bad UTF-8; RecursionError, absurd nesting.
        raise ApiError(
            400,
            "invalid_json",
            "The request body must be JSON: {\"messages\": [{\"role\": \"user\", "
            "\"content\": \"…\"}]}.",
        ) from None


def _message(item: Any, n: int, settings: Settings) -> Message:
    where = f"messages[{n}]"
    if not isinstance(item, dict):
        raise _invalid(f"{where}: must be an object with \"role\" and \"content\"")
    unknown = sorted(set(item) - {"role", "content", "signature"})
    if unknown:
        raise _invalid(f"{where}: unknown field {unknown[0]!r}: send only role, content and "
                       "(on the peer's replies) signature")
    role, content = item.get("role"), item.get("content")
    if role == "system":
        raise ApiError(
            422,
            "system_role_not_allowed",
            f"{where}.role: \"system\" is not allowed — the worker adds the lab's own "
            "instructions; send only \"user\" and \"assistant\" messages.",
        )
    if role not in _ROLES:
        raise _invalid(f"{where}.role: must be \"user\" or \"assistant\"")
    if not isinstance(content, str) or not content.strip():
        raise _invalid(f"{where}.content: must be a non-empty string")
    _check_unicode(content, f"{where}.content")
    if len(content) > settings.max_message_chars:
        raise ApiError(
            422,
            "message_too_long",
            f"{where}: that message is {len(content)} characters; the limit is "
            f"{settings.max_message_chars}. Shorten it and send it again.",
        )
    return Message(role, content, _signature(item, role, where))


def _signature(item: dict[str, Any], role: str, where: str) -> str:
    if "signature" not in item:
        return ""
    signature = item["signature"]
    if role != "assistant":
        raise _invalid(f"{where}.signature: only the peer's replies (role \"assistant\") "
                       "carry a signature")
    if not isinstance(signature, str) or not _SIGNATURE.match(signature):
        raise _invalid(f"{where}.signature: must be the signature the worker sent with that "
                       "reply (\"v1.\" and 43 letters, digits, - or _)")
    return signature


def _check_unicode(text: str, where: str) -> None:
    """Refuse text that UTF-8 cannot encode (a lone surrogate), naming the field."""
    bad = _LONE_SURROGATE.search(text)
    if bad is not None:
        raise _invalid(
            f"{where}: is not valid Unicode (a lone surrogate, U+{ord(bad.group()):04X}, at "
            f"character {bad.start()}); send the text as UTF-8"
        )


def _invalid(message: str) -> ApiError:
    return ApiError(422, "invalid_request", message)


def _too_long(settings: Settings) -> ApiError:
    return ApiError(
        422,
        "too_many_turns",
        f"This conversation has reached its limit of {settings.max_turns} messages from you. "
        "Export it if you want to keep it, then start over.",
    )
