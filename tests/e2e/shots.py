"""Screenshots of one element, for the people reviewing a run (``test-results/screenshots/``)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Locator

__all__ = ["shoot"]

#: Material's header sticks to the top of the viewport: in a shot of an element it would
#: cover whatever part of the element is under it. It is hidden while the shot is taken.
HIDE_HEADER = ".md-header { visibility: hidden !important; }"


def shoot(element: Locator, path: Path) -> None:
    """Save a screenshot of ``element`` alone at ``path``, with nothing of the page over it."""
    element.screenshot(path=path, style=HIDE_HEADER)
