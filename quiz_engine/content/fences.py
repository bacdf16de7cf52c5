"""The course's Markdown fences and what they point at (build time, standard library).

A page shows content with a fence whose body names it::

    ```quiz            a quiz file, relative to the page (``quiz.yml``)
    ```test            a quiz file graded as a whole test
    ```exercise        an exercise folder, relative to the page
    ```lab             a lab persona id (``lab-1``)
    ```figure          a figure's SVG, relative to the page, with its numbers beside
                       it as a CSV of the same name (``figures/loss-curves.svg``)

:func:`find_fences` lists a page's fences (skipping any shown as code inside
a longer fence, as pymdownx.superfences does) and :func:`fence_problem` says
what is wrong with one, with the same words as the build. The CLI's
``validate`` checks every page with :func:`check_page_fences`.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..core.errors import CourseError

__all__ = [
    "FENCE_KINDS",
    "Fence",
    "FenceTargets",
    "check_page_fences",
    "exercise_target",
    "fence_problem",
    "figure_target",
    "find_fences",
    "find_figures",
    "quiz_target",
]

FENCE_KINDS = ("quiz", "test", "exercise", "lab", "figure")

# An opening fence: ``` or ~~~ (3 or more), then `quiz`, `.quiz` or `{.quiz …}`.
_OPENING = re.compile(
    r"^(?P<indent>[ \t>]*)(?P<fence>`{3,}|~{3,})[ \t]*"
    r"(?:\{[ \t]*\.?(?P<attr_lang>[\w#.+-]+)[^\n]*\}|\.?(?P<lang>[\w#.+-]+))?"
)


@dataclass(frozen=True)
class Fence:
    """One course fence on a page: its kind, its body (stripped) and its first line."""

    kind: str
    target: str
    line: int | None


@dataclass(frozen=True)
class FenceTargets:
    """What fences may name, as the build knows it.

    ``quiz_files``: content files' paths relative to the docs folder
    (``lesson-2/quiz.yml``); ``exercise_dirs``: exercise folders relative to
    the docs folder; ``labs``: persona ids; ``figures``: the figures' SVGs
    relative to the docs folder (see :func:`find_figures`).
    """

    quiz_files: Collection[str]
    exercise_dirs: Collection[str]
    labs: Collection[str]
    figures: Collection[str] = ()


def find_figures(docs_dir: Path) -> set[str]:
    """Every figure under ``docs_dir``: an ``.svg`` with a ``.csv`` of the same name beside it."""
    return {
        path.relative_to(docs_dir).as_posix()
        for path in docs_dir.rglob("*.svg")
        if path.with_suffix(".csv").is_file()
    }


def find_fences(markdown: str) -> list[Fence]:
    """Return the course fences of a Markdown page, in page order.

    A fence closes on a line holding exactly its opening backticks (or
    tildes), as in pymdownx.superfences; any fence inside another one is
    code, not a course block.
    """
    fences: list[Fence] = []
    lines = markdown.splitlines()
    number = 0
    while number < len(lines):
        match = _OPENING.match(lines[number])
        number += 1
        if match is None:
            continue
        fence = match["fence"]
        kind = match["lang"] or match["attr_lang"] or ""
        body: list[str] = []
        start = number
        while number < len(lines) and _strip_indent(lines[number]) != fence:
            body.append(lines[number])
            number += 1
        number += 1  # the closing line
        if kind in FENCE_KINDS:
            fences.append(Fence(kind=kind, target="\n".join(body).strip(), line=start))
    return fences


def _strip_indent(line: str) -> str:
    return line.lstrip(" \t>").rstrip()


def quiz_target(page_uri: str, name: str) -> str:
    """The content file a ```` ```quiz ```` or ```` ```test ```` fence on ``page_uri`` names."""
    return str(PurePosixPath(page_uri).parent / name) if name else ""


def exercise_target(page_uri: str, name: str) -> str:
    """The exercise folder (relative to the docs folder) an ```` ```exercise ```` fence names."""
    name = name.rstrip("/")
    return posixpath.normpath(str(PurePosixPath(page_uri).parent / name)) if name else ""


def figure_target(page_uri: str, name: str) -> str:
    """The SVG (relative to the docs folder) a ```` ```figure ```` fence on ``page_uri`` names."""
    return posixpath.normpath(str(PurePosixPath(page_uri).parent / name)) if name else ""


def fence_problem(
    fence: Fence, *, page_uri: str, targets: FenceTargets, docs_shown: str
) -> CourseError | None:
    """What is wrong with ``fence`` on the page ``page_uri`` (relative to the docs folder).

    ``docs_shown`` is how messages name the docs folder (``docs``). Returns
    ``None`` when the fence names something that exists.
    """
    path = f"{docs_shown}/{page_uri}"
    name = fence.target
    if fence.kind in ("quiz", "test"):
        if quiz_target(page_uri, name) in targets.quiz_files:
            return None
        known = ", ".join(sorted(targets.quiz_files)) or "none"
        return CourseError(
            f"the {fence.kind} fence names {name!r}, which is not a quiz file",
            path=path, key=fence.kind, line=fence.line,
            fix=f"write a path relative to the page; quiz files found: {known}",
        )
    if fence.kind == "figure":
        if figure_target(page_uri, name) in targets.figures:
            return None
        return CourseError(
            f"the figure fence names {name!r}, which is not a figure (an .svg with its "
            "numbers in a .csv of the same name beside it)",
            path=path, key="figure", line=fence.line,
            fix="write the path relative to the page, e.g. `figures/loss-curves.svg` "
            "(`python scripts/make_figures.py` draws the course's figures); figures found: "
            f"{', '.join(sorted(targets.figures)) or 'none'}",
        )
    if fence.kind == "lab":
        if name in targets.labs:
            return None
        return CourseError(
            f"the lab fence names {name!r}, which is not a lab persona",
            path=path, key="lab", line=fence.line,
            fix=f"use one of: {', '.join(sorted(targets.labs)) or 'none found'}",
        )
    if exercise_target(page_uri, name) in targets.exercise_dirs:
        return None
    return CourseError(
        f"the exercise fence names {name.rstrip('/')!r}, which is not an exercise folder",
        path=path, key="exercise", line=fence.line,
        fix="write the folder relative to the page, e.g. `exercises/class-weights`; "
        f"exercises found: {', '.join(sorted(targets.exercise_dirs)) or 'none'}",
    )


def check_page_fences(
    markdown: str, *, page_uri: str, targets: FenceTargets, docs_shown: str
) -> list[CourseError]:
    """Every problem with the course fences of one page (an empty list when all is well)."""
    problems = (
        fence_problem(fence, page_uri=page_uri, targets=targets, docs_shown=docs_shown)
        for fence in find_fences(markdown)
    )
    return [problem for problem in problems if problem is not None]
