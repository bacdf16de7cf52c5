"""Load a whole course, collecting every problem: :func:`load_course`.

One loader serves the build and ``python -m quiz_engine validate``: it reads
the quiz and test files (matched by ``content_globs``), every exercise folder,
the lab personas and the interface strings, then checks every
``quiz``/``test``/``exercise``/``lab``/``figure`` fence of every Markdown page. Each file
is loaded on its own, so one broken file does not hide another; the
course-wide checks (ids unique across files) run over the files that loaded.
The build stops on the first problem; the command line lists them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import Any, TypeVar

from ..core.errors import CourseError
from ..core.exercise import Exercise
from ..core.model import Quiz
from .exercise import exercises_by_id, find_exercise_folders, load_exercise, read_wrong_answers
from .fences import FenceTargets, check_page_fences, find_figures
from .interface_strings import InterfaceStrings, load_interface_strings
from .persona import Persona, default_personas_dir, load_persona, load_personas, persona_files
from .quiz import load_quiz, quizzes_by_id
from .toolkit import plural, shown_path

__all__ = ["Course", "CourseOptions", "ValidationReport", "load_course"]

Loaded = TypeVar("Loaded")
Item = TypeVar("Item")
#: What a course-wide id check returns: the first of each id, and a problem for every repeat.
ById = tuple[dict[str, Loaded], list[CourseError]]


@dataclass(frozen=True)
class CourseOptions:
    """Where a course's content lives, as the site's configuration says."""

    docs_dir: Path
    #: Globs (relative to the docs folder) of the quiz and test files.
    content_globs: tuple[str, ...] = ("**/quiz.yml", "**/test.yml")
    #: The lab personas; ``None``: the ones shipped in ``labs_worker/personas``.
    personas_dir: Path | None = None
    #: The instructor's interface-string catalogues; ``None``: the shipped ones only.
    strings_dir: Path | None = None
    #: The interface language (Material's ``theme.language``).
    language: str = "en"
    #: How messages name the site's configuration file (for ``strings_dir``).
    config_shown: str = "mkdocs.yml"


@dataclass(frozen=True)
class Course:
    """Everything the site is built from, validated."""

    docs_dir: Path
    #: Quiz and test files by their path relative to the docs folder.
    quiz_files: Mapping[str, Quiz]
    #: Exercises by their folder relative to the docs folder.
    exercise_dirs: Mapping[str, Exercise]
    labs: Mapping[str, Persona]
    strings: InterfaceStrings
    #: Markdown pages, relative to the docs folder.
    pages: tuple[str, ...] = ()
    #: Build warnings (e.g. a language with no catalogue).
    warnings: tuple[str, ...] = field(default=())

    @property
    def quizzes(self) -> dict[str, Quiz]:
        """Quizzes and tests by id."""
        return {quiz.id: quiz for quiz in self.quiz_files.values()}

    @property
    def exercises(self) -> dict[str, Exercise]:
        """Exercises by id."""
        return {exercise.id: exercise for exercise in self.exercise_dirs.values()}

    def targets(self) -> FenceTargets:
        """What the pages' fences may name."""
        return FenceTargets(
            quiz_files=set(self.quiz_files), exercise_dirs=set(self.exercise_dirs),
            labs=set(self.labs), figures=find_figures(self.docs_dir),
        )


@dataclass(frozen=True)
class ValidationReport:
    """What was checked and every problem found."""

    course: Course
    problems: tuple[CourseError, ...]

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems

    def counts(self) -> dict[str, int]:
        """How many quizzes, exercises, labs and pages were checked."""
        course = self.course
        return {
            "quizzes": len(course.quiz_files), "exercises": len(course.exercise_dirs),
            "labs": len(course.labs), "pages": len(course.pages),
        }

    def summary(self) -> str:
        """``checked 5 quizzes, 20 exercises, 4 labs, 17 pages: no problems``."""
        words = {"quizzes": "quiz", "exercises": "exercise", "labs": "lab", "pages": "page"}
        counts = ", ".join(plural(n, words[kind]) for kind, n in self.counts().items())
        found = "no problems" if self.ok else plural(len(self.problems), "problem")
        return f"checked {counts}: {found}"

    def to_json(self) -> dict[str, Any]:
        """The JSON document ``validate --format json`` prints."""
        return {
            "ok": self.ok,
            "checked": self.counts(),
            "problems": [problem.to_json() for problem in self.problems],
            "summary": self.summary(),
        }


def load_course(options: CourseOptions) -> ValidationReport:
    """Read and check every content file and page of a course; never raises for content."""
    return _Loading(options).run()


class _Loading:
    def __init__(self, options: CourseOptions) -> None:
        self.options = options
        self.docs = options.docs_dir
        self.problems: list[CourseError] = []

    def run(self) -> ValidationReport:
        docs = self.docs
        globs = self.options.content_globs
        quiz_paths = sorted(
            path for path in docs.rglob("*")
            if path.is_file() and any(fnmatch(path.relative_to(docs).as_posix(), g) for g in globs)
        )
        quizzes = self._collect(
            {shown_path(path): path for path in quiz_paths},
            lambda path, shown: load_quiz(path, display_path=shown),
            quizzes_by_id,
        )
        folders = find_exercise_folders(docs)
        exercises = self._collect(
            {shown_path(folder): folder for folder in folders},
            self._load_exercise,
            exercises_by_id,
        )
        labs, lab_ids = self._load_labs()
        strings = self._load_strings()
        pages = sorted(path.relative_to(docs).as_posix() for path in docs.rglob("*.md"))
        # Fences may name files that failed to load: those are reported once, above.
        targets = FenceTargets(
            quiz_files={path.relative_to(docs).as_posix() for path in quiz_paths},
            exercise_dirs={folder.relative_to(docs).as_posix() for folder in folders},
            labs=lab_ids,
            figures=find_figures(docs),
        )
        docs_shown = shown_path(docs)
        for page in pages:
            text = (docs / page).read_text(encoding="utf-8")
            self.problems += check_page_fences(
                text, page_uri=page, targets=targets, docs_shown=docs_shown
            )
        course = Course(
            docs_dir=docs,
            quiz_files={_relative(quiz.source, docs): quiz for quiz in quizzes.values()},
            exercise_dirs={_relative(e.source, docs): e for e in exercises.values()},
            labs=labs,
            strings=strings or load_interface_strings("en"),
            pages=tuple(pages),
            warnings=tuple(strings.warnings if strings else ()),
        )
        return ValidationReport(course=course, problems=tuple(self.problems))

    def _load_exercise(self, folder: Path, shown: str) -> Exercise:
        exercise = load_exercise(folder, shown, docs_dir=self.docs)
        # Not read by the build, but the tests prove every wrong answer: catch a bad header now.
        read_wrong_answers(folder, shown)
        return exercise

    def _load_strings(self) -> InterfaceStrings | None:
        """The interface strings in the course's language, with the instructor's catalogues."""
        folder = self.options.strings_dir
        if folder is not None and not folder.is_dir():
            self.problems.append(CourseError(
                f"{shown_path(folder)} is not a folder", path=self.options.config_shown,
                key="plugins.course.strings_dir",
                fix="create it with a <language>.json catalogue, or remove the option to use "
                "the built-in catalogues",
            ))
            return None
        try:
            return load_interface_strings(
                self.options.language, folder, shown_dir=shown_path(folder) if folder else None
            )
        except CourseError as error:
            self.problems.append(error)
            return None

    def _collect(
        self,
        items: Mapping[str, Item],
        load_one: Callable[[Item, str], Loaded],
        by_id: Callable[[Iterable[tuple[Loaded, str]]], ById[Loaded]],
    ) -> Mapping[str, Loaded]:
        """Load each item once (one problem per file), then keep the first of each id (a
        problem for every later item that repeats one)."""
        good: list[tuple[Loaded, str]] = []
        for shown, item in items.items():
            try:
                good.append((load_one(item, shown), shown))
            except CourseError as error:
                self.problems.append(error)
        found, repeats = by_id(good)
        self.problems.extend(repeats)
        return found

    def _load_labs(self) -> tuple[dict[str, Persona], set[str]]:
        """The personas that load, and the ids fences may name (broken ones included)."""
        folder = self.options.personas_dir or default_personas_dir()
        paths = persona_files(folder)
        if not paths:
            try:
                load_personas(folder)  # raises the build's "no persona files found"
            except CourseError as error:
                self.problems.append(error)
            return {}, set()
        labs = {}
        for path in paths:
            try:
                persona = load_persona(path, display_path=shown_path(path))
            except CourseError as error:
                self.problems.append(error)
            else:
                labs[persona.id] = persona
        # A broken persona is reported above; fences naming it are not wrong too.
        return labs, {path.stem for path in paths}


def _relative(shown: str, docs: Path) -> str:
    """The docs-relative path of a file or folder shown as ``shown``."""
    path = Path(shown)
    absolute = path if path.is_absolute() else Path.cwd() / path
    return absolute.resolve().relative_to(docs.resolve()).as_posix()
