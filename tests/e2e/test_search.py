"""The theme's search: it finds the lessons, its index is built only once the page's Python
has started, and it never waits on Python when the learner goes to it first."""

from __future__ import annotations

import re

from playwright.sync_api import BrowserContext, Page, Request, Route, expect

BOOT = 120_000
THEME_WORKER = re.compile(r"/assets/javascripts/workers/search\.[^/]+\.js$")
#: The quiz's runtime status line, once Python has started (runtime/status.js).
READY = "[data-course-quiz] [data-state=ready]"
#: When the status line says "ready", as the browser's clock reads it.
RECORD_READY = (
    "new MutationObserver((_, observer) => {"
    f"  if (document.querySelector({READY!r})) {{"
    "    window.courseReadyAt = Date.now(); observer.disconnect(); }"
    "}).observe(document, {subtree: true, childList: true, attributes: true});"
)


def is_theme_worker(request: Request) -> bool:
    return bool(THEME_WORKER.search(request.url))


def search_for(page: Page, words: str) -> None:
    """Open the header's search and type ``words``, as a learner does."""
    page.get_by_role("textbox", name="Search").first.click()
    page.get_by_role("textbox", name="Search").first.fill(words)


def test_search_finds_the_lessons_on_a_page(page: Page, site_url: str) -> None:
    page.goto(site_url)
    search_for(page, "overfitting")
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=30_000)
    expect(page.locator(".md-search-result__meta")).to_contain_text("matching documents")
    assert any("lesson-2" in (href or "") for href in
               results.locator("a").evaluate_all("links => links.map(a => a.href)"))


def test_the_index_is_built_once_python_has_started(page: Page, site_url: str) -> None:
    page.add_init_script(RECORD_READY)
    with page.expect_request(is_theme_worker, timeout=BOOT) as theme:
        page.goto(f"{site_url}lesson-1/quiz/")
        expect(page.locator(READY).first).to_be_attached(timeout=BOOT)
    ready_at = page.evaluate("window.courseReadyAt")
    assert theme.value.timing["startTime"] >= ready_at, (theme.value.timing, ready_at)


def test_search_does_not_wait_on_python(context: BrowserContext, site_url: str) -> None:
    """With Python's files never arriving, the search box still finds the lessons."""
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)  # never answered

    context.route(re.compile(r"/pyodide/"), hold)
    page = context.new_page()
    page.goto(f"{site_url}lesson-1/quiz/")
    # The index is built when the learner goes to search (long before the
    # worker's own deadline, 20 s after it loaded), not before.
    with page.expect_request(is_theme_worker, timeout=10_000):
        search_for(page, "overfitting")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=10_000)
    assert held, "the quiz page asked for no Python file"
    expect(page.locator("[data-course-quiz] [data-state=ready]")).to_have_count(0)
