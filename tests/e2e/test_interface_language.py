"""The widgets speak the site's language: the course built with ``theme.language: fr``.

The French site is the real course with one setting changed, the way an
instructor would do it: a config that inherits ``mkdocs.yml``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from quiz_engine.content.quiz import load_quiz
from tests.e2e.serve import serve_directory

ROOT = Path(__file__).resolve().parents[2]
BOOT = 90_000
FRENCH = json.loads(
    (ROOT / "quiz_engine" / "content" / "strings" / "fr.json").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def french_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The course built in French (interface only: the lessons stay as written), served."""
    work = tmp_path_factory.mktemp("french")
    config = work / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\n"
        f"docs_dir: {ROOT / 'docs'}\n"
        f"theme:\n  custom_dir: {ROOT / 'overrides'}\n  language: fr\n",
        encoding="utf-8",
    )
    site = work / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "LABS_URL": ""},
    )
    if result.returncode != 0:
        pytest.fail(f"the French build failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    with serve_directory(site) as url:
        yield url


def test_quiz_checks_answers_in_french(page: Page, french_site: str) -> None:
    """Buttons, start-up status and verdicts are French; the author's feedback is unchanged."""
    question = load_quiz(ROOT / "docs" / "lesson-1" / "quiz.yml").questions[0]
    page.goto(f"{french_site}lesson-1/quiz/")
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


def test_exercise_lab_and_progress_in_french(page: Page, french_site: str) -> None:
    """The exercise, the offline lab and the home page's panel use the French strings."""
    page.goto(f"{french_site}lesson-1/")
    section = page.locator("section[data-course-exercise]").first
    for label in ("Exécuter", "Vérifier", "Indice", "Voir la solution", "Réinitialiser"):
        expect(section.get_by_role("button", name=label, exact=True)).to_be_visible()
    section.get_by_role("button", name="Indice", exact=True).click()
    expect(section.locator("[data-exercise-hints]")).to_contain_text("Indice 1 sur", timeout=BOOT)

    page.goto(f"{french_site}lesson-1/lab/")
    expect(page.locator("[data-lab-mode]")).to_have_text(FRENCH["lab.mode.offline"])
    box = page.get_by_role("textbox", name="Votre message")
    box.fill("Bonjour")
    page.get_by_role("button", name="Envoyer").click()
    expect(page.locator(".course-msg__who").last).to_have_text("Pair", timeout=BOOT)

    page.goto(french_site)
    table = page.locator(".course-progress__table")
    expect(table.locator("caption")).to_have_text(FRENCH["progress.caption"])
    expect(table.locator('tr[data-section="lesson-1"]')).to_contain_text("ouvert")
    expect(page.get_by_role("button", name="Exporter la progression")).to_be_visible()


def test_plural_forms_follow_the_language(page: Page, french_site: str) -> None:
    """French counts one and zero as singular: the test's "questions left" line says so."""
    page.goto(f"{french_site}test/")
    left = page.locator("[data-test-left]")
    expect(left).to_have_text("Il reste 15 questions sur 15 à répondre.", timeout=BOOT)
    boxes = page.locator("fieldset[data-question]")
    for index in range(14):
        boxes.nth(index).locator("input[type=radio]").first.check()
    expect(left).to_have_text("Il reste 1 question sur 15 à répondre.")
