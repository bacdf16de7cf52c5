"""Measure how fast a learner gets Python-graded feedback on a quiz page.

In headless Chromium against the locally built and served site, for a cold
visit (fresh browser context: empty cache), a warm one (a second visit right
after, while the first one's background work — the offline precache, the
Python snapshot — may still be running) and a later one (once that work is
done, as when a learner comes back another day), it records the median over
several runs of:

- navigation → lesson text painted (first contentful paint);
- navigation → Python ready (the quiz's status line says so);
- navigation → first feedback, after a click made as soon as the option shows;
- bytes transferred before that click (page and worker requests);
- total main-thread long-task time (PerformanceObserver "longtask").

Usage: python bench/quiz_first_feedback.py [--runs 5] [--page lesson-1/quiz/]
(`make bench` builds the site and finds a browser first).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, BrowserType, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.browser_features import launch_args_without  # noqa: E402
from tests.e2e.serve import serve_directory  # noqa: E402

# Installed before any page script: collects long tasks and the moments the
# runtime gets ready and the first feedback appears.
PROBE = """
window.__bench = {longtasks: 0, ready: null, feedback: null};
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__bench.longtasks += entry.duration;
}).observe({type: "longtask", buffered: true});
new MutationObserver(() => {
  const b = window.__bench;
  if (b.ready === null && document.querySelector('[data-runtime-status][data-state="ready"]'))
    b.ready = performance.now();
  if (b.feedback === null && document.querySelector("[data-feedback] .course-feedback__verdict"))
    b.feedback = performance.now();
}).observe(document, {subtree: true, childList: true, attributes: true});
"""


@dataclass
class Sample:
    """One visit's numbers (milliseconds, bytes)."""

    painted: float
    ready: float
    feedback: float
    bytes_before_click: int
    longtasks: float


def visit(context: BrowserContext, url: str) -> Sample:
    """Open ``url`` in a new page, click the first option as soon as it shows, check it."""
    page: Page = context.new_page()
    transferred = {"bytes": 0, "clicked": False}

    def count(request: Any) -> None:
        if not transferred["clicked"]:
            sizes = request.sizes()
            transferred["bytes"] += sizes["responseBodySize"] + sizes["responseHeadersSize"]

    page.on("requestfinished", count)
    page.goto(url, wait_until="commit")
    option = page.locator("fieldset[data-question]").first.get_by_role("radio").first
    option.check()
    transferred["clicked"] = True
    page.locator("fieldset[data-question]").first.get_by_role("button", name="Check answer").click()
    page.locator("[data-feedback] .course-feedback__verdict").first.wait_for(timeout=120_000)
    page.wait_for_function("window.__bench.ready !== null", timeout=120_000)
    numbers = page.evaluate(
        """() => ({
            painted: (performance.getEntriesByName("first-contentful-paint")[0] || {}).startTime,
            ...window.__bench,
        })"""
    )
    # A second visit must show fresh feedback, not the verdict stored by the first.
    page.evaluate("localStorage.clear()")
    page.close()
    return Sample(numbers["painted"], numbers["ready"], numbers["feedback"],
                  int(transferred["bytes"]), numbers["longtasks"])


# Resolves once the first visit's background work is done: the service worker
# active (its precache complete) and Python's memory snapshot stored.
SETTLED = """
async () => {
  if ("serviceWorker" in navigator) await navigator.serviceWorker.ready;
  for (let i = 0; i < 600; i++) {
    for (const name of (await caches.keys()).filter((n) => n.includes("snapshot"))) {
      if ((await (await caches.open(name)).keys()).length) return true;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
"""


def settle(context: BrowserContext, url: str) -> None:
    """Wait until the earlier visits' background work is done."""
    page = context.new_page()
    page.goto(url, wait_until="commit")
    if not page.evaluate(SETTLED):
        raise SystemExit("the Python snapshot was never stored: is Cache Storage available?")
    page.close()


def build_site(target: Path, checkout: Path | None = None) -> None:
    """Build the site with the real plugin into ``target``: this checkout's, or another
    ``checkout``'s with its own environment (its ``.venv``, made by ``make setup`` there)."""
    python = Path(sys.executable)
    if checkout is not None:
        python = checkout / ".venv" / "bin" / "python"
        if not python.is_file():
            raise SystemExit(f"{checkout} has no .venv: run `make setup` there first")
    subprocess.run(
        [str(python), "-m", "mkdocs", "build", "--site-dir", str(target)],
        cwd=checkout or ROOT, check=True, capture_output=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def launch_args(browser_type: BrowserType) -> dict[str, Any]:
    """Headless Chromium: the browser scripts/ensure-browser.sh found, if any.

    Like the e2e tests' browser, it builds no omnibox popup for each page
    (``tests/e2e/browser_features.py``), which would compete for the CPU with
    every visit measured here, the floor's included.
    """
    args: dict[str, Any] = {
        "headless": True,
        "args": ["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
    }
    if os.environ.get("COURSE_BROWSER"):
        args["executable_path"] = os.environ["COURSE_BROWSER"]
    return launch_args_without(browser_type, args)


def median_row(name: str, samples: list[Sample]) -> str:
    """Format the medians of ``samples`` as a table row."""
    def med(values: list[float]) -> float:
        return statistics.median(values)
    return (
        f"| {name:<5} | {med([s.painted for s in samples]):>9.0f} "
        f"| {med([s.ready for s in samples]):>9.0f} "
        f"| {med([s.feedback for s in samples]):>14.0f} "
        f"| {med([s.bytes_before_click for s in samples]) / 1e6:>10.2f} "
        f"| {med([s.longtasks for s in samples]):>13.0f} |"
    )


def main() -> None:
    """Build, serve, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--page", default="lesson-1/quiz/")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, serve_directory(Path(tmp)) as base:
        build_site(Path(tmp))
        url = base + options.page
        cold: list[Sample] = []
        warm: list[Sample] = []
        later: list[Sample] = []
        with sync_playwright() as p:
            browser = p.chromium.launch(**launch_args(p.chromium))
            for _ in range(options.runs):
                context = browser.new_context()
                context.add_init_script(PROBE)
                cold.append(visit(context, url))
                warm.append(visit(context, url))
                settle(context, base)
                later.append(visit(context, url))
                context.close()
            browser.close()
    print(f"Quiz page {options.page}, median of {options.runs} runs (ms from navigation start)\n")
    print("| visit | painted   | Python ok | first feedback | MB < click | long tasks ms |")
    print("|-------|-----------|-----------|----------------|------------|---------------|")
    print(median_row("cold", cold))
    print(median_row("warm", warm))
    print(median_row("later", later))


if __name__ == "__main__":
    main()
