"""Every page at 360 px: no sideways scrolling, and the course's controls are big enough to tap."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_accessibility import PAGES

# The course's own controls (Material's header and footer are the theme's).
CONTROLS = (
    ".md-content button, .md-content .md-button, .course-option, "
    ".course-lab__input, .course-exercise .cm-content"
)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "home")
def test_page_fits_a_phone(page: Page, site_url: str, path: str) -> None:
    """No horizontal scroll at 360 px; every visible control is at least 44 px tall."""
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(site_url + path)
    expect(page.locator("h1").first).to_be_visible()
    if "lesson-" in path and path.count("/") == 1:
        page.locator(".cm-content").first.wait_for(timeout=30_000)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path or 'home'} scrolls sideways by {overflow}px"
    small = page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
             .filter((el) => el.offsetParent !== null && !el.closest("[hidden]"))
             .map((el) => [el.textContent.trim().slice(0, 30), el.getBoundingClientRect().height])
             .filter(([, height]) => height < 44)""",
        CONTROLS,
    )
    assert small == [], f"controls under 44 px tall on {path or 'home'}: {small}"
