"""Build the ``quiz_engine`` wheel the browser installs (a pure wheel: hatchling is enough).

``pyodide-build`` is not needed for a pure-Python wheel, and could not run
here anyway: its cross-build environment downloads from GitHub at run time.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import CourseError

__all__ = ["build_engine_wheel", "project_root"]


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
    """Build the ``quiz_engine`` wheel into ``out_dir`` and return its path."""
    from hatchling.builders.wheel import WheelBuilder

    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("quiz_engine-*.whl"):
        old.unlink()
    builder = WheelBuilder(str(project_root()))
    built = list(builder.build(directory=str(out_dir), versions=["standard"]))
    if len(built) != 1:
        raise CourseError(f"expected one wheel, hatchling built {built}")
    return Path(built[0])
