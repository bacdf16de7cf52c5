"""The lessons' figures: fresh, drawn in the course's colours with readable text, and fenced."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pandas as pd
import pytest

from quiz_engine.content.fences import FenceTargets, check_page_fences, find_figures
from quiz_engine.content.interface_strings import load_interface_strings
from quiz_engine.core.errors import CourseError
from quiz_engine.site.render_figure import render_figure

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
CSS = ROOT / "overrides" / "assets" / "course" / "course.css"
COMMITTED = sorted(DOCS.glob("lesson-*/figures/*"))
SVGS = [p for p in COMMITTED if p.suffix == ".svg"]
COLOUR = re.compile(r"(fill|stroke): ([^;\"]+)")
VARIABLE = re.compile(r"var\(--course-fig-([\w-]+), (#[0-9a-f]{6})\)")


def make_figures() -> ModuleType:
    """Import scripts/make_figures.py (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location("make_figures", ROOT / "scripts" / "make_figures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def figures() -> ModuleType:
    return make_figures()


@pytest.fixture(scope="module")
def palettes(figures: ModuleType) -> dict[str, dict[str, str]]:
    return figures.read_palettes(CSS.read_text(encoding="utf-8"))


def test_committed_figures_are_what_the_script_draws(figures: ModuleType, tmp_path: Path) -> None:
    """Redrawn from the committed data sets, every SVG and CSV is byte for byte the committed one."""
    written = figures.write_figures(tmp_path)
    assert sorted(p.relative_to(tmp_path) for p in written) == [p.relative_to(DOCS) for p in COMMITTED]
    for path in written:
        assert path.read_bytes() == (DOCS / path.relative_to(tmp_path)).read_bytes(), path.name


def test_a_change_in_the_data_changes_the_figure(figures: ModuleType, tmp_path: Path) -> None:
    """The figures are drawn from the data files, not from numbers typed into the script."""
    data = tmp_path / "data"
    data.mkdir()
    for name in ("marcus_posts.csv", "diego_curves.csv", "diego_lr_runs.npz", "leila_predictions.npz"):
        (data / name).write_bytes((DOCS / "datasets" / f"variant_{name}").read_bytes())
    figures.write_figures(tmp_path / "out", data)
    curves = (tmp_path / "out" / "lesson-3" / "figures" / "loss-curves.svg").read_text(encoding="utf-8")
    assert "lowest at epoch 7" in curves
    shares = pd.read_csv(tmp_path / "out" / "lesson-2" / "figures" / "label-shares.csv")
    assert shares["label"].iloc[0] == "positive"
    matrix = (tmp_path / "out" / "lesson-4" / "figures" / "confusion-matrix.svg").read_text(encoding="utf-8")
    assert "Monstera and fiddle leaf fig: the most confused pair" in matrix


def test_the_numbers_say_what_the_lessons_say() -> None:
    """73/19/8 with the 15 % line; best epoch 4; pothos and golden pothos outlined in a 12-by-12 matrix."""
    shares = pd.read_csv(DOCS / "lesson-2" / "figures" / "label-shares.csv")
    assert shares.set_index("label")["share_percent"].to_dict() == {"neutral": 73.0, "positive": 19.0, "negative": 8.0}
    curves = pd.read_csv(DOCS / "lesson-3" / "figures" / "loss-curves.csv")
    assert int(curves.loc[curves["val_loss"].idxmin(), "epoch"]) == 4 and len(curves) == 20
    runs = pd.read_csv(DOCS / "lesson-3" / "figures" / "learning-rates.csv")
    assert list(runs.columns) == ["epoch", "oscillating", "plateau", "learning"]
    assert (np.diff(runs["oscillating"]) > 0).mean() > 0.3 > (np.diff(runs["plateau"]) > 0).mean()
    matrix = pd.read_csv(DOCS / "lesson-4" / "figures" / "confusion-matrix.csv", index_col="true_class")
    assert matrix.shape == (12, 12) and int(matrix.to_numpy().sum()) == 600
    assert (matrix.loc["pothos", "golden pothos"], matrix.loc["golden pothos", "pothos"]) == (12, 9)
    svg = (DOCS / "lesson-4" / "figures" / "confusion-matrix.svg").read_text(encoding="utf-8")
    assert svg.count("stroke-width: 2.2") == 2  # the pair's two cells are outlined


@pytest.mark.parametrize("path", SVGS, ids=lambda p: p.stem)
def test_every_colour_is_a_palette_variable_with_the_light_value_as_fallback(
    path: Path, palettes: dict[str, dict[str, str]]
) -> None:
    """Fills and strokes are ``var(--course-fig-<role>, <light value>)`` (or none): no stray colour."""
    svg = path.read_text(encoding="utf-8")
    values = [value.strip() for _, value in COLOUR.findall(svg)]
    assert values
    for value in values:
        if value in ("none",) or value.startswith("url("):
            continue
        match = VARIABLE.fullmatch(value)
        assert match is not None, value
        assert palettes["default"][match[1]] == match[2], value


@pytest.mark.parametrize("path", SVGS, ids=lambda p: p.stem)
def test_text_is_at_least_11px_and_reads_at_aa_on_the_background(
    path: Path, palettes: dict[str, dict[str, str]], figures: ModuleType
) -> None:
    """Every text's colour reaches 4.5:1 on what is under it, in both palettes (cells included)."""
    svg = path.read_text(encoding="utf-8")
    texts = re.findall(r'<text style="fill: var\(--course-fig-([\w-]+),[^"]*?font: (?:\d+ )?([\d.]+)px[^>]*>([^<]*)<', svg)
    assert texts
    assert min(float(size) for _, size, _ in texts) >= 11
    cells = re.findall(r'style="fill: var\(--course-fig-([\w-]+), #\w+\); opacity: ([\d.]+)"', svg)
    counts = [role for role, _, text in texts if text.isdigit()] if cells else []
    assert len(counts) == len(cells)
    for role, (fill, opacity) in zip(counts, cells, strict=True):
        for palette in palettes.values():
            under = float(opacity) * figures._rgb(palette[fill]) + (1 - float(opacity)) * figures._rgb(palette["bg"])
            assert figures.contrast(palette[role], under) >= 4.5, (fill, opacity, role)
    for role, _, text in texts:
        if cells and text.isdigit():
            continue
        for scheme, palette in palettes.items():
            assert figures.contrast(palette[role], palette["bg"]) >= 4.5, (scheme, role, text)


@pytest.mark.parametrize("path", SVGS, ids=lambda p: p.stem)
def test_svg_is_ready_to_inline(path: Path) -> None:
    """Named by a <title>, captioned in <desc>, ids scoped to the figure, no page-wide style, no date."""
    svg = path.read_text(encoding="utf-8")
    name = path.stem
    assert f'role="img" aria-labelledby="{name}-title"' in svg
    assert re.search(rf'<title id="{name}-title">[^<]{{40,}}</title>', svg)
    assert re.search(rf'<desc id="{name}-desc">[^<]{{40,}}</desc>', svg)
    assert all(i.startswith(f"{name}-") for i in re.findall(r'\bid="([^"]+)"', svg))
    assert "<style" not in svg and "dc:date" not in svg


def test_palette_section_is_read_from_course_css(figures: ModuleType) -> None:
    """Both palettes give every role; a section missing a role is refused."""
    palettes = figures.read_palettes(CSS.read_text(encoding="utf-8"))
    assert set(palettes) == {"default", "slate"}
    assert all(set(p) >= set(figures.ROLES) for p in palettes.values())
    with pytest.raises(ValueError, match="--course-fig-ink"):
        figures.read_palettes("/* Lesson figures */ :root { --course-fig-bg: #ffffff; }")


def test_a_cell_without_a_readable_text_colour_stops_the_drawing(
    figures: ModuleType, palettes: dict[str, dict[str, str]]
) -> None:
    """Mid-strength cells, where neither text colour reaches 4.5:1 in both palettes, are refused."""
    assert figures.cell_text_role(palettes, "primary", 0.95) == "on-strong"
    assert figures.cell_text_role(palettes, "accent", 0.2) == "ink"
    with pytest.raises(ValueError, match=r"4\.5:1"):
        figures.cell_text_role(palettes, "accent", 0.65)


def test_render_figure_moves_the_caption_and_links_the_numbers() -> None:
    """A <figure> with the inlined SVG (named, no <desc>), its caption and the CSV link."""
    svg = (DOCS / "lesson-3" / "figures" / "loss-curves.svg").read_text(encoding="utf-8")
    html = render_figure(svg, path="docs/x.svg", csv_url="../lesson-3/figures/loss-curves.csv",
                         s=load_interface_strings("en"))
    assert html.startswith('<figure class="course-figure" id="figure-loss-curves"')
    assert "<?xml" not in html and "<desc" not in html
    assert 'aria-labelledby="loss-curves-title"' in html
    assert "<figcaption>Diego&#x27;s curves" in html or "<figcaption>Diego's curves" in html
    assert 'The numbers behind this figure: <a href="../lesson-3/figures/loss-curves.csv" download>loss-curves.csv</a>' in html
    assert 'style="min-width: 324px; ' in html and "tabindex" not in html
    wide = (DOCS / "lesson-4" / "figures" / "confusion-matrix.svg").read_text(encoding="utf-8")
    assert 'tabindex="0"' in render_figure(wide, path="x", csv_url="x.csv", s=load_interface_strings("en"))


def test_render_figure_refuses_an_svg_without_a_title() -> None:
    """An SVG not drawn by the script is a located error that says how to make one."""
    with pytest.raises(CourseError, match=r"docs/lesson-9/figures/plain.svg: figure: .*make_figures"):
        render_figure('<svg width="10pt" height="10pt"></svg>', path="docs/lesson-9/figures/plain.svg",
                      csv_url="plain.csv", s=load_interface_strings("en"))


def test_figure_fence_naming_nothing_is_a_located_error() -> None:
    """A figure fence must name an SVG with its CSV beside it, relative to the page."""
    page = "Text.\n\n```figure\nfigures/missing.svg\n```\n\n```figure\nfigures/loss-curves.svg\n```\n"
    targets = FenceTargets(quiz_files=(), exercise_dirs=(), labs=(), figures=find_figures(DOCS))
    problems = check_page_fences(page, page_uri="lesson-3/index.md", targets=targets, docs_shown="docs")
    assert [str(p) for p in problems] == [
        "docs/lesson-3/index.md:3: figure: the figure fence names 'figures/missing.svg', which is "
        "not a figure (an .svg with its numbers in a .csv of the same name beside it) — write the "
        "path relative to the page, e.g. `figures/loss-curves.svg` (`python scripts/make_figures.py` "
        "draws the course's figures); figures found: " + ", ".join(sorted(find_figures(DOCS)))
    ]


def test_every_figure_is_shown_by_a_lesson() -> None:
    """Each committed figure appears in a figure fence of its lesson page."""
    for svg in SVGS:
        lesson = (svg.parents[1] / "index.md").read_text(encoding="utf-8")
        assert f"```figure\nfigures/{svg.name}\n```" in lesson, svg.name


def test_lines_and_bars_reach_3_to_1_on_the_background(palettes: dict[str, dict[str, str]], figures: ModuleType) -> None:
    """The roles that draw data (bars, lines, axes) meet WCAG's 3:1 for graphics in both palettes."""
    for scheme, palette in palettes.items():
        for role in ("primary", "accent", "axis", "ink"):
            assert figures.contrast(palette[role], palette["bg"]) >= 3, (scheme, role)
