"""Offline: after one visit the whole course works with the network off, a new deploy
is offered as a reload rather than mixed into the open page, and a deploy without
offline use releases the learner's copy of the old one."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from quiz_engine.content.quiz import load_quiz
from quiz_engine.site.pages import inject_page_config
from quiz_engine.site.service_worker import write_retiring_service_worker, write_service_worker
from tests.e2e.shared_context import OutsideGuard
from tests.page_config import page_config_of

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


@contextlib.contextmanager
def next_deploy(site: Path, marker: str) -> Iterator[dict[str, Any]]:
    """The served site, changed as a new deploy changes it: ``marker`` added to its stylesheet
    (the test writes the rest). Its stylesheet, sw.js and page configuration are put back
    afterwards. Yields the page configuration it had."""
    css = site / "assets" / "course" / "course.css"
    saved = {path: path.read_text(encoding="utf-8") for path in (css, site / "sw.js")}
    config = page_config_of(site / "index.html")
    try:
        css.write_text(saved[css] + f"\n/* {marker} */\n", encoding="utf-8")
        yield config
    finally:
        for path, text in saved.items():
            path.write_text(text, encoding="utf-8")
        inject_page_config(site, config)


#: Another course's offline copy on the same host (courses on one GitHub account's Pages,
#: say), and one named before copies were named by their site's path.
ANOTHER_COURSE = "course-offline-/another-course/-0123456789abcdef"
UNSCOPED = "course-offline-fedcba9876543210"


def put_caches(page: Page, *names: str) -> None:
    """Make a cache of each name, with one entry, in the page's origin."""
    page.evaluate(
        "async (names) => { for (const name of names) "
        "await (await caches.open(name)).put('/x', new Response('x')); }",
        list(names),
    )


def cache_names(page: Page) -> list[str]:
    """The page origin's Cache Storage buckets."""
    return list(page.evaluate("caches.keys()"))


def reload_to_update(page: Page) -> None:
    """Ask the open page's service worker for an update; take the reload it then offers."""
    page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
    bar = page.locator('[data-course-notice="update"]')
    expect(bar).to_contain_text("A new version of this course is ready", timeout=BOOT)
    with page.expect_navigation():
        bar.get_by_role("button", name="Reload to update").click()


def stylesheet(page: Page) -> str:
    """The course's stylesheet, as the page gets it now."""
    return str(page.evaluate("fetch('assets/course/course.css').then((r) => r.text())"))


def test_new_deploy_is_offered_as_a_reload(
    offline_context: tuple[BrowserContext, list[str]], site_url: str, site_server: tuple[str, Path]
) -> None:
    """A changed site installs beside the old one and takes over only on "Reload to update"."""
    context, _ = offline_context
    page = context.new_page()
    page.goto(site_url)
    controlled(page)
    site = site_server[1]
    ours = f"course-offline-{urlparse(site_url).path}-"
    (old_copy,) = [name for name in cache_names(page) if name.startswith(ours)]
    put_caches(page, ANOTHER_COURSE, UNSCOPED)
    with next_deploy(site, "a new deploy"):
        write_service_worker(site, "/")
        reload_to_update(page)
        controlled(page)
        assert "a new deploy" in stylesheet(page)
        # The old version's copy and the unnamed one are gone; another course's stays.
        names = cache_names(page)
        assert len([name for name in names if name.startswith(ours)]) == 1
        assert old_copy not in names and UNSCOPED not in names
        assert ANOTHER_COURSE in names


def test_a_deploy_without_offline_use_releases_the_old_copy(
    offline_context: tuple[BrowserContext, list[str]], site_url: str, site_server: tuple[str, Path]
) -> None:
    """The course redeployed with ``offline: false``: the old copy offers the reload, and
    after it the pages come from the network, with no service worker and no offline copy left."""
    context, _ = offline_context
    page = context.new_page()
    page.goto(site_url)
    controlled(page)
    site = site_server[1]
    put_caches(page, ANOTHER_COURSE)
    with next_deploy(site, "a deploy without offline use") as config:
        assert config["serviceWorker"] is True
        # What the build writes with `offline: false`.
        write_retiring_service_worker(site)
        inject_page_config(site, {**config, "serviceWorker": False})
        reload_to_update(page)
        page.wait_for_function(
            """async (ours) => !(await navigator.serviceWorker.getRegistration())
                 && !(await caches.keys()).some((key) => key.startsWith(ours))""",
            arg=f"course-offline-{urlparse(site_url).path}-", timeout=BOOT, polling=100,
        )
        assert ANOTHER_COURSE in cache_names(page)
        # (The reloaded page may still belong to the retired worker, which answers nothing.)
        assert "a deploy without offline use" in stylesheet(page)
        # The new pages register nothing: the next load has no service worker at all.
        page.reload()
        expect(page.get_by_role("heading", level=1).first).to_be_visible()
        assert page.evaluate("navigator.serviceWorker.controller") is None
        assert page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r === undefined)")
