"""The theme's search index, built once the page's Python has started.

Material starts its search worker as a page loads and sends it the site's
index at once, so building the index competes with Python's boot for the
same cores (a few hundred milliseconds of a cold first answer). Each page's
theme configuration (the ``__config`` block) names that worker; this points
it at the course's own (``assets/course/search-worker.js``), with the
theme's worker after the ``#``. The course's worker holds the theme's
messages until the page lets it go on, then loads the theme's worker and
hands them over (see the script).

A page whose configuration names no Material search worker on the same site
(another theme, Zensical's pages, search turned off) is left as it is.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

from .pages import json_for_html

__all__ = ["SEARCH_WORKER", "defer_theme_search", "deferred_search_config"]

#: The course's worker, from the site's root.
SEARCH_WORKER = "assets/course/search-worker.js"

_THEME_CONFIG = re.compile(
    r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL
)
#: The theme's worker as Material's ``url`` filter writes it: relative, or from the host's root.
_THEME_WORKER = re.compile(
    r"(?P<root>(?:\.\./)*|/(?:[^/?#]+/)*)(?P<worker>assets/javascripts/workers/search\.[^/?#]+\.js)"
)


def deferred_search_config(page: str) -> str:
    """``page`` with its theme configuration naming the course's search worker.

    Only where it names Material's worker on the same site; any other page
    comes back unchanged.
    """
    match = _THEME_CONFIG.search(page)
    if not match:
        return page
    try:
        config = json.loads(match.group(2))
    except ValueError:
        return page
    search = config.get("search") if isinstance(config, dict) else None
    worker = _THEME_WORKER.fullmatch(search) if isinstance(search, str) else None
    if worker is None:
        return page
    theme = posixpath.relpath(worker["worker"], posixpath.dirname(SEARCH_WORKER))
    config["search"] = f"{worker['root']}{SEARCH_WORKER}#{theme}"
    block = f"{match.group(1)}{json_for_html(config)}{match.group(3)}"
    return page[: match.start()] + block + page[match.end():]


def defer_theme_search(site: Path) -> int:
    """Point every page of ``site`` at the course's search worker; return how many changed."""
    changed = 0
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        new = deferred_search_config(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed += 1
    return changed
