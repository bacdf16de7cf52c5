"""Grading: golden verdicts on JSON-safe data, and the stdlib-only browser path."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from quiz_engine import CourseError, Quiz, grade_answer, grade_quiz_answer
from quiz_engine.content.quiz import load_quiz
from quiz_engine.core import browser
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


def _grade(quiz_id: str, question_id: str, answer: str) -> dict[str, Any]:
    return browser.handle("grade", {"quiz_id": quiz_id, "question_id": question_id, "answer": answer})


def test_browser_entry_point_grades(quiz: Quiz) -> None:
    """register-quiz/grade take and return JSON-safe data; engine failures come back as data."""
    assert browser.handle("register-quiz", {"quiz": quiz.to_json()}) == {"ok": True, "value": {}}
    assert _grade("sample", "second", "b")["value"]["correct"] is True
    assert _grade("sample", "second", "a")["value"]["feedback"] == "The test set is touched exactly once."
    assert "is not one of the options" in _grade("sample", "second", "q")["failure"]["message"]
    missing = _grade("missing", "second", "a")
    assert missing["ok"] is False
    assert "is not loaded" in missing["failure"]["message"]


def test_browser_entry_point_refuses_unknown_and_malformed_requests() -> None:
    """An unknown type or missing fields are failures as data, never exceptions."""
    unknown = browser.handle("format-disk", {})
    assert unknown["ok"] is False
    assert "unknown request type 'format-disk'" in unknown["failure"]["message"]
    malformed = browser.handle("grade", {"quiz_id": "sample"})
    assert malformed["ok"] is False
    assert "malformed grade request" in malformed["failure"]["message"]


def test_whole_test_passes_at_the_mark(quiz: Quiz) -> None:
    """A test graded at once: every answer right passes; below the mark does not."""
    from quiz_engine.core.grade import grade_test

    result = grade_test(quiz, {"first": "a", "second": "b"})
    assert (result.score, result.total, result.needed, result.passed) == (2, 2, 2, True)
    assert [v.feedback for v in result.verdicts] == ["Right, the data.", "Yes, the test set."]
    failed = grade_test(quiz, {"first": "b", "second": "b"})
    assert (failed.score, failed.passed) == (1, False)
    assert failed.verdicts[0].feedback == "Not quite; look at the data first."


def test_module_test_needs_12_of_15() -> None:
    """The Module 8 Test passes at 80%: 12 of 15 right passes, 11 does not."""
    from pathlib import Path

    from quiz_engine.core.grade import grade_test

    module_test = load_quiz(Path(__file__).resolve().parents[2] / "docs" / "test" / "test.yml")
    assert module_test.pass_mark == 0.8 and len(module_test.questions) == 15
    right = {q.id: q.answer for q in module_test.questions}

    def with_wrong(count: int) -> dict[str, str]:
        answers = dict(right)
        for question in module_test.questions[:count]:
            answers[question.id] = next(o.id for o in question.options if not o.correct)
        return answers

    assert grade_test(module_test, with_wrong(3)).to_json()["passed"] is True
    eleven = grade_test(module_test, with_wrong(4))
    assert (eleven.score, eleven.needed, eleven.passed) == (11, 12, False)


def test_whole_test_needs_every_answer(quiz: Quiz) -> None:
    """Submitting with a question unanswered is an error naming it."""
    from quiz_engine.core.grade import grade_test

    with pytest.raises(CourseError, match="1 question\\(s\\) not answered: second"):
        grade_test(quiz, {"first": "a"})
    browser.handle("register-quiz", {"quiz": quiz.to_json()})
    half = browser.handle("grade-test", {"quiz_id": "sample", "answers": {"first": "a"}})
    assert "not answered" in half["failure"]["message"]
    whole = browser.handle("grade-test", {"quiz_id": "sample", "answers": {"first": "a", "second": "b"}})
    assert whole["value"]["passed"] is True
