"""One walk over every page: axe-core (WCAG 2.1 A and AA rules) in the light palette,
its contrast rules again in the dark one, then the phone checks at 360 px (no
sideways scrolling, the course's controls big enough to tap)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.editor import every_code_editor

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = [
    "",
    *(f"lesson-{n}/{kind}" for n in range(1, 5) for kind in ("", "notebook/", "quiz/", "lab/")),
    "test/",
    "verify/",
    "certificate/",
    "instructors/",
]
SCHEMES = {"light": "default", "dark": "slate"}
PHONE = {"width": 360, "height": 780}
# The course's own controls (Material's header and footer are the theme's).
CONTROLS = (
    ".md-content button, .md-content .md-button, .course-option, "
    ".course-lab__input, .course-exercise .cm-content"
)


#: The rules whose outcome depends on the palette: the dark pass runs these alone (the
#: page's structure, names and roles are the same in both palettes).
PALETTE_RULES = ["color-contrast", "link-in-text-block"]


def axe_violations(page: Page, rules: list[str] | None = None) -> list[dict[str, object]]:
    """Run axe-core with the WCAG 2.1 A/AA rules (or only ``rules``); return its violations."""
    if not AXE.is_file():
        pytest.fail("axe-core is missing: run `npm ci` (the README's commands do)")
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    only = ({"type": "rule", "values": rules} if rules else
            {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]})
    # resultTypes: every violation is reported in full; of the rules that pass (or do
    # not apply) axe keeps one node each, rather than a selector for every element,
    # which takes it a third less time on a long lesson.
    result = page.evaluate(
        "(only) => axe.run(document, {runOnly: only, resultTypes: ['violations']})", only
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


#: Material keeps the palette of the last load in localStorage and reapplies it: forget it
#: before every load, so each one follows the emulated media query, as a first visit does.
FORGET_PALETTE = """for (const key of Object.keys(localStorage))
                     if (key.endsWith('__palette')) localStorage.removeItem(key);"""


def switch_to_dark(page: Page) -> None:
    """Switch to the dark palette as a learner does, with the header's toggle.

    (Material follows the system's colour scheme only when a page loads: an
    ``emulate_media`` afterwards changes nothing on screen.)
    """
    page.get_by_title("Switch to dark mode").click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES["dark"])


def phone_problems(page: Page) -> list[str]:
    """At 360 px: sideways scrolling, and visible controls under 44 px tall."""
    page.set_viewport_size(PHONE)
    # Two frames: the resize is laid out, and whatever the widgets redraw on it.
    page.evaluate("new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
    problems = []
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        problems.append(f"scrolls sideways by {overflow}px")
    small = page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
             .filter((el) => el.offsetParent !== null && !el.closest("[hidden]"))
             .map((el) => [el.textContent.trim().slice(0, 30), el.getBoundingClientRect().height])
             .filter(([, height]) => height < 44)""",
        CONTROLS,
    )
    if small:
        problems.append(f"controls under 44 px tall: {small}")
    return problems


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "home")
def test_page_passes_axe_in_both_palettes_and_fits_a_phone(
    page: Page, site_url: str, path: str
) -> None:
    """With its widgets mounted, the page has no WCAG 2.1 AA violations axe can find in the
    light palette, and no contrast failure after the learner switches to the dark one; at
    360 px it does not scroll sideways and every visible control is at least 44 px tall.

    One load per page: the dark palette is the header's toggle (the palette is a
    ``data-md-color-scheme`` attribute, nothing is reloaded), the phone width a resize.
    """
    problems: dict[str, object] = {}
    page.add_init_script(FORGET_PALETTE)
    page.emulate_media(color_scheme="light")
    page.goto(site_url + path)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES["light"])
    if path.endswith("quiz/"):
        expect(page.locator("[data-runtime-status]")).to_have_attribute(
            "data-state", "ready", timeout=90_000
        )
    if path.endswith("lab/"):
        expect(page.locator("[data-lab-mode]")).not_to_contain_text("Connecting")
    if "lesson-" in path and path.count("/") == 1:
        every_code_editor(page)
    violations = axe_violations(page)
    if violations:
        problems["axe, light"] = violations
    switch_to_dark(page)
    violations = axe_violations(page, PALETTE_RULES)
    if violations:
        problems["axe, dark"] = violations
    phone = phone_problems(page)
    if phone:
        problems["phone"] = phone
    assert problems == {}, f"{path or 'home'}: {problems}"


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
