"""The stages of the Python worker's boot, as it marks them (``runtime/python-worker.js``).

Read by the e2e tests (the order of the stages) and by ``bench/first_answers.py``
(when each was reached).
"""

from __future__ import annotations

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

__all__ = ["python_stages"]

#: In a worker: its ``python:`` marks as [stage, ms since the epoch], with its own start
#: (``worker``) first; none in a worker that marks nothing (Material's search worker).
_MARKS = """() => {
  const marks = performance.getEntriesByType("mark").filter((m) => m.name.startsWith("python:"));
  if (!marks.length) return [];
  return [["worker", performance.timeOrigin],
          ...marks.map((m) => [m.name.slice(7), performance.timeOrigin + m.startTime])];
}"""


def python_stages(page: Page) -> dict[str, float]:
    """When ``page``'s Python worker started (``worker``) and reached each stage of its boot
    (``core``, ``pyodide``, ``engine``, ``snapshot``, ``packages``, ``ready``), in ms from
    the page's navigation, in the order reached. With several Python workers on the page,
    the first moment each stage was reached by any of them."""
    origin = float(page.evaluate("performance.timeOrigin"))
    found: dict[str, float] = {}
    for worker in page.workers:
        try:
            marks = worker.evaluate(_MARKS)
        except PlaywrightError:  # the worker ended meanwhile
            continue
        for name, at in marks:
            found[name] = min(found.get(name, float("inf")), float(at) - origin)
    return dict(sorted(found.items(), key=lambda item: item[1]))
