"""Companion notebooks: valid nbformat, and their cells run in CPython with the real data."""

from __future__ import annotations

import base64
import os
import re
from pathlib import Path

import nbformat
import pytest

from quiz_engine.content.exercise import find_exercise_folders, load_exercise
from quiz_engine.core.exercise import Exercise
from quiz_engine.site.notebooks import lesson_figures, lesson_notebook
from tests.e2e.serve import serve_directory

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def lesson_exercises(lesson: str) -> list[Exercise]:
    """The exercises of one lesson folder, in folder order."""
    folders = [f for f in find_exercise_folders(DOCS) if f.relative_to(DOCS).parts[0] == lesson]
    return [load_exercise(f, str(f), docs_dir=DOCS) for f in folders]


@pytest.mark.parametrize("lesson", ["lesson-1", "lesson-2", "lesson-3", "lesson-4"])
def test_notebook_is_valid_and_runs(lesson: str, tmp_path: Path) -> None:
    """Each lesson's notebook validates, fetches its data over HTTP and runs top to bottom."""
    exercises = lesson_exercises(lesson)
    assert exercises
    with serve_directory(DOCS / "datasets") as url:
        notebook = lesson_notebook("Lesson", exercises, url)
        nbformat.validate(nbformat.from_dict(notebook))
        here = Path.cwd()
        os.chdir(tmp_path)
        try:
            namespace: dict[str, object] = {}
            for cell in notebook["cells"]:
                if cell["cell_type"] == "code":
                    exec(compile("".join(cell["source"]), f"{lesson}.ipynb", "exec"), namespace)
        finally:
            os.chdir(here)
    titles = [c["source"][0] for c in notebook["cells"] if c["cell_type"] == "markdown"]
    assert all(any(e.title in t for t in titles) for e in exercises)


@pytest.mark.parametrize(("lesson", "names"), [
    ("lesson-1", []),
    ("lesson-2", ["label-shares.svg"]),
    ("lesson-3", ["loss-curves.svg", "learning-rates.svg"]),
    ("lesson-4", ["confusion-matrix.svg"]),
])
def test_notebook_shows_the_lessons_figures_in_page_order(lesson: str, names: list[str]) -> None:
    """Each figure of the lesson page is a Markdown cell showing its SVG from an attachment."""
    figures = lesson_figures(DOCS, lesson)
    assert [f.name for f in figures] == names
    notebook = lesson_notebook("Lesson", lesson_exercises(lesson), "", figures)
    nbformat.validate(nbformat.from_dict(notebook))
    shown = [c for c in notebook["cells"] if c.get("attachments")]
    assert [next(iter(c["attachments"])) for c in shown] == names
    for cell, figure in zip(shown, figures, strict=True):
        svg = (DOCS / lesson / "figures" / figure.name).read_text(encoding="utf-8")
        attached = base64.b64decode(cell["attachments"][figure.name]["image/svg+xml"]).decode()
        assert attached == svg
        source = "".join(cell["source"])
        assert source.startswith(f"![{figure.alt}](attachment:{figure.name})")
        assert figure.alt and re.search(r"<title[^>]*>", svg) and figure.caption in source
    exercise_cells = [i for i, c in enumerate(notebook["cells"]) if c["cell_type"] == "code"]
    assert all(notebook["cells"].index(c) < exercise_cells[0] for c in shown)
