"""The project's own Markdown outside the site (README.md, bench/, labs_worker/) links
only to files the repository holds and to headings they have.

(The site's pages under ``docs/`` are MkDocs' to check: ``mkdocs build --strict``
stops on a link to a missing page or heading.)
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: What the repository holds (a link to an ignored or generated file breaks on GitHub).
TRACKED = set(subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.splitlines())
DOCS = sorted(ROOT / name for name in TRACKED
              if name.endswith(".md") and not name.startswith("docs/"))
#: ``[text](target)`` where target is not a web address: a file, ``#heading`` or both.
LINK = re.compile(r"\]\((?!https?:|mailto:)([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.M | re.S)


def anchors(markdown: str) -> set[str]:
    """The anchors GitHub gives a file's headings: lower case; of the rest only letters,
    digits, ``_``, ``-`` and spaces kept; spaces → ``-``."""
    found = set()
    for heading in re.findall(r"^#{1,6} +(.+?) *#*$", FENCE.sub("", markdown), re.M):
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link: its text
        text = re.sub(r"`|\*|(?<!\w)_|_(?!\w)", "", text).strip().lower()  # code and emphasis
        found.add(re.sub(r"[^\w\- ]", "", text).replace(" ", "-"))
    return found


def links(doc: Path) -> list[str]:
    return LINK.findall(FENCE.sub("", doc.read_text(encoding="utf-8")))


def test_the_readmes_are_checked_and_their_links_found() -> None:
    names = {str(p.relative_to(ROOT)) for p in DOCS}
    assert {"README.md", "bench/README.md", "labs_worker/README.md"} <= names
    assert "bench/README.md#the-test-suites-time" in links(ROOT / "README.md")
    assert "settings.py" in links(ROOT / "labs_worker" / "README.md")


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_reaches_a_file_and_heading(doc: Path) -> None:
    broken = []
    for target in links(doc):
        path, _, anchor = target.partition("#")
        file = (doc.parent / path).resolve() if path else doc
        name = file.relative_to(ROOT).as_posix() if file.is_relative_to(ROOT) else None
        if not (name in TRACKED or any(t.startswith(f"{name}/") for t in TRACKED)):
            broken.append(f"{target}: not in the repository")
        elif anchor and file.suffix == ".md" and anchor not in anchors(file.read_text(encoding="utf-8")):
            broken.append(f"{target}: no such heading")
    assert broken == []


def test_anchors_follow_githubs_rule() -> None:
    assert anchors(
        "## The test suite's time\n## MkDocs or Zensical\n## `make serve` — how\n"
        "### One process or several: `LABS_STORE`\n## *Emphasis* and _this_\n"
    ) == {
        "the-test-suites-time", "mkdocs-or-zensical", "make-serve--how",
        "one-process-or-several-labs_store", "emphasis-and-this",
    }
    assert anchors("```\n# a comment in a fence\n```\n") == set()
