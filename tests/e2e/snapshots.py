"""Python's memory snapshot as the site stores it in Cache Storage, read by the tests."""

from __future__ import annotations

from playwright.sync_api import Page, expect

__all__ = ["KEPT_WITHIN_MS", "READ_SNAPSHOT", "stored_snapshot"]

#: How long a page may take to say its snapshot is stored.
KEPT_WITHIN_MS = 30_000

#: The one snapshot stored under a Pyodide folder: its key, and the sha256 of its bytes as
#: stored now. (Another course on the same host may keep its own in the same bucket.)
READ_SNAPSHOT = """async (folder) => {
  const cache = await caches.open('course-python-snapshots');
  const keys = (await cache.keys()).filter((k) => k.url.startsWith(folder));
  if (keys.length !== 1) return null;
  const bytes = await (await cache.match(keys[0])).arrayBuffer();
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [keys[0].url, Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join(''),
          bytes.byteLength];
}"""


def stored_snapshot(page: Page, site_url: str, *, fresh: bool = False) -> tuple[str, str, int]:
    """The site's one stored snapshot: its key, the sha256 of its bytes, its size.

    The site at ``site_url``, with Pyodide in its default folder (``pyodide/``).

    ``fresh``: the page's Python started from scratch and stores a new one
    (once it has started, or once a quiz's Python has been idle a moment):
    wait until the page says it is written (its runtime status line's
    ``data-snapshot="kept"``), and check its bytes match the digest in its
    key. Otherwise the snapshot is read as it is now (restored from, or
    changed by the test).
    """
    if fresh:
        expect(page.locator("[data-runtime-status]").first).to_have_attribute(
            "data-snapshot", "kept", timeout=KEPT_WITHIN_MS
        )
    found = page.evaluate(READ_SNAPSHOT, f"{site_url}pyodide/")
    assert found, "no snapshot stored (or more than one)"
    key, digest, size = str(found[0]), str(found[1]), int(found[2])
    if fresh:
        assert key.endswith(f"-{digest}.bin"), f"the stored bytes do not match the key: {found}"
    return key, digest, size
