"""In-memory guard rails: token-bucket rate limits and the daily token budget.

They hold for one process. Every check-and-take below is synchronous, so
within one event loop concurrent requests cannot both pass a check that only
one of them should (no ``await`` between the check and the take). Across
processes or Cloudflare isolates they do not hold: see the deploy notes in
``labs_worker/README.md``.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Protocol

__all__ = ["Clock", "DailyBudget", "RateLimiter", "Reservation", "SystemClock"]


class Clock(Protocol):
    """Where the limits get the time; tests pass a fake they can advance."""

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


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """One token bucket per key: up to ``per_minute`` requests, refilled steadily.

    At most ``max_keys`` buckets are kept; when full, idle (refilled) buckets
    are dropped first, then the oldest, so a flood of new keys cannot grow
    memory without bound.
    """

    def __init__(self, per_minute: int, clock: Clock, *, max_keys: int = 10_000) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.clock = clock
        self.max_keys = max_keys
        self._buckets: dict[str, _Bucket] = {}

    def wait(self, key: str) -> float:
        """Seconds until ``key`` may make a request (0 when it may now)."""
        bucket = self._refilled(key)
        return 0.0 if bucket.tokens >= 1 else (1 - bucket.tokens) / self.rate

    def take(self, key: str) -> None:
        """Spend one request for ``key`` (call after :meth:`wait` returned 0)."""
        bucket = self._refilled(key)
        bucket.tokens -= 1
        self._buckets[key] = bucket

    def _refilled(self, key: str) -> _Bucket:
        now = self.clock.monotonic()
        bucket = self._buckets.get(key)
        if bucket is None:
            self._make_room()
            return _Bucket(self.capacity, now)
        bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now
        return bucket

    def _make_room(self) -> None:
        if len(self._buckets) < self.max_keys:
            return
        now = self.clock.monotonic()
        for key, bucket in list(self._buckets.items()):
            if bucket.tokens + (now - bucket.updated) * self.rate >= self.capacity:
                del self._buckets[key]
        while len(self._buckets) >= self.max_keys:
            del self._buckets[next(iter(self._buckets))]


@dataclass(frozen=True)
class Reservation:
    """Tokens set aside for one reply until it is settled."""

    tokens: int
    day: date


class DailyBudget:
    """Tokens the provider may spend per UTC day.

    A request reserves its worst case (prompt estimate + ``max_tokens``)
    before the provider is called and settles the real figure afterwards, so
    many concurrent requests cannot overspend between check and spend.
    """

    def __init__(self, limit: int, clock: Clock) -> None:
        self.limit = limit
        self.clock = clock
        self._day = clock.now().date()
        self._used = 0
        self._reserved = 0

    @property
    def used(self) -> int:
        """Tokens spent today (settled replies only)."""
        self._roll_over()
        return self._used

    @property
    def reserved(self) -> int:
        """Tokens set aside for replies still under way."""
        self._roll_over()
        return self._reserved

    def reserve(self, tokens: int) -> Reservation | None:
        """Set ``tokens`` aside, or return ``None`` when the budget can't cover them."""
        self._roll_over()
        if self._used + self._reserved + tokens > self.limit:
            return None
        self._reserved += tokens
        return Reservation(tokens, self._day)

    def settle(self, reservation: Reservation, spent: int) -> None:
        """Release ``reservation`` and count what the reply really ``spent``."""
        self._roll_over()
        if reservation.day == self._day:
            self._reserved -= reservation.tokens
        self._used += spent

    def seconds_until_reset(self) -> int:
        """Seconds until the next UTC midnight."""
        now = self.clock.now()
        midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), UTC)
        return max(1, math.ceil((midnight - now).total_seconds()))

    def _roll_over(self) -> None:
        today = self.clock.now().date()
        if today != self._day:
            self._day, self._used, self._reserved = today, 0, 0
