"""What the build's Node runs share (the bytecode, matplotlib's font list).

Both run Pyodide's own Python under Node.js and keep what it made in the
cache folder; builds running at once (the e2e tests' variants) wait for
one another's run rather than repeat it.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

from ..core.errors import CourseError

__all__ = ["locked", "node_executable"]


def node_executable(needed_for: str) -> str:
    """The path of ``node``; a :class:`CourseError` saying what it is ``needed_for`` if absent."""
    node = shutil.which("node")
    if node is None:
        raise CourseError(
            f"Node.js is needed to {needed_for}",
            fix="install Node.js (the project's `npm ci` needs it too)",
        )
    return node


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (where the platform has ``fcntl``)."""
    try:
        import fcntl
    except ImportError:  # Windows: builds at once may do the same work twice
        yield
        return
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
