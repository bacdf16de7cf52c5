"""The one entry point the browser's Python worker calls: :func:`handle`.

Runs inside Pyodide; standard library only. A request is a type and its
JSON-safe data (the worker converts with ``to_py()`` / ``toJs()``); the reply
is ``{"ok": True, "value": …}``, or ``{"ok": False, "failure": {"message": …}}``
when the engine cannot answer (an unknown quiz, a broken check file): a
:class:`CourseError` comes back as data rather than an exception crossing
into JavaScript. The learner's own exception is part of a run's value
(``value["exception"]``), never a failure. The request types are those of
``overrides/assets/course/runtime/protocol.js``.

Importing this module brings in only what grading needs: a quiz's first
answer in a cold browser waits for nothing else (each module imported is
read from the wheel and loaded there, bytecode though it is). The exercise
runner, the checks API, plots and the practice peer are imported by the
first request that needs them, or all at once by :func:`preload` — which
the worker calls before it takes a memory snapshot, so that a restored
Python has every module without its files.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from .errors import CourseError
from .grade import grade_quiz_answer, grade_test
from .model import Quiz

if TYPE_CHECKING:
    from .exercise import Exercise

__all__ = ["LAZY_MODULES", "REQUEST_TYPES", "handle", "preload", "reset"]

#: The modules imported on first use rather than with this one (see the module doc).
LAZY_MODULES = (
    "quiz_engine.core.exercise",
    "quiz_engine.core.exercise_runner",
    "quiz_engine.core.practice",
)

_QUIZZES: dict[str, Quiz] = {}
_EXERCISES: dict[str, Exercise] = {}


def _quiz(quiz_id: str, kind: str) -> Quiz:
    quiz = _QUIZZES.get(quiz_id)
    if quiz is None:
        raise CourseError(
            f"{kind} {quiz_id!r} is not loaded", fix=f"reload the page to load the {kind} again"
        )
    return quiz


def _exercise(exercise_id: str) -> Exercise:
    exercise = _EXERCISES.get(exercise_id)
    if exercise is None:
        raise CourseError(
            f"exercise {exercise_id!r} is not loaded",
            fix="reload the page to load the exercise again",
        )
    return exercise


def _register_quiz(data: Mapping[str, Any]) -> dict[str, Any]:
    """Keep the quiz described by ``data["quiz"]`` (its JSON form) for grading."""
    quiz = Quiz.from_json(data["quiz"])
    _QUIZZES[quiz.id] = quiz
    return {}


def _grade(data: Mapping[str, Any]) -> dict[str, Any]:
    """Grade one answer of a registered quiz."""
    quiz = _quiz(str(data["quiz_id"]), "quiz")
    return grade_quiz_answer(quiz, str(data["question_id"]), str(data["answer"])).to_json()


def _grade_test(data: Mapping[str, Any]) -> dict[str, Any]:
    """Grade a whole registered test at once."""
    quiz = _quiz(str(data["quiz_id"]), "test")
    return grade_test(quiz, {str(k): str(v) for k, v in data["answers"].items()}).to_json()


def preload() -> None:
    """Import every module a request may need (:data:`LAZY_MODULES` and what they import)."""
    for name in LAZY_MODULES:
        importlib.import_module(name)


def reset() -> None:
    """Forget every registered quiz, test and exercise (a restored snapshot may hold some)."""
    _QUIZZES.clear()
    _EXERCISES.clear()


def _register_exercise(data: Mapping[str, Any]) -> dict[str, Any]:
    """Keep the exercise described by ``data["exercise"]`` for running and checking."""
    from .exercise import Exercise

    exercise = Exercise.from_json(data["exercise"])
    _EXERCISES[exercise.id] = exercise
    return {}


def _run_exercise(data: Mapping[str, Any]) -> dict[str, Any]:
    """Run the learner's code after the exercise's setup."""
    from .exercise_runner import run_code

    exercise = _exercise(str(data["exercise_id"]))
    return run_code(str(data["code"]), setup=exercise.setup)


def _check_exercise(data: Mapping[str, Any]) -> dict[str, Any]:
    """Run the learner's code and every check of the exercise."""
    from .exercise_runner import check_code

    exercise = _exercise(str(data["exercise_id"]))
    return check_code(
        str(data["code"]), setup=exercise.setup, checks_source=exercise.checks,
        solution=exercise.solution,
    )


def _practice_reply(data: Mapping[str, Any]) -> dict[str, Any]:
    """The offline practice peer's next reply, when no labs worker is reachable."""
    from .practice import practice_reply

    return {"text": practice_reply(data["lab"], list(data["messages"]))}


_HANDLERS: dict[str, Callable[[Mapping[str, Any]], dict[str, Any]]] = {
    "register-quiz": _register_quiz,
    "grade": _grade,
    "grade-test": _grade_test,
    "register-exercise": _register_exercise,
    "run-exercise": _run_exercise,
    "check-exercise": _check_exercise,
    "practice-reply": _practice_reply,
}

#: The request types Python answers (the worker itself answers ``boot``).
REQUEST_TYPES = tuple(_HANDLERS)


def handle(request_type: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """Answer one request: ``{"ok": True, "value": …}`` or ``{"ok": False, "failure": …}``."""
    handler = _HANDLERS.get(request_type)
    try:
        if handler is None:
            raise CourseError(
                f"unknown request type {request_type!r}",
                fix=f"send one of: {', '.join(REQUEST_TYPES)}",
            )
        return {"ok": True, "value": handler(data)}
    except CourseError as error:
        return {"ok": False, "failure": {"message": str(error)}}
    except (KeyError, TypeError, AttributeError) as error:
        message = f"malformed {request_type} request ({error!r})"
        return {"ok": False, "failure": {"message": message}}
