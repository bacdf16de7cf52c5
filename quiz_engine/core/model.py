"""The content model: quizzes, questions and options as frozen records.

Standard library only: this module runs in CPython at build time and in
Pyodide in the learner's browser. ``to_json``/``from_json`` are the JSON-safe
form that crosses the build → browser boundary.
"""

from __future__ import annotations

from collections.abc import Mapping
from string import ascii_lowercase
from typing import Any

from .errors import CourseError
from .records import record

__all__ = ["Option", "Question", "Quiz", "option_id"]


def option_id(index: int) -> str:
    """Return the letter id (``a``, ``b``, …) of the option at ``index``."""
    if not 0 <= index < len(ascii_lowercase):
        raise CourseError(f"option index {index} is out of range", fix="use at most 26 options")
    return ascii_lowercase[index]


@record
class Option:
    """One answer option of a multiple-choice question."""

    id: str
    text: str
    correct: bool = False

    def to_json(self) -> dict[str, Any]:
        """Return the JSON-safe form."""
        return {"id": self.id, "text": self.text, "correct": self.correct}


@record
class Question:
    """A multiple-choice question with exactly one right option."""

    id: str
    prompt: str
    options: tuple[Option, ...]
    feedback_right: str
    feedback_wrong: str

    @property
    def answer(self) -> str:
        """The id of the right option."""
        return next(option.id for option in self.options if option.correct)

    def option(self, option_id: str) -> Option | None:
        """Return the option with ``option_id``, or ``None``."""
        return next((option for option in self.options if option.id == option_id), None)

    def to_json(self) -> dict[str, Any]:
        """Return the JSON-safe form."""
        return {
            "id": self.id,
            "prompt": self.prompt,
            "options": [option.to_json() for option in self.options],
            "feedback": {"right": self.feedback_right, "wrong": self.feedback_wrong},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Question:
        """Build a question from its JSON-safe form (already validated at build time)."""
        return cls(
            id=str(data["id"]),
            prompt=str(data["prompt"]),
            options=tuple(
                Option(id=str(o["id"]), text=str(o["text"]), correct=bool(o.get("correct")))
                for o in data["options"]
            ),
            feedback_right=str(data["feedback"]["right"]),
            feedback_wrong=str(data["feedback"]["wrong"]),
        )


@record
class Quiz:
    """A titled, ordered set of questions, read from one content file."""

    id: str
    title: str
    questions: tuple[Question, ...]
    source: str = ""
    # Share of right answers that passes, for a test graded as a whole.
    pass_mark: float | None = None

    def question(self, question_id: str) -> Question | None:
        """Return the question with ``question_id``, or ``None``."""
        return next((q for q in self.questions if q.id == question_id), None)

    def to_json(self) -> dict[str, Any]:
        """Return the JSON-safe form the browser receives."""
        data: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "questions": [question.to_json() for question in self.questions],
        }
        if self.pass_mark is not None:
            data["pass_mark"] = self.pass_mark
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Quiz:
        """Build a quiz from its JSON-safe form."""
        return cls(
            id=str(data["id"]),
            title=str(data["title"]),
            questions=tuple(Question.from_json(q) for q in data["questions"]),
            pass_mark=float(data["pass_mark"]) if data.get("pass_mark") is not None else None,
        )
