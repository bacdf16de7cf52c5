"""Checks for look-at-the-curves: stop_epoch, and a figure of both losses with the stop marked."""

import pandas as pd

from quiz_engine.core.checks import CheckFailed, check, expect, expect_from_data, figure, number

LOSSES = {"train_loss": "training", "val_loss": "validation"}


def loss_axes(ns):
    """The axes of the learner's last figure that holds curves."""
    for axes in figure(ns).axes:
        if axes.lines:
            return axes
    raise CheckFailed("your figure has no curves — draw each loss with `plt.plot(x, y, label=...)`")


def close(found, expected):
    return len(found) == len(expected) and all(abs(a - b) < 1e-9 for a, b in zip(found, expected))


def curve(axes, column):
    """The learner's curve of ``column`` (matched by its values), or None."""
    values = [float(v) for v in pd.read_csv("data/diego_curves.csv")[column]]
    return next((line for line in axes.lines if close(line.y, values)), None)


@check("`stop_epoch` is the epoch with the lowest validation loss",
       hint="Find the row with the smallest `val_loss` (`idxmin()`) and read its `epoch`.")
def lowest_validation_loss(ns):
    epoch = number(ns, "stop_epoch")
    expect(epoch != 20, "epoch 20 is where the training loss is lowest; stop where the "
           "validation loss is")
    expect(epoch != 3, "3 is the row position of that epoch: rows count from 0, epochs from 1 "
           "— read the `epoch` column")
    expect(epoch == 4, f"`stop_epoch` is {epoch:g}")


@check("the figure shows the training and the validation loss, by epoch",
       hint="Plot both on one figure before `plt.show()`: "
            "`plt.plot(curves[\"epoch\"], curves[\"val_loss\"], label=\"validation loss\")`.")
def both_curves(ns):
    axes = loss_axes(ns)
    found = {column: curve(axes, column) for column in LOSSES}
    missing = [column for column, line in found.items() if line is None]
    expect(len(missing) < 2, "neither curve of your figure is `train_loss` or `val_loss`")
    expect(not missing, lambda: (
        f"your figure has no `{missing[0]}` curve: the {LOSSES[missing[0]]} loss belongs beside "
        "the other one — the gap between them is what you look for"))
    epochs = [float(e) for e in pd.read_csv("data/diego_curves.csv")["epoch"]]
    for line in found.values():
        expect(not close(line.x, [float(row) for row in range(len(epochs))]),
               "your curves are plotted against the row number (0–19), not the epoch: pass "
               "`curves[\"epoch\"]` as x")
        expect(close(line.x, epochs), "your curves are not plotted against `curves[\"epoch\"]`")


@check("each curve has a label and the axes say what they show",
       hint="Give `plt.plot` a `label=` for each loss, then name the axes with `plt.xlabel` "
            "and `plt.ylabel`.")
def labelled(ns):
    axes = loss_axes(ns)
    unlabelled = [column for column in LOSSES if (line := curve(axes, column)) and not line.label]
    expect(not unlabelled, lambda: f"the `{unlabelled[0]}` curve has no label: give each "
           "curve a `label=`, so the legend tells them apart")
    expect(axes.xlabel and axes.ylabel, "an axis of your figure has no label: name them with "
           "`plt.xlabel(\"epoch\")` and `plt.ylabel(\"loss\")`")


@check("the figure marks `stop_epoch`",
       hint="`plt.axvline(stop_epoch, linestyle=\"--\")` draws a vertical line at that epoch.")
def stop_is_marked(ns):
    axes = loss_axes(ns)
    epoch = number(ns, "stop_epoch")
    expect(axes.marked_x, "nothing on your figure marks an epoch: draw a vertical line at "
           "`stop_epoch`")
    expect(any(abs(x - epoch) < 1e-9 for x in axes.marked_x), lambda: (
        f"your figure marks epoch {axes.marked_x[0]:g}, but `stop_epoch` is {epoch:g}"))


@check("`stop_epoch` is read from `curves`, so it follows the data",
       hint="Compute it from `curves` (`idxmin()`): the checks run your code again on another "
            "run's curves, where the best epoch is not 4.")
def read_from_the_curves(ns):
    expect_from_data(ns, ["stop_epoch"], where="`curves`",
                     files={"diego_curves.csv": "variant_diego_curves.csv"})
