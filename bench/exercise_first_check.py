"""Measure navigation → first exercise check result, cold and warm.

Opens a lesson page with exercises in headless Chromium (served locally),
clicks Check on the first exercise as soon as the button is enabled and
waits for Python's verdict. Cold: a fresh browser context (empty cache);
warm: a second visit in the same context. Median of several runs, and which
packages the page's first run had to wait for.

Usage: python bench/exercise_first_check.py [--runs 3] [--page lesson-3/]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import BrowserContext, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.quiz_first_feedback import build_site, launch_args  # noqa: E402
from tests.e2e.serve import serve_directory  # noqa: E402


def visit(context: BrowserContext, url: str) -> tuple[float, str]:
    """One visit: (ms from navigation to the check result, the exercise's packages)."""
    page = context.new_page()
    page.goto(url, wait_until="commit")
    section = page.locator("section[data-course-exercise]").first
    button = section.get_by_role("button", name="Check", exact=True)
    button.click(timeout=60_000)
    section.locator("[data-exercise-result] .course-exercise__verdict").wait_for(timeout=180_000)
    checked = float(page.evaluate("performance.now()"))
    packages = section.get_attribute("data-exercise-packages") or "-"
    page.evaluate("localStorage.clear()")
    page.close()
    return checked, packages


def main() -> None:
    """Build, serve, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--page", default="lesson-3/")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, serve_directory(Path(tmp)) as base:
        build_site(Path(tmp))
        cold: list[float] = []
        warm: list[float] = []
        packages = ""
        with sync_playwright() as p:
            browser = p.chromium.launch(**launch_args(p.chromium))
            for _ in range(options.runs):
                context = browser.new_context()
                checked, packages = visit(context, base + options.page)
                cold.append(checked)
                warm.append(visit(context, base + options.page)[0])
                context.close()
            browser.close()
    print(f"First exercise on {options.page} (packages: {packages}), median of {options.runs}\n")
    print("| visit | navigation → first check result (ms) |")
    print("|-------|--------------------------------------|")
    print(f"| cold  | {statistics.median(cold):>36.0f} |")
    print(f"| warm  | {statistics.median(warm):>36.0f} |")


if __name__ == "__main__":
    main()
