"""The exercise editor's bundle (``npm run build:editor``, run by ``make setup``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EDITOR = ROOT / "overrides" / "assets" / "course" / "editor"


def _chunks() -> list[Path]:
    chunks = sorted(EDITOR.glob("*.js"))
    if not chunks:
        pytest.fail("the editor is not built: run `make setup` (the README's commands do)")
    return chunks


def test_the_build_defines_the_word_segmenter_away() -> None:
    """CodeMirror's commands make an ``Intl.Segmenter`` as they load, only for moving by
    subword through CJK text, which no key of the course's editor does; making it is most
    of their evaluation (tens of ms on a slow main thread). The build leaves it out."""
    script = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["scripts"]
    assert "--define:Intl.Segmenter=undefined" in script["build:editor"]
    assert [c.name for c in _chunks() if "Segmenter" in c.read_text(encoding="utf-8")] == []


def test_no_key_of_the_editor_moves_by_subword() -> None:
    """What the segmenter served: no command of the editor's keymaps moves by subword."""
    commands = (ROOT / "node_modules" / "@codemirror" / "commands" / "dist" / "index.js")
    source = commands.read_text(encoding="utf-8")
    def keymap(name: str) -> str:
        """The keymap's declaration: up to the next top-level statement or comment."""
        start = source.index(f"const {name} =")
        ends = [source.find(f"\n{word}", start + 1) for word in ("const ", "function ", "/*", "export ")]
        return source[start:min(end for end in ends if end != -1)]

    assert "cursorSubword" in source  # the commands exist…
    for name in ("emacsStyleKeymap", "standardKeymap", "defaultKeymap", "historyKeymap"):
        assert "Subword" not in keymap(name), name  # …but no key runs them
    editor = (ROOT / "editor" / "editor.js").read_text(encoding="utf-8")
    assert "Subword" not in editor and "emacsStyleKeymap" not in editor
