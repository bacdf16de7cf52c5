"""Dependencies point one way: server → content/core, build → content/core, core → stdlib."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from quiz_engine.site.wheel import build_engine_wheel

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "quiz_engine"

#: What each part of quiz_engine may import from the project (besides itself).
ALLOWED = {
    "core": set(),
    "content": {"core"},
    "site": {"core", "content"},
    "markdown": {"core", "content", "site"},
    "mkdocs": {"core", "content", "site", "markdown"},
    "cli": {"core", "content", "site", "markdown", "mkdocs", "credentials"},
    # The completion credentials' model and verification, shared by the worker and the CLI.
    "credentials": {"core"},
}

#: What each part may import besides the standard library, as its extra in pyproject.toml
#: installs it: the browser core nothing, the content PyYAML, the site build no generator's
#: package (MkDocs is the adapter's alone), the credentials PyJWT and cryptography.
THIRD_PARTY = {
    "core": set(),
    "content": {"yaml"},
    "site": {"hatchling", "pyodide_lock"},
    "markdown": {"yaml", "markdown", "pymdownx"},
    "mkdocs": {"mkdocs"},
    "cli": set(),
    "credentials": {"jwt", "cryptography"},
}

#: What the labs worker may import of quiz_engine.
WORKER_MAY_IMPORT = {"core", "content", "credentials"}


def _imports(path: Path) -> list[tuple[str, int]]:
    """Every absolute module a file imports (relative imports resolved), with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                found.append((".".join([*base, node.module or ""]).rstrip("."), node.lineno))
            else:
                found.append((node.module or "", node.lineno))
    return found


def _part(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "quiz_engine" and len(parts) > 1 else None


@pytest.mark.parametrize("part", sorted(ALLOWED))
def test_each_part_imports_only_what_it_may(part: str) -> None:
    """core imports nothing of the project; content only core; site only content and core; …
    and of other packages only what its extra installs (the site build no MkDocs)."""
    wrong = []
    for path in sorted((PACKAGE / part).rglob("*.py")):
        for module, line in _imports(path):
            top, other = module.split(".")[0], _part(module)
            third_party = top not in sys.stdlib_module_names | {"__future__", "quiz_engine"}
            if (
                top == "labs_worker"
                or (other is not None and other != part and other not in ALLOWED[part])
                or (third_party and top not in THIRD_PARTY[part])
            ):
                wrong.append(f"{path.relative_to(ROOT)}:{line}: imports {module}")
    assert not wrong, "\n".join(wrong)


def test_the_worker_imports_only_core_content_and_credentials() -> None:
    """labs_worker uses quiz_engine's core, content and credentials, never the site build."""
    wrong = []
    for path in sorted((ROOT / "labs_worker").rglob("*.py")):
        for module, line in _imports(path):
            other = _part(module)
            if module == "quiz_engine" or (other is not None and other not in WORKER_MAY_IMPORT):
                wrong.append(f"{path.relative_to(ROOT)}:{line}: imports {module}")
    assert not wrong, "\n".join(wrong)


def test_the_browser_wheel_holds_the_core_and_nothing_else(tmp_path: Path) -> None:
    """Chosen by package: quiz_engine/__init__.py, py.typed and quiz_engine/core/."""
    wheel = build_engine_wheel(tmp_path)
    names = [n for n in zipfile.ZipFile(wheel).namelist() if ".dist-info/" not in n]
    outside = [n for n in names if not n.startswith("quiz_engine/core/")]
    assert sorted(outside) == ["quiz_engine/__init__.py", "quiz_engine/py.typed"]
    assert "quiz_engine/core/practice/peer.py" in names
    assert not any("personas" in n or n.endswith((".yml", ".yaml")) for n in names)


def test_the_browser_wheel_imports_only_the_standard_library(tmp_path: Path) -> None:
    """Every module of the wheel, imported from the wheel alone, loads nothing but stdlib."""
    wheel = build_engine_wheel(tmp_path)
    modules = sorted(
        name[:-3].replace("/", ".").removesuffix(".__init__")
        for name in zipfile.ZipFile(wheel).namelist() if name.endswith(".py")
    )
    script = (
        "import sys, json, importlib\n"
        "before = set(sys.modules)\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "new = {m.split('.')[0] for m in set(sys.modules) - before}\n"
        "print(json.dumps(sorted(new - set(sys.stdlib_module_names))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", f"import sys; sys.path.insert(0, {str(wheel)!r})\n"
         + script],
        capture_output=True, text=True, check=True,
    )
    assert json.loads(result.stdout) == ["quiz_engine"]


# Refuses the server's packages, as if only the `build` extra were installed.
_WITHOUT_SERVER = """
import sys, importlib.abc
class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("starlette", "httpx", "uvicorn", "httpx_sse", "labs_worker"):
            raise ImportError(f"the build imported {name}")
        return None
sys.meta_path.insert(0, Refuse())
"""


def test_the_build_never_imports_the_server(tmp_path: Path) -> None:
    """`mkdocs build` and `validate` run with Starlette, httpx, uvicorn and labs_worker absent."""
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {ROOT / 'docs'}\n"
        f"theme:\n  name: material\n  custom_dir: {ROOT / 'overrides'}\n"
        "plugins:\n  - search\n  - course:\n      pyodide_enabled: false\n"
        "  - mkdocs-jupyter:\n      include: ['*.ipynb']\n      execute: false\n",
        encoding="utf-8",
    )
    build = (
        _WITHOUT_SERVER
        + "from mkdocs.commands.build import build\nfrom mkdocs.config import load_config\n"
        f"build(load_config(config_file={str(config)!r}, site_dir={str(tmp_path / 'site')!r}))\n"
        "from quiz_engine.cli import main\n"
        f"code = main(['validate', '--config', {str(config)!r}])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('starlette', 'httpx', 'uvicorn', 'labs_worker')))\n"
        "raise SystemExit(code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", build], cwd=ROOT, capture_output=True, text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("[]")
    assert (tmp_path / "site" / "lesson-2" / "index.html").is_file()


def test_the_source_distribution_holds_what_the_wheel_installs(tmp_path: Path) -> None:
    """An sdist (what `pip install` builds from when no wheel fits) holds both packages of
    the project's wheel, the worker's personas included: a wheel built from it runs the
    worker as well as the build."""
    from hatchling.builders.sdist import SdistBuilder

    sdist = Path(next(iter(SdistBuilder(str(ROOT)).build(directory=str(tmp_path)))))
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for wanted in ("quiz_engine/core/grade.py", "quiz_engine/site/build.py",
                   "labs_worker/app.py", "labs_worker/personas/lab-1.yml", "pyproject.toml"):
        assert wanted in names, f"{wanted} is missing from {sdist.name}"
    assert not any(name.startswith(("tests/", "docs/", "node_modules/")) for name in names)
