"""Load content files from disk (build time: uses PyYAML)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .errors import CourseError
from .model import Quiz
from .validate import build_quiz
from .yaml_lines import load_located_yaml

__all__ = ["load_quiz", "load_quizzes"]


def load_quiz(path: Path, *, display_path: str | None = None) -> Quiz:
    """Read and validate the quiz file at ``path``.

    ``display_path`` is how errors name the file (e.g. relative to the project).
    """
    shown = display_path or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise CourseError("file not found", path=shown, fix="check the path") from error
    except UnicodeDecodeError as error:
        raise CourseError("is not UTF-8 text", path=shown, fix="save it as UTF-8") from error
    return build_quiz(load_located_yaml(text, shown), shown)


def load_quizzes(paths: Iterable[tuple[Path, str]]) -> dict[str, Quiz]:
    """Load every ``(path, display_path)`` and check quiz ids are unique across files."""
    quizzes: dict[str, Quiz] = {}
    for path, shown in paths:
        quiz = load_quiz(path, display_path=shown)
        if quiz.id in quizzes:
            raise CourseError(
                f"{quiz.id!r} is already the id of {quizzes[quiz.id].source}",
                path=shown,
                key="id",
                line=1,
                fix="give every quiz its own id",
            )
        quizzes[quiz.id] = quiz
    return quizzes
