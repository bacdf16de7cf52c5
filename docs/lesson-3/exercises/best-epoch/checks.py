"""Checks for best-epoch: best_epoch, best_val_loss and final_gap."""

from quiz_engine.core.checks import check, expect, expect_from_data, number


@check("`best_epoch` is the epoch with the lowest validation loss",
       hint="Find the row with the smallest `val_loss` (`idxmin()`) and read its `epoch`.")
def lowest_validation_loss(ns):
    epoch = number(ns, "best_epoch")
    expect(epoch != 20, "epoch 20 is where the training loss is lowest; the checkpoint to keep "
           "is the one with the lowest validation loss")
    expect(epoch != 3, "3 is the row position of the best epoch: rows count from 0, epochs "
           "from 1 — read the `epoch` column")
    expect(epoch == 4, f"`best_epoch` is {epoch:g}")


@check("`best_val_loss` is the lowest validation loss",
       hint="Take `val_loss` from the same row as `best_epoch`, or `curves[\"val_loss\"].min()`.")
def best_loss(ns):
    loss = number(ns, "best_val_loss")
    expect(abs(loss - 0.451) < 1e-9, f"`best_val_loss` is {loss:.3f}")


@check("`final_gap` is validation loss minus training loss at epoch 20",
       hint="At the last epoch take `val_loss - train_loss`: a large positive gap means "
            "overfitting.")
def overfitting_gap(ns):
    gap = number(ns, "final_gap")
    expect(abs(gap + 0.40) > 1e-6, "`final_gap` is negative: subtract the training loss from "
           "the validation loss")
    expect(abs(gap - 0.40) < 1e-6, f"`final_gap` is {gap:.3f}")


@check("the three numbers are read from `curves`, so they follow the data",
       hint="Read every number from `curves` (`idxmin()`, `iloc[-1]`): the checks run your code "
            "again on another run's curves, where the best epoch is not 4.")
def read_from_the_curves(ns):
    expect_from_data(ns, ["best_epoch", "best_val_loss", "final_gap"], where="`curves`",
                     files={"diego_curves.csv": "variant_diego_curves.csv"})
