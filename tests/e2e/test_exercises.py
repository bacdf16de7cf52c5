"""Exercises in Chromium: learners' code runs and is checked by Python in a worker."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.editor import code_editor
from tests.e2e.keyboard import tab_to
from tests.e2e.snapshots import stored_snapshot
from tests.e2e.worker_marks import python_stages

ROOT = Path(__file__).resolve().parents[2]
BOOT = 120_000  # ms: Pyodide with numpy and pandas, cold, on a busy machine
# One exercise per lesson: (lesson, exercise id, a wrong answer file).
CASES = [
    (1, "scope-three-filters", "two-hours-is-fine.py"),
    (2, "class-weights", None),
    (3, "best-epoch", "row-position.py"),
    (4, "confusion-matrix", None),
]


def folder(lesson: int, exercise_id: str) -> Path:
    """The exercise's source folder."""
    return ROOT / "docs" / f"lesson-{lesson}" / "exercises" / exercise_id


def wrong_answer(lesson: int, exercise_id: str, name: str | None) -> tuple[str, str]:
    """A kept wrong answer (the named one, or the first) and the hint it must get."""
    files = sorted((folder(lesson, exercise_id) / "wrong").glob("*.py"))
    path = next(f for f in files if name is None or f.name == name)
    first, _, code = path.read_text(encoding="utf-8").partition("\n")
    return code, first.removeprefix("# expect-hint:").strip()


def exercise(page: Page, exercise_id: str) -> Locator:
    """The exercise's section."""
    return page.locator(f'section[data-course-exercise="{exercise_id}"]')


def type_code(page: Page, section: Locator, code: str) -> None:
    """Replace the editor's text with ``code``, as a learner pasting it would."""
    content = code_editor(section)
    content.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(code)


def press(section: Locator, name: str) -> None:
    """Click one of the exercise's buttons."""
    section.get_by_role("button", name=name, exact=True).click()


#: Every exercise's time limit (``timeout_seconds``, 10 by default), in ms.
TIME_LIMIT_MS = 10_000


def outrun_the_time_limit(page: Page, output: Locator, message: str) -> None:
    """Move the page's clock past the time limit instead of waiting it out; see ``message``.

    The page must have had ``page.clock.install()`` before it loaded. The limit
    counts from when Python has the code (the worker ready, any package loaded),
    which the exercise marks with ``data-timed``: once it is there, the clock
    jumps one limit ahead (the worker itself runs in real time).
    """
    section = output.locator("xpath=ancestor::section[@data-course-exercise]")
    expect(section).to_have_attribute("data-timed", "", timeout=BOOT)
    page.clock.fast_forward(TIME_LIMIT_MS)
    expect(output).to_contain_text(message, timeout=BOOT)


@pytest.mark.parametrize(("lesson", "exercise_id", "wrong_file"), CASES)
def test_wrong_then_right_then_reload(
    page: Page, site_url: str, lesson: int, exercise_id: str, wrong_file: str | None
) -> None:
    """A wrong answer gets its intended hint; the right one passes and stays passed."""
    page.goto(f"{site_url}lesson-{lesson}/")
    section = exercise(page, exercise_id)
    section.scroll_into_view_if_needed()
    code, hint = wrong_answer(lesson, exercise_id, wrong_file)
    type_code(page, section, code)
    press(section, "Check")
    result = section.locator("[data-exercise-result]")
    expect(result).to_contain_text("Not yet.", timeout=BOOT)
    expect(result).to_contain_text(hint)
    solution = (folder(lesson, exercise_id) / "solution.py").read_text(encoding="utf-8")
    type_code(page, section, solution)
    press(section, "Check")
    expect(result).to_contain_text("✓ Passed.", timeout=BOOT)
    expect(section).to_have_attribute("data-passed", "true")
    page.reload()
    section = exercise(page, exercise_id)
    expect(section).to_have_attribute("data-passed", "true")
    expect(code_editor(section)).to_contain_text(solution.strip().splitlines()[0])


def test_run_shows_output_and_traceback_at_the_learners_line(page: Page, site_url: str) -> None:
    """Run prints stdout and reports an error at the line of the learner's code."""
    page.goto(f"{site_url}lesson-3/")
    section = exercise(page, "best-epoch")
    type_code(page, section, 'print("epochs:", len(curves))\nx = 1\nprint(curves["no_such_column"])\n')
    press(section, "Run")
    output = section.locator("[data-exercise-output]")
    expect(output).to_contain_text("epochs: 20", timeout=BOOT)
    expect(output).to_contain_text("line 3")
    expect(output).to_contain_text("KeyError")


def test_hints_and_solution_after_confirmation(page: Page, site_url: str) -> None:
    """Hints come one at a time; the solution asks first, then can be copied in."""
    page.goto(f"{site_url}lesson-4/")
    section = exercise(page, "macro-f1")
    press(section, "Hint")
    expect(section.locator("[data-exercise-hints] p")).to_have_count(1, timeout=BOOT)
    expect(section.locator("[data-exercise-hints]")).to_contain_text("Hint 1 of")
    page.once("dialog", lambda dialog: dialog.accept())
    press(section, "Show solution")
    panel = section.locator("[data-exercise-solution-panel]")
    expect(panel).to_be_visible()
    section.get_by_role("button", name="Copy into the editor").click()
    press(section, "Check")
    expect(section.locator("[data-exercise-result]")).to_contain_text("✓ Passed.", timeout=BOOT)


RUNAWAY = [
    ("endless loop", "while True:\n    pass\n", "still running after 10 seconds"),
    # 32-bit WebAssembly refuses it outright (numpy: "array is too big").
    ("10 GB allocation", "import numpy as np\nbig = np.ones(10 * 1024**3 // 8)\n", "too big"),
    ("unbounded recursion", "def deeper(n):\n    return deeper(n + 1)\n\ndeeper(0)\n", "Recursion"),
    ("input()", 'name = input("Your name? ")\n', "input() is not available"),
]


@pytest.mark.own_context  # its clock
def test_runaway_code_is_stopped_and_the_page_recovers(page: Page, site_url: str) -> None:
    """Code that hangs, eats memory, recurses forever or waits for input never freezes the page.

    One visit for every case (each would boot Python with pandas once more):
    after each, the exercise runs again; at the end another exercise still passes.
    """
    page.clock.install()
    page.goto(f"{site_url}lesson-2/")
    section = exercise(page, "label-distribution")
    output = section.locator("[data-exercise-output]")
    for case, code, message in RUNAWAY:
        type_code(page, section, code)
        press(section, "Run")
        if case == "unbounded recursion":
            # Python's RecursionError, or JavaScript's stack limit first: either is reported.
            expect(output, case).to_contain_text(re.compile("RecursionError|stack|restarted"),
                                                 timeout=BOOT)
        elif case == "endless loop":
            outrun_the_time_limit(page, output, message)
        else:
            expect(output, case).to_contain_text(message, timeout=BOOT)
        # ...and the exercise runs again.
        type_code(page, section, f'print("still here after the {case}")\n')
        press(section, "Run")
        expect(output, case).to_contain_text(f"still here after the {case}", timeout=BOOT)
    # The page still answers: scrolling and the other widgets work.
    other = exercise(page, "rare-classes")
    other.scroll_into_view_if_needed()
    solution = (folder(2, "rare-classes") / "solution.py").read_text(encoding="utf-8")
    type_code(page, other, solution)
    press(other, "Check")
    expect(other.locator("[data-exercise-result]")).to_contain_text("✓ Passed.", timeout=BOOT)


def test_editor_keyboard_escape_and_reset(page: Page, site_url: str) -> None:
    """Tab indents inside the editor, Escape then Tab leaves it; Reset restores the starter."""
    page.goto(f"{site_url}lesson-4/")
    section = exercise(page, "confusion-matrix")
    starter = (folder(4, "confusion-matrix") / "starter.py").read_text(encoding="utf-8")
    content = code_editor(section)
    content.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.insert_text("x = 1")
    expect(content).to_contain_text("    x = 1")
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    expect(content).not_to_be_focused()
    expect(section.get_by_role("button", name="Run", exact=True)).to_be_focused()
    page.once("dialog", lambda dialog: dialog.accept())
    press(section, "Reset")
    expect(content).not_to_contain_text("x = 1")
    expect(content).to_contain_text(starter.strip().splitlines()[0])


def test_keyboard_alone_from_the_page_to_a_pass(page: Page, site_url: str) -> None:
    """Tab reaches the editor; keys run and check; Escape, Tab reach the buttons; focus stays put."""
    page.goto(f"{site_url}lesson-1/")
    section = exercise(page, "scope-three-filters")
    # From the top of the page, as a learner without a mouse starts: the
    # plain text box the exercise shows before its editor is made hands the
    # focus on to the editor.
    content = section.locator(".cm-content")
    tab_to(page, content)
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text('print("planning")\n')
    page.keyboard.press("Control+Enter")
    expect(section.locator("[data-exercise-output]")).to_have_text("planning", timeout=BOOT)
    expect(content).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text((folder(1, "scope-three-filters") / "solution.py").read_text(encoding="utf-8"))
    page.keyboard.press("Shift+Enter")
    expect(section.locator("[data-exercise-result]")).to_contain_text("✓ Passed.", timeout=BOOT)
    expect(content).to_be_focused()
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    expect(section.get_by_role("button", name="Run", exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    check = section.get_by_role("button", name="Check", exact=True)
    expect(check).to_be_focused()
    page.keyboard.press("Enter")
    expect(section.locator("[data-exercise-result]")).to_contain_text("✓ Passed.", timeout=BOOT)
    expect(check).to_be_focused()  # busy while it ran, but never dropped the focus
    expect(check).to_have_attribute("aria-disabled", "false")
    page.keyboard.press("Tab")
    expect(section.get_by_role("button", name="Hint", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(section.locator("[data-exercise-hints]")).to_contain_text("Hint 1 of")
    page.keyboard.press("Tab")
    expect(section.get_by_role("button", name="Show solution", exact=True)).to_be_focused()
    page.keyboard.press("Space")  # passed already: no confirmation needed
    expect(section.locator("[data-exercise-solution-panel]")).to_be_visible()


@pytest.mark.cold_python
def test_a_numpy_lesson_stores_a_snapshot_taken_before_its_packages(
    page: Page, site_url: str
) -> None:
    """A first visit to a lesson whose exercises use numpy stores Python's snapshot (taken
    before numpy loaded, as the worker's marks of its stages show; kept once the worker is
    idle); the next visit restores it, loads numpy on top, and runs the learner's code."""
    page.goto(f"{site_url}lesson-4/")
    section = exercise(page, "confusion-matrix")
    status = section.locator("[data-runtime-status]")
    expect(status).to_have_attribute("data-boot", "fresh", timeout=BOOT)
    assert list(python_stages(page)) == [
        "worker", "core", "pyodide", "engine", "snapshot", "packages", "ready"]
    stored_snapshot(page, site_url, fresh=True)
    page.reload()
    expect(status).to_have_attribute("data-boot", "snapshot", timeout=BOOT)
    # Restored: no engine to install, no snapshot to take; numpy on top.
    assert list(python_stages(page)) == ["worker", "core", "pyodide", "packages", "ready"]
    type_code(page, section, "import numpy as np\nprint(np.arange(3).sum())\n")
    press(section, "Run")
    expect(section.locator("[data-exercise-output]")).to_have_text("3", timeout=BOOT)
