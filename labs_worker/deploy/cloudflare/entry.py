"""Cloudflare Python Workers entry: hands each request to the labs worker app.

Runs only inside the Workers runtime (``workers``, ``js`` and ``pyodide``
exist there); everything it decides is in :mod:`adapter`, which is tested.
Build the deployable folder with ``python -m labs_worker.deploy.cloudflare.bundle``.
"""

import importlib

from js import Object  # type: ignore[import-not-found]
from pyodide.ffi import to_js  # type: ignore[import-not-found]
from workers import Response, WorkerEntrypoint  # type: ignore[import-not-found]

try:
    asgi = importlib.import_module("workers.asgi")
except ImportError:  # older runtimes ship it as a top-level module
    asgi = importlib.import_module("asgi")

from labs_worker.deploy.cloudflare.adapter import AppCache, edge_allows, rate_limited_response

_apps = AppCache()


def _to_js(value: dict[str, str]) -> object:
    return to_js(value, dict_converter=Object.fromEntries)


class Default(WorkerEntrypoint):  # type: ignore[misc]
    """The Worker: edge rate limit for chats, then the ASGI app."""

    async def fetch(self, request: object) -> object:
        """Serve one request; secrets come from this request's ``self.env``."""
        headers = request.headers  # type: ignore[attr-defined]
        if request.method == "POST":  # type: ignore[attr-defined]
            client_ip = headers.get("cf-connecting-ip") or "unknown"
            if not await edge_allows(self.env, client_ip, convert=_to_js):
                status, extra, body = rate_limited_response(self.env, headers.get("origin"))
                return Response(body, status=status, headers=extra)
        return await asgi.fetch(_apps.app_for(self.env), request, self.env)
