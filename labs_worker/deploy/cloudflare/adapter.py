"""The Cloudflare entry's logic, kept free of the Workers runtime so it can be tested.

On Cloudflare, variables and secrets arrive with every request in ``env`` (a
JS object: one attribute per ``[vars]`` entry, secret and binding). The
adapter reads the ``LABS_*`` settings from it, builds the app once per
distinct configuration and reuses it while the isolate lives, so the
in-memory limits keep counting between requests.

Those in-memory limits hold per isolate only, and Cloudflare runs many. So
on Cloudflare the per-client limit also goes through the Workers Rate
Limiting binding ``LABS_RATE_LIMITER`` (see ``wrangler.toml``) when it is
bound; the daily budget stays per isolate (a KV counter would be shared but
only eventually consistent; a Durable Object would be exact). A Redis store
(``LABS_STORE``) can't be used from a Worker, so setting one is an error
rather than a silent fall-back to per-isolate limits.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from starlette.applications import Starlette

from labs_worker.app import create_app
from labs_worker.settings import Settings
from quiz_engine.core.errors import CourseError

__all__ = ["SETTING_NAMES", "AppCache", "edge_allows", "env_settings", "rate_limited_response"]

#: The ``LABS_*`` names the adapter copies out of ``env``.
SETTING_NAMES = tuple(str(f.metadata["env"]) for f in dataclasses.fields(Settings))
#: The Workers Rate Limiting binding, if the deployment defines one.
RATE_LIMIT_BINDING = "LABS_RATE_LIMITER"


def env_settings(env: Any) -> dict[str, str]:
    """The ``LABS_*`` values present on a Workers ``env`` (or a plain mapping)."""
    values: dict[str, str] = {}
    for name in SETTING_NAMES:
        value = env.get(name) if isinstance(env, Mapping) else getattr(env, name, None)
        if value is not None:
            values[name] = str(value)
    return values


class AppCache:
    """One app per distinct configuration, rebuilt only when ``env`` changes."""

    def __init__(self, factory: Callable[[Settings], Starlette] = create_app) -> None:
        self._factory = factory
        self._fingerprint = ""
        self._app: Starlette | None = None

    def app_for(self, env: Any) -> Starlette:
        """The app for this request's ``env``."""
        values = env_settings(env)
        # A digest, not the values, is kept: the key stays out of the cache key.
        fingerprint = hashlib.sha256(json.dumps(sorted(values.items())).encode()).hexdigest()
        if self._app is None or fingerprint != self._fingerprint:
            if values.get("LABS_STORE", "").strip():
                raise CourseError(
                    "a Redis store can't be reached from a Cloudflare Worker",
                    key="LABS_STORE",
                    fix="remove it from wrangler.toml; see labs_worker/README.md for what "
                    "holds on Cloudflare",
                )
            self._app = self._factory(Settings.from_env(values))
            self._fingerprint = fingerprint
        return self._app


async def edge_allows(
    env: Any, client_ip: str, *, convert: Callable[[dict[str, str]], Any] = lambda d: d
) -> bool:
    """Ask the Rate Limiting binding whether ``client_ip`` may go on (yes if unbound).

    ``convert`` turns the Python dict into the JS object ``limit()`` expects
    (``to_js`` on Cloudflare).
    """
    limiter = getattr(env, RATE_LIMIT_BINDING, None)
    if limiter is None:
        return True
    outcome = limiter.limit(convert({"key": client_ip}))
    if isinstance(outcome, Awaitable):
        outcome = await outcome
    success = outcome.get("success") if isinstance(outcome, Mapping) else outcome.success
    return bool(success)


def rate_limited_response(env: Any, origin: str | None) -> tuple[int, dict[str, str], str]:
    """Status, headers and body of the 429 the entry sends when the edge limit says no.

    The browser can only read it with CORS headers, so an allowed ``origin``
    is echoed back.
    """
    settings = Settings.from_env(env_settings(env))
    headers = {"Content-Type": "application/json", "Retry-After": "60"}
    if origin and (origin in settings.allowed_origins or "*" in settings.allowed_origins):
        headers |= {"Access-Control-Allow-Origin": origin, "Vary": "Origin",
                    "Access-Control-Expose-Headers": "Retry-After"}
    body = {
        "error": {
            "code": "rate_limited",
            "message": "You're sending messages faster than the lab allows. "
            "Wait a minute and try again.",
        }
    }
    return 429, headers, json.dumps(body)
