"""Coding exercises: the :class:`Exercise` record (standard library only).

The browser rebuilds it with :meth:`Exercise.from_json`; the build reads
and validates exercise folders with :mod:`quiz_engine.content.exercise`.

An exercise is a folder, ``docs/lesson-N/exercises/<id>/``, holding
``exercise.yml`` (id, title, prompt, setup, data, packages, hints, …),
``starter.py``, ``solution.py``, ``checks.py``, ``wrong/*.py`` (realistic
wrong answers, each starting with ``# expect-hint: <text>``, for the tests)
and ``right/*.py`` (correct solutions written another way, which must pass).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

from .records import record

__all__ = [
    "DEFAULT_SOLUTION_AFTER",
    "DEFAULT_TIMEOUT_SECONDS",
    "PACKAGES",
    "Exercise",
    "RightAnswer",
    "WrongAnswer",
    "data_target",
]

#: The packages an exercise may ask the browser to load (Pyodide 0.27.7 builds).
#: An exercise that lists matplotlib may plot: its figures show in the output.
PACKAGES = ("numpy", "pandas", "matplotlib")
DEFAULT_SOLUTION_AFTER = 3
DEFAULT_TIMEOUT_SECONDS = 10.0


def data_target(path: str) -> str:
    """Where the browser writes data file ``path`` before a run: ``data/<basename>``."""
    return f"data/{PurePosixPath(path).name}"


@record
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
    #: Data files only the checks read (variants of the data set they rerun the
    #: learner's code on): written for every run, never offered for download.
    check_data: tuple[str, ...] = ()
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
            # Every file the run needs; `offered`: shown to the learner for download.
            "data": [
                {"path": path, "target": data_target(path), "offered": path in self.data}
                for path in (*self.data, *self.check_data)
            ],
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
            data=tuple(_paths(data.get("data", ()), offered=True)),
            check_data=tuple(_paths(data.get("data", ()), offered=False)),
            packages=tuple(str(name) for name in data.get("packages", ())),
            hints=tuple(str(hint) for hint in data.get("hints", ())),
            solution_after=int(data.get("solution_after", DEFAULT_SOLUTION_AFTER)),
            timeout_seconds=float(data.get("timeout_seconds", DEFAULT_TIMEOUT_SECONDS)),
        )


def _paths(items: Any, *, offered: bool) -> list[str]:
    """The paths of the JSON form's data entries that are (or are not) offered."""
    return [
        str(item["path"] if isinstance(item, Mapping) else item)
        for item in items
        if (item.get("offered", True) if isinstance(item, Mapping) else True) is offered
    ]


@record
class WrongAnswer:
    """A realistic wrong answer and the text its feedback must contain."""

    name: str
    code: str
    expect: str


@record
class RightAnswer:
    """A correct solution written differently from ``solution.py``: it must pass."""

    name: str
    code: str
