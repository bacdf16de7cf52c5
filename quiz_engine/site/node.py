"""The Node.js the build runs Pyodide's own Python with (bytecode, font list)."""

from __future__ import annotations

import shutil

from ..core.errors import CourseError

__all__ = ["node_executable"]


def node_executable(needed_for: str) -> str:
    """The path of ``node``; a :class:`CourseError` saying what it is ``needed_for`` if absent."""
    node = shutil.which("node")
    if node is None:
        raise CourseError(
            f"Node.js is needed to {needed_for}",
            fix="install Node.js (the project's `npm ci` needs it too)",
        )
    return node
