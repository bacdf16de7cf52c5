"""Checks for class-weights: the normalised inverse-frequency `weights` and `ratio`."""

import numpy as np
import pandas as pd

from quiz_engine.core.checks import as_numbers, check, expect, expect_from_data, number

CLASS_ORDER = ["negative", "neutral", "positive"]


def frequency():
    """Each class's share of the posts, in the model's class order, from the data file."""
    labels = pd.read_csv("data/marcus_posts.csv")["label"]
    return labels.value_counts(normalize=True)[CLASS_ORDER].to_numpy()


def expected():
    inverse = 1 / frequency()
    return inverse / inverse.sum()


def weights_of(ns):
    """`weights` as a numpy array of three numbers (a list, tuple, array or Series)."""
    return np.array(as_numbers(ns["weights"], "`weights`", length=3))


@check("`weights` holds one number per class (three in all)",
       hint="Make `weights` one number per class in `class_order`: a numpy array (a list or a "
            "Series works too).")
def one_weight_per_class(ns):
    weights_of(ns)


@check("the weights add up to 1",
       hint="Normalise: divide the inverse frequencies by their sum.")
def normalised(ns):
    total = weights_of(ns).sum()
    expect(abs(total - 1) < 1e-6, f"your weights add up to {total:.3f}")


@check("each class is weighted by 1 / its frequency, so the rarest class weighs most",
       hint="Weight each class by 1 / its frequency, so rare classes count more in the loss.")
def inverse_frequency(ns):
    weights = np.sort(weights_of(ns))
    expect(not np.allclose(weights, np.sort(frequency()), atol=1e-6),
           "these are the class frequencies themselves: the rare class must get the largest weight")
    expect(np.allclose(weights, np.sort(expected()), atol=1e-4),
           f"your weights, sorted, are {np.round(weights, 3).tolist()}; expected "
           f"{np.round(np.sort(expected()), 3).tolist()}")


@check("the weights follow `class_order`: negative, neutral, positive",
       hint="Put the weights in `class_order` (negative, neutral, positive) — `value_counts()` "
            "sorts by count instead.")
def in_class_order(ns):
    weights, wanted = weights_of(ns), expected()
    expect(np.allclose(weights, wanted, atol=1e-4),
           f"your weights are {np.round(weights, 3).tolist()}, so output 0 (negative) gets "
           f"{weights[0]:.3f}; expected {np.round(wanted, 3).tolist()}")


@check("`ratio` says how many times more a negative post counts than a neutral one",
       hint="Divide the negative class's weight by the neutral class's: `weights[0] / weights[1]`.")
def negative_to_neutral(ns):
    ratio = number(ns, "ratio")
    wanted = expected()
    expected_ratio = wanted[0] / wanted[1]
    expect(abs(ratio - 1 / expected_ratio) > 1e-3, "`ratio` is upside down: divide the negative "
           "weight by the neutral one")
    expect(abs(ratio - expected_ratio) < 1e-3, f"`ratio` is {ratio:.3f}")


@check("the weights are computed from the labels in `posts`",
       hint="Compute the frequencies from `posts[\"label\"]` (`value_counts(normalize=True)`): "
            "the checks run your code again on another sample of posts, with other shares.")
def computed_from_the_data(ns):
    expect_from_data(ns, ["weights", "ratio"], where="`posts`", tolerance=1e-4,
                     files={"marcus_posts.csv": "variant_marcus_posts.csv"})
