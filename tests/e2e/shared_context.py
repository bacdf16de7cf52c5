"""One browser context for the e2e tests that need nothing of their own.

A fresh context per test costs its creation, a page to seed the Python
snapshot from, and the 21 MB seed itself. Most tests only open pages of the
site: they share one context instead, and between two tests it is put back
as a new one would be — its pages closed, cookies, permissions and routes
gone, and every origin it visited emptied (local storage, IndexedDB, service
workers, Cache Storage) but for the site's seeded Python snapshot.

A test gets a context of its own (``conftest.page``) when it asks for
``context`` itself, or is marked ``cold_python`` or ``own_context``: for
what a reset cannot undo (an installed clock, listeners on the context)
or must not keep (a snapshot a test tampered with).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import BrowserContext, CDPSession, Error, Page, Request

__all__ = ["LOCAL_HOSTS", "SNAPSHOTS", "OutsideGuard", "SeedFunction", "SharedContext"]

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
#: The Cache Storage bucket of Python snapshots (runtime/worker/snapshots.js).
SNAPSHOTS = "course-python-snapshots"
#: What a reset empties on every visited origin; the site's Cache Storage is done apart.
CLEARED = "cookies,file_systems,indexeddb,local_storage,service_workers,shader_cache,websql"

#: Puts the session's snapshot into a context's Cache Storage; returns the page that did it.
SeedFunction = Callable[[BrowserContext], Page]


@dataclass
class OutsideGuard:
    """Remembers in ``attempted`` every request a context made off localhost.

    It listens (``context.on("request", guard)``) rather than routes: routing
    would turn the context's HTTP cache off. The browser itself refuses such
    requests (``conftest.browser_type_launch_args`` sends them to a dead proxy).
    """

    attempted: list[str] = field(default_factory=list)

    def __call__(self, request: Request) -> None:
        url = request.url
        if not url.startswith(("data:", "blob:")) and (urlparse(url).hostname or "") not in LOCAL_HOSTS:
            self.attempted.append(url)


def origin_of(url: str) -> str | None:
    """``scheme://host:port`` of a localhost http(s) URL, else None."""
    parts = urlparse(url)
    if parts.scheme not in {"http", "https"} or (parts.hostname or "") not in LOCAL_HOSTS:
        return None
    return f"{parts.scheme}://{parts.netloc}"


class SharedContext:
    """The session's shared context, seeded with Python's snapshot for ``site_url``.

    ``seed(context)`` puts the snapshot into the context's Cache Storage (it
    returns the page that did it); ``snapshot_key`` is the key it is stored under.
    """

    def __init__(self, context: BrowserContext, site_url: str, snapshot_key: str,
                 seed: SeedFunction) -> None:
        self.context = context
        origin = origin_of(site_url)
        assert origin, f"the site is not served on localhost: {site_url}"
        self.site_origin = origin
        self.snapshot_key = snapshot_key
        self.guard = OutsideGuard()
        self.visited: set[str] = set()
        self._seed = seed
        context.on("request", self._on_request)
        # A page of its own, never closed, on the site's origin: the DevTools session
        # the resets run in (Cache Storage is read through a frame of its origin).
        self._janitor = self._seed(context)
        self._cdp: CDPSession = context.new_cdp_session(self._janitor)

    def _on_request(self, request: Request) -> None:
        self.guard(request)  # the current test's guard (``new_page``)
        origin = origin_of(request.url)
        if origin:
            self.visited.add(origin)

    def new_page(self, guard: OutsideGuard) -> Page:
        """A page for the next test (after ``reset`` of the last one), its requests off
        localhost recorded by ``guard``."""
        self.guard = guard
        return self.context.new_page()

    def reset(self) -> None:
        """Put the context back as a freshly seeded one would be."""
        for page in self.context.pages:
            if page is not self._janitor:
                page.close()
        self.context.unroute_all(behavior="ignoreErrors")
        self.context.clear_cookies()
        self.context.clear_permissions()
        self.context.set_offline(False)
        self.context.set_extra_http_headers({})
        for origin in sorted(self.visited | {self.site_origin}):
            others = "" if origin == self.site_origin else ",cache_storage"
            self._cdp.send("Storage.clearDataForOrigin",
                           {"origin": origin, "storageTypes": CLEARED + others})
        self.visited.clear()
        if self._empty_site_caches():
            self._janitor.close()
            self._janitor = self._seed(self.context)
            self._cdp = self.context.new_cdp_session(self._janitor)

    def _empty_site_caches(self) -> bool:
        """Delete the site's caches but the seeded snapshot; whether it must be seeded again."""
        names = self._cdp.send("CacheStorage.requestCacheNames", {"securityOrigin": self.site_origin})
        reseed = True
        for cache in names.get("caches", []):
            if cache["cacheName"] == SNAPSHOTS:
                entries = self._cdp.send(
                    "CacheStorage.requestEntries", {"cacheId": cache["cacheId"], "skipCount": 0}
                )
                urls = [entry["requestURL"] for entry in entries.get("cacheDataEntries", [])]
                if urls == [self.snapshot_key]:
                    reseed = False
                    continue
            self._cdp.send("CacheStorage.deleteCache", {"cacheId": cache["cacheId"]})
        return reseed

    def screenshot(self, path: Path) -> None:
        """Keep a screenshot of each of the test's pages (before ``reset`` closes them)."""
        pages = [page for page in self.context.pages if page is not self._janitor]
        for index, page in enumerate(pages):
            target = path if len(pages) == 1 else path.with_stem(f"{path.stem}-{index + 1}")
            target.parent.mkdir(parents=True, exist_ok=True)
            # A page that cannot be shot must not hide the test's own failure.
            with contextlib.suppress(Error):
                page.screenshot(path=target, timeout=5000)

