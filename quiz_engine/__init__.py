"""Content model, grading and MkDocs plugin for the Module 8 course site.

The grading path (:mod:`quiz_engine.model`, :mod:`quiz_engine.grade`,
:mod:`quiz_engine.browser`) imports only the standard library, so the same
code runs in CPython and in Pyodide in the learner's browser. Build-time
modules (loading YAML, the MkDocs plugin, the Pyodide supply) are imported
only where they are used.
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
