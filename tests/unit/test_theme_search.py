"""The theme's search worker, pointed at the course's deferring one (``site.theme_search``)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urldefrag, urljoin

from quiz_engine.site.theme_search import SEARCH_WORKER, defer_theme_search, deferred_search_config

THEME_WORKER = "assets/javascripts/workers/search.a7633da7.min.js"
SITE = "https://example.org/course/"


def material_page(search: str, none: str = "No matching documents") -> str:
    """A page as Material writes it (its ``tojson`` escapes ``<``)."""
    config = {"base": "../..", "features": ["navigation.instant"], "search": search,
              "translations": {"search.result.none": none}}
    text = json.dumps(config).replace("<", "\\u003c")
    return ("<!doctype html><html><head><title>Quiz</title></head><body>"
            f'<script id="__config" type="application/json">{text}</script></body></html>')


def config_of(page: str) -> dict[str, object]:
    match = re.search(r'<script id="__config" type="application/json">(.*?)</script>', page, re.S)
    assert match, page
    loaded: dict[str, object] = json.loads(match.group(1))
    return loaded


def test_the_page_starts_the_course_worker_which_finds_the_themes() -> None:
    page_url = urljoin(SITE, "lesson-1/quiz/")
    before = material_page(f"../../{THEME_WORKER}")

    after = config_of(deferred_search_config(before))

    worker, fragment = urldefrag(urljoin(page_url, str(after["search"])))
    assert worker == urljoin(SITE, SEARCH_WORKER)
    # The course worker resolves its fragment against its own URL: the theme's worker.
    assert urljoin(worker, fragment) == urljoin(SITE, THEME_WORKER)
    assert after["translations"] == config_of(before)["translations"]


def test_the_home_page_and_a_site_relative_path() -> None:
    for search, page_url in ((THEME_WORKER, SITE), (f"/course/{THEME_WORKER}", SITE + "a/b/c/")):
        after = str(config_of(deferred_search_config(material_page(search)))["search"])
        worker, fragment = urldefrag(urljoin(page_url, after))
        assert worker == urljoin(SITE, SEARCH_WORKER)
        assert urljoin(worker, fragment) == urljoin(SITE, THEME_WORKER)


def test_leaves_alone_what_is_not_the_themes_search_worker() -> None:
    for page in (
        material_page("assets/javascripts/workers/other.js"),
        material_page("https://elsewhere.example/assets/javascripts/workers/search.1.min.js"),
        "<!doctype html><html><head><title>No theme config</title></head><body></body></html>",
        '<script id="__config" type="application/json">{"base": ".."}</script>',
    ):
        assert deferred_search_config(page) == page


def test_running_twice_changes_nothing_more() -> None:
    once = deferred_search_config(material_page(f"../{THEME_WORKER}"))
    assert deferred_search_config(once) == once


def test_the_rewritten_config_cannot_close_its_script() -> None:
    page = material_page(f"../{THEME_WORKER}", none="</script><script>alert(1)</script>")
    after = deferred_search_config(page)
    assert after.count("</script>") == page.count("</script>")
    assert config_of(after)["translations"] == {
        "search.result.none": "</script><script>alert(1)</script>"}


def test_rewrites_every_page_of_a_site(tmp_path: Path) -> None:
    (tmp_path / "lesson").mkdir()
    (tmp_path / "index.html").write_text(material_page(THEME_WORKER), encoding="utf-8")
    (tmp_path / "lesson" / "index.html").write_text(material_page(f"../{THEME_WORKER}"),
                                                    encoding="utf-8")
    (tmp_path / "plain.html").write_text("<p>no theme</p>", encoding="utf-8")

    assert defer_theme_search(tmp_path) == 2
    assert SEARCH_WORKER in (tmp_path / "lesson" / "index.html").read_text(encoding="utf-8")
    assert defer_theme_search(tmp_path) == 0
