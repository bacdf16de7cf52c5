"""The golden exercise proofs over the real course content, in CPython and in Pyodide.

For every exercise: the reference solution passes every check, the starter
code fails, every ``wrong/*.py`` fails with the hint it names (one of them
types in the lesson's numbers instead of computing them), and every
``right/*.py`` — a correct solution written another way — passes.
"""

from __future__ import annotations

import base64
import json
import subprocess
import time
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from quiz_engine.content.exercise import (
    find_exercise_folders,
    load_exercise,
    read_right_answers,
    read_wrong_answers,
)
from quiz_engine.core.exercise import data_target
from tests.golden.exercises import check_exercise

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
FOLDERS = find_exercise_folders(DOCS)


@cache
def bundle(folder: Path) -> dict[str, Any]:
    """One exercise as the browser receives it, with its wrong answers and data files."""
    shown = str(folder.relative_to(ROOT))
    exercise = load_exercise(folder, shown, docs_dir=DOCS)
    return {
        "exercise": exercise.to_json(),
        "wrong": [vars(w) for w in read_wrong_answers(folder, shown)],
        "right": [vars(r) for r in read_right_answers(folder, shown)],
        "data": {
            data_target(path).removeprefix("data/"):
                base64.b64encode((DOCS / path).read_bytes()).decode("ascii")
            for path in (*exercise.data, *exercise.check_data)
        },
    }


def learner_lines(code: str) -> int:
    """Lines a learner writes: neither blank nor a comment."""
    lines = (line.strip() for line in code.splitlines())
    return sum(1 for line in lines if line and not line.startswith("#"))


def test_the_course_has_at_least_ten_exercises_across_the_lessons() -> None:
    """At least ten exercises, and Lessons 2, 3 and 4 each have several."""
    assert len(FOLDERS) >= 10
    per_lesson = {n: sum(f"lesson-{n}" in f.parts for f in FOLDERS) for n in (1, 2, 3, 4)}
    assert per_lesson[2] >= 3 and per_lesson[3] >= 3 and per_lesson[4] >= 3, per_lesson


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: f.name)
def test_exercise_is_small_and_has_two_wrong_answers(folder: Path) -> None:
    """The solution is 5 to 20 learner lines and at least two wrong answers are kept."""
    data = bundle(folder)
    assert 5 <= learner_lines(data["exercise"]["solution"]) <= 20
    assert len(data["wrong"]) >= 2


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: f.name)
def test_golden_exercise_in_cpython(folder: Path) -> None:
    """Solution passes, starter fails, each wrong answer gets its hint (CPython)."""
    runs, problems = check_exercise(bundle(folder))
    assert problems == []
    assert runs >= 4


#: Imports matplotlib's font manager, as the browser's worker does before a
#: plotting run, and prints whether it read its font list or made one.
FONT_LIST_USED = """
import logging as _logging
_said = []
_fonts = _logging.getLogger("matplotlib.font_manager")
_handler = _logging.Handler()
_handler.emit = lambda record: _said.append(record.getMessage())
_fonts.addHandler(_handler)
_fonts.setLevel(_logging.DEBUG)
import matplotlib.font_manager
_fonts.removeHandler(_handler)
_fonts.setLevel(_logging.NOTSET)
print("font list:", "made" if any("generated new" in m for m in _said)
      else "shipped" if any("Using fontManager instance" in m for m in _said) else "?")
"""


def test_golden_exercises_in_pyodide(tmp_path: Path, pyodide_dist: Path) -> None:
    """The same proofs pass inside real Pyodide 0.27.7 with its numpy, pandas and matplotlib."""
    bundles = [bundle(folder) for folder in FOLDERS]
    # The CPython proofs are the tests above; here, the same runs, counted, must pass in Pyodide.
    expected_runs = sum(2 + len(b["wrong"]) + len(b.get("right", [])) for b in bundles)
    golden = (ROOT / "tests" / "golden" / "exercises.py").read_text(encoding="utf-8")
    script = tmp_path / "run_golden_exercises.py"
    script.write_text(
        f"{golden}\n\nBUNDLES = {json.dumps(bundles)!r}\n{FONT_LIST_USED}"
        "import json as _json, sys as _sys\n"
        "_runs = check_exercises(_json.loads(BUNDLES))\n"
        "print(f'verified {_runs} exercise runs in', _sys.platform)\n",
        encoding="utf-8",
    )
    started = time.perf_counter()
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "pyodide" / "run_in_node.mjs"), str(pyodide_dist), str(script),
         "numpy", "pandas", "matplotlib", "quiz-engine"],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"verified {expected_runs} exercise runs in emscripten" in result.stdout
    # matplotlib used the font list shipped in its wheel (quiz_engine/site/font_list.py).
    assert "font list: shipped" in result.stdout
    print(f"Pyodide golden run: {len(bundles)} exercises, {expected_runs} runs, {elapsed:.1f} s")
