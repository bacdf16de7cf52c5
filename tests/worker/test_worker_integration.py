"""The worker against real fake providers over HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient
from worker_helpers import SECRET, reply_text, sse_events, user

from labs_worker.app import create_app
from labs_worker.settings import Settings
from labs_worker.testing import FAKE_REPLY, create_fake_upstream, serve_in_thread

CHAT = "/v1/labs/lab-2/chat"
PROVIDERS = ["openai", "anthropic"]
# The stall timeout wherever a test needs the provider's answer to arrive
# before it: long enough for a process starved of CPU (the unit tests run at
# the lowest priority beside the e2e tests) to relay one piece. Only a test
# whose expected outcome is the timeout sets a short one.
FIRST_TEXT_BOUND = 3.0


@pytest.fixture(scope="module")
def fake() -> Iterator[tuple[str, Starlette]]:
    """One fake provider (both dialects) for the module."""
    app = create_fake_upstream()
    with serve_in_thread(app) as url:
        yield url, app


def worker_settings(fake: tuple[str, Starlette], provider: str, model: str,
                    **overrides: Any) -> Settings:
    url = fake[0]
    base = f"{url}/v1" if provider == "openai" else url
    values: dict[str, Any] = {"provider": provider, "model": model, "base_url": base,
                              "api_key": SECRET, "stall_timeout": FIRST_TEXT_BOUND}
    return Settings(**(values | overrides))


def ask(settings: Settings) -> httpx.Response:
    with TestClient(create_app(settings)) as client:
        return client.post(CHAT, json=user("Kaggle dataset, 12,000 photos, 4 classes."))


def wait_for(condition: Any, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)
    return bool(condition())


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_streamed_reply_arrives_whole(fake: tuple[str, Starlette], provider: str) -> None:
    """Many chunks, relayed in order, with the provider's usage."""
    response = ask(worker_settings(fake, provider, "ok:chunks=24"))
    events = sse_events(response.text)
    words = FAKE_REPLY.split(" ")
    assert reply_text(events) == " ".join(words[n % len(words)] for n in range(24))
    assert events[-1]["type"] == "done"
    assert events[-1]["usage"]["estimated"] is False
    received = fake[1].state.received[-1]
    assert received["dialect"] == provider
    assert received["body"]["model"] == "ok:chunks=24"


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    ("model", "status", "code"),
    [("429", 503, "upstream_busy"), ("500", 502, "upstream_error"),
     ("401", 502, "upstream_auth"), ("stall-head", 504, "upstream_timeout")],
)
def test_upstream_failures_before_the_reply_are_json(
    fake: tuple[str, Starlette], provider: str, model: str, status: int, code: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """429, 500, a refused key and a silent provider each get a clean JSON error."""
    caplog.set_level(logging.DEBUG)
    # A silent provider must hit the timeout; the others must answer before it.
    stall = {"stall_timeout": 0.5} if model == "stall-head" else {}
    response = ask(worker_settings(fake, provider, model, **stall))
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    if model == "429":
        assert response.headers["retry-after"] == "7"
    assert SECRET not in response.text
    assert SECRET not in caplog.text


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    ("model", "code"),
    [("stall", "upstream_timeout"), ("broken", "upstream_broken"),
     ("garbage", "upstream_broken")],
)
def test_upstream_failures_mid_reply_are_error_events(
    fake: tuple[str, Starlette], provider: str, model: str, code: str
) -> None:
    """A stall, a dropped connection or garbage after the first text end the stream cleanly."""
    response = ask(worker_settings(fake, provider, model))
    assert response.status_code == 200
    events = sse_events(response.text)
    assert events[0]["type"] == "delta"
    assert events[-1] == {"type": "error", "code": code, "message": events[-1]["message"]}


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_stall_releases_the_upstream_connection(
    fake: tuple[str, Starlette], provider: str
) -> None:
    """After the stall timeout the worker hangs up on the provider."""
    before = fake[1].state.abandoned
    ask(worker_settings(fake, provider, "stall"))
    assert wait_for(lambda: fake[1].state.abandoned > before)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_an_endless_reply_is_cut_at_the_cap(fake: tuple[str, Starlette], provider: str) -> None:
    """A provider that never stops is cut off and hung up on."""
    before = fake[1].state.abandoned
    events = sse_events(ask(worker_settings(fake, provider, "endless", max_reply_tokens=40)).text)
    assert len(reply_text(events)) == 240
    assert events[-1]["finish_reason"] == "length"
    assert wait_for(lambda: fake[1].state.abandoned > before)


def test_a_browser_that_leaves_cancels_the_provider_call(fake: tuple[str, Starlette]) -> None:
    """Worker and provider both over real HTTP: the learner's disconnect reaches upstream."""
    settings = worker_settings(fake, "openai", "stall", stall_timeout=60)
    before = fake[1].state.abandoned
    with serve_in_thread(create_app(settings)) as url, httpx.Client(base_url=url) as client:
        with client.stream("POST", CHAT, json=user("Kaggle data, 500 rows.")) as response:
            lines = response.iter_lines()
            assert json.loads(next(lines)[6:])["type"] == "delta"
            time.sleep(0.2)
            assert fake[1].state.abandoned == before
        assert wait_for(lambda: fake[1].state.abandoned > before)
