"""The documented plugin options reach the browser: the course built with its
Pyodide in ``py/`` and its content in ``content-data/`` (``options_site``,
a config that inherits ``mkdocs.yml``) still grades a quiz and runs an exercise."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from quiz_engine.content.quiz import load_quiz
from tests.e2e.builds import CONTENT_DIR, PYODIDE_DIR, BuiltVariant
from tests.e2e.editor import code_editor

ROOT = Path(__file__).resolve().parents[2]
BOOT = 120_000  # ms: a cold Pyodide boot on a busy machine


def test_the_variant_uses_only_its_own_folders(options_site: BuiltVariant) -> None:
    """The build wrote Pyodide and the content JSON where the options say, and nowhere else."""
    site = options_site.work / "site"
    assert (site / PYODIDE_DIR / "pyodide.mjs").is_file()
    assert (site / CONTENT_DIR / "progress.json").is_file()
    assert not (site / "pyodide").exists() and not (site / "course").exists()


@pytest.mark.own_context  # a listener on its context
def test_quiz_and_exercise_work_with_other_folders(page: Page, options_site: BuiltVariant) -> None:
    """A quiz answer gets the author's feedback, an exercise's Run its output, the home page its
    panel — and the browser never asks for the default folders."""
    paths: list[str] = []
    page.context.on("request", lambda request: paths.append(urlparse(request.url).path))
    question = load_quiz(ROOT / "docs" / "lesson-1" / "quiz.yml").questions[0]
    page.goto(f"{options_site.url}lesson-1/quiz/")
    box = page.locator(f'fieldset[data-question="{question.id}"]')
    box.get_by_role("radio", name=question.option(question.answer).text).check()  # type: ignore[union-attr]
    box.get_by_role("button", name="Check answer").click()
    # Started or not: fail at once, with the page's own message, if Python could not start.
    status = page.locator("[data-runtime-status]")
    expect(status).to_have_attribute("data-state", re.compile("^(ready|failed)$"), timeout=BOOT)
    expect(box.locator("[data-feedback]")).to_contain_text(question.feedback_right)

    page.goto(f"{options_site.url}lesson-1/")
    section = page.locator('section[data-course-exercise="scope-three-filters"]')
    content = code_editor(section)
    content.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text('print("from", "py/")\n')
    section.get_by_role("button", name="Run", exact=True).click()
    expect(section.locator("[data-exercise-output]")).to_have_text("from py/", timeout=BOOT)

    page.goto(options_site.url)
    expect(page.locator('.course-progress__table tr[data-section="lesson-1"]')).to_contain_text(
        "1 of 5 right"
    )
    base = urlparse(options_site.url).path
    assert any(p.startswith(f"{base}{PYODIDE_DIR}/") for p in paths)
    assert any(p.startswith(f"{base}{CONTENT_DIR}/") for p in paths)
    assert [p for p in paths if p.startswith((f"{base}pyodide/", f"{base}course/"))] == []
