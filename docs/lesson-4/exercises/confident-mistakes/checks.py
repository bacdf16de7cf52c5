"""Checks for confident-mistakes: confident_mistakes and mistake_pairs."""

import numpy as np

from quiz_engine.core.checks import (
    CheckFailed,
    as_mapping,
    as_sequence,
    check,
    describe,
    expect,
    expect_from_data,
)


def data():
    with np.load("data/leila_predictions.npz") as results:
        probs, y_true = results["probs"], results["y_true"]
        names = [str(name) for name in results["class_names"]]
    predicted, confidence = probs.argmax(axis=1), probs.max(axis=1)
    wrong = predicted != y_true
    return wrong, confidence, predicted, y_true, names


def positions(ns):
    value = ns["confident_mistakes"]
    array = np.asarray(as_sequence(value, "`confident_mistakes`"))
    if array.ndim != 1 or (len(array) and array.dtype.kind not in "iu"):
        raise CheckFailed(f"`confident_mistakes` is {describe(value)}; expected the positions "
                          "of photos (integers)")
    return array


@check("`confident_mistakes` holds the wrong predictions made with confidence above 0.9",
       hint="Combine the two conditions: `(predicted != y_true) & (confidence > 0.9)`, with "
            "`predicted` and `confidence` taken along `axis=1`.")
def wrong_and_confident(ns):
    found = set(positions(ns).tolist())
    wrong, confidence, *_ = data()
    right = [i for i in found if 0 <= i < len(wrong) and not wrong[i]]
    expect(not right, f"{len(right)} of your photos were predicted correctly (the model got "
           "them right); keep only the predictions that differ from `y_true`")
    unsure = [i for i in found if 0 <= i < len(wrong) and confidence[i] <= 0.9]
    expect(not unsure, f"{len(unsure)} of your photos are mistakes made with confidence 0.9 or "
           "less")
    expected = set(np.flatnonzero(wrong & (confidence > 0.9)).tolist())
    expect(found == expected, f"you found {len(found)} photos; there are {len(expected)}")


@check("`confident_mistakes` is in increasing order",
       hint="`np.flatnonzero(mask)` gives the positions in order; `np.sort` sorts others.")
def in_order(ns):
    found = positions(ns)
    expect(np.all(np.diff(found) > 0), "the positions are not in increasing order")


@check("`mistake_pairs` counts each (true class, predicted class) pair among them",
       hint="Look both numbers up in `class_names`: the key is "
            "`(class_names[y_true[i]], class_names[predicted[i]])`, true class first.")
def pairs_counted(ns):
    found = as_mapping(ns["mistake_pairs"], "`mistake_pairs`")
    expect(found, "`mistake_pairs` is empty")
    wrong, confidence, predicted, y_true, names = data()
    expected = {}
    for i in np.flatnonzero(wrong & (confidence > 0.9)):
        pair = (names[y_true[i]], names[predicted[i]])
        expected[pair] = expected.get(pair, 0) + 1
    found = {tuple(str(part) for part in key) if isinstance(key, tuple) else key: int(count)
             for key, count in found.items()}
    reversed_pairs = {(b, a): n for (a, b), n in expected.items()}
    expect(found != reversed_pairs, "your pairs are (predicted, true); put the true class first")
    expect(found == expected, f"`mistake_pairs` is {found}")


def pair_counts(pairs):
    return {tuple(str(part) for part in key): int(count)
            for key, count in as_mapping(pairs, "`mistake_pairs`").items()}


@check("both results come from `probs` and `y_true`",
       hint="Compute both from `probs`, `y_true` and `class_names`: the checks run your code "
            "again on another model's outputs.")
def computed_from_the_outputs(ns):
    expect_from_data(ns, ["confident_mistakes", "mistake_pairs"], where="`probs` and `y_true`",
                     files={"leila_predictions.npz": "variant_leila_predictions.npz"},
                     keys={"confident_mistakes": lambda found: [int(i) for i in found],
                           "mistake_pairs": pair_counts})
