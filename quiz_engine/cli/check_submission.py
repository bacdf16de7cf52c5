"""``python -m quiz_engine check-exercise FOLDER FILE``: try a submission as the browser would.

The exercise folder is loaded and validated as the build does; the
submission runs through :mod:`quiz_engine.core.browser` — the same runner and
checks the learner's page uses — in a temporary folder holding the
exercise's data files at their ``data/<name>`` targets. The report lists
each check with ✓ or ✗, its message and hint; ``--json`` prints
``{"passed": bool, "checks": [...]}`` (plus ``summary`` and ``run``).

Exit status: 0 every check passes, 1 a check fails (or the code stopped),
2 usage or content error (no such file, an exercise that does not load).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..content.exercise import load_exercise
from ..core import browser
from ..core.errors import CourseError
from ..core.exercise import Exercise, data_target

__all__ = ["add_command", "check_submission", "format_report", "run_command"]

PASSED, FAILED, REFUSED = 0, 1, 2


@contextmanager
def _data_folder(exercise: Exercise, docs_dir: Path) -> Iterator[None]:
    """Work in a fresh folder holding each data file at its browser target (``data/…``)."""
    old = os.getcwd()
    folder = tempfile.mkdtemp(prefix="check-exercise-")
    try:
        for path in (*exercise.data, *exercise.check_data):
            target = Path(folder) / data_target(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(docs_dir / path, target)
        os.chdir(folder)
        yield
    finally:
        os.chdir(old)
        shutil.rmtree(folder, ignore_errors=True)


def _docs_dir(folder: Path) -> Path:
    for parent in folder.resolve().parents:
        if parent.name == "exercises":
            return parent.parent.parent
    raise CourseError(
        "is not an exercise folder inside `exercises/`", path=str(folder),
        fix="name a folder such as docs/lesson-2/exercises/class-weights",
    )


def check_submission(folder: Path, code: str) -> dict[str, Any]:
    """Check ``code`` against the exercise in ``folder``; return the browser's result.

    Raises :class:`CourseError` when the exercise does not load.
    """
    docs_dir = _docs_dir(folder)
    exercise = load_exercise(folder, str(folder), docs_dir=docs_dir)
    browser.handle("register-exercise", {"exercise": exercise.to_json()})
    with _data_folder(exercise, docs_dir):
        reply = browser.handle("check-exercise", {"exercise_id": exercise.id, "code": code})
    if not reply["ok"]:
        raise CourseError(str(reply["failure"]["message"]), path=str(folder))
    return dict(reply["value"])


def format_report(result: dict[str, Any]) -> str:
    """The result as text: one line per check with ✓ / ✗, then its message and hint."""
    lines: list[str] = []
    error = result["run"]["exception"]
    if error is not None:
        lines += [error["traceback"] or f"{error['type']}: {error['message']}", ""]
    for outcome in result["checks"]:
        lines.append(f"{'✓' if outcome['passed'] else '✗'} {outcome['expectation']}")
        if not outcome["passed"]:
            lines.append(f"    {outcome['message']}")
            if outcome["hint"]:
                lines.append(f"    hint: {outcome['hint']}")
    lines.append(result["summary"])
    return "\n".join(lines)


def add_command(commands: Any) -> None:
    """Register ``check-exercise`` on the command line's subparsers."""
    command = commands.add_parser(
        "check-exercise", help="check a submission against an exercise, as the browser does",
        description="Run FILE with the exercise's setup and data, then every check, with the "
        "runner the browser uses. Exit status 0: it passes; 1: a check fails; 2: usage or "
        "content error.",
    )
    command.add_argument("folder", type=Path,
                         help="the exercise folder, e.g. docs/lesson-2/exercises/class-weights")
    command.add_argument("file", type=Path, help="the Python file to check")
    command.add_argument("--json", action="store_true",
                         help='print {"passed": …, "checks": […]} as JSON')


def run_command(args: argparse.Namespace) -> int:
    """Run ``check-exercise``; return the exit status."""
    try:
        code = args.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"error: {args.file}: cannot read it ({error})", file=sys.stderr)
        return REFUSED
    try:
        result = check_submission(args.folder, code)
    except CourseError as error:
        print(f"error: {error}", file=sys.stderr)
        return REFUSED
    if args.json:
        print(json.dumps({"passed": result["passed"], "checks": result["checks"],
                          "summary": result["summary"], "run": result["run"]},
                         indent=2, ensure_ascii=False))
    else:
        print(format_report(result))
    return PASSED if result["passed"] else FAILED
