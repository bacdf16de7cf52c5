"""Golden grading checks, run unchanged in CPython and in Pyodide.

Standard library and ``quiz_engine`` only. ``check_course(quizzes)`` takes the
course's quizzes in their browser JSON form and grades every option of every
question through ``quiz_engine.core.browser`` — the path the page uses — checking
the verdict and that the feedback is the author's text. It returns how many
answers it graded and raises ``AssertionError`` naming the first mismatch.
"""

from __future__ import annotations

from typing import Any

from quiz_engine.core import browser


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def _ask(request_type: str, **data: Any) -> dict[str, Any]:
    """One request to the browser entry point; its value, or ``{"error": message}``."""
    reply = browser.handle(request_type, data)
    return reply["value"] if reply["ok"] else {"error": reply["failure"]["message"]}


def check_course(quizzes: list[dict[str, Any]]) -> int:
    """Grade every option of every question; return the number of answers graded."""
    graded = 0
    for quiz in quizzes:
        _ask("register-quiz", quiz=quiz)
        for question in quiz["questions"]:
            right = [o["id"] for o in question["options"] if o["correct"]]
            _expect(len(right) == 1, f"{quiz['id']}/{question['id']}: {len(right)} right options")
            for option in question["options"]:
                verdict = _ask("grade", quiz_id=quiz["id"], question_id=question["id"], answer=option["id"])
                where = f"{quiz['id']}/{question['id']}/{option['id']}"
                _expect("error" not in verdict, f"{where}: {verdict.get('error')}")
                _expect(verdict["correct"] is option["correct"], f"{where}: wrong verdict")
                expected = question["feedback"]["right" if option["correct"] else "wrong"]
                _expect(verdict["feedback"] == expected, f"{where}: wrong feedback")
                graded += 1
        first = quiz["questions"][0]
        bad = _ask("grade", quiz_id=quiz["id"], question_id=first["id"], answer="not-an-option")
        _expect("is not one of the options" in bad.get("error", ""), "bad option not rejected")
        missing = _ask("grade", quiz_id=quiz["id"], question_id="no-such-question", answer="a")
        _expect("has no question" in missing.get("error", ""), "unknown question not rejected")
    return graded
