"""Where the limits live: this process's memory (the default) or a shared Redis.

``LABS_STORE=redis://host:6379/0`` puts the rate limits (``limits``' Redis
storage, driven by redis-py's asyncio client) and the daily budget
(:class:`RedisBudget`) in Redis, so every process and host that shares it
shares the limits. Keys start with ``LABS_STORE_PREFIX`` and expire on their
own: a rate-limit window after its minute, a budget day an hour after it ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from limits.aio.storage import MemoryStorage, RedisStorage, Storage

from labs_worker.limits import (
    Budget,
    BudgetState,
    Clock,
    MemoryBudget,
    RateLimits,
    Refusal,
    Reservation,
    client_share,
    seconds_until_midnight,
)
from labs_worker.settings import Settings

if TYPE_CHECKING:  # redis is imported only when a Redis store is configured
    from redis.asyncio import Redis

__all__ = ["Limits", "RedisBudget", "open_limits"]

#: Seconds a Redis call may take before the request is refused (fail closed).
REDIS_TIMEOUT = 2.0

# One reservation is one member of the day's "pending" sorted set, scored by
# the time after which its holder must have died (a reply never lasts that
# long); whoever reserves next releases it. Fields of the day's hash: "used",
# "reserved", and "c:<client>:used" / "c:<client>:reserved".
_RELEASE_STALE = """
local now = tonumber(redis.call('TIME')[1])
local stale = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
for _, member in ipairs(stale) do
  local tokens, client = string.match(member, '^[^|]*|(%d+)|(.*)$')
  redis.call('HINCRBY', KEYS[1], 'reserved', -tonumber(tokens))
  redis.call('HINCRBY', KEYS[1], 'c:' .. client .. ':reserved', -tonumber(tokens))
  redis.call('ZREM', KEYS[2], member)
end
"""

_RESERVE = _RELEASE_STALE + """
local tokens, limit, share, ttl = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]),
  tonumber(ARGV[4])
local client, member, hold = ARGV[5], ARGV[6], tonumber(ARGV[7])
local function get(name) return tonumber(redis.call('HGET', KEYS[1], name)) or 0 end
if get('used') + get('reserved') + tokens > limit then return 1 end
local mine = 'c:' .. client .. ':'
if get(mine .. 'used') + get(mine .. 'reserved') + tokens > share then return 2 end
redis.call('HINCRBY', KEYS[1], 'reserved', tokens)
redis.call('HINCRBY', KEYS[1], mine .. 'reserved', tokens)
redis.call('ZADD', KEYS[2], now + hold, member)
redis.call('EXPIRE', KEYS[1], ttl)
redis.call('EXPIRE', KEYS[2], ttl)
return 0
"""

# KEYS: the reservation's day hash and pending set, today's day hash.
_SETTLE = """
local tokens, spent, client, member, ttl = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3],
  ARGV[4], tonumber(ARGV[5])
local mine = 'c:' .. client .. ':'
if redis.call('ZREM', KEYS[2], member) == 1 then
  redis.call('HINCRBY', KEYS[1], 'reserved', -tokens)
  redis.call('HINCRBY', KEYS[1], mine .. 'reserved', -tokens)
end
redis.call('HINCRBY', KEYS[3], 'used', spent)
redis.call('HINCRBY', KEYS[3], mine .. 'used', spent)
redis.call('EXPIRE', KEYS[3], ttl)
return 0
"""


class RedisBudget:
    """The daily budget and the per-client shares in Redis, each change one Lua script.

    A reservation whose process died before settling it is released once its
    holding time (longer than any reply may take) has passed.
    """

    def __init__(
        self,
        redis: Redis,
        *,
        limit: int,
        client_limit: int,
        clock: Clock,
        prefix: str,
        hold_seconds: int,
    ) -> None:
        self.redis = redis
        self.limit = limit
        self.client_limit = client_limit
        self.clock = clock
        self.prefix = prefix
        self.hold_seconds = hold_seconds
        self._reserve = redis.register_script(_RESERVE)
        self._settle = redis.register_script(_SETTLE)
        self._release = redis.register_script(_RELEASE_STALE + "return 0")

    def _keys(self, day: date) -> list[str]:
        base = f"{self.prefix}budget:{day.isoformat()}"
        return [base, f"{base}:pending"]

    def _ttl(self) -> int:
        return seconds_until_midnight(self.clock.now()) + 3600

    async def reserve(self, client: str, tokens: int) -> Reservation | Refusal:
        """Set ``tokens`` aside when both the day and the client's share can cover them."""
        reservation = Reservation(tokens, self.clock.now().date(), client)
        member = f"{reservation.id}|{tokens}|{client}"
        outcome = await self._reserve(
            keys=self._keys(reservation.day),
            args=[tokens, self.limit, self.client_limit, self._ttl(), client, member,
                  self.hold_seconds],
        )
        if int(outcome) == 1:
            return Refusal("budget")
        if int(outcome) == 2:
            return Refusal("share")
        return reservation

    async def settle(self, reservation: Reservation, spent: int) -> None:
        """Release ``reservation`` (unless already released as stale) and count ``spent``."""
        member = f"{reservation.id}|{reservation.tokens}|{reservation.client}"
        today = self._keys(self.clock.now().date())[0]
        await self._settle(
            keys=[*self._keys(reservation.day), today],
            args=[reservation.tokens, spent, reservation.client, member, self._ttl()],
        )

    async def state(self, client: str | None = None) -> BudgetState:
        """Today's used and reserved tokens (stale reservations released first)."""
        keys = self._keys(self.clock.now().date())
        await self._release(keys=keys, args=[])
        mine = "" if client is None else f"c:{client}:"
        used, reserved = await self.redis.hmget(keys[0], [f"{mine}used", f"{mine}reserved"])
        return BudgetState(int(used or 0), int(reserved or 0))

    def seconds_until_reset(self) -> int:
        """Seconds until the next UTC midnight."""
        return seconds_until_midnight(self.clock.now())

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self.redis.aclose()


@dataclass(frozen=True)
class Limits:
    """The rate limits and the budget, from one store."""

    rate: RateLimits
    budget: Budget
    storage: Storage

    async def aclose(self) -> None:
        """Let go of the store's connections."""
        await self.budget.aclose()


def open_limits(settings: Settings, clock: Clock) -> Limits:
    """The limits for ``settings``, in the store ``LABS_STORE`` names.

    Nothing connects yet: Redis connections open on first use, in the
    event loop that serves requests.
    """
    share = client_share(settings.daily_token_budget, settings.client_budget_percent)
    storage: Storage
    budget: Budget
    if settings.store.startswith(("redis://", "rediss://", "unix://")):
        from redis.asyncio import Redis  # not needed (nor bundled) on Cloudflare

        options: dict[str, Any] = {
            "socket_timeout": REDIS_TIMEOUT,
            "socket_connect_timeout": REDIS_TIMEOUT,
        }
        storage = RedisStorage(
            "async+" + settings.store.replace("unix://", "redis+unix://", 1),
            implementation="redispy",
            key_prefix=f"{settings.store_prefix}rate",
            **options,
        )
        budget = RedisBudget(
            Redis.from_url(settings.store, **options),
            limit=settings.daily_token_budget,
            client_limit=share,
            clock=clock,
            prefix=settings.store_prefix,
            hold_seconds=int(settings.total_timeout * 2 + 60),
        )
    else:
        storage = MemoryStorage()
        budget = MemoryBudget(settings.daily_token_budget, share, clock)
    rate = RateLimits(
        storage,
        client_rpm=settings.client_rpm,
        conversation_rpm=settings.conversation_rpm,
        global_rpm=settings.global_rpm,
        credential_rpm=settings.credential_rpm,
    )
    return Limits(rate, budget, storage)
