"""The context most tests share is handed to each test as a fresh one would be."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.e2e.shared_context import SNAPSHOTS, SharedContext

#: Leave something in every kind of storage a page can write.
LEAVE_TRACES = """async () => {
  localStorage.setItem('left-behind', '1');
  document.cookie = 'left=behind; path=/';
  await new Promise((resolve, reject) => {
    const open = indexedDB.open('left-behind', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('things');
    open.onsuccess = () => { open.result.close(); resolve(); };
    open.onerror = () => reject(open.error);
  });
  await (await caches.open('left-behind')).put('/left-behind', new Response('x'));
}"""

#: What a page finds: the storage LEAVE_TRACES writes, and the Cache Storage buckets.
FIND_TRACES = """async () => ({
  local: localStorage.getItem('left-behind'),
  cookie: document.cookie,
  databases: (await indexedDB.databases()).map((d) => d.name),
  caches: (await caches.keys()).sort(),
  snapshots: (await (await caches.open('course-python-snapshots')).keys()).map((r) => r.url),
})"""


def test_a_reset_leaves_nothing_but_the_seeded_snapshot(
    shared_context: SharedContext, site_url: str, python_snapshot: str,
) -> None:
    """Whatever one test stores on the site's origin, the next finds only the seeded snapshot."""
    page = shared_context.context.new_page()
    page.goto(f"{site_url}__test__/blank.html")
    page.evaluate(LEAVE_TRACES)
    found = page.evaluate(FIND_TRACES)
    assert found["local"] == "1" and "left=behind" in found["cookie"], found
    assert "left-behind" in found["databases"] and "left-behind" in found["caches"], found

    shared_context.reset()

    after: Page = shared_context.context.new_page()
    after.goto(f"{site_url}__test__/blank.html")
    assert after.evaluate(FIND_TRACES) == {
        "local": None, "cookie": "", "databases": [], "caches": [SNAPSHOTS],
        "snapshots": [python_snapshot],
    }
    after.close()


def test_a_changed_snapshot_is_seeded_again(
    shared_context: SharedContext, site_url: str, python_snapshot: str,
) -> None:
    """A test that replaced the stored snapshot leaves the next one the session's own again."""
    page = shared_context.context.new_page()
    page.goto(f"{site_url}__test__/blank.html")
    page.evaluate("""async (key) => {
        const cache = await caches.open('course-python-snapshots');
        await cache.delete(key);
        await cache.put(key.replace(/-[0-9a-f]{64}\\.bin$/, '-' + '0'.repeat(64) + '.bin'),
                        new Response('not a snapshot'));
      }""", python_snapshot)

    shared_context.reset()

    after = shared_context.context.new_page()
    after.goto(f"{site_url}__test__/blank.html")
    assert after.evaluate(FIND_TRACES)["snapshots"] == [python_snapshot]
    assert after.evaluate(
        "async (key) => (await (await (await caches.open('course-python-snapshots')).match(key)).arrayBuffer()).byteLength",
        python_snapshot,
    ) > 1_000_000
    after.close()
