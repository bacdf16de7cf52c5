"""Progress kept in the browser: the home page panel, export/import, reset, damaged data."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Page, expect

from quiz_engine.loader import load_quiz

ROOT = Path(__file__).resolve().parents[2]
BOOT = 90_000
SITE = "module-8-build-your-first-deep-learning-project"


def answer_first_question(page: Page, site_url: str) -> None:
    """Answer Lesson 1's first question rightly."""
    question = load_quiz(ROOT / "docs" / "lesson-1" / "quiz.yml").questions[0]
    page.goto(f"{site_url}lesson-1/quiz/")
    box = page.locator(f'fieldset[data-question="{question.id}"]')
    box.get_by_role("radio", name=question.option(question.answer).text).check()  # type: ignore[union-attr]
    box.get_by_role("button", name="Check answer").click()
    expect(box.locator("[data-feedback]")).to_contain_text(question.feedback_right, timeout=BOOT)


def row(page: Page, section: str):  # type: ignore[no-untyped-def]
    """The progress panel's row of one lesson."""
    return page.locator(f'.course-progress__table tr[data-section="{section}"]')


def test_panel_export_reset_import(page: Page, site_url: str, tmp_path: Path) -> None:
    """The home page shows what was done; export, reset and import round-trip it."""
    answer_first_question(page, site_url)
    page.goto(f"{site_url}lesson-1/lab/")
    expect(page.locator("[data-lab-mode]")).not_to_contain_text("Connecting")
    page.goto(site_url)
    lesson = row(page, "lesson-1")
    expect(lesson).to_contain_text("1 of 5 right")
    expect(lesson).to_contain_text("0 of 1 passed")
    expect(lesson).to_contain_text("opened")
    expect(row(page, "lesson-2")).to_contain_text("not started")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export progress").click()
    saved = tmp_path / "progress.json"
    download.value.save_as(saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["format"] == "course-progress/1" and data["site"] == SITE
    assert any(":quiz:lesson-1@" in key for key in data["records"])
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset everything").click()
    expect(page.get_by_role("status").filter(has_text="All progress reset")).to_be_visible()
    expect(lesson).to_contain_text("not started")
    expect(lesson).to_contain_text("not opened")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import progress").click()
    chooser.value.set_files(str(saved))
    expect(page.get_by_role("status").filter(has_text="Imported")).to_be_visible()
    expect(lesson).to_contain_text("1 of 5 right")
    page.goto(f"{site_url}lesson-1/quiz/")
    expect(page.locator("[data-quiz-score]")).to_contain_text("1 of 5 right")


def test_foreign_file_is_refused_and_reset_one_lesson(page: Page, site_url: str, tmp_path: Path) -> None:
    """Another course's file imports nothing; one lesson can be reset alone."""
    answer_first_question(page, site_url)
    page.goto(site_url)
    foreign = tmp_path / "other.json"
    foreign.write_text(json.dumps({"format": "course-progress/1", "site": "another-course", "records": {}}))
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import progress").click()
    chooser.value.set_files(str(foreign))
    expect(page.get_by_role("status").filter(has_text="Nothing imported")).to_contain_text("another course")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset Lesson 1 · Picking Your Project").click()
    expect(row(page, "lesson-1")).to_contain_text("not started")


def test_damaged_progress_is_set_aside_not_fatal(page: Page, site_url: str) -> None:
    """Unreadable stored data never breaks a page: it is set aside and the learner is told."""
    answer_first_question(page, site_url)
    page.evaluate(
        """() => { for (const key of Object.keys(localStorage))
                     if (key.includes(':quiz:lesson-1@')) localStorage.setItem(key, '{not json'); }"""
    )
    page.reload()
    first = page.locator("fieldset[data-question]").first
    expect(first.locator("[data-feedback]")).to_be_empty()
    first.get_by_role("radio").first.check()
    first.get_by_role("button", name="Check answer").click()
    expect(first.locator("[data-feedback]")).not_to_be_empty(timeout=BOOT)
    kept = page.evaluate("Object.keys(localStorage).filter((k) => k.endsWith(':unreadable')).length")
    assert kept == 1
    page.goto(site_url)
    page.evaluate(
        """() => { for (const key of Object.keys(localStorage))
                     if (key.includes(':quiz:lesson-1@') && !key.endsWith(':unreadable'))
                       localStorage.setItem(key, 'garbage'); }"""
    )
    page.reload()
    expect(page.locator(".course-progress__status")).to_contain_text("set aside")
    expect(row(page, "lesson-1")).to_contain_text("not started")
