"""Package wheels with bytecode in place of sources, compiled once and cached.

The official wheels (checked against Pyodide's lock by ``pyodide_supply``)
go through ``wheel_bytecode.py``, run by Pyodide's own Python under Node
(``wheel_bytecode.mjs``): the bytecode is that of the exact Python the
browser runs. A compiled wheel is kept in the cache folder under the
official file's sha256, in a folder named by a digest of the compiler, so
each wheel is compiled once per machine, and again only when either
changes. Builds running at once (the e2e tests' variants) wait for one
another's compiling rather than repeat it.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Protocol

from ..core.errors import CourseError

__all__ = ["WheelCompiler", "compiled_wheels"]

_HERE = Path(__file__).resolve().parent
_SCRIPT = _HERE / "wheel_bytecode.mjs"
_COMPILER = (_HERE / "wheel_bytecode.py", _SCRIPT)
#: Seconds one run of the compiler may take (numpy, pandas and matplotlib: about 13 s).
_TIMEOUT = 600


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
    paths = {name: folder / f"{sha256}.whl" for name, sha256 in wanted.items()}
    if all(path.is_file() for path in paths.values()):
        return paths
    folder.mkdir(parents=True, exist_ok=True)
    with _locked(folder.parent / ".lock"):
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


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (where the platform has ``fcntl``)."""
    try:
        import fcntl
    except ImportError:  # Windows: builds at once may compile the same wheel twice
        yield
        return
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _compile(outputs: Mapping[str, Path], original: Callable[[str], bytes], npm_dir: Path) -> None:
    node = shutil.which("node")
    if node is None:
        raise CourseError(
            "Node.js is needed to compile the Python packages' bytecode",
            fix="install Node.js (the project's `npm ci` needs it too)",
        )
    with tempfile.TemporaryDirectory() as tmp:
        args: list[str] = []
        for name, output in outputs.items():
            source = Path(tmp) / name
            source.write_bytes(original(name))
            args += [str(source), str(output)]
        try:
            result = subprocess.run(
                [node, str(_SCRIPT), str(npm_dir), *args], capture_output=True, text=True,
                timeout=_TIMEOUT, check=False,
            )
        except subprocess.TimeoutExpired:
            raise CourseError(
                f"compiling the packages' bytecode took more than {_TIMEOUT} s",
                path=str(_SCRIPT), fix="build again; if it persists, report it",
            ) from None
    if result.returncode != 0:
        detail = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise CourseError(
            f"compiling the packages' bytecode failed: {detail}", path=str(_SCRIPT),
            fix="reinstall the npm packages with `npm ci`, then build again",
        )
