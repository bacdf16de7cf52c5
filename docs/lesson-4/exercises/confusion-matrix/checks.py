"""Checks for confusion-matrix: cm and most_confused."""

import numpy as np

from quiz_engine.core.checks import CheckFailed, as_set, check, describe, expect, expect_from_data


def data():
    with np.load("data/leila_predictions.npz") as results:
        y_true, y_pred = results["y_true"], results["y_pred"]
        names = [str(name) for name in results["class_names"]]
    cm = np.zeros((12, 12), dtype=int)
    np.add.at(cm, (y_true, y_pred), 1)
    return cm, names


def matrix(ns):
    value = ns["cm"]
    cm = np.asarray(value)
    if cm.shape != (12, 12) or cm.dtype.kind not in "iu":
        raise CheckFailed(f"`cm` is {describe(value)}; expected a 12 × 12 array of integers")
    return cm


@check("`cm` counts all 600 photos in a 12 × 12 integer array",
       hint="Add one to `cm[true, predicted]` for every photo: "
            "`np.add.at(cm, (y_true, y_pred), 1)`.")
def counts_every_photo(ns):
    total = int(matrix(ns).sum())
    expect(total == 600, f"`cm` counts {total} photos; there are 600")


@check("rows are the true class and columns the predicted class",
       hint="Index as `cm[true, predicted]`: a row holds every photo that really shows that "
            "plant.")
def rows_are_true_classes(ns):
    cm = matrix(ns)
    expected, _ = data()
    expect(not (np.array_equal(cm, expected.T) and not np.array_equal(cm, expected)),
           "your rows are the predicted classes and your columns the true ones")
    expect(np.array_equal(cm, expected), "`cm` does not match the true and predicted classes")


@check("`most_confused` names the two classes confused most often, both directions counted",
       hint="Add `cm + cm.T`, set the diagonal to 0 (`np.fill_diagonal`), then find the largest "
            "entry with `np.unravel_index(pairs.argmax(), pairs.shape)`.")
def most_confused_pair(ns):
    found = {str(name) for name in as_set(ns["most_confused"], "`most_confused`")}
    cm, names = data()
    expect(len(found) != 1, lambda: (
        f"`most_confused` names only {sorted(found)[0]!r}: the diagonal holds the correct "
        "predictions — set it to 0 before looking for the largest entry"))
    expect(len(found) == 2, f"`most_confused` is {sorted(found)}; expected two class names")
    single = np.unravel_index((cm - np.diag(np.diag(cm))).argmax(), cm.shape)
    expect(found != {names[single[0]], names[single[1]]},
           f"{sorted(found)} is the largest single cell; add both directions, `cm + cm.T`, "
           "before looking for the maximum")
    pairs = cm + cm.T
    np.fill_diagonal(pairs, 0)
    i, j = np.unravel_index(pairs.argmax(), pairs.shape)
    expect(found == {names[i], names[j]}, f"`most_confused` is {sorted(found)}")


@check("`cm` and `most_confused` come from `y_true` and `y_pred`",
       hint="Compute both from `y_true`, `y_pred` and `class_names`: the checks run your code "
            "again on another model's predictions, where another pair is confused most.")
def computed_from_the_predictions(ns):
    expect_from_data(ns, ["cm", "most_confused"], where="`y_true` and `y_pred`",
                     files={"leila_predictions.npz": "variant_leila_predictions.npz"},
                     keys={"most_confused": lambda pair: {str(name) for name in pair}})
