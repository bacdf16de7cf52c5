"""``python -m quiz_engine build-assets``: what a Zensical build gets after ``zensical build``.

The command reads the course options with the course's own reader, stops on
the same located message as the MkDocs plugin, and writes what the plugin
writes after ``mkdocs build``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from quiz_engine.cli import main
from quiz_engine.cli.build_assets import build_assets
from quiz_engine.content.course import load_course
from quiz_engine.core.errors import CourseError
from quiz_engine.markdown.config import COURSE_OPTIONS, read_config
from quiz_engine.mkdocs.config import CourseConfig
from quiz_engine.mkdocs.options import site_config
from quiz_engine.mkdocs.plugin import CoursePlugin
from quiz_engine.site.build import write_site_assets
from quiz_engine.site.pages import bundled_modules, site_pages
from tests.page_config import page_config_of
from tests.unit.conftest import VALID_QUIZ
from tests.unit.test_plugin import assert_only_loaded_browser_files, run_build, write_browser_files

ROOT = Path(__file__).resolve().parents[2]
PAGE = "# Quiz\n\n```quiz\nquiz.yml\n```\n"
GENERATED_PAGE = "<!doctype html><html><head><title>Quiz</title></head><body>quiz</body></html>\n"


@pytest.fixture
def project(tmp_path: Path) -> Callable[..., Path]:
    """A one-lesson project and a site folder as a generator leaves it; returns mkdocs.yml."""

    def make(page: str = PAGE, quiz: str = VALID_QUIZ, options: str = "") -> Path:
        docs = tmp_path / "docs"
        (docs / "lesson").mkdir(parents=True, exist_ok=True)
        (docs / "index.md").write_text("# Home\n", encoding="utf-8")
        (docs / "lesson" / "index.md").write_text("# The lesson\n", encoding="utf-8")
        (docs / "lesson" / "quiz.md").write_text(page, encoding="utf-8")
        (docs / "lesson" / "quiz.yml").write_text(quiz, encoding="utf-8")
        site = tmp_path / "generated"
        (site / "lesson" / "quiz").mkdir(parents=True, exist_ok=True)
        (site / "index.html").write_text(GENERATED_PAGE, encoding="utf-8")
        (site / "lesson" / "quiz" / "index.html").write_text(GENERATED_PAGE, encoding="utf-8")
        (site / "lesson" / "quiz.yml").write_text(quiz, encoding="utf-8")  # copied as a static file
        config = tmp_path / "mkdocs.yml"
        config.write_text(
            "site_name: Test course\n"
            "plugins:\n  - course:\n      pyodide_enabled: false\n" + options,
            encoding="utf-8",
        )
        return config

    return make


def _run(*args: str) -> int:
    return main(["build-assets", *args])


def test_writes_what_the_plugin_writes(project: Callable[..., Path]) -> None:
    """Content JSON, manifest, schemas, the page configuration, the service worker; no sources."""
    config = project()
    site = config.parent / "generated"
    assert _run(str(site), "--config", str(config)) == 0
    data = json.loads((site / "course" / "quiz" / "sample.json").read_text(encoding="utf-8"))
    assert data["questions"][1]["options"][1]["correct"] is True
    progress = json.loads((site / "course" / "progress.json").read_text(encoding="utf-8"))
    (section,) = progress["sections"]
    assert section["title"] == "Lesson"  # no nav: the folder's title, as MkDocs' navigation shows
    assert section["quiz"][0]["page"] == "lesson/quiz/"
    assert (site / "schema" / "quiz.schema.json").is_file()
    assert not (site / "lesson" / "quiz.yml").exists()
    html = (site / "lesson" / "quiz" / "index.html").read_text(encoding="utf-8")
    block = html.split('<script type="application/json" id="course-config">')[1].split("</script>")[0]
    assert json.loads(block)["site"] == "test-course"
    assert html.index('id="course-config"') < html.index("</head>")
    sw = (site / "sw.js").read_text(encoding="utf-8")
    assert "/course/quiz/sample.json" in sw and "/lesson/quiz/index.html" in sw


def test_the_browser_modules_a_generator_copied_are_removed(
    project: Callable[..., Path],
) -> None:
    """A generator copies the theme's whole ``assets/course/``: only what pages load stays."""
    config = project()
    site = config.parent / "generated"
    write_browser_files(site)
    assert _run(str(site), "--config", str(config)) == 0
    assert_only_loaded_browser_files(site)


def test_the_same_manifest_as_a_mkdocs_build(project: Callable[..., Path]) -> None:
    """The progress manifest comes from the pages' fences: the plugin's build writes the same."""
    config = project()
    site = config.parent / "generated"
    assert _run(str(site), "--config", str(config)) == 0
    built = run_build(config)
    ours = json.loads((site / "course" / "progress.json").read_text(encoding="utf-8"))
    theirs = json.loads((built / "course" / "progress.json").read_text(encoding="utf-8"))
    assert ours == theirs


@pytest.mark.parametrize("with_nav", [True, False], ids=["nav", "no-nav"])
def test_pages_have_the_urls_and_lesson_titles_of_mkdocs_navigation(with_nav: bool) -> None:
    """Each page's URL and its lesson's title, as MkDocs' own navigation gives them."""
    from mkdocs.structure.files import get_files
    from mkdocs.structure.nav import get_navigation

    config = load_config(str(ROOT / "mkdocs.yml"))
    if not with_nav:
        config.nav = None
    nav = get_navigation(get_files(config), config)
    report = load_course(read_config(ROOT / "mkdocs.yml").course_options())
    ours = {p.src_uri: p for p in site_pages(report.course, config.nav)}
    for page in nav.pages:
        if not page.file.src_uri.endswith(".md"):
            continue
        mine = ours[page.file.src_uri]
        assert mine.url == page.url
        if page.parent is not None:
            assert mine.section_title == page.parent.title


def test_running_twice_replaces_the_page_configuration(project: Callable[..., Path]) -> None:
    """The block is written once per page, however often the command runs."""
    config = project()
    site = config.parent / "generated"
    assert _run(str(site), "--config", str(config)) == 0
    assert _run(str(site), "--config", str(config)) == 0
    html = (site / "index.html").read_text(encoding="utf-8")
    assert html.count('id="course-config"') == 1


def _plugin_message(config: Path, caplog: pytest.LogCaptureFixture) -> str:
    with pytest.raises((PluginError, Abort)) as caught:
        run_build(config)
    return f"{caught.value}\n{caplog.text}"


@pytest.mark.parametrize(
    ("page", "quiz", "expected"),
    [
        (PAGE, VALID_QUIZ.replace("      - text: Test\n        correct: true\n", "      - text: Test\n"),
         "docs/lesson/quiz.yml:"),
        ("# Quiz\n\n```quiz\nquizz.yml\n```\n", VALID_QUIZ,
         "docs/lesson/quiz.md:3: quiz: the quiz fence names 'quizz.yml', which is not a quiz file"),
    ],
    ids=["broken-quiz", "missing-file"],
)
def test_a_content_problem_stops_it_with_the_plugins_message(
    project: Callable[..., Path], caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str], page: str, quiz: str, expected: str,
) -> None:
    """Exit status 1, nothing written, and the very message ``mkdocs build`` stops with."""
    config = project(page=page, quiz=quiz)
    site = config.parent / "generated"
    here = Path.cwd()
    os.chdir(config.parent)  # paths are shown relative to the working directory, as in a build
    try:
        status = _run(str(site), "--config", str(config))
        error = capsys.readouterr().err
        with pytest.raises(CourseError) as caught:
            build_assets(site, config)
    finally:
        os.chdir(here)
    assert status == 1
    assert expected in error
    assert not (site / "course").exists()
    plugin = _plugin_message(config, caplog)
    assert str(caught.value) in plugin
    assert error.strip() == f"error: {caught.value}"


def test_refuses_without_a_site_or_a_course(project: Callable[..., Path], tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """No such folder, or no course plugin in the file: exit status 2 and why."""
    config = project()
    assert _run(str(tmp_path / "nowhere"), "--config", str(config)) == 2
    assert "no such folder" in capsys.readouterr().err
    plain = tmp_path / "plain.yml"
    plain.write_text("site_name: Plain\n", encoding="utf-8")
    assert _run(str(tmp_path / "generated"), "--config", str(plain)) == 2
    assert "plugins: the course plugin is not enabled" in capsys.readouterr().err


def test_a_wrong_option_is_located(project: Callable[..., Path],
                                   capsys: pytest.CaptureFixture[str]) -> None:
    """A mistyped option names its key, with a suggestion."""
    config = project(options="      pyodide_packges: [numpy]\n")
    assert _run(str(config.parent / "generated"), "--config", str(config)) == 2
    error = capsys.readouterr().err
    assert "plugins.course.pyodide_packges" in error and "did you mean 'pyodide_packages'?" in error


def test_a_disabled_course_adds_nothing(project: Callable[..., Path]) -> None:
    """``enabled: false``: the site stays as the generator left it."""
    config = project(options="      enabled: false\n")
    site = config.parent / "generated"
    assert _run(str(site), "--config", str(config)) == 0
    assert not (site / "course").exists()


def test_notebooks_get_a_download_and_a_readable_page(tmp_path: Path) -> None:
    """Without mkdocs-jupyter, each lesson's notebook is a page beside its .ipynb, linked from the nav."""
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {ROOT / 'docs'}\n"
        "plugins:\n  - course:\n      pyodide_enabled: false\n      offline: false\n",
        encoding="utf-8",
    )
    site = tmp_path / "site"
    (site / "lesson-2").mkdir(parents=True)
    (site / "lesson-2" / "index.html").write_text(
        '<html><head></head><body><a href="./notebook.ipynb">Notebook</a></body></html>',
        encoding="utf-8",
    )
    build_assets(site, config, log=lambda _: None)
    notebook = json.loads((site / "lesson-2" / "notebook" / "notebook.ipynb").read_text("utf-8"))
    assert notebook["nbformat"] == 4
    page = (site / "lesson-2" / "notebook" / "index.html").read_text(encoding="utf-8")
    assert "Print what Marcus never printed" in page  # an exercise's title, as a heading
    assert 'href="notebook.ipynb" download' in page
    assert '<html lang="en">' in page
    # The lesson's figures show from the notebook's attachments, as Jupyter shows them.
    assert "attachment:" not in page
    assert 'src="data:image/svg+xml;base64,' in page
    lesson = (site / "lesson-2" / "index.html").read_text(encoding="utf-8")
    assert 'href="./notebook/"' in lesson
    progress = json.loads((site / "course" / "progress.json").read_text(encoding="utf-8"))
    titles = [section["title"] for section in progress["sections"]]
    assert "Lesson 2 · Data First" in titles  # the nav section's title, as the plugin gives it


# The reader of mkdocs.yml the fences (under Zensical) and the command use.


def test_the_reader_gives_the_options_mkdocs_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    """For the course's own file, the same course and site options as MkDocs' loader."""
    monkeypatch.setenv("LABS_URL", "https://labs.example.org/")
    monkeypatch.setenv("SITE_URL", "https://example.org/course")
    ours = read_config(ROOT / "mkdocs.yml")
    config = load_config(str(ROOT / "mkdocs.yml"))
    plugin = next(p for p in config.plugins.values() if isinstance(p, CoursePlugin))
    theirs = site_config(config, plugin.config)
    assert ours == theirs  # the same settings, so the same options derived from them
    assert ours.course_options() == theirs.course_options()
    assert ours.site_options().labs_url == "https://labs.example.org"
    assert ours.nav == config.nav


def test_the_option_schema_is_the_plugins() -> None:
    """The reader's options and defaults are exactly the MkDocs plugin's."""
    plugin = CourseConfig()
    plugin.load_dict({})
    plugin.validate()
    assert {name: default for name, (_, default) in COURSE_OPTIONS.items()} == dict(plugin)


def test_inherit_merges_mappings_and_replaces_lists(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """``INHERIT`` as MkDocs reads it; ``!ENV`` with a default; Python tags kept as names."""
    monkeypatch.delenv("COURSE_TEST_UNSET", raising=False)
    (tmp_path / "docs").mkdir()
    (tmp_path / "base.yml").write_text(
        "site_name: Base\ntheme:\n  name: material\n  language: de\n"
        "plugins:\n  - search\n  - course:\n      pyodide_packages: [numpy]\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        encoding="utf-8",
    )
    child = tmp_path / "mkdocs.yml"
    child.write_text(
        "INHERIT: base.yml\ntheme:\n  language: fr\n"
        "plugins:\n  - course:\n      labs_url: !ENV [COURSE_TEST_UNSET, 'http://127.0.0.1:9/']\n",
        encoding="utf-8",
    )
    config = read_config(child)
    assert config.site_name == "Base"
    assert config.language == "fr"
    assert config.course["pyodide_packages"] == []  # the child's plugin list replaced the base's
    assert config.course["labs_url"] == "http://127.0.0.1:9/"
    assert config.docs_dir == tmp_path / "docs"


def _page_config(site: Path) -> dict[str, object]:
    return page_config_of(site / "lesson" / "quiz" / "index.html")


def test_offline_use_is_a_precaching_service_worker_the_pages_register(
    project: Callable[..., Path],
) -> None:
    """``offline: true`` (the default): sw.js precaches the site, and the pages say to register it."""
    config = project()
    site = config.parent / "generated"
    assert _run(str(site), "--config", str(config)) == 0
    assert _page_config(site)["serviceWorker"] is True
    sw = (site / "sw.js").read_text(encoding="utf-8")
    assert "/lesson/quiz/index.html" in sw and "unregister" not in sw


@pytest.mark.parametrize("serving", [False, True], ids=["offline-false", "mkdocs-serve"])
def test_without_offline_use_sw_js_retires_an_earlier_one(
    project: Callable[..., Path], serving: bool,
) -> None:
    """With ``offline: false``, or under ``mkdocs serve``, the pages register no service worker,
    and sw.js is one that removes what an earlier deploy's left: the learners' copy of the
    old site would otherwise be all they ever see (a 404 for sw.js never replaces it)."""
    config = project(options="" if serving else "      offline: false\n")
    site = config.parent / "generated"
    settings = read_config(config)
    course = load_course(settings.course_options()).course
    write_site_assets(site, course, settings.site_options(), site_pages(course, settings.nav),
                      markdown=str, serving=serving)
    assert _page_config(site)["serviceWorker"] is False
    sw = (site / "sw.js").read_text(encoding="utf-8")
    assert "index.html" not in sw and "addAll" not in sw
    assert "registration.unregister()" in sw and "course-offline-" in sw


def test_without_offline_use_the_docs_own_sw_js_is_kept(project: Callable[..., Path]) -> None:
    """An instructor who turns offline use off to ship a service worker of their own keeps it."""
    config = project(options="      offline: false\n")
    (config.parent / "docs" / "sw.js").write_text("// the instructor's own\n", encoding="utf-8")
    site = config.parent / "generated"
    (site / "sw.js").write_text("// the instructor's own\n", encoding="utf-8")  # as copied
    assert _run(str(site), "--config", str(config)) == 0
    assert (site / "sw.js").read_text(encoding="utf-8") == "// the instructor's own\n"
    assert _page_config(site)["serviceWorker"] is False


def test_only_what_a_readable_source_map_names_inside_the_site_is_a_bundled_module() -> None:
    """Paths are taken from the map's folder; a map that cannot be read, or a source outside
    the site (``../``) or not a script, leaves nothing out."""
    maps = [
        ("assets/course/a.bundle.js.map", b'{"sources": ["a.js", "parts/b.js", "../../../x.js", "c.css"]}'),
        ("assets/other/broken.bundle.js.map", b"not json"),
        ("assets/other/odd.bundle.js.map", b'{"sources": "a.js"}'),
    ]
    assert bundled_modules(maps) == {"assets/course/a.js", "assets/course/parts/b.js"}


@pytest.mark.parametrize(("directory_urls", "expected"), [
    (True, {"verify": "check/", "certificate": "awards/print/",
            "guide": "teaching/#issue-completion-certificates"}),
    (False, {"verify": "check.html", "certificate": "awards/print.html",
             "guide": "teaching.html#issue-completion-certificates"}),
], ids=["directory-urls", "file-urls"])
def test_the_pages_the_certificate_links_are_found_where_the_course_put_them(
    project: Callable[..., Path], directory_urls: bool, expected: dict[str, str],
) -> None:
    """The verify page, the printable certificate and the guide's section on certificates reach
    the widgets as the pages that hold them, at the URLs this build gives them."""
    config = project()
    docs = config.parent / "docs"
    (docs / "awards").mkdir()
    (docs / "check.md").write_text("# Check\n\n<div data-course-verify></div>\n", encoding="utf-8")
    (docs / "awards" / "print.md").write_text(
        '# Print\n\n<div class="host" data-course-printable>\n</div>\n', encoding="utf-8")
    (docs / "teaching.md").write_text(
        "# Teaching\n\n## Issue completion certificates\n\nHow.\n", encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8")
                      + f"use_directory_urls: {str(directory_urls).lower()}\n", encoding="utf-8")
    site = config.parent / "generated"
    assert _run(str(site), "--config", str(config)) == 0
    assert _page_config(site)["pages"] == expected


def test_a_course_without_those_pages_links_none(project: Callable[..., Path]) -> None:
    """No verify page, printable certificate or guide section: no link to any (none is made up)."""
    config = project()
    site = config.parent / "generated"
    assert _run(str(site), "--config", str(config)) == 0
    assert _page_config(site)["pages"] == {"verify": None, "certificate": None, "guide": None}
