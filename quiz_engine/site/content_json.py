"""Files the build makes from the course content, beside the rendered pages.

- :func:`write_content_json`: what the browser loads — each quiz, exercise
  and lab's practice data as JSON, and the progress manifest;
- :func:`write_lesson_notebooks`: one companion notebook per lesson with
  exercises.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..content.course import Course
from ..core.exercise import Exercise
from ..core.versions import content_version
from .headings import first_heading
from .notebooks import lesson_figures, lesson_notebook

__all__ = ["write_content_json", "write_lesson_notebooks"]


def _write(path: Path, payload: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")


def _versioned(payload: dict[str, Any]) -> dict[str, Any]:
    return {**payload, "version": content_version(payload)}


def write_content_json(out: Path, course: Course, progress: Any) -> None:
    """Write ``quiz/<id>.json``, ``labs/<id>.json``, ``exercise/<id>.json`` and
    ``progress.json`` under ``out`` (the site's content folder)."""
    folders = {
        "quiz": {quiz.id: _versioned(quiz.to_json()) for quiz in course.quizzes.values()},
        "labs": {lab_id: dict(p.practice_data) for lab_id, p in course.labs.items()},
        "exercise": {e.id: _versioned(e.to_json()) for e in course.exercises.values()},
    }
    for folder, items in folders.items():
        (out / folder).mkdir(parents=True, exist_ok=True)
        for item_id, payload in items.items():
            _write(out / folder / f"{item_id}.json", payload)
    _write(out / "progress.json", progress)


def _lesson_heading(docs: Path, lesson: str) -> str:
    """The lesson page's first-level heading (the folder's name without one)."""
    index = docs / lesson / "index.md"
    if not index.is_file():
        return lesson
    return first_heading(index.read_text(encoding="utf-8"), lesson)


def write_lesson_notebooks(course: Course, out: Path, data_url: str) -> list[str]:
    """Write ``<lesson>/notebook.ipynb`` under ``out`` for every lesson with exercises.

    Returns their paths relative to ``out``; the notebooks read their data
    from ``data_url`` (the site's ``datasets/``) when it is not empty.
    """
    by_lesson: dict[str, list[Exercise]] = {}
    for folder, exercise in sorted(course.exercise_dirs.items()):
        by_lesson.setdefault(folder.split("/exercises/")[0], []).append(exercise)
    written = []
    for lesson, exercises in by_lesson.items():
        notebook = lesson_notebook(
            _lesson_heading(course.docs_dir, lesson), exercises, data_url,
            lesson_figures(course.docs_dir, lesson),
        )
        target = out / lesson / "notebook.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(notebook, indent=1, ensure_ascii=False), encoding="utf-8")
        written.append(f"{lesson}/notebook.ipynb")
    return written
