"""A labs worker that answers with an error: the chat says so in words and stays online.

Each worker here is the real one, as a process, set up to fail one way: its
provider (a fake one, on loopback) failing before or during the reply, its
limits store unreachable, a conversation past its cap. Only a worker that
can't be reached at all sends the chat to offline practice mode.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from labs_worker.testing import create_fake_upstream, serve_in_thread
from tests.e2e.labs_pages import log_of, point_labs_at, send, stored_transcript
from tests.e2e.worker_process import run_labs_worker

StartWorker = Callable[[dict[str, str]], str]


def closed_port() -> int:
    """A loopback port nothing listens on (it was free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def start_worker(
    site_server: tuple[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[StartWorker]:
    """``start_worker(env)``: a real labs worker with these ``LABS_*`` settings, for the module."""
    origin = site_server[0].rstrip("/")
    with ExitStack() as stack:
        upstream = stack.enter_context(serve_in_thread(create_fake_upstream()))

        def start(env: dict[str, str]) -> str:
            if env.get("LABS_PROVIDER") == "openai":
                env = {"LABS_BASE_URL": f"{upstream}/v1", "LABS_API_KEY": "sk-e2e-fake", **env}
            log = tmp_path_factory.mktemp("worker") / "worker.log"
            return stack.enter_context(run_labs_worker(origin, log, env=env))

        yield start


def open_lab(page: Page, site_url: str, worker: str, mode: str) -> None:
    """Open Lab 1 talking to ``worker``, and wait until the chat knows who answers."""
    point_labs_at(page, worker)
    page.goto(f"{site_url}lesson-1/lab/")
    expect(page.locator("[data-course-lab]")).to_have_attribute("data-mode", mode)


def expect_error_kept_online(page: Page, text: str, mode: str, said: str) -> None:
    """The error is an alert in words, the learner's message is kept, nothing went offline."""
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(text)
    expect(page.get_by_role("button", name="Retry")).to_be_visible()
    expect(log_of(page).nth(1)).to_contain_text(said)
    expect(page.locator("[data-course-lab]")).to_have_attribute("data-mode", mode)
    expect(page.locator("[data-lab-announce]")).not_to_contain_text("offline")
    assert stored_transcript(page, "lab-1")["messages"][-1] == {"role": "user", "content": said}


def test_a_provider_error_is_shown_and_retry_asks_again(
    page: Page, site_url: str, start_worker: StartWorker
) -> None:
    """The provider fails (the worker's 502 upgrade of its 500): the chat says so, stays live."""
    worker = start_worker({"LABS_PROVIDER": "openai", "LABS_MODEL": "500"})
    open_lab(page, site_url, worker, "live")
    said = "I want to classify bird songs."
    send(page, said)
    expect_error_kept_online(page, "The AI model behind the labs server did not answer", "live", said)
    page.get_by_role("button", name="Retry").click()
    expect(page.get_by_role("alert")).to_have_count(1)  # asked again, refused again
    page.reload()
    expect(log_of(page).nth(1)).to_contain_text(said)
    expect(page.get_by_role("alert")).to_contain_text("did not arrive")


def test_a_stream_broken_mid_reply_is_shown(
    page: Page, site_url: str, start_worker: StartWorker
) -> None:
    """The provider drops the connection mid-reply: the worker's error event reaches the learner."""
    worker = start_worker({"LABS_PROVIDER": "openai", "LABS_MODEL": "broken"})
    open_lab(page, site_url, worker, "live")
    said = "A model that reads handwritten recipes."
    send(page, said)
    expect_error_kept_online(page, "The AI model behind the labs server did not answer", "live", said)


def test_limits_that_cannot_be_checked_read_as_busy(
    page: Page, site_url: str, start_worker: StartWorker
) -> None:
    """Its Redis unreachable, the worker fails closed (503): the chat says it is busy."""
    worker = start_worker({"LABS_STORE": f"redis://127.0.0.1:{closed_port()}/0"})
    open_lab(page, site_url, worker, "worker-practice")
    said = "Photos of my houseplants, to tell which need water."
    send(page, said)
    expect_error_kept_online(page, "The labs server is busy right now", "worker-practice", said)


def test_a_conversation_past_its_cap_is_told_to_start_over(
    page: Page, site_url: str, start_worker: StartWorker
) -> None:
    """The worker refuses a second message (422, cap of one): its length limit, in words."""
    worker = start_worker({"LABS_MAX_TURNS": "1"})
    open_lab(page, site_url, worker, "worker-practice")
    send(page, "Sorting my photos by who is in them.")
    expect(log_of(page)).to_have_count(3)
    expect(log_of(page).nth(2).locator(".course-msg__text")).not_to_be_empty()
    expect(page.get_by_role("button", name="Send")).to_be_enabled()  # the whole reply is in
    said = "It should find my cat too."
    send(page, said)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("This conversation has reached its length limit")
    expect(log_of(page).nth(3)).to_contain_text(said)
    expect(page.locator("[data-course-lab]")).to_have_attribute("data-mode", "worker-practice")


def test_text_the_worker_refuses_shows_its_reason(
    page: Page, site_url: str, labs_worker: str
) -> None:
    """Invalid Unicode in the transcript (a 422 naming the field): the worker's own words."""
    open_lab(page, site_url, labs_worker, "worker-practice")
    page.evaluate(
        """() => {
             const key = Object.keys(localStorage).find((k) => k.includes(':lab:lab-1@'));
             const record = JSON.parse(localStorage.getItem(key));
             record.messages = [{role: 'user', content: 'broken \\ud800 text'},
                                {role: 'assistant', content: 'Tell me more.'}];
             localStorage.setItem(key, JSON.stringify(record));
           }"""
    )
    page.reload()
    said = "And now?"
    send(page, said)
    expect(page.get_by_role("alert")).to_contain_text("messages[0].content: is not valid Unicode")
    expect(page.locator("[data-course-lab]")).to_have_attribute("data-mode", "worker-practice")


def internal_error(site_url: str) -> dict[str, object]:
    """What the worker's handler of unexpected errors sends: a 500 with CORS headers."""
    return {
        "status": 500,
        "headers": {
            "Content-Type": "application/json",
            "Access-Control-Allow-Origin": site_url.rstrip("/"),
            "Vary": "Origin",
        },
        "body": json.dumps({"error": {"code": "internal_error", "message": "Something went wrong "
                                      "in the worker. Try again; if it keeps happening, tell "
                                      "your instructor."}}),
    }


def test_a_worker_500_is_an_error_not_a_switch_to_offline(
    page: Page, site_url: str, labs_worker: str
) -> None:
    """A 500 on the probe and on a chat: said in words; the next message reaches the worker."""
    failing = {"labs": True, "chat": True}

    def fail_once(kind: str) -> Callable[[Route], None]:
        def handle(route: Route) -> None:
            if failing[kind]:
                failing[kind] = False
                route.fulfill(**internal_error(site_url))  # type: ignore[arg-type]
            else:
                route.fallback()

        return handle

    page.route(f"{labs_worker}/v1/labs", fail_once("labs"))
    page.route(f"{labs_worker}/v1/labs/*/chat", fail_once("chat"))
    open_lab(page, site_url, labs_worker, "unavailable")
    expect(page.locator("[data-lab-mode]")).to_contain_text("answered with a problem")
    said = "Counting cars on my street from a webcam."
    send(page, said)
    expect_error_kept_online(
        page, "The labs server ran into a problem of its own", "worker-practice", said
    )
    page.get_by_role("button", name="Retry").click()
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(log_of(page)).to_have_count(3)
    expect(log_of(page).nth(2).locator(".course-msg__text")).not_to_be_empty()


def test_a_connection_dropped_mid_reply_is_a_cut_off_reply(
    page: Page, site_url: str, labs_worker: str
) -> None:
    """The stream ends with neither ``done`` nor ``error``: the reply was cut off, still online."""

    def half_a_reply(route: Route) -> None:
        response = route.fetch()
        first_event = response.text().split("\n\n")[0] + "\n\n"
        route.fulfill(response=response, body=first_event)

    page.route(f"{labs_worker}/v1/labs/*/chat", half_a_reply)
    open_lab(page, site_url, labs_worker, "worker-practice")
    said = "Sorting emails into folders."
    send(page, said)
    expect_error_kept_online(page, "The reply was cut off", "worker-practice", said)
