"""The instructor guide, followed end to end in a copy of the course.

Scaffold a lesson with ``python -m quiz_engine new-lesson … --add-to-nav``,
validate, build the copy with ``mkdocs build`` from its own folder, serve it
and answer the new lesson's quiz in Chromium. (The steps are the ``fork``
build variant's, run by the shared variant fixture: ``fork_site``.)
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from quiz_engine.content.quiz import load_quiz
from tests.e2e.builds import FORK_LESSON as NEW
from tests.e2e.builds import FORK_TITLE as TITLE
from tests.e2e.builds import BuiltVariant

BOOT = 90_000  # ms: a cold Pyodide boot on a busy CI machine


def test_scaffold_and_validate_say_what_they_did(fork_site: BuiltVariant) -> None:
    """``new-lesson`` names the folder it created; ``validate`` then finds no problems."""
    scaffolded, validated, _ = fork_site.outputs
    assert f"created docs/lesson-{NEW}/" in scaffolded
    assert validated.endswith(": no problems\n")


def test_scaffolded_lesson_builds_and_its_quiz_is_graded(page: Page, fork_site: BuiltVariant) -> None:
    """The new lesson is in the nav, and Python in the browser grades its quiz."""
    quiz = load_quiz(fork_site.work / "docs" / f"lesson-{NEW}" / "quiz.yml")
    page.goto(f"{fork_site.url}lesson-{NEW}/quiz/")
    expect(page.locator("nav.md-nav--primary")).to_contain_text(f"Lesson {NEW} · {TITLE}")
    expect(page.get_by_role("status").first).to_contain_text("Python is ready", timeout=BOOT)
    for question in quiz.questions:
        box = page.locator(f'fieldset[data-question="{question.id}"]')
        right = question.option(question.answer)
        assert right is not None
        box.get_by_role("radio", name=right.text).check()
        box.get_by_role("button", name="Check answer").click()
        feedback = box.locator("[data-feedback]")
        expect(feedback).to_contain_text("That's the right answer.", timeout=BOOT)
        expect(feedback).to_contain_text(question.feedback_right)
    total = len(quiz.questions)
    expect(page.locator("[data-quiz-score]")).to_have_text(
        f"Your score: {total} of {total} right ({total} of {total} answered)."
    )


def test_guide_is_the_last_nav_entry(page: Page, fork_site: BuiltVariant) -> None:
    """The guide the lesson came from is published, last in the navigation."""
    page.goto(f"{fork_site.url}instructors/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("For instructors")
    links = page.locator("nav.md-nav--primary > ul > li.md-nav__item")
    expect(links.last).to_contain_text("For instructors")
