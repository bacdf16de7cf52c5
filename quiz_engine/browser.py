"""The entry points the browser's Python worker calls.

Runs inside Pyodide; standard library only. Arguments and results are plain
JSON-safe values (the worker converts with ``to_py()`` / ``toJs()``), and a
:class:`CourseError` comes back as ``{"error": message}`` data rather than an
exception crossing into JavaScript.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import CourseError
from .exercise import Exercise
from .exercise_runner import check_code, run_code
from .grade import grade_quiz_answer, grade_test
from .model import Quiz

__all__ = [
    "check_exercise",
    "grade",
    "grade_whole_test",
    "practice_reply",
    "register_exercise",
    "register_quiz",
    "registered_exercises",
    "registered_quizzes",
    "run_exercise",
]

_QUIZZES: dict[str, Quiz] = {}
_EXERCISES: dict[str, Exercise] = {}


def register_quiz(data: Mapping[str, Any]) -> dict[str, Any]:
    """Keep the quiz described by ``data`` (its JSON form) for grading."""
    quiz = Quiz.from_json(data)
    _QUIZZES[quiz.id] = quiz
    return {"quiz_id": quiz.id, "questions": len(quiz.questions)}


def registered_quizzes() -> list[str]:
    """Return the ids of the quizzes registered so far."""
    return sorted(_QUIZZES)


def grade(quiz_id: str, question_id: str, answer: str) -> dict[str, Any]:
    """Grade one answer; returns the verdict, or ``{"error": …}``."""
    quiz = _QUIZZES.get(quiz_id)
    try:
        if quiz is None:
            raise CourseError(
                f"quiz {quiz_id!r} is not loaded", fix="reload the page to load the quiz again"
            )
        return grade_quiz_answer(quiz, question_id, answer).to_json()
    except CourseError as error:
        return {"error": str(error)}


def grade_whole_test(quiz_id: str, answers: Mapping[str, str]) -> dict[str, Any]:
    """Grade a whole test at once; returns the result, or ``{"error": …}``."""
    quiz = _QUIZZES.get(quiz_id)
    try:
        if quiz is None:
            raise CourseError(
                f"test {quiz_id!r} is not loaded", fix="reload the page to load the test again"
            )
        return grade_test(quiz, dict(answers)).to_json()
    except CourseError as error:
        return {"error": str(error)}


def practice_reply(lab: Mapping[str, Any], messages: list[Mapping[str, Any]]) -> dict[str, Any]:
    """The offline practice peer's next reply, when no labs worker is reachable.

    ``lab`` is the lab's practice data (its persona without the system
    prompt or scenario answers); the code is the labs worker's own
    :mod:`labs_worker.practice`, shipped in the same wheel.
    """
    from labs_worker.practice import practice_reply as reply

    return {"text": reply(lab, messages)}


def register_exercise(data: Mapping[str, Any]) -> dict[str, Any]:
    """Keep the exercise described by ``data`` (its JSON form) for running and checking.

    Returns what the worker must prepare before a run: the packages to load
    and the data files to write (``{"path": …, "target": "data/…"}``).
    """
    exercise = Exercise.from_json(data)
    _EXERCISES[exercise.id] = exercise
    payload = exercise.to_json()
    return {
        "exercise_id": exercise.id,
        "packages": payload["packages"],
        "data": payload["data"],
        "timeout_seconds": exercise.timeout_seconds,
    }


def registered_exercises() -> list[str]:
    """Return the ids of the exercises registered so far."""
    return sorted(_EXERCISES)


def _exercise(exercise_id: str) -> Exercise:
    exercise = _EXERCISES.get(exercise_id)
    if exercise is None:
        raise CourseError(
            f"exercise {exercise_id!r} is not loaded",
            fix="reload the page to load the exercise again",
        )
    return exercise


def run_exercise(exercise_id: str, code: str) -> dict[str, Any]:
    """Run the learner's ``code`` after the exercise's setup; ``{"error": …}`` if unknown."""
    try:
        return run_code(code, setup=_exercise(exercise_id).setup)
    except CourseError as error:
        return {"error": str(error)}


def check_exercise(exercise_id: str, code: str) -> dict[str, Any]:
    """Run the learner's ``code`` and every check of the exercise, or ``{"error": …}``."""
    try:
        exercise = _exercise(exercise_id)
        return check_code(code, setup=exercise.setup, checks_source=exercise.checks,
                          solution=exercise.solution)
    except CourseError as error:
        return {"error": str(error)}
