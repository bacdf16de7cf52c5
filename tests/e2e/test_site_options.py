"""The plugin's folder options reach the browser: a course built with its
Pyodide and its content JSON elsewhere than the defaults still grades a quiz,
runs an exercise and shows the learner's progress, and never asks for the
default folders."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from quiz_engine.content.quiz import load_quiz
from tests.e2e.keyboard import tab_to
from tests.e2e.serve import serve_directory

ROOT = Path(__file__).resolve().parents[2]
BOOT = 120_000
PYODIDE_DIR = "python/runtime"
CONTENT_DIR = "data/course"


@pytest.fixture(scope="module")
def moved_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The course built with ``pyodide_dir`` and ``content_dir`` changed, served."""
    work = tmp_path_factory.mktemp("moved")
    config = work / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\n"
        f"docs_dir: {ROOT / 'docs'}\n"
        f"theme:\n  custom_dir: {ROOT / 'overrides'}\n"
        "plugins:\n"
        "  - search\n"
        "  - course:\n"
        "      pyodide_packages: [numpy, pandas]\n"
        f"      pyodide_dir: {PYODIDE_DIR}\n"
        f"      content_dir: {CONTENT_DIR}\n"
        "  - mkdocs-jupyter:\n"
        "      include_source: true\n"
        "      ignore_h1_titles: true\n"
        "      execute: false\n",
        encoding="utf-8",
    )
    site = work / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "LABS_URL": ""},
    )
    if result.returncode != 0:
        pytest.fail(f"the build failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    with serve_directory(site) as url:
        yield url, site


def test_the_folders_are_where_the_options_say(moved_site: tuple[str, Path]) -> None:
    """Pyodide and the content JSON are in the chosen folders, not in the default ones."""
    _, site = moved_site
    assert (site / PYODIDE_DIR / "pyodide.mjs").is_file()
    assert (site / CONTENT_DIR / "progress.json").is_file()
    assert not (site / "pyodide").exists() and not (site / "course").exists()


def test_quiz_exercise_and_progress_use_the_chosen_folders(
    page: Page, moved_site: tuple[str, Path]
) -> None:
    """A quiz is graded, an exercise runs, the progress panel fills; no request for a default folder."""
    url, _ = moved_site
    paths: list[str] = []
    page.context.on("request", lambda request: paths.append(urlparse(request.url).path))

    question = load_quiz(ROOT / "docs" / "lesson-1" / "quiz.yml").questions[0]
    page.goto(f"{url}lesson-1/quiz/")
    box = page.locator(f'fieldset[data-question="{question.id}"]')
    box.get_by_role("radio", name=question.option(question.answer).text).check()  # type: ignore[union-attr]
    box.get_by_role("button", name="Check answer").click()
    expect(box.locator("[data-feedback]")).to_contain_text(question.feedback_right, timeout=BOOT)

    page.goto(f"{url}lesson-1/")
    section = page.locator('section[data-course-exercise="scope-three-filters"]')
    content = section.locator(".cm-content")
    expect(content).to_be_visible()
    tab_to(page, content)
    page.keyboard.press("Control+A")
    page.keyboard.insert_text('print("from", "elsewhere")\n')
    page.keyboard.press("Control+Enter")
    expect(section.locator("[data-exercise-output]")).to_have_text("from elsewhere", timeout=BOOT)

    page.goto(url)
    row = page.locator('.course-progress__table tr[data-section="lesson-1"]')
    expect(row).to_contain_text("1 of 5 right", timeout=BOOT)

    assert any(p.startswith(f"/{PYODIDE_DIR}/") for p in paths)
    assert any(p.startswith(f"/{CONTENT_DIR}/") for p in paths)
    assert [p for p in paths if p.startswith(("/pyodide/", "/course/"))] == []
