"""Content versions: a short hash of what a learner's stored progress depends on.

The browser keeps progress per version, so an edited quiz or exercise is
recognised as new; a whole quiz's version changes with any question, while
each question also carries its own, so answers to unchanged questions are
kept (``assets/course/progress.js``).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .model import Quiz

__all__ = ["content_version", "question_versions"]


def content_version(payload: Any) -> str:
    """Twelve hex digits of the sha256 of ``payload``'s canonical JSON."""
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(text).hexdigest()[:12]


def question_versions(quiz: Quiz) -> dict[str, str]:
    """Each question's own version: an edit to one question leaves the others' answers."""
    return {question.id: content_version(question.to_json()) for question in quiz.questions}
