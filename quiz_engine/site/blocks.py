"""The course's fences as HTML: ```` ```quiz ````, ``test``, ``exercise``, ``lab``, ``figure``.

:class:`CourseBlocks` renders one fence from a validated
:class:`~quiz_engine.content.course.Course`, for the page being rendered,
and notes what it rendered in the :class:`~.manifest.ProgressManifest`.
:meth:`CourseBlocks.superfences` gives the ``custom_fences`` entries that
pymdownx.superfences calls, so the HTML is stashed and later Markdown passes
leave it alone.

A fence names its content relative to its page (``quiz.yml``,
``exercises/class-weights``), so the renderer is told the page first
(:meth:`CourseBlocks.start_page`); the content was checked by
:func:`~quiz_engine.content.course.load_course` before any page renders.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from pymdownx.superfences import SuperFencesException

from ..content.course import Course
from ..content.fences import (
    FENCE_KINDS,
    Fence,
    exercise_target,
    fence_problem,
    figure_target,
    quiz_target,
)
from ..core.errors import CourseError
from ..core.grade import DEFAULT_PASS_MARK
from ..core.versions import content_version, question_versions
from .manifest import ProgressManifest
from .options import SiteOptions
from .render_exercise import render_exercise
from .render_figure import render_figure
from .render_lab import render_lab
from .render_quiz import render_quiz, render_test

__all__ = ["CourseBlocks", "PageRef"]


@dataclass(frozen=True)
class PageRef:
    """The page being rendered: its source (relative to the docs folder) and its URL."""

    src_uri: str
    url: str
    #: The title its lesson goes by in the progress panel.
    section_title: str = ""


class CourseBlocks:
    """Renders the course fences of the site's pages."""

    def __init__(
        self, course: Course, options: SiteOptions, *, markdown: Callable[[str], str]
    ) -> None:
        """``markdown`` renders an exercise prompt with the site's Markdown extensions."""
        self.course = course
        self.options = options
        self.markdown = markdown
        self.manifest = ProgressManifest()
        self.page = PageRef("", "")

    def start_page(self, page: PageRef) -> None:
        """The page whose fences render next."""
        self.page = page
        self.manifest.add_page(page.src_uri, page.section_title, page.url)

    def superfences(self) -> list[dict[str, Any]]:
        """The ``custom_fences`` entries of pymdownx.superfences for the course fences."""
        return [
            {"name": kind, "class": f"course-{kind}", "format": self._formatter(kind)}
            for kind in FENCE_KINDS
        ]

    def _formatter(self, kind: str) -> Callable[..., str]:
        def format_fence(source: str, *_: Any, **__: Any) -> str:
            try:
                return self.render(kind, source.strip())
            except CourseError as error:
                # Superfences turns any other exception into a plain code block.
                raise SuperFencesException(str(error)) from error

        return format_fence

    def render(self, kind: str, target: str) -> str:
        """The HTML of one fence of the current page."""
        if kind in ("quiz", "test"):
            return self._quiz(kind, target)
        if kind == "lab":
            return self._lab(target)
        if kind == "figure":
            return self._figure(target)
        return self._exercise(target)

    def _missing(self, kind: str, target: str) -> CourseError:
        """Why a fence names nothing (``load_course`` reports it first, with its line)."""
        fence = Fence(kind=kind, target=target, line=None)
        problem = fence_problem(
            fence, page_uri=self.page.src_uri, targets=self.course.targets(),
            docs_shown=self.options.docs_shown,
        )
        return problem or CourseError(f"the {kind} fence names {target!r}, which did not load")

    def _note(self, kind: str, item_id: str, version: str, **extra: Any) -> None:
        self.manifest.add(self.page.src_uri, kind, item_id, version, page=self.page.url, **extra)

    def _quiz(self, kind: str, target: str) -> str:
        quiz = self.course.quiz_files.get(quiz_target(self.page.src_uri, target))
        if quiz is None:
            raise self._missing(kind, target)
        version = content_version(quiz.to_json())
        self._note(
            kind, quiz.id, version, total=len(quiz.questions), questions=question_versions(quiz)
        )
        data_url = f"{self.options.content_dir}/quiz/{quiz.id}.json"
        strings = self.course.strings
        if kind == "quiz":
            return render_quiz(quiz, data_url=data_url, version=version, s=strings)
        mark = quiz.pass_mark if quiz.pass_mark is not None else DEFAULT_PASS_MARK
        return render_test(quiz, data_url=data_url, version=version, pass_mark=mark, s=strings)

    def _lab(self, lab_id: str) -> str:
        persona = self.course.labs.get(lab_id)
        if persona is None:
            raise self._missing("lab", lab_id)
        version = content_version(dict(persona.practice_data))
        self._note("lab", lab_id, version)
        return render_lab(
            lab_id=lab_id,
            peer=persona.peer,
            opening_message=persona.opening_message,
            data_url=f"{self.options.content_dir}/labs/{lab_id}.json",
            version=version,
            s=self.course.strings,
        )

    def _exercise(self, target: str) -> str:
        exercise = self.course.exercise_dirs.get(exercise_target(self.page.src_uri, target))
        if exercise is None:
            raise self._missing("exercise", target)
        version = content_version(exercise.to_json())
        self._note("exercise", exercise.id, version, title=exercise.title)
        depth = len(PurePosixPath(self.page.url).parts) if self.page.url else 0
        return render_exercise(
            exercise,
            data_url=f"{self.options.content_dir}/exercise/{exercise.id}.json",
            version=version,
            prompt_html=self.markdown(exercise.prompt),
            s=self.course.strings,
            root_url="../" * depth,
        )

    def _root_url(self) -> str:
        """From the current page back to the site's root (``../`` per folder of its URL)."""
        return "../" * (len(PurePosixPath(self.page.url).parts) if self.page.url else 0)

    def _figure(self, target: str) -> str:
        svg_path = figure_target(self.page.src_uri, target)
        if svg_path not in self.course.targets().figures:
            raise self._missing("figure", target)
        svg = (self.course.docs_dir / svg_path).read_text(encoding="utf-8")
        csv_path = str(PurePosixPath(svg_path).with_suffix(".csv"))
        return render_figure(
            svg, path=f"{self.options.docs_shown}/{svg_path}",
            csv_url=self._root_url() + csv_path, s=self.course.strings,
        )
