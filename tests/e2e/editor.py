"""The exercises' code editor, as a learner reaches it."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

__all__ = ["code_editor", "every_code_editor"]


def code_editor(section: Locator, *, timeout: float | None = None) -> Locator:
    """Scroll to the exercise ``section`` and return its code editor, once it is made.

    The editor of an exercise is made when the exercise nears the viewport
    (until then a plain text box holds the code), as a learner scrolling down
    the lesson finds it.
    """
    section.scroll_into_view_if_needed()
    content = section.locator(".cm-content")
    expect(content).to_be_visible(timeout=timeout)
    return content


def every_code_editor(page: Page) -> None:
    """Scroll to each exercise of the page in turn, until every one has its code editor."""
    sections = page.locator("section[data-course-exercise]")
    for index in range(sections.count()):
        code_editor(sections.nth(index), timeout=30_000)
