"""The page's Python starts booting from the page's head, while the body is still parsed.

The build writes into each page's config what Python its widgets need, and
inlines into its head the script that starts it (``early-start.js``). To
show that nothing waits for the page, Material's script at the end of the
body is held back: the parser stops there, so the page cannot have been
parsed (and no widget mounted) while Python boots. Once it is let through,
the widgets adopt the Python already booting: there is no second worker.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, Route, Worker, expect

BOOT = 120_000  # ms: Pyodide with numpy, cold, on a busy machine
#: Material's script, at the end of every page's body: it blocks the parser.
MATERIAL_SCRIPT = re.compile(r"/assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")


def hold_the_parser(page: Page) -> list[Route]:
    """Keep Material's script from arriving; returns the held requests, to let through later."""
    held: list[Route] = []
    page.route(MATERIAL_SCRIPT, lambda route: held.append(route))
    return held


def let_through(page: Page, held: list[Route]) -> None:
    """Let Material's script arrive: the parser goes on, the widgets mount."""
    assert held, "Material's script was never asked for"
    for route in held:
        route.continue_()
    page.unroute(MATERIAL_SCRIPT)


def python_workers(workers: list[Worker]) -> int:
    """How many of ``workers`` are the course's Python."""
    return sum("python-worker" in worker.url for worker in workers)


def test_a_quiz_pages_python_boots_before_the_page_is_parsed(page: Page, site_url: str) -> None:
    held = hold_the_parser(page)
    workers: list[Worker] = []
    page.on("worker", lambda worker: workers.append(worker))
    # Pyodide's own script, which the Python worker imports first.
    with page.expect_request(lambda request: request.url.endswith("/pyodide.mjs"), timeout=BOOT):
        page.goto(f"{site_url}lesson-1/quiz/", wait_until="commit")
    assert page.evaluate("document.readyState") == "loading"
    assert python_workers(workers) == 1
    let_through(page, held)
    box = page.locator("fieldset[data-question]").first
    box.get_by_role("radio").first.check()
    box.get_by_role("button", name="Check answer").click()
    expect(box.locator("[data-feedback]")).to_contain_text("right answer", timeout=BOOT)
    # The quiz was graded by the Python started from the head: there is no other.
    assert python_workers(workers) == 1


def test_a_lesson_downloads_its_exercises_packages_before_the_page_is_parsed(
    page: Page, site_url: str,
) -> None:
    held = hold_the_parser(page)
    workers: list[Worker] = []
    page.on("worker", lambda worker: workers.append(worker))
    with page.expect_request(lambda request: "/numpy-" in request.url, timeout=BOOT):
        page.goto(f"{site_url}lesson-4/", wait_until="commit")
    assert page.evaluate("document.readyState") == "loading"
    let_through(page, held)
    section = page.locator("section[data-course-exercise]").first
    section.get_by_role("button", name="Run", exact=True).click(timeout=BOOT)
    expect(section.locator("[data-exercise-output]")).not_to_be_empty(timeout=BOOT)
    assert python_workers(workers) == 1
