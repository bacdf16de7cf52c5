"""Golden grading checks, run unchanged in CPython and in Pyodide.

Standard library and ``quiz_engine`` only. ``check_course(quizzes)`` takes the
course's quizzes in their browser JSON form and grades every option of every
question through ``quiz_engine.browser.handle`` — the path the page uses — checking
the verdict and that the feedback is the author's text. It returns how many
answers it graded and raises ``AssertionError`` naming the first mismatch.
"""

from __future__ import annotations

from typing import Any

from quiz_engine import browser


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def _grade(quiz_id: str, question_id: str, answer: str) -> dict[str, Any]:
    data = {"quiz_id": quiz_id, "question_id": question_id, "answer": answer}
    return browser.handle("grade", data)


def _failure(reply: dict[str, Any]) -> str:
    return "" if reply["ok"] else str(reply["failure"]["message"])


def check_course(quizzes: list[dict[str, Any]]) -> int:
    """Grade every option of every question; return the number of answers graded."""
    graded = 0
    for quiz in quizzes:
        _expect(browser.handle("register-quiz", quiz)["ok"], f"{quiz['id']} not registered")
        for question in quiz["questions"]:
            right = [o["id"] for o in question["options"] if o["correct"]]
            _expect(len(right) == 1, f"{quiz['id']}/{question['id']}: {len(right)} right options")
            for option in question["options"]:
                reply = _grade(quiz["id"], question["id"], option["id"])
                where = f"{quiz['id']}/{question['id']}/{option['id']}"
                _expect(reply["ok"], f"{where}: {reply.get('failure')}")
                verdict = reply["value"]
                _expect(verdict["correct"] is option["correct"], f"{where}: wrong verdict")
                expected = question["feedback"]["right" if option["correct"] else "wrong"]
                _expect(verdict["feedback"] == expected, f"{where}: wrong feedback")
                graded += 1
        first = quiz["questions"][0]
        bad = _grade(quiz["id"], first["id"], "not-an-option")
        _expect("is not one of the options" in _failure(bad), "bad option not rejected")
        missing = _grade(quiz["id"], "no-such-question", "a")
        _expect("has no question" in _failure(missing), "unknown question not rejected")
    return graded
