"""Navigation → first Python answer on the course, as a ratio to a bare Pyodide worker.

In one run, in headless Chromium against the locally built site (loopback,
the same Pyodide files), it measures:

- the floor: a page that does nothing but boot Pyodide 0.27.7 in a module
  Web Worker from the site's own ``pyodide/`` folder and run ``1 + 1``
  (``bare``), and the same after ``loadPackage("numpy")`` and ``import numpy``
  (``bare+numpy``), each in a fresh browser context (cold); and both again
  with the standard library as Pyodide publishes it, as source (``official
  stdlib``: the site ships it compiled, ``quiz_engine/site/bytecode.py``);
  and the floor again on the Lesson 1 quiz's page and on Lesson 4's (with
  numpy) as the theme renders them, their course script replaced by the
  floor's (``on the quiz page``, ``on the lesson 4 page``): the page's own
  work (Material's bundle and search, parsing, layout) then weighs on both,
  and the cold course figure over it is the course's part alone;
- the course: navigation → first quiz feedback (Lesson 1 quiz, the first
  option clicked as soon as it shows), → first output of Run on Lesson 1's
  exercise, and on Lesson 4's first exercise (numpy). Cold is a fresh
  context; warm a second visit right after in the same one; later a visit
  once the first visit's background work (the offline precache, the Python
  snapshot) is done, as when a learner comes back another day. Each visit
  stays on its page for a second after its first answer, as a learner reads
  the feedback (``LINGER_MS``), then leaves: a quiz's Python takes its
  memory snapshot once it has been idle a moment after its answers.

Each course figure is printed as the median of several runs, with its ratio
to the floor it is measured against (the quiz and Lesson 1 against ``bare``,
Lesson 4 against ``bare+numpy``). The ratio is paired: each run's figure over
the same run's floor, measured moments apart, so that the machine's load
drifting between runs (a bare boot here moves by a second from one session
to the next) cancels out; the table gives the median of those ratios and
their range. Beside it: the visit's
main-thread long-task time, how much of the long frames was spent in the
course's own scripts (``assets/course/``; the rest is Material's bundle and
the browser), and the longest single run of the course's own code (one
script entry of a long frame: a task, or a callback within one): a long task
caused by the course's own code shows there as 50 ms or more.

Under the tables, where a cold first answer's time goes: the median moment
the Python worker started and reached each stage of its boot (the
``python:`` User Timing marks the course's worker leaves, and those of them
the floor's has: ``tests/e2e/worker_marks.py``), for the cold quiz and the cold
Lesson 4 Run beside the floor on the same page.

``--cpu-slowdown N`` runs every page's main thread N times slower (Chrome's
CPU throttling), as on a learner's slower laptop or phone: the course's own
tasks that stay just under 50 ms here show there, each N times as long.

``--against DIR`` measures another checkout of the course beside this one
(set up with its own ``.venv``: ``make setup`` there): both sites are built
and served side by side and their runs interleaved, A B, B A, …, so that
the machine's drift hits both alike; a table is printed for each.

Usage: python bench/first_answers.py [--runs 5] [--cpu-slowdown 1] [--against DIR]
(`make bench` builds the site and finds a browser first).
"""

from __future__ import annotations

import argparse
import contextlib
import re
import shutil
import statistics
import sys
import tempfile
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.quiz_first_feedback import build_site, launch_args, settle  # noqa: E402
from tests.e2e.serve import serve_directory  # noqa: E402
from tests.e2e.worker_marks import python_stages  # noqa: E402

# The floor: Pyodide and nothing else, in a module worker like the course's.
BARE_SCRIPT = """<script type="module">
const query = new URLSearchParams(location.search);
const packages = query.get("packages") || "";
const worker = new Worker(WORKER_URL, {type: "module"});
worker.onmessage = (event) => {
  window.__bench = {answer: performance.now(), value: event.data};
};
worker.postMessage({packages: packages.split(",").filter(Boolean), stdlib: query.get("stdlib")});
</script>
"""
BARE_PAGE = ('<!doctype html><meta charset="utf-8"><title>bare Pyodide</title>\n'
             + BARE_SCRIPT.replace("WORKER_URL", '"worker.js"'))
BARE_WORKER = """
const indexURL = new URL("../pyodide/", self.location.href).href;
self.onmessage = async ({data}) => {
  const {loadPyodide} = await import(indexURL + "pyodide.mjs");
  performance.mark("python:core");
  // ?stdlib=official: the standard library as Pyodide publishes it (source),
  // instead of the site's (compiled by the course's supply).
  const official = new URL("python_stdlib.official.zip", self.location.href).href;
  const stdLibURL = data.stdlib === "official" ? official : undefined;
  const pyodide = await loadPyodide({indexURL, stdLibURL});
  performance.mark("python:pyodide");
  if (data.packages.length) {
    await pyodide.loadPackage(data.packages, {messageCallback: () => {}});
    pyodide.runPython(data.packages.map((name) => `import ${name}`).join("\\n"));
    performance.mark("python:packages");
  }
  performance.mark("python:ready");
  self.postMessage(pyodide.runPython("1 + 1"));
};
"""

#: Python's standard library as Pyodide publishes it (its modules' sources), for the floor
#: the course's supply is measured against (the site ships it compiled).
OFFICIAL_STDLIB = ROOT / "node_modules" / "pyodide" / "python_stdlib.zip"

#: How long a visit stays on its page after its first answer (the learner reads it), in ms.
LINGER_MS = 1000

def new_page(context: BrowserContext, slowdown: float) -> Page:
    """A page in ``context``, its main thread ``slowdown`` times slower (1: as it is)."""
    page = context.new_page()
    if slowdown != 1:
        session = context.new_cdp_session(page)
        session.send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
    return page


class Sample(NamedTuple):
    """One visit: ms from navigation to its first answer, its main-thread long-task ms, the ms
    of its long frames in the course's own scripts, the longest of those scripts, and when
    (ms from navigation) its Python worker started and passed each stage of its boot."""

    answer: float
    long_tasks: float = 0.0
    in_course: float = 0.0
    longest_course: float = 0.0
    stages: Mapping[str, float] = MappingProxyType({})


#: The stages of a boot, in order: the worker starting, then the marks the course's worker
#: leaves (``tests/e2e/worker_marks.py``); the floor's worker leaves those it has.
STAGES = ("worker", "core", "pyodide", "engine", "snapshot", "packages", "ready")

# Installed before any course script: the first answer's moment, the long
# tasks, and the part of long frames spent in the course's own scripts
# (Long Animation Frames name the script each slice of time ran in).
PROBE = """
window.__bench = {longtasks: 0, course: 0, courseMax: 0, answer: null};
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__bench.longtasks += entry.duration;
}).observe({type: "longtask", buffered: true});
new PerformanceObserver((list) => {
  for (const frame of list.getEntries()) {
    for (const script of frame.scripts || [])
      if (script.sourceURL.includes("/assets/course/")) {
        window.__bench.course += script.duration;
        window.__bench.courseMax = Math.max(window.__bench.courseMax, script.duration);
      }
  }
}).observe({type: "long-animation-frame", buffered: true});
new MutationObserver(() => {
  if (window.__bench.answer !== null) return;
  const output = document.querySelector("section[data-course-exercise] [data-exercise-output]");
  if (document.querySelector("[data-feedback] .course-feedback__verdict")
      || (output && output.textContent.trim()))
    window.__bench.answer = performance.now();
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


def bare(browser: Browser, url: str, slowdown: float) -> Sample:
    """One cold boot of the bare worker page; ms from navigation to Python's answer."""
    context = browser.new_context()
    page = new_page(context, slowdown)
    page.goto(url, wait_until="commit")
    page.wait_for_function("window.__bench && window.__bench.answer", timeout=120_000)
    sample = Sample(float(page.evaluate("window.__bench.answer")), stages=python_stages(page))
    context.close()
    return sample


def quiz_visit(context: BrowserContext, url: str, slowdown: float) -> Sample:
    """Open a quiz, check its first question's first option as soon as it shows."""
    page = new_page(context, slowdown)
    page.goto(url, wait_until="commit")
    question = page.locator("fieldset[data-question]").first
    question.get_by_role("radio").first.check()
    question.locator("[data-check]").click()
    return _answer(page)


def run_visit(context: BrowserContext, url: str, slowdown: float) -> Sample:
    """Open a lesson, press Run on its first exercise as soon as the button works."""
    page = new_page(context, slowdown)
    page.goto(url, wait_until="commit")
    page.locator("section[data-course-exercise]").first.locator("[data-exercise-run]").click(
        timeout=60_000
    )
    return _answer(page)


def _answer(page: Page) -> Sample:
    """(ms to the first answer, long-task ms, ms of it in course scripts, the longest course
    script); forget the answers."""
    page.wait_for_function("window.__bench.answer !== null", timeout=180_000)
    numbers = page.evaluate("window.__bench")
    stages = python_stages(page)
    page.wait_for_timeout(LINGER_MS)
    # A next visit must get a fresh answer, not the one stored by this one.
    page.evaluate("localStorage.clear()")
    page.close()
    return Sample(float(numbers["answer"]), float(numbers["longtasks"]), float(numbers["course"]),
                  float(numbers["courseMax"]), stages)


def measure(base: str, runs: int, slowdown: float = 1) -> dict[str, list[Sample]]:
    """Every figure, ``runs`` times, interleaved so that load drifts hit them alike."""
    figures: dict[str, list[Sample]] = defaultdict(list)
    with sync_playwright() as p:
        browser = p.chromium.launch(**launch_args(p.chromium))
        for _ in range(runs):
            figures["bare"].append(bare(browser, base + "bench-bare/", slowdown))
            figures["bare+numpy"].append(
                bare(browser, base + "bench-bare/?packages=numpy", slowdown)
            )
            figures["bare, on the quiz page"].append(
                bare(browser, base + "bench-bare/quiz-page/", slowdown)
            )
            figures["bare+numpy, on the lesson 4 page"].append(
                bare(browser, base + "bench-bare-lesson-4/?packages=numpy", slowdown)
            )
            for query, name in (("stdlib=official", "bare, official stdlib"),
                                ("packages=numpy&stdlib=official", "bare+numpy, official stdlib")):
                figures[name].append(
                    bare(browser, f"{base}bench-bare/?{query}", slowdown)
                )
            for name, visit, path, later in (
                ("quiz", quiz_visit, "lesson-1/quiz/", True),
                ("lesson 1 Run", run_visit, "lesson-1/", False),
                ("lesson 4 Run (numpy)", run_visit, "lesson-4/", True),
            ):
                context = browser.new_context()
                context.add_init_script(PROBE)
                figures[f"{name} cold"].append(visit(context, base + path, slowdown))
                figures[f"{name} warm"].append(visit(context, base + path, slowdown))
                if later:
                    settle(context, base)
                    figures[f"{name} later"].append(visit(context, base + path, slowdown))
                context.close()
        browser.close()
    return figures


def table(figures: dict[str, list[Sample]], runs: int) -> str:
    """The medians as a Markdown table, each course figure as a ratio to its floor: a bare
    boot of the site's own Pyodide files, and one with Pyodide's own standard library."""
    def med(name: str, index: int = 0) -> float:
        return statistics.median(sample[index] for sample in figures[name])

    def ratio(name: str, floor: str) -> str:
        pairs = zip(figures[name], figures[floor], strict=True)
        ratios = [mine[0] / base[0] for mine, base in pairs]
        return f"{statistics.median(ratios):.2f} ({min(ratios):.2f} to {max(ratios):.2f})"

    rows = [
        f"Median of {runs} runs, ms from navigation start; ratio: median (range) of the "
        "runs' own ratios\n",
        "| figure | ms | ratio to floor | ratio to floor, official stdlib | long tasks ms "
        "| in course scripts ms | longest course script ms (max) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in figures:
        if name.startswith("bare"):
            rows.append(f"| {name} | {med(name):.0f} |  |  |  |  |  |")
            continue
        floor = "bare+numpy" if "numpy" in name else "bare"
        most = max(s[3] for s in figures[name])
        rows.append(
            f"| {name} | {med(name):.0f} | {ratio(name, floor)} "
            f"| {ratio(name, floor + ', official stdlib')} | {med(name, 1):.0f} "
            f"| {med(name, 2):.0f} | {most:.0f} |"
        )
    rows.append("\nOn the page's own theme (its page work in both, the course's script in one):")
    for name, floor in (("quiz cold", "bare, on the quiz page"),
                        ("lesson 4 Run (numpy) cold", "bare+numpy, on the lesson 4 page")):
        rows.append(f"- {name} over {floor}: {ratio(name, floor)}")
    rows.append("\n" + stage_table(figures))
    return "\n".join(rows)


#: The visits whose boot is shown stage by stage, each beside the floor on the same page.
STAGE_COLUMNS = ("bare, on the quiz page", "quiz cold",
                 "bare+numpy, on the lesson 4 page", "lesson 4 Run (numpy) cold")


def stage_table(figures: dict[str, list[Sample]]) -> str:
    """Where the cold first answers' time goes: the median moment (ms from navigation) each
    stage of the Python worker's boot was reached, the floor on the same page beside the
    course; a stage a visit does not have (or had not reached at its answer) is blank."""
    def when(name: str, stage: str) -> str:
        moments = [s.stages[stage] for s in figures[name] if stage in s.stages]
        return f"{statistics.median(moments):.0f}" if moments else ""

    rows = [
        "Where a cold first answer's time goes (median ms from navigation: the worker's start, "
        "then its `python:` marks):\n",
        "| stage | " + " | ".join(STAGE_COLUMNS) + " |",
        "|---|" + "---:|" * len(STAGE_COLUMNS),
    ]
    for stage in STAGES:
        cells = (when(name, stage) for name in STAGE_COLUMNS)
        rows.append(f"| {stage} | " + " | ".join(cells) + " |")
    answers = (f"{statistics.median(s.answer for s in figures[name]):.0f}"
               for name in STAGE_COLUMNS)
    rows.append("| answer | " + " | ".join(answers) + " |")
    return "\n".join(rows)


#: The course's script on a built page, which the floor on a page replaces.
COURSE_SCRIPT = re.compile(
    r'<script type="module" src="[^"]*assets/course/course\.bundle\.js"></script>')


#: Pages the floor is measured on too, as the theme renders them, with the course's script
#: replaced by the floor's: {copy (as deep as the page): the built page}.
ON_PAGES = {"bench-bare/quiz-page": "lesson-1/quiz", "bench-bare-lesson-4": "lesson-4"}


def add_bare_page(site: Path) -> None:
    """Put the floor's page and worker into a built site (``bench-bare/``), with Pyodide's
    own standard library beside them for the ``official`` rows, and the copies of
    :data:`ON_PAGES` booting the same bare worker in place of the course's script."""
    (site / "bench-bare").mkdir()
    (site / "bench-bare" / "index.html").write_text(BARE_PAGE, encoding="utf-8")
    (site / "bench-bare" / "worker.js").write_text(BARE_WORKER, encoding="utf-8")
    shutil.copyfile(OFFICIAL_STDLIB, site / "bench-bare" / "python_stdlib.official.zip")
    for copy, page in ON_PAGES.items():
        html = (site / page / "index.html").read_text(encoding="utf-8")
        up = "../" * len(Path(copy).parts)
        bare_script = BARE_SCRIPT.replace("WORKER_URL", f'"{up}bench-bare/worker.js"')
        on_page, found = COURSE_SCRIPT.subn(lambda _, script=bare_script: script, html)
        if found != 1:
            raise SystemExit(f"{page}/index.html has no course script to replace")
        (site / copy).mkdir(parents=True, exist_ok=True)
        (site / copy / "index.html").write_text(on_page, encoding="utf-8")


def main() -> None:
    """Build, serve, measure, print."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cpu-slowdown", type=float, default=1.0,
                        help="run each page's main thread this many times slower")
    parser.add_argument("--against", type=Path, help="another checkout, measured alongside")
    options = parser.parse_args()
    checkouts: dict[str, Path | None] = {"this checkout": None}
    if options.against:
        checkouts[str(options.against.resolve())] = options.against.resolve()
    with contextlib.ExitStack() as stack:
        bases = {}
        for name, checkout in checkouts.items():
            site = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            build_site(site, checkout)
            add_bare_page(site)
            bases[name] = stack.enter_context(serve_directory(site))
        figures: dict[str, dict[str, list[Sample]]] = {name: defaultdict(list) for name in bases}
        for run in range(options.runs):
            for name in list(bases)[:: 1 if run % 2 == 0 else -1]:
                for figure, samples in measure(bases[name], 1, options.cpu_slowdown).items():
                    figures[name][figure] += samples
    for name in bases:
        if len(bases) > 1:
            print(f"\n## {name}\n")
        print(table(figures[name], options.runs))


if __name__ == "__main__":
    main()
