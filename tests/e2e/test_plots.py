"""Plots in the learner's code: the figure shows in the output pane, matplotlib loads only where used."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.shots import shoot
from tests.e2e.test_accessibility import PALETTE_RULES, PHONE, axe_violations, switch_to_dark
from tests.e2e.test_exercises import exercise, folder, outrun_the_time_limit, press, type_code

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-results" / "screenshots"
BOOT = 180_000  # ms: Pyodide with pandas and matplotlib, on a busy machine
#: Wheels that only matplotlib needs (numpy, pandas and their dependencies aside).
PLOTTING_WHEELS = re.compile(r"/(matplotlib|contourpy|kiwisolver|pillow|fonttools|cycler|pyparsing)"
                             r"[-_][^/]*\.whl$")


def watch_wheels(context: BrowserContext) -> list[str]:
    """Every wheel the page and its workers request from now on."""
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url)
               if request.url.endswith(".whl") else None)
    return requested


def test_a_figure_shows_in_order_with_its_name_and_the_check_passes(
    page: Page, context: BrowserContext, site_url: str
) -> None:
    """print, plt.show(), print: the pane holds text, the named image, text; Check passes; axe clean."""
    wheels = watch_wheels(context)
    page.goto(f"{site_url}lesson-3/")
    section = exercise(page, "look-at-the-curves")
    section.scroll_into_view_if_needed()
    solution = (folder(3, "look-at-the-curves") / "solution.py").read_text(encoding="utf-8")
    type_code(page, section, 'print("Diego\'s 20 epochs:")\n' + solution)
    press(section, "Run")
    output = section.locator("[data-exercise-output]")
    figure = output.get_by_role("img", name="Figure: Validation loss bottoms out, then climbs")
    expect(figure).to_be_visible(timeout=BOOT)
    assert figure.evaluate("(img) => img.complete && img.naturalWidth > 300")
    # The pane's own order: the line printed before the plot, the image, the line after.
    order = output.evaluate(
        """(pane) => [...pane.childNodes].map((node) =>
             node.nodeName === "IMG" ? "[figure]" : node.textContent.trim())"""
    )
    assert order == ["Diego's 20 epochs:", "[figure]", "Stop at epoch 4: validation loss 0.451"]
    assert any(PLOTTING_WHEELS.search(url) for url in wheels), wheels
    SHOTS.mkdir(parents=True, exist_ok=True)
    shoot(section, SHOTS / "lesson-3-plot-desktop.png")
    press(section, "Check")
    expect(section.locator("[data-exercise-result]")).to_contain_text("✓ Passed.", timeout=BOOT)
    # The check's own run shows the figure again, and the page stays accessible.
    expect(figure).to_be_visible()
    # axe judges the page at rest: not the Check button still focused and under the pointer.
    page.mouse.move(0, 0)
    page.evaluate("document.activeElement.blur()")
    violations = axe_violations(page)
    switch_to_dark(page)
    page.mouse.move(0, 0)
    violations += axe_violations(page, PALETTE_RULES)
    assert violations == [], "\n".join(map(str, violations))
    # At 360 px the figure shrinks to the pane: nothing scrolls sideways.
    page.set_viewport_size(PHONE)
    expect(figure).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    width = figure.evaluate("(img) => img.getBoundingClientRect().width")
    assert 200 < width <= PHONE["width"]
    shoot(section, SHOTS / "lesson-3-plot-phone.png")


def test_a_numpy_only_page_never_downloads_matplotlib(
    page: Page, context: BrowserContext, site_url: str
) -> None:
    """Lesson 2's exercises use numpy and pandas: a run there requests no plotting wheel."""
    wheels = watch_wheels(context)
    page.goto(f"{site_url}lesson-2/")
    section = exercise(page, "label-distribution")
    type_code(page, section, 'print("no plots here")\n')
    press(section, "Run")
    expect(section.locator("[data-exercise-output]")).to_contain_text("no plots here", timeout=BOOT)
    # Every exercise of the page has booted its Python by now; scroll past them all too.
    page.keyboard.press("End")
    expect(page.locator('[data-runtime-status][data-state="booting"]')).to_have_count(0, timeout=BOOT)
    assert any(url.endswith(".whl") and "/pandas-" in url for url in wheels), wheels
    assert [url for url in wheels if PLOTTING_WHEELS.search(url)] == []


@pytest.mark.own_context  # its clock
def test_matplotlib_loads_at_the_first_plot_and_a_plot_that_runs_too_long_is_stopped(
    page: Page, context: BrowserContext, site_url: str
) -> None:
    """Lesson 4 has numpy exercises and a plotting one: the numpy Run requests no plotting
    wheel; the plotting exercise's first Run loads them, saying so on its button. An
    endless plotting loop then hits the exercise's time limit, and the fresh worker plots
    again. (One visit for both: each would load matplotlib once more.)"""
    wheels = watch_wheels(context)
    page.clock.install()
    page.goto(f"{site_url}lesson-4/")
    numpy_section = exercise(page, "confusion-matrix")
    type_code(page, numpy_section, 'print("numpy only")\n')
    press(numpy_section, "Run")
    expect(numpy_section.locator("[data-exercise-output]")).to_contain_text("numpy only", timeout=BOOT)
    plotting = exercise(page, "confusion-heatmap")
    solution = (folder(4, "confusion-heatmap") / "solution.py").read_text(encoding="utf-8")
    type_code(page, plotting, solution)
    assert [url for url in wheels if PLOTTING_WHEELS.search(url)] == []
    press(plotting, "Run")
    expect(plotting.get_by_role("button", name="Loading matplotlib…")).to_be_visible(timeout=BOOT)
    output = plotting.locator("[data-exercise-output]")
    heatmap = output.get_by_role("img", name=re.compile("^Figure: Leila's validation photos"))
    expect(heatmap).to_be_visible(timeout=BOOT)
    assert any(PLOTTING_WHEELS.search(url) for url in wheels), wheels
    # The endless plotting loop, stopped at the time limit; then the solution plots again.
    type_code(page, plotting, "import matplotlib.pyplot as plt\nwhile True:\n    plt.plot([1, 2])\n")
    press(plotting, "Run")
    outrun_the_time_limit(page, output, "still running after 10 seconds")
    expect(heatmap).to_have_count(0)
    type_code(page, plotting, solution)
    press(plotting, "Run")
    expect(heatmap).to_be_visible(timeout=BOOT)
    expect(output).to_contain_text("Most confused:")
