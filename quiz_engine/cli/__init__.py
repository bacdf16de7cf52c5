"""``python -m quiz_engine``: the instructor's command line.

``validate``
    Check every quiz, exercise, lab persona and page fence as ``mkdocs
    build`` does, listing every problem with the build's message
    (``path:line: key: problem — fix``). Exit status 0 when all is well, 1
    when a problem was found; ``--format json`` for CI.
``check-exercise FOLDER FILE [--json]``
    Check a submission against an exercise with the browser's runner and
    checks (:mod:`quiz_engine.cli.check_submission`). Exit status 0 / 1 / 2.
``new-lesson N --title "…"``
    Write ``docs/lesson-N/`` (lesson page, quiz page and file, lab page, one
    exercise) and print its ``nav:`` entry, or insert it with
    ``--add-to-nav``. Exit status 2, with nothing written, when the folder
    exists or the lab is unknown.
``verify CREDENTIAL [--keys FILE_OR_URL] [--offline]``
    Check a completion credential: signature, dates, course and revocation
    (:mod:`quiz_engine.cli.verify`). Exit status 0 valid / 1 invalid / 2.
``build-assets SITE_DIR [--config mkdocs.yml]``
    After ``zensical build``: validate the course, then write the content
    JSON, notebooks, page configuration, Pyodide supply and service worker
    into the built site (:mod:`quiz_engine.cli.build_assets`). Exit status
    0 / 1 / 2.
``prepare-pyodide [--config mkdocs.yml]``
    Download the Pyodide package files and compile the bytecode of the
    packages the configuration names, ahead of a build (``make setup``;
    :mod:`quiz_engine.cli.prepare_pyodide`). Exit status 0 / 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from ..content.course import ValidationReport, load_course
from ..content.toolkit import shown_path
from ..core.errors import CourseError
from ..markdown.config import read_config
from . import build_assets, check_submission, prepare_pyodide, verify
from .scaffold import insert_into_nav, nav_snippet, write_lesson

__all__ = ["main"]

#: Exit statuses: all is well; content problems found; the command could not run.
OK, PROBLEMS, REFUSED = 0, 1, 2


def _lesson_number(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a lesson number (1, 2, 3, …)")
    return number


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m quiz_engine",
        description="Validate the course's content, scaffold a new lesson, check a submission, "
        "add the course's files to a built site, or verify a completion credential.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")

    validate = commands.add_parser(
        "validate", help="check all content as `mkdocs build` does",
        description="Check every quiz file, exercise folder, lab persona and page fence, "
        "with the build's messages. Exit status 0: no problems; 1: problems found.",
    )
    validate.add_argument("--config", "-f", type=Path, default=Path("mkdocs.yml"),
                          help="the site's MkDocs file (default: mkdocs.yml)")
    validate.add_argument("--format", choices=("text", "json"), default="text",
                          help="text (one line per problem, then a summary) or json")

    new = commands.add_parser(
        "new-lesson", help="scaffold docs/lesson-N/ with a quiz, an exercise and a lab page",
        description="Write docs/lesson-N/ (lesson, quiz, lab page, one exercise) and print "
        "its nav entry. Refuses (exit status 2) to overwrite an existing folder.",
    )
    new.add_argument("number", type=_lesson_number, help="the lesson number, e.g. 5")
    new.add_argument("--title", required=True, help="the lesson's title")
    labs = new.add_mutually_exclusive_group()
    labs.add_argument("--lab", default="lab-1",
                      help="the lab persona the lab page shows (default: lab-1)")
    labs.add_argument("--no-lab", action="store_true", help="no lab page")
    new.add_argument("--add-to-nav", action="store_true",
                     help="insert the nav entry into the MkDocs file (before Module Test)")
    new.add_argument("--config", "-f", type=Path, default=Path("mkdocs.yml"),
                     help="the site's MkDocs file (default: mkdocs.yml)")
    check_submission.add_command(commands)
    verify.add_command(commands)
    build_assets.add_command(commands)
    prepare_pyodide.add_command(commands)
    return parser


def validate_course(config_file: Path) -> ValidationReport | CourseError:
    """Every problem of the course ``config_file`` describes, or why it could not be read."""
    try:
        return load_course(read_config(config_file).course_options())
    except CourseError as error:
        return error


def _validate(config: Path, output: str) -> int:
    report = validate_course(config)
    if isinstance(report, CourseError):
        if output == "json":
            print(json.dumps({"ok": False, "checked": {}, "problems": [report.to_json()],
                              "summary": "could not read the site's configuration"}, indent=2,
                             ensure_ascii=False))
        else:
            print(report)
        return PROBLEMS
    if output == "json":
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        for problem in report.problems:
            print(problem)
        print(report.summary())
    return OK if report.ok else PROBLEMS


def _check_lab(lab: str, personas_dir: Path | None) -> None:
    from ..content.persona import load_personas

    try:
        known = load_personas(personas_dir)
    except CourseError as error:
        raise CourseError(
            f"the lab personas do not load ({error})", key="--lab",
            fix="fix the persona file first, or pass --no-lab",
        ) from error
    if lab not in known:
        raise CourseError(
            f"{lab!r} is not a lab persona", key="--lab",
            fix=f"use one of: {', '.join(sorted(known))}, or pass --no-lab",
        )


def _new_lesson(args: argparse.Namespace) -> int:
    title = " ".join(args.title.split())
    if not title:
        raise CourseError("is empty", key="--title", fix='write the title, e.g. --title "Shipping"')
    setup = read_config(args.config).course_options()
    lab = None if args.no_lab else args.lab
    if lab is not None:
        _check_lab(lab, setup.personas_dir)
    new_config = None
    if args.add_to_nav:
        try:
            new_config = insert_into_nav(
                args.config.read_bytes().decode("utf-8"), args.number, title, lab=lab is not None
            )
        except CourseError as error:
            snippet = nav_snippet(args.number, title, lab=lab is not None)
            raise CourseError(
                error.problem, path=shown_path(args.config), key=error.key,
                fix=f"leave out --add-to-nav and paste the entry yourself:\n{snippet}",
            ) from error
    folder = setup.docs_dir / f"lesson-{args.number}"
    written = write_lesson(setup.docs_dir, args.number, title, lab, display_path=shown_path(folder))
    print(f"created {shown_path(folder)}/ with {len(written)} files:")
    for path in written:
        print(f"  {path.relative_to(folder).as_posix()}")
    snippet = nav_snippet(args.number, title, lab=lab is not None)
    if new_config is not None:
        args.config.write_bytes(new_config.encode("utf-8"))
        print(f"\nadded to the nav of {shown_path(args.config)}:\n{snippet}", end="")
    else:
        print(f"\npaste into the nav of {shown_path(args.config)}, before Module Test:\n{snippet}",
              end="")
    print("\nthen check it: python -m quiz_engine validate")
    return OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    if args.command == "validate":
        return _validate(args.config, args.format)
    if args.command == "check-exercise":
        return check_submission.run_command(args)
    if args.command == "verify":
        return verify.run_command(args)
    if args.command == "build-assets":
        return build_assets.run_command(args)
    if args.command == "prepare-pyodide":
        return prepare_pyodide.run_command(args)
    try:
        return _new_lesson(args)
    except CourseError as error:
        print(f"error: {error}", file=sys.stderr)
        return REFUSED
