"""``python -m quiz_engine build-assets SITE_DIR [--config mkdocs.yml]``.

What the course adds to a site a generator has built: run after ``zensical
build`` (the MkDocs plugin calls the same :func:`write_site_assets` after
``mkdocs build``). It reads the course options from the site's file with the
course's own reader (:mod:`quiz_engine.markdown.config`), validates the whole
course first and stops with the build's message (``path:line: key: problem
— fix``), then writes the content JSON and progress manifest, the notebooks,
the page configuration block of every page, the Pyodide supply with the
browser wheel, and the service worker.

Exit status 0: written; 1: the course has a problem; 2: the command could
not run (no such site folder, an unreadable configuration).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..content.course import load_course
from ..core.errors import CourseError
from ..markdown.config import read_config
from ..markdown.fences import prompt_renderer
from ..site.build import build_failure, write_site_assets
from ..site.pages import site_pages

__all__ = ["add_command", "build_assets", "run_command"]

WRITTEN, PROBLEMS, REFUSED = 0, 1, 2

#: The extensions a notebook's Markdown cells are rendered with.
NOTEBOOK_EXTENSIONS = ["fenced_code", "tables", "md_in_html", "attr_list"]


def add_command(commands: Any) -> None:
    """Register ``build-assets`` on the command line's subparsers."""
    command = commands.add_parser(
        "build-assets", help="add the course's files to a built site (after `zensical build`)",
        description="Validate the course, then write into SITE_DIR the content JSON, the "
        "notebooks, every page's configuration block, the Pyodide supply and the service "
        "worker. Exit status 0: written; 1: a content problem; 2: the command could not run.",
    )
    command.add_argument("site", type=Path, help="the built site's folder, e.g. site")
    command.add_argument("--config", "-f", type=Path, default=Path("mkdocs.yml"),
                         help="the site's MkDocs file (default: mkdocs.yml)")


def build_assets(site: Path, config_file: Path, *, log: Any = print) -> None:
    """Validate the course ``config_file`` describes and write its files into ``site``.

    Raises :class:`CourseError`: the course's first problem (as the build
    reports it), or why the configuration could not be read.
    """
    settings = read_config(config_file)
    report = load_course(settings.course_options())
    failure = build_failure(report)
    if failure is not None:
        raise CourseError(failure)
    for warning in report.course.warnings:
        log(f"warning: {warning}")
    pages = site_pages(report.course, settings.nav,
                       use_directory_urls=settings.use_directory_urls)
    write_site_assets(
        site, report.course, settings.site_options(), pages,
        markdown=prompt_renderer(NOTEBOOK_EXTENSIONS, {}), log=log,
    )


def run_command(args: argparse.Namespace) -> int:
    """Run ``build-assets``; return the exit status."""
    if not args.site.is_dir():
        print(f"error: {args.site}: no such folder — build the site first "
              "(`zensical build`)", file=sys.stderr)
        return REFUSED
    try:
        settings = read_config(args.config)
    except CourseError as error:
        print(f"error: {error}", file=sys.stderr)
        return REFUSED
    if not settings.enabled:
        print("the course plugin is disabled (enabled: false): nothing to add")
        return WRITTEN
    try:
        build_assets(args.site, args.config)
    except CourseError as error:
        print(f"error: {error}", file=sys.stderr)
        return PROBLEMS
    print(f"course files written into {args.site}")
    return WRITTEN
