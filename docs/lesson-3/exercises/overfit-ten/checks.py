"""Checks for overfit-ten: a training loop that drives the loss on ten examples to near zero."""

import numpy as np

from quiz_engine.core.checks import (
    DIFFERENT_DATA,
    as_numbers,
    as_sequence,
    check,
    expect,
    number,
)

NEAR_ZERO = 0.05
VARIANT = {"diego_ten_examples.npz": "variant_diego_ten_examples.npz"}


def ten_other_examples():
    """Ten separable examples the learner has not seen (built like Diego's)."""
    rng = np.random.default_rng(7)
    y = np.array([0, 1] * 5)
    direction = rng.normal(0, 1, size=5)
    direction /= np.linalg.norm(direction)
    X = rng.normal(0, 1, size=(10, 5))
    margin = X @ direction
    X += np.outer(np.where(y == 1, 1.0, -1.0) * (0.8 + np.abs(margin)) - margin, direction)
    return X.round(3), y


def losses_of(ns, X, y):
    result = as_sequence(ns.function("train")(X, y), "what train returned (expected "
                         "(w, b, losses))", length=3)
    return as_numbers(result[2], "the losses train returned", length=300)


@check("`train` returns `(w, b, losses)`, one loss per epoch",
       hint="Keep `return w, b, losses`, with one loss appended per epoch (300 with the "
            "defaults).")
def one_loss_per_epoch(ns):
    ten = np.load("data/diego_ten_examples.npz")
    losses_of(ns, ten["X"], ten["y"])


@check("`final_loss` is the last training loss of your run",
       hint="`final_loss = losses[-1]`: the number to read, not one to type in.")
def final_is_last(ns):
    final, last = number(ns, "final_loss"), as_numbers(ns["losses"], "`losses`")[-1]
    expect(abs(final - last) < 1e-9, f"`final_loss` is {final:g}, but your run ended at "
           f"{last:.4f} — take it from `losses[-1]`")


@check("on Diego's ten examples, the training loss falls to near zero (below 0.05)",
       hint="A loop that cannot overfit ten examples has a bug. Shuffling is fine, but each "
            "label must move with its own example: shuffle `y` with the same `order` as `X`.")
def overfits_ten(ns):
    final = number(ns, "final_loss")
    expect(final < NEAR_ZERO, f"the training loss ends at {final:.3f}, nowhere near zero "
           "(0.69 is what a 50/50 guess scores): the loop is not learning what it sees")


@check("on ten other examples, `train` drives the loss to near zero too",
       hint="Fix the loop itself rather than its result: `train` must overfit any ten "
            "separable examples with `lr=1.0` and `epochs=300`.")
def overfits_other_ten(ns):
    X, y = ten_other_examples()
    last = losses_of(ns, X, y)[-1]
    expect(last < NEAR_ZERO, f"on ten other examples the loss ends at {last:.3f}")


@check("`final_loss` follows the data: on another ten of Diego's examples it is still the "
       "run's last loss",
       hint="Compute `final_loss` from the run (`losses[-1]`): the checks run your code again "
            "on another ten examples.")
def follows_the_data(ns):
    variant = ns.variant(VARIANT).learner
    final, last = number(variant, "final_loss"), as_numbers(variant["losses"], "`losses`")[-1]
    expect(abs(final - last) < 1e-9 and final < NEAR_ZERO,
           f"run again on {DIFFERENT_DATA}, your `final_loss` is {final:g} while the run ended "
           f"at {last:.4f}: your numbers match the lesson's story, but not the data in `X` and "
           "`y` — compute them from the data")
