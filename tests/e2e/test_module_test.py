"""The Module 8 Test in Chromium: answer all, submit once, Python grades the whole test."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from quiz_engine.content.quiz import load_quiz
from tests.e2e.keyboard import tab_to

ROOT = Path(__file__).resolve().parents[2]
TEST = load_quiz(ROOT / "docs" / "test" / "test.yml")
BOOT = 90_000


def answer_all(page: Page, wrong: int) -> None:
    """Pick the right option everywhere except in the first ``wrong`` questions."""
    for index, question in enumerate(TEST.questions):
        option = next(o for o in question.options if o.correct is (index >= wrong))
        page.locator(f'fieldset[data-question="{question.id}"]').get_by_role(
            "radio", name=option.text
        ).check()


def option_order(page: Page) -> list[list[str]]:
    """The option texts of every question, in the order shown."""
    return page.locator("fieldset[data-question]").evaluate_all(
        "boxes => boxes.map(b => [...b.querySelectorAll('.course-option__text')].map(o => o.textContent))"
    )


def test_module_test_pass_review_retry_and_home(page: Page, site_url: str) -> None:
    """12 of 15 passes with a per-question review; retry reshuffles; the best shows at home."""
    page.goto(f"{site_url}test/")
    submit = page.get_by_role("button", name="Submit the test")
    expect(submit).to_be_enabled()
    first = TEST.questions[0]
    page.locator(f'fieldset[data-question="{first.id}"]').get_by_role("radio").first.check()
    submit.click()
    expect(page.locator("[data-test-left]")).to_contain_text("Answer every question first — 14 of 15")
    answer_all(page, wrong=3)
    submit.click()
    result = page.locator("[data-test-result]")
    expect(result).to_contain_text("You passed the Module 8 Test", timeout=BOOT)
    expect(result).to_contain_text("You scored 12 of 15; passing needs 12.")
    expect(result).to_be_focused()
    for index, question in enumerate(TEST.questions):
        feedback = page.locator(f'fieldset[data-question="{question.id}"] [data-feedback]')
        expect(feedback).to_contain_text(question.feedback_wrong if index < 3 else question.feedback_right)
        # The review names the chosen option by its text, with the letter it was shown with.
        given = next(o for o in question.options if o.correct is (index >= 3))
        letter = chr(65 + option_order(page)[index].index(given.text))
        expect(feedback).to_contain_text(f"Your answer: {letter} — {given.text}")
    page.reload()
    expect(result).to_contain_text("You scored 12 of 15")
    before = option_order(page)
    page.get_by_role("button", name="Try again").click()
    expect(page.locator("input[type=radio]:checked")).to_have_count(0)
    assert option_order(page) != before
    answer_all(page, wrong=4)
    submit.click()
    expect(result).to_contain_text("Not passed yet", timeout=BOOT)
    expect(result).to_contain_text("You scored 11 of 15; passing needs 12.")
    expect(result).to_contain_text("Best so far: 12 of 15.")
    page.goto(site_url)
    expect(page.locator("[data-test-best]")).to_have_text("✓ Passed — best score 12 of 15.")


def test_module_test_with_the_keyboard_alone(page: Page, site_url: str) -> None:
    """Tab to each question, Space picks, Enter submits; focus lands on the result, then back."""
    page.goto(f"{site_url}test/")
    expect(page.get_by_role("button", name="Submit the test")).to_be_enabled()  # options in order
    boxes = page.locator("fieldset[data-question]")
    first_radio = boxes.first.get_by_role("radio").first
    tab_to(page, first_radio)
    for index in range(len(TEST.questions)):
        radio = boxes.nth(index).get_by_role("radio").first
        expect(radio).to_be_focused()  # a radio group is one Tab stop
        page.keyboard.press("Space")
        expect(radio).to_be_checked()
        page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Submit the test")).to_be_focused()
    page.keyboard.press("Enter")
    result = page.locator("[data-test-result]")
    expect(result).to_contain_text("You scored", timeout=BOOT)
    expect(result).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Try again")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("input[type=radio]:checked")).to_have_count(0)
    expect(boxes.first.get_by_role("radio").first).to_be_focused()
