"""The formatters of the course fences (``pymdownx.superfences`` ``custom_fences``).

``mkdocs.yml`` names them, one per kind::

    - pymdownx.superfences:
        custom_fences:
          - name: quiz
            class: course-quiz
            format: !!python/name:quiz_engine.markdown.fences.quiz

Each finds the page being rendered from the Markdown instance it is given —
MkDocs' link processor (``md.treeprocessors["relpath"]``, its ``file`` and
``config``) or Zensical's rendering context (``md.preprocessors
["rendering_context"]``, its ``page`` and ``config``) — and the course of the
site's configuration file: the one the MkDocs plugin loaded
(:func:`use_blocks`), or else one loaded here from the docs folder and the
file's course options, kept while neither changes. A course with a problem
stops the build with its first problem, located as ``python -m quiz_engine
validate`` shows it; with ``enabled: false`` the fences stay code blocks.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import markdown as python_markdown
from pymdownx.superfences import SuperFencesException, fence_code_format

from ..content.course import load_course
from ..content.fences import FENCE_KINDS
from ..core.errors import CourseError
from ..site.blocks import CourseBlocks, PageRef
from ..site.build import build_failure
from .config import find_config_file, read_config

__all__ = [
    "custom_fences", "exercise", "figure", "lab", "prompt_renderer", "quiz", "test", "use_blocks",
]

#: The course each site's configuration file has (``None``: the plugin is disabled).
_registered: dict[Path, CourseBlocks | None] = {}
#: Courses loaded here, by configuration file, with what they were loaded from.
_loaded: dict[Path, tuple[object, CourseBlocks | None]] = {}
_lock = threading.Lock()


def use_blocks(config_file: Path, blocks: CourseBlocks | None) -> None:
    """Render the fences of the site ``config_file`` describes with ``blocks`` (the plugin's)."""
    _registered[config_file.resolve()] = blocks


def _docs_signature(docs: Path) -> tuple[tuple[str, int], ...]:
    """The docs folder's files and their modification times: the course changes with them."""
    return tuple(
        (path.as_posix(), path.stat().st_mtime_ns) for path in sorted(docs.rglob("*"))
        if path.is_file()
    )


def prompt_renderer(extensions: list[Any], configs: dict[str, Any]) -> Callable[[str], str]:
    """Render an exercise prompt with the site's extensions (no fences, no page context)."""
    kept = [
        e for e in extensions
        if e != "pymdownx.superfences" and type(e).__name__ != "ContextExtension"
    ]
    rest = {k: v for k, v in configs.items() if k != "pymdownx.superfences"}

    def render(text: str) -> str:
        return python_markdown.Markdown(extensions=kept, extension_configs=rest).convert(text)

    return render


def _load(config_file: Path, renderer: Callable[[str], str]) -> CourseBlocks | None:
    """The course ``config_file`` describes, loaded once per change of it or its docs."""
    site = read_config(config_file)
    key = (site, _docs_signature(site.docs_dir))
    with _lock:
        cached = _loaded.get(config_file)
        if cached is not None and cached[0] == key:
            return cached[1]
        blocks = None
        if site.enabled:
            report = load_course(site.course_options())
            failure = build_failure(report)
            if failure is not None:
                raise CourseError(failure)
            blocks = CourseBlocks(report.course, site.site_options(), markdown=renderer)
        _loaded[config_file] = (key, blocks)
        return blocks


def _context(md: Any) -> tuple[Path, PageRef, Callable[[], Callable[[str], str]]]:
    """The site's configuration file, the page being rendered, and a prompt renderer."""
    relpath = md.treeprocessors["relpath"] if "relpath" in md.treeprocessors else None  # noqa: SIM401
    if relpath is not None and hasattr(relpath, "file") and hasattr(relpath, "config"):
        config = relpath.config  # MkDocs
        file = relpath.file
        return (
            Path(config.config_file_path or "mkdocs.yml").resolve(),
            PageRef(file.src_uri, file.url),
            lambda: prompt_renderer(config.markdown_extensions, config.mdx_configs),
        )
    if "rendering_context" in md.preprocessors:
        context = md.preprocessors["rendering_context"]  # Zensical
        root = Path(context.config["root_dir"])
        config_file = find_config_file(root)
        if config_file is None:
            raise CourseError("no mkdocs.yml beside the site's configuration", path=str(root),
                              fix="the course reads its options from mkdocs.yml")
        zensical = context.config
        return (
            config_file.resolve(),
            PageRef(context.page.path, context.page.url.lstrip("/")),
            lambda: prompt_renderer(zensical["markdown_extensions"], zensical["mdx_configs"]),
        )
    raise CourseError(
        "the course fences render only inside MkDocs or Zensical",
        fix="build the site with `mkdocs build` or `zensical build`",
    )


def _format(kind: str, source: str, language: str, class_name: str, options: Any, md: Any,
            **kwargs: Any) -> str:
    try:
        config_file, page, renderer = _context(md)
        if config_file in _registered:
            blocks = _registered[config_file]
        else:
            blocks = _load(config_file, renderer())
        if blocks is None:
            return str(fence_code_format(source, language, class_name, options, md, **kwargs))
        return blocks.render(kind, source.strip(), page)
    except CourseError as error:
        # Superfences turns any other exception into a plain code block.
        raise SuperFencesException(str(error)) from error


def _formatter(kind: str, doc: str) -> Callable[..., str]:
    """The superfences ``format`` function of the ``kind`` fence, named as mkdocs.yml names it."""

    def format_fence(
        source: str, language: str, class_name: str, options: Any, md: Any, **kwargs: Any
    ) -> str:
        return _format(kind, source, language, class_name, options, md, **kwargs)

    format_fence.__name__ = format_fence.__qualname__ = kind
    format_fence.__doc__ = doc
    return format_fence


quiz = _formatter("quiz", "```` ```quiz ````: the quiz file named, relative to the page.")
test = _formatter("test", "```` ```test ````: the quiz file named, graded as one test.")
exercise = _formatter(
    "exercise", "```` ```exercise ````: the exercise folder named, relative to the page."
)
lab = _formatter("lab", "```` ```lab ````: the lab persona named.")
figure = _formatter(
    "figure", "```` ```figure ````: the lesson figure (SVG) named, relative to the page."
)


_FORMATTERS = {"quiz": quiz, "test": test, "exercise": exercise, "lab": lab, "figure": figure}


def custom_fences() -> list[dict[str, Any]]:
    """The ``custom_fences`` entries of the course fences, as ``mkdocs.yml`` lists them."""
    return [
        {"name": kind, "class": f"course-{kind}", "format": _FORMATTERS[kind]}
        for kind in FENCE_KINDS
    ]
