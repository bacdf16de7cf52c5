"""The ``course`` MkDocs plugin: MkDocs' events over the plain build functions.

- ``on_config``: load and validate the whole course (the build stops on the
  first problem, ``path:line: key: problem — fix``), register the course
  fences with pymdownx.superfences, and give the templates the page
  configuration block;
- ``on_files``: keep the content sources out of the site, add the lessons'
  companion notebooks;
- ``on_page_markdown``: tell the fence renderer which page renders next;
- ``on_post_build``: write the content JSON, the Pyodide supply and the
  service worker (:func:`quiz_engine.site.build.write_site_assets`).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

import markdown as python_markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..content.course import Course, CourseOptions, ValidationReport, load_course
from ..core.errors import CourseError
from ..site.blocks import CourseBlocks, PageRef
from ..site.build import write_site_assets
from ..site.content_json import write_lesson_notebooks
from ..site.page_config import page_config
from .config import CourseConfig
from .options import course_options, site_options

__all__ = ["CoursePlugin"]

log = get_plugin_logger(__name__)

# Exercise sources stay out of the site: the browser gets their JSON form.
_EXERCISE_SOURCES = (".yml", ".py")


class CoursePlugin(BasePlugin[CourseConfig]):
    """Render course content and ship the Python engine to the browser."""

    def __init__(self) -> None:
        self.serving = False
        self.course: Course | None = None
        self.blocks: CourseBlocks | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is `mkdocs serve` (no offline cache while editing)."""
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Load the course, register its fences, and hand the pages their configuration."""
        if not self.config.enabled:
            return None
        report = _load(course_options(config, self.config))
        course = self.course = report.course
        for warning in course.warnings:
            log.warning(warning)
        options = site_options(config, self.config)
        self.blocks = CourseBlocks(course, options, markdown=_prompt_renderer(config))
        if "pymdownx.superfences" not in config.markdown_extensions:
            config.markdown_extensions.append("pymdownx.superfences")
        fences = config.mdx_configs.setdefault("pymdownx.superfences", {})
        course_fences = self.blocks.superfences()
        ours = {fence["name"] for fence in course_fences}
        fences["custom_fences"] = [
            *(f for f in fences.get("custom_fences", []) if f.get("name") not in ours),
            *course_fences,
        ]
        # overrides/main.html embeds it in every page (<script id="course-config">).
        config.extra["course_config"] = page_config(course, options)
        return config

    # Before mkdocs-jupyter (default priority 0), which renders the notebooks added here.
    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        """Keep the content sources out of the site; add each lesson's notebook."""
        if not self.config.enabled or self.course is None:
            return None
        for file in files:
            if _is_source(file, self.course):
                file.inclusion = InclusionLevel.EXCLUDED
        out = tempfile.mkdtemp(prefix="course-notebooks-")
        data_url = f"{config.site_url}datasets/" if config.site_url else ""
        for path in write_lesson_notebooks(self.course, Path(out), data_url):
            files.append(File(path, out, config.site_dir, config.use_directory_urls))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, **_: Any) -> str | None:
        """Tell the fence renderer the page: fences name content relative to it."""
        if self.config.enabled and self.blocks is not None:
            # The nav section's title ("Lesson 2 · Data First") names the lesson best.
            title = page.parent.title if page.parent is not None else page.title
            self.blocks.start_page(PageRef(page.file.src_uri, page.url, title or ""))
        return None

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the content JSON, the schemas, the engine wheel, Pyodide, the service worker."""
        if not self.config.enabled or self.course is None or self.blocks is None:
            return
        try:
            write_site_assets(
                Path(config.site_dir), self.course, self.blocks.options, self.blocks.manifest,
                serving=self.serving, log=log.info,
            )
        except CourseError as error:
            raise PluginError(str(error)) from error


def _is_source(file: File, course: Course) -> bool:
    """A quiz or test file, or a file of an exercise folder's sources."""
    if file.src_uri in course.quiz_files:
        return True
    parts = PurePosixPath(file.src_uri).parts
    return len(parts) >= 3 and "exercises" in parts[:-2] and file.src_uri.endswith(
        _EXERCISE_SOURCES
    )


def _load(options: CourseOptions) -> ValidationReport:
    """The course, or a PluginError with its first problem."""
    report = load_course(options)
    if report.problems:
        more = len(report.problems) - 1
        also = f"\n(and {more} more: run `python -m quiz_engine validate`)" if more else ""
        raise PluginError(f"{report.problems[0]}{also}")
    return report


def _prompt_renderer(config: MkDocsConfig) -> Callable[[str], str]:
    """Render an exercise prompt with the site's Markdown extensions (no course fences)."""
    extensions = [e for e in config.markdown_extensions if e != "pymdownx.superfences"]
    configs = {k: v for k, v in config.mdx_configs.items() if k != "pymdownx.superfences"}

    def render(text: str) -> str:
        return python_markdown.Markdown(
            extensions=extensions, extension_configs=configs
        ).convert(text)

    return render
