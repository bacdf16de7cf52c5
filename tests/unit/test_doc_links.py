"""The project's own Markdown outside the site (README.md, bench/, labs_worker/) links
only to files that exist and to headings they have.

(The site's pages under ``docs/`` are checked by ``mkdocs build --strict``.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = sorted(p for p in ROOT.glob("**/*.md")
              if p.relative_to(ROOT).parts[0] not in {"docs", "node_modules", ".venv", "site",
                                                      "site-zensical", "test-results"}
              and not p.relative_to(ROOT).parts[0].startswith("."))
#: ``[text](target)`` where target is not a web address: a file, ``#heading`` or both.
LINK = re.compile(r"\]\((?!https?:|mailto:)([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.M | re.S)


def anchors(markdown: str) -> set[str]:
    """The anchors GitHub gives a file's headings: lower case, punctuation dropped, spaces → ``-``."""
    found = set()
    for heading in re.findall(r"^#{1,6} +(.+?) *#*$", FENCE.sub("", markdown), re.M):
        text = re.sub(r"[`*_]|\[([^\]]*)\]\([^)]*\)", r"\1", heading).strip().lower()
        found.add(re.sub(r"[^\w\- ]", "", text).replace(" ", "-"))
    return found


def test_the_files_checked_include_the_readmes() -> None:
    names = {str(p.relative_to(ROOT)) for p in DOCS}
    assert {"README.md", "bench/README.md", "labs_worker/README.md"} <= names


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_reaches_a_file_and_heading(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    broken = []
    for target in LINK.findall(FENCE.sub("", text)):
        path, _, anchor = target.partition("#")
        file = (doc.parent / path).resolve() if path else doc
        if not file.exists():
            broken.append(f"{target}: no such file")
        elif anchor and file.suffix == ".md" and anchor not in anchors(file.read_text(encoding="utf-8")):
            broken.append(f"{target}: no such heading")
    assert broken == []


def test_anchors_follow_githubs_rule() -> None:
    assert anchors("## The test suite's time\n## MkDocs or Zensical\n## `make serve` — how\n") == {
        "the-test-suites-time", "mkdocs-or-zensical", "make-serve--how",
    }
    assert anchors("```\n# a comment in a fence\n```\n") == set()
