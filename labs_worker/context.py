"""What the endpoints share: settings, personas, the provider and the limits."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from labs_worker.errors import ApiError
from labs_worker.limits import Budget, Clock, RateLimits
from labs_worker.providers import Provider
from labs_worker.redaction import Redactor
from labs_worker.settings import Settings
from labs_worker.signing import TurnSigner
from labs_worker.spoilers import SpoilerGuard
from labs_worker.store import Limits, open_limits
from quiz_engine.content.persona import Persona

if TYPE_CHECKING:  # PyJWT and SQLAlchemy are imported only when credentials are on
    from labs_worker.issuer import CredentialIssuer

__all__ = ["WorkerContext", "conversation_key"]


@dataclass(frozen=True)
class WorkerContext:
    """Built once by ``create_app``; kept on ``app.state.worker``."""

    settings: Settings
    personas: Mapping[str, Persona]
    provider: Provider
    clock: Clock
    limits: Limits
    redactor: Redactor
    #: Signs and checks the peer's turns; ``None`` without ``LABS_SIGNING_SECRET``.
    signer: TurnSigner | None
    #: Per lab: what keeps its scenario answers out of an LLM's replies.
    spoiler_guards: Mapping[str, SpoilerGuard | None]
    #: Issues completion credentials; ``None`` without a credential key.
    issuer: CredentialIssuer | None = None

    @classmethod
    def build(
        cls,
        settings: Settings,
        personas: Mapping[str, Persona],
        provider: Provider,
        clock: Clock,
        redactor: Redactor,
        issuer: CredentialIssuer | None = None,
    ) -> WorkerContext:
        """Fresh limits for ``settings``."""
        return cls(
            settings=settings,
            redactor=redactor,
            personas=personas,
            provider=provider,
            clock=clock,
            limits=open_limits(settings, clock),
            signer=TurnSigner(settings.signing_secret) if settings.signing_secret else None,
            spoiler_guards={lab: SpoilerGuard.for_persona(p) for lab, p in personas.items()},
            issuer=issuer,
        )

    @property
    def rate(self) -> RateLimits:
        """The rate limits."""
        return self.limits.rate

    @property
    def budget(self) -> Budget:
        """The daily token budget."""
        return self.limits.budget

    def redact(self, text: str) -> str:
        """``text`` with the worker's secrets (and any 8+ character part of them) removed."""
        return self.redactor.redact(text)

    async def admit(self, client: str, conversation: str) -> None:
        """Take one request from every rate limit, or raise a 429 taking none."""
        _refuse_after(await self.rate.admit(client, conversation),
                      "You're sending messages faster than the lab allows.")

    async def admit_credential(self, client: str) -> None:
        """Take one credential request from the rate limits, or raise a 429."""
        _refuse_after(await self.rate.admit_credential(client),
                      "You've asked for certificates faster than the worker allows.")


def _refuse_after(wait: float, what: str) -> None:
    """A 429 saying how long to wait, when ``wait`` is more than 0."""
    if wait > 0:
        seconds = max(1, math.ceil(wait))
        raise ApiError(
            429,
            "rate_limited",
            f"{what} Wait {seconds} seconds and try again.",
            headers={"Retry-After": str(seconds)},
        )


def conversation_key(lab_id: str, client: str, first_message: str) -> str:
    """A stable id for one conversation: same lab, client and opening words."""
    text = f"{lab_id}\0{client}\0{first_message}"
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return digest[:24]
