"""Progress kept in the browser: the home page panel, export/import, reset, damaged data."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Page, expect

from quiz_engine.content.quiz import load_quiz
from tests.e2e.editor import code_editor

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
    reset = page.get_by_role("button", name="Reset Lesson 1 · Picking Your Project")
    reset.focus()
    page.keyboard.press("Enter")
    expect(row(page, "lesson-1")).to_contain_text("not started")
    expect(reset).to_be_focused()  # the row is drawn anew; the focus stays on its button


def test_damaged_progress_is_set_aside_not_fatal(page: Page, site_url: str) -> None:
    """Unreadable stored data never breaks a page: it is set aside and the learner is told."""
    answer_first_question(page, site_url)
    # The navigation's marks are redrawn once saves settle, reading every record: damage the
    # record only after that, or this page (not the next) would find it and set it aside.
    expect(page.locator(".md-nav--primary a > .course-nav-mark")).to_have_count(1)
    page.evaluate(
        """() => { for (const key of Object.keys(localStorage))
                     if (key.includes(':quiz:lesson-1@')) localStorage.setItem(key, '{not json'); }"""
    )
    page.reload()
    notice = page.locator('[data-course-notice="set-aside"]')
    expect(notice).to_have_attribute("role", "status")
    expect(notice).to_contain_text("could not be read")
    notice.get_by_role("button", name="Dismiss").click()
    expect(notice).to_have_count(0)
    first = page.locator("fieldset[data-question]").first
    expect(first.locator("[data-feedback]")).to_be_empty()
    first.get_by_role("radio").first.check()
    first.get_by_role("button", name="Check answer").click()
    expect(first.locator("[data-feedback]")).not_to_be_empty(timeout=BOOT)
    kept = page.evaluate("Object.keys(localStorage).filter((k) => k.endsWith(':unreadable')).length")
    assert kept == 1
    page.goto(site_url)
    # Once the panel and the navigation have read the record, damage it for the next visit.
    expect(row(page, "lesson-1")).to_contain_text("of 5 right")
    expect(page.locator(".md-nav--primary a > .course-nav-mark")).to_have_count(1)
    page.evaluate(
        """() => { for (const key of Object.keys(localStorage))
                     if (key.includes(':quiz:lesson-1@') && !key.endsWith(':unreadable'))
                       localStorage.setItem(key, 'garbage'); }"""
    )
    page.reload()
    expect(page.locator(".course-progress__status")).to_contain_text("set aside")
    expect(row(page, "lesson-1")).to_contain_text("not started")


def nav_marks(page: Page) -> dict[str, str]:
    """The navigation's progress marks: the page path each is on, and its visible text."""
    marks: dict[str, str] = page.evaluate(
        """() => Object.fromEntries(
             [...document.querySelectorAll('.md-nav--primary a.md-nav__link')]
               .filter((a) => a.querySelector('.course-nav-mark'))
               .map((a) => [new URL(a.href).pathname,
                            [...a.querySelectorAll('.course-nav-mark [aria-hidden]')]
                              .map((m) => m.textContent).join(' ')]))"""
    )
    return marks


def test_navigation_shows_progress_per_lesson(page: Page, site_url: str) -> None:
    """Quiz score, exercises passed, lab opened and the test's best, beside each page's link."""
    answer_first_question(page, site_url)
    expect(page.get_by_role("link", name="Quiz (quiz: 1 of 5 right)")).to_have_count(1)
    second = page.locator("fieldset[data-question]").nth(1)
    second.get_by_role("radio").first.check()
    second.get_by_role("button", name="Check answer").click()
    expect(second.locator("[data-feedback]")).not_to_be_empty(timeout=BOOT)
    expect(page.locator(".md-nav--primary a > .course-nav-mark")).to_contain_text(["/5"])
    base = urlparse(site_url).path
    # Right or wrong, the second answer counts: 1/5 or 2/5, updated without a reload.
    assert nav_marks(page)[f"{base}lesson-1/quiz/"] in {"1/5", "2/5"}

    page.goto(f"{site_url}lesson-1/lab/")
    expect(page.locator("[data-lab-mode]")).not_to_contain_text("Connecting")
    page.goto(f"{site_url}lesson-2/")
    versions = page.evaluate(
        """() => [...document.querySelectorAll('section[data-course-exercise]')]
                   .map((s) => [s.dataset.courseExercise, s.dataset.exerciseVersion])"""
    )
    first_id, first_version = versions[0]
    page.evaluate(
        """([site, id, version]) => localStorage.setItem(`course:${site}:exercise:${id}@${version}`,
             JSON.stringify({passed: true, failures: 0, hints: 0}))""",
        [SITE, first_id, first_version],
    )
    page.evaluate(
        """(site) => localStorage.setItem(`course:${site}:test-best:module-test@any`,
             JSON.stringify({score: 13, total: 15, passed: true}))""",
        SITE,
    )
    page.goto(site_url)
    # Quiz, lab, exercises and test: the marks appear once the manifest is read.
    expect(page.locator(".md-nav--primary a > .course-nav-mark")).to_have_count(4)
    marks = nav_marks(page)
    assert marks[f"{base}lesson-1/lab/"] == "✓"
    assert marks[f"{base}lesson-2/"] == f"1/{len(versions)}"
    assert marks[f"{base}test/"] == "✓ 13/15"
    expect(page.get_by_role("link", name="Lab (lab opened)").first).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset everything").click()
    expect(page.locator(".md-nav--primary .course-nav-mark")).to_have_count(0)


def test_new_content_version_keeps_what_still_applies(page: Page, site_url: str) -> None:
    """After a redeploy, unchanged questions keep their answers; drafts and chats are kept."""
    answer_first_question(page, site_url)
    moved = page.evaluate(
        """(site) => {
             const key = Object.keys(localStorage).find((k) => k.startsWith(`course:${site}:quiz:lesson-1@`));
             const record = JSON.parse(localStorage.getItem(key));
             const [first] = Object.keys(record.answers);
             const second = document.querySelectorAll('fieldset[data-question]')[1].dataset.question;
             record.answers[second] = {...record.answers[first], question_id: second, version: 'an-old-wording'};
             localStorage.removeItem(key);
             localStorage.setItem(`course:${site}:quiz:lesson-1@an-old-version`, JSON.stringify(record));
             localStorage.setItem(`course:${site}:exercise:scope-three-filters@an-old-version`,
               JSON.stringify({code: '# my draft from last week\\n', passed: true, failures: 2, hints: 1}));
             localStorage.setItem(`course:${site}:lab:lab-1@an-old-version`, JSON.stringify(
               {opened: true, messages: [{role: 'user', content: 'an earlier question'},
                                         {role: 'assistant', content: 'an earlier reply'}]}));
             return [first, second];
           }""",
        SITE,
    )
    page.reload()
    expect(page.locator(".course-note")).to_have_text(
        "This quiz has changed since your last visit: 1 of your answers still applies and was kept."
    )
    boxes = page.locator("fieldset[data-question]")
    expect(boxes.nth(0).locator("[data-feedback]")).not_to_be_empty()
    expect(boxes.nth(1).locator("[data-feedback]")).to_be_empty()
    keys = page.evaluate("Object.keys(localStorage).filter((k) => k.includes(':quiz:lesson-1@'))")
    assert len(keys) == 1 and "an-old-version" not in keys[0]
    assert moved[0] != moved[1]
    page.reload()
    expect(boxes.nth(0).locator("[data-feedback]")).not_to_be_empty()
    expect(page.locator(".course-note")).to_have_count(0)  # said once, not on every visit

    page.goto(f"{site_url}lesson-1/")
    section = page.locator('section[data-course-exercise="scope-three-filters"]')
    expect(code_editor(section, timeout=BOOT)).to_contain_text("# my draft from last week")
    expect(section.locator(".course-note")).to_contain_text("your draft was kept")
    expect(section).to_have_attribute("data-passed", "false")

    page.goto(f"{site_url}lesson-1/lab/")
    expect(page.locator(".course-msg__text")).to_contain_text(["an earlier question", "an earlier reply"])


def content_keys(page: Page, site_url: str) -> dict[str, str]:
    """The storage keys of Lesson 1's quiz, exercise and lab and of the Module Test, as built."""
    keys: dict[str, str] = {}
    pages = {
        "quiz": ("lesson-1/quiz/", "form[data-course-quiz]", "courseQuiz", "quizVersion"),
        "exercise": ("lesson-1/", "section[data-course-exercise]", "courseExercise", "exerciseVersion"),
        "lab": ("lesson-1/lab/", "section[data-course-lab]", "courseLab", "labVersion"),
        "test": ("test/", "form[data-course-test]", "courseTest", "quizVersion"),
    }
    for kind, (path, selector, id_name, version_name) in pages.items():
        page.goto(f"{site_url}{path}")
        item_id, version = page.locator(selector).first.evaluate(
            f"(el) => [el.dataset.{id_name}, el.dataset.{version_name}]"
        )
        keys[kind] = f"course:{SITE}:{kind}:{item_id}@{version}"
    page.evaluate("localStorage.clear()")
    return keys


def malformed_records(keys: dict[str, str]) -> dict[str, object]:
    """One record of each kind, in the right place, in the wrong shape."""
    return {
        keys["lab"]: {"opened": True, "messages": [None]},
        keys["test"]: {"attempts": 1, "last": {"answers": {}}},  # graded, but no result
        keys["exercise"]: {"code": {"planted": "not a draft"}, "failures": 0, "hints": 0},
        keys["quiz"]: {"answers": {"anything": {"correct": "yes"}}},
        f"course:{SITE}:test-best:module-test@any": {"score": "all of them"},
    }


def lab_works(page: Page, site_url: str) -> None:
    """Lesson 1's lab chat answers."""
    page.goto(f"{site_url}lesson-1/lab/")
    expect(page.locator("[data-lab-mode]")).to_contain_text("labs server")
    page.get_by_role("textbox", name="Your message").fill("A model for my photos.")
    page.get_by_role("textbox", name="Your message").press("Enter")
    expect(page.locator("[data-lab-log] > li")).to_have_count(3)
    expect(page.locator("[data-lab-log] > li").nth(2).locator(".course-msg__text")).not_to_be_empty()


def exercise_works(page: Page, site_url: str) -> None:
    """Lesson 1's first exercise has its editor and runs."""
    page.goto(f"{site_url}lesson-1/")
    exercise = page.locator("section[data-course-exercise]").first
    code_editor(exercise, timeout=BOOT)
    exercise.get_by_role("button", name="Run").click()
    expect(exercise.locator("[data-exercise-output]")).not_to_be_empty(timeout=BOOT)


def module_test_works(page: Page, site_url: str) -> None:
    """The Module Test is ready to take."""
    page.goto(f"{site_url}test/")
    form = page.locator("form[data-course-test]")
    expect(form.locator("[data-submit]")).to_be_enabled()
    expect(form.locator("[data-test-result]")).to_be_hidden()


def quiz_works(page: Page, site_url: str) -> None:
    """Lesson 1's quiz grades an answer."""
    answer_first_question(page, site_url)


#: The widget a malformed record of each kind would break, and how to see it work.
WIDGET_WORKS = {"lab": lab_works, "exercise": exercise_works, "test": module_test_works, "quiz": quiz_works}


def test_a_malformed_import_is_set_aside_and_every_page_still_works(
    page: Page, site_url: str, tmp_path: Path
) -> None:
    """A crafted file: the malformed records are set aside, the sound one imported, pages work."""
    keys = content_keys(page, site_url)
    records = malformed_records(keys)
    sound = {f"course:{SITE}:lab:lab-2@any": {"opened": True, "messages": []}}
    crafted = tmp_path / "crafted.json"
    crafted.write_text(json.dumps({"format": "course-progress/1", "site": SITE,
                                   "records": {**records, **sound}}))
    page.goto(site_url)
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import progress").click()
    chooser.value.set_files(str(crafted))
    imported = page.get_by_role("status").filter(has_text="Imported")
    expect(imported).to_contain_text("Imported 1 record.")
    expect(imported).to_contain_text("set aside")  # the learner is told what was not imported
    stored = set(page.evaluate("Object.keys(localStorage)"))
    assert not stored & set(records)
    assert {f"{key}:unreadable" for key in records} <= stored
    assert any(key.startswith(f"course:{SITE}:lab:lab-2@") for key in stored)  # (carried to its version)
    expect(row(page, "lesson-1")).to_contain_text("not started")
    for works in WIDGET_WORKS.values():
        works(page, site_url)


def test_malformed_stored_records_are_set_aside_with_a_notice(page: Page, site_url: str) -> None:
    """Records already stored in the wrong shape: the page says so, and its widget works."""
    keys = content_keys(page, site_url)
    for kind, works in WIDGET_WORKS.items():
        page.evaluate(
            """(records) => { localStorage.clear();
                 for (const [k, v] of Object.entries(records)) localStorage.setItem(k, JSON.stringify(v)); }""",
            malformed_records(keys),
        )
        works(page, site_url)
        notice = page.locator('[data-course-notice="set-aside"]')
        expect(notice).to_contain_text("could not be read")
        assert page.evaluate("(key) => localStorage.getItem(`${key}:unreadable`) !== null", keys[kind])
