"""Tests for :mod:`quiz_engine.site.font_list`: matplotlib's font list, made for its own version.

The real list is checked where the real supply is: its version in
``test_pyodide_supply.py``, and in ``test_exercises.py`` that real Pyodide
uses it (its plotting exercises never scan the fonts again).
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import io
import re
import shutil
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from quiz_engine.core.errors import CourseError
from quiz_engine.site import font_list, node
from quiz_engine.site.font_list import FONT_LIST, with_font_list, with_member

NPM = Path(__file__).resolve().parents[2] / "node_modules" / "pyodide"


def wheel_with(files: dict[str, bytes]) -> bytes:
    """A wheel holding ``files`` and a RECORD listing each of them."""
    record = "".join(
        f"{name},sha256={base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()},"
        f"{len(data)}\n" for name, data in files.items()
    ) + "pkg-1.0.dist-info/RECORD,,\n"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 2, 3, 4, 6)), data)
        archive.writestr("pkg-1.0.dist-info/RECORD", record)
    return out.getvalue()


def test_with_member_replaces_one_file_and_its_record_line() -> None:
    original = wheel_with({"matplotlib/fontlist.json": b'{"_version": 390}', "matplotlib/a.pyc": b"code"})
    made = with_member(original, FONT_LIST, b'{"_version": 330}')
    with zipfile.ZipFile(io.BytesIO(original)) as before, zipfile.ZipFile(io.BytesIO(made)) as after:
        assert before.namelist() == after.namelist()
        assert after.read(FONT_LIST) == b'{"_version": 330}'
        assert after.read("matplotlib/a.pyc") == b"code"
        assert after.getinfo("matplotlib/a.pyc").date_time == before.getinfo("matplotlib/a.pyc").date_time
        record = after.read("pkg-1.0.dist-info/RECORD").decode().splitlines()
    digest = base64.urlsafe_b64encode(hashlib.sha256(b'{"_version": 330}').digest()).rstrip(b"=").decode()
    assert f"{FONT_LIST},sha256={digest},17" in record
    assert len(record) == 3
    # Only the file and its line change: the same input gives the same bytes.
    assert with_member(original, FONT_LIST, b'{"_version": 330}') == made


def test_with_member_says_when_the_wheel_has_no_such_file() -> None:
    with pytest.raises(CourseError, match=r"the wheel has no matplotlib/fontlist\.json"):
        with_member(wheel_with({"matplotlib/a.pyc": b"code"}), FONT_LIST, b"{}")
    unlisted = io.BytesIO()
    with zipfile.ZipFile(unlisted, "w") as archive:
        archive.writestr(FONT_LIST, b"{}")
        archive.writestr("pkg-1.0.dist-info/RECORD", "pkg-1.0.dist-info/RECORD,,\n")
    with pytest.raises(CourseError, match=r"RECORD does not list matplotlib/fontlist\.json"):
        with_member(unlisted.getvalue(), FONT_LIST, b"{}")


def test_a_wheel_without_a_font_list_fails_before_node_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(font_list, "_made_font_list", lambda *args: pytest.fail("Node ran"))
    wheel = tmp_path / "matplotlib-3.8.4-py3-none-any.whl"
    wheel.write_bytes(wheel_with({"matplotlib/a.pyc": b"code"}))
    with pytest.raises(CourseError, match="the wheel has no"):
        with_font_list(wheel.name, {wheel.name: wheel}, cache=tmp_path / "cache", npm_dir=NPM)


def test_without_node_the_error_says_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wheel = tmp_path / "matplotlib-3.8.4-py3-none-any.whl"
    wheel.write_bytes(wheel_with({FONT_LIST: b"{}"}))
    monkeypatch.setattr(node.shutil, "which", lambda name: None)
    with pytest.raises(CourseError, match=r"Node\.js is needed to make matplotlib's font list"):
        with_font_list(wheel.name, {wheel.name: wheel}, cache=tmp_path / "cache", npm_dir=NPM)


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
@pytest.mark.parametrize(("script", "said"), [
    ('console.error("font_list.mjs: matplotlib did not load"); process.exit(1);',
     "making matplotlib's font list failed (exit 1): font_list.mjs: matplotlib did not load"),
    # A crash outside the script's own catch: Node's last lines, not only its version.
    ('console.error("RuntimeError: memory access out of bounds\\n\\nNode.js v20"); process.exit(7);',
     "failed (exit 7): RuntimeError: memory access out of bounds / Node.js v20"),
    ('process.stdout.write("Traceback …");', "matplotlib's font list is not JSON"),
    ('process.stdout.write(JSON.stringify({_version: 330, ttflist: []}));',
     "matplotlib's font list names no font"),
])
def test_a_font_list_that_was_not_made_is_a_located_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str, said: str
) -> None:
    """Whatever goes wrong in Node, the build stops with what and where (and keeps nothing)."""
    maker = tmp_path / "font_list.mjs"
    maker.write_text(script, encoding="utf-8")
    monkeypatch.setattr(font_list, "_SCRIPT", maker)
    wheel = tmp_path / "matplotlib-3.8.4-py3-none-any.whl"
    wheel.write_bytes(wheel_with({FONT_LIST: b"{}"}))
    with pytest.raises(CourseError, match=re.escape(said)) as raised:
        with_font_list(wheel.name, {wheel.name: wheel}, cache=tmp_path / "cache", npm_dir=NPM)
    assert raised.value.path == str(maker)
    assert [p.name for p in (tmp_path / "cache" / "fontlist").iterdir()] == [".lock"]


def test_a_font_list_is_made_once_per_wheel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []

    def make(closure: dict[str, Path], npm_dir: Path) -> str:
        made.append(sorted(closure)[0])
        return '{"_version": 330, "ttflist": [{}]}'

    monkeypatch.setattr(font_list, "_made_font_list", make)
    wheel = tmp_path / "matplotlib-3.8.4-py3-none-any.whl"
    wheel.write_bytes(wheel_with({FONT_LIST: b'{"_version": 390}'}))
    first = with_font_list(wheel.name, {wheel.name: wheel}, cache=tmp_path / "cache", npm_dir=NPM)
    again = with_font_list(wheel.name, {wheel.name: wheel}, cache=tmp_path / "cache", npm_dir=NPM)
    assert first == again and made == [wheel.name]
    with zipfile.ZipFile(first) as kept:
        assert kept.read(FONT_LIST) == b'{"_version": 330, "ttflist": [{}]}'
    # Another wheel (another build of matplotlib) gets a list of its own; the old one goes.
    wheel.write_bytes(wheel_with({FONT_LIST: b'{"_version": 391}'}))
    second = with_font_list(wheel.name, {wheel.name: wheel}, cache=tmp_path / "cache", npm_dir=NPM)
    assert second != first and len(made) == 2
    assert sorted(p.name for p in second.parent.iterdir()) == [".lock", second.name]


@pytest.mark.skipif(importlib.util.find_spec("fcntl") is None, reason="no file locks here")
def test_builds_running_at_once_make_the_list_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []
    started = threading.Barrier(2)

    def make(closure: dict[str, Path], npm_dir: Path) -> str:
        made.append("made")
        time.sleep(0.2)  # the other build asks meanwhile
        return '{"_version": 330, "ttflist": [{}]}'

    monkeypatch.setattr(font_list, "_made_font_list", make)
    wheel = tmp_path / "matplotlib-3.8.4-py3-none-any.whl"
    wheel.write_bytes(wheel_with({FONT_LIST: b'{"_version": 390}'}))

    def build() -> Path:
        started.wait()
        return with_font_list(wheel.name, {wheel.name: wheel}, cache=tmp_path / "cache", npm_dir=NPM)

    with ThreadPoolExecutor(2) as pool:
        first, second = pool.map(lambda _: build(), range(2))
    assert first == second and made == ["made"]
