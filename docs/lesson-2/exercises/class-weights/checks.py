"""Checks for class-weights: the normalised inverse-frequency `weights`."""

import numpy as np

from quiz_engine.core.checks import CheckFailed, check, describe, expect

FREQUENCY = np.array([0.08, 0.73, 0.19])  # negative, neutral, positive
EXPECTED = (1 / FREQUENCY) / (1 / FREQUENCY).sum()


def weights_of(ns):
    value = ns["weights"]
    try:
        weights = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as error:
        raise CheckFailed(f"`weights` is {describe(value)}, not a list of numbers") from error
    if weights.shape != (3,):
        raise CheckFailed(f"`weights` has shape {weights.shape}; expected (3,), one per class")
    return weights


@check("`weights` holds one number per class (three in all)",
       hint="Make `weights` a numpy array with one entry per class in `class_order`.")
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
    expect(not np.allclose(weights, np.sort(FREQUENCY), atol=1e-6),
           "these are the class frequencies themselves: the rare class must get the largest weight")
    expect(np.allclose(weights, np.sort(EXPECTED), atol=1e-4),
           f"your weights, sorted, are {np.round(weights, 3).tolist()}; expected "
           f"{np.round(np.sort(EXPECTED), 3).tolist()}")


@check("the weights follow `class_order`: negative, neutral, positive",
       hint="Put the weights in `class_order` (negative, neutral, positive) — `value_counts()` "
            "sorts by count instead.")
def in_class_order(ns):
    weights = weights_of(ns)
    expect(np.allclose(weights, EXPECTED, atol=1e-4),
           f"your weights are {np.round(weights, 3).tolist()}, so output 0 (negative) gets "
           f"{weights[0]:.3f}; expected {np.round(EXPECTED, 3).tolist()}")


@check("`ratio` says how many times more a negative post counts than a neutral one",
       hint="Divide the negative class's weight by the neutral class's: `weights[0] / weights[1]`.")
def negative_to_neutral(ns):
    value = ns["ratio"]
    try:
        ratio = float(value)
    except (TypeError, ValueError) as error:
        raise CheckFailed(f"`ratio` is {describe(value)}, not a number") from error
    expected = EXPECTED[0] / EXPECTED[1]
    expect(abs(ratio - 1 / expected) > 1e-3, "`ratio` is upside down: divide the negative "
           "weight by the neutral one")
    expect(abs(ratio - expected) < 1e-3, f"`ratio` is {ratio:.3f}")
