"""Tests for :mod:`quiz_engine.site.wheel_bytecode` (by this Python, and by Pyodide's under Node) and :mod:`quiz_engine.site.bytecode`."""

from __future__ import annotations

import base64
import hashlib
import importlib
import importlib.util
import io
import shutil
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from quiz_engine.core.errors import CourseError
from quiz_engine.site.bytecode import balanced_groups, compiled_wheels
from quiz_engine.site.wheel_bytecode import add_bytecode, pyc_name
from tests.unit.conftest import REAL_NPM

SOURCES = {
    "shapes/__init__.py": "from .area import square\nNAME = 'shapes'\n",
    "shapes/area.py": "def square(side):\n    return side * side\n",
    # A template that happens to end in .py: not Python, kept as it is.
    "shapes/templates/page.py": "{% for x in xs %}{{ x }}{% endfor %}\n",
}
OTHER = {
    "shapes/data.json": '{"sides": 4}\n',
    "shapes-1.0.data/scripts/tool.py": "print('a script, not a module')\n",
    "shapes-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: shapes\nVersion: 1.0\n",
}


def record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}\n"


def wheel() -> bytes:
    members = {**SOURCES, **OTHER}
    record = "".join(record_line(n, t.encode()) for n, t in members.items())
    members["shapes-1.0.dist-info/RECORD"] = record + "shapes-1.0.dist-info/RECORD,,\n"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 2, 3, 4, 6)), text)
    return out.getvalue()


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


@pytest.fixture
def installed(tmp_path: Path) -> Iterator[Path]:
    """The compiled wheel unpacked into a folder on ``sys.path``, as Pyodide installs it."""
    with zipfile.ZipFile(io.BytesIO(add_bytecode(wheel())[0])) as archive:
        archive.extractall(tmp_path)
    sys.path.insert(0, str(tmp_path))
    yield tmp_path
    sys.path.remove(str(tmp_path))
    for name in [n for n in sys.modules if n == "shapes" or n.startswith("shapes.")]:
        del sys.modules[name]


def test_modules_get_bytecode_in_place_of_their_source() -> None:
    """Each module's .py becomes a .pyc; what does not compile and what is no module stay."""
    compiled, count = add_bytecode(wheel())
    files = members(compiled)
    assert count == 2
    assert sorted(files) == sorted([
        "shapes/__init__.pyc", "shapes/area.pyc", "shapes/templates/page.py", *OTHER,
        "shapes-1.0.dist-info/RECORD",
    ])
    assert files["shapes/templates/page.py"] == SOURCES["shapes/templates/page.py"].encode()
    for name, text in OTHER.items():
        assert files[name] == text.encode()
    assert files["shapes/area.pyc"].startswith(importlib.util.MAGIC_NUMBER)


def test_record_lists_the_bytecode_instead_of_the_sources() -> None:
    """RECORD names each .pyc with its own sha256 and size, and no longer the .py."""
    files = members(add_bytecode(wheel())[0])
    record = files["shapes-1.0.dist-info/RECORD"].decode()
    for name in ("shapes/__init__.pyc", "shapes/area.pyc"):
        assert record_line(name, files[name]) in record
    assert "shapes/area.py," not in record
    assert record_line("shapes/data.json", OTHER["shapes/data.json"].encode()) in record
    assert record.endswith("shapes-1.0.dist-info/RECORD,,\n")


def test_the_same_wheel_gives_the_same_bytes() -> None:
    """Compiling is repeatable: a rebuild gives the same file (and the same sha256 in the lock)."""
    assert add_bytecode(wheel())[0] == add_bytecode(wheel())[0]


def test_the_package_imports_from_bytecode_alone(installed: Path) -> None:
    """Installed, the package imports and runs with no source of its modules there."""
    assert not (installed / "shapes" / "area.py").exists()
    shapes = importlib.import_module("shapes")
    assert shapes.square(3) == 9
    assert shapes.__spec__.origin == str(installed / "shapes" / "__init__.pyc")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("pkg/mod.py", "pkg/mod.pyc"),
        ("top.py", "top.pyc"),
        ("pkg/data.json", None),
        ("pkg-1.0.dist-info/entry.py", None),
        ("pkg-1.0.data/scripts/run.py", None),
    ],
)
def test_pyc_name(name: str, expected: str | None) -> None:
    """Only modules get bytecode: not metadata, not a wheel's data or scripts."""
    assert pyc_name(name) == expected


needs_node = pytest.mark.skipif(
    shutil.which("node") is None or not (REAL_NPM / "package.json").is_file(),
    reason="needs Node.js and `npm ci`",
)


def test_the_wheels_are_shared_out_by_size() -> None:
    """Largest first, each to the group with the fewest bytes so far; no group is empty."""
    sizes = {"pandas": 7, "matplotlib": 8, "numpy": 4, "six": 1, "pytz": 1}
    assert balanced_groups(sizes, 2) == [["matplotlib", "pytz", "six"], ["pandas", "numpy"]]
    assert balanced_groups({"six": 1}, 4) == [["six"]]
    assert balanced_groups(sizes, 0) == [["matplotlib", "pandas", "numpy", "pytz", "six"]]


@needs_node
def test_pyodides_python_compiles_and_the_cache_keeps_it(tmp_path: Path) -> None:
    """Under Node, Pyodide's Python compiles the wheels (3.12 bytecode); a second call reads none."""
    read: list[str] = []

    def original(name: str) -> bytes:
        read.append(name)
        return wheel()

    wanted = {"shapes-1.0-py3-none-any.whl": "a" * 64, "again-1.0-py3-none-any.whl": "b" * 64}
    paths = compiled_wheels(wanted, original, cache=tmp_path, npm_dir=REAL_NPM)
    assert sorted(read) == sorted(wanted)
    for path in paths.values():
        files = members(path.read_bytes())
        assert files["shapes/area.pyc"].startswith((3531).to_bytes(2, "little") + b"\r\n")
        assert "shapes/templates/page.py" in files
    assert compiled_wheels(wanted, original, cache=tmp_path, npm_dir=REAL_NPM) == paths
    assert len(read) == 2


@needs_node
def test_a_wheel_that_is_no_zip_stops_the_build(tmp_path: Path) -> None:
    """What Pyodide's Python could not compile is a CourseError naming the reason."""
    with pytest.raises(CourseError, match=r"compiling the packages' bytecode failed: .*zip file"):
        compiled_wheels({"broken-1.0-py3-none-any.whl": "c" * 64}, lambda name: b"not a zip",
                        cache=tmp_path, npm_dir=REAL_NPM)
    assert not list((tmp_path / "bytecode").rglob("*.whl"))
