"""Checks for macro-f1: accuracy, f1, macro_f1 and weakest_class."""

import numpy as np

from quiz_engine.core.checks import as_numbers, check, describe, expect, expect_from_data, number


def data():
    with np.load("data/leila_predictions.npz") as results:
        y_true, y_pred = results["y_true"], results["y_pred"]
        names = [str(name) for name in results["class_names"]]
    cm = np.zeros((12, 12), dtype=int)
    np.add.at(cm, (y_true, y_pred), 1)
    correct = np.diag(cm)
    precision, recall = correct / cm.sum(axis=0), correct / cm.sum(axis=1)
    return cm, precision, recall, names


def scores(ns):
    return np.array(as_numbers(ns["f1"], "`f1` (one F1 per class)", length=12))


@check("`accuracy` is the fraction of photos predicted correctly",
       hint="Accuracy is the diagonal's sum over everything: `np.trace(cm) / cm.sum()`.")
def accuracy_fraction(ns):
    accuracy = number(ns, "accuracy")
    expect(0 <= accuracy <= 1, f"`accuracy` is {accuracy:.3f}; it must be a fraction between "
           "0 and 1")
    cm = data()[0]
    expect(abs(accuracy - np.trace(cm) / cm.sum()) < 1e-9, f"`accuracy` is {accuracy:.3f}")


@check("`f1` holds each class's F1, the harmonic mean of its precision and recall",
       hint="F1 is the harmonic mean: `2 * p * r / (p + r)`, which punishes a low precision or "
            "recall more than an average would.")
def f1_per_class(ns):
    found = scores(ns)
    _, precision, recall, _ = data()
    expect(not np.allclose(found, (precision + recall) / 2),
           "this is the arithmetic mean of precision and recall; F1 is their harmonic mean")
    expect(np.allclose(found, 2 * precision * recall / (precision + recall)),
           f"`f1` is {np.round(found, 3).tolist()}")


@check("`macro_f1` averages the 12 F1 scores with equal weight",
       hint="Macro: every class counts the same — a plain `f1.mean()`, not weighted by how many "
            "photos each class has.")
def macro_average(ns):
    found = number(ns, "macro_f1")
    cm, precision, recall, _ = data()
    f1 = 2 * precision * recall / (precision + recall)
    weighted = float((f1 * cm.sum(axis=1)).sum() / cm.sum())
    expect(abs(found - weighted) > 1e-9, "this weights the classes by their number of photos "
           "(the weighted F1)")
    expect(abs(found - f1.mean()) < 1e-9, f"`macro_f1` is {found:.4f}")


@check("`weakest_class` is the name of the class with the lowest F1",
       hint="`class_names[int(f1.argmin())]`")
def weakest(ns):
    found = ns["weakest_class"]
    _, precision, recall, names = data()
    expect(isinstance(found, str), f"`weakest_class` is {describe(found)}; give the class name")
    expect(found == names[int((2 * precision * recall / (precision + recall)).argmin())],
           f"`weakest_class` is {found!r}")


@check("the four results are computed from `cm`",
       hint="Compute everything from `cm` (and `class_names`): the checks run your code again on "
            "another model's predictions, with another accuracy.")
def computed_from_the_matrix(ns):
    expect_from_data(ns, ["accuracy", "f1", "macro_f1", "weakest_class"], where="`cm`",
                     files={"leila_predictions.npz": "variant_leila_predictions.npz"})
