"""The worker's endpoints: plain ``async def`` functions in :data:`routes`.

Expected failures raise :class:`~labs_worker.errors.ApiError`; the handler in
:mod:`labs_worker.app` turns them into ``{"error": {"code", "message"}}``.
"""

from __future__ import annotations

import ipaddress
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from functools import partial
from typing import TYPE_CHECKING, cast

import anyio
import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from labs_worker.context import WorkerContext, conversation_key
from labs_worker.credential_request import grade_request, parse_credential_request
from labs_worker.errors import ApiError
from labs_worker.limits import Refusal
from labs_worker.openapi import openapi_document
from labs_worker.providers import (
    Conversation,
    Message,
    StreamEvent,
    UpstreamError,
    Usage,
    estimate_prompt_tokens,
)
from labs_worker.relay import EventStreamResponse, ReplyRelay
from labs_worker.settings import Settings
from labs_worker.signing import TurnSigner
from labs_worker.validation import parse_chat_request

if TYPE_CHECKING:  # PyJWT and SQLAlchemy are imported only when credentials are on
    from labs_worker.issuer import CredentialIssuer

__all__ = ["client_address", "routes"]

logger = logging.getLogger("labs_worker")

#: Seconds a limits-store call may take (Redis; memory is instant).
STORE_TIMEOUT = 5.0


def _worker(request: Request) -> WorkerContext:
    return cast(WorkerContext, request.app.state.worker)


async def healthz(request: Request) -> Response:
    """Liveness: the worker is up, and which provider answers."""
    return JSONResponse({"status": "ok", "provider": _worker(request).settings.provider})


async def list_labs(request: Request) -> Response:
    """The labs, with their opening messages, and which provider answers."""
    worker = _worker(request)
    labs = [persona.summary() for persona in worker.personas.values()]
    return JSONResponse({"labs": labs, "provider": worker.settings.provider})


async def openapi(request: Request) -> Response:
    """The OpenAPI document for this worker."""
    worker = _worker(request)
    return JSONResponse(openapi_document(worker.settings, worker.personas))


async def chat(request: Request) -> Response:
    """Stream the lab peer's next reply to ``{"messages": [...]}`` as SSE."""
    worker = _worker(request)
    lab_id = request.path_params["lab_id"]
    persona = worker.personas.get(lab_id)
    if persona is None:
        known = ", ".join(sorted(worker.personas))
        raise ApiError(404, "unknown_lab", f"There is no lab {lab_id!r}; the labs are {known}.")
    settings = worker.settings
    body = await _read_body(request, settings.max_body_bytes, settings.body_timeout)
    messages = parse_chat_request(body, settings)
    if worker.signer is not None:
        worker.signer.verify(lab_id, messages, persona.opening_message)
    client = client_address(request, settings)
    first_words = next(m.content for m in messages if m.role == "user")
    async with _store_guard(worker):
        await worker.admit(client, conversation_key(lab_id, client, first_words))

    conversation = Conversation(persona, messages, settings.max_reply_tokens)
    prompt_tokens = estimate_prompt_tokens(persona.instructions(), messages)
    reservation = None
    if worker.provider.metered:
        async with _store_guard(worker):
            outcome = await worker.budget.reserve(
                client, prompt_tokens + settings.max_reply_tokens
            )
        if isinstance(outcome, Refusal):
            raise _budget_spent(worker, outcome)
        reservation = outcome
    started = time.monotonic()
    settled = False

    async def on_finish(usage: Usage, outcome: str) -> None:
        nonlocal settled
        if settled:
            return
        settled = True
        logger.info(
            "chat lab=%s provider=%s outcome=%s input_tokens=%d output_tokens=%d ms=%d",
            lab_id,
            worker.provider.name,
            outcome,
            usage.input_tokens,
            usage.output_tokens,
            (time.monotonic() - started) * 1000,
        )
        if reservation is not None:
            with anyio.fail_after(STORE_TIMEOUT):
                await worker.budget.settle(reservation, usage.input_tokens + usage.output_tokens)

    try:
        return await _relay(request, worker, lab_id, conversation, prompt_tokens, on_finish)
    except BaseException:
        # Whatever went wrong before the stream took over, nothing stays reserved.
        with anyio.CancelScope(shield=True):
            try:
                await on_finish(Usage(0, 0, estimated=True), "failed")
            except Exception as exc:
                logger.error("could not release a reservation: %s",
                             worker.redact(f"{type(exc).__name__}: {exc}"))
        raise


def _issuer(worker: WorkerContext) -> CredentialIssuer:
    if worker.issuer is None:
        raise ApiError(
            503, "credentials_off",
            "This labs worker doesn't issue certificates: its instructor hasn't set a "
            "signing key (see the instructors' guide).",
        )
    return worker.issuer


async def issue_credential(request: Request) -> Response:
    """Grade a Module Test's answers and, when they pass, issue a signed credential."""
    worker = _worker(request)
    issuer = _issuer(worker)
    settings = worker.settings
    body = await _read_body(request, settings.max_body_bytes, settings.body_timeout)
    wanted = parse_credential_request(body)
    client = client_address(request, settings)
    async with _store_guard(worker):
        await worker.admit_credential(client)
    graded = grade_request(wanted, issuer.content)
    result = graded.result
    if not result.passed:
        raise ApiError(
            422, "not_passed",
            f"The worker graded your answers: {result.score} of {result.total} are right, and "
            f"{result.needed} of {result.total} are needed to pass. Nothing was issued; try "
            "the test again.",
            extra={"score": result.score, "total": result.total, "needed": result.needed},
        )
    async with _roster_guard(worker):
        issued = await anyio.to_thread.run_sync(partial(
            issuer.issue, wanted, graded, issuer_id=issuer.issuer_id(str(request.base_url)),
            client_group=client, now=worker.clock.now(),
        ))
    logger.info("credential issued id=%s score=%d/%d", issued.id, issued.score, issued.total)
    return JSONResponse(
        {"credential": issued.token, "id": issued.id, "score": issued.score,
         "total": issued.total, "passed": True},
        status_code=201, headers={"Cache-Control": "no-store"},
    )


async def credential_keys(request: Request) -> Response:
    """The public JWKS credentials are verified against (no keys when none is set)."""
    issuer = _worker(request).issuer
    jwks = issuer.key.jwks() if issuer is not None else {"keys": []}
    return JSONResponse(jwks, headers={"Cache-Control": "public, max-age=300"})


async def credential_status(request: Request) -> Response:
    """The revocation status list: a signed BitstringStatusListCredential (VC-JWT)."""
    worker = _worker(request)
    issuer = _issuer(worker)
    async with _roster_guard(worker):
        token = await anyio.to_thread.run_sync(
            issuer.status_list, issuer.issuer_id(str(request.base_url)), worker.clock.now()
        )
    # no-cache: a revocation must show at the next check, not after a cache's lifetime.
    return Response(token, media_type="application/vc+jwt",
                    headers={"Cache-Control": "no-cache"})


@asynccontextmanager
async def _roster_guard(worker: WorkerContext) -> AsyncIterator[None]:
    """A roster that can't be reached is a 503 (nothing issued), not a 500."""
    try:
        yield
    except ApiError:
        raise
    except Exception as exc:
        logger.error("the credentials roster failed: %s",
                     worker.redact(f"{type(exc).__name__}: {exc}"))
        raise ApiError(
            503, "roster_unavailable",
            "The worker can't reach its list of certificates right now, so it issued none. "
            "Try again in a minute.",
            headers={"Retry-After": "30"},
        ) from None


@asynccontextmanager
async def _store_guard(worker: WorkerContext) -> AsyncIterator[None]:
    """Fail closed when the limits can't be checked: a 503, never a free pass."""
    try:
        with anyio.fail_after(STORE_TIMEOUT):
            yield
    except ApiError:
        raise
    except Exception as exc:
        logger.error("the limits store failed: %s", worker.redact(f"{type(exc).__name__}: {exc}"))
        raise ApiError(
            503,
            "limits_unavailable",
            "The AI peer can't check its limits right now. Try again in a minute; "
            "the offline practice peer works meanwhile.",
            headers={"Retry-After": "30"},
        ) from None


async def _relay(
    request: Request,
    worker: WorkerContext,
    lab_id: str,
    conversation: Conversation,
    prompt_tokens: int,
    on_finish: Callable[[Usage, str], Awaitable[None]],
) -> Response:
    """Start the provider's reply; the stream (or the error) the client gets."""
    settings = worker.settings
    http_client = cast(httpx.AsyncClient, request.state.http_client)
    sign = None
    if worker.signer is not None:
        sign = partial(_sign_reply, worker.signer, lab_id, conversation.messages)
    relay = ReplyRelay(
        stream=worker.provider.stream_reply(http_client, conversation),
        max_chars=settings.max_reply_chars,
        stall_timeout=settings.stall_timeout,
        total_timeout=settings.total_timeout,
        prompt_tokens=prompt_tokens,
        max_tokens=settings.max_reply_tokens,
        on_finish=on_finish,
        redact=worker.redact,
        # The practice peer holds no answers; an LLM holds them in its prompt.
        guard=worker.spoiler_guards.get(lab_id) if worker.provider.metered else None,
        sign=sign,
    )
    try:
        still_here, first = await _first_event(request, relay)
    except UpstreamError as exc:
        headers = {"Retry-After": exc.retry_after} if exc.retry_after else None
        raise ApiError(exc.status_code, exc.code, exc.message, headers=headers) from None
    if not still_here:
        await relay.close()
        return Response(status_code=499)  # nobody is listening any more
    return EventStreamResponse(relay.events(first), close=relay.close)


def _sign_reply(signer: TurnSigner, lab_id: str, messages: tuple[Message, ...], reply: str) -> str:
    return signer.sign(lab_id, (*messages, Message("assistant", reply)))


async def _first_event(request: Request, relay: ReplyRelay) -> tuple[bool, StreamEvent | None]:
    """The provider's first event — unless the client leaves first: ``(False, None)``.

    A model can take seconds to start answering; a learner who closes the
    tab meanwhile must not leave the provider call running.
    """
    outcome: list[StreamEvent | UpstreamError | None] = []
    async with anyio.create_task_group() as group:

        async def cancel_on_disconnect() -> None:
            while (await request.receive())["type"] != "http.disconnect":
                pass
            group.cancel_scope.cancel()

        group.start_soon(cancel_on_disconnect)
        try:
            outcome.append(await relay.start())
        except UpstreamError as exc:
            # Raised outside the task group, which would wrap it in an ExceptionGroup.
            outcome.append(exc)
        group.cancel_scope.cancel()
    if not outcome:
        return False, None
    if isinstance(outcome[0], UpstreamError):
        raise outcome[0]
    return True, outcome[0]


def _budget_spent(worker: WorkerContext, refusal: Refusal) -> ApiError:
    headers = {"Retry-After": str(worker.budget.seconds_until_reset())}
    if refusal.reason == "share":
        return ApiError(
            429,
            "client_budget_spent",
            "You've used your share of the AI peer for today — it resets at midnight UTC. "
            "You can keep going with the offline practice peer in the meantime.",
            headers=headers,
        )
    return ApiError(
        503,
        "budget_spent",
        "The AI peer's budget is spent for today — it resets at midnight UTC. "
        "You can keep going with the offline practice peer in the meantime.",
        headers=headers,
    )


async def _read_body(request: Request, limit: int, timeout: float) -> bytes:
    """The request body, refused with a 413 past ``limit`` bytes, a 408 past ``timeout`` s."""
    too_large = ApiError(
        413,
        "body_too_large",
        f"The request is larger than {limit} bytes. Shorten the conversation or start over.",
    )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    try:
        with anyio.fail_after(timeout):
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise too_large
                chunks.append(chunk)
    except TimeoutError:
        raise ApiError(
            408,
            "body_timeout",
            f"The request took more than {timeout:g} seconds to arrive. Check your connection "
            "and send it again.",
            headers={"Connection": "close"},
        ) from None
    return b"".join(chunks)


def client_address(request: Request, settings: Settings) -> str:
    """Who the limits count this request against: an IPv4 address or an IPv6 /64.

    ``LABS_CLIENT_IP_HEADER`` is read only when the socket peer is one of
    ``LABS_TRUSTED_PROXIES``. Each proxy appends the address it saw, so the
    header is read from the right, past our own proxies, to the first address
    none of them vouches for; with ``*``, only its last entry is taken.
    """
    peer = request.client.host if request.client else ""
    trusted = settings.trusted_proxies
    client = _ip(peer)
    if settings.client_ip_header and client is not None and _trusts(trusted, client):
        hops = [hop.strip() for hop in request.headers.get(settings.client_ip_header, "")
                .split(",")]
        for hop in reversed(hops if "*" not in trusted else hops[-1:]):
            address = _ip(hop)
            if address is None:
                break  # garbage: count it against the proxy that sent it
            client = address
            if not _trusts(trusted, address):
                break
    if client is None:
        return peer or "unknown"
    return _group(client)


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _ip(text: str) -> IPAddress | None:
    """An address from ``1.2.3.4``, ``1.2.3.4:80``, ``2001:db8::1`` or ``[2001:db8::1]:80``."""
    text = text.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _trusts(trusted: tuple[str, ...], address: IPAddress) -> bool:
    if "*" in trusted:
        return True
    return any(address in ipaddress.ip_network(entry, strict=False) for entry in trusted)


def _group(address: IPAddress) -> str:
    """IPv4 as it is; IPv6 by its /64, the block one subscriber usually holds."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


routes: list[BaseRoute] = [
    Route("/healthz", healthz, methods=["GET"]),
    Route("/v1/labs", list_labs, methods=["GET"]),
    Route("/v1/labs/{lab_id}/chat", chat, methods=["POST"]),
    Route("/v1/credentials", issue_credential, methods=["POST"]),
    Route("/v1/credentials/jwks.json", credential_keys, methods=["GET"]),
    Route("/v1/credentials/status", credential_status, methods=["GET"]),
    Route("/v1/openapi.json", openapi, methods=["GET"]),
]
