"""The built site's pages, as the course build sees them after any generator has written them.

- :func:`site_pages`: the Markdown pages with their URLs and lesson titles
  (from ``nav:``, or the folders as MkDocs names them without one);
- :func:`linked_pages`: the pages the widgets link to (the verify page, the
  printable certificate, the guide's section on certificates), found by
  what they hold;
- :func:`prune_sources`: content sources a generator copied as static files
  (quiz files, exercise folders: solutions included), and the browser
  modules the bundles are made of (:func:`bundled_modules`), are removed;
- :func:`inject_page_config`: the one configuration block every page gives
  the widgets (``<script type="application/json" id="course-config">``),
  written into each HTML page's ``<head>``;
- :func:`write_notebook_pages`: each lesson's companion notebook, as a
  download and a readable page, where the generator rendered none
  (Zensical has no mkdocs-jupyter).
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from ..content.course import Course
from .blocks import PageRef
from .content_json import write_lesson_notebooks
from .headings import anchor, first_heading, headings

__all__ = [
    "BUNDLE_MAP",
    "bundled_modules",
    "inject_page_config",
    "is_content_source",
    "linked_pages",
    "page_url",
    "prune_sources",
    "site_pages",
    "write_notebook_pages",
]

# Exercise sources stay out of the site: the browser gets their JSON form.
_EXERCISE_SOURCES = (".yml", ".py")
#: How a bundle's source map is named (esbuild: ``course.bundle.js.map``).
BUNDLE_MAP = ".bundle.js.map"


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """The URL of the page built from ``src_uri``, relative to the site root, as MkDocs makes it."""
    path = PurePosixPath(src_uri)
    is_index = path.stem in ("index", "README")
    if not use_directory_urls:
        return str(path.with_name("index.html") if is_index else path.with_suffix(".html"))
    folder = path.parent if is_index else path.with_suffix("")
    return "" if str(folder) == "." else f"{folder}/"


def _dirname_title(name: str) -> str:
    """A folder's title in a navigation made from the folders (MkDocs' rule)."""
    title = name.replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title


def _nav_sections(nav: Any, section: str = "") -> Iterator[tuple[str, str, str]]:
    """``(source, page title, section title)`` for every page of a ``nav:``."""
    items = nav if isinstance(nav, list) else []
    for item in items:
        if isinstance(item, str):
            yield item, "", section
            continue
        if not isinstance(item, dict):
            continue
        for title, value in item.items():
            if isinstance(value, str):
                yield value, str(title), section
            else:
                yield from _nav_sections(value, str(title))


def _sort_key(src_uri: str) -> tuple[tuple[str, ...], bool, str]:
    """The order MkDocs lists (and renders) the pages in: by folder, ``index`` first."""
    path = PurePosixPath(src_uri)
    return path.parent.parts, path.stem not in ("index", "README"), path.name


def _heading(course: Course, src_uri: str) -> str:
    return first_heading((course.docs_dir / src_uri).read_text(encoding="utf-8"))


#: The heading (as its anchor) of the instructor guide's section on certificates.
GUIDE_SECTION = "issue-completion-certificates"
#: What marks each page the widgets link to: the element its widget mounts on.
_LINKED_PAGES = {
    "verify": re.compile(r"<[^>]*\sdata-course-verify[\s>=]"),
    "certificate": re.compile(r"<[^>]*\sdata-course-printable[\s>=]"),
}


def linked_pages(course: Course, pages: Iterable[PageRef]) -> dict[str, str | None]:
    """The URLs (from the site root) of the pages the widgets link to, ``None`` where none is.

    ``verify``: the page holding the verify widget (``data-course-verify``);
    ``certificate``: the page holding the printable certificate
    (``data-course-printable``); ``guide``: the section of the instructor
    guide on certificates (a heading whose anchor is :data:`GUIDE_SECTION`).
    The first page in render order wins.
    """
    found: dict[str, str | None] = {name: None for name in (*_LINKED_PAGES, "guide")}
    for page in pages:
        text = (course.docs_dir / page.src_uri).read_text(encoding="utf-8")
        for name, marker in _LINKED_PAGES.items():
            if found[name] is None and marker.search(text):
                found[name] = page.url
        if found["guide"] is None and any(
            anchor(heading) == GUIDE_SECTION for heading in headings(text)
        ):
            found["guide"] = f"{page.url}#{GUIDE_SECTION}"
    return found


def site_pages(course: Course, nav: Any, *, use_directory_urls: bool = True) -> list[PageRef]:
    """The course's Markdown pages in render order, each with its URL and its lesson's title.

    The lesson's title is its ``nav:`` section's (``Lesson 2 · Data First``),
    else the page's own ``nav:`` title or first heading; with no ``nav:``, the
    folder's title, as the generated navigation shows it.
    """
    titles: dict[str, str] = {}
    if nav:
        for source, title, section in _nav_sections(nav):
            titles[source] = section or title
    pages = []
    for src_uri in sorted(course.pages, key=_sort_key):
        parent = PurePosixPath(src_uri).parent.name
        if not nav:
            title = _dirname_title(parent) if parent else _heading(course, src_uri)
        else:
            title = titles.get(src_uri) or _heading(course, src_uri)
        pages.append(PageRef(src_uri, page_url(src_uri, use_directory_urls), title))
    return pages


def is_content_source(src_uri: str, course: Course) -> bool:
    """A quiz or test file, or a file of an exercise folder's sources."""
    if src_uri in course.quiz_files:
        return True
    parts = PurePosixPath(src_uri).parts
    return len(parts) >= 3 and "exercises" in parts[:-2] and src_uri.endswith(_EXERCISE_SOURCES)


def bundled_modules(maps: Iterable[tuple[str, bytes]]) -> set[str]:
    """The scripts the site's bundles are made of, by site path, read from their source maps.

    ``maps``: each bundle's source map (``*.bundle.js.map``: :data:`BUNDLE_MAP`)
    as its path in the site and its bytes. Pages load the bundles, and the
    maps hold the modules' text: the modules themselves have no place in the
    site. A map that cannot be read names none, so nothing is left out for it.
    """
    modules: set[str] = set()
    for uri, data in maps:
        try:
            sources = json.loads(data)["sources"]
        except (ValueError, KeyError, TypeError):
            continue
        folder = posixpath.dirname(uri)
        for source in sources if isinstance(sources, list) else ():
            path = posixpath.normpath(posixpath.join(folder, str(source)))
            if path.endswith(".js") and not path.startswith("../"):
                modules.add(path)
    return modules


def prune_sources(site: Path, course: Course) -> int:
    """Remove what a generator copied into ``site`` that only the build reads; return how many.

    The content sources, and the modules the bundles are made of
    (:func:`bundled_modules`); folders they leave empty go too.
    """
    maps = site.rglob(f"*{BUNDLE_MAP}")
    bundled = bundled_modules(
        (found.relative_to(site).as_posix(), found.read_bytes()) for found in maps
    )
    removed = 0
    emptied: set[Path] = set()
    for path in sorted(site.rglob("*"), reverse=True):
        relative = path.relative_to(site).as_posix()
        if path.is_file() and (is_content_source(relative, course) or relative in bundled):
            path.unlink()
            removed += 1
            emptied.add(path.parent)
        elif path.is_dir() and not any(path.iterdir()) and (
            path in emptied or (course.docs_dir / relative).is_dir()
        ):
            path.rmdir()
            emptied.add(path.parent)
    return removed


_CONFIG_BLOCK = re.compile(
    r'<script type="application/json" id="course-config">.*?</script>', re.DOTALL
)


def _json_for_html(data: Any) -> str:
    """JSON that cannot close the ``<script>`` it sits in (as Jinja's ``tojson`` escapes it)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for char, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("'", "\\u0027")):
        text = text.replace(char, escaped)
    return text


def inject_page_config(site: Path, config: dict[str, Any]) -> int:
    """Write the widgets' configuration block into every HTML page of ``site``; return how many.

    A page that has the block gets it replaced (the command may run twice);
    any other gets it just before ``</head>``.
    """
    block = f'<script type="application/json" id="course-config">{_json_for_html(config)}</script>'
    count = 0
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if _CONFIG_BLOCK.search(text):
            new = _CONFIG_BLOCK.sub(lambda _: block, text, count=1)
        elif "</head>" in text:
            new = text.replace("</head>", f"  {block}\n  </head>", 1)
        else:
            continue
        if new != text:
            path.write_text(new, encoding="utf-8")
        count += 1
    return count


_ATTACHMENT = re.compile(r'src="attachment:([^"]+)"')


def _with_attachments(rendered: str, attachments: dict[str, dict[str, str]]) -> str:
    """``rendered`` with each ``attachment:NAME`` image the cell carries as a data URL."""

    def inline(match: re.Match[str]) -> str:
        name = html.unescape(match.group(1))
        bundle = attachments.get(name)
        if not bundle:
            return match.group(0)
        mime, data = next(iter(bundle.items()))
        return f'src="data:{html.escape(mime)};base64,{html.escape(data)}"'

    return _ATTACHMENT.sub(inline, rendered)


def _notebook_html(notebook: dict[str, Any], language: str, markdown: Any) -> str:
    """A readable page of one notebook: its Markdown cells rendered, its code as code."""
    cells = []
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            cells.append(_with_attachments(markdown(source), cell.get("attachments", {})))
        else:
            cells.append(f'<pre><code class="language-python">{html.escape(source)}</code></pre>')
    title = "".join(notebook["cells"][0]["source"]).splitlines()[0].lstrip("# ").strip()
    # Code blocks are focusable, so a keyboard can scroll a long line (as in the theme's).
    body = "\n".join(cells).replace("<pre>", '<pre tabindex="0">')
    return (
        f'<!doctype html>\n<html lang="{html.escape(language)}">\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n"
        "<style>body{font:1rem/1.6 system-ui,sans-serif;max-width:48rem;margin:0 auto;"
        "padding:1rem;color:#1a1a1a;background:#fff}pre{background:#f4f4f6;padding:.75rem;"
        "overflow:auto;border-radius:4px}a{color:#1a3aa8}</style>\n</head>\n<body>\n"
        '<nav aria-label="Notebook"><a href="../">Back to the lesson</a> · '
        '<a href="notebook.ipynb" download>Download the notebook (.ipynb)</a></nav>\n'
        f"<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


_NOTEBOOK_LINK = re.compile(r'href="([^"#?]*?)notebook\.ipynb"')


def _link_notebook_pages(site: Path, lessons: set[str]) -> None:
    """Point the links at ``<lesson>/notebook.ipynb`` (Zensical's nav) at the readable page."""
    for path in site.rglob("*.html"):
        folder = path.parent.relative_to(site).as_posix()
        text = path.read_text(encoding="utf-8")

        def readable(match: re.Match[str], folder: str = folder) -> str:
            target = posixpath.normpath(posixpath.join(folder, match[1] + "notebook.ipynb"))
            lesson = posixpath.dirname(target)
            return f'href="{match[1]}notebook/"' if lesson in lessons else match[0]

        new = _NOTEBOOK_LINK.sub(readable, text)
        if new != text:
            path.write_text(new, encoding="utf-8")


def write_notebook_pages(site: Path, course: Course, data_url: str, markdown: Any) -> list[str]:
    """Write ``<lesson>/notebook/`` (page and ``.ipynb``) where the generator wrote none.

    ``markdown`` renders a Markdown cell to HTML. Returns the lessons written.
    """
    import tempfile

    written = []
    with tempfile.TemporaryDirectory() as tmp:
        for relative in write_lesson_notebooks(course, Path(tmp), data_url):
            lesson = PurePosixPath(relative).parent.as_posix()
            folder = site / lesson / "notebook"
            if (folder / "index.html").exists():
                continue  # rendered by the generator (mkdocs-jupyter)
            folder.mkdir(parents=True, exist_ok=True)
            source = Path(tmp) / relative
            notebook = json.loads(source.read_text(encoding="utf-8"))
            (folder / "notebook.ipynb").write_bytes(source.read_bytes())
            page = _notebook_html(notebook, course.strings.language, markdown)
            (folder / "index.html").write_text(page, encoding="utf-8")
            written.append(lesson)
    if written:
        _link_notebook_pages(site, set(written))
    return written
