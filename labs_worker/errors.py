"""The labs worker's request error, :class:`ApiError`.

Problems an instructor fixes (settings, persona files) are the course's one
error type, :class:`quiz_engine.core.errors.CourseError`; :class:`ApiError`
is the ``HTTPException`` the endpoints raise for expected request failures,
turned into the JSON error envelope by one handler in :mod:`labs_worker.app`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.exceptions import HTTPException

__all__ = ["ApiError"]


class ApiError(HTTPException):
    """An expected request failure with a machine-readable ``code``.

    ``detail`` is the learner-facing message; it never contains upstream
    bodies or secrets. ``extra`` fields join ``code`` and ``message`` in the
    error object (e.g. the score of a test below the pass mark).
    """

    def __init__(
        self,
        status_code: int,
        code: str,
        message: str,
        *,
        headers: Mapping[str, str] | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(status_code=status_code, detail=message, headers=headers)
        self.code = code
        self.extra = dict(extra or {})
