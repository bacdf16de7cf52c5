"""Validate a quiz file's data and build the :class:`~quiz_engine.model.Quiz`.

Every problem is reported as a :class:`CourseError` naming the file, the line,
the key and the fix, e.g. ``docs/lesson-2/quiz.yml:41: questions[3].options:
no option is marked `correct: true` — mark the right option``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

from .errors import CourseError
from .model import Option, Question, Quiz, option_id
from .yaml_lines import LocatedData

__all__ = ["MAX_OPTIONS", "MIN_OPTIONS", "SLUG", "build_quiz"]

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MIN_OPTIONS = 2
MAX_OPTIONS = 8

_QUIZ_KEYS = {"id": True, "title": True, "pass_mark": False, "questions": True}
_QUESTION_KEYS = {"id": True, "prompt": True, "options": True, "feedback": True}
_OPTION_KEYS = {"text": True, "correct": False}
_FEEDBACK_KEYS = {"right": True, "wrong": True}


class _Checker:
    """Raises located errors for one file."""

    def __init__(self, located: LocatedData, path: str) -> None:
        self.located = located
        self.path = path

    def fail(self, key: str, problem: str, fix: str) -> CourseError:
        return CourseError(
            problem, path=self.path, key=key or None, line=self.located.line_of(key), fix=fix
        )

    def mapping(self, value: Any, key: str, allowed: Mapping[str, bool]) -> Mapping[str, Any]:
        """Check ``value`` is a mapping with the required keys and no unknown ones."""
        what = key or "the file"
        if not isinstance(value, Mapping):
            raise self.fail(
                key, f"{what} must be a mapping of keys, found {_kind(value)}",
                f"write it as `key: value` lines with the keys {', '.join(allowed)}",
            )
        for name in value:
            if name not in allowed:
                close = difflib.get_close_matches(name, list(allowed), n=1)
                hint = f"did you mean {close[0]!r}?" if close else "remove it"
                raise self.fail(
                    _join(key, name), f"unknown key {name!r}",
                    f"{hint} (allowed keys: {', '.join(allowed)})",
                )
        for name, required in allowed.items():
            if required and name not in value:
                raise self.fail(key, f"missing key {name!r}", f"add `{name}:` to {what}")
        return value

    def text(self, value: Any, key: str) -> str:
        """Check ``value`` is a non-empty string."""
        if not isinstance(value, str):
            raise self.fail(key, f"must be text, found {_kind(value)}", "quote the value")
        if not value.strip():
            raise self.fail(key, "is empty", "write the text the learner should see")
        return value.strip()

    def slug(self, value: Any, key: str) -> str:
        """Check ``value`` is a kebab-case id."""
        text = self.text(value, key)
        if not SLUG.match(text):
            raise self.fail(
                key, f"{text!r} is not a valid id",
                "use lower-case letters, digits and single hyphens, e.g. `class-imbalance`",
            )
        return text

    def items(self, value: Any, key: str, what: str, minimum: int) -> list[Any]:
        """Check ``value`` is a list of at least ``minimum`` items."""
        if not isinstance(value, list):
            raise self.fail(
                key, f"must be a list of {what}, found {_kind(value)}", "start each item with `- `"
            )
        if len(value) < minimum:
            raise self.fail(
                key, f"needs at least {minimum} {what}, found {len(value)}", f"add {what}"
            )
        return value


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list",
            dict: "a mapping"}.get(type(value), type(value).__name__)


def _join(parent: str, name: str) -> str:
    return f"{parent}.{name}" if parent else name


def _build_option(check: _Checker, value: Any, key: str, index: int) -> Option:
    data = check.mapping(value, key, _OPTION_KEYS)
    correct = data.get("correct", False)
    if not isinstance(correct, bool):
        raise check.fail(
            f"{key}.correct", f"must be true or false, found {correct!r}",
            "write `correct: true` on the right option and leave it out elsewhere",
        )
    return Option(id=option_id(index), text=check.text(data["text"], f"{key}.text"),
                  correct=correct)


def _build_question(check: _Checker, value: Any, key: str) -> Question:
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
    check = _Checker(located, path)
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


def _pass_mark(check: _Checker, value: Any) -> float | None:
    """Check the optional ``pass_mark``: a share of right answers above 0, at most 1."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        raise check.fail(
            "pass_mark", f"must be a share between 0 and 1, found {value!r}",
            "write e.g. `pass_mark: 0.8` to pass at 80%",
        )
    return float(value)
