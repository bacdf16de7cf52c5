"""Scaffold a new lesson folder and add it to ``mkdocs.yml``'s navigation.

The navigation is edited as text, never loaded and dumped again: the
instructor's comments, quoting and ``!ENV`` tags stay exactly as they were,
and only the new lines are inserted (before the Module Test entry, or at the
end of ``nav:`` when there is none).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..core.errors import CourseError
from .lesson_template import lesson_files

__all__ = ["insert_into_nav", "nav_snippet", "write_lesson"]

_NAV = re.compile(r"^nav:[ \t]*(#.*)?$")
_ITEM = re.compile(r"^(?P<indent>[ \t]*)-[ \t]")
_MODULE_TEST = re.compile(r"""^[ \t]*-[ \t]+["']?Module Test["']?[ \t]*:""")


def write_lesson(
    docs_dir: Path, number: int, title: str, lab: str | None, *, display_path: str | None = None
) -> list[Path]:
    """Write ``docs_dir/lesson-<number>/``; refuse when the folder already exists.

    ``lab`` is the persona the lab page shows (``None``: no lab page);
    ``display_path`` is how the error names the folder. Returns the files
    written. Raises :class:`CourseError` (nothing written) when the folder is
    there.
    """
    folder = docs_dir / f"lesson-{number}"
    if folder.exists():
        raise CourseError(
            "the lesson folder already exists", path=display_path or str(folder),
            fix="choose another lesson number, or move the folder away first",
        )
    written = []
    for relative, text in lesson_files(number, title, lab).items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def nav_snippet(number: int, title: str, *, lab: bool, indent: str = "  ") -> str:
    """The ``nav:`` entry of lesson ``number``, each line starting with ``indent``."""
    pages = ["Lesson: {}/index.md", "Notebook: {}/notebook.ipynb", "Quiz: {}/quiz.md"]
    if lab:
        pages.append("Lab: {}/lab.md")
    heading = json.dumps(f"Lesson {number} · {title}", ensure_ascii=False)
    lines = [f"{indent}- {heading}:"]
    lines += [f"{indent}    - {page.format(f'lesson-{number}')}" for page in pages]
    return "\n".join(lines) + "\n"


def insert_into_nav(config_text: str, number: int, title: str, *, lab: bool) -> str:
    """Return ``config_text`` with lesson ``number``'s entry inserted into ``nav:``.

    It goes before the Module Test entry (and any comment lines right above
    it), or after the last entry. Every other byte is kept. Raises
    :class:`CourseError` when there is no block-style ``nav:``.
    """
    lines = config_text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if _NAV.match(line.rstrip("\r\n"))), None)
    if start is None:
        raise CourseError(
            "has no `nav:` list to add the lesson to", key="nav",
            fix="add the lesson's entry to your navigation yourself",
        )
    end = start + 1  # one past the nav block: up to the next top-level key
    while end < len(lines) and (not lines[end].strip() or lines[end][0] in " \t#-"):
        end += 1
    block = range(start + 1, end)
    items = [i for i in block if _ITEM.match(lines[i])]
    if not items:
        raise CourseError(
            "has no entries written one per line (`- Title: page.md`)", key="nav",
            fix="add the lesson's entry to your navigation yourself",
        )
    indent = _ITEM.match(lines[items[0]])["indent"]  # type: ignore[index]
    top = [i for i in items if _ITEM.match(lines[i])["indent"] == indent]  # type: ignore[index]
    target = next((i for i in top if _MODULE_TEST.match(lines[i])), None)
    if target is not None:
        while target - 1 > start and lines[target - 1].lstrip().startswith("#"):
            target -= 1
    else:
        target = max(i for i in block if lines[i].strip() and lines[i].lstrip()[0] != "#") + 1
    newline = "\r\n" if lines[start].endswith("\r\n") else "\n"
    snippet = nav_snippet(number, title, lab=lab, indent=indent).replace("\n", newline)
    if target == len(lines) and lines and not lines[-1].endswith("\n"):
        snippet = newline + snippet
    return "".join([*lines[:target], snippet, *lines[target:]])
