"""Grading: golden verdicts on JSON-safe data, and the stdlib-only browser path."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from quiz_engine import CourseError, Quiz, browser, grade_answer, grade_quiz_answer
from quiz_engine.loader import load_quiz
from tests.unit.conftest import VALID_QUIZ


@pytest.fixture
def quiz(write_quiz: Callable[[str], Path]) -> Quiz:
    """The sample quiz, loaded and validated."""
    return load_quiz(write_quiz(VALID_QUIZ))


def test_right_answer_gets_right_feedback(quiz: Quiz) -> None:
    """The right option is graded correct with the author's right feedback."""
    verdict = grade_answer(quiz.questions[0], "a")
    assert verdict.to_json() == {
        "question_id": "first", "answer": "a", "correct": True, "feedback": "Right, the data.",
    }


@pytest.mark.parametrize("answer", ["b", "c"])
def test_every_wrong_answer_gets_wrong_feedback(quiz: Quiz, answer: str) -> None:
    """Each wrong option is graded wrong with the author's wrong feedback."""
    verdict = grade_answer(quiz.questions[0], answer)
    assert not verdict.correct
    assert verdict.feedback == "Not quite; look at the data first."


def test_unknown_option_is_an_error(quiz: Quiz) -> None:
    """An option id the question does not have raises instead of grading wrong."""
    with pytest.raises(CourseError, match="'z' is not one of the options a, b, c"):
        grade_answer(quiz.questions[0], "z")


def test_unknown_question_is_an_error(quiz: Quiz) -> None:
    """A question id the quiz does not have raises with a fix."""
    with pytest.raises(CourseError, match="has no question 'third'"):
        grade_quiz_answer(quiz, "third", "a")


def test_json_round_trip(quiz: Quiz) -> None:
    """The JSON form the browser receives rebuilds the same quiz."""
    again = Quiz.from_json(json.loads(json.dumps(quiz.to_json())))
    assert again == Quiz(quiz.id, quiz.title, quiz.questions)


def test_browser_entry_points(quiz: Quiz) -> None:
    """register_quiz/grade take and return JSON-safe data; errors come back as data."""
    assert browser.register_quiz(quiz.to_json()) == {"quiz_id": "sample", "questions": 2}
    assert browser.grade("sample", "second", "b")["correct"] is True
    assert browser.grade("sample", "second", "a")["feedback"] == "The test set is touched exactly once."
    assert "error" in browser.grade("sample", "second", "q")
    assert "is not loaded" in browser.grade("missing", "second", "a")["error"]


def test_grading_path_imports_only_the_standard_library() -> None:
    """Importing the browser path pulls in no yaml, mkdocs, jsonschema or other third party."""
    code = (
        "import sys; import quiz_engine.browser, quiz_engine.grade, quiz_engine.model;"
        "banned = ('yaml', 'mkdocs', 'jsonschema', 'hatchling', 'pyodide_lock', 'markdown');"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in banned))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
