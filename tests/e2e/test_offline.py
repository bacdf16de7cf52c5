"""Offline: after one visit the whole course works with the network off, and a new deploy
is offered as a reload rather than mixed into the open page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from quiz_engine.content.quiz import load_quiz
from quiz_engine.site.service_worker import write_service_worker
from tests.e2e.shared_context import OutsideGuard

ROOT = Path(__file__).resolve().parents[2]
BOOT = 120_000


@pytest.fixture
def offline_context(
    browser: Browser, browser_context_args: dict[str, Any]
) -> Iterator[tuple[BrowserContext, list[str]]]:
    """A context with service workers allowed, recording any request off localhost."""
    context = browser.new_context(**{**browser_context_args, "service_workers": "allow"})
    guard = OutsideGuard()
    context.on("request", guard)
    yield context, guard.attempted
    context.close()
    assert guard.attempted == []


def controlled(page: Page) -> None:
    """Wait until the service worker controls the page (its precache is complete)."""
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=BOOT)


def test_quiz_and_exercise_work_offline(
    offline_context: tuple[BrowserContext, list[str]], site_url: str
) -> None:
    """Visit once; with the network off, reload, answer a quiz and run an exercise."""
    context, _ = offline_context
    page = context.new_page()
    page.goto(f"{site_url}lesson-1/quiz/")
    controlled(page)
    context.set_offline(True)
    page.reload()
    question = load_quiz(ROOT / "docs" / "lesson-1" / "quiz.yml").questions[0]
    box = page.locator(f'fieldset[data-question="{question.id}"]')
    box.get_by_role("radio", name=question.option(question.answer).text).check()  # type: ignore[union-attr]
    box.get_by_role("button", name="Check answer").click()
    expect(box.locator("[data-feedback]")).to_contain_text(question.feedback_right, timeout=BOOT)
    page.goto(f"{site_url}lesson-3/")
    section = page.locator('section[data-course-exercise="best-epoch"]')
    section.get_by_role("button", name="Run", exact=True).click()
    expect(section.locator("[data-exercise-output]")).to_contain_text("epoch", timeout=BOOT)


def test_new_deploy_is_offered_as_a_reload(
    offline_context: tuple[BrowserContext, list[str]], site_url: str, site_server: tuple[str, Path]
) -> None:
    """A changed site installs beside the old one and takes over only on "Reload to update"."""
    context, _ = offline_context
    page = context.new_page()
    page.goto(site_url)
    controlled(page)
    site = site_server[1]
    css = site / "assets" / "course" / "course.css"
    original = css.read_text(encoding="utf-8")
    original_sw = (site / "sw.js").read_text(encoding="utf-8")
    try:
        css.write_text(original + "\n/* a new deploy */\n", encoding="utf-8")
        write_service_worker(site, "/")
        page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
        bar = page.locator('[data-course-notice="update"]')
        expect(bar).to_contain_text("A new version of this course is ready", timeout=BOOT)
        with page.expect_navigation():
            bar.get_by_role("button", name="Reload to update").click()
        controlled(page)
        served = page.evaluate("fetch('assets/course/course.css').then((r) => r.text())")
        assert "a new deploy" in served
    finally:
        css.write_text(original, encoding="utf-8")
        (site / "sw.js").write_text(original_sw, encoding="utf-8")
