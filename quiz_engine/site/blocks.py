"""The course's fences, rendered to HTML: ``quiz``, ``test``, ``exercise``, ``lab`` and ``figure``.

:class:`CourseBlocks` renders one fence of one page from a validated
:class:`~quiz_engine.content.course.Course`; :mod:`quiz_engine.markdown`
calls it from pymdownx.superfences under either generator, so the HTML never
depends on a generator's events.

:func:`progress_manifest` lists what each lesson holds from the pages'
fences, without rendering: the same manifest whichever generator rendered
the pages.

A fence names its content relative to its page (``quiz.yml``,
``exercises/class-weights``); the content was checked by
:func:`~quiz_engine.content.course.load_course` before any page renders.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from ..content.course import Course
from ..content.fences import (
    Fence,
    exercise_target,
    fence_problem,
    figure_target,
    find_fences,
    quiz_target,
)
from ..content.persona import Persona
from ..core.errors import CourseError
from ..core.exercise import Exercise
from ..core.grade import DEFAULT_PASS_MARK
from ..core.model import Quiz
from ..core.versions import content_version, question_versions
from .manifest import ProgressManifest
from .options import SiteOptions
from .render_exercise import render_exercise
from .render_figure import render_figure
from .render_lab import render_lab
from .render_quiz import render_quiz, render_test

__all__ = ["Block", "CourseBlocks", "PageRef", "find_block", "progress_manifest"]


@dataclass(frozen=True)
class PageRef:
    """A page of the site: its source (relative to the docs folder) and its URL."""

    src_uri: str
    url: str
    #: The title its lesson goes by in the progress panel.
    section_title: str = ""


@dataclass(frozen=True)
class Block:
    """What one fence names, with its content version and its progress-manifest details."""

    kind: str
    item: Quiz | Exercise | Persona
    item_id: str
    version: str
    details: dict[str, Any] = field(default_factory=dict)


def _missing(course: Course, kind: str, target: str, page_uri: str, docs_shown: str) -> CourseError:
    """Why a fence names nothing.

    ``load_course`` reports such a fence first, with its line, for every page
    it read; this is for a fence in text it never read (added by another
    plugin or a snippet while the page renders).
    """
    fence = Fence(kind=kind, target=target, line=None)
    problem = fence_problem(
        fence, page_uri=page_uri, targets=course.targets(), docs_shown=docs_shown
    )
    return problem or CourseError(f"the {kind} fence names {target!r}, which did not load")


def find_block(course: Course, kind: str, target: str, page_uri: str, docs_shown: str) -> Block:
    """What the ``kind`` fence reading ``target`` on ``page_uri`` shows."""
    if kind in ("quiz", "test"):
        quiz = course.quiz_files.get(quiz_target(page_uri, target))
        if quiz is None:
            raise _missing(course, kind, target, page_uri, docs_shown)
        details = {"total": len(quiz.questions), "questions": question_versions(quiz)}
        return Block(kind, quiz, quiz.id, content_version(quiz.to_json()), details)
    if kind == "lab":
        persona = course.labs.get(target)
        if persona is None:
            raise _missing(course, kind, target, page_uri, docs_shown)
        return Block(kind, persona, target, content_version(dict(persona.practice_data)))
    exercise = course.exercise_dirs.get(exercise_target(page_uri, target))
    if exercise is None:
        raise _missing(course, kind, target, page_uri, docs_shown)
    version = content_version(exercise.to_json())
    return Block(kind, exercise, exercise.id, version, {"title": exercise.title})


def progress_manifest(
    course: Course, pages: Iterable[PageRef], docs_shown: str
) -> ProgressManifest:
    """The manifest of ``pages`` (in the site's page order), read from their fences."""
    manifest = ProgressManifest()
    for page in pages:
        manifest.add_page(page.src_uri, page.section_title, page.url)
        text = (course.docs_dir / page.src_uri).read_text(encoding="utf-8")
        for fence in find_fences(text):
            if fence.kind not in _FOLDERS:
                continue  # a lesson figure: nothing to record
            block = find_block(course, fence.kind, fence.target, page.src_uri, docs_shown)
            manifest.add(page.src_uri, block.kind, block.item_id, block.version, page=page.url,
                         **block.details)
    return manifest


class CourseBlocks:
    """Renders the course fences of the site's pages."""

    def __init__(
        self, course: Course, options: SiteOptions, *, markdown: Callable[[str], str]
    ) -> None:
        """``markdown`` renders an exercise prompt with the site's Markdown extensions."""
        self.course = course
        self.options = options
        self.markdown = markdown

    def render(self, kind: str, target: str, page: PageRef) -> str:
        """The HTML of one fence of ``page``."""
        if kind == "figure":
            return self._figure(target, page)
        block = find_block(self.course, kind, target, page.src_uri, self.options.docs_shown)
        data_url = f"{self.options.content_dir}/{_FOLDERS[kind]}/{block.item_id}.json"
        strings = self.course.strings
        if isinstance(block.item, Quiz):
            if kind == "quiz":
                return render_quiz(block.item, data_url=data_url, version=block.version,
                                   s=strings)
            quiz = block.item
            mark = quiz.pass_mark if quiz.pass_mark is not None else DEFAULT_PASS_MARK
            return render_test(quiz, data_url=data_url, version=block.version, pass_mark=mark,
                               s=strings)
        if isinstance(block.item, Persona):
            persona = block.item
            return render_lab(
                lab_id=block.item_id, peer=persona.peer,
                opening_message=persona.opening_message, data_url=data_url,
                version=block.version, s=strings,
            )
        return render_exercise(
            block.item, data_url=data_url, version=block.version,
            prompt_html=self.markdown(block.item.prompt), s=strings, root_url=_root_url(page),
        )

    def _figure(self, target: str, page: PageRef) -> str:
        svg_path = figure_target(page.src_uri, target)
        if svg_path not in self.course.targets().figures:
            raise _missing(self.course, "figure", target, page.src_uri, self.options.docs_shown)
        svg = (self.course.docs_dir / svg_path).read_text(encoding="utf-8")
        csv_path = str(PurePosixPath(svg_path).with_suffix(".csv"))
        return render_figure(
            svg, path=f"{self.options.docs_shown}/{svg_path}",
            csv_url=_root_url(page) + csv_path, s=self.course.strings,
        )


def _root_url(page: PageRef) -> str:
    """From ``page`` back to the site's root (``../`` per folder of its URL)."""
    return "../" * (len(PurePosixPath(page.url).parts) if page.url else 0)


#: The content folder each fence's JSON lives in.
_FOLDERS = {"quiz": "quiz", "test": "quiz", "lab": "labs", "exercise": "exercise"}
