"""Shared fixtures: a small valid quiz file and a way to write variants of it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

#: The npm package ``pyodide`` that ``npm ci`` installs: the Pyodide the site ships.
REAL_NPM = Path(__file__).resolve().parents[2] / "node_modules" / "pyodide"

VALID_QUIZ = """\
id: sample
title: A sample quiz
questions:
  - id: first
    prompt: What is checked first?
    options:
      - text: The data
        correct: true
      - text: The architecture
      - text: The optimiser
    feedback:
      right: Right, the data.
      wrong: Not quite; look at the data first.
  - id: second
    prompt: Which split is touched once?
    options:
      - text: Validation
      - text: Test
        correct: true
    feedback:
      right: Yes, the test set.
      wrong: The test set is touched exactly once.
"""


@pytest.fixture
def write_quiz(tmp_path: Path) -> Callable[[str], Path]:
    """Write quiz text to a file in ``tmp_path`` and return its path."""

    def write(text: str, name: str = "quiz.yml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
