"""The exception types of :mod:`labs_worker`.

:class:`LabsWorkerError` is the one type for problems an instructor fixes
(settings, persona files); :class:`ApiError` is the ``HTTPException`` the
endpoints raise for expected request failures, turned into the JSON error
envelope by one handler in :mod:`labs_worker.app`.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.exceptions import HTTPException

__all__ = ["ApiError", "LabsWorkerError"]


class LabsWorkerError(Exception):
    """A problem an instructor can fix, located and explained.

    The message reads ``path:line: key: what is wrong — how to fix it``; every
    part but ``problem`` is optional so the same type serves persona files and
    settings (where ``key`` is the environment variable).
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


class ApiError(HTTPException):
    """An expected request failure with a machine-readable ``code``.

    ``detail`` is the learner-facing message; it never contains upstream
    bodies or secrets.
    """

    def __init__(
        self,
        status_code: int,
        code: str,
        message: str,
        *,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(status_code=status_code, detail=message, headers=headers)
        self.code = code
