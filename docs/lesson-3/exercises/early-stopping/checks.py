"""Checks for early-stopping: early_stopping() on Diego's curve and on made-up ones."""

import numpy as np

from quiz_engine.core.checks import as_number, as_sequence, check, expect, expect_from_data

DIEGO = [0.662, 0.571, 0.498, 0.451, 0.458, 0.455, 0.463, 0.470, 0.466, 0.474,
         0.481, 0.479, 0.487, 0.492, 0.490, 0.498, 0.503, 0.509, 0.514, 0.520]


def stop(ns, losses, patience):
    result = ns.function("early_stopping")(np.array(losses), patience)
    pair = as_sequence(result, "what early_stopping returned (expected a pair (best_epoch, "
                       "stopped_epoch))", length=2)
    return tuple(int(as_number(x, "an epoch it returned")) for x in pair)


@check("on Diego's curve with patience 3: best epoch 4, stopped after epoch 7",
       hint="Count the epochs since the best validation loss so far; stop as soon as that count "
            "reaches `patience`.")
def diego_with_patience_3(ns):
    best, stopped = stop(ns, DIEGO, 3)
    expect(best == 4, f"it returned best epoch {best}; the lowest validation loss is at epoch 4")
    expect(stopped != 18, "it stopped after epoch 18: are you comparing each epoch with the "
           "previous one? Compare with the best so far")
    expect(stopped != 8, "it stopped after epoch 8, one epoch late: with patience 3 the third "
           "epoch without improvement is the last")
    expect(stopped == 7, f"it stopped after epoch {stopped}")


@check("an improvement resets the wait",
       hint="When a loss beats the best so far, set the wait back to 0.")
def improvement_resets(ns):
    losses = [1.0, 0.9, 0.95, 0.96, 0.85, 0.9, 0.91, 0.92, 0.93]
    found = stop(ns, losses, 3)
    expect(found == (5, 8), f"on {losses} with patience 3 it returned {found}; expected (5, 8)")


@check("a loss equal to the best is not an improvement",
       hint="Only a loss strictly below the best counts: use `<`, not `<=`.")
def equal_is_not_better(ns):
    losses = [1.0, 0.8, 0.8, 0.8, 0.8, 0.7]
    found = stop(ns, losses, 3)
    expect(found == (2, 5), f"on {losses} with patience 3 it returned {found}; expected (2, 5)")


@check("without running out of patience, training runs to the last epoch",
       hint="After the loop, return `best_epoch, len(val_losses)`.")
def runs_to_the_end(ns):
    found = stop(ns, [3.0, 2.0, 1.0], 2)
    expect(found == (3, 3), f"on [3.0, 2.0, 1.0] it returned {found}; expected (3, 3)")


@check("`best_epoch` and `stopped_epoch` hold Diego's result",
       hint="Finish with `best_epoch, stopped_epoch = early_stopping(val_losses, patience=3)`.")
def diego_result(ns):
    found = tuple(as_number(ns[name], f"`{name}`") for name in ("best_epoch", "stopped_epoch"))
    expect(found == (4, 7), f"they are {found}; expected (4, 7)")


@check("`best_epoch` and `stopped_epoch` come from running it on `val_losses`",
       hint="Keep `best_epoch, stopped_epoch = early_stopping(val_losses, patience=3)`: the "
            "checks run your code again on another run's validation loss.")
def result_follows_the_data(ns):
    expect_from_data(ns, ["best_epoch", "stopped_epoch"], where="`val_losses`",
                     files={"diego_curves.csv": "variant_diego_curves.csv"})
