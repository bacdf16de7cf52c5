"""Lab chats in Chromium, against the real labs worker running its practice peer."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from quiz_engine.content.persona import load_personas
from quiz_engine.core.limits import LAB_MESSAGE_MAX_CHARS
from quiz_engine.core.practice import practice_reply
from tests.e2e.keyboard import tab_to
from tests.e2e.labs_pages import log_of, point_labs_at, send
from tests.e2e.worker_process import run_labs_worker

PERSONAS = load_personas(None)
LABS = sorted(PERSONAS)
BOOT = 90_000


@pytest.mark.parametrize("lab_id", LABS)
def test_lab_streams_a_reply_and_keeps_it(page: Page, site_url: str, lab_id: str) -> None:
    """Each lab shows its opening line, talks to the worker, and keeps the transcript."""
    persona = PERSONAS[lab_id]
    number = lab_id.split("-")[1]
    page.goto(f"{site_url}lesson-{number}/lab/")
    expect(log_of(page).first).to_contain_text(persona.opening_message.strip())
    mode = page.locator("[data-lab-mode]")
    expect(mode).to_contain_text("Practice peer on the course's labs server")
    message = "I want to build a classifier for my photos, it should work well."
    send(page, message)
    expected = practice_reply(persona.practice_data, [{"role": "user", "content": message}])
    expect(log_of(page).nth(1)).to_contain_text(message)
    expect(log_of(page).nth(2)).to_have_text(f"Peer{expected}")
    # The whole reply shows before the worker's last event: the chat stores the turn
    # and stops being busy (its Stop button goes) only once that event is in.
    expect(page.get_by_role("button", name="Stop")).to_be_hidden()
    expect(page.get_by_role("textbox", name="Your message")).to_be_focused()
    page.reload()
    expect(log_of(page)).to_have_count(3)
    expect(log_of(page).nth(2)).to_have_text(f"Peer{expected}")


@pytest.mark.parametrize(
    "visit", [pytest.param("first", marks=pytest.mark.cold_python), "later"]
)
def test_falls_back_to_the_practice_peer_in_the_browser(
    page: Page, site_url: str, labs_worker: str, visit: str
) -> None:
    """With the worker unreachable, the same practice peer answers from Python in the page
    (on a first visit, and on a later one, when Python starts from its stored snapshot)."""
    page.route(f"{labs_worker}/**", lambda route: route.abort("connectionrefused"))
    page.goto(f"{site_url}lesson-1/lab/")
    expect(page.locator("[data-lab-mode]")).to_contain_text("Offline practice mode", timeout=10_000)
    message = "A model that classifies bird songs from my garden recordings"
    send(page, message)
    persona = PERSONAS["lab-1"]
    expected = practice_reply(persona.practice_data, [{"role": "user", "content": message}])
    expect(log_of(page).nth(2)).to_have_text(f"Peer{expected}", timeout=BOOT)


def test_practice_data_that_did_not_arrive_is_asked_for_again(
    page: Page, site_url: str, labs_worker: str
) -> None:
    """Offline, and the practice peer's data does not arrive either: the learner is told, and
    Retry asks for it again (the connection may be back) instead of failing until a reload."""
    page.route(f"{labs_worker}/**", lambda route: route.abort("connectionrefused"))
    page.goto(f"{site_url}lesson-1/lab/")
    expect(page.locator("[data-lab-mode]")).to_contain_text("Offline practice mode", timeout=10_000)
    source = page.locator("[data-course-lab]").get_attribute("data-lab-src")
    asked: list[str] = []

    def unavailable(route: Route) -> None:
        asked.append(route.request.url)
        route.fulfill(status=503, body="")

    page.route(f"{site_url}{source}", unavailable)
    message = "A model that classifies bird songs from my garden recordings"
    send(page, message)
    expect(page.get_by_role("alert")).to_contain_text("could not be loaded (HTTP 503)", timeout=BOOT)
    assert len(asked) == 1
    page.unroute(f"{site_url}{source}")
    page.get_by_role("button", name="Retry").click()
    persona = PERSONAS["lab-1"]
    expected = practice_reply(persona.practice_data, [{"role": "user", "content": message}])
    expect(log_of(page).nth(2)).to_have_text(f"Peer{expected}", timeout=BOOT)
    expect(page.get_by_role("alert")).to_have_count(0)


def test_worker_stopping_mid_conversation_switches_to_practice(
    page: Page, site_url: str, labs_worker: str
) -> None:
    """A worker that disappears after the page opened: the learner is told and still answered."""
    page.goto(f"{site_url}lesson-2/lab/")
    expect(page.locator("[data-lab-mode]")).to_contain_text("labs server")
    page.route(f"{labs_worker}/**", lambda route: route.abort("connectionrefused"))
    send(page, "50,000 Reddit posts, 73% neutral, 19% positive, 8% negative.")
    expect(page.locator("[data-lab-mode]")).to_contain_text("Offline practice mode")
    expect(log_of(page).nth(2)).to_contain_text("Peer", timeout=BOOT)
    expect(log_of(page).nth(2).locator(".course-msg__text")).not_to_be_empty(timeout=BOOT)


def test_rate_limit_is_explained_and_retry_works(
    page: Page, site_url: str, labs_worker: str
) -> None:
    """A 429 from the worker reads as a message for the learner, with Retry."""
    calls: list[str] = []

    def limited(route: Route) -> None:
        calls.append(route.request.url)
        if len(calls) == 1:
            route.fulfill(
                status=429,
                headers={
                    "Retry-After": "20",
                    "Content-Type": "application/json",
                    # as the worker sends them (its CORS middleware exposes Retry-After)
                    "Access-Control-Allow-Origin": site_url.rstrip("/"),
                    "Access-Control-Expose-Headers": "Retry-After",
                },
                body=json.dumps({"error": {"code": "rate_limited", "message": "Too many messages."}}),
            )
        else:
            route.fallback()

    page.route(f"{labs_worker}/v1/labs/*/chat", limited)
    page.goto(f"{site_url}lesson-3/lab/")
    send(page, "Give me a scenario.")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Wait 20 seconds, then try again.")
    page.get_by_role("button", name="Retry").click()
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(log_of(page)).to_have_count(3)
    expect(log_of(page).nth(2).locator(".course-msg__text")).not_to_be_empty()


def test_keyboard_export_and_start_over(page: Page, site_url: str, tmp_path: Path) -> None:
    """Shift+Enter makes a new line, Enter sends, export downloads Markdown, Start over clears."""
    page.goto(f"{site_url}lesson-4/lab/")
    box = page.get_by_role("textbox", name="Your message")
    expect(box).to_be_enabled()
    tab_to(page, box)
    page.keyboard.type("use the houseplant scenario")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("please")
    expect(box).to_have_value("use the houseplant scenario\nplease")
    page.keyboard.press("Enter")
    expect(log_of(page)).to_have_count(3)
    expect(box).to_have_value("")
    expect(page.get_by_role("button", name="Send")).to_be_enabled()  # the reply is in
    expect(box).to_be_focused()  # ready for the next message
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Send")).to_be_focused()
    page.keyboard.press("Tab")  # Stop is hidden when no reply is on its way
    expect(page.get_by_role("button", name="Export as Markdown")).to_be_focused()
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    path = tmp_path / "transcript.md"
    download.value.save_as(path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Lab 4")
    assert "**You:** use the houseplant scenario\nplease" in text
    page.once("dialog", lambda dialog: dialog.accept())
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Start over")).to_be_focused()
    page.keyboard.press("Enter")
    expect(log_of(page)).to_have_count(1)
    expect(box).to_be_focused()
    page.reload()
    expect(log_of(page)).to_have_count(1)


@pytest.fixture(scope="module")
def slow_worker(
    site_server: tuple[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A second labs worker whose practice peer pauses 300 ms between chunks."""
    origin = site_server[0].rstrip("/")
    with run_labs_worker(origin, tmp_path_factory.mktemp("slow") / "worker.log", delay_ms=300) as url:
        yield url


def test_stop_ends_a_reply_early_and_keeps_what_arrived(
    page: Page, site_url: str, slow_worker: str
) -> None:
    """Stop (by keyboard) cuts the stream; the partial reply is kept and marked; focus returns."""
    point_labs_at(page, slow_worker)
    page.goto(f"{site_url}lesson-2/lab/")
    expect(page.locator("[data-lab-mode]")).to_contain_text("Practice peer on the course's labs server")
    send(page, "my dataset has 3 classes")
    reply = log_of(page).nth(2).locator(".course-msg__text")
    expect(reply).not_to_be_empty(timeout=BOOT)
    stop = page.get_by_role("button", name="Stop")
    expect(stop).to_be_visible()
    stop.focus()
    page.keyboard.press("Enter")
    expect(page.locator("[data-lab-announce]")).to_have_text("Stopped.")
    expect(reply).to_contain_text("(stopped)")
    expect(stop).to_be_hidden()
    expect(page.get_by_role("textbox", name="Your message")).to_be_focused()
    partial = reply.inner_text().removesuffix("(stopped)").strip()
    said = [{"role": "user", "content": "my dataset has 3 classes"}]
    full = practice_reply(PERSONAS["lab-2"].practice_data, said)
    assert partial and len(partial) < len(full.strip())
    page.reload()
    expect(log_of(page)).to_have_count(3)
    expect(log_of(page).nth(2)).to_contain_text(partial)


def test_the_message_cap_counts_characters_as_the_worker_does(
    page: Page, site_url: str
) -> None:
    """A message of exactly the worker's cap is sent even when its characters take two UTF-16
    units each (emoji); one more character is refused in the page, with the count, and kept."""
    page.goto(f"{site_url}lesson-1/lab/")
    mode = page.locator("[data-lab-mode]")
    expect(mode).to_contain_text("Practice peer on the course's labs server")
    box = page.get_by_role("textbox", name="Your message")
    too_long = "🙂" * (LAB_MESSAGE_MAX_CHARS + 1)
    send(page, too_long)
    expect(page.locator("[data-lab-announce]")).to_have_text(
        f"Your message is {LAB_MESSAGE_MAX_CHARS + 1} characters long; "
        f"the limit is {LAB_MESSAGE_MAX_CHARS}."
    )
    expect(box).to_have_value(too_long)
    expect(log_of(page)).to_have_count(1)
    at_cap = "🙂" * LAB_MESSAGE_MAX_CHARS
    send(page, at_cap)
    expect(log_of(page).nth(1)).to_contain_text(at_cap)
    expect(log_of(page).nth(2).locator(".course-msg__text")).not_to_be_empty(timeout=BOOT)
    expect(page.locator(".course-msg--error")).to_have_count(0)
    expect(mode).to_contain_text("Practice peer on the course's labs server")  # the worker answered
