"""Fixtures for every test folder: the Pyodide distribution, assembled once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: The one wheel cache of the project, shared by the build and the tests.
PYODIDE_CACHE = ROOT / ".pyodide-cache"


@pytest.fixture(scope="session")
def pyodide_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site's Pyodide distribution (numpy, pandas, matplotlib, the engine wheel), for Node.

    Assembled once per session, from the project's own cache, for every test
    that runs Python in real Pyodide.
    """
    if shutil.which("node") is None:
        pytest.skip("Node.js is not installed")
    if not (ROOT / "node_modules" / "pyodide").is_dir():
        pytest.skip("node_modules/pyodide is missing: run `npm ci` (the README's commands do)")
    from quiz_engine.site.pyodide_supply import assemble_pyodide
    from quiz_engine.site.wheel import build_engine_wheel

    work = tmp_path_factory.mktemp("pyodide-dist")
    wheel = build_engine_wheel(work / "wheel")
    dist = work / "pyodide"
    assemble_pyodide(dist, packages=["numpy", "pandas", "matplotlib"], extra_wheels=[wheel],
                     project_root=ROOT, cache_dir=PYODIDE_CACHE)
    return dist
