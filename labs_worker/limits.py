"""The guard rails that count: rate limits and the daily token budget.

Rate limits are moving windows from the ``limits`` library (at most N
requests in any 60 seconds, per client, per conversation and for the whole
worker), kept in its memory storage or, with ``LABS_STORE=redis://…``, in
Redis, where every check-and-take is one atomic script shared by all the
worker's processes.

The budget is counted in tokens per UTC day. A request reserves its worst
case before the provider is called and settles what it really cost
afterwards, so concurrent requests cannot overspend; each client may use at
most its share of the day (``LABS_CLIENT_BUDGET_PERCENT``). :class:`MemoryBudget`
holds for one process; :class:`labs_worker.store.RedisBudget` does the same
in Redis.
"""

from __future__ import annotations

import math
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Protocol

from limits import RateLimitItem, RateLimitItemPerMinute
from limits.aio.storage import Storage
from limits.aio.strategies import MovingWindowRateLimiter

__all__ = [
    "Budget",
    "BudgetState",
    "Clock",
    "MemoryBudget",
    "RateLimits",
    "Refusal",
    "Reservation",
    "SystemClock",
    "client_share",
    "seconds_until_midnight",
]


class Clock(Protocol):
    """Where the budget gets the time; tests pass a fake they can advance."""

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back."""
        ...

    def now(self) -> datetime:
        """The current UTC time (the budget's day is the UTC day)."""
        ...


class SystemClock:
    """The real clocks."""

    def monotonic(self) -> float:
        """``time.monotonic()``."""
        return time.monotonic()

    def now(self) -> datetime:
        """``datetime.now(UTC)``."""
        return datetime.now(UTC)


def seconds_until_midnight(now: datetime) -> int:
    """Whole seconds (at least 1) from ``now`` to the next UTC midnight."""
    midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), UTC)
    return max(1, math.ceil((midnight - now).total_seconds()))


class RateLimits:
    """Per-client, per-conversation and worker-wide requests per minute."""

    def __init__(
        self, storage: Storage, *, client_rpm: int, conversation_rpm: int, global_rpm: int,
        credential_rpm: int = 4,
    ) -> None:
        self.storage = storage
        self.strategy = MovingWindowRateLimiter(storage)
        self.client = RateLimitItemPerMinute(client_rpm, namespace="labs")
        self.conversation = RateLimitItemPerMinute(conversation_rpm, namespace="labs")
        self.overall = RateLimitItemPerMinute(global_rpm, namespace="labs")
        self.credential = RateLimitItemPerMinute(credential_rpm, namespace="labs")

    async def admit(self, client: str, conversation: str) -> float:
        """Take one request from every limit: 0, or the seconds to wait when one says no.

        All three are tested before any is taken, so a request refused by one
        spends none of the others (barring a race between the test and the
        take, where it may spend one; each take itself is atomic, so no limit
        is ever exceeded).
        """
        return await self._take([
            (self.client, ("client", client)),
            (self.conversation, ("conversation", conversation)),
            (self.overall, ("all",)),
        ])

    async def admit_credential(self, client: str) -> float:
        """Take one credential request from the client's and the worker-wide limits."""
        return await self._take([
            (self.credential, ("credential", client)),
            (self.overall, ("all",)),
        ])

    async def _take(self, checks: list[tuple[RateLimitItem, tuple[str, ...]]]) -> float:
        for item, ids in checks:
            if not await self.strategy.test(item, *ids):
                return await self._wait(item, ids)
        for item, ids in checks:
            if not await self.strategy.hit(item, *ids):
                return await self._wait(item, ids)
        return 0.0

    async def _wait(self, item: RateLimitItem, ids: tuple[str, ...]) -> float:
        stats = await self.strategy.get_window_stats(item, *ids)
        return max(1.0, stats.reset_time - time.time())


@dataclass(frozen=True)
class Reservation:
    """Tokens set aside for one reply until it is settled."""

    tokens: int
    day: date
    client: str
    id: str = field(default_factory=lambda: uuid.uuid4().hex)


@dataclass(frozen=True)
class Refusal:
    """Why a reservation was refused: ``"budget"`` (the day's) or ``"share"`` (the client's)."""

    reason: str


@dataclass(frozen=True)
class BudgetState:
    """Today's figures, in tokens."""

    used: int
    reserved: int


class Budget(Protocol):
    """A daily token budget with a per-client share."""

    limit: int
    client_limit: int

    async def reserve(self, client: str, tokens: int) -> Reservation | Refusal:
        """Set ``tokens`` aside for ``client``, or say why not."""
        ...

    async def settle(self, reservation: Reservation, spent: int) -> None:
        """Release ``reservation`` and count what the reply really ``spent``."""
        ...

    async def state(self, client: str | None = None) -> BudgetState:
        """Today's figures for the whole worker, or for one ``client``."""
        ...

    def seconds_until_reset(self) -> int:
        """Seconds until the next UTC midnight."""
        ...

    async def aclose(self) -> None:
        """Let go of any connection."""
        ...


def client_share(limit: int, percent: float) -> int:
    """The tokens one client may use in a day: ``percent`` of ``limit``, at least 1."""
    return max(1, math.floor(limit * percent / 100))


@dataclass
class _Ledger:
    used: int = 0
    reserved: int = 0


class MemoryBudget:
    """The budget in this process's memory (one ledger for the day, one per client)."""

    def __init__(self, limit: int, client_limit: int, clock: Clock) -> None:
        self.limit = limit
        self.client_limit = client_limit
        self.clock = clock
        self._day = clock.now().date()
        self._total = _Ledger()
        self._clients: dict[str, _Ledger] = {}

    async def reserve(self, client: str, tokens: int) -> Reservation | Refusal:
        """Set ``tokens`` aside when both the day and the client's share can cover them."""
        # No await between the checks and the update: atomic within one event loop.
        self._roll_over()
        mine = self._clients.setdefault(client, _Ledger())
        if self._total.used + self._total.reserved + tokens > self.limit:
            return Refusal("budget")
        if mine.used + mine.reserved + tokens > self.client_limit:
            return Refusal("share")
        self._total.reserved += tokens
        mine.reserved += tokens
        return Reservation(tokens, self._day, client)

    async def settle(self, reservation: Reservation, spent: int) -> None:
        """Release ``reservation`` and count ``spent`` today.

        A reply that ran past midnight releases nothing (yesterday's ledger is
        gone) but still counts what it spent, on the day it ended.
        """
        self._roll_over()
        mine = self._clients.setdefault(reservation.client, _Ledger())
        for ledger in (self._total, mine):
            if reservation.day == self._day:
                ledger.reserved -= reservation.tokens
            ledger.used += spent

    async def state(self, client: str | None = None) -> BudgetState:
        """Today's used and reserved tokens."""
        self._roll_over()
        ledger = self._total if client is None else self._clients.get(client, _Ledger())
        return BudgetState(ledger.used, ledger.reserved)

    def seconds_until_reset(self) -> int:
        """Seconds until the next UTC midnight."""
        return seconds_until_midnight(self.clock.now())

    async def aclose(self) -> None:
        """Nothing to close."""

    def _roll_over(self) -> None:
        today = self.clock.now().date()
        if today != self._day:
            self._day, self._total, self._clients = today, _Ledger(), {}
