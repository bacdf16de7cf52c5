"""Quizzes in a real Chromium: Python in a worker grades, feedback is the author's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, Route, expect

from quiz_engine.content.quiz import load_quiz
from quiz_engine.core.model import Question, Quiz
from tests.e2e.snapshots import stored_snapshot

ROOT = Path(__file__).resolve().parents[2]
LESSONS = [1, 2, 3, 4]
BOOT = 90_000  # ms: a cold Pyodide boot on a busy CI machine


def quiz_of(lesson: int) -> Quiz:
    """The quiz as the author wrote it: the expected texts come from the content file."""
    return load_quiz(ROOT / "docs" / f"lesson-{lesson}" / "quiz.yml")


def question_box(page: Page, question: Question) -> Locator:
    """The fieldset of one question."""
    return page.locator(f'fieldset[data-question="{question.id}"]')


def answer(page: Page, question: Question, option_id: str) -> Locator:
    """Pick an option by its label and press Check; return the feedback region."""
    box = question_box(page, question)
    option = question.option(option_id)
    assert option is not None
    box.get_by_role("radio", name=option.text).check()
    box.get_by_role("button", name="Check answer").click()
    return box.locator("[data-feedback]")


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_option_gets_the_authors_feedback(page: Page, site_url: str, lesson: int) -> None:
    """For each question, every wrong option shows the wrong feedback and the right one the right."""
    quiz = quiz_of(lesson)
    page.goto(f"{site_url}lesson-{lesson}/quiz/")
    expect(page.get_by_role("status").first).to_contain_text("Python is ready", timeout=BOOT)
    for question in quiz.questions:
        for option in question.options:
            if option.correct:
                continue
            feedback = answer(page, question, option.id)
            expect(feedback).to_contain_text("That's not the right answer.")
            expect(feedback).to_contain_text(question.feedback_wrong)
        feedback = answer(page, question, question.answer)
        expect(feedback).to_contain_text("That's the right answer.")
        expect(feedback).to_contain_text(question.feedback_right)
    expect(page.locator("[data-quiz-score]")).to_have_text(
        f"Your score: {len(quiz.questions)} of {len(quiz.questions)} right "
        f"({len(quiz.questions)} of {len(quiz.questions)} answered)."
    )


def test_keyboard_alone(page: Page, site_url: str) -> None:
    """Tab to a question, choose with the arrow keys, check with Enter — no mouse."""
    quiz = quiz_of(1)
    first = quiz.questions[0]
    page.goto(f"{site_url}lesson-1/quiz/")
    # Mounted (the options in their final order) before the keyboard reaches them.
    expect(question_box(page, first).get_by_role("button", name="Check answer")).to_be_enabled()
    radios = question_box(page, first).get_by_role("radio")
    for _ in range(150):
        page.keyboard.press("Tab")
        if radios.first.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the first question's options")
    # Options come in the learner's own order: count the arrow presses in the order shown.
    shown = radios.evaluate_all(
        "rs => rs.map(r => r.closest('label').querySelector('.course-option__text').textContent)"
    )
    right = first.option(first.answer)
    assert right is not None
    target = shown.index(right.text)
    for _ in range(target):
        page.keyboard.press("ArrowDown")
    if target == 0:
        page.keyboard.press("Space")
    expect(radios.nth(target)).to_be_checked()
    page.keyboard.press("Tab")
    expect(question_box(page, first).get_by_role("button", name="Check answer")).to_be_focused()
    page.keyboard.press("Enter")
    feedback = question_box(page, first).locator("[data-feedback]")
    expect(feedback).to_contain_text(first.feedback_right, timeout=BOOT)
    # Enter on a radio checks too.
    second = quiz.questions[1]
    question_box(page, second).get_by_role("radio").first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    expect(question_box(page, second).locator("[data-feedback]")).to_contain_text(
        re.compile("That's (not )?the right answer.")
    )


def test_answer_survives_reload(page: Page, site_url: str) -> None:
    """A checked answer and its feedback come back after a reload."""
    question = quiz_of(2).questions[0]
    wrong = next(o.id for o in question.options if not o.correct)
    page.goto(f"{site_url}lesson-2/quiz/")
    expect(answer(page, question, wrong)).to_contain_text(question.feedback_wrong, timeout=BOOT)
    page.reload()
    box = question_box(page, question)
    wrong_text = question.option(wrong).text  # type: ignore[union-attr]
    expect(box.get_by_role("radio", name=wrong_text)).to_be_checked()
    expect(box.locator("[data-feedback]")).to_contain_text(question.feedback_wrong)
    expect(page.locator("[data-quiz-score]")).to_contain_text("0 of 5 right (1 of 5 answered)")


@pytest.mark.cold_python
def test_failed_python_load_shows_an_error_and_recovers(page: Page, site_url: str) -> None:
    """When Pyodide cannot be downloaded the learner is told, and "Try again" recovers."""
    page.route("**/pyodide.asm.wasm", lambda route: route.abort("failed"))
    page.goto(f"{site_url}lesson-3/quiz/")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Python could not start in your browser", timeout=BOOT)
    question = quiz_of(3).questions[0]
    expect(answer(page, question, question.answer)).to_contain_text("could not be checked")
    page.unroute("**/pyodide.asm.wasm")
    alert.get_by_role("button", name="Try again").click()
    expect(page.get_by_role("status").first).to_contain_text("Python is ready", timeout=BOOT)
    expect(answer(page, question, question.answer)).to_contain_text(question.feedback_right)


@pytest.mark.cold_python
def test_boot_progress_is_shown(page: Page, site_url: str) -> None:
    """While Python downloads, the quiz shows a progress bar instead of a frozen button."""

    held: list[Route] = []
    page.route("**/python_stdlib.zip", lambda route: held.append(route))
    with page.expect_request("**/python_stdlib.zip", timeout=BOOT):
        page.goto(f"{site_url}lesson-4/quiz/")
        status = page.locator("[data-runtime-status]")
        expect(status).to_contain_text("Getting Python ready in your browser", timeout=BOOT)
        expect(status.locator("progress")).to_be_visible()
        expect(page.get_by_role("button", name="Check answer").first).to_be_enabled()
    # The route is handed over right after the request event: one round trip delivers it.
    expect(status.locator("progress")).to_be_visible()
    assert held, "Pyodide's request for its standard library was not held"
    held[0].fallback()
    expect(status).to_contain_text("Python is ready", timeout=BOOT)


def test_widgets_remount_after_instant_navigation(page: Page, site_url: str) -> None:
    """Navigating with Material's instant loading still mounts the quiz."""
    question = quiz_of(4).questions[0]
    page.goto(f"{site_url}lesson-4/")
    page.evaluate("window.__sameDocument = true")
    page.locator("nav.md-nav--primary").get_by_role("link", name="Quiz").nth(3).click()
    expect(page).to_have_url(re.compile(r"lesson-4/quiz/$"))
    assert page.evaluate("window.__sameDocument") is True, "the click reloaded the page"
    expect(answer(page, question, question.answer)).to_contain_text(
        question.feedback_right, timeout=BOOT
    )
    # The navigation's marks follow too, without a reload.
    expect(page.get_by_role("link", name="Quiz (quiz: 1 of 5 right)")).to_have_count(1)
    page.locator("nav.md-nav--primary").get_by_role("link", name="Home").click()
    expect(page.locator('.course-progress__table tr[data-section="lesson-4"]')).to_contain_text(
        "1 of 5 right"
    )
    assert page.evaluate("window.__sameDocument") is True


@pytest.mark.cold_python
def test_second_visit_restores_python_from_a_snapshot(page: Page, site_url: str) -> None:
    """After a first visit, Python starts from its stored memory snapshot and still grades."""
    question = quiz_of(1).questions[2]
    page.goto(f"{site_url}lesson-1/quiz/")
    status = page.locator("[data-runtime-status]")
    expect(status).to_have_attribute("data-boot", "fresh", timeout=BOOT)
    # Stored once the quiz's Python has been idle a moment; reload once it is all written.
    stored_snapshot(page, site_url, fresh=True)
    page.reload()
    expect(status).to_have_attribute("data-boot", "snapshot", timeout=BOOT)
    expect(answer(page, question, question.answer)).to_contain_text(question.feedback_right)
