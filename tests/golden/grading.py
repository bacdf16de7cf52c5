"""Golden grading checks, run unchanged in CPython and in Pyodide.

Standard library and ``quiz_engine`` only. ``check_course(quizzes)`` takes the
course's quizzes in their browser JSON form and grades every option of every
question through ``quiz_engine.browser`` — the path the page uses — checking
the verdict and that the feedback is the author's text. It returns how many
answers it graded and raises ``AssertionError`` naming the first mismatch.
"""

from __future__ import annotations

from typing import Any

from quiz_engine import browser


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def check_course(quizzes: list[dict[str, Any]]) -> int:
    """Grade every option of every question; return the number of answers graded."""
    graded = 0
    for quiz in quizzes:
        browser.register_quiz(quiz)
        for question in quiz["questions"]:
            right = [o["id"] for o in question["options"] if o["correct"]]
            _expect(len(right) == 1, f"{quiz['id']}/{question['id']}: {len(right)} right options")
            for option in question["options"]:
                verdict = browser.grade(quiz["id"], question["id"], option["id"])
                where = f"{quiz['id']}/{question['id']}/{option['id']}"
                _expect("error" not in verdict, f"{where}: {verdict.get('error')}")
                _expect(verdict["correct"] is option["correct"], f"{where}: wrong verdict")
                expected = question["feedback"]["right" if option["correct"] else "wrong"]
                _expect(verdict["feedback"] == expected, f"{where}: wrong feedback")
                graded += 1
        first = quiz["questions"][0]
        bad = browser.grade(quiz["id"], first["id"], "not-an-option")
        _expect("is not one of the options" in bad.get("error", ""), "bad option not rejected")
        missing = browser.grade(quiz["id"], "no-such-question", "a")
        _expect("has no question" in missing.get("error", ""), "unknown question not rejected")
    return graded
