"""The lessons' figures on the built site: named, captioned, in both palettes, on a phone,
with their numbers a click away, and in the companion notebooks.

Screenshots of every figure (light and dark, desktop and 360 px) land in
``test-results/screenshots/figures/``.
"""

from __future__ import annotations

import html
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.shots import shoot
from tests.e2e.test_accessibility import FORGET_PALETTE, PHONE, SCHEMES, switch_to_dark

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SHOTS = ROOT / "test-results" / "screenshots" / "figures"
FIGURES = {
    "lesson-2": ["label-shares"],
    "lesson-3": ["loss-curves", "learning-rates"],
    "lesson-4": ["confusion-matrix"],
}
DESKTOP = {"width": 1280, "height": 900}


def _make_figures() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_figures", ROOT / "scripts" / "make_figures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


FIGURE_SCRIPT = _make_figures()
PALETTES = FIGURE_SCRIPT.read_palettes(
    (ROOT / "overrides" / "assets" / "course" / "course.css").read_text(encoding="utf-8")
)


def title_of(lesson: str, name: str) -> str:
    """The committed SVG's <title>: the figure's accessible name."""
    svg = (DOCS / lesson / "figures" / f"{name}.svg").read_text(encoding="utf-8")
    match = re.search(r"<title[^>]*>(.*?)</title>", svg, re.S)
    assert match is not None
    return html.unescape(match[1])


def rgb(colour: str) -> str:
    """``#rrggbb`` as the browser reports a computed colour."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


#: For one figure: its on-screen size, its smallest text in CSS px, the computed colours of
#: its first text and background, and whether its frame scrolls sideways.
MEASURE = """(figure) => {
  const svg = figure.querySelector('svg');
  const box = svg.getBoundingClientRect();
  const scale = box.width / svg.viewBox.baseVal.width;
  const texts = [...svg.querySelectorAll('text')];
  const sizes = texts.map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
  const frame = figure.querySelector('.course-figure__image');
  return {
    width: box.width, height: box.height, smallest: Math.min(...sizes), texts: texts.length,
    ink: getComputedStyle(texts[texts.length - 1]).fill,
    background: getComputedStyle(svg.querySelector('path')).fill,
    scrolls: frame.scrollWidth > frame.clientWidth,
    focusable: frame.tabIndex === 0,
  };
}"""


@pytest.mark.parametrize("lesson", list(FIGURES))
def test_lesson_figures_render_in_both_palettes_at_desktop_and_phone_width(
    page: Page, site_url: str, lesson: str
) -> None:
    """Each figure shows with its accessible name and caption, in the palette's colours, with
    text of at least 11 px, on a desktop and at 360 px (where the page never scrolls sideways);
    its CSV link resolves to the committed CSV, offered as a download.

    One load (a lesson page boots Python and its packages: each load costs seconds of
    CPU): the dark palette is the header's toggle, the phone width a resize.
    """
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.add_init_script(FORGET_PALETTE)
    page.emulate_media(color_scheme="light")
    page.set_viewport_size(DESKTOP)
    page.goto(f"{site_url}{lesson}/")
    for scheme, material in SCHEMES.items():
        if scheme == "dark":
            switch_to_dark(page)
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", material)
        palette = PALETTES[material]
        sizes = [("desktop", DESKTOP), ("phone", PHONE)]
        for screen, viewport in sizes if scheme == "light" else sizes[::-1]:
            page.set_viewport_size(viewport)
            page.evaluate("new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
            for name in FIGURES[lesson]:
                figure = page.locator(f"#figure-{name}")
                expect(figure).to_be_visible()
                expect(figure.get_by_role("img")).to_have_accessible_name(title_of(lesson, name))
                expect(figure.locator("figcaption")).to_contain_text("The numbers behind this figure")
                figure.scroll_into_view_if_needed()
                seen = figure.evaluate(MEASURE)
                where = f"{name}, {scheme}, {screen}: {seen}"
                assert seen["texts"] > 5 and seen["width"] >= 320 and seen["height"] >= 200, where
                assert seen["smallest"] >= 10.9, where
                assert seen["ink"] == rgb(palette["ink"]), where
                assert seen["background"] == rgb(palette["bg"]), where
                if screen == "phone" and seen["scrolls"]:
                    assert seen["focusable"], f"{where}: a frame that scrolls must take the focus"
                shoot(figure, SHOTS / f"{lesson}-{name}-{scheme}-{screen}.png")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{lesson}, {scheme}, {screen}: the page scrolls sideways by {overflow}px"
    the_numbers_behind_each_figure_download(page, lesson)


def the_numbers_behind_each_figure_download(page: Page, lesson: str) -> None:
    """Each figure's CSV link on the open lesson page resolves to the committed CSV."""
    for name in FIGURES[lesson]:
        link = page.locator(f"#figure-{name} figcaption a[download]")
        expect(link).to_have_text(f"{name}.csv")
        href = link.get_attribute("href")
        assert href is not None
        response = page.request.get(urljoin(page.url, href))
        assert response.ok, f"{href}: HTTP {response.status}"
        assert response.body() == (DOCS / lesson / "figures" / f"{name}.csv").read_bytes()


def test_confusion_matrix_scrolls_in_its_frame_on_a_phone_and_takes_the_keyboard(
    page: Page, site_url: str
) -> None:
    """At 360 px the 12-by-12 matrix keeps its text size and scrolls inside its frame, by keyboard too."""
    page.set_viewport_size(PHONE)
    page.goto(f"{site_url}lesson-4/")
    frame = page.locator("#figure-confusion-matrix .course-figure__image")
    frame.focus()
    expect(frame).to_be_focused()
    assert frame.evaluate("(el) => el.scrollWidth > el.clientWidth")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => document.querySelector('#figure-confusion-matrix .course-figure__image').scrollLeft > 0",
        timeout=5_000,
    )


@pytest.mark.parametrize("lesson", list(FIGURES))
def test_notebook_page_shows_the_lessons_figures(page: Page, site_url: str, lesson: str) -> None:
    """The lesson's notebook, as the site renders it, shows each figure as an image named by its alt text."""
    page.goto(f"{site_url}{lesson}/notebook/")
    for name in FIGURES[lesson]:
        image = page.get_by_role("img", name=title_of(lesson, name))
        expect(image).to_be_visible()
        assert image.evaluate("(img) => img.complete && img.naturalWidth > 0"), name
    shoot(page.get_by_role("img", name=title_of(lesson, FIGURES[lesson][0])), SHOTS / f"{lesson}-notebook.png")
