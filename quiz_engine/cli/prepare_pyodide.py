"""``python -m quiz_engine prepare-pyodide [--config mkdocs.yml]`` (``make setup`` runs it).

Downloads the Pyodide package files into the cache folder the build reads
(the ``pyodide_cache`` option, else ``.pyodide-cache`` in the project) and
compiles the bytecode of the standard library, the course engine's wheel and
the packages the configuration names (:mod:`quiz_engine.site.bytecode`), so
that no build has to wait for either.

Exit status 0: ready; 2: it could not be done (the reason is printed).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

from ..core.errors import CourseError
from ..markdown.config import read_config
from ..site.build import assemble_browser_python, pyodide_cache
from ..site.pyodide_supply import fetch_package_files

__all__ = ["add_command", "run_command"]


def add_command(commands: Any) -> None:
    """Register ``prepare-pyodide`` on the command line's subparsers."""
    command = commands.add_parser(
        "prepare-pyodide", help="download and compile the Pyodide packages ahead of a build",
        description="Download the Pyodide package files into the cache folder and compile "
        "the bytecode of the standard library, the course engine and the packages the "
        "configuration names (and matplotlib's font list, if it is one of them). "
        "Exit status 0: ready; 2: it could not be done.",
    )
    command.add_argument("--config", "-f", type=Path, default=Path("mkdocs.yml"),
                         help="the site's MkDocs file (default: mkdocs.yml)")


def run_command(args: argparse.Namespace) -> int:
    """Run ``prepare-pyodide``; return the exit status."""
    try:
        options = read_config(args.config).site_options()
        cache = pyodide_cache(options)
        print(fetch_package_files(cache))
        if options.pyodide_enabled:
            # What every build assembles (the engine's wheel included), into a scratch site.
            with tempfile.TemporaryDirectory() as scratch:
                report = assemble_browser_python(Path(scratch), options)
            print(f"compiled and cached: the standard library, {', '.join(report.packages)}")
    except CourseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0
