"""What every request passes before any work is done for it.

:class:`RequestGate` is a plain ASGI middleware, inside the CORS middleware
(so its refusals carry CORS headers for allowed origins) and outside the
routes. In order, it refuses:

1. a request whose ``Origin`` is present and not allowed (403) — a page on
   another site gets nothing done, not just nothing read;
2. a chat or credential ``POST`` that isn't ``application/json`` (415) — the
   type a browser can send cross-site without a CORS preflight
   (``text/plain``, forms) is refused, so every cross-site POST must pass the
   preflight first;
3. such a ``POST`` past ``LABS_MAX_CONCURRENT`` requests under way in this
   process (503, ``Retry-After``), counted until the reply stream ends.

Other methods and paths go on to the router (which answers 404 or 405).
"""

from __future__ import annotations

import json
import re

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from labs_worker.settings import Settings

__all__ = ["RequestGate", "error_body"]

_JSON_POSTS = re.compile(r"/v1/labs/[^/]+/chat|/v1/credentials")


def error_body(code: str, message: str) -> bytes:
    """The JSON error envelope, as bytes."""
    return json.dumps({"error": {"code": code, "message": message}}).encode()


class RequestGate:
    """Refuses foreign origins, non-JSON POSTs and POSTs past the concurrency cap."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.allowed = set(settings.allowed_origins)
        self.max_concurrent = settings.max_concurrent
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse, or pass the request on (counting it while it runs, for POSTs)."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if origin is not None and origin not in self.allowed and "*" not in self.allowed:
            await _refuse(send, 403, "origin_not_allowed",
                          "This worker serves only its course site; requests from other sites "
                          "are refused.")
            return
        if scope["method"] != "POST" or not _JSON_POSTS.fullmatch(scope["path"]):
            await self.app(scope, receive, send)
            return
        media_type = headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type != "application/json":
            await _refuse(send, 415, "unsupported_media_type",
                          "Send the request as JSON, with Content-Type: application/json.")
            return
        if self.in_flight >= self.max_concurrent:
            await _refuse(send, 503, "worker_busy",
                          "The AI peer is answering as many learners as it can. "
                          "Try again in a few seconds.", retry_after="5")
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1


async def _refuse(send: Send, status: int, code: str, message: str,
                  retry_after: str | None = None) -> None:
    body = error_body(code, message)
    headers = [(b"content-type", b"application/json"),
               (b"content-length", str(len(body)).encode())]
    if retry_after:
        headers.append((b"retry-after", retry_after.encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
