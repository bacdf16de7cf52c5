"""Limits shared through a real redis-server: units, one app, and several worker processes."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from limits.aio.storage import RedisStorage
from redis.asyncio import Redis
from starlette.applications import Starlette
from starlette.testclient import TestClient
from worker_helpers import FakeClock, openai_settings, sse_events, sse_upstream, user

from labs_worker.app import create_app
from labs_worker.limits import BudgetState, RateLimits, Refusal, Reservation
from labs_worker.providers import Message, estimate_prompt_tokens
from labs_worker.store import RedisBudget
from labs_worker.testing import ReplyGate, create_fake_upstream, serve_in_thread
from quiz_engine.content.persona import load_personas

ROOT = Path(__file__).parents[2]
CHAT = "/v1/labs/lab-1/chat"
QUESTION = "Which metric should I report for an imbalanced dataset?"


def prefix() -> str:
    return f"test-{uuid.uuid4().hex[:8]}:"


def budget(url: str, key_prefix: str, **options: Any) -> RedisBudget:
    values: dict[str, Any] = {"limit": 1_000, "client_limit": 1_000, "clock": FakeClock(),
                              "prefix": key_prefix, "hold_seconds": 600}
    return RedisBudget(Redis.from_url(url), **(values | options))


def test_the_redis_budget_reserves_settles_and_keeps_shares(redis_url: str) -> None:
    """The same rules as in memory: the day's limit, each client's share, settling."""

    async def scenario() -> None:
        shared = budget(redis_url, prefix(), client_limit=500)
        try:
            held = await shared.reserve("a", 400)
            assert isinstance(held, Reservation)
            assert await shared.reserve("a", 200) == Refusal("share")
            other = await shared.reserve("b", 500)
            assert isinstance(other, Reservation)
            assert await shared.reserve("c", 200) == Refusal("budget")
            await shared.settle(held, 50)
            assert await shared.state() == BudgetState(50, 500)
            assert await shared.state("a") == BudgetState(50, 0)
            await shared.settle(other, 10)
            assert await shared.state() == BudgetState(60, 0)
        finally:
            await shared.aclose()

    asyncio.run(scenario())


def test_budget_keys_expire_and_dead_holders_release_their_reservation(redis_url: str) -> None:
    """Nothing stays in Redis for ever, and a crashed process can't hold tokens all day."""

    async def scenario() -> None:
        key_prefix = prefix()
        # Redis counts the hold in whole seconds, so a 2 s hold lasts at least 1 s:
        # long enough for the second reservation below to find the first one there.
        shared = budget(redis_url, key_prefix, hold_seconds=2)
        try:
            assert isinstance(await shared.reserve("a", 900), Reservation)  # never settled
            assert await shared.reserve("b", 900) == Refusal("budget")
            keys = [key async for key in shared.redis.scan_iter(f"{key_prefix}*")]
            assert len(keys) == 2
            for key in keys:
                ttl = await shared.redis.ttl(key)
                assert 0 < ttl <= 13 * 3600  # the fake clock is at noon: midnight + 1 h
            await asyncio.sleep(3.1)
            assert await shared.state() == BudgetState(0, 0)
            assert isinstance(await shared.reserve("b", 900), Reservation)
        finally:
            await shared.aclose()

    asyncio.run(scenario())


def test_rate_limits_in_redis_count_across_instances_and_expire(redis_url: str) -> None:
    """Two RateLimits on one Redis (two processes, in effect) share each window."""

    async def scenario() -> None:
        key_prefix = prefix()

        def limiter() -> RateLimits:
            storage = RedisStorage("async+" + redis_url, implementation="redispy",
                                   key_prefix=key_prefix + "rate")
            return RateLimits(storage, client_rpm=4, conversation_rpm=100, global_rpm=100)

        first, second = limiter(), limiter()
        waits = [await (first if n % 2 else second).admit("ip", f"c{n}") for n in range(6)]
        assert waits[:4] == [0.0] * 4
        assert all(1 <= wait <= 60 for wait in waits[4:])
        redis = Redis.from_url(redis_url)
        keys = [key async for key in redis.scan_iter(f"{key_prefix}*")]
        assert keys
        ttls = [await redis.ttl(key) for key in keys]
        assert all(0 < ttl <= 60 for ttl in ttls)
        await redis.aclose()

    asyncio.run(scenario())


def test_one_app_on_redis_spends_and_refuses_like_in_memory(redis_url: str) -> None:
    """LABS_STORE=redis://…: the budget answers 503 once spent, through the API."""
    instructions = load_personas()["lab-1"].instructions()
    one = estimate_prompt_tokens(instructions, (Message("user", "hello"),)) + 100
    settings = openai_settings(store=redis_url, store_prefix=prefix(), max_reply_tokens=100,
                               daily_token_budget=one + 10)
    app = create_app(settings, transport=sse_upstream("ok?", usage=(one - 10, 5)).transport())
    with TestClient(app) as client:
        first = client.post(CHAT, json=user("hello"))
        assert sse_events(first.text)[-1]["type"] == "done"
        spent = client.post(CHAT, json=user("hello"))
        assert spent.status_code == 503
        assert spent.json()["error"]["code"] == "budget_spent"


def test_an_unreachable_store_fails_closed() -> None:
    """No Redis, no free pass: a 503 that says the limits can't be checked."""
    settings = openai_settings(store="redis://127.0.0.1:9/0")
    app = create_app(settings, transport=sse_upstream("never").transport())
    with TestClient(app) as client:
        response = client.post(CHAT, json=user("hello"), headers={"Origin": "http://127.0.0.1:8000"})
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "limits_unavailable"
    assert response.headers["access-control-allow-origin"] == "http://127.0.0.1:8000"


# --- several worker processes behind one Redis --------------------------------------------


@pytest.fixture(scope="module")
def upstream_app() -> Starlette:
    """The fake provider the module's workers call."""
    return create_fake_upstream()


@pytest.fixture(scope="module")
def upstream(upstream_app: Starlette) -> Iterator[str]:
    """The fake provider over real HTTP: its base URL."""
    with serve_in_thread(upstream_app) as url:
        yield f"{url}/v1"


@pytest.fixture
def gate(upstream_app: Starlette) -> Iterator[Callable[[int], ReplyGate]]:
    """Holds the upstream's replies for the test: ``gate(total)`` sets one up."""
    def hold(total: int) -> ReplyGate:
        upstream_app.state.gate = ReplyGate(total)
        return upstream_app.state.gate
    yield hold
    upstream_app.state.gate = None


@contextmanager
def workers(count: int, env: dict[str, str]) -> Iterator[list[str]]:
    """``count`` `python -m labs_worker` processes with ``env``; yields their URLs."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("LABS_")}
    processes = [subprocess.Popen(
        [sys.executable, "-m", "labs_worker", "--port", "0", "--log-level", "warning"],
        cwd=ROOT, env=base | env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    ) for _ in range(count)]
    try:
        urls = []
        for process in processes:
            assert process.stdout is not None
            line = process.stdout.readline()
            if "listening on" not in line:
                process.kill()
                raise AssertionError(f"a worker did not start: {line}{process.communicate()[1]}")
            urls.append(line.rsplit(" ", 1)[1].strip())
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def worker_env(redis_url: str, upstream: str, **limits: int | float | str) -> dict[str, str]:
    env = {
        "LABS_PROVIDER": "openai", "LABS_MODEL": "ok:chunks=4",
        "LABS_BASE_URL": upstream, "LABS_API_KEY": "sk-multi-process-test-key",
        "LABS_STORE": redis_url, "LABS_STORE_PREFIX": prefix(),
        "LABS_CLIENT_IP_HEADER": "x-forwarded-for", "LABS_TRUSTED_PROXIES": "127.0.0.1",
        "LABS_CLIENT_RPM": "1000", "LABS_CONVERSATION_RPM": "1000", "LABS_GLOBAL_RPM": "1000",
        "LABS_CLIENT_BUDGET_PERCENT": "100", "LABS_MAX_REPLY_TOKENS": "100",
        "LABS_DAILY_TOKEN_BUDGET": "10000000",
    }
    return env | {f"LABS_{name.upper()}": str(value) for name, value in limits.items()}


def storm(urls: list[str], clients: int, each: int,
          gate: ReplyGate | None = None) -> dict[str, Counter[int | str]]:
    """``clients`` x ``each`` simultaneous chats, spread over every worker: answers per client.

    An answer is its status, or for a refusal its error code (a 503 from a
    spent budget is not one from an unreachable store). With ``gate`` (set on
    the upstream app), the upstream holds every reply until each request is
    accounted for.
    """

    async def one(http: httpx.AsyncClient, url: str, ip: str) -> tuple[str, int | str]:
        response = await http.post(f"{url}{CHAT}", json=user(QUESTION),
                                   headers={"X-Forwarded-For": ip})
        if gate is not None:
            gate.answered()
        if response.status_code == 200:
            assert sse_events(response.text)[-1]["type"] == "done"
            return ip, 200
        return ip, response.json()["error"]["code"]

    async def run() -> list[tuple[str, int]]:
        async with httpx.AsyncClient(timeout=60) as http:
            jobs = [one(http, urls[n % len(urls)], f"203.0.113.{n % clients + 1}")
                    for n in range(clients * each)]
            return await asyncio.gather(*jobs)

    counts: dict[str, Counter[int | str]] = {}
    for ip, answer in asyncio.run(run()):
        counts.setdefault(ip, Counter())[answer] += 1
    assert gate is None or not gate.timed_out, "the upstream opened on its timeout, not its count"
    return counts


def reservation() -> int:
    instructions = load_personas()["lab-1"].instructions()
    return estimate_prompt_tokens(instructions, (Message("user", QUESTION),)) + 100


def test_processes_share_the_global_rate_limit(redis_url: str, upstream: str) -> None:
    """3 processes, 40 simultaneous requests, LABS_GLOBAL_RPM=10: exactly 10 get through."""
    with workers(3, worker_env(redis_url, upstream, global_rpm=10)) as urls:
        counts = storm(urls, clients=8, each=5)
    total = sum(counts.values(), Counter())
    assert total == Counter({200: 10, "rate_limited": 30})


def test_processes_share_the_per_client_rate_limit(redis_url: str, upstream: str) -> None:
    """Each of 4 clients sends 10 requests spread over 3 processes: exactly 3 each get in."""
    with workers(3, worker_env(redis_url, upstream, client_rpm=3)) as urls:
        counts = storm(urls, clients=4, each=10)
    assert {ip: dict(c) for ip, c in counts.items()} == {
        f"203.0.113.{n}": {200: 3, "rate_limited": 7} for n in range(1, 5)}


def test_processes_share_the_daily_budget(
    redis_url: str, upstream: str, gate: Callable[[int], ReplyGate]
) -> None:
    """A budget for 6 worst-case replies: exactly 6 of 30 simultaneous requests are served."""
    env = worker_env(redis_url, upstream, daily_token_budget=6 * reservation() + 5)
    with workers(2, env) as urls:
        counts = storm(urls, clients=10, each=3, gate=gate(30))
    assert sum(counts.values(), Counter()) == Counter({200: 6, "budget_spent": 24})


def test_processes_share_each_clients_share(
    redis_url: str, upstream: str, gate: Callable[[int], ReplyGate]
) -> None:
    """Each client's share holds 2 replies: 3 clients x 6 requests over 2 processes → 2 each."""
    day = 100 * reservation()
    percent = 2 * reservation() / day * 100 + 0.001
    env = worker_env(redis_url, upstream, daily_token_budget=day, client_budget_percent=percent)
    with workers(2, env) as urls:
        counts = storm(urls, clients=3, each=6, gate=gate(18))
    assert {ip: dict(c) for ip, c in counts.items()} == {
        f"203.0.113.{n}": {200: 2, "client_budget_spent": 4} for n in range(1, 4)}


