"""Grading parity: the worker grades credential requests exactly as the browser grades the test."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from labs_worker.credential_request import (
    CredentialRequest,
    GradingContent,
    QuizAnswers,
    default_docs_dir,
    grade_request,
)
from labs_worker.errors import ApiError
from quiz_engine.content.course import CourseOptions, load_course
from quiz_engine.core.browser import handle
from quiz_engine.site.blocks import CourseBlocks, PageRef
from quiz_engine.site.content_json import write_content_json
from quiz_engine.site.options import SiteOptions

ROOT = Path(__file__).resolve().parents[2]
CONTENT = GradingContent.load(default_docs_dir())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """The quiz JSON the site build writes for the browser, by quiz id."""
    report = load_course(CourseOptions(docs_dir=ROOT / "docs"))
    assert report.ok, report.problems
    out = tmp_path_factory.mktemp("content")
    write_content_json(out, report.course, {})
    return {p.stem: json.loads(p.read_text(encoding="utf-8"))
            for p in (out / "quiz").glob("*.json")}


def _browser_test(quiz: dict[str, Any], answers: dict[str, str]) -> dict[str, Any]:
    assert handle("register-quiz", {"quiz": quiz})["ok"]
    reply = handle("grade-test", {"quiz_id": quiz["id"], "answers": answers})
    assert reply["ok"], reply
    return dict(reply["value"])


def _request(test: QuizAnswers, *quizzes: QuizAnswers) -> CredentialRequest:
    return CredentialRequest(name="Ada", email=None, test=test, quizzes=quizzes)


def test_the_worker_knows_the_version_the_test_page_is_built_with() -> None:
    """The page's data-quiz-version (the site build's) is the version the worker grades."""
    report = load_course(CourseOptions(docs_dir=ROOT / "docs"))
    blocks = CourseBlocks(report.course, SiteOptions(), markdown=lambda text: text)
    html = blocks.render("test", "test.yml", PageRef("test/index.md", "test/"))
    page_version = re.search(r'data-quiz-version="([^"]+)"', html)
    assert page_version is not None
    assert page_version.group(1) == GradingContent.version(CONTENT.tests["module-test"])


def test_every_option_of_every_test_question_scores_the_same(
    built: dict[str, dict[str, Any]],
) -> None:
    """All right but one question, for each of its options: same score, mark and verdict."""
    for test_id, test in CONTENT.tests.items():
        page = built[test_id]
        right = {q["id"]: next(o["id"] for o in q["options"] if o["correct"])
                 for q in page["questions"]}
        checked = 0
        for question in page["questions"]:
            for option in question["options"]:
                answers = {**right, question["id"]: option["id"]}
                browser = _browser_test(page, answers)
                worker = grade_request(_request(QuizAnswers(test_id, page["version"], answers)),
                                       CONTENT).result
                assert (worker.score, worker.total, worker.needed, worker.passed) == (
                    browser["score"], browser["total"], browser["needed"], browser["passed"]
                ), (question["id"], option["id"])
                checked += 1
        assert checked == sum(len(q.options) for q in test.questions)


def test_failing_answer_sets_score_the_same(built: dict[str, dict[str, Any]]) -> None:
    """Answer sets from all wrong to all right, one more right at each step: same scores."""
    page = built["module-test"]
    questions = page["questions"]
    for right_count in range(len(questions) + 1):
        answers = {}
        for n, q in enumerate(questions):
            wanted = n < right_count
            answers[q["id"]] = next(o["id"] for o in q["options"] if o["correct"] == wanted)
        browser = _browser_test(page, answers)
        worker = grade_request(_request(QuizAnswers("module-test", page["version"], answers)),
                               CONTENT).result
        assert (worker.score, worker.passed) == (browser["score"], browser["passed"]) == (
            right_count, right_count >= browser["needed"])


def test_every_option_of_every_quiz_question_counts_the_same(
    built: dict[str, dict[str, Any]],
) -> None:
    """A quiz answer counts as right on the worker exactly when the browser says correct."""
    page_test = built["module-test"]
    test_answers = {q["id"]: next(o["id"] for o in q["options"] if o["correct"])
                    for q in page_test["questions"]}
    test = QuizAnswers("module-test", page_test["version"], test_answers)
    for quiz_id in CONTENT.quizzes:
        page = built[quiz_id]
        assert handle("register-quiz", {"quiz": page})["ok"]
        for question in page["questions"]:
            for option in question["options"]:
                browser = handle("grade", {"quiz_id": quiz_id, "question_id": question["id"],
                                           "answer": option["id"]})["value"]
                sent = QuizAnswers(quiz_id, page["version"], {question["id"]: option["id"]})
                graded = grade_request(_request(test, sent), CONTENT)
                assert graded.quizzes[0][1] == int(browser["correct"])


@pytest.mark.parametrize("change", ["unanswered", "unknown option", "unknown question"])
def test_incomplete_or_unknown_answers_are_malformed(change: str) -> None:
    """Every question must be answered with one of its options; nothing else is graded: 400."""
    test = CONTENT.tests["module-test"]
    answers = {q.id: q.answer for q in test.questions}
    first = test.questions[0].id
    if change == "unanswered":
        del answers[first]
    elif change == "unknown option":
        answers[first] = "z"
    else:
        answers["no-such-question"] = "a"
    with pytest.raises(ApiError) as error:
        grade_request(_request(QuizAnswers("module-test", GradingContent.version(test), answers)),
                      CONTENT)
    assert (error.value.status_code, error.value.code) == (400, "invalid_request")


def test_another_content_version_is_a_conflict() -> None:
    """A page built from another version of the test gets 409, not a grade."""
    test = CONTENT.tests["module-test"]
    answers = {q.id: q.answer for q in test.questions}
    with pytest.raises(ApiError) as error:
        grade_request(_request(QuizAnswers("module-test", "000000000000", answers)), CONTENT)
    assert (error.value.status_code, error.value.code) == (409, "unknown_version")
