"""Python's memory snapshot is checked against its digest before it is restored.

The digest (sha256 of the bytes, taken when the snapshot was stored) travels
in the snapshot's Cache Storage key, apart from the bytes: bytes changed in
the cache no longer match it, and Python starts normally instead.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.snapshots import stored_snapshot
from tests.e2e.test_quiz import answer, quiz_of

#: The tests change the stored snapshot: not in the context the session shares.
pytestmark = pytest.mark.own_context

BOOT = 90_000
KEY = re.compile(
    r"/python-snapshot-[^/]+-(?P<engine>[0-9a-f]{16})-(?P<stdlib>[0-9a-f]{16})-"
    r"(?P<digest>[0-9a-f]{64})\.bin$"
)

#: Flip bytes in the middle of the stored snapshot, keeping its key (and so its digest).
CORRUPT_SNAPSHOT = """async (key) => {
  const cache = await caches.open('course-python-snapshots');
  const bytes = new Uint8Array(await (await cache.match(key)).arrayBuffer());
  for (let i = 0; i < 64; i++) bytes[(bytes.length >> 1) + i] ^= 0xff;
  await cache.put(key, new Response(bytes));
}"""


def test_a_corrupted_snapshot_is_discarded_and_replaced(
    page: Page, site_url: str, site_server: tuple[str, Path]
) -> None:
    """Bytes changed under a kept digest: a fresh start that still grades, then a sound snapshot.

    The key names the standard library the snapshot was taken over (it keeps the
    zip's table of contents): the sha256 of the zip the site serves."""
    question = quiz_of(1).questions[0]
    status = page.locator("[data-runtime-status]")
    page.goto(f"{site_url}lesson-1/quiz/")
    expect(status).to_have_attribute("data-boot", "snapshot", timeout=BOOT)
    key, digest, _ = stored_snapshot(page, site_url)
    match = KEY.search(key)
    assert match and match["digest"] == digest, (key, digest)
    stdlib = (site_server[1] / "pyodide" / "python_stdlib.zip").read_bytes()
    assert match["stdlib"] == hashlib.sha256(stdlib).hexdigest()[:16], key

    page.evaluate(CORRUPT_SNAPSHOT, key)
    assert stored_snapshot(page, site_url)[1] != digest
    page.reload()
    expect(status).to_have_attribute("data-boot", "fresh", timeout=BOOT)
    expect(answer(page, question, question.answer)).to_contain_text(question.feedback_right)

    fresh_key, fresh_digest, size = stored_snapshot(page, site_url, fresh=True)
    assert fresh_key.endswith(f"-{fresh_digest}.bin") and size > 1_000_000
    page.reload()
    expect(status).to_have_attribute("data-boot", "snapshot", timeout=BOOT)
    expect(answer(page, question, question.answer)).to_contain_text(question.feedback_right)


#: Move the stored snapshot (sound bytes) under another key.
MOVE_SNAPSHOT = """async ([key, other]) => {
  const cache = await caches.open('course-python-snapshots');
  const response = await cache.match(key);
  await cache.delete(key);
  await cache.put(other, response);
}"""


def test_a_snapshot_under_another_digest_is_not_restored(page: Page, site_url: str) -> None:
    """Sound bytes under a key carrying another digest: not restored, and replaced. The
    same for a key naming another standard library (a snapshot taken over another zip)."""
    status = page.locator("[data-runtime-status]")
    page.goto(f"{site_url}lesson-1/quiz/")
    expect(status).to_have_attribute("data-boot", "snapshot", timeout=BOOT)
    key, digest, _ = stored_snapshot(page, site_url)
    other = key.replace(digest, hashlib.sha256(b"something else").hexdigest())
    page.evaluate(MOVE_SNAPSHOT, [key, other])
    page.reload()
    expect(status).to_have_attribute("data-boot", "fresh", timeout=BOOT)
    key = stored_snapshot(page, site_url, fresh=True)[0]
    assert key != other

    match = KEY.search(key)
    assert match, key
    other = key.replace(f"-{match['stdlib']}-", "-" + "0" * 16 + "-")
    page.evaluate(MOVE_SNAPSHOT, [key, other])
    page.reload()
    expect(status).to_have_attribute("data-boot", "fresh", timeout=BOOT)
    fresh = stored_snapshot(page, site_url, fresh=True)[0]
    assert fresh != other and KEY.search(fresh)["stdlib"] == match["stdlib"]  # type: ignore[index]


#: Put a stand-in at each key: only its key matters here.
PUT_BESIDE = """async (keys) => {
  const cache = await caches.open('course-python-snapshots');
  for (const key of keys) await cache.put(key, new Response('not a snapshot'));
}"""
SNAPSHOT_KEYS = """async () =>
  (await (await caches.open('course-python-snapshots')).keys()).map((k) => k.url)"""


def test_a_new_snapshot_replaces_the_sites_older_ones_and_no_other_courses(
    page: Page, site_url: str
) -> None:
    """Courses side by side on one host (``user.github.io/course-a/``, ``/course-b/``) share
    the snapshot bucket: storing a snapshot removes the site's older ones (another engine's
    here), and leaves another course's in place."""
    status = page.locator("[data-runtime-status]")
    page.goto(f"{site_url}lesson-1/quiz/")
    expect(status).to_have_attribute("data-boot", "snapshot", timeout=BOOT)
    key, digest, _ = stored_snapshot(page, site_url)
    match = KEY.search(key)
    assert match, key
    name = key.rsplit("/", 1)[1]
    # Other courses' Pyodide folders: inside this site, beside its own, and the site's root.
    others = [f"{site_url}another-course/pyodide/{name}", f"{site_url}pyodide2/{name}",
              f"{site_url}{name}"]
    older = key.replace(f"-{match['engine']}-", "-" + "0" * 16 + "-")
    # Moved under another digest, the site's snapshot is not restored: Python starts
    # fresh and stores a new one.
    page.evaluate(MOVE_SNAPSHOT, [key, key.replace(digest, hashlib.sha256(b"moved").hexdigest())])
    page.evaluate(PUT_BESIDE, [*others, older])
    page.reload()
    expect(status).to_have_attribute("data-boot", "fresh", timeout=BOOT)
    fresh = stored_snapshot(page, site_url, fresh=True)[0]
    assert sorted(page.evaluate(SNAPSHOT_KEYS)) == sorted([fresh, *others])
