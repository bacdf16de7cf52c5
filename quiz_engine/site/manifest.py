"""The progress manifest: which quiz, exercises and lab each lesson has.

The home page's progress panel reads it (``course/progress.json``) to know
where the learner's stored answers live, without loading every page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

__all__ = ["ProgressManifest"]


@dataclass
class _Section:
    title: str = ""
    url: str = ""
    items: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


class ProgressManifest:
    """Collects, page by page, the interactive content of each top-level section."""

    def __init__(self) -> None:
        self._sections: dict[str, _Section] = {}

    def _section(self, page_src: str) -> _Section:
        parts = PurePosixPath(page_src).parts
        key = parts[0] if len(parts) > 1 else ""
        return self._sections.setdefault(key, _Section())

    def add_page(self, page_src: str, title: str, url: str) -> None:
        """Note a section's title and address, from its index page."""
        if PurePosixPath(page_src).name == "index.md" and len(PurePosixPath(page_src).parts) > 1:
            section = self._section(page_src)
            section.title, section.url = title, url

    def add(self, page_src: str, kind: str, item_id: str, version: str, **extra: Any) -> None:
        """Note one quiz, test, exercise or lab rendered on ``page_src``."""
        items = self._section(page_src).items.setdefault(kind, [])
        if not any(item["id"] == item_id for item in items):
            items.append({"id": item_id, "version": version, **extra})

    def to_json(self) -> dict[str, Any]:
        """Sections with content, in page order of the site's folders."""
        return {
            "sections": [
                {"id": key, "title": section.title or key, "url": section.url, **section.items}
                for key, section in sorted(self._sections.items())
                if key and section.items
            ]
        }
