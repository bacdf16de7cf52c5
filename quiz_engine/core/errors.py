"""The one exception type of the course: :class:`CourseError`.

Content files, the Pyodide supply, the build and the labs worker's settings
all report problems an author or instructor can fix with it.
"""

from __future__ import annotations

from typing import Any

__all__ = ["CourseError"]


class CourseError(Exception):
    """A problem an author or instructor can fix, located and explained.

    The message reads ``path:line: key: what is wrong — how to fix it``; every
    part but ``problem`` is optional so the same type serves content files,
    the Pyodide supply and the build.
    """

    def __init__(
        self,
        problem: str,
        *,
        path: str | None = None,
        key: str | None = None,
        line: int | None = None,
        fix: str | None = None,
    ) -> None:
        self.problem = problem
        self.path = path
        self.key = key
        self.line = line
        self.fix = fix
        super().__init__(self._message())

    def _message(self) -> str:
        where = ""
        if self.path:
            where = self.path if self.line is None else f"{self.path}:{self.line}"
            where += ": "
        key = f"{self.key}: " if self.key else ""
        fix = f" — {self.fix}" if self.fix else ""
        return f"{where}{key}{self.problem}{fix}"

    def to_json(self) -> dict[str, Any]:
        """The JSON form ``validate --format json`` prints."""
        return {
            "message": str(self), "path": self.path, "line": self.line,
            "key": self.key, "problem": self.problem, "fix": self.fix,
        }
