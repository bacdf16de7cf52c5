"""Grading: pure functions from a question and an answer to a verdict.

Standard library only, so the same code grades in CPython (tests) and in
Pyodide (the learner's browser).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import CourseError
from .model import Question, Quiz

__all__ = ["Verdict", "grade_answer", "grade_quiz_answer"]


@dataclass(frozen=True)
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
