"""What the build writes beside the rendered pages: :func:`write_site_assets`.

Called once the pages are written, by either generator — the MkDocs plugin's
``on_post_build`` and ``python -m quiz_engine build-assets`` (after
``zensical build``) call the same function: the content sources a generator
copied are removed, then the content JSON and progress manifest, the public
keys of completion credentials, the content schemas, the lessons' notebooks
where the generator rendered none, the widgets' configuration block in every
page, the browser wheel with the verified Pyodide distribution, and last the
service worker, which lists every file of the finished site.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..content.course import Course, ValidationReport
from ..core.errors import CourseError
from .blocks import PageRef, progress_manifest
from .content_json import write_content_json
from .credential_keys import write_credential_keys
from .options import SiteOptions
from .page_config import page_config
from .pages import inject_page_config, linked_pages, prune_sources, write_notebook_pages
from .service_worker import write_retiring_service_worker, write_service_worker
from .wheel import build_engine_wheel, project_root

if TYPE_CHECKING:
    from .pyodide_supply import SupplyReport

__all__ = ["SCHEMAS", "assemble_browser_python", "build_failure", "pyodide_cache",
           "write_site_assets"]

SCHEMAS = Path(__file__).resolve().parents[1] / "content" / "schemas"


def build_failure(report: ValidationReport) -> str | None:
    """The message a build stops with: the course's first problem (``None``: no problem)."""
    if not report.problems:
        return None
    more = len(report.problems) - 1
    also = f"\n(and {more} more: run `python -m quiz_engine validate`)" if more else ""
    return f"{report.problems[0]}{also}"


def pyodide_cache(options: SiteOptions) -> Path:
    """The folder of Pyodide's package files and their compiled forms (``pyodide_cache``)."""
    return project_root() / (options.pyodide_cache or ".pyodide-cache")


def assemble_browser_python(site: Path, options: SiteOptions) -> SupplyReport:
    """Build the browser wheel and assemble Pyodide with it under ``site``; return the report."""
    from .pyodide_supply import assemble_pyodide

    try:
        with tempfile.TemporaryDirectory() as tmp:
            report = assemble_pyodide(
                site / options.pyodide_dir,
                packages=list(options.pyodide_packages),
                extra_wheels=[build_engine_wheel(Path(tmp))],
                project_root=project_root(),
                cache_dir=pyodide_cache(options),
            )
    except CourseError as error:
        raise CourseError(f"Pyodide supply: {error.problem}", path=error.path, key=error.key,
                          line=error.line, fix=error.fix) from error
    return report


def write_site_assets(
    site: Path,
    course: Course,
    options: SiteOptions,
    pages: Sequence[PageRef],
    *,
    markdown: Callable[[str], str],
    serving: bool = False,
    log: Callable[[str], None] = lambda message: None,
) -> None:
    """Write everything but the pages into the built ``site``.

    ``pages``: the site's pages (:func:`~.pages.site_pages`), for the
    progress manifest. ``markdown`` renders a notebook's Markdown cells.
    ``serving``: a live preview (``mkdocs serve``), where a service worker's
    cache would hide the edits being made: as with ``offline: false``, the
    pages register none, and ``sw.js`` retires one an earlier build left
    (unless the docs folder has an ``sw.js`` of its own).
    """
    if removed := prune_sources(site, course):
        log(f"Removed {removed} source files the generator copied (content, browser modules)")
    manifest = progress_manifest(course, pages, options.docs_shown)
    write_content_json(site / options.content_dir, course, manifest.to_json())
    if options.credential_keys is not None:
        write_credential_keys(
            site / options.content_dir, options.credential_keys,
            options.credential_keys_shown or str(options.credential_keys),
        )
    (site / "schema").mkdir(exist_ok=True)
    for schema in SCHEMAS.glob("*.schema.json"):
        shutil.copyfile(schema, site / "schema" / schema.name)
    if lessons := write_notebook_pages(site, course, options.data_url, markdown):
        log(f"Notebook pages: {', '.join(lessons)}")
    offline = options.offline and not serving
    links = linked_pages(course, pages)
    inject_page_config(site, page_config(course, options, service_worker=offline, pages=links))
    if options.pyodide_enabled:
        log(assemble_browser_python(site, options).summary())
    if offline:
        count = write_service_worker(site, options.base_path)
        log(f"Offline: the service worker precaches {count} files")
    elif (course.docs_dir / "sw.js").is_file():
        log("Offline use is off: the docs folder's own sw.js is kept")
    else:
        write_retiring_service_worker(site)
