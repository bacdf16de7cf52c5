"""Figures in the learner's code: shown in the output in order, named, and readable by checks."""

from __future__ import annotations

import base64
import os
import struct
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from quiz_engine.core import plots
from quiz_engine.core.checks import CheckFailed, Namespace, figure, figures
from quiz_engine.core.exercise_runner import check_code, run_code

ROOT = Path(__file__).resolve().parents[2]
PLOT = "import matplotlib.pyplot as plt\n"


def images(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The image items of a run's output."""
    return [item for item in result["output"] if item["type"] == "image"]


def png_size(item: dict[str, Any]) -> tuple[int, int]:
    """Width and height read from the image item's own PNG bytes."""
    data = base64.b64decode(item["data"])
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_show_puts_the_figure_between_the_printed_lines() -> None:
    """print, plt.show(), print: text, image, text — in that order."""
    code = PLOT + (
        "print('loss by epoch:')\n"
        "plt.plot([1, 2, 3], [0.7, 0.5, 0.6], label='validation')\n"
        "plt.title('Validation loss')\n"
        "plt.show()\n"
        "print('stop at epoch 2')\n"
    )
    result = run_code(code)
    assert result["exception"] is None
    kinds = [(item["type"], item.get("text") or item.get("title")) for item in result["output"]]
    assert kinds == [("text", "loss by epoch:\n"), ("image", "Validation loss"),
                     ("text", "stop at epoch 2\n")]
    image = images(result)[0]
    assert image["mime"] == "image/png"
    assert (image["width"], image["height"]) == png_size(image)
    assert 200 < image["width"] < 2000
    # What was printed is unchanged for the checks and older pages.
    assert result["stdout"] == "loss by epoch:\nstop at epoch 2\n"


def test_figures_left_open_are_shown_at_the_end_in_number_order() -> None:
    """No plt.show(): every open figure is shown after the last printed line."""
    code = PLOT + (
        "first = plt.figure(); plt.plot([1, 2]); plt.title('first')\n"
        "second = plt.figure(); plt.plot([2, 1]); plt.title('second')\n"
        "print('done')\n"
    )
    result = run_code(code)
    assert [item.get("title", item.get("text")) for item in result["output"]] == [
        "done\n", "first", "second"]


def test_a_figure_drawn_before_an_error_is_shown_before_the_traceback() -> None:
    """The learner sees what their code drew up to the line that failed."""
    result = run_code(PLOT + "plt.plot([1, 2])\nplt.title('before')\n1 / 0\n")
    assert result["exception"]["type"] == "ZeroDivisionError"
    assert [item["title"] for item in images(result)] == ["before"]


def test_the_title_says_what_the_figure_shows() -> None:
    """Suptitle first, else the axes' titles, else their axis labels; colour bars left out."""
    code = PLOT + (
        "fig = plt.figure(); fig.suptitle('Both runs'); plt.plot([1])\n"
        "plt.figure(); plt.subplot(1, 2, 1); plt.title('lr 0.1'); plt.subplot(1, 2, 2)\n"
        "plt.title('lr 0.001')\n"
        "plt.figure(); image = plt.imshow([[1, 2], [3, 4]]); plt.colorbar(image, label='photos')\n"
        "plt.xlabel('predicted'); plt.ylabel('true')\n"
        "plt.figure(); plt.plot([1, 2])\n"
    )
    titles = [item["title"] for item in images(run_code(code))]
    assert titles == ["Both runs", "lr 0.1; lr 0.001", "true by predicted", ""]


def test_code_without_matplotlib_never_imports_it() -> None:
    """A numpy-only run, and importing the plot modules, leave matplotlib unimported."""
    script = (
        "import sys\n"
        "import quiz_engine.core.plot_backend, quiz_engine.core.plots\n"
        "from quiz_engine.core.exercise_runner import check_code, run_code\n"
        "result = run_code('print(sum([1, 2]))')\n"
        "assert result['output'] == [{'type': 'text', 'text': '3\\n'}], result\n"
        "assert 'matplotlib' not in sys.modules, 'matplotlib was imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr


def test_runs_use_the_capturing_backend_and_leave_mplbackend_as_it_was(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Inside a run pyplot draws with Agg through the course's backend; MPLBACKEND is restored."""
    monkeypatch.setenv("MPLBACKEND", "agg")
    result = run_code(PLOT + "import matplotlib\nprint(matplotlib.get_backend())\n")
    assert result["stdout"] == plots.BACKEND + "\n"
    assert os.environ["MPLBACKEND"] == "agg"


def test_an_earlier_runs_figures_do_not_reach_the_next_run() -> None:
    """A figure left over by one run (or opened outside one) is not shown by the next."""
    import matplotlib.pyplot as plt

    plt.figure()
    plt.title("outside any run")
    run_code(PLOT + "plt.plot([1]); plt.title('first run')\n")
    result = run_code(PLOT + "print(len(plt.get_fignums()))\n")
    assert result["output"] == [{"type": "text", "text": "0\n"}]


def test_a_plotting_loop_shows_the_first_figures_and_says_how_many_more() -> None:
    """Past MAX_FIGURES the figures are counted, not drawn: a loop cannot fill memory."""
    code = PLOT + f"for n in range({plots.MAX_FIGURES + 3}):\n    plt.plot([n]); plt.show()\n"
    result = run_code(code)
    assert len(images(result)) == plots.MAX_FIGURES
    assert result["output"][-1]["text"].startswith("… 3 more figures not shown")


def test_a_huge_figure_is_drawn_at_a_lower_resolution() -> None:
    """A figure of 100 by 100 inches stays within MAX_PIXELS."""
    image = images(run_code(PLOT + "plt.figure(figsize=(100, 100)); plt.plot([1, 2])\n"))[0]
    width, height = png_size(image)
    assert width * height <= plots.MAX_PIXELS * 1.05


CHECKS = '''
from quiz_engine.core.checks import check, expect, figure

@check("both losses are plotted", hint="Plot val_loss too.")
def both(ns):
    axes = figure(ns).axes[0]
    labels = sorted(line.label for line in axes.lines)
    expect(labels == ["train", "validation"], f"the curves are {labels}")
'''


def test_a_check_sees_the_curves_of_a_shown_figure() -> None:
    """The checks read the figures shown with plt.show(), even though they were closed."""
    both = PLOT + ("plt.plot([1, 2, 3], [3, 2, 1], label='train')\n"
                   "plt.plot([1, 2, 3], [3, 2, 2.5], label='validation')\nplt.show()\n")
    assert check_code(both, checks_source=CHECKS)["passed"]
    one = PLOT + "plt.plot([1, 2, 3], [3, 2, 1], label='train')\nplt.show()\n"
    report = check_code(one, checks_source=CHECKS)
    assert report["checks"][0]["message"] == "the curves are ['train']"


def test_no_figure_fails_the_check_with_what_to_do() -> None:
    """figure(ns) on code that drew nothing fails the check, naming plt.plot and plt.show."""
    report = check_code("x = 1\n", checks_source=CHECKS)
    assert "your code draws no figure" in report["checks"][0]["message"]
    from matplotlib.figure import Figure

    with pytest.raises(CheckFailed, match="draws 1 figure, fewer than expected"):
        figure(Namespace({}, figures=(Figure(),)), index=3)


def test_reruns_on_variant_data_draw_nothing_into_the_output() -> None:
    """The learner's code run again by a check keeps its figures out of the run's output."""
    checks = '''
from quiz_engine.core.checks import check, expect

@check("follows n", hint="Use n.")
def follows(ns):
    expect(ns.variant(values={"n": 3}).learner["total"] == 3, "no")
'''
    code = PLOT + "total = n\nplt.plot([n]); plt.title(f'n is {n}'); plt.show()\n"
    report = check_code(code, setup="n = 2\n", checks_source=checks, solution="total = n\n")
    assert report["passed"], report
    assert [item["title"] for item in images(report["run"])] == ["n is 2"]


def test_the_records_of_curves_marks_images_and_labels() -> None:
    """describe_figure: curves with labels, marked x, imshow and pcolormesh arrays, ticks."""
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2)
    left.plot([1, 2, 3], [0.5, 0.4, 0.45], label="val")
    left.plot([1, 2, 3], [0.5, 0.3, 0.2])
    left.axvline(2, linestyle="--")
    left.axhline(0.4)
    left.scatter([3], [0.45])
    left.plot(1, 0.5, "o")
    left.legend()
    left.set(xlabel="epoch", ylabel="loss", title="losses")
    right.imshow([[1, 2], [3, 4]])
    right.pcolormesh([[5, 6], [7, 8]])
    right.set_xticks([0, 1], ["cat", "dog"])
    described = figures(Namespace({}, figures=(fig,)))[0]
    plt.close(fig)
    curves, heat = described.axes
    assert [(line.label, line.x, line.y) for line in curves.lines] == [
        ("val", (1.0, 2.0, 3.0), (0.5, 0.4, 0.45)), ("", (1.0, 2.0, 3.0), (0.5, 0.3, 0.2))]
    assert sorted(curves.marked_x) == [1.0, 2.0, 3.0]
    assert curves.legend == ("val",)
    assert (curves.title, curves.xlabel, curves.ylabel) == ("losses", "epoch", "loss")
    assert curves.line("VAL") is curves.lines[0] and curves.line("train") is None
    assert [image.tolist() for image in heat.images] == [[[1, 2], [3, 4]], [[5, 6], [7, 8]]]
    assert heat.xticklabels == ("cat", "dog")


def test_the_backend_module_is_imported_with_the_runner() -> None:
    """BACKEND names plot_backend, which the runner imports: the browser's preload(), called
    before a memory snapshot is taken, brings it in (a snapshot must hold it)."""
    script = (
        "import sys\n"
        "import quiz_engine.core.browser\n"
        "quiz_engine.core.browser.preload()\n"
        "from quiz_engine.core.plots import BACKEND\n"
        "assert BACKEND.removeprefix('module://') in sys.modules, sorted(sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
