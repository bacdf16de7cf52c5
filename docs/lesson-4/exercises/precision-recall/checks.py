"""Checks for precision-recall: precision, recall and low_recall_class."""

import numpy as np

from quiz_engine.core.checks import as_numbers, check, describe, expect, expect_from_data


def data():
    with np.load("data/leila_predictions.npz") as results:
        y_true, y_pred = results["y_true"], results["y_pred"]
        names = [str(name) for name in results["class_names"]]
    cm = np.zeros((12, 12), dtype=int)
    np.add.at(cm, (y_true, y_pred), 1)
    correct = np.diag(cm)
    return correct / cm.sum(axis=0), correct / cm.sum(axis=1), names


def per_class(ns, name):
    return np.array(as_numbers(ns[name], f"`{name}` (one number per class)", length=12))


@check("`precision` holds each class's precision",
       hint="Precision divides the diagonal by each column's sum (`axis=0`): everything the model "
            "predicted as that class.")
def precision_per_class(ns):
    found = per_class(ns, "precision")
    precision, recall, _ = data()
    expect(not np.allclose(found, recall), "these are the recalls: precision divides by the "
           "column sums")
    expect(np.allclose(found, precision), f"`precision` is {np.round(found, 2).tolist()}")


@check("`recall` holds each class's recall",
       hint="Recall divides the diagonal by each row's sum (`axis=1`): every photo that truly is "
            "that class.")
def recall_per_class(ns):
    found = per_class(ns, "recall")
    precision, recall, _ = data()
    expect(not np.allclose(found, precision), "these are the precisions: recall divides by the "
           "row sums")
    expect(np.allclose(found, recall), f"`recall` is {np.round(found, 2).tolist()}")


@check("`low_recall_class` is the name of the class with the lowest recall",
       hint="Take `recall.argmin()` and look the position up in `class_names`.")
def lowest_recall(ns):
    found = ns["low_recall_class"]
    precision, recall, names = data()
    expect(isinstance(found, str), f"`low_recall_class` is {describe(found)}; give the class "
           "name from `class_names`")
    expect(found != names[int(precision.argmin())],
           f"{found!r} is the class with the lowest precision, not the lowest recall")
    expect(found == names[int(recall.argmin())], f"`low_recall_class` is {found!r}")


@check("the results are computed from `cm`",
       hint="Compute everything from `cm` (and `class_names`): the checks run your code again on "
            "another model's predictions, where another class is caught least.")
def computed_from_the_matrix(ns):
    expect_from_data(ns, ["precision", "recall", "low_recall_class"], where="`cm`",
                     files={"leila_predictions.npz": "variant_leila_predictions.npz"})
