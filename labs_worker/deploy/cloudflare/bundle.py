"""Assemble the folder that ``pywrangler deploy`` uploads.

``python -m labs_worker.deploy.cloudflare.bundle build/cloudflare`` writes
``wrangler.toml``, ``pyproject.toml`` (the Worker's package list) and
``src/`` with ``entry.py`` and the parts of ``labs_worker`` the Worker runs
(no local server, no test helpers).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

__all__ = ["build_bundle"]

_HERE = Path(__file__).parent
_PACKAGE = _HERE.parents[1]
# Not needed on Cloudflare: the local server, the test fakes, this script.
# admin.py: the instructor's commands (keygen, the roster), run where the roster lives.
_LEFT_OUT = {"__main__.py", "admin.py", "testing.py", "bundle.py"}


def build_bundle(out: Path) -> list[Path]:
    """Write the deployable folder to ``out`` (replacing it); return the files."""
    if out.exists():
        shutil.rmtree(out)
    (out / "src").mkdir(parents=True)
    written = [
        Path(shutil.copy(_HERE / "wrangler.toml", out / "wrangler.toml")),
        Path(shutil.copy(_HERE / "pyproject.toml", out / "pyproject.toml")),
        Path(shutil.copy(_HERE / "entry.py", out / "src" / "entry.py")),
    ]
    for source in sorted(_PACKAGE.rglob("*")):
        relative = source.relative_to(_PACKAGE)
        if source.suffix not in (".py", ".yml") or source.name in _LEFT_OUT:
            continue
        if "__pycache__" in relative.parts or relative.name == "entry.py":
            continue
        target = out / "src" / "labs_worker" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        written.append(Path(shutil.copy(source, target)))
    return written


if __name__ == "__main__":
    destination = Path(sys.argv[1] if len(sys.argv) > 1 else "build/cloudflare")
    files = build_bundle(destination)
    print(f"wrote {len(files)} files to {destination}; next: cd {destination} && "
          "uv run pywrangler deploy")
