"""The exception types of :mod:`labs_worker`.

:class:`LabsWorkerError` is the one type for problems an instructor fixes
(settings, persona files); :class:`ApiError` is the ``HTTPException`` the
endpoints raise for expected request failures, turned into the JSON error
envelope by one handler in :mod:`labs_worker.app`.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.exceptions import HTTPException

from quiz_engine.core.errors import CourseError

__all__ = ["ApiError", "LabsWorkerError"]


LabsWorkerError = CourseError


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
