"""Companion notebooks: one per lesson, built from the lesson's exercises.

The notebook carries each exercise's prompt, setup and starter code, and a
first cell that fetches the same data sets the site uses, so the audit works
in Jupyter or Colab. Plain nbformat 4 JSON, standard library only.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import Any

from ..core.exercise import Exercise

__all__ = ["lesson_notebook"]


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


def lesson_notebook(title: str, exercises: Sequence[Exercise], data_url: str) -> dict[str, Any]:
    """Return the nbformat-4 notebook of one lesson's exercises."""
    cells = [
        _markdown(
            f"# {title} — data audit notebook\n\n"
            "The exercises of this lesson, to work through in Jupyter or Colab. On the course "
            "site each one is checked as you go; here, compare your answers with what the "
            "lesson teaches."
        )
    ]
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
