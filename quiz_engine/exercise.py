"""Coding exercises: the :class:`Exercise` record and its build-time loaders.

The record is standard library only — the browser rebuilds it with
:meth:`Exercise.from_json`. The loaders (:func:`load_exercise`,
:func:`load_exercises`, :func:`load_wrong_answers`) run at build time and
import the YAML validation only when called.

An exercise is a folder, ``docs/lesson-N/exercises/<id>/``, holding
``exercise.yml`` (id, title, prompt, setup, data, packages, hints, …),
``starter.py``, ``solution.py``, ``checks.py``, ``wrong/*.py`` (realistic
wrong answers, each starting with ``# expect-hint: <text>``, for the tests)
and ``right/*.py`` (correct solutions written another way, which must pass).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from .errors import CourseError

__all__ = [
    "DEFAULT_SOLUTION_AFTER",
    "DEFAULT_TIMEOUT_SECONDS",
    "PACKAGES",
    "Exercise",
    "RightAnswer",
    "WrongAnswer",
    "data_target",
    "find_exercise_folders",
    "load_exercise",
    "load_exercises",
    "load_right_answers",
    "load_wrong_answers",
]

#: The packages an exercise may ask the browser to load (Pyodide 0.27.7 builds).
PACKAGES = ("numpy", "pandas")
DEFAULT_SOLUTION_AFTER = 3
DEFAULT_TIMEOUT_SECONDS = 10.0


def data_target(path: str) -> str:
    """Where the browser writes data file ``path`` before a run: ``data/<basename>``."""
    return f"data/{PurePosixPath(path).name}"


@dataclass(frozen=True)
class Exercise:
    """A small coding task with starter code, a reference solution and checks."""

    id: str
    title: str
    prompt: str
    starter: str
    solution: str
    checks: str
    setup: str = ""
    #: Data files, relative to the docs folder (``datasets/marcus_posts.csv``).
    data: tuple[str, ...] = ()
    packages: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()
    solution_after: int = DEFAULT_SOLUTION_AFTER
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS
    #: The folder it was read from, as shown in messages (not sent to the browser).
    source: str = ""

    def to_json(self) -> dict[str, Any]:
        """Return the JSON-safe form the browser receives."""
        return {
            "id": self.id,
            "title": self.title,
            "prompt": self.prompt,
            "setup": self.setup,
            "starter": self.starter,
            "solution": self.solution,
            "checks": self.checks,
            "data": [{"path": path, "target": data_target(path)} for path in self.data],
            "packages": list(self.packages),
            "hints": list(self.hints),
            "solution_after": self.solution_after,
            "timeout_seconds": self.timeout_seconds,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Exercise:
        """Build an exercise from its JSON-safe form (already validated at build time)."""
        return cls(
            id=str(data["id"]),
            title=str(data["title"]),
            prompt=str(data.get("prompt", "")),
            setup=str(data.get("setup", "")),
            starter=str(data["starter"]),
            solution=str(data["solution"]),
            checks=str(data["checks"]),
            data=tuple(
                str(item["path"] if isinstance(item, Mapping) else item)
                for item in data.get("data", ())
            ),
            packages=tuple(str(name) for name in data.get("packages", ())),
            hints=tuple(str(hint) for hint in data.get("hints", ())),
            solution_after=int(data.get("solution_after", DEFAULT_SOLUTION_AFTER)),
            timeout_seconds=float(data.get("timeout_seconds", DEFAULT_TIMEOUT_SECONDS)),
        )


@dataclass(frozen=True)
class WrongAnswer:
    """A realistic wrong answer and the text its feedback must contain."""

    name: str
    code: str
    expect: str


@dataclass(frozen=True)
class RightAnswer:
    """A correct solution written differently from ``solution.py``: it must pass."""

    name: str
    code: str


def find_exercise_folders(docs_dir: Path) -> list[Path]:
    """Return every exercise folder under ``docs_dir`` (``**/exercises/<id>/exercise.yml``)."""
    return sorted(path.parent for path in docs_dir.glob("**/exercises/*/exercise.yml"))


def load_exercise(folder: Path, display_path: str, *, docs_dir: Path | None = None) -> Exercise:
    """Read and validate the exercise folder ``folder``, shown as ``display_path`` in errors.

    ``data`` paths are relative to ``docs_dir``; by default the folder two
    levels above ``exercises/`` (``docs/`` for ``docs/lesson-2/exercises/x``).
    Raises :class:`CourseError` naming the file, line, key and fix.
    """
    from .exercise_validate import build_exercise

    return build_exercise(folder, display_path, docs_dir=docs_dir or _docs_dir_of(folder))


def load_exercises(folders: Iterable[tuple[Path, str]], *, docs_dir: Path) -> dict[str, Exercise]:
    """Load every ``(folder, display_path)`` and check that ids are unique across the course."""
    exercises: dict[str, Exercise] = {}
    for folder, shown in folders:
        exercise = load_exercise(folder, shown, docs_dir=docs_dir)
        if exercise.id in exercises:
            raise CourseError(
                f"{exercise.id!r} is already the id of {exercises[exercise.id].source}",
                path=f"{shown}/exercise.yml",
                key="id",
                fix="give every exercise its own id (and folder name)",
            )
        exercises[exercise.id] = exercise
    return exercises


def load_wrong_answers(folder: Path, display_path: str) -> tuple[WrongAnswer, ...]:
    """Read ``wrong/*.py``; each must start with ``# expect-hint: <text>``."""
    from .exercise_validate import read_wrong_answers

    return read_wrong_answers(folder, display_path)


def load_right_answers(folder: Path, display_path: str) -> tuple[RightAnswer, ...]:
    """Read ``right/*.py``, the other correct solutions (each must be valid Python)."""
    from .exercise_validate import read_right_answers

    return read_right_answers(folder, display_path)


def _docs_dir_of(folder: Path) -> Path:
    for parent in folder.resolve().parents:
        if parent.name == "exercises":
            return parent.parent.parent
    raise CourseError(
        "the exercise folder is not inside an `exercises/` folder",
        path=str(folder),
        fix="put it at docs/lesson-N/exercises/<id>/, or pass docs_dir",
    )
