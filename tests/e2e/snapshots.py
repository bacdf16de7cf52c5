"""Python's memory snapshot as the site stores it in Cache Storage, read by the tests."""

from __future__ import annotations

import time

from playwright.sync_api import Page

__all__ = ["READ_SNAPSHOT", "stored_snapshot"]

#: The one stored snapshot: its key, and the sha256 of its bytes as stored now.
READ_SNAPSHOT = """async () => {
  const cache = await caches.open('course-python-snapshots');
  const keys = await cache.keys();
  if (keys.length !== 1) return null;
  const bytes = await (await cache.match(keys[0])).arrayBuffer();
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [keys[0].url, Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join(''),
          bytes.byteLength];
}"""


def stored_snapshot(page: Page, *, sound: bool = False) -> tuple[str, str, int]:
    """Wait until one snapshot is stored (``sound``: whose bytes match its key's digest);
    its key, the sha256 of its bytes, its size.

    The worker stores it once Python has started, or once a quiz's Python has been idle
    a moment, and its key is listed before its bytes are all written. Nothing on the page
    tells when that is done (``wait_for_function`` does not wait for an async predicate),
    so the cache is read every 250 ms, for at most 30 s.
    """
    deadline = time.monotonic() + 30
    while True:
        found = page.evaluate(READ_SNAPSHOT)
        if found and (not sound or str(found[0]).endswith(f"-{found[1]}.bin")):
            return str(found[0]), str(found[1]), int(found[2])
        assert time.monotonic() < deadline, f"no {'sound ' if sound else ''}snapshot stored: {found}"
        page.wait_for_timeout(250)
