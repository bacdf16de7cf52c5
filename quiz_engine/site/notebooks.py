"""Companion notebooks: one per lesson, built from the lesson's exercises.

The notebook carries the lesson's figures (each SVG embedded as a cell
attachment, so it shows in Jupyter and Colab with no file beside the
notebook), each exercise's prompt, setup and starter code, and a first cell
that fetches the same data sets the site uses, so the audit works in Jupyter
or Colab. Plain nbformat 4 JSON, standard library only.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ..content.fences import figure_target, find_fences
from ..core.exercise import Exercise

__all__ = ["NotebookFigure", "lesson_figures", "lesson_notebook"]


@dataclass(frozen=True)
class NotebookFigure:
    """A lesson figure as a notebook shows it: file name, alt text, caption and the SVG."""

    name: str
    alt: str
    caption: str
    svg: str


def lesson_figures(docs_dir: Path, lesson: str) -> list[NotebookFigure]:
    """The figures the ``figure`` fences of ``<lesson>/index.md`` show, in page order.

    The alt text is the SVG's ``<title>``, the caption its ``<desc>`` (see
    ``scripts/make_figures.py``).
    """
    page = docs_dir / lesson / "index.md"
    if not page.is_file():
        return []
    figures = []
    for fence in find_fences(page.read_text(encoding="utf-8")):
        if fence.kind != "figure":
            continue
        path = docs_dir / figure_target(f"{lesson}/index.md", fence.target)
        svg = path.read_text(encoding="utf-8")
        title = re.search(r"<title\b[^>]*>(.*?)</title>", svg, re.S)
        desc = re.search(r"<desc\b[^>]*>(.*?)</desc>", svg, re.S)
        figures.append(NotebookFigure(
            name=path.name,
            alt=html.unescape(title[1]).strip() if title else "",
            caption=html.unescape(desc[1]).strip() if desc else "",
            svg=svg,
        ))
    return figures


def _lines(text: str) -> list[str]:
    lines = text.rstrip("\n").split("\n")
    return [line + "\n" for line in lines[:-1]] + lines[-1:]


def _markdown(text: str) -> dict[str, Any]:
    return {"cell_type": "markdown", "metadata": {}, "source": _lines(text)}


def _code(text: str) -> dict[str, Any]:
    return {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {},
        "outputs": [],
        "source": _lines(text),
    }


def _data_cell(exercises: Sequence[Exercise], data_url: str) -> str:
    names = sorted({PurePosixPath(path).name for e in exercises for path in e.data})
    where = data_url or "(the course site's /datasets/ folder)"
    return (
        "# The data sets of this lesson, fetched once into ./data/ (as on the course site).\n"
        "import os\n"
        "import urllib.request\n\n"
        f'DATA_URL = "{data_url}"  # where the course site serves them: {where}\n'
        f"FILES = {names!r}\n\n"
        'os.makedirs("data", exist_ok=True)\n'
        "for name in FILES:\n"
        '    if not os.path.exists(f"data/{name}"):\n'
        "        urllib.request.urlretrieve(DATA_URL + name, f\"data/{name}\")\n"
        'print("data ready:", sorted(os.listdir("data")))'
    )


def _figure_cell(figure: NotebookFigure) -> dict[str, Any]:
    """A Markdown cell showing ``figure`` from its attachment, with its caption below."""
    alt = re.sub(r"([\\\[\]])", r"\\\1", figure.alt)
    cell = _markdown(f"![{alt}](attachment:{figure.name})\n\n*{figure.caption}*")
    data = base64.b64encode(figure.svg.encode("utf-8")).decode("ascii")
    cell["attachments"] = {figure.name: {"image/svg+xml": data}}
    return cell


def lesson_notebook(
    title: str,
    exercises: Sequence[Exercise],
    data_url: str,
    figures: Sequence[NotebookFigure] = (),
) -> dict[str, Any]:
    """Return the nbformat-4 notebook of one lesson's exercises, after the lesson's figures."""
    cells = [
        _markdown(
            f"# {title} — data audit notebook\n\n"
            "The exercises of this lesson, to work through in Jupyter or Colab. On the course "
            "site each one is checked as you go; here, compare your answers with what the "
            "lesson teaches."
        )
    ]
    if figures:
        cells.append(_markdown("## The lesson's figures\n\nDrawn from the same data sets."))
        cells += [_figure_cell(figure) for figure in figures]
    if any(e.data for e in exercises):
        cells.append(_code(_data_cell(exercises, data_url)))
    for exercise in exercises:
        cells.append(_markdown(f"## {exercise.title}\n\n{exercise.prompt}"))
        if exercise.setup.strip():
            cells.append(_code(exercise.setup))
        cells.append(_code(exercise.starter))
        if exercise.hints:
            hints = "\n".join(f"{n}. {hint}" for n, hint in enumerate(exercise.hints, 1))
            cells.append(_markdown(f"<details><summary>Hints</summary>\n\n{hints}\n\n</details>"))
    for number, cell in enumerate(cells):
        cell["id"] = f"cell-{number}"
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
