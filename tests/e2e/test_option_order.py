"""Options in each learner's own order: stable across visits, lettered as shown, named by text."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from html import escape
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from quiz_engine.content.quiz import load_quiz
from quiz_engine.core.model import Quiz
from tests.e2e.conftest import seed_python_snapshot
from tests.e2e.keyboard import tab_to
from tests.e2e.shared_context import OutsideGuard

ROOT = Path(__file__).resolve().parents[2]
BOOT = 90_000
SITE = "module-8-build-your-first-deep-learning-project"
SEED_KEY = f"course:{SITE}:learner:order@any"


def quiz_of(path: str) -> Quiz:
    """A quiz or test as the author wrote it (``lesson-1/quiz.yml``, ``test/test.yml``)."""
    return load_quiz(ROOT / "docs" / path)


def shown(page: Page) -> dict[str, list[tuple[str, str]]]:
    """Every question's options as shown, top to bottom: (letter, text)."""
    return dict(
        page.locator("fieldset[data-question]").evaluate_all(
            """boxes => boxes.map(b => [b.dataset.question,
                 [...b.querySelectorAll('.course-option')].map(o => [
                   o.querySelector('.course-option__letter').textContent,
                   o.querySelector('.course-option__text').textContent])])"""
        )
    )


def texts(page: Page) -> dict[str, list[str]]:
    """Every question's option texts in the order shown."""
    return {question: [text for _, text in options] for question, options in shown(page).items()}


def mounted(page: Page) -> None:
    """Wait until the widget has put the options in order (it enables the buttons after)."""
    expect(page.locator("form [data-check], form [data-submit]").first).to_be_enabled()


def box(page: Page, question_id: str) -> Locator:
    """One question's fieldset."""
    return page.locator(f'fieldset[data-question="{question_id}"]')


@pytest.fixture
def other_learner(
    new_context: Callable[..., BrowserContext], site_url: str, python_snapshot: str
) -> Iterator[Page]:
    """A second learner: a context of their own, as after a first visit, kept on localhost."""
    context = new_context()
    guard = OutsideGuard()
    context.on("request", guard)
    page = seed_python_snapshot(context, site_url, python_snapshot)
    yield page
    assert guard.attempted == [], f"the page tried to reach outside localhost: {guard.attempted}"


def test_each_learner_has_an_order_of_their_own(
    page: Page, other_learner: Page, site_url: str
) -> None:
    """Two learners see different orders; each sees theirs again after a reload, lettered A, B, …"""
    quiz = quiz_of("lesson-1/quiz.yml")
    authored = {q.id: [o.text for o in q.options] for q in quiz.questions}
    page.goto(f"{site_url}lesson-1/quiz/")
    mounted(page)
    first = texts(page)
    other_learner.goto(f"{site_url}lesson-1/quiz/")
    mounted(other_learner)
    second = texts(other_learner)
    for question in quiz.questions:
        assert sorted(first[question.id]) == sorted(authored[question.id])
        assert sorted(second[question.id]) == sorted(authored[question.id])
    assert first != second, "two learners saw every question in the same order"
    for options in shown(page).values():
        assert [letter for letter, _ in options] == [chr(65 + i) for i in range(len(options))]
    page.reload()
    mounted(page)
    assert texts(page) == first
    # The radio group as assistive technology reads it follows the order shown.
    for question in quiz.questions:
        names = box(page, question.id).get_by_role("radio").evaluate_all(
            "radios => radios.map(r => r.closest('label').querySelector('.course-option__text').textContent)"
        )
        assert names == first[question.id]
        expect(box(page, question.id).get_by_role("radio").first).to_have_accessible_name(
            first[question.id][0]
        )
    # Without JavaScript the page reads in the authored order.
    html = page.request.get(f"{site_url}lesson-1/quiz/").text()
    for question in quiz.questions:
        start = html.index(f'data-question="{question.id}"')
        fieldset = html[start : html.index("</fieldset>", start)]
        positions = [fieldset.index(f">{escape(text)}<") for text in authored[question.id]]
        assert positions == sorted(positions)


def test_saved_answer_is_chosen_again_after_reload(page: Page, site_url: str) -> None:
    """A checked answer shows as chosen after a reload, in the same order, with its feedback."""
    question = quiz_of("lesson-3/quiz.yml").questions[1]
    wrong = next(o for o in question.options if not o.correct)
    page.goto(f"{site_url}lesson-3/quiz/")
    mounted(page)
    before = texts(page)
    field = box(page, question.id)
    field.get_by_role("radio", name=wrong.text, exact=True).check()
    field.get_by_role("button", name="Check answer").click()
    expect(field.locator("[data-feedback]")).to_contain_text(question.feedback_wrong, timeout=BOOT)
    page.reload()
    mounted(page)
    assert texts(page) == before
    expect(field.get_by_role("radio", name=wrong.text, exact=True)).to_be_checked()
    expect(field.locator("input:checked")).to_have_count(1)
    expect(field.locator("[data-feedback]")).to_contain_text(question.feedback_wrong)


def test_arrow_keys_follow_the_order_shown(page: Page, site_url: str) -> None:
    """Tab reaches the option shown first; each ArrowDown moves to the next one shown."""
    question = quiz_of("lesson-2/quiz.yml").questions[0]
    page.goto(f"{site_url}lesson-2/quiz/")
    mounted(page)
    order = texts(page)[question.id]
    field = box(page, question.id)
    tab_to(page, field.get_by_role("radio").first)
    expect(field.get_by_role("radio", name=order[0], exact=True)).to_be_focused()
    page.keyboard.press("Space")
    expect(field.get_by_role("radio", name=order[0], exact=True)).to_be_checked()
    for text in order[1:]:
        page.keyboard.press("ArrowDown")
        radio = field.get_by_role("radio", name=text, exact=True)
        expect(radio).to_be_focused()
        expect(radio).to_be_checked()
    page.keyboard.press("ArrowDown")  # wraps round to the first shown
    expect(field.get_by_role("radio", name=order[0], exact=True)).to_be_checked()


def test_export_names_answers_and_import_keeps_the_order(
    page: Page, other_learner: Page, site_url: str, tmp_path: Path
) -> None:
    """The exported file names the chosen option by its text; importing it brings the order along."""
    question = quiz_of("lesson-1/quiz.yml").questions[3]
    wrong = next(o for o in question.options if not o.correct)
    page.goto(f"{site_url}lesson-1/quiz/")
    mounted(page)
    order = texts(page)
    field = box(page, question.id)
    field.get_by_role("radio", name=wrong.text, exact=True).check()
    field.get_by_role("button", name="Check answer").click()
    expect(field.locator("[data-feedback]")).to_contain_text(question.feedback_wrong, timeout=BOOT)
    page.goto(site_url)
    with page.expect_download() as download:
        page.get_by_role("button", name="Export progress").click()
    saved = tmp_path / "progress.json"
    download.value.save_as(saved)
    records = json.loads(saved.read_text(encoding="utf-8"))["records"]
    quiz_record = next(v for k, v in records.items() if ":quiz:lesson-1@" in k)
    kept = quiz_record["answers"][question.id]
    assert kept["option_text"] == wrong.text
    assert kept["answer"] == wrong.id and kept["correct"] is False
    assert isinstance(records[SEED_KEY]["seed"], str) and records[SEED_KEY]["seed"]

    other_learner.goto(f"{site_url}lesson-1/quiz/")
    mounted(other_learner)
    assert texts(other_learner) != order, "the second learner's own order was the same"
    other_learner.goto(site_url)
    with other_learner.expect_file_chooser() as chooser:
        other_learner.get_by_role("button", name="Import progress").click()
    chooser.value.set_files(str(saved))
    expect(other_learner.get_by_role("status").filter(has_text="Imported")).to_be_visible()
    other_learner.goto(f"{site_url}lesson-1/quiz/")
    mounted(other_learner)
    assert texts(other_learner) == order
    other_field = box(other_learner, question.id)
    expect(other_field.get_by_role("radio", name=wrong.text, exact=True)).to_be_checked()
    expect(other_field.locator("[data-feedback]")).to_contain_text(question.feedback_wrong)


def test_module_test_first_attempt_keeps_its_order_and_the_review_names_answers(
    page: Page, site_url: str, tmp_path: Path
) -> None:
    """The test's order survives a reload and the grading; the review and the export name each answer."""
    test = quiz_of("test/test.yml")
    authored = {q.id: [o.text for o in q.options] for q in test.questions}
    page.goto(f"{site_url}test/")
    mounted(page)
    order = texts(page)
    assert order != authored, "the test's options came in the authored order"
    for options in shown(page).values():
        assert [letter for letter, _ in options] == [chr(65 + i) for i in range(len(options))]
    chosen = {q.id: q.options[index % len(q.options)] for index, q in enumerate(test.questions)}
    for question in test.questions[:5]:
        box(page, question.id).get_by_role("radio", name=chosen[question.id].text, exact=True).check()
    page.reload()
    mounted(page)
    assert texts(page) == order
    for question in test.questions:
        box(page, question.id).get_by_role("radio", name=chosen[question.id].text, exact=True).check()
    page.get_by_role("button", name="Submit the test").click()
    expect(page.locator("[data-test-result]")).to_contain_text("You scored", timeout=BOOT)
    assert texts(page) == order  # the review shows the order the learner answered in
    page.reload()
    expect(page.locator("[data-test-result]")).to_contain_text("You scored")
    assert texts(page) == order
    for question in test.questions:
        option = chosen[question.id]
        letter = chr(65 + order[question.id].index(option.text))
        feedback = box(page, question.id).locator("[data-feedback]")
        expect(feedback).to_contain_text(f"Your answer: {letter} — {option.text}")
        expect(feedback).to_contain_text(
            question.feedback_right if option.correct else question.feedback_wrong
        )
    page.goto(site_url)
    with page.expect_download() as download:
        page.get_by_role("button", name="Export progress").click()
    saved = tmp_path / "progress.json"
    download.value.save_as(saved)
    records = json.loads(saved.read_text(encoding="utf-8"))["records"]
    last = next(v for k, v in records.items() if ":test:module-test@" in k)["last"]
    assert last["option_texts"] == {q: o.text for q, o in chosen.items()}
    assert last["answers"] == {q: o.id for q, o in chosen.items()}
