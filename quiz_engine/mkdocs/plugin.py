"""The ``course`` MkDocs plugin: MkDocs' events over the plain build functions.

- ``on_config``: load and validate the whole course (the build stops on the
  first problem, ``path:line: key: problem — fix``) and hand it to the
  course fences (:mod:`quiz_engine.markdown.fences`), adding them to
  pymdownx.superfences when ``mkdocs.yml`` does not list them;
- ``on_files``: keep the content sources and the browser modules the
  bundles are made of out of the site, add the lessons' companion notebooks
  (rendered by mkdocs-jupyter);
- ``on_post_build``: write the content JSON, the page configuration, the
  Pyodide supply and the service worker
  (:func:`quiz_engine.site.build.write_site_assets`, the function
  ``python -m quiz_engine build-assets`` calls after a Zensical build).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from ..content.course import Course, CourseOptions, load_course
from ..core.errors import CourseError
from ..markdown.fences import custom_fences, prompt_renderer, use_blocks
from ..site.blocks import CourseBlocks
from ..site.build import build_failure, write_site_assets
from ..site.content_json import write_lesson_notebooks
from ..site.pages import BUNDLE_MAP, bundled_modules, is_content_source, site_pages
from .config import CourseConfig
from .options import site_config

__all__ = ["CoursePlugin"]

log = get_plugin_logger(__name__)


class CoursePlugin(BasePlugin[CourseConfig]):
    """Render course content and ship the Python engine to the browser."""

    def __init__(self) -> None:
        self.serving = False
        self.blocks: CourseBlocks | None = None
        self.notebooks: tempfile.TemporaryDirectory[str] | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is `mkdocs serve` (no offline cache while editing)."""
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Load the course and hand it to the course fences."""
        config_file = Path(config.config_file_path or "mkdocs.yml")
        if not self.config.enabled:
            use_blocks(config_file, None)
            return None
        settings = site_config(config, self.config)
        course = _load(settings.course_options())
        for warning in course.warnings:
            log.warning(warning)
        try:  # the credential keys are checked here: a wrong file stops the build at once
            options = settings.site_options()
        except CourseError as error:
            raise PluginError(f"credential_keys: {error}") from error
        renderer = prompt_renderer(config.markdown_extensions, config.mdx_configs)
        self.blocks = CourseBlocks(course, options, markdown=renderer)
        use_blocks(config_file, self.blocks)
        if "pymdownx.superfences" not in config.markdown_extensions:
            config.markdown_extensions.append("pymdownx.superfences")
        fences = config.mdx_configs.setdefault("pymdownx.superfences", {})
        listed = {fence.get("name") for fence in fences.get("custom_fences", [])}
        fences["custom_fences"] = [
            *fences.get("custom_fences", []),
            *(fence for fence in custom_fences() if fence["name"] not in listed),
        ]
        return config

    # Before mkdocs-jupyter (default priority 0), which renders the notebooks added here.
    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        """Keep the content sources and the bundled modules out of the site; add the notebooks."""
        if not self.config.enabled or self.blocks is None:
            return None
        course = self.blocks.course
        maps = [file for file in files if file.src_uri.endswith(BUNDLE_MAP)]
        bundled = bundled_modules((file.src_uri, file.content_bytes) for file in maps)
        for file in files:
            if is_content_source(file.src_uri, course) or file.src_uri in bundled:
                file.inclusion = InclusionLevel.EXCLUDED
        self._remove_notebooks()
        self.notebooks = tempfile.TemporaryDirectory(prefix="course-notebooks-")
        out = self.notebooks.name
        for path in write_lesson_notebooks(course, Path(out), self.blocks.options.data_url):
            files.append(File(path, out, config.site_dir, config.use_directory_urls))
        return files

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the content JSON, the page configuration, Pyodide, the service worker."""
        self._remove_notebooks()
        if not self.config.enabled or self.blocks is None:
            return
        course = self.blocks.course
        pages = site_pages(course, config.nav, use_directory_urls=config.use_directory_urls)
        try:
            write_site_assets(
                Path(config.site_dir), course, self.blocks.options, pages,
                markdown=self.blocks.markdown, serving=self.serving, log=log.info,
            )
        except CourseError as error:
            raise PluginError(str(error)) from error

    def on_build_error(self, *, error: Exception) -> None:
        """A failed build leaves no notebooks behind either."""
        self._remove_notebooks()

    def _remove_notebooks(self) -> None:
        if self.notebooks is not None:
            self.notebooks.cleanup()
            self.notebooks = None


def _load(options: CourseOptions) -> Course:
    """The course, or a PluginError with its first problem."""
    report = load_course(options)
    failure = build_failure(report)
    if failure is not None:
        raise PluginError(failure)
    return report.course
