"""axe-core (WCAG 2.1 A and AA rules) on every page, in the light and the dark palette."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = [
    "",
    *(f"lesson-{n}/{kind}" for n in range(1, 5) for kind in ("", "notebook/", "quiz/", "lab/")),
    "test/",
    "instructors/",
]
SCHEMES = {"light": "default", "dark": "slate"}


def axe_violations(page: Page) -> list[dict[str, object]]:
    """Run axe-core with the WCAG 2.1 A/AA rules; return its violations."""
    if not AXE.is_file():
        pytest.fail("axe-core is missing: run `npm ci` (the README's commands do)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: "tag",
             values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})"""
    )
    return [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "home")
def test_no_axe_violations(page: Page, site_url: str, path: str, scheme: str) -> None:
    """The page, with its widgets mounted, has no WCAG 2.1 AA violations axe can find."""
    page.emulate_media(color_scheme="dark" if scheme == "dark" else "light")
    page.goto(site_url + path)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])
    if path.endswith("quiz/"):
        expect(page.locator("[data-runtime-status]")).to_have_attribute(
            "data-state", "ready", timeout=90_000
        )
    if path.endswith("lab/"):
        expect(page.locator("[data-lab-mode]")).not_to_contain_text("Connecting")
    assert axe_violations(page) == []


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_no_axe_violations_with_progress_marks_and_notes(
    page: Page, site_url: str, scheme: str
) -> None:
    """With progress to show: navigation marks, a "kept your answers" note, a set-aside notice."""
    page.emulate_media(color_scheme="dark" if scheme == "dark" else "light")
    page.goto(f"{site_url}lesson-1/quiz/")
    first = page.locator("fieldset[data-question]").first
    version = first.get_attribute("data-question-version")
    question = first.get_attribute("data-question")
    page.evaluate(
        """async ([question, version]) => {
             const {site} = JSON.parse(document.getElementById('course-config').textContent);
             const manifest = await (await fetch('../../course/progress.json')).json();
             const lab = manifest.sections[0].lab[0];
             localStorage.setItem(`course:${site}:lab:${lab.id}@${lab.version}`, 'damaged');
             const verdict = {question_id: question, answer: 'a', correct: false, feedback: '…', version};
             localStorage.setItem(`course:${site}:quiz:lesson-1@older`,
                                  JSON.stringify({answers: {[question]: verdict}}));
             localStorage.setItem(`course:${site}:test-best:module-test@any`,
                                  JSON.stringify({score: 13, total: 15, passed: true}));
           }""",
        [question, version],
    )
    page.reload()
    expect(page.locator(".course-note")).to_be_visible()
    expect(page.locator('[data-course-notice="set-aside"]')).to_be_visible()
    expect(page.locator(".md-nav--primary a > .course-nav-mark")).to_have_count(2)
    expect(page.locator("[data-runtime-status]")).to_have_attribute("data-state", "ready", timeout=90_000)
    assert axe_violations(page) == []
