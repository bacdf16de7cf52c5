"""Package wheels with bytecode in place of sources, compiled once and cached.

The official wheels (checked against Pyodide's lock by ``pyodide_supply``),
and Python's standard library (``python_stdlib.zip``, a zip of modules like
a wheel), go through ``wheel_bytecode.py``, run by Pyodide's own Python
under Node (``wheel_bytecode.mjs``): the bytecode is that of the exact
Python the browser runs. The files are shared out by size among a Node
process per core (at most four): on 2 cores, the 14 of the course's packages
took 8 s instead of 11. A compiled file is kept in the cache folder under the
official file's sha256, in a folder named by a digest of the compiler, so
each is compiled once per machine, and again only when either
changes. Builds running at once (the e2e tests' variants) wait for one
another's compiling rather than repeat it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Protocol

from ..core.errors import CourseError
from .node import locked, node_executable, what_failed

__all__ = ["WheelCompiler", "balanced_groups", "compiled_wheels"]

_HERE = Path(__file__).resolve().parent
_SCRIPT = _HERE / "wheel_bytecode.mjs"
_COMPILER = (_HERE / "wheel_bytecode.py", _SCRIPT)
#: Seconds the compiler may take (numpy, pandas and matplotlib: about 13 s in one process).
_TIMEOUT = 600
#: At most this many compilers run at once, one per core: each is a Node
#: process with its own Pyodide (1.5 s to start, 200 MB).
_MOST_PROCESSES = 4


class WheelCompiler(Protocol):
    """What :func:`compiled_wheels` is (a test's stand-in has the same shape)."""

    def __call__(self, wanted: Mapping[str, str], original: Callable[[str], bytes], *,
                 cache: Path, npm_dir: Path) -> dict[str, Path]: ...


def compiled_wheels(
    wanted: Mapping[str, str], original: Callable[[str], bytes], *, cache: Path, npm_dir: Path
) -> dict[str, Path]:
    """Where the compiled form of each wheel of ``wanted`` (file name → official sha256) is.

    Those not in the cache yet are compiled, in one run: ``original(file
    name)`` gives their official bytes (checked by the caller). ``npm_dir``
    is the npm package ``pyodide``, whose Python compiles. Raises
    :class:`CourseError` when Node is missing or the compiler fails.
    """
    folder = cache / "bytecode" / _compiler_digest()
    paths = {name: folder / f"{sha256}{Path(name).suffix}" for name, sha256 in wanted.items()}
    if all(path.is_file() for path in paths.values()):
        return paths
    folder.mkdir(parents=True, exist_ok=True)
    with locked(folder.parent / ".lock"):
        missing = [name for name, path in paths.items() if not path.is_file()]
        if missing:
            _compile({name: paths[name] for name in missing}, original, npm_dir)
        for old in folder.parent.iterdir():
            if old.is_dir() and old != folder:
                shutil.rmtree(old, ignore_errors=True)
    return paths


def _compiler_digest() -> str:
    digest = hashlib.sha256()
    for part in _COMPILER:
        digest.update(part.read_bytes())
    return digest.hexdigest()[:16]


def _compile(outputs: Mapping[str, Path], original: Callable[[str], bytes], npm_dir: Path) -> None:
    """Compile each wheel of ``outputs`` to its path, in a Node process per core.

    pandas and matplotlib are most of the work, so they go to different processes.
    """
    node = node_executable("compile the Python packages' bytecode")
    with tempfile.TemporaryDirectory() as tmp:
        sizes: dict[str, int] = {}
        for name in outputs:
            data = original(name)
            (Path(tmp) / name).write_bytes(data)
            sizes[name] = len(data)
        count = min(os.cpu_count() or 1, _MOST_PROCESSES)
        commands = [
            [node, str(_SCRIPT), str(npm_dir),
             *(str(part) for name in group for part in (Path(tmp) / name, outputs[name]))]
            for group in balanced_groups(sizes, count)
        ]
        failures = _run_all(commands)
    if failures:
        raise CourseError(
            f"compiling the packages' bytecode failed: {failures[0]}", path=str(_SCRIPT),
            fix="reinstall the npm packages with `npm ci`, then build again",
        )


def balanced_groups(sizes: Mapping[str, int], count: int) -> list[list[str]]:
    """The names of ``sizes`` in ``count`` groups (none empty) of about equal total size.

    The largest goes first, each to the group with the least so far.
    """
    groups: list[list[str]] = [[] for _ in range(max(1, min(count, len(sizes))))]
    totals = [0] * len(groups)
    for name in sorted(sizes, key=lambda n: (-sizes[n], n)):
        lightest = totals.index(min(totals))
        groups[lightest].append(name)
        totals[lightest] += sizes[name]
    return groups


def _run_all(commands: list[list[str]]) -> list[str]:
    """Run ``commands`` at once; what each that failed said (``node.what_failed``)."""
    deadline = time.monotonic() + _TIMEOUT
    processes = [
        subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for command in commands
    ]
    failures = []
    try:
        for process in processes:
            try:
                _, stderr = process.communicate(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                raise CourseError(
                    f"compiling the packages' bytecode took more than {_TIMEOUT} s",
                    path=str(_SCRIPT), fix="build again; if it persists, report it",
                ) from None
            if process.returncode != 0:
                failures.append(what_failed(stderr, _SCRIPT))
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
    return failures
