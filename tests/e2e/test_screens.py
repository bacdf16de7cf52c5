"""Screenshots for people to look at, and the guarantee that nothing leaves the site."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-results" / "screenshots"
SIZES = {"desktop": (1280, 900), "phone": (360, 780)}


@pytest.mark.parametrize("size", list(SIZES))
def test_lesson_and_quiz_screenshots(page: Page, site_url: str, size: str) -> None:
    """Lesson, quiz and lab pages render at desktop and phone width, without sideways scroll."""
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{site_url}lesson-2/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.screenshot(path=SHOTS / f"lesson-2-{size}.png", full_page=True)
    page.goto(f"{site_url}lesson-1/quiz/")
    first = page.locator("fieldset[data-question]").first
    first.get_by_role("radio").nth(1).check()
    first.get_by_role("button", name="Check answer").click()
    expect(first.locator(".course-feedback__verdict")).to_be_visible(timeout=90_000)
    page.screenshot(path=SHOTS / f"quiz-1-{size}.png", full_page=True)
    page.screenshot(path=SHOTS / f"quiz-1-{size}-top.png")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the quiz page scrolls sideways by {overflow}px at {width}px"
    page.goto(f"{site_url}lesson-1/lab/")
    box = page.get_by_role("textbox", name="Your message")
    box.fill("A classifier for bird songs recorded in my garden, about 40 species.")
    box.press("Enter")
    expect(page.locator("[data-lab-log] > li")).to_have_count(3)
    expect(page.get_by_role("button", name="Stop")).to_be_hidden()
    page.screenshot(path=SHOTS / f"lab-1-{size}.png", full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the lab page scrolls sideways by {overflow}px at {width}px"


def test_outside_requests_are_caught(page: Page, site_url: str, outside_requests: list[str]) -> None:
    """The guard really sees a request to another host, the browser refuses it (then forgets it)."""
    page.goto(site_url)
    with page.expect_event(
        "requestfailed", lambda r: r.url == "https://example.com/tracker.js"
    ) as failed:
        page.evaluate("fetch('https://example.com/tracker.js').catch(() => null)")
    # Refused by the harness's dead proxy, not merely unanswered by the network.
    assert failed.value.failure == "net::ERR_PROXY_CONNECTION_FAILED"
    assert outside_requests == ["https://example.com/tracker.js"]
    outside_requests.clear()
