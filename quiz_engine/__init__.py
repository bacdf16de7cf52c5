"""The Module 8 course site's engine, split by where its code runs.

- :mod:`quiz_engine.core` — the browser core, standard library only: the same
  code grades in CPython and in Pyodide in the learner's browser;
- :mod:`quiz_engine.content` — reading and validating the content (PyYAML);
- :mod:`quiz_engine.site` — the site build, as plain functions;
- :mod:`quiz_engine.markdown` — the course's fences for Python-Markdown, and
  the course's own reader of ``mkdocs.yml`` (MkDocs and Zensical alike);
- :mod:`quiz_engine.mkdocs` — the MkDocs plugin, an adapter over ``site``;
- :mod:`quiz_engine.credentials` — completion credentials: keys, issuing and
  verifying (the labs worker issues them, ``verify`` checks them);
- :mod:`quiz_engine.cli` — ``python -m quiz_engine``.

This module re-exports the core's grading API and imports nothing else.
"""

from __future__ import annotations

from .core.errors import CourseError
from .core.grade import Verdict, grade_answer, grade_quiz_answer
from .core.model import Option, Question, Quiz

__all__ = [
    "CourseError",
    "Option",
    "Question",
    "Quiz",
    "Verdict",
    "grade_answer",
    "grade_quiz_answer",
]
__version__ = "0.1.0"
