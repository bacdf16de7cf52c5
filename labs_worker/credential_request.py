"""Checking a credential request and grading it with the course's own grading code.

:func:`parse_credential_request` checks the body's shape (400 with what to
send otherwise); :func:`grade_request` grades the answers against the test
and quiz files the worker read (:class:`GradingContent`) with
:func:`quiz_engine.core.grade.grade_test` — the same code the browser runs —
refusing a content version it does not have (409). Nothing sent is ever
executed: answers are option ids, looked up in the questions.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from labs_worker.errors import ApiError
from quiz_engine.content.quiz import load_quizzes
from quiz_engine.core.errors import CourseError
from quiz_engine.core.grade import TestResult, grade_quiz_answer, grade_test
from quiz_engine.core.limits import CERTIFICATE_NAME_MAX_CHARS
from quiz_engine.core.model import Quiz
from quiz_engine.core.versions import content_version

__all__ = [
    "CredentialRequest",
    "GradedRequest",
    "GradingContent",
    "QuizAnswers",
    "default_docs_dir",
    "grade_request",
    "parse_credential_request",
]

MAX_EMAIL_CHARS = 254
MAX_QUIZZES = 50
# Control characters, lone surrogates, and the bidirectional overrides and
# isolates that could make a name read differently from what it is.
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


@dataclass(frozen=True)
class QuizAnswers:
    """One quiz's (or the test's) answers: question id → option id."""

    id: str
    content_version: str
    answers: Mapping[str, str]


@dataclass(frozen=True)
class CredentialRequest:
    """A well-formed request: who, and what they answered."""

    name: str
    email: str | None
    test: QuizAnswers
    quizzes: tuple[QuizAnswers, ...] = ()


def _invalid(message: str) -> ApiError:
    return ApiError(400, "invalid_request", message)


def parse_credential_request(body: bytes) -> CredentialRequest:
    """Check ``{"name", "email"?, "test": {...}, "quizzes"?: [...]}``; 400 if malformed."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise ApiError(400, "invalid_json", 'The request body must be JSON: {"name": "…", '
                       '"test": {"id", "content_version", "answers"}}.') from None
    if not isinstance(data, dict):
        raise _invalid('the body must be a JSON object: {"name", "test", …}')
    unknown = sorted(set(data) - {"name", "email", "test", "quizzes"})
    if unknown:
        raise _invalid(f"unknown field {unknown[0]!r}: send name, email, test and quizzes")
    quizzes = data.get("quizzes") or []
    if not isinstance(quizzes, list) or len(quizzes) > MAX_QUIZZES:
        raise _invalid(f"quizzes: must be a list of at most {MAX_QUIZZES} quizzes' answers")
    return CredentialRequest(
        name=_name(data.get("name")),
        email=_email(data.get("email")),
        test=_answers(data.get("test"), "test"),
        quizzes=tuple(_answers(item, f"quizzes[{n}]") for n, item in enumerate(quizzes)),
    )


def _name(value: Any) -> str:
    if not isinstance(value, str):
        raise _invalid("name: give the name to appear on the certificate, as text")
    name = unicodedata.normalize("NFC", " ".join(value.split()))
    if not 1 <= len(name) <= CERTIFICATE_NAME_MAX_CHARS:
        raise _invalid(f"name: must be 1 to {CERTIFICATE_NAME_MAX_CHARS} characters")
    bad = next((c for c in name if unicodedata.category(c) in ("Cc", "Cs") or c in _BIDI),
               None)
    if bad is not None:
        raise _invalid(f"name: has a control character (U+{ord(bad):04X}); write the name "
                       "as plain text")
    return name


def _email(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > MAX_EMAIL_CHARS \
            or not _EMAIL.fullmatch(value.strip()):
        raise _invalid("email: must be an e-mail address (name@example.org), or left out")
    return value.strip()


def _answers(value: Any, where: str) -> QuizAnswers:
    if not isinstance(value, dict):
        raise _invalid(f'{where}: must be an object {{"id", "content_version", "answers"}}')
    unknown = sorted(set(value) - {"id", "content_version", "answers"})
    if unknown:
        raise _invalid(f"{where}: unknown field {unknown[0]!r}")
    quiz_id, version, answers = value.get("id"), value.get("content_version"), \
        value.get("answers")
    if not isinstance(quiz_id, str) or not _ID.fullmatch(quiz_id):
        raise _invalid(f"{where}.id: must be the quiz's id")
    if not isinstance(version, str) or not _ID.fullmatch(version):
        raise _invalid(f"{where}.content_version: must be the version the page was built with")
    if not isinstance(answers, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and len(k) <= 64 and len(v) <= 8
        for k, v in answers.items()
    ):
        raise _invalid(f"{where}.answers: must map question ids to option ids")
    return QuizAnswers(quiz_id, version, dict(answers))


def default_docs_dir() -> Path:
    """The repository's ``docs/`` folder (beside the ``labs_worker`` package)."""
    return Path(__file__).resolve().parents[1] / "docs"


@dataclass(frozen=True)
class GradingContent:
    """The tests (``test.yml``) and quizzes (``quiz.yml``) the worker grades against."""

    tests: Mapping[str, Quiz]
    quizzes: Mapping[str, Quiz]

    @classmethod
    def load(cls, docs_dir: Path) -> GradingContent:
        """Read and validate every ``test.yml`` and ``quiz.yml`` under ``docs_dir``."""
        if not docs_dir.is_dir():
            raise CourseError(
                "is not a folder", path=str(docs_dir), key="LABS_DOCS_DIR",
                fix="set LABS_DOCS_DIR to the course's docs folder (the one the site is "
                "built from)",
            )

        def found(pattern: str) -> dict[str, Quiz]:
            paths = sorted(docs_dir.glob(pattern))
            return load_quizzes((p, str(p)) for p in paths)

        tests = found("**/test.yml")
        if not tests:
            raise CourseError(
                "has no test.yml file", path=str(docs_dir), key="LABS_DOCS_DIR",
                fix="point LABS_DOCS_DIR at the course's docs folder",
            )
        return cls(tests=tests, quizzes=found("**/quiz.yml"))

    @staticmethod
    def version(quiz: Quiz) -> str:
        """The content version the site build gives ``quiz`` (``data-quiz-version``)."""
        return content_version(quiz.to_json())


@dataclass(frozen=True)
class GradedRequest:
    """The worker's own grading of a request."""

    test: Quiz
    version: str
    result: TestResult
    #: ``(quiz, right answers)`` for each quiz sent.
    quizzes: tuple[tuple[Quiz, int], ...]


def _find(known: Mapping[str, Quiz], sent: QuizAnswers, where: str) -> Quiz:
    quiz = known.get(sent.id)
    if quiz is None:
        raise _invalid(f"{where}.id: {sent.id!r} is not one of {', '.join(sorted(known))}")
    version = GradingContent.version(quiz)
    if sent.content_version != version:
        raise ApiError(
            409, "unknown_version",
            f"This page was built from another version of {quiz.title!r} ({sent.content_version}) "
            f"than the one the worker grades ({version}). Reload the page to get the current "
            "test, then submit it again.",
        )
    return quiz


def grade_request(request: CredentialRequest, content: GradingContent) -> GradedRequest:
    """Grade the test and the quizzes; 409 for an unknown version, 400 for a bad answer."""
    test = _find(content.tests, request.test, "test")
    try:
        result = grade_test(test, request.test.answers)
    except CourseError as error:
        raise _invalid(f"test.answers: {error}") from None
    quizzes = []
    for n, sent in enumerate(request.quizzes):
        quiz = _find(content.quizzes, sent, f"quizzes[{n}]")
        try:
            right = sum(grade_quiz_answer(quiz, q, a).correct for q, a in sent.answers.items())
        except CourseError as error:
            raise _invalid(f"quizzes[{n}].answers: {error}") from None
        quizzes.append((quiz, right))
    return GradedRequest(test, GradingContent.version(test), result, tuple(quizzes))
