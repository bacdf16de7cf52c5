"""The ``course`` MkDocs plugin: its options, a real build, and builds that must fail."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from quiz_engine.mkdocs.plugin import CoursePlugin
from tests.unit.conftest import VALID_QUIZ

PAGE = "# Quiz\n\n```quiz\nquiz.yml\n```\n"


def test_default_options() -> None:
    """The plugin loads with no options and sensible defaults."""
    plugin = CoursePlugin()
    errors, warnings = plugin.load_config({})
    assert (errors, warnings) == ([], [])
    assert plugin.config.enabled is True
    assert plugin.config.content_dir == "course"
    assert plugin.config.pyodide_enabled is True
    assert plugin.config.pyodide_packages == []
    assert plugin.config.content_globs == ["**/quiz.yml", "**/test.yml"]


def test_bad_option_type_is_reported() -> None:
    """A wrongly typed option is a configuration error."""
    errors, _ = CoursePlugin().load_config({"pyodide_packages": "numpy"})
    assert errors and errors[0][0] == "pyodide_packages"


@pytest.fixture
def project(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a one-lesson project (page + quiz file) and return its mkdocs.yml."""

    def make(page: str = PAGE, quiz: str = VALID_QUIZ) -> Path:
        docs = tmp_path / "docs"
        (docs / "lesson").mkdir(parents=True, exist_ok=True)
        (docs / "index.md").write_text("# Home\n", encoding="utf-8")
        (docs / "lesson" / "quiz.md").write_text(page, encoding="utf-8")
        (docs / "lesson" / "quiz.yml").write_text(quiz, encoding="utf-8")
        config = tmp_path / "mkdocs.yml"
        config.write_text(
            "site_name: Test course\n"
            "plugins:\n  - course:\n      pyodide_enabled: false\n",
            encoding="utf-8",
        )
        return config

    return make


def run_build(config_file: Path) -> Path:
    """Build the project into its ``site`` folder (in the project's directory)."""
    here = Path.cwd()
    os.chdir(config_file.parent)
    try:
        config = load_config(str(config_file))
        build(config)
    finally:
        os.chdir(here)
    return config_file.parent / "site"


def test_real_build_renders_an_accessible_quiz(project: Callable[..., Path]) -> None:
    """A build renders radio groups in fieldsets, writes the JSON and keeps the YAML out."""
    site = run_build(project())
    html = (site / "lesson" / "quiz" / "index.html").read_text(encoding="utf-8")
    assert html.count("<fieldset") == 2
    assert "<legend" in html and 'type="radio"' in html
    assert 'aria-live="polite"' in html
    assert 'data-quiz-src="course/quiz/sample.json"' in html
    data = json.loads((site / "course" / "quiz" / "sample.json").read_text(encoding="utf-8"))
    assert data["questions"][1]["options"][1]["correct"] is True
    assert len(data["version"]) == 12
    assert not (site / "lesson" / "quiz.yml").exists()
    assert (site / "schema" / "quiz.schema.json").is_file()


#: Files of a theme's ``assets/course/`` (the course's browser code), and whether a
#: built site keeps each: the bundles, their source maps, the editor's chunks and any
#: script of the instructor's own are what pages load; the modules the bundles' source
#: maps name are not.
BROWSER_FILES = {
    "assets/course/course.bundle.js": True,
    "assets/course/course.bundle.js.map": True,
    "assets/course/python-worker.bundle.js": True,
    "assets/course/python-worker.bundle.js.map": True,
    "assets/course/editor/editor.bundle.js": True,
    "assets/course/editor/chunk-ABC123.js": True,
    "assets/course/course.css": True,
    "assets/course/my-own-script.js": True,
    "assets/course/course.js": False,
    "assets/course/widgets/quiz.js": False,
    "assets/course/runtime/python-worker.js": False,
    "assets/course/runtime/worker/quiet.js": False,
}
#: What each source map names, as esbuild writes it (paths from the map's folder).
SOURCE_MAPS = {
    "assets/course/course.bundle.js.map": ["course.js", "widgets/quiz.js"],
    "assets/course/python-worker.bundle.js.map": ["runtime/python-worker.js",
                                                  "runtime/worker/quiet.js"],
}


def write_browser_files(folder: Path) -> None:
    """Put :data:`BROWSER_FILES` under ``folder`` (the maps as :data:`SOURCE_MAPS` says)."""
    for name in BROWSER_FILES:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        text = (json.dumps({"version": 3, "sources": SOURCE_MAPS[name]}) if name in SOURCE_MAPS
                else "/* code */\n")
        (folder / name).write_text(text, encoding="utf-8")


def assert_only_loaded_browser_files(site: Path) -> None:
    """The site and its service worker hold the browser files pages load, and no others."""
    assert {name: (site / name).is_file() for name in BROWSER_FILES} == BROWSER_FILES
    assert not (site / "assets" / "course" / "runtime").exists()
    assert not (site / "assets" / "course" / "widgets").exists()
    precached = json.loads((site / "sw.js").read_text(encoding="utf-8").split("const FILES = ")[1]
                           .split(";")[0])
    listed = {name for name in BROWSER_FILES if f"/{name}" in precached}
    assert listed == {name for name, kept in BROWSER_FILES.items()
                      if kept and not name.endswith(".map")}


def test_the_site_ships_the_bundles_not_the_modules_they_are_made_of(
    project: Callable[..., Path],
) -> None:
    """Pages load the bundles: the browser modules they are made of stay out of the site."""
    config = project()
    write_browser_files(config.parent / "overrides")
    config.write_text(
        config.read_text(encoding="utf-8") + "theme:\n  name: mkdocs\n  custom_dir: overrides\n",
        encoding="utf-8",
    )
    assert_only_loaded_browser_files(run_build(config))


def test_the_browser_config_comes_from_the_options(tmp_path: Path) -> None:
    """Every built page's course config carries the options the widgets need, and the strings."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(
        "site_name: Test course\n"
        "theme:\n  name: material\n  language: fr\n"
        "plugins:\n  - course:\n      pyodide_enabled: false\n"
        "      pyodide_dir: py/runtime\n      content_dir: data\n"
        "      labs_url: https://labs.example.org/\n",
        encoding="utf-8",
    )
    site = run_build(config_file)
    for page in ("index.html", "404.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert html.count('<script type="application/json" id="course-config">') == 1
        block = html.split('id="course-config">')[1].split("</script>")[0]
        browser = json.loads(block)
        assert browser["site"] == "test-course"
        assert browser["pyodideUrl"] == "py/runtime/"
        assert browser["contentUrl"] == "data/"
        assert browser["labsUrl"] == "https://labs.example.org"
        assert browser["labMessageMaxChars"] == 2000
        assert browser["certificateNameMaxChars"] == 100
        assert browser["language"] == "fr"
        assert browser["strings"]["quiz.check"] == "Vérifier la réponse"
        assert html.index('id="course-config"') < html.index("</head>")


def test_broken_quiz_stops_the_build(
    project: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    """A content mistake fails the build with the file, line, key and fix."""
    broken = VALID_QUIZ.replace("      - text: Test\n        correct: true\n", "      - text: Test\n")
    with pytest.raises((PluginError, Abort)) as caught:
        run_build(project(quiz=broken))
    message = f"{caught.value}\n{caplog.text}"
    assert "docs/lesson/quiz.yml:" in message
    assert "questions[1].options: no option is marked `correct: true`" in message


def test_fence_naming_a_missing_file_stops_the_build(
    project: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    """A quiz fence must name a quiz file; the error lists the ones that exist."""
    with pytest.raises((PluginError, Abort)) as caught:
        run_build(project(page="```quiz\nquizz.yml\n```\n"))
    message = f"{caught.value}\n{caplog.text}"
    assert "the quiz fence names 'quizz.yml', which is not a quiz file" in message
    assert "lesson/quiz.yml" in message


def test_disabled_plugin_renders_nothing(project: Callable[..., Path]) -> None:
    """With ``enabled: false`` the fence stays a plain code block."""
    config = project()
    config.write_text(
        config.read_text(encoding="utf-8").replace("pyodide_enabled: false", "enabled: false"),
        encoding="utf-8",
    )
    site = run_build(config)
    html = (site / "lesson" / "quiz" / "index.html").read_text(encoding="utf-8")
    assert "<fieldset" not in html


def _with_theme(config_file: Path, language: str) -> Path:
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(
        text + f"theme:\n  name: material\n  language: {language}\n", encoding="utf-8"
    )
    return config_file


def test_widgets_follow_the_theme_language(project: Callable[..., Path]) -> None:
    """theme.language: fr renders the quiz's own words in French."""
    site = run_build(_with_theme(project(), "fr"))
    html = (site / "lesson" / "quiz" / "index.html").read_text(encoding="utf-8")
    assert ">Vérifier la réponse</button>" in html
    assert "Question 1 sur 2" in html
    assert "Check answer" not in html


def test_a_language_without_strings_is_a_warning_strict_builds_stop(
    project: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    """theme.language: de has no catalogue: English, and --strict says why it stopped."""
    config_file = _with_theme(project(), "de")
    config_file.write_text("strict: true\n" + config_file.read_text(encoding="utf-8"))
    with pytest.raises(Abort):
        run_build(config_file)
    assert "no strings in that language (they ship en, fr)" in caplog.text
    assert "strings_dir" in caplog.text


def test_builds_leave_no_temporary_folders(
    project: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The notebooks written for a build are removed after it, whether it passed or failed."""
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(temp))
    run_build(project())
    assert list(temp.iterdir()) == []
    page_with_missing_file = "```quiz\nquizz.yml\n```\n"
    with pytest.raises((PluginError, Abort)):
        run_build(project(page=page_with_missing_file))
    assert list(temp.iterdir()) == []
