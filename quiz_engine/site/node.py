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

__all__ = ["locked", "node_executable", "what_failed"]


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


def what_failed(stderr: str, script: Path) -> str:
    """Why a run of ``script`` failed: the last line of stderr when the script reported the
    failure itself (its message starts with its name; a Python error ends with its last
    line), else Node's last lines (a crash outside the script's catch), else "no output"."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    if any(line.startswith(f"{script.name}:") for line in lines):
        return lines[-1]
    return " / ".join(lines[-3:]) or "no output"
