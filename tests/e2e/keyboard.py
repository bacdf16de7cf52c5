"""Moving through a page with the keyboard alone, as a learner without a mouse does."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

__all__ = ["tab_to"]


def tab_to(page: Page, target: Locator, *, limit: int = 200) -> None:
    """Press Tab from the top of the page until ``target`` has the focus (at most ``limit`` times).

    ``target`` may appear only on the way, as an exercise's code editor does
    when the learner reaches the exercise.
    """
    page.locator("body").focus()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.count() == 1 and target.evaluate("(node) => node === document.activeElement"):
            break
    expect(target).to_be_focused()
