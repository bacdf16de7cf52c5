"""Checks for confusion-heatmap: a heatmap of cm with named axes, and most_confused."""

import numpy as np

from quiz_engine.core.checks import CheckFailed, as_set, check, expect, expect_from_data, figure


def data():
    with np.load("data/leila_predictions.npz") as results:
        names = [str(name) for name in results["class_names"]]
        cm = np.zeros((12, 12), dtype=int)
        np.add.at(cm, (results["y_true"], results["y_pred"]), 1)
    return cm, names


def heatmap_axes(ns):
    """The axes of the learner's last figure that shows an image."""
    for axes in figure(ns).axes:
        if axes.images:
            return axes
    raise CheckFailed("your figure has no heatmap — draw `cm` with `plt.imshow(cm)`")


@check("the heatmap shows `cm` as it is: rows are true classes, columns predicted ones",
       hint="Draw the matrix itself, `plt.imshow(cm)`: row `i` is every photo of plant `i`.")
def heatmap_of_cm(ns):
    shown = np.asarray(heatmap_axes(ns).images[0])
    cm, _ = data()
    expect(shown.shape == cm.shape, f"your heatmap is {shown.shape[0]} × {shown.shape[-1]}, "
           "`cm` is 12 × 12")
    expect(not (np.array_equal(shown, cm.T) and not np.array_equal(shown, cm)),
           "your heatmap is transposed: its rows are the predicted classes — draw `cm`, "
           "not `cm.T`")
    expect(np.array_equal(shown, cm), "your heatmap does not show the counts of `cm`")


@check("both axes name the plants and say which is the true and which the predicted class",
       hint="`plt.xticks(range(12), class_names, rotation=90)`, `plt.yticks(range(12), "
            "class_names)`, then `plt.xlabel(\"predicted class\")` and "
            "`plt.ylabel(\"true class\")`.")
def named_axes(ns):
    axes = heatmap_axes(ns)
    _, names = data()
    for ticks, which in ((axes.xticklabels, "columns"), (axes.yticklabels, "rows")):
        expect([label for label in ticks if label] == names, f"the {which} of your heatmap "
               "show class numbers, not the plant names — a reader cannot tell which plant "
               "is which")
    expect("pred" in axes.xlabel.casefold(), f"the x axis is labelled {axes.xlabel!r}: say "
           "that the columns are the predicted class")
    expect("true" in axes.ylabel.casefold() or "actual" in axes.ylabel.casefold(),
           f"the y axis is labelled {axes.ylabel!r}: say that the rows are the true class")


@check("`most_confused` names the two plants confused most often, both directions counted",
       hint="Add `cm + cm.T`, set the diagonal to 0 (`np.fill_diagonal`), then find the largest "
            "entry with `np.unravel_index(pairs.argmax(), pairs.shape)`.")
def most_confused_pair(ns):
    found = {str(name) for name in as_set(ns["most_confused"], "`most_confused`")}
    cm, names = data()
    expect(len(found) == 2, f"`most_confused` is {sorted(found)}; expected two plant names")
    single = np.unravel_index((cm - np.diag(np.diag(cm))).argmax(), cm.shape)
    expect(found != {names[single[0]], names[single[1]]},
           f"{sorted(found)} is the largest single cell; add both directions, `cm + cm.T`, "
           "before looking for the maximum")
    pairs = cm + cm.T
    np.fill_diagonal(pairs, 0)
    i, j = np.unravel_index(pairs.argmax(), pairs.shape)
    expect(found == {names[i], names[j]}, f"`most_confused` is {sorted(found)}")


@check("`most_confused` is computed from `cm`",
       hint="Compute the pair from `cm` and `class_names`: the checks run your code again on "
            "another model's predictions, where another pair is confused most.")
def computed_from_cm(ns):
    expect_from_data(ns, ["most_confused"], where="`cm`",
                     files={"leila_predictions.npz": "variant_leila_predictions.npz"},
                     keys={"most_confused": lambda pair: {str(name) for name in pair}})
