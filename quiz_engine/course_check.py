"""Validate a whole course as ``mkdocs build`` does, collecting every problem.

:func:`validate_course` reads ``mkdocs.yml`` with MkDocs itself, then runs the
build's own loaders over the same files: quiz files matched by the course
plugin's ``content_globs``, every exercise folder, the lab personas (the
plugin's ``labs_personas_dir`` or the worker's own), and every
``quiz``/``test``/``exercise``/``lab`` fence of every Markdown page
(:mod:`quiz_engine.fences`). Where the build stops at the first problem, this
goes on: each file is loaded on its own, so every broken file is reported,
then the course-wide checks (ids unique across files) run over the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from typing import Any, Protocol, TypeVar

from .errors import CourseError
from .exercise import find_exercise_folders, load_exercise, load_exercises, load_wrong_answers
from .fences import FenceTargets, check_page_fences
from .loader import load_quiz, load_quizzes

__all__ = ["CourseSetup", "Problem", "ValidationReport", "load_course_setup", "validate_course"]

Loaded = TypeVar("Loaded")
Item = TypeVar("Item")


class _Located(Protocol):
    problem: str
    path: str | None
    key: str | None
    line: int | None
    fix: str | None


@dataclass(frozen=True)
class Problem:
    """One problem found, with the build's message (``path:line: key: problem — fix``)."""

    message: str
    problem: str
    path: str | None = None
    line: int | None = None
    key: str | None = None
    fix: str | None = None

    @classmethod
    def of(cls, error: Exception) -> Problem:
        """The problem a :class:`CourseError` (or the labs worker's twin) describes."""
        located: _Located = error  # type: ignore[assignment]
        return cls(
            message=str(error), problem=located.problem, path=located.path,
            line=located.line, key=located.key, fix=located.fix,
        )

    def to_json(self) -> dict[str, Any]:
        """The JSON form ``--format json`` prints."""
        return {
            "message": self.message, "path": self.path, "line": self.line,
            "key": self.key, "problem": self.problem, "fix": self.fix,
        }


@dataclass(frozen=True)
class ValidationReport:
    """What was checked and every problem found."""

    quizzes: int
    exercises: int
    labs: int
    pages: int
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems

    def summary(self) -> str:
        """``checked 5 quizzes, 16 exercises, 4 labs, 17 pages: no problems``."""
        counts = ", ".join(
            _plural(n, word) for n, word in (
                (self.quizzes, "quiz"), (self.exercises, "exercise"),
                (self.labs, "lab"), (self.pages, "page"),
            )
        )
        found = "no problems" if self.ok else _plural(len(self.problems), "problem")
        return f"checked {counts}: {found}"

    def to_json(self) -> dict[str, Any]:
        """The JSON document ``--format json`` prints."""
        return {
            "ok": self.ok,
            "checked": {
                "quizzes": self.quizzes, "exercises": self.exercises,
                "labs": self.labs, "pages": self.pages,
            },
            "problems": [problem.to_json() for problem in self.problems],
            "summary": self.summary(),
        }


def _plural(count: int, word: str) -> str:
    plural = word + ("zes" if word.endswith("z") else "s")
    return f"{count} {word if count == 1 else plural}"


@dataclass(frozen=True)
class CourseSetup:
    """What the build reads from ``mkdocs.yml``: the docs folder and the plugin's options."""

    config: Any  # mkdocs.config.defaults.MkDocsConfig
    docs_dir: Path
    content_globs: tuple[str, ...]
    personas_dir: str | None
    strings_dir: str | None = None


def load_course_setup(config_file: Path) -> CourseSetup:
    """Load ``mkdocs.yml`` with MkDocs (``!ENV`` and all) and find the course plugin.

    Raises :class:`CourseError` when the file cannot be loaded or has no
    ``course`` plugin.
    """
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from .mkdocs.plugin import CoursePlugin

    shown = CoursePlugin._shown(config_file)
    if not config_file.is_file():
        raise CourseError("file not found", path=shown, fix="pass the site's file with --config")
    try:
        config = load_config(config_file=str(config_file))
    except MkDocsException as error:
        raise CourseError(
            f"MkDocs could not load it ({error})", path=shown,
            fix="fix the configuration errors MkDocs printed above",
        ) from error
    plugin = next((p for p in config.plugins.values() if isinstance(p, CoursePlugin)), None)
    if plugin is None:
        raise CourseError(
            "the course plugin is not enabled", path=shown, key="plugins",
            fix="add `- course` under `plugins:`",
        )
    return CourseSetup(
        config=config,
        docs_dir=Path(config.docs_dir),
        content_globs=tuple(plugin.config.content_globs),
        personas_dir=plugin.config.labs_personas_dir,
        strings_dir=plugin.config.strings_dir,
    )


def validate_course(config_file: Path) -> ValidationReport:
    """Check every content file and page of the site ``config_file`` describes."""
    try:
        setup = load_course_setup(config_file)
    except CourseError as error:
        return ValidationReport(0, 0, 0, 0, (Problem.of(error),))
    return _Validation(setup).run()


class _Validation:
    def __init__(self, setup: CourseSetup) -> None:
        from mkdocs.structure.files import get_files

        from .mkdocs.plugin import CoursePlugin

        self.setup = setup
        self.docs = setup.docs_dir
        self.shown = CoursePlugin._shown
        self.files = get_files(setup.config)
        self.problems: list[Problem] = []

    def run(self) -> ValidationReport:
        quiz_files = [
            f for f in self.files
            if any(fnmatch(f.src_uri, pattern) for pattern in self.setup.content_globs)
        ]
        self._collect(
            {
                self.shown(self.docs / f.src_uri): Path(f.abs_src_path or self.docs / f.src_uri)
                for f in quiz_files
            },
            lambda path, shown: load_quiz(path, display_path=shown),
            load_quizzes,
        )
        folders = find_exercise_folders(self.docs)
        self._collect(
            {self.shown(folder): folder for folder in folders},
            self._load_exercise,
            lambda items: load_exercises(items, docs_dir=self.docs),
        )
        labs = self._load_labs()
        targets = FenceTargets(
            quiz_files={f.src_uri for f in quiz_files},
            exercise_dirs={folder.relative_to(self.docs).as_posix() for folder in folders},
            labs=labs,
        )
        self._check_interface_strings()
        pages = self.files.documentation_pages()
        docs_shown = self.shown(self.docs)
        for page in pages:
            self.problems += map(Problem.of, check_page_fences(
                page.content_string, page_uri=page.src_uri, targets=targets,
                docs_shown=docs_shown,
            ))
        return ValidationReport(
            quizzes=len(quiz_files), exercises=len(folders), labs=len(labs),
            pages=len(pages), problems=tuple(self.problems),
        )

    def _check_interface_strings(self) -> None:
        """The instructor's interface strings (``strings_dir``), read as the build reads them."""
        from .mkdocs.interface_strings import site_interface_strings

        try:
            site_interface_strings(self.setup.config, self.setup.strings_dir, self.shown)
        except CourseError as error:
            self.problems.append(Problem.of(error))

    def _load_exercise(self, folder: Path, shown: str) -> None:
        load_exercise(folder, shown, docs_dir=self.docs)
        # Not read by the build, but the tests prove every wrong answer: catch a bad header now.
        load_wrong_answers(folder, shown)

    def _collect(
        self,
        items: Mapping[str, Item],
        load_one: Callable[[Item, str], object],
        load_all: Callable[[Iterable[tuple[Item, str]]], Mapping[str, Loaded]],
    ) -> Mapping[str, Loaded]:
        """Load each item alone (one problem per file), then all that loaded together.

        The course-wide loader reports one duplicate id at a time: drop the
        item it names and run it again, so every duplicate is reported.
        """
        good: list[tuple[Item, str]] = []
        for shown, item in items.items():
            try:
                load_one(item, shown)
            except CourseError as error:
                self.problems.append(Problem.of(error))
            else:
                good.append((item, shown))
        while True:
            try:
                return load_all(good)
            except CourseError as error:
                self.problems.append(Problem.of(error))
                rest = [(item, shown) for item, shown in good if not _names(error, shown)]
                if len(rest) == len(good):
                    return {}
                good = rest

    def _load_labs(self) -> set[str]:
        """The persona ids fences may name; every broken persona file is a problem."""
        from labs_worker.errors import LabsWorkerError
        from labs_worker.personas import default_personas_dir, load_persona, load_personas

        try:
            return set(load_personas(self.setup.personas_dir))
        except LabsWorkerError as error:
            first = error
        folder = Path(self.setup.personas_dir or default_personas_dir())
        paths = sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")])
        if not paths:
            self.problems.append(Problem.of(first))
            return set()
        for path in paths:
            try:
                load_persona(path)
            except LabsWorkerError as error:
                self.problems.append(Problem.of(error))
        # A broken persona is reported above; fences naming it are not wrong too.
        return {path.stem for path in paths}


def _names(error: CourseError, shown: str) -> bool:
    """Whether ``error`` is about the item shown as ``shown`` (a file or a folder)."""
    return error.path is not None and (error.path == shown or error.path.startswith(shown + "/"))
