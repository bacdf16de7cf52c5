"""Measure navigation → first plot shown, beside the same page's first run without plots.

In headless Chromium against the locally built site, each figure is the time
from navigation start until Run's output is on screen, pressing Run as soon
as the button works (the exercise's starter code):

- ``lesson 3 plot``: Lesson 3's plotting exercise (pandas and matplotlib),
  until its figure is shown in the output pane;
- ``lesson 3 run, no plot``: the first exercise of the same page (pandas);
- ``lesson 4 run (numpy)``: Lesson 4's first exercise (numpy), on the page
  as it is (with its plotting exercise further down: the page's one worker
  for exercises loads matplotlib too), and on the same page with the
  plotting exercise removed before any script runs — the page as it was
  before plots, and as every page without a plotting exercise still is.

Cold is a fresh browser context; warm a second visit in the same one (the
Python snapshot and the HTTP cache of the first). Beside each median: how
many of the wheels only matplotlib needs the page and its workers requested
by then (the service worker's offline precache, later, is not counted).

Usage: python bench/plot_first_shown.py [--runs 3]
(`make bench` finds a browser first).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any, NamedTuple

from playwright.sync_api import BrowserContext, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.quiz_first_feedback import build_site, launch_args  # noqa: E402
from tests.e2e.serve import serve_directory  # noqa: E402

#: Wheels that only matplotlib needs (numpy, pandas and what they share aside).
PLOTTING_WHEELS = re.compile(
    r"/(matplotlib|contourpy|kiwisolver|pillow|fonttools|cycler|pyparsing)[-_][^/]*\.whl$"
)
#: Removes plotting exercises as the page is parsed, before the course's scripts mount.
WITHOUT_PLOTS = """
const plotting = 'section[data-course-exercise][data-exercise-packages~="matplotlib"]';
new MutationObserver((records) => {
  for (const record of records)
    for (const node of record.addedNodes)
      if (node.nodeType === 1 && node.matches(plotting)) node.remove();
}).observe(document, {subtree: true, childList: true});
"""


class Figure(NamedTuple):
    """One measured journey."""

    name: str
    path: str
    exercise: str
    #: Wait for the figure (an image in the output), else for any output.
    plot: bool
    without_plots: bool = False


FIGURES = (
    Figure("lesson 3 plot", "lesson-3/", "look-at-the-curves", plot=True),
    Figure("lesson 3 run, no plot", "lesson-3/", "best-epoch", plot=False),
    Figure("lesson 4 run (numpy)", "lesson-4/", "confusion-matrix", plot=False),
    Figure("lesson 4 run (numpy), page without plots", "lesson-4/", "confusion-matrix",
           plot=False, without_plots=True),
)

Sample = tuple[float, int]


def visit(context: BrowserContext, url: str, figure: Figure) -> Sample:
    """One visit: (ms from navigation to Run's output, plotting wheels downloaded)."""
    wheels: list[str] = []

    def record(request: Any) -> None:
        if PLOTTING_WHEELS.search(request.url):
            wheels.append(request.url)

    page = context.new_page()
    # The page's requests and its workers' (not the service worker's offline precache).
    page.on("request", record)
    page.goto(url, wait_until="commit")
    section = page.locator(f'section[data-course-exercise="{figure.exercise}"]')
    section.locator("[data-exercise-run]").click(timeout=60_000)
    output = section.locator("[data-exercise-output]")
    if figure.plot:
        output.locator("img.course-exercise__figure").wait_for(timeout=300_000)
    else:
        output.element_handle(timeout=60_000).wait_for_element_state("visible", timeout=300_000)
    shown = float(page.evaluate("performance.now()"))
    page.evaluate("localStorage.clear()")
    page.close()
    return shown, len(wheels)


def measure(base: str, runs: int) -> dict[str, list[Sample]]:
    """Every figure cold and warm, ``runs`` times, interleaved so load drifts hit them alike."""
    samples: dict[str, list[Sample]] = defaultdict(list)
    with sync_playwright() as p:
        browser = p.chromium.launch(**launch_args(p.chromium))
        for _ in range(runs):
            for figure in FIGURES:
                context = browser.new_context()
                if figure.without_plots:
                    context.add_init_script(WITHOUT_PLOTS)
                samples[f"{figure.name} cold"].append(visit(context, base + figure.path, figure))
                samples[f"{figure.name} warm"].append(visit(context, base + figure.path, figure))
                context.close()
        browser.close()
    return samples


def table(samples: dict[str, list[Sample]], runs: int) -> str:
    """The medians as a Markdown table."""
    rows = [
        f"Median of {runs} run{'s' if runs > 1 else ''}, ms from navigation start\n",
        "| figure | navigation → output shown (ms) | plotting wheels downloaded |",
        "|---|---:|---:|",
    ]
    for name, values in samples.items():
        ms = statistics.median(value[0] for value in values)
        wheels = statistics.median(value[1] for value in values)
        rows.append(f"| {name} | {ms:.0f} | {wheels:g} |")
    return "\n".join(rows)


def main() -> None:
    """Build, serve, measure, print."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, serve_directory(Path(tmp)) as base:
        build_site(Path(tmp))
        samples = measure(base, options.runs)
    print(table(samples, options.runs))


if __name__ == "__main__":
    main()
