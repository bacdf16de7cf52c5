"""The labs worker's request error, :class:`ApiError`.

Problems an instructor fixes (settings, persona files) are the course's one
error type, :class:`quiz_engine.core.errors.CourseError`; :class:`ApiError`
is the ``HTTPException`` the endpoints raise for expected request failures,
turned into the JSON error envelope by one handler in :mod:`labs_worker.app`.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.exceptions import HTTPException

__all__ = ["ApiError"]




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
