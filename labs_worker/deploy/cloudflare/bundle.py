"""Assemble the folder that ``pywrangler deploy`` uploads.

``python -m labs_worker.deploy.cloudflare.bundle build/cloudflare`` writes
``wrangler.toml``, ``pyproject.toml`` (the Worker's package list) and
``src/`` with ``entry.py``, the parts of ``labs_worker`` the Worker runs
(no local server, no test helpers) and the parts of ``quiz_engine`` it
imports: the browser core (the practice peer, grading), the content loader
(personas, quizzes) and the credentials — never the site build.

Run again over the same folder (after a change to the course, say), it
replaces everything but ``wrangler.toml``, where the instructor set their
site, model and limits. It only ever replaces a folder it wrote: anything
else (a folder of other files, a file) is refused and left as it is.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from quiz_engine.core.errors import CourseError

__all__ = ["build_bundle"]

_HERE = Path(__file__).parent
_PACKAGE = _HERE.parents[1]
# Not needed on Cloudflare: the local server, the test fakes, this script.
# admin.py: the instructor's commands (keygen, the roster), run where the roster lives.
_LEFT_OUT = {"__main__.py", "admin.py", "testing.py", "bundle.py"}
_ENGINE = _PACKAGE.parent / "quiz_engine"
#: The parts of quiz_engine the worker imports (what each holds: quiz_engine/__init__.py).
ENGINE_PARTS = ("core", "content", "credentials")


#: What only a folder this module wrote holds.
_MARKS = ("wrangler.toml", "src/entry.py")


def build_bundle(out: Path) -> list[Path]:
    """Write the deployable folder to ``out``; return the files written.

    A bundle already at ``out`` is replaced but for its ``wrangler.toml``,
    which is kept as it is. Raises :class:`CourseError` if ``out`` is a file
    or a folder that is neither empty nor a bundle.
    """
    _check_replaceable(out)
    kept = out / "wrangler.toml"
    for old in (out / "src", out / "pyproject.toml"):
        if old.is_dir():
            shutil.rmtree(old)
        elif old.exists():
            old.unlink()
    (out / "src").mkdir(parents=True)
    written = [] if kept.is_file() else [Path(shutil.copy(_HERE / "wrangler.toml", kept))]
    written += [
        Path(shutil.copy(_HERE / "pyproject.toml", out / "pyproject.toml")),
        Path(shutil.copy(_HERE / "entry.py", out / "src" / "entry.py")),
    ]
    for source in sorted(_PACKAGE.rglob("*")):
        relative = source.relative_to(_PACKAGE)
        if source.suffix not in (".py", ".yml") or source.name in _LEFT_OUT:
            continue
        if "__pycache__" in relative.parts or relative.name == "entry.py":
            continue
        written.append(_copy(source, out / "src" / "labs_worker" / relative))
    written.append(_copy(_ENGINE / "__init__.py", out / "src" / "quiz_engine" / "__init__.py"))
    for part in ENGINE_PARTS:
        for source in sorted((_ENGINE / part).rglob("*")):
            relative = source.relative_to(_ENGINE)
            if source.suffix not in (".py", ".json") or "__pycache__" in relative.parts:
                continue
            written.append(_copy(source, out / "src" / "quiz_engine" / relative))
    return written


def _check_replaceable(out: Path) -> None:
    """Refuse ``out`` unless it is missing, an empty folder, or a bundle written here."""
    if not out.exists():
        return
    if not out.is_dir():
        raise CourseError(f"{out} is a file, not a folder", path=str(out),
                          fix="give the folder to write the bundle to, e.g. build/cloudflare")
    if any(out.iterdir()) and not any((out / mark).is_file() for mark in _MARKS):
        raise CourseError(
            f"{out} holds other files and no bundle: nothing was replaced", path=str(out),
            fix="give an empty or new folder, e.g. build/cloudflare",
        )


def _copy(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(source, target))


def main(argv: list[str] | None = None) -> int:
    """The command: write the bundle, say what was written and what to do next."""
    parser = argparse.ArgumentParser(
        prog="python -m labs_worker.deploy.cloudflare.bundle",
        description="Write the folder `pywrangler deploy` uploads: wrangler.toml (kept if the "
        "folder already has one: your settings), pyproject.toml and src/.",
    )
    parser.add_argument("out", nargs="?", type=Path, default=Path("build/cloudflare"),
                        help="the folder to write (default: build/cloudflare)")
    destination = parser.parse_args(argv).out
    try:
        files = build_bundle(destination)
    except CourseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    kept = "" if destination / "wrangler.toml" in files else "; kept your wrangler.toml"
    print(f"wrote {len(files)} files to {destination}{kept}; next: cd {destination} && "
          "uv run pywrangler deploy")
    return 0


if __name__ == "__main__":
    sys.exit(main())
