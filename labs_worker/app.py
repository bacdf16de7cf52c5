"""The ASGI application factory.

``create_app(settings)`` reads nothing from the environment: whoever calls it
decides where settings come from (``python -m labs_worker`` reads
``os.environ``; the Cloudflare entry reads the per-request ``env``). Tests
pass ``transport`` (an ``httpx.MockTransport``) to stand in for the provider,
and ``clock`` to drive the rate limits and the budget.
"""

from __future__ import annotations

import logging
import os
import traceback
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

import httpx
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from labs_worker.context import WorkerContext
from labs_worker.errors import ApiError
from labs_worker.gate import RequestGate
from labs_worker.limits import Clock, SystemClock
from labs_worker.providers import make_provider
from labs_worker.redaction import Redactor, install_log_redaction
from labs_worker.routes import routes
from labs_worker.settings import Settings
from quiz_engine.content.persona import load_personas
from quiz_engine.core.errors import CourseError

if TYPE_CHECKING:
    from labs_worker.issuer import CredentialIssuer

__all__ = ["app_from_environ", "cors_headers", "create_app"]

logger = logging.getLogger("labs_worker")

_GENERIC = {
    404: ("not_found", "There is no such endpoint; see /v1/openapi.json."),
    405: ("method_not_allowed", "That method isn't allowed on this endpoint."),
}


def create_app(
    settings: Settings,
    transport: httpx.AsyncBaseTransport | None = None,
    *,
    clock: Clock | None = None,
) -> Starlette:
    """Build the labs worker for ``settings``.

    Persona files are loaded and validated here, so a bad one stops the
    worker before it serves anything, and the log redaction learns the
    settings' secrets before anything is logged. With a credential key, the
    key, the test and quiz files and the roster are read here too.
    """
    personas = load_personas(settings.personas_dir or None)
    issuer = _credential_issuer(settings)
    secrets = settings.secrets() + (issuer.secrets() if issuer else ())
    install_log_redaction(*secrets)
    redactor = Redactor(secrets)
    provider = make_provider(settings, redactor.redact)
    worker = WorkerContext.build(settings, personas, provider, clock or SystemClock(), redactor,
                                 issuer)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
        timeout = httpx.Timeout(
            connect=settings.connect_timeout,
            read=settings.stall_timeout,
            write=settings.stall_timeout,
            pool=settings.connect_timeout,
        )
        # Enough connections for every concurrent stream the limits allow.
        limits = httpx.Limits(max_connections=1000, max_keepalive_connections=20)
        async with httpx.AsyncClient(transport=transport, timeout=timeout, limits=limits) as client:
            logger.info(
                "labs worker ready: provider=%s model=%s labs=%s origins=%s",
                settings.provider,
                settings.model or "-",
                ",".join(personas),
                ",".join(settings.allowed_origins),
            )
            try:
                yield {"http_client": client}
            finally:
                await worker.limits.aclose()
                if issuer is not None:
                    issuer.close()

    async def http_error(request: Request, exc: Exception) -> Response:
        if not isinstance(exc, HTTPException):  # pragma: no cover - registered for it only
            raise exc
        extra: dict[str, Any] = {}
        if isinstance(exc, ApiError):
            code, message, extra = exc.code, exc.detail, exc.extra
        else:
            fallback = ("invalid_request", exc.detail) if exc.status_code < 500 else (
                "internal_error",
                "Something went wrong in the worker.",
            )
            code, message = _GENERIC.get(exc.status_code, fallback)
        return JSONResponse(
            {"error": {"code": code, "message": message, **extra}},
            status_code=exc.status_code,
            headers=exc.headers,
        )

    async def server_error(request: Request, exc: Exception) -> Response:
        text = "".join(traceback.format_exception(exc))
        logger.error("unexpected error on %s %s\n%s", request.method, request.url.path,
                     worker.redact(text))
        # Starlette answers a 500 outside the CORS middleware, so its headers are
        # added here: without them the browser sees a network error, not this.
        return JSONResponse(
            {"error": {"code": "internal_error", "message": "Something went wrong in the worker. "
                       "Try again; if it keeps happening, tell your instructor."}},
            status_code=500,
            headers=cors_headers(settings, request.headers.get("origin")),
        )

    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.allowed_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Content-Type"],
                expose_headers=["Retry-After"],
                max_age=600,
            ),
            Middleware(RequestGate, settings=settings),
        ],
        exception_handlers={HTTPException: http_error, Exception: server_error},
        lifespan=lifespan,
    )
    app.state.worker = worker
    return app


def _credential_issuer(settings: Settings) -> CredentialIssuer | None:
    """The issuer of completion credentials, when a key is set (its packages imported only then)."""
    if not settings.credentials_on:
        return None
    try:
        from labs_worker.issuer import CredentialIssuer
    except ImportError as error:
        raise CourseError(
            f"completion credentials need packages this host does not have ({error.name})",
            key="LABS_CREDENTIAL_KEY",
            fix="install the worker with its credentials extra (pip install "
            "'quiz-engine[worker]'), or leave the key unset where they can't run (Cloudflare "
            "Workers)",
        ) from None
    if not settings.public_url:
        # The Host header then names the issuer: fine on a laptop, not on the internet.
        logger.warning("LABS_PUBLIC_URL is not set: credentials name as their issuer the URL "
                       "each request was sent to; set it to the worker's public address")
    return CredentialIssuer.from_settings(settings)


def cors_headers(settings: Settings, origin: str | None) -> dict[str, str]:
    """The CORS headers an error answered outside the CORS middleware needs."""
    allowed = settings.allowed_origins
    if not origin or not (origin in allowed or "*" in allowed):
        return {}
    return {
        "Access-Control-Allow-Origin": "*" if allowed == ("*",) else origin,
        "Access-Control-Expose-Headers": "Retry-After",
        "Vary": "Origin",
    }


def app_from_environ(env: Mapping[str, str] | None = None) -> Starlette:
    """``create_app`` with settings from ``LABS_*`` variables, read when called.

    For ASGI servers that take a factory: ``uvicorn --factory
    labs_worker.app:app_from_environ`` or ``gunicorn -k
    uvicorn.workers.UvicornWorker 'labs_worker.app:app_from_environ()'``.
    """
    return create_app(Settings.from_env(os.environ if env is None else env))
