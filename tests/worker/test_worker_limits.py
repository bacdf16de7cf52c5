"""Rate limits and the daily budget: unit behaviour, through the API, and under concurrency."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime

import httpx
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from limits.aio.storage import MemoryStorage
from starlette.testclient import TestClient
from worker_helpers import (
    FakeClock,
    ScriptedStream,
    Upstream,
    budget_state,
    openai_chunks,
    openai_settings,
    practice_settings,
    sse_events,
    sse_upstream,
    streaming,
    user,
)

from labs_worker.app import create_app
from labs_worker.limits import (
    BudgetState,
    MemoryBudget,
    RateLimits,
    Refusal,
    Reservation,
    client_share,
)
from labs_worker.providers import Message, estimate_prompt_tokens, estimate_tokens
from labs_worker.testing import ReplyGate, serve_in_thread
from quiz_engine.content.persona import load_personas

CHAT = "/v1/labs/lab-1/chat"


def test_a_moving_window_allows_n_a_minute_then_says_how_long_to_wait() -> None:
    """`per_minute` requests, then a wait of at most a minute; other keys are unaffected."""

    async def scenario() -> tuple[list[float], float]:
        limits = RateLimits(MemoryStorage(), client_rpm=6, conversation_rpm=100, global_rpm=100)
        waits = [await limits.admit("ip", f"c{n}") for n in range(7)]
        return waits, await limits.admit("other ip", "c9")

    waits, other = asyncio.run(scenario())
    assert waits[:6] == [0.0] * 6
    assert 1 <= waits[6] <= 60
    assert other == 0.0


def test_the_budget_reserves_settles_and_resets_at_utc_midnight() -> None:
    """Reservations hold the worst case; settling keeps what was really spent."""
    clock = FakeClock(start=datetime(2026, 3, 1, 23, 59, 0, tzinfo=UTC))
    budget = MemoryBudget(1_000, 1_000, clock)

    async def scenario() -> None:
        first = await budget.reserve("a", 600)
        assert isinstance(first, Reservation)
        assert await budget.reserve("b", 600) == Refusal("budget")
        await budget.settle(first, 150)
        assert await budget.state() == BudgetState(150, 0)
        assert isinstance(await budget.reserve("b", 600), Reservation)
        assert budget.seconds_until_reset() == 60
        clock.advance(61)
        assert await budget.state() == BudgetState(0, 0)
        assert isinstance(await budget.reserve("b", 1_000), Reservation)

    asyncio.run(scenario())


def test_each_client_gets_only_its_share_of_the_day() -> None:
    """Past its share a client is refused while others still have the rest of the day."""
    budget = MemoryBudget(10_000, client_share(10_000, 5), FakeClock())

    async def scenario() -> None:
        assert budget.client_limit == 500
        held = await budget.reserve("a", 300)
        assert isinstance(held, Reservation)
        assert await budget.reserve("a", 300) == Refusal("share")
        await budget.settle(held, 100)
        assert isinstance(await budget.reserve("a", 300), Reservation)  # 100 + 300 <= 500
        assert await budget.reserve("a", 200) == Refusal("share")
        assert isinstance(await budget.reserve("b", 500), Reservation)
        assert await budget.state("a") == BudgetState(100, 300)

    asyncio.run(scenario())


def test_per_client_limit_answers_429_with_retry_after() -> None:
    """Past the per-client rate the learner is told how long to wait."""
    app = create_app(practice_settings(client_rpm=3))
    with TestClient(app) as client:
        for n in range(3):
            assert client.post(CHAT, json=user(f"idea {n}")).status_code == 200
        limited = client.post(CHAT, json=user("idea 4"))
        assert limited.status_code == 429
        seconds = int(limited.headers["retry-after"])
        assert 1 <= seconds <= 60
        assert limited.json()["error"]["code"] == "rate_limited"
        assert f"Wait {seconds} seconds" in limited.json()["error"]["message"]


def test_clients_are_told_apart_by_the_configured_header() -> None:
    """Behind a proxy, each forwarded address gets its own bucket."""
    app = create_app(practice_settings(client_rpm=1, client_ip_header="x-forwarded-for",
                                       trusted_proxies=("127.0.0.1",)))
    with TestClient(app, client=("127.0.0.1", 5000)) as client:
        def post(ip: str) -> int:
            headers = {"X-Forwarded-For": f"10.9.9.9, {ip}"}
            return client.post(CHAT, json=user(f"hi from {ip}"), headers=headers).status_code

        assert [post("1.1.1.1"), post("2.2.2.2"), post("1.1.1.1")] == [200, 200, 429]


def test_per_conversation_limit_leaves_other_conversations_alone() -> None:
    """One runaway conversation is slowed without blocking the learner's other labs."""
    app = create_app(practice_settings(conversation_rpm=2))
    with TestClient(app) as client:
        first = [client.post(CHAT, json=user("same start", *["more"] * n)).status_code
                 for n in range(3)]
        assert first == [200, 200, 429]
        assert client.post(CHAT, json=user("another start")).status_code == 200
        assert client.post("/v1/labs/lab-2/chat", json=user("same start")).status_code == 200


def test_a_refused_request_spends_no_other_limit() -> None:
    """Limits are checked together, so a 429 from one doesn't drain the others."""
    app = create_app(practice_settings(client_rpm=3, conversation_rpm=1))
    with TestClient(app) as client:
        assert client.post(CHAT, json=user("a")).status_code == 200
        assert client.post(CHAT, json=user("a", "b")).status_code == 429  # conversation
        assert client.post(CHAT, json=user("x")).status_code == 200
        assert client.post(CHAT, json=user("y")).status_code == 200  # client bucket had 3


def reservation_for(content: str, max_reply_tokens: int) -> int:
    instructions = load_personas()["lab-1"].instructions()
    return estimate_prompt_tokens(instructions, (Message("user", content),)) + max_reply_tokens


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


async def fire(url: str, bodies: list[dict[str, object]],
               gate: ReplyGate | None = None) -> list[httpx.Response]:
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        async def post(body: dict[str, object]) -> httpx.Response:
            response = await client.post(CHAT, json=body)
            if gate is not None:
                gate.answered()
            return response

        return await asyncio.gather(*(post(body) for body in bodies))


def held_upstream(gate: ReplyGate) -> httpx.MockTransport:
    """An upstream whose every reply waits at ``gate``."""
    async def handler(request: httpx.Request) -> httpx.Response:
        gate.reached()
        await gate.wait()
        return streaming(ScriptedStream(openai_chunks("fine?", usage=(40, 7))))

    return httpx.MockTransport(handler)


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
    gate = ReplyGate(total=20)
    app = create_app(settings, transport=held_upstream(gate))
    with serve_in_thread(app) as url:
        responses = asyncio.run(fire(url, [user(f"question {n}") for n in range(10, 30)],
                                     gate))
        assert not gate.timed_out, "the upstream opened on its timeout, not on its count"
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [200] * 5 + [503] * 15
        assert all(sse_events(r.text)[-1]["type"] == "done" for r in responses
                   if r.status_code == 200)
        # Settled at the 47 tokens really used, so the day's budget has room again.
        again = asyncio.run(fire(url, [user("question 99")]))
        assert again[0].status_code == 200
    assert budget_state(app) == (6 * 47, 0)


@hypothesis_settings(deadline=None)  # nothing here is about time: a busy machine must not fail it
@given(st.text(max_size=200))
def test_the_token_estimate_is_never_below_one_token_per_character(text: str) -> None:
    """One token per UTF-8 byte: never fewer than the code points, whatever the script."""
    assert estimate_tokens(text) >= len(text)
    assert estimate_tokens(text) == len(text.encode("utf-8", "surrogatepass"))


def per_character_upstream(reply: str) -> Upstream:
    """A provider that counts one token per character, as some do for CJK text."""

    def respond(request: httpx.Request) -> httpx.Response:
        sent = json.loads(request.content)["messages"]
        prompt = sum(len(m["content"]) for m in sent)
        return streaming(ScriptedStream(openai_chunks(reply, usage=(prompt, len(reply)))))

    return Upstream(respond)


def test_cjk_prompts_cannot_overspend_the_budget() -> None:
    """With a provider counting a token per character, the day's spend stays within budget."""
    question = "这个模型的准确率是多少\uff1f我们应该用什么指标来评估它的表现\uff1f" * 20
    one = reservation_for(question, 100)
    settings = openai_settings(max_reply_tokens=100, daily_token_budget=4 * one)
    upstream = per_character_upstream("你用什么数据集\uff1f" * 12)
    app = create_app(settings, transport=upstream.transport())
    with TestClient(app) as client:
        statuses = [client.post(CHAT, json=user(question)).status_code for _ in range(30)]
    used, reserved = budget_state(app)
    assert reserved == 0
    assert 200 in statuses and 503 in statuses
    assert used <= settings.daily_token_budget


@pytest.mark.parametrize(
    "usage",
    [(-100_000, -5), (10**12, 5), (5, 10**9), (0, 7), (40, 0)],
    ids=["negative", "absurd prompt", "absurd reply", "zero prompt", "zero reply with text"],
)
def test_nonsense_usage_falls_back_to_the_estimate(usage: tuple[int, int]) -> None:
    """Negative or impossible figures don't lower (or blow up) what the day has used."""
    app = create_app(openai_settings(), transport=sse_upstream("What data?", usage=usage)
                     .transport())
    with TestClient(app) as client:
        done = sse_events(client.post(CHAT, json=user("hello")).text)[-1]
    assert done["usage"]["estimated"] is True
    assert done["usage"]["output_tokens"] == len(b"What data?")
    assert done["usage"]["input_tokens"] == reservation_for("hello", 0)
    assert budget_state(app) == (done["usage"]["input_tokens"] + 10, 0)


def test_sensible_usage_is_trusted() -> None:
    """Figures within what the request could cost are counted as reported."""
    app = create_app(openai_settings(), transport=sse_upstream("Ok?", usage=(300, 2))
                     .transport())
    with TestClient(app) as client:
        done = sse_events(client.post(CHAT, json=user("hello")).text)[-1]
    assert done["usage"] == {"input_tokens": 300, "output_tokens": 2, "estimated": False}
    assert budget_state(app) == (302, 0)


def test_a_client_past_its_share_gets_a_429_until_midnight() -> None:
    """The per-client share: a plain message and Retry-After, while others carry on."""
    one = reservation_for("hello", 100)
    settings = openai_settings(max_reply_tokens=100, daily_token_budget=100 * one,
                               client_budget_percent=2.5)  # room for two replies
    app = create_app(settings, transport=sse_upstream("ok?", usage=(one - 100, 100))
                     .transport(), clock=FakeClock())
    with TestClient(app) as client:
        statuses = [client.post(CHAT, json=user("hello")).status_code for _ in range(3)]
        refused = client.post(CHAT, json=user("hello"))
    assert statuses == [200, 200, 429]
    assert refused.json()["error"]["code"] == "client_budget_spent"
    assert "your share" in refused.json()["error"]["message"]
    assert int(refused.headers["retry-after"]) == 12 * 3600
    assert budget_state(app, "testclient") == (2 * one, 0)
