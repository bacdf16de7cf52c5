"""What the rendered widgets share: their buttons, their no-script notice, and
the mark that keeps a widget's own labels out of the theme's search index."""

from __future__ import annotations

__all__ = ["NOT_INDEXED", "button", "noscript"]

#: Material's search skips an element with this attribute. Put it on leaf
#: elements only: its indexer tells elements apart by tag, so an element of
#: the same tag inside would end the skipping early.
NOT_INDEXED = "data-search-exclude"


def button(
    label: str, attributes: str, *, kind: str = "button", primary: bool = False, also: str = ""
) -> str:
    """A theme button with ``attributes`` (already HTML) and the classes in ``also``,
    left out of the search index."""
    classes = " ".join(filter(None, ["md-button", "md-button--primary" if primary else "", also]))
    return f'<button type="{kind}" class="{classes}" {attributes} {NOT_INDEXED}>{label}</button>'


def noscript(text: str) -> str:
    """What a widget says where scripts do not run, left out of the search index."""
    return f"<noscript {NOT_INDEXED}>{text}</noscript>"
