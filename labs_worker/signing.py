"""Signatures on the peer's turns, so a client can't put words in the peer's mouth.

The browser keeps the transcript and sends it back whole with each message,
the peer's earlier replies included. With ``LABS_SIGNING_SECRET`` set, the
worker signs each reply it streams — an HMAC-SHA256 over the lab id and the
whole conversation up to and including that reply — and sends the signature
in the ``done`` event. The client stores it on that assistant message and
sends it back as the message's ``signature``; a transcript whose assistant
turns don't verify is refused. The lab's opening message, which the worker
publishes itself, may lead the transcript unsigned.

Generate a secret with ``python -c "import secrets; print(secrets.token_urlsafe(32))"``.
Changing it makes every stored transcript unverifiable (learners start over).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from collections.abc import Sequence

from labs_worker.errors import ApiError
from labs_worker.providers.base import Message

__all__ = ["SIGNATURE_PATTERN", "TurnSigner"]

#: What a signature looks like: a version, then 43 base64url characters (32 bytes).
SIGNATURE_PATTERN = r"^v1\.[A-Za-z0-9_-]{43}$"
_SIGNATURE = re.compile(SIGNATURE_PATTERN)


class TurnSigner:
    """Signs and verifies assistant turns with one secret."""

    def __init__(self, secret: str) -> None:
        self._key = secret.encode()

    def sign(self, lab_id: str, messages: Sequence[Message]) -> str:
        """The signature of the last message of ``messages`` (an assistant turn)."""
        canonical = json.dumps(
            {"lab": lab_id, "turns": [[m.role, m.content] for m in messages]},
            ensure_ascii=True,
            separators=(",", ":"),
        )
        digest = hmac.new(self._key, canonical.encode(), hashlib.sha256).digest()
        return "v1." + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    def verify(self, lab_id: str, messages: Sequence[Message], opening_message: str) -> None:
        """Raise a 422 naming the first assistant turn whose signature doesn't verify."""
        for index, message in enumerate(messages):
            if message.role != "assistant":
                continue
            if index == 0 and not message.signature and message.content == opening_message:
                continue  # the lab's own opening words, published by the worker
            expected = self.sign(lab_id, messages[: index + 1])
            given = message.signature
            if not (_SIGNATURE.match(given) and hmac.compare_digest(given, expected)):
                state = "has no signature" if not given else "has a signature that doesn't match"
                raise ApiError(
                    422,
                    "invalid_signature",
                    f"messages[{index}]: this reply {state}, so it isn't the peer's reply as "
                    "the peer wrote it (or a message before it was changed). Start the lab over, "
                    "or remove the changed messages.",
                )
