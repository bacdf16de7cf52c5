"""The course fences render to the same HTML under MkDocs' and Zensical's Markdown configuration.

Both routes read the course's real ``mkdocs.yml``: MkDocs' with its own
loader, the plugin's ``on_config`` and a page's ``render``; Zensical's with its
configuration parser and its page renderer. Under MkDocs the fences use the
plugin's course; under Zensical they load it themselves from the docs folder
and the course options of the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from quiz_engine.content.fences import find_fences
from quiz_engine.core.errors import CourseError
from quiz_engine.markdown import fences
from quiz_engine.site.blocks import CourseBlocks, PageRef

zensical_config = pytest.importorskip("zensical.config")
zensical_render = pytest.importorskip("zensical.markdown.render")

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "mkdocs.yml"
#: A page of each fence kind: quiz, exercises (prompts rendered as Markdown), lab, test.
PAGES = {
    "lesson-1/quiz.md": "lesson-1/quiz/",
    "lesson-2/index.md": "lesson-2/",
    "lesson-1/lab.md": "lesson-1/lab/",
    "test/index.md": "test/",
}


@pytest.fixture(scope="module")
def mkdocs_route() -> tuple[Any, CourseBlocks]:
    """MkDocs' configuration after the course plugin's ``on_config``, and the plugin's course."""
    saved = dict(fences._registered)
    config = load_config(str(CONFIG))
    config = config.plugins.on_config(config)
    blocks = fences._registered[CONFIG.resolve()]
    assert blocks is not None
    fences._registered.clear()
    fences._registered.update(saved)
    return config, blocks


def _mkdocs_html(config: Any, blocks: CourseBlocks, src: str) -> str:
    fences._registered[CONFIG.resolve()] = blocks
    try:
        file = File(src, config.docs_dir, config.site_dir, config.use_directory_urls)
        page = Page(None, file, config)
        page.read_source(config)
        page.render(config, Files([file]))
    finally:
        fences._registered.pop(CONFIG.resolve(), None)
    assert page.content is not None
    return page.content


def _zensical_html(src: str, url: str) -> str:
    assert CONFIG.resolve() not in fences._registered  # the fences load the course themselves
    zensical_config.parse_mkdocs_config(str(CONFIG))
    text = (ROOT / "docs" / src).read_text(encoding="utf-8")
    return str(zensical_render.render(text, src, url)["content"])


@pytest.mark.parametrize("src", sorted(PAGES))
def test_each_fence_renders_the_same_under_both(
    src: str, mkdocs_route: tuple[Any, CourseBlocks]
) -> None:
    """Every course fence of the page is the same HTML in the MkDocs and the Zensical page."""
    config, blocks = mkdocs_route
    text = (ROOT / "docs" / src).read_text(encoding="utf-8")
    page = PageRef(src, PAGES[src])
    expected = [blocks.render(f.kind, f.target, page) for f in find_fences(text)]
    assert expected, f"{src} has no course fence"
    mkdocs_html = _mkdocs_html(config, blocks, src)
    zensical_html = _zensical_html(src, PAGES[src])
    for html in expected:
        assert html in mkdocs_html
        assert html in zensical_html
    assert 'class="course-' in zensical_html
    assert "```" not in zensical_html


def test_zensical_route_keeps_the_course_it_loaded() -> None:
    """The course is loaded once for the file and its docs, not once per page."""
    fences._loaded.clear()
    _zensical_html("lesson-1/quiz.md", PAGES["lesson-1/quiz.md"])
    first = fences._loaded[CONFIG.resolve()]
    _zensical_html("lesson-1/lab.md", PAGES["lesson-1/lab.md"])
    assert fences._loaded[CONFIG.resolve()][1] is first[1]


def test_a_fence_outside_a_generator_is_refused() -> None:
    """A plain Python-Markdown instance has no page: the fence says where it renders."""
    import markdown

    md = markdown.Markdown(extensions=["pymdownx.superfences"], extension_configs={
        "pymdownx.superfences": {"custom_fences": fences.custom_fences()}
    })
    with pytest.raises(Exception, match="render only inside MkDocs or Zensical"):
        md.convert("```quiz\nquiz.yml\n```\n")


def test_a_disabled_course_leaves_the_fences_as_code(tmp_path: Path) -> None:
    """``enabled: false`` in the course options: Zensical shows the fence as a code block."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\n```quiz\nquiz.yml\n```\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: Test\n"
        "plugins:\n  - course:\n      enabled: false\n"
        "markdown_extensions:\n  - pymdownx.superfences:\n      custom_fences:\n"
        "        - name: quiz\n          class: course-quiz\n"
        "          format: !!python/name:quiz_engine.markdown.fences.quiz\n",
        encoding="utf-8",
    )
    zensical_config.parse_mkdocs_config(str(config))
    html = zensical_render.render((docs / "index.md").read_text(), "index.md", "")["content"]
    assert "<fieldset" not in html
    assert "quiz.yml" in html


@pytest.mark.parametrize(("kind", "target", "message"), [
    ("quiz", "missing.yml", "missing.yml"),
    ("lab", "lab-9", "lab-9"),
    ("exercise", "exercises/missing", "exercises/missing"),
])
def test_a_fence_the_course_did_not_load_says_what_it_names(
    mkdocs_route: tuple[Any, CourseBlocks], kind: str, target: str, message: str
) -> None:
    """A fence in text the course never read (another plugin's, a snippet's) stops its page with
    what is wrong with it, as ``validate`` would say it, rather than a Python error."""
    _, blocks = mkdocs_route
    with pytest.raises(CourseError, match=message) as raised:
        blocks.render(kind, target, PageRef("lesson-1/quiz.md", PAGES["lesson-1/quiz.md"]))
    assert raised.value.fix
