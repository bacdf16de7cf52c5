"""The one entry point the browser's Python worker calls: :func:`handle`.

Runs inside Pyodide; standard library only. The worker sends a request's type
and its data (plain JSON-safe values, converted with ``to_py()``) and gets back
``{"ok": True, "value": …}``, or ``{"ok": False, "failure": {"message": …}}``
when the engine cannot do what was asked (a :class:`CourseError`: a quiz not
loaded, an unknown option, checks that do not load). The learner's own
exception inside a run is not a failure: it is data of the run's result
(``exception``, see :mod:`quiz_engine.exercise_runner`).

The request types and their data are those of the page ↔ worker protocol
(``overrides/assets/course/runtime/protocol.js``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .errors import CourseError
from .exercise import Exercise
from .exercise_runner import check_code, run_code
from .grade import grade_quiz_answer, grade_test
from .model import Quiz

__all__ = [
    "REQUESTS",
    "check_exercise",
    "grade",
    "grade_whole_test",
    "handle",
    "practice_reply",
    "register_exercise",
    "register_quiz",
    "registered_exercises",
    "run_exercise",
]

_QUIZZES: dict[str, Quiz] = {}
_EXERCISES: dict[str, Exercise] = {}


def register_quiz(data: Mapping[str, Any]) -> dict[str, Any]:
    """Keep the quiz described by ``data`` (its JSON form) for grading."""
    quiz = Quiz.from_json(data)
    _QUIZZES[quiz.id] = quiz
    return {"quiz_id": quiz.id, "questions": len(quiz.questions)}


def _quiz(quiz_id: str, what: str) -> Quiz:
    quiz = _QUIZZES.get(quiz_id)
    if quiz is None:
        raise CourseError(
            f"{what} {quiz_id!r} is not loaded", fix=f"reload the page to load the {what} again"
        )
    return quiz


def grade(quiz_id: str, question_id: str, answer: str) -> dict[str, Any]:
    """Grade one answer; raises :class:`CourseError` for an unknown quiz, question or option."""
    return grade_quiz_answer(_quiz(quiz_id, "quiz"), question_id, answer).to_json()


def grade_whole_test(quiz_id: str, answers: Mapping[str, str]) -> dict[str, Any]:
    """Grade a whole test at once; raises :class:`CourseError` if it cannot be graded."""
    return grade_test(_quiz(quiz_id, "test"), dict(answers)).to_json()


def practice_reply(lab: Mapping[str, Any], messages: list[Mapping[str, Any]]) -> dict[str, Any]:
    """The offline practice peer's next reply, when no labs worker is reachable.

    ``lab`` is the lab's practice data (its persona without the system
    prompt or scenario answers); the code is the labs worker's own
    :mod:`labs_worker.practice`, shipped in the same wheel.
    """
    from labs_worker.practice import practice_reply as reply

    return {"text": reply(lab, messages)}


def register_exercise(data: Mapping[str, Any]) -> dict[str, Any]:
    """Keep the exercise described by ``data`` (its JSON form) for running and checking."""
    exercise = Exercise.from_json(data)
    _EXERCISES[exercise.id] = exercise
    return {"exercise_id": exercise.id}


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
    """Run the learner's ``code`` after the exercise's setup."""
    return run_code(code, setup=_exercise(exercise_id).setup)


def check_exercise(exercise_id: str, code: str) -> dict[str, Any]:
    """Run the learner's ``code`` and every check of the exercise."""
    exercise = _exercise(exercise_id)
    return check_code(code, setup=exercise.setup, checks_source=exercise.checks)


#: Each request type of the protocol, and how its data is answered.
REQUESTS: dict[str, Callable[[Mapping[str, Any]], dict[str, Any]]] = {
    "register-quiz": register_quiz,
    "grade": lambda d: grade(d["quiz_id"], d["question_id"], d["answer"]),
    "grade-test": lambda d: grade_whole_test(d["quiz_id"], d["answers"]),
    "register-exercise": lambda d: register_exercise(d["exercise"]),
    "run-exercise": lambda d: run_exercise(d["exercise_id"], d["code"]),
    "check-exercise": lambda d: check_exercise(d["exercise_id"], d["code"]),
    "practice-reply": lambda d: practice_reply(d["lab"], d["messages"]),
}


def handle(request_type: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """Answer one request: ``{"ok": True, "value": …}`` or ``{"ok": False, "failure": …}``."""
    answer = REQUESTS.get(request_type)
    try:
        if answer is None:
            raise CourseError(f"unknown request type {request_type!r}")
        return {"ok": True, "value": answer(data)}
    except CourseError as error:
        return {"ok": False, "failure": {"message": str(error)}}
