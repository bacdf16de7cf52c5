"""The course built by Zensical works for the learner as the MkDocs build does.

One build (the ``zensical`` variant: ``zensical build``, then ``python -m
quiz_engine build-assets``) and one browser context for the module, which
starts from the session's Python snapshot as after a first visit (the
engine wheel is the same in both builds). Every request must stay on the
Zensical site's own origin and no page may log an error.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from quiz_engine.content.persona import load_personas
from quiz_engine.content.quiz import load_quiz
from quiz_engine.core.practice import practice_reply
from tests.e2e.builds import ROOT, BuiltVariant
from tests.e2e.conftest import seed_python_snapshot
from tests.e2e.labs_pages import log_of, send
from tests.e2e.test_accessibility import PAGES, axe_violations
from tests.e2e.test_exercises import exercise, press, type_code
from tests.e2e.test_module_test import answer_all
from tests.e2e.test_search import search_index_state

BOOT = 90_000
QUIZ = load_quiz(ROOT / "docs" / "lesson-1" / "quiz.yml")


@dataclass
class Visit:
    """The module's page, on the Zensical site, with what left the origin and what was logged."""

    page: Page
    url: str
    off_origin: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def goto(self, path: str) -> Page:
        self.page.goto(self.url + path)
        return self.page


@pytest.fixture(scope="module")
def zensical(
    browser: Browser, browser_context_args: dict[str, Any], zensical_site: BuiltVariant,
    site_url: str, python_snapshot: str,
) -> Iterator[Visit]:
    """One context on the Zensical site, seeded with the session's Python snapshot."""
    context = browser.new_context(**browser_context_args)
    visit = Visit(context.new_page(), zensical_site.url)
    origin = zensical_site.url.rstrip("/") + "/"

    def guard(route: Route) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:", origin)):
            route.fallback()
        else:
            visit.off_origin.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", guard)
    seed_python_snapshot(context, zensical_site.url,
                         python_snapshot.replace(site_url, zensical_site.url, 1)).close()
    visit.page.on("console", lambda message: visit.errors.append(
        f"{visit.page.url}: {message.text}") if message.type == "error" else None)
    visit.page.on("pageerror", lambda error: visit.errors.append(f"{visit.page.url}: {error}"))
    try:
        yield visit
    finally:
        context.close()


@pytest.fixture
def site(zensical: Visit) -> Iterator[Visit]:
    """The module's visit, checked after each test: nothing off the origin, no error logged."""
    zensical.off_origin.clear()
    zensical.errors.clear()
    yield zensical
    assert zensical.off_origin == [], f"requests off the site's origin: {zensical.off_origin}"
    assert zensical.errors == [], f"errors in the console: {zensical.errors}"


def test_a_quiz_answered_wrong_then_right(site: Visit) -> None:
    """Python grades the quiz; the feedback is the author's, wrong and right."""
    page = site.goto("lesson-1/quiz/")
    expect(page.get_by_role("status").first).to_contain_text("Python is ready", timeout=BOOT)
    question = QUIZ.questions[0]
    box = page.locator(f'fieldset[data-question="{question.id}"]')
    wrong = next(option for option in question.options if not option.correct)
    right = question.option(question.answer)
    assert right is not None
    for option, verdict, said in ((wrong, "That's not the right answer.", question.feedback_wrong),
                                  (right, "That's the right answer.", question.feedback_right)):
        box.get_by_role("radio", name=option.text).check()
        box.get_by_role("button", name="Check answer").click()
        feedback = box.locator("[data-feedback]")
        expect(feedback).to_contain_text(verdict, timeout=BOOT)
        expect(feedback).to_contain_text(said)


def test_an_exercise_runs_and_passes(site: Visit) -> None:
    """The solution typed into the editor runs, and every check passes."""
    page = site.goto("lesson-1/")
    section = exercise(page, "scope-three-filters")
    folder = ROOT / "docs" / "lesson-1" / "exercises" / "scope-three-filters"
    type_code(page, section, (folder / "solution.py").read_text(encoding="utf-8"))
    press(section, "Run")
    expect(section.locator("[data-exercise-output]")).not_to_be_empty(timeout=BOOT)
    press(section, "Check")
    expect(section.locator("[data-exercise-result]")).to_contain_text("✓ Passed.", timeout=BOOT)


def test_a_lab_message_gets_the_practice_peers_reply(site: Visit) -> None:
    """With no labs worker configured, the practice peer answers from Python in the page."""
    page = site.goto("lesson-1/lab/")
    expect(page.locator("[data-lab-mode]")).to_contain_text("Offline practice mode", timeout=10_000)
    message = "A model that classifies bird songs from my garden recordings"
    send(page, message)
    persona = load_personas(None)["lab-1"]
    expected = practice_reply(persona.practice_data, [{"role": "user", "content": message}])
    expect(log_of(page).nth(2)).to_have_text(f"Peer{expected}", timeout=BOOT)


def test_the_module_test_is_submitted_and_graded(site: Visit) -> None:
    """All answered, submitted once, graded as a whole: 12 of 15 passes."""
    page = site.goto("test/")
    answer_all(page, wrong=3)
    page.get_by_role("button", name="Submit the test").click()
    result = page.locator("[data-test-result]")
    expect(result).to_contain_text("You passed the Module 8 Test", timeout=BOOT)
    expect(result).to_contain_text("You scored 12 of 15; passing needs 12.")


def test_search_finds_the_lessons(site: Visit) -> None:
    """Zensical's own search, behind the course's search worker, which passes it every
    message as it is (it builds its index only once search is opened)."""
    page = site.goto("lesson-1/")
    page.get_by_role("button", name="Search").click()
    page.keyboard.type("overfitting")
    expect(page.get_by_text("Quiz — Lesson 3").first).to_be_visible(timeout=30_000)
    assert search_index_state(page) == "theirs"


def test_every_page_loads_from_the_sites_own_origin(site: Visit) -> None:
    """Each page (the notebook pages too) loads, shows its heading and logs no error."""
    for path in PAGES:
        page = site.goto(path)
        expect(page.locator("h1").first).to_be_visible()
    page = site.goto("lesson-2/notebook/")
    expect(page.get_by_role("link", name="Download the notebook (.ipynb)")).to_be_visible()
    download = page.request.get(site.url + "lesson-2/notebook/notebook.ipynb")
    assert download.ok and download.json()["nbformat"] == 4


@pytest.mark.parametrize("path", ["lesson-1/quiz/", "lesson-1/", "lesson-2/notebook/"])
def test_axe_finds_nothing(site: Visit, path: str) -> None:
    """WCAG 2.1 A/AA on a quiz, a lesson with an exercise and a notebook page of the Zensical build."""
    page = site.goto(path)
    expect(page.locator("h1").first).to_be_visible()
    if "notebook" not in path:
        expect(page.get_by_role("status").first).to_contain_text("Python is ready", timeout=BOOT)
    assert axe_violations(page) == []


def test_the_site_holds_no_content_sources(zensical_site: BuiltVariant) -> None:
    """Quiz files and exercise folders (solutions included) stay out of the Zensical site, and
    of the browser code only what pages load is there: the bundles, the editor's chunks and
    the search worker's front."""
    site = zensical_site.work / "site"
    assert (site / "course" / "progress.json").is_file()
    left = [p.relative_to(site).as_posix() for p in site.rglob("*")
            if p.suffix in (".yml", ".py") or p.name == "solution.py"]
    assert left == []
    code = site / "assets" / "course"
    scripts = {p.relative_to(code).as_posix() for p in code.rglob("*.js")}
    assert {"course.bundle.js", "python-worker.bundle.js", "editor/editor.bundle.js"} <= scripts
    assert [name for name in scripts if not name.endswith(".bundle.js")
            and not name.startswith("editor/") and name != "search-worker.js"] == []
