"""A Markdown page's headings, as the site build reads them (standard library only)."""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["anchor", "first_heading", "headings"]

_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)


def first_heading(markdown: str, default: str = "") -> str:
    """The text of a page's first first-level heading (``# …``), or ``default``."""
    lines = markdown.splitlines()
    return next((line[2:].strip() for line in lines if line.startswith("# ")), default)


def headings(markdown: str) -> Iterator[str]:
    """The text of every ATX heading (``#`` to ``######``) of a page, in order."""
    return (match.group(1) for match in _HEADING.finditer(markdown))


def anchor(heading: str) -> str:
    """A heading's anchor as the ``toc`` extension makes it (its default ``slugify``)."""
    words = re.sub(r"[^\w\s-]", "", heading).strip().lower()
    return re.sub(r"[-\s]+", "-", words)
