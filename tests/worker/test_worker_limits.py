"""Rate limits and the daily budget: unit behaviour, through the API, and under concurrency."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import httpx
import pytest
from starlette.testclient import TestClient
from worker_helpers import (
    FakeClock,
    ScriptedStream,
    openai_chunks,
    openai_settings,
    practice_settings,
    sse_events,
    sse_upstream,
    streaming,
    user,
)

from labs_worker.app import create_app
from labs_worker.limits import DailyBudget, RateLimiter
from labs_worker.providers import estimate_tokens
from labs_worker.testing import serve_in_thread
from quiz_engine.content.persona import load_personas

CHAT = "/v1/labs/lab-1/chat"


def test_a_bucket_allows_a_burst_then_refills_steadily() -> None:
    """`per_minute` requests at once, then one more every 60/per_minute seconds."""
    clock = FakeClock()
    limiter = RateLimiter(6, clock)
    for _ in range(6):
        assert limiter.wait("ip") == 0
        limiter.take("ip")
    assert limiter.wait("ip") == pytest.approx(10.0)
    assert limiter.wait("other") == 0
    clock.advance(10)
    assert limiter.wait("ip") == 0


def test_idle_buckets_are_dropped_when_keys_run_out() -> None:
    """A flood of new clients can't grow memory without bound."""
    clock = FakeClock()
    limiter = RateLimiter(2, clock, max_keys=3)
    for key in "abcdef":
        limiter.take(key)
    assert len(limiter._buckets) <= 3
    assert limiter.wait("f") == 0  # the newest client keeps its bucket


def test_the_budget_reserves_settles_and_resets_at_utc_midnight() -> None:
    """Reservations hold the worst case; settling keeps what was really spent."""
    clock = FakeClock(start=datetime(2026, 3, 1, 23, 59, 0, tzinfo=UTC))
    budget = DailyBudget(1_000, clock)
    first = budget.reserve(600)
    assert first is not None
    assert budget.reserve(600) is None
    budget.settle(first, 150)
    assert budget.used == 150
    assert budget.reserve(600) is not None
    assert budget.seconds_until_reset() == 60
    clock.advance(61)
    assert budget.used == 0
    assert budget.reserve(1_000) is not None


def test_per_client_limit_answers_429_with_retry_after() -> None:
    """Past the per-client rate the learner is told how long to wait."""
    clock = FakeClock()
    app = create_app(practice_settings(client_rpm=3), clock=clock)
    with TestClient(app) as client:
        for n in range(3):
            assert client.post(CHAT, json=user(f"idea {n}")).status_code == 200
        limited = client.post(CHAT, json=user("idea 4"))
        assert limited.status_code == 429
        assert limited.headers["retry-after"] == "20"
        assert limited.json()["error"]["code"] == "rate_limited"
        assert "Wait 20 seconds" in limited.json()["error"]["message"]
        clock.advance(20)
        assert client.post(CHAT, json=user("idea 5")).status_code == 200


def test_clients_are_told_apart_by_the_configured_header() -> None:
    """Behind a proxy, each forwarded address gets its own bucket."""
    app = create_app(practice_settings(client_rpm=1, client_ip_header="x-forwarded-for"),
                     clock=FakeClock())
    with TestClient(app) as client:
        def post(ip: str) -> int:
            headers = {"X-Forwarded-For": f"10.9.9.9, {ip}"}
            return client.post(CHAT, json=user(f"hi from {ip}"), headers=headers).status_code

        assert [post("1.1.1.1"), post("2.2.2.2"), post("1.1.1.1")] == [200, 200, 429]


def test_per_conversation_limit_leaves_other_conversations_alone() -> None:
    """One runaway conversation is slowed without blocking the learner's other labs."""
    app = create_app(practice_settings(conversation_rpm=2), clock=FakeClock())
    with TestClient(app) as client:
        first = [client.post(CHAT, json=user("same start", *["more"] * n)).status_code
                 for n in range(3)]
        assert first == [200, 200, 429]
        assert client.post(CHAT, json=user("another start")).status_code == 200
        assert client.post("/v1/labs/lab-2/chat", json=user("same start")).status_code == 200


def test_a_refused_request_spends_no_other_limit() -> None:
    """Limits are checked together, so a 429 from one doesn't drain the others."""
    clock = FakeClock()
    app = create_app(practice_settings(client_rpm=3, conversation_rpm=1), clock=clock)
    with TestClient(app) as client:
        assert client.post(CHAT, json=user("a")).status_code == 200
        assert client.post(CHAT, json=user("a", "b")).status_code == 429  # conversation
        assert client.post(CHAT, json=user("x")).status_code == 200
        assert client.post(CHAT, json=user("y")).status_code == 200  # client bucket had 3


def reservation_for(content: str, max_reply_tokens: int) -> int:
    prompt = load_personas()["lab-1"].instructions() + content
    return estimate_tokens(prompt) + max_reply_tokens


def test_a_spent_budget_answers_503_until_midnight() -> None:
    """After the day's tokens are gone, learners read a plain 'budget spent for today'."""
    clock = FakeClock()
    one = reservation_for("hello", 100)
    settings = openai_settings(max_reply_tokens=100, daily_token_budget=one + 10)
    app = create_app(settings, transport=sse_upstream("ok?", usage=(one, 0)).transport(),
                     clock=clock)
    with TestClient(app) as client:
        assert client.post(CHAT, json=user("hello")).status_code == 200
        spent = client.post(CHAT, json=user("hello"))
        assert spent.status_code == 503
        assert spent.json()["error"]["code"] == "budget_spent"
        assert "budget is spent for today" in spent.json()["error"]["message"]
        assert int(spent.headers["retry-after"]) == 12 * 3600
        clock.advance(12 * 3600)
        assert client.post(CHAT, json=user("hello")).status_code == 200


def test_the_practice_peer_costs_nothing() -> None:
    """The offline peer is not metered, so an empty budget doesn't stop it."""
    with TestClient(create_app(practice_settings(daily_token_budget=1))) as client:
        assert client.post(CHAT, json=user("hello")).status_code == 200
        assert client.post(CHAT, json=user("hello again")).status_code == 200


def slow_upstream(delay: float) -> httpx.MockTransport:
    async def handler(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(delay)
        return streaming(ScriptedStream(openai_chunks("fine?", usage=(40, 7))))

    return httpx.MockTransport(handler)


async def fire(url: str, bodies: list[dict[str, object]]) -> list[httpx.Response]:
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        return await asyncio.gather(*(client.post(CHAT, json=body) for body in bodies))


def test_rate_limit_holds_under_concurrent_requests() -> None:
    """30 simultaneous requests from one client: exactly the burst gets through."""
    app = create_app(openai_settings(client_rpm=10), transport=slow_upstream(0.2))
    with serve_in_thread(app) as url:
        responses = asyncio.run(fire(url, [user(f"question {n}") for n in range(30)]))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] * 10 + [429] * 20


def test_budget_holds_under_concurrent_requests() -> None:
    """Concurrent replies can't overspend: each reserves its worst case up front."""
    per_request = reservation_for("question 10", 200)
    settings = openai_settings(max_reply_tokens=200, daily_token_budget=5 * per_request + 3)
    app = create_app(settings, transport=slow_upstream(0.3))
    with serve_in_thread(app) as url:
        responses = asyncio.run(fire(url, [user(f"question {n}") for n in range(10, 30)]))
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [200] * 5 + [503] * 15
        assert all(sse_events(r.text)[-1]["type"] == "done" for r in responses
                   if r.status_code == 200)
        # Settled at the 47 tokens really used, so the day's budget has room again.
        again = asyncio.run(fire(url, [user("question 99")]))
        assert again[0].status_code == 200
    assert app.state.worker.budget.used == 6 * 47
