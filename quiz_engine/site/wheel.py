"""Build the browser's ``quiz_engine`` wheel: the browser core and nothing else.

The wheel holds ``quiz_engine/__init__.py`` and the ``quiz_engine.core``
package (standard library only); the build, content and MkDocs packages stay
out, whatever ``pyproject.toml`` installs for the command line. It is a pure
wheel, so hatchling is enough: ``pyodide-build`` is not needed, and could not
run here anyway (its cross-build environment downloads from GitHub).
"""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path

from ..core.errors import CourseError

__all__ = ["BROWSER_PACKAGES", "build_engine_wheel", "project_root"]

#: What the browser installs, by package (paths relative to the project root).
BROWSER_PACKAGES = ("quiz_engine/__init__.py", "quiz_engine/py.typed", "quiz_engine/core")


def project_root() -> Path:
    """Return the source checkout that holds ``quiz_engine`` and its ``pyproject.toml``."""
    root = Path(__file__).resolve().parents[2]
    if not (root / "pyproject.toml").is_file():
        raise CourseError(
            f"no pyproject.toml beside the quiz_engine package in {root}",
            fix="install the course project from its source checkout (`pip install -e .`)",
        )
    return root


def build_engine_wheel(out_dir: Path) -> Path:
    """Build the browser core's wheel into ``out_dir`` and return its path."""
    from hatchling.builders.wheel import WheelBuilder

    root = project_root()
    config = copy.deepcopy(tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8")))
    config["project"]["dependencies"] = []
    config["project"].pop("optional-dependencies", None)
    config["project"].pop("entry-points", None)
    config.setdefault("tool", {})["hatch"] = {
        "build": {"targets": {"wheel": {"only-include": list(BROWSER_PACKAGES)}}}
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("quiz_engine-*.whl"):
        old.unlink()
    builder = WheelBuilder(str(root), config=config)
    try:
        built = list(builder.build(directory=str(out_dir), versions=["standard"]))
    except Exception as error:  # hatchling's own errors have no common base
        raise CourseError(
            f"building the course engine's wheel failed: {error}",
            path=str(root / "pyproject.toml"),
            fix="check the [project] table of pyproject.toml, then run `make setup` again",
        ) from error
    if len(built) != 1:
        raise CourseError(f"expected one wheel, hatchling built {built}")
    return Path(built[0])
