"""Render a lesson figure: its SVG inlined in a ``<figure>``, with a caption and its numbers.

The SVGs come from ``scripts/make_figures.py``: every colour is a CSS
variable (so the figure follows the site's light and dark palettes, which
only works inline, not in an ``<img>``), the root is ``role="img"`` named by
its ``<title>``, and ``<desc>`` holds the caption. Here the caption moves to
the ``<figcaption>`` (so it is not read twice), followed by a link to the
CSV of the numbers behind the figure.
"""

from __future__ import annotations

import re
from html import escape
from math import ceil

from ..content.interface_strings import Html, InterfaceStrings
from ..core.errors import CourseError

__all__ = ["figure_size", "render_figure"]

_ROOT = re.compile(r"<svg\b[^>]*>")
_TITLE = re.compile(r'<title id="([^"]+)-title">.+?</title>', re.S)
_DESC = re.compile(r"\s*<desc\b[^>]*>(.*?)</desc>", re.S)
_SIZE = re.compile(r'\bwidth="([\d.]+)pt" height="([\d.]+)pt"')
#: Shown wider than its natural size by at most this factor (its text grows with it).
_MAX_SCALE = 1.5
#: The width of the text column on a 360 px phone, in CSS pixels.
_PHONE_COLUMN = 328


def figure_size(svg: str) -> tuple[float, float]:
    """The SVG's width and height in points (matplotlib writes ``width="324pt"``)."""
    root = _ROOT.search(svg)
    size = _SIZE.search(root[0]) if root else None
    if size is None:
        raise ValueError("the SVG's root has no width and height in pt")
    return float(size[1]), float(size[2])


def render_figure(svg: str, *, path: str, csv_url: str, s: InterfaceStrings) -> str:
    """The ``<figure>`` of one figure file; ``path`` names it in errors, ``csv_url`` links its CSV.

    Shown at least as wide as its width in points, so its smallest text
    (11 pt in the course's figures) is at least 11 CSS pixels; a narrower
    screen scrolls the figure sideways, never the page, and the scrolling
    frame can take the keyboard focus.
    """
    start = svg.find("<svg")
    title = _TITLE.search(svg)
    desc = _DESC.search(svg)
    if start < 0 or title is None or desc is None:
        raise CourseError(
            "the figure has no <svg> with a <title> and a <desc>", path=path,
            key="figure", fix="draw it with scripts/make_figures.py, which names and captions it",
        )
    width, _ = figure_size(svg)
    name = title[1]
    inline = _DESC.sub("", svg[start:].strip(), count=1)
    # "<svg " is where the root starts: the style goes right after it.
    style = f'style="min-width: {ceil(width)}px; max-width: {ceil(width * _MAX_SCALE)}px" '
    inline = inline[:5] + style + inline[5:]
    # Only a figure wider than a phone's text column scrolls, and so takes the focus.
    focus = ' tabindex="0"' if width > _PHONE_COLUMN else ""
    csv_name = csv_url.rsplit("/", 1)[-1]
    link = Html(f'<a href="{escape(csv_url)}" download>{escape(csv_name)}</a>')
    return (
        f'<figure class="course-figure" id="figure-{escape(name)}">'
        f'<div class="course-figure__image"{focus}>{inline}</div>'
        f"<figcaption>{desc[1].strip()} "
        f'<span class="course-figure__data">{s("figure.data", link=link)}</span></figcaption>'
        "</figure>"
    )
