"""The widgets speak the site's language: the course built with ``theme.language: fr``.

The French site (``french_site``, built by the shared variant fixture) is the
real course with one setting changed, the way an instructor would do it: a
config that inherits ``mkdocs.yml``.
"""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Page, expect

from quiz_engine.content.quiz import load_quiz
from tests.e2e.builds import BuiltVariant

ROOT = Path(__file__).resolve().parents[2]
BOOT = 90_000
FRENCH = json.loads(
    (ROOT / "quiz_engine" / "content" / "strings" / "fr.json").read_text(encoding="utf-8")
)


def test_quiz_checks_answers_in_french(page: Page, french_site: BuiltVariant) -> None:
    """Buttons, start-up status and verdicts are French; the author's feedback is unchanged."""
    question = load_quiz(ROOT / "docs" / "lesson-1" / "quiz.yml").questions[0]
    page.goto(f"{french_site.url}lesson-1/quiz/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    box = page.locator(f'fieldset[data-question="{question.id}"]')
    expect(box.locator(".course-question__number")).to_have_text("Question 1 sur 5")
    check = box.get_by_role("button", name="Vérifier la réponse")
    check.click()
    expect(box.locator("[data-feedback]")).to_have_text(FRENCH["quiz.chooseFirst"])
    box.get_by_role("radio", name=question.option(question.answer).text).check()  # type: ignore[union-attr]
    check.click()
    feedback = box.locator("[data-feedback]")
    expect(feedback).to_contain_text("C'est la bonne réponse.", timeout=BOOT)
    expect(feedback).to_contain_text(question.feedback_right)
    expect(page.locator("[data-runtime-status]")).to_have_text(FRENCH["runtime.ready"])
    expect(page.locator("[data-quiz-score]")).to_have_text("Votre score\u00a0: 1 sur 5 (1 sur 5 répondues).")


def test_exercise_lab_and_progress_in_french(page: Page, french_site: BuiltVariant) -> None:
    """The exercise, the offline lab and the home page's panel use the French strings."""
    page.goto(f"{french_site.url}lesson-1/")
    section = page.locator("section[data-course-exercise]").first
    for label in ("Exécuter", "Vérifier", "Indice", "Voir la solution", "Réinitialiser"):
        expect(section.get_by_role("button", name=label, exact=True)).to_be_visible()
    section.get_by_role("button", name="Indice", exact=True).click()
    expect(section.locator("[data-exercise-hints]")).to_contain_text("Indice 1 sur", timeout=BOOT)

    page.goto(f"{french_site.url}lesson-1/lab/")
    expect(page.locator("[data-lab-mode]")).to_have_text(FRENCH["lab.mode.offline"])
    box = page.get_by_role("textbox", name="Votre message")
    box.fill("Bonjour")
    page.get_by_role("button", name="Envoyer").click()
    expect(page.locator(".course-msg__who").last).to_have_text("Pair", timeout=BOOT)

    page.goto(french_site.url)
    table = page.locator(".course-progress__table")
    expect(table.locator("caption")).to_have_text(FRENCH["progress.caption"])
    expect(table.locator('tr[data-section="lesson-1"]')).to_contain_text("ouvert")
    expect(page.get_by_role("button", name="Exporter la progression")).to_be_visible()


def test_plural_forms_follow_the_language(page: Page, french_site: BuiltVariant) -> None:
    """French counts one and zero as singular: the test's "questions left" line says so."""
    page.goto(f"{french_site.url}test/")
    left = page.locator("[data-test-left]")
    expect(left).to_have_text("Il reste 15 questions sur 15 à répondre.", timeout=BOOT)
    boxes = page.locator("fieldset[data-question]")
    for index in range(14):
        boxes.nth(index).locator("input[type=radio]").first.check()
    expect(left).to_have_text("Il reste 1 question sur 15 à répondre.")
