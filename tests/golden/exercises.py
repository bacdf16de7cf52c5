"""Golden exercise checks, run unchanged in CPython and in Pyodide.

Standard library and ``quiz_engine`` only. A *bundle* is one exercise as the
browser receives it plus what proves it::

    {"exercise": <Exercise.to_json()>,
     "wrong": [{"name": …, "code": …, "expect": …}, …],
     "right": [{"name": …, "code": …}, …],
     "data": {"marcus_posts.csv": "<base64>", …}}

For every bundle, through :mod:`quiz_engine.core.browser` (the path the page uses),
each in a fresh working directory holding ``data/<file>``:

- the reference solution runs without error and passes every check;
- the starter code runs without error and fails at least one check;
- every wrong answer fails, and the first thing the learner reads — the
  first failing check's message or hint, or the error if the code stopped —
  contains its ``expect`` text;
- every right answer (a correct solution written another way) passes;
- an exercise that plots (it lists matplotlib) shows its solution's figure
  in the output, as a PNG image.

:func:`check_exercises` returns how many runs it verified and raises
``AssertionError`` listing every problem found.
"""

from __future__ import annotations

import base64
import gc
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from quiz_engine.core import browser

__all__ = ["check_exercise", "check_exercises", "feedback_of"]


@contextmanager
def _workdir(data: Mapping[str, str]) -> Iterator[None]:
    """A fresh working directory holding ``data/<name>`` for each data file."""
    old = os.getcwd()
    folder = tempfile.mkdtemp(prefix="exercise-")
    os.makedirs(os.path.join(folder, "data"))
    for name, encoded in data.items():
        with open(os.path.join(folder, "data", name), "wb") as file:
            file.write(base64.b64decode(encoded))
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(old)
        shutil.rmtree(folder, ignore_errors=True)


def feedback_of(result: Mapping[str, Any]) -> str:
    """What the learner reads first: the error, or the first failed check's message and hint."""
    error = result["run"]["exception"]
    if error is not None:
        return f"{error['type']}: {error['message']}"
    failed = next((c for c in result["checks"] if not c["passed"]), None)
    return "" if failed is None else f"{failed['message']} | {failed['hint']}"


def _check(exercise_id: str, code: str, data: Mapping[str, str]) -> dict[str, Any]:
    with _workdir(data):
        reply = browser.handle("check-exercise", {"exercise_id": exercise_id, "code": code})
    if not reply["ok"]:
        raise AssertionError(f"{exercise_id}: {reply['failure']['message']}")
    return dict(reply["value"])


def check_exercise(bundle: Mapping[str, Any]) -> tuple[int, list[str]]:
    """Verify one bundle; return ``(runs verified, problems)``."""
    with warnings.catch_warnings():
        # Learner code may leave files open (`saved = np.load(...)`): they are collected
        # here, once per exercise (a full collection per run was most of a run's time).
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            return _check_runs(bundle)
        finally:
            gc.collect()


def _check_runs(bundle: Mapping[str, Any]) -> tuple[int, list[str]]:
    exercise, data = bundle["exercise"], bundle["data"]
    browser.handle("register-exercise", {"exercise": exercise})
    name = exercise["id"]
    problems: list[str] = []

    solved = _check(name, exercise["solution"], data)
    if not solved["passed"]:
        problems.append(f"{name}: the solution fails — {feedback_of(solved)}")
    shown = [item for item in solved["run"]["output"] if item["type"] == "image"]
    if "matplotlib" in exercise["packages"] and not any(
        base64.b64decode(item["data"]).startswith(b"\x89PNG") for item in shown
    ):
        problems.append(f"{name}: the solution's figure is not in the output")

    started = _check(name, exercise["starter"], data)
    if started["run"]["exception"] is not None:
        problems.append(f"{name}: the starter code stops with {feedback_of(started)}")
    elif started["passed"]:
        problems.append(f"{name}: the starter code passes every check")

    for wrong in bundle["wrong"]:
        result = _check(name, wrong["code"], data)
        said = feedback_of(result)
        if result["passed"]:
            problems.append(f"{name}/wrong/{wrong['name']}: passes every check")
        elif wrong["expect"].casefold() not in said.casefold():
            problems.append(
                f"{name}/wrong/{wrong['name']}: expected {wrong['expect']!r} in: {said}"
            )

    right_answers = bundle.get("right", [])
    for right in right_answers:
        result = _check(name, right["code"], data)
        if not result["passed"]:
            problems.append(f"{name}/right/{right['name']}: fails — {feedback_of(result)}")
    return 2 + len(bundle["wrong"]) + len(right_answers), problems


def check_exercises(bundles: list[Mapping[str, Any]]) -> int:
    """Verify every bundle; return the number of runs verified."""
    runs = 0
    problems: list[str] = []
    for bundle in bundles:
        count, found = check_exercise(bundle)
        runs += count
        problems += found
    if problems:
        raise AssertionError("\n".join(problems))
    return runs
