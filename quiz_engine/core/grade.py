"""Grading: pure functions from a question and an answer to a verdict.

Standard library only, so the same code grades in CPython (tests) and in
Pyodide (the learner's browser).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from .errors import CourseError
from .model import Question, Quiz
from .records import record

__all__ = [
    "DEFAULT_PASS_MARK",
    "TestResult",
    "Verdict",
    "grade_answer",
    "grade_quiz_answer",
    "grade_test",
]


@record
class Verdict:
    """The result of checking one answer."""

    question_id: str
    answer: str
    correct: bool
    feedback: str

    def to_json(self) -> dict[str, Any]:
        """Return the JSON-safe form sent back to the page."""
        return {
            "question_id": self.question_id,
            "answer": self.answer,
            "correct": self.correct,
            "feedback": self.feedback,
        }


def grade_answer(question: Question, answer: str) -> Verdict:
    """Check ``answer`` (an option id) against ``question``.

    Raises :class:`CourseError` when ``answer`` is not one of the question's
    options, so a page bug is reported instead of being graded as wrong.
    """
    option = question.option(answer)
    if option is None:
        ids = ", ".join(o.id for o in question.options)
        raise CourseError(
            f"{answer!r} is not one of the options {ids}",
            key=f"questions[{question.id}].answer",
            fix="send the id of one of the question's options",
        )
    feedback = question.feedback_right if option.correct else question.feedback_wrong
    return Verdict(question.id, answer, option.correct, feedback)


def grade_quiz_answer(quiz: Quiz, question_id: str, answer: str) -> Verdict:
    """Find ``question_id`` in ``quiz`` and grade ``answer`` for it."""
    question = quiz.question(question_id)
    if question is None:
        raise CourseError(
            f"quiz {quiz.id!r} has no question {question_id!r}",
            fix="reload the page; the quiz may have changed since it was opened",
        )
    return grade_answer(question, answer)


DEFAULT_PASS_MARK = 0.8


@record
class TestResult:
    """A whole test, graded at once."""

    quiz_id: str
    score: int
    total: int
    needed: int
    passed: bool
    verdicts: tuple[Verdict, ...]

    def to_json(self) -> dict[str, Any]:
        """Return the JSON-safe form sent back to the page."""
        return {
            "quiz_id": self.quiz_id,
            "score": self.score,
            "total": self.total,
            "needed": self.needed,
            "passed": self.passed,
            "verdicts": [verdict.to_json() for verdict in self.verdicts],
        }


def grade_test(quiz: Quiz, answers: Mapping[str, str]) -> TestResult:
    """Grade every question of ``quiz`` from ``answers`` (question id → option id).

    Every question must be answered. The test passes with at least
    ``ceil(pass_mark * questions)`` right answers (12 of 15 at 80%).
    """
    missing = [q.id for q in quiz.questions if q.id not in answers]
    if missing:
        raise CourseError(
            f"{len(missing)} question(s) not answered: {', '.join(missing)}",
            fix="answer every question before submitting",
        )
    unknown = sorted(set(answers) - {q.id for q in quiz.questions})
    if unknown:
        raise CourseError(
            f"answers for questions the test does not have: {', '.join(unknown)}",
            fix="reload the page; the test may have changed since it was opened",
        )
    verdicts = tuple(grade_answer(q, answers[q.id]) for q in quiz.questions)
    score = sum(v.correct for v in verdicts)
    mark = quiz.pass_mark if quiz.pass_mark is not None else DEFAULT_PASS_MARK
    # Round away float noise before ceil: 0.8 * 15 is 12.000000000000002.
    needed = math.ceil(round(mark * len(verdicts), 9))
    return TestResult(quiz.id, score, len(verdicts), needed, score >= needed, verdicts)
