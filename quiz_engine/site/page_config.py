"""The one block of configuration every page gives the widgets.

The build writes it into each page as
``<script type="application/json" id="course-config">``
(:func:`~.pages.inject_page_config`, after MkDocs or Zensical wrote the page);
the browser code reads every folder, address, limit and interface string
from it, so no option is copied into JavaScript. Each page's block also says
what Python that page's widgets need (:func:`page_python`), so that the
browser starts it from the page's head, before the body is parsed.
"""

from __future__ import annotations

import re
from typing import Any

from ..content.course import Course
from ..core.limits import LAB_MESSAGE_MAX_CHARS
from .credential_keys import CREDENTIAL_KEYS_FILE
from .options import SiteOptions

__all__ = ["page_config", "page_python"]


def _folder(name: str) -> str:
    """A folder of the site as a path from the site root, ending in ``/``."""
    return name.strip("/") + "/"


def page_config(course: Course, options: SiteOptions) -> dict[str, Any]:
    """What the widgets need from the build, as JSON-safe data."""
    return {
        "site": options.site_key,
        "pyodideUrl": _folder(options.pyodide_dir),
        "contentUrl": _folder(options.content_dir),
        "labsUrl": options.labs_url.rstrip("/"),
        "labMessageMaxChars": LAB_MESSAGE_MAX_CHARS,
        # The published public keys of completion credentials (from the site root), or none.
        "credentialKeys": (
            _folder(options.content_dir) + CREDENTIAL_KEYS_FILE if options.credential_keys else None
        ),
        "language": course.strings.language,
        "strings": course.strings.to_json(),
    }


# The widgets' markers, as the fences render them (render_quiz.py, render_exercise.py).
_QUIZ_OR_TEST = re.compile(r'<form\b[^>]*\bdata-course-(?:quiz|test)="')
_EXERCISE = re.compile(r'<section\b[^>]*\bdata-course-exercise="[^>]*>')
_PACKAGES = re.compile(r'\bdata-exercise-packages="([^"]*)"')


def page_python(html: str) -> dict[str, Any] | None:
    """What Python the widgets of a built page need, or None: the page has none.

    ``quizzes``: a quiz or the module test is on it (they share one Python);
    ``exercisePackages``: the packages its exercises use, sorted, or None if
    it has no exercise (``assets/course/course.js`` starts their Python).
    """
    exercises = _EXERCISE.findall(html)
    quizzes = _QUIZ_OR_TEST.search(html) is not None
    if not exercises and not quizzes:
        return None
    packages: set[str] = set()
    for tag in exercises:
        found = _PACKAGES.search(tag)
        packages.update(found.group(1).split() if found else ())
    return {"quizzes": quizzes, "exercisePackages": sorted(packages) if exercises else None}
