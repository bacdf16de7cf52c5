"""What Python a built page's widgets need, as its config block tells the browser.

The browser starts that Python from the page's head, before the body is
parsed (``assets/course/course.js``); these tests pin what the build writes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from quiz_engine.site.page_config import page_python
from quiz_engine.site.pages import inject_page_config

QUIZ = '<form class="course-quiz" data-course-quiz="lesson-1" data-quiz-src="quiz/lesson-1.json">'
TEST = '<form class="course-quiz course-test" data-course-test="module-test">'


def exercise(packages: str) -> str:
    return (f'<section class="course-exercise" id="exercise-x" data-course-exercise="x" '
            f'data-exercise-src="e.json" data-exercise-packages="{packages}" data-solution-after="2">')


def test_a_page_without_widgets_needs_no_python() -> None:
    assert page_python("<html><body><p>data-course-quiz= in the text</p></body></html>") is None


def test_a_quiz_page_and_the_test_page_need_the_quizzes_python() -> None:
    assert page_python(f"<body>{QUIZ}</body>") == {"quizzes": True, "exercisePackages": None}
    assert page_python(f"<body>{TEST}</body>") == {"quizzes": True, "exercisePackages": None}


def test_exercises_give_the_union_of_their_packages_sorted() -> None:
    html = exercise("pandas numpy") + exercise("matplotlib numpy") + exercise("")
    assert page_python(html) == {
        "quizzes": False, "exercisePackages": ["matplotlib", "numpy", "pandas"],
    }


def test_exercises_with_no_packages_still_need_python() -> None:
    assert page_python(exercise("")) == {"quizzes": False, "exercisePackages": []}


def _config_of(page: Path) -> dict[str, object]:
    found = re.search(r'<script type="application/json" id="course-config">(.*?)</script>',
                      page.read_text(encoding="utf-8"), re.DOTALL)
    assert found, f"no config block in {page}"
    return json.loads(found.group(1))


def test_each_page_gets_its_own_python_and_the_shared_config(tmp_path: Path) -> None:
    pages = {
        "index.html": "<p>home</p>",
        "lesson/quiz/index.html": QUIZ,
        "lesson/index.html": exercise("numpy"),
    }
    for name, body in pages.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"<html><head></head><body>{body}</body></html>", encoding="utf-8")
    shared = {"site": "course", "pyodideUrl": "pyodide/"}
    assert inject_page_config(tmp_path, shared) == 3
    # Twice, as build-assets may run: still one block, still each page's own.
    assert inject_page_config(tmp_path, shared) == 3
    home = _config_of(tmp_path / "index.html")
    assert home == shared
    assert _config_of(tmp_path / "lesson/quiz/index.html") == {
        **shared, "python": {"quizzes": True, "exercisePackages": None},
    }
    assert _config_of(tmp_path / "lesson/index.html")["python"] == {
        "quizzes": False, "exercisePackages": ["numpy"],
    }
    assert (tmp_path / "lesson/index.html").read_text(encoding="utf-8").count('id="course-config"') == 1


START = '<script data-course-python-start></script>'


def _site_with_early_start(root: Path, script: str) -> None:
    (root / "assets" / "course").mkdir(parents=True)
    (root / "assets" / "course" / "early-start.bundle.js").write_text(script, encoding="utf-8")
    for name, body in {"index.html": "<p>home</p>", "quiz/index.html": QUIZ}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(
            f'<html><head><script type="application/json" id="course-config">{{}}</script>'
            f"{START}</head><body>{body}</body></html>", encoding="utf-8",
        )


def test_only_a_page_that_needs_python_gets_the_script_that_starts_it(tmp_path: Path) -> None:
    _site_with_early_start(tmp_path, "(()=>{start()})();\n")
    for _ in range(2):  # the command may run twice
        inject_page_config(tmp_path, {"site": "course"})
    quiz = (tmp_path / "quiz/index.html").read_text(encoding="utf-8")
    assert "<script data-course-python-start>(()=>{start()})();</script>" in quiz
    # The config comes first: parsed by the time the script runs.
    assert quiz.index('id="course-config"') < quiz.index("data-course-python-start")
    assert START in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_a_script_that_would_end_its_element_stops_the_build(tmp_path: Path) -> None:
    _site_with_early_start(tmp_path, 'console.log("</script>")')
    with pytest.raises(ValueError, match="cannot be written inside a <script> element"):
        inject_page_config(tmp_path, {"site": "course"})
