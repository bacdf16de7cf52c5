"""Read and validate quiz and test files into :class:`~quiz_engine.core.model.Quiz` records.

Every problem is reported as a :class:`CourseError` naming the file, the line,
the key and the fix, e.g. ``docs/lesson-2/quiz.yml:41: questions[3].options:
no option is marked `correct: true` — mark the right option``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..core.errors import CourseError
from ..core.model import Option, Question, Quiz, option_id
from .toolkit import Checker, by_unique_id, read_located_yaml
from .yaml_lines import LocatedData

__all__ = [
    "MAX_OPTIONS", "MIN_OPTIONS", "build_quiz", "load_quiz", "load_quizzes", "quizzes_by_id",
]

MIN_OPTIONS = 2
MAX_OPTIONS = 8

_QUIZ_KEYS = {"id": True, "title": True, "pass_mark": False, "questions": True}
_QUESTION_KEYS = {"id": True, "prompt": True, "options": True, "feedback": True}
_OPTION_KEYS = {"text": True, "correct": False}
_FEEDBACK_KEYS = {"right": True, "wrong": True}


def _build_option(check: Checker, value: Any, key: str, index: int) -> Option:
    data = check.mapping(value, key, _OPTION_KEYS)
    correct = data.get("correct", False)
    if not isinstance(correct, bool):
        raise check.fail(
            f"{key}.correct", f"must be true or false, found {correct!r}",
            "write `correct: true` on the right option and leave it out elsewhere",
        )
    return Option(id=option_id(index), text=check.text(data["text"], f"{key}.text"),
                  correct=correct)


def _build_question(check: Checker, value: Any, key: str) -> Question:
    data = check.mapping(value, key, _QUESTION_KEYS)
    raw_options = check.items(data["options"], f"{key}.options", "options", MIN_OPTIONS)
    if len(raw_options) > MAX_OPTIONS:
        raise check.fail(
            f"{key}.options", f"has {len(raw_options)} options, more than {MAX_OPTIONS}",
            "keep the question to a few well-chosen options",
        )
    options = tuple(
        _build_option(check, item, f"{key}.options[{i}]", i) for i, item in enumerate(raw_options)
    )
    right = [option.id for option in options if option.correct]
    if not right:
        raise check.fail(
            f"{key}.options", "no option is marked `correct: true`",
            "add `correct: true` to the one right option",
        )
    if len(right) > 1:
        raise check.fail(
            f"{key}.options", f"options {' and '.join(right)} are all marked `correct: true`",
            "a question has exactly one right option; remove `correct: true` from the others",
        )
    texts = [option.text.casefold() for option in options]
    for i, text in enumerate(texts):
        if text in texts[:i]:
            raise check.fail(
                f"{key}.options[{i}].text", "repeats the text of an earlier option",
                "make every option different",
            )
    feedback = check.mapping(data["feedback"], f"{key}.feedback", _FEEDBACK_KEYS)
    return Question(
        id=check.slug(data["id"], f"{key}.id"),
        prompt=check.text(data["prompt"], f"{key}.prompt"),
        options=options,
        feedback_right=check.text(feedback["right"], f"{key}.feedback.right"),
        feedback_wrong=check.text(feedback["wrong"], f"{key}.feedback.wrong"),
    )


def build_quiz(located: LocatedData, path: str) -> Quiz:
    """Validate ``located`` (read from ``path``) and return the quiz it describes."""
    check = Checker(located, path)
    if located.data is None:
        raise check.fail("", "the file is empty", "start with `id:`, `title:` and `questions:`")
    data = check.mapping(located.data, "", _QUIZ_KEYS)
    raw_questions = check.items(data["questions"], "questions", "questions", 1)
    questions: list[Question] = []
    for index, item in enumerate(raw_questions):
        question = _build_question(check, item, f"questions[{index}]")
        earlier = next((i for i, q in enumerate(questions) if q.id == question.id), None)
        if earlier is not None:
            raise check.fail(
                f"questions[{index}].id",
                f"{question.id!r} is already the id of questions[{earlier}]",
                "give every question its own id",
            )
        questions.append(question)
    return Quiz(
        id=check.slug(data["id"], "id"),
        title=check.text(data["title"], "title"),
        questions=tuple(questions),
        source=path,
        pass_mark=_pass_mark(check, data.get("pass_mark")),
    )


def _pass_mark(check: Checker, value: Any) -> float | None:
    """Check the optional ``pass_mark``: a share of right answers above 0, at most 1."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        raise check.fail(
            "pass_mark", f"must be a share between 0 and 1, found {value!r}",
            "write e.g. `pass_mark: 0.8` to pass at 80%",
        )
    return float(value)


def load_quiz(path: Path, *, display_path: str | None = None) -> Quiz:
    """Read and validate the quiz file at ``path`` (``display_path``: how errors name it)."""
    shown = display_path or str(path)
    return build_quiz(read_located_yaml(path, shown), shown)


def load_quizzes(paths: Iterable[tuple[Path, str]]) -> dict[str, Quiz]:
    """Load every ``(path, display_path)``; raises at the first quiz id used twice."""
    quizzes, repeats = quizzes_by_id(
        (load_quiz(path, display_path=shown), shown) for path, shown in paths
    )
    if repeats:
        raise repeats[0]
    return quizzes


def quizzes_by_id(loaded: Iterable[tuple[Quiz, str]]) -> tuple[dict[str, Quiz], list[CourseError]]:
    """The quizzes ``(quiz, display_path)`` by id, the first of each, and a problem for every
    file that repeats an id."""
    return by_unique_id(loaded, file_of=str, line=1, fix="give every quiz its own id")
