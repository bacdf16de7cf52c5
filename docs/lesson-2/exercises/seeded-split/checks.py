"""Checks for seeded-split: make_split(), the three index arrays and split_indices.npz."""

import os

import numpy as np

from quiz_engine.core.checks import CheckFailed, as_sequence, check, describe, expect

NAMES = ("train_idx", "val_idx", "test_idx")
SIZES = (1400, 300, 300)


def index_array(value, what):
    array = np.asarray(value)
    if array.ndim != 1 or array.dtype.kind not in "iu":
        raise CheckFailed(f"{what} is {describe(value)}; expected a 1-D array of row positions")
    return array


def learner_split(ns):
    return [index_array(ns[name], f"`{name}`") for name in NAMES]


def call_split(ns, n, seed):
    result = ns.function("make_split")(n, seed)
    if isinstance(result, str) or not hasattr(result, "__len__") or len(result) != 3:
        raise CheckFailed(f"make_split returned {describe(result)}; expected three arrays: "
                          "(train_idx, val_idx, test_idx)")
    parts = as_sequence(result, "make_split's result") if not hasattr(result, "shape") else result
    return [index_array(part, f"part {i + 1} of make_split's result")
            for i, part in enumerate(parts)]


@check("train, validation and test hold 1,400 / 300 / 300 posts",
       hint="70 % of 2,000 is 1,400 and 15 % is 300: slice the shuffled positions at `n_train` "
            "and at `n_train + n_val`.")
def sizes(ns):
    found = tuple(len(part) for part in learner_split(ns))
    expect(found == SIZES, f"the sizes are {found}; expected {SIZES}")


@check("every post is in exactly one of the three sets",
       hint="The three slices must not overlap: each one starts where the previous one ends.")
def no_overlap(ns):
    parts = learner_split(ns)
    together = np.concatenate(parts)
    repeated = len(together) - len(np.unique(together))
    expect(repeated == 0, f"{repeated} position(s) appear in more than one set")
    missing = 2000 - len(np.intersect1d(together, np.arange(2000)))
    expect(missing == 0, f"{missing} post(s) are in none of the three sets")


@check("the positions are shuffled before splitting",
       hint="Shuffle before slicing, e.g. `order = rng.permutation(n)`: Marcus's rows are not "
            "in a random order.")
def shuffled(ns):
    train = learner_split(ns)[0]
    expect(not np.array_equal(np.sort(train), np.arange(len(train))),
           "`train_idx` is simply the first 1,400 rows")


@check("make_split gives the same split for the same seed, and another for another seed",
       hint="Draw from `np.random.default_rng(seed)` inside make_split — the global "
            "`np.random` functions give a new split on every run.")
def reproducible(ns):
    first, again = call_split(ns, 2000, 42), call_split(ns, 2000, 42)
    other = call_split(ns, 2000, 7)
    expect(all(np.array_equal(a, b) for a, b in zip(first, again)),
           "two calls with seed 42 gave different splits")
    expect(not np.array_equal(first[0], other[0]), "seeds 42 and 7 gave the same split")


@check("make_split works for any number of rows: 70 % / 15 % / 15 % of `n`",
       hint="Compute the sizes from `n` (`int(n * 0.70)`, `int(n * 0.15)`) instead of "
            "writing 1,400 and 300: the same function must split your own project's data.")
def any_size(ns):
    for n in (1000, 40):
        parts = call_split(ns, n, 0)
        found = tuple(len(part) for part in parts)
        wanted = (int(n * 0.70), int(n * 0.15))
        expect(found[:2] == wanted and sum(found) == n,
               f"make_split({n}) gave sizes {found}; expected {wanted + (n - sum(wanted),)} — "
               "your sizes match the lesson's numbers, but not the `n` you were given")
        together = np.sort(np.concatenate(parts))
        expect(np.array_equal(together, np.arange(n)),
               f"make_split({n}) does not use every position 0 … {n - 1} exactly once")


@check("split_indices.npz holds the arrays `train`, `val` and `test`",
       hint='`np.savez("split_indices.npz", train=train_idx, val=val_idx, test=test_idx)` '
            "saves all three in one file.")
def saved_file(ns):
    expect(os.path.exists("split_indices.npz"), "there is no file named split_indices.npz")
    with np.load("split_indices.npz") as archive:
        expect(set(archive.files) >= {"train", "val", "test"},
               f"the file holds {sorted(archive.files)}; expected train, val and test")
        for key, part in zip(("train", "val", "test"), learner_split(ns)):
            expect(np.array_equal(archive[key], part), f"`{key}` in the file is not your {key} set")


@check("`saved` is the file loaded back, and matches the split",
       hint='Load the file back with `saved = np.load("split_indices.npz")`.')
def loaded_back(ns):
    saved = ns["saved"]
    expect(hasattr(saved, "files") or isinstance(saved, dict),
           f"`saved` is {describe(saved)}; expected what np.load returns")
    for key, part in zip(("train", "val", "test"), learner_split(ns)):
        expect(np.array_equal(saved[key], part), f"saved[{key!r}] does not match your split")
