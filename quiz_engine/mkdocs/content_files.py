"""Files the build makes from the course content, beside the rendered pages.

- :func:`write_content_json`: what the browser loads — each quiz, exercise
  and lab's practice data as JSON, and the progress manifest;
- :func:`lesson_notebook_files`: one companion notebook per lesson with
  exercises, added to the site's files for mkdocs-jupyter to render.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from ..exercise import Exercise
from ..notebooks import lesson_notebook

__all__ = ["lesson_notebook_files", "write_content_json"]


def _write(path: Path, payload: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")


def write_content_json(
    out: Path,
    *,
    quizzes: Mapping[str, Any],
    labs: Mapping[str, Any],
    exercises: Mapping[str, Any],
    progress: Any,
) -> None:
    """Write ``quiz/<id>.json``, ``labs/<id>.json``, ``exercise/<id>.json`` and
    ``progress.json`` under ``out`` (the site's content folder)."""
    for folder, items in (("quiz", quizzes), ("labs", labs), ("exercise", exercises)):
        (out / folder).mkdir(parents=True, exist_ok=True)
        for item_id, payload in items.items():
            _write(out / folder / f"{item_id}.json", payload)
    _write(out / "progress.json", progress)


def _lesson_heading(docs: Path, lesson: str) -> str:
    """The lesson page's first-level heading (the folder's name without one)."""
    index = docs / lesson / "index.md"
    if not index.is_file():
        return lesson
    lines = index.read_text(encoding="utf-8").splitlines()
    return next((line[2:].strip() for line in lines if line.startswith("# ")), lesson)


def lesson_notebook_files(
    exercise_dirs: Mapping[str, Exercise], docs: Path, config: MkDocsConfig
) -> list[File]:
    """Write ``<lesson>/notebook.ipynb`` for every lesson with exercises; return them as files.

    ``exercise_dirs`` maps exercise folders (relative to the docs folder) to
    their exercises; the notebooks read their data from the site when it has
    a ``site_url``.
    """
    by_lesson: dict[str, list[Exercise]] = {}
    for folder, exercise in sorted(exercise_dirs.items()):
        by_lesson.setdefault(folder.split("/exercises/")[0], []).append(exercise)
    out = Path(tempfile.mkdtemp(prefix="course-notebooks-"))
    data_url = f"{config.site_url}datasets/" if config.site_url else ""
    generated = []
    for lesson, exercises in by_lesson.items():
        notebook = lesson_notebook(_lesson_heading(docs, lesson), exercises, data_url)
        target = out / lesson / "notebook.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(notebook, indent=1, ensure_ascii=False), encoding="utf-8")
        generated.append(
            File(f"{lesson}/notebook.ipynb", str(out), config.site_dir, config.use_directory_urls)
        )
    return generated
