"""What the endpoints share: settings, personas, the provider and the limits."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass

from labs_worker.errors import ApiError
from labs_worker.limits import Clock, DailyBudget, RateLimiter
from labs_worker.personas import Persona
from labs_worker.providers import Provider
from labs_worker.redaction import Redactor
from labs_worker.settings import Settings

__all__ = ["WorkerContext", "conversation_key"]


@dataclass(frozen=True)
class WorkerContext:
    """Built once by ``create_app``; kept on ``app.state.worker``."""

    settings: Settings
    personas: Mapping[str, Persona]
    provider: Provider
    clock: Clock
    per_client: RateLimiter
    per_conversation: RateLimiter
    overall: RateLimiter
    budget: DailyBudget
    redactor: Redactor

    @classmethod
    def build(
        cls,
        settings: Settings,
        personas: Mapping[str, Persona],
        provider: Provider,
        clock: Clock,
        redactor: Redactor,
    ) -> WorkerContext:
        """Fresh limits for ``settings``."""
        return cls(
            settings=settings,
            redactor=redactor,
            personas=personas,
            provider=provider,
            clock=clock,
            per_client=RateLimiter(settings.client_rpm, clock),
            per_conversation=RateLimiter(settings.conversation_rpm, clock),
            overall=RateLimiter(settings.global_rpm, clock),
            budget=DailyBudget(settings.daily_token_budget, clock),
        )

    def redact(self, text: str) -> str:
        """``text`` with the worker's secrets (and any 8+ character part of them) removed."""
        return self.redactor.redact(text)

    def admit(self, client: str, conversation: str) -> None:
        """Take one request from every rate limit, or raise a 429 taking none."""
        checks = (
            (self.per_client, client),
            (self.per_conversation, conversation),
            (self.overall, "all"),
        )
        wait = max(limiter.wait(key) for limiter, key in checks)
        if wait > 0:
            seconds = max(1, math.ceil(wait))
            raise ApiError(
                429,
                "rate_limited",
                f"You're sending messages faster than the lab allows. Wait {seconds} seconds "
                "and try again.",
                headers={"Retry-After": str(seconds)},
            )
        for limiter, key in checks:
            limiter.take(key)


def conversation_key(lab_id: str, client: str, first_message: str) -> str:
    """A stable id for one conversation: same lab, client and opening words."""
    text = f"{lab_id}\0{client}\0{first_message}"
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return digest[:24]
