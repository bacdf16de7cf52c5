"""The golden grading checks over the real course content, in CPython and in Pyodide."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from quiz_engine.content.quiz import load_quiz
from tests.golden.grading import check_course

ROOT = Path(__file__).resolve().parents[2]
QUIZ_FILES = sorted((ROOT / "docs").glob("**/quiz.yml")) + sorted((ROOT / "docs").glob("**/test.yml"))


def course_quizzes() -> list[dict[str, Any]]:
    """Every quiz of the course in the JSON form the browser receives."""
    return [load_quiz(path).to_json() for path in QUIZ_FILES]


def expected_answers() -> int:
    """How many options the course has in all."""
    return sum(len(q["options"]) for quiz in course_quizzes() for q in quiz["questions"])


def test_course_has_four_quizzes_of_five_and_a_test_of_fifteen() -> None:
    """The content files carry the whole course: 4 quizzes of 5 questions, and 15 in the test."""
    sizes = {quiz["id"]: len(quiz["questions"]) for quiz in course_quizzes()}
    assert sizes == {"lesson-1": 5, "lesson-2": 5, "lesson-3": 5, "lesson-4": 5, "module-test": 15}
    assert all(len(q["options"]) == 4 for quiz in course_quizzes() for q in quiz["questions"])


def test_golden_grading_in_cpython() -> None:
    """Every option of every question grades as the author intended, in CPython."""
    assert check_course(course_quizzes()) == expected_answers() == 140


def test_golden_grading_in_pyodide(tmp_path: Path, pyodide_dist: Path) -> None:
    """The same checks pass inside real Pyodide 0.27.7 (Node, the site's own distribution)."""
    golden = (ROOT / "tests" / "golden" / "grading.py").read_text(encoding="utf-8")
    script = tmp_path / "run_golden.py"
    script.write_text(
        f"{golden}\n\nQUIZZES = {json.dumps(course_quizzes())!r}\n"
        "import json, sys\n"
        "graded = check_course(json.loads(QUIZZES))\n"
        "print(f'graded {graded} answers in', sys.platform)\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "pyodide" / "run_in_node.mjs"), str(pyodide_dist), str(script),
         "quiz-engine"],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"graded {expected_answers()} answers in emscripten" in result.stdout
