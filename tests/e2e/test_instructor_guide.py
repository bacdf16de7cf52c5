"""The instructor guide, followed end to end in a copy of the course.

Scaffold a lesson with ``python -m quiz_engine new-lesson … --add-to-nav``,
validate, build the copy with ``mkdocs build`` from its own folder, serve it
and answer the new lesson's quiz in Chromium.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from quiz_engine.content.quiz import load_quiz
from tests.e2e.serve import serve_directory

ROOT = Path(__file__).resolve().parents[2]
BOOT = 90_000  # ms: a cold Pyodide boot on a busy CI machine
TITLE = "Shipping It"
#: The first lesson number the course does not use yet (5 in Module 8).
NEW = 1 + max(int(p.name[7:]) for p in (ROOT / "docs").glob("lesson-*") if p.name[7:].isdigit())


def run(args: list[str], cwd: Path) -> str:
    """Run ``python -m …`` in ``cwd``; fail the test with its output if it fails."""
    result = subprocess.run(
        [sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True, timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "LABS_URL": "", "SITE_URL": ""},
    )
    if result.returncode != 0:
        pytest.fail(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return result.stdout


@pytest.fixture(scope="module")
def fork(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the course with a new lesson scaffolded, added to the nav and validated."""
    folder = tmp_path_factory.mktemp("fork")
    shutil.copytree(ROOT / "docs", folder / "docs")
    shutil.copy2(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    (folder / "overrides").symlink_to(ROOT / "overrides")
    out = run(["quiz_engine", "new-lesson", str(NEW), "--title", TITLE, "--add-to-nav"], folder)
    assert f"created docs/lesson-{NEW}/" in out
    assert run(["quiz_engine", "validate"], folder).endswith(": no problems\n")
    return folder


@pytest.fixture(scope="module")
def fork_url(fork: Path) -> Iterator[str]:
    """The copy built with ``mkdocs build --strict`` from its own folder, served on localhost."""
    run(["mkdocs", "build", "--strict", "--site-dir", "site"], fork)
    with serve_directory(fork / "site") as url:
        yield url


def test_scaffolded_lesson_builds_and_its_quiz_is_graded(
    page: Page, fork: Path, fork_url: str
) -> None:
    """The new lesson is in the nav, and Python in the browser grades its quiz."""
    quiz = load_quiz(fork / "docs" / f"lesson-{NEW}" / "quiz.yml")
    page.goto(f"{fork_url}lesson-{NEW}/quiz/")
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


def test_guide_is_the_last_nav_entry(page: Page, fork_url: str) -> None:
    """The guide the lesson came from is published, last in the navigation."""
    page.goto(f"{fork_url}instructors/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("For instructors")
    links = page.locator("nav.md-nav--primary > ul > li.md-nav__item")
    expect(links.last).to_contain_text("For instructors")
