"""matplotlib's font list, made by the matplotlib that ships, and put in its wheel.

Pyodide's matplotlib 3.8.4 reads its font list from ``matplotlib/fontlist.json``
in its own package (Pyodide patches ``font_manager`` to look there, not in
a cache folder), and its wheel carries one. But that list was made by another
matplotlib: its ``_version`` is 390, where 3.8.4's ``FontManager`` expects
330. So every fresh Python, on every page where a learner draws a first
plot, threw the list away and scanned the fonts again (about half a second
under Node, on the way to the learner's first figure), then wrote a list
that was gone with the page.

The supply makes the list once, with the wheel's own matplotlib in Pyodide
under Node (``font_list.mjs``), puts it in the wheel in place of the stale
one (``RECORD`` updated) and keeps the result in the cache, named by the
sha256 of the wheel it came from and of the script (builds running at once
make it once).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path

from ..core.errors import CourseError
from .node import locked, node_executable, what_failed

__all__ = ["FONT_LIST", "with_font_list", "with_member"]

#: Where Pyodide's matplotlib reads its font list, inside its wheel.
FONT_LIST = "matplotlib/fontlist.json"
_SCRIPT = Path(__file__).resolve().with_name("font_list.mjs")
#: Seconds Node may take: Pyodide, matplotlib's closure, one font scan (about 5 s).
_TIMEOUT = 300


def with_font_list(
    wheel: str, closure: Mapping[str, Path], *, cache: Path, npm_dir: Path
) -> Path:
    """Where ``closure[wheel]`` (matplotlib's wheel) is, with its font list made anew.

    ``closure`` maps the file name of every wheel matplotlib needs to import
    (itself included) to where it is; ``npm_dir`` is the npm package
    ``pyodide``. Raises :class:`CourseError` when the wheel has no font
    list, or Node is missing or fails. The result is kept under the sha256
    of the wheel and of ``font_list.mjs``; the cache keeps the latest only.
    """
    data = closure[wheel].read_bytes()
    digest = hashlib.sha256(data + _SCRIPT.read_bytes()).hexdigest()
    kept = cache / "fontlist" / f"{digest}.whl"
    if kept.is_file():
        return kept
    _check_member(data, FONT_LIST)  # a wheel without a list fails now, not after Node
    kept.parent.mkdir(parents=True, exist_ok=True)
    with locked(kept.parent / ".lock"):
        if not kept.is_file():  # made meanwhile by a build running at once
            text = _made_font_list(closure, npm_dir)
            partial = kept.with_name(f"{kept.stem}.{os.getpid()}.part")
            partial.write_bytes(with_member(data, FONT_LIST, text.encode("utf-8")))
            partial.replace(kept)
            for old in kept.parent.iterdir():  # lists of other wheels, other scripts
                if old.suffix in (".whl", ".part") and old != kept:
                    old.unlink(missing_ok=True)
    return kept


def _made_font_list(closure: Mapping[str, Path], npm_dir: Path) -> str:
    """The font list matplotlib writes in Pyodide, from the wheels of ``closure``."""
    node = node_executable("make matplotlib's font list")
    with tempfile.TemporaryDirectory() as tmp:
        # Pyodide names a package by its wheel's file name: each keeps its own.
        paths = []
        for name, path in sorted(closure.items()):
            shutil.copyfile(path, Path(tmp) / name)
            paths.append(str(Path(tmp) / name))
        try:
            result = subprocess.run(
                [node, str(_SCRIPT), str(npm_dir), *paths],
                capture_output=True, text=True, timeout=_TIMEOUT, check=False,
            )
        except subprocess.TimeoutExpired:
            raise CourseError(
                f"making matplotlib's font list took more than {_TIMEOUT} s",
                path=str(_SCRIPT), fix="build again; if it persists, report it",
            ) from None
    if result.returncode != 0:
        raise CourseError(
            f"making matplotlib's font list failed (exit {result.returncode}): "
            f"{what_failed(result.stderr, _SCRIPT)}",
            path=str(_SCRIPT),
            fix="reinstall the npm packages with `npm ci`, then build again",
        )
    try:
        made = json.loads(result.stdout)
    except ValueError as error:
        raise CourseError(
            f"matplotlib's font list is not JSON: {error}", path=str(_SCRIPT),
            fix="build again; if it persists, report it",
        ) from None
    if not isinstance(made, dict) or not made.get("ttflist"):
        raise CourseError(
            "matplotlib's font list names no font", path=str(_SCRIPT),
            fix="build again; if it persists, report it",
        )
    return result.stdout


def _check_member(wheel: bytes, name: str) -> None:
    """Raise :class:`CourseError` unless ``wheel`` has the file ``name`` and its ``RECORD``
    a line for it."""
    with zipfile.ZipFile(io.BytesIO(wheel)) as source:
        names = source.namelist()
        if name not in names:
            raise CourseError(f"the wheel has no {name}", fix="check the package's version")
        record = next((n for n in names if n.endswith(".dist-info/RECORD")), None)
        lines = source.read(record).decode("utf-8").splitlines() if record else []
    if not any(line.split(",", 1)[0] == name for line in lines):
        raise CourseError(f"the wheel's RECORD does not list {name}",
                          fix="check the package's version")


def with_member(wheel: bytes, name: str, data: bytes) -> bytes:
    """``wheel`` with the file ``name`` holding ``data``, its ``RECORD`` line to match.

    Every other entry is copied as it was. Raises :class:`CourseError` if
    the wheel has no file ``name``, or its ``RECORD`` no line for it.
    """
    _check_member(wheel, name)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(wheel)) as source, zipfile.ZipFile(out, "w") as result:
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        for entry in source.infolist():
            content = data if entry.filename == name else source.read(entry)
            if entry.filename.endswith(".dist-info/RECORD"):
                content = "".join(
                    f"{name},sha256={digest},{len(data)}\n" if line.split(",", 1)[0] == name
                    else line
                    for line in content.decode("utf-8").splitlines(keepends=True)
                ).encode("utf-8")
            result.writestr(entry, content)
    return out.getvalue()
