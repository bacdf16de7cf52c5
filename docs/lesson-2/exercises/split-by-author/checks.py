"""Checks for split-by-author: train_idx and test_idx with no author on both sides."""

import numpy as np
import pandas as pd

from quiz_engine.core.checks import CheckFailed, check, describe, expect

N_POSTS = 2000


def positions(ns, name):
    value = ns[name]
    array = np.asarray(value)
    if array.ndim != 1 or array.dtype.kind not in "iu":
        raise CheckFailed(f"`{name}` is {describe(value)}: it seems to hold author ids or "
                          "labels, not row positions")
    if len(array) and (array.min() < 0 or array.max() >= N_POSTS):
        raise CheckFailed(f"`{name}` holds numbers outside 0 … {N_POSTS - 1}")
    return array


def authors():
    return pd.read_csv("data/marcus_posts.csv")["author_id"].to_numpy()


@check("`train_idx` and `test_idx` hold row positions in `posts`",
       hint="`train_idx` and `test_idx` hold row positions (0 … 1,999), e.g. from "
            "`np.flatnonzero(mask)` — not author ids.")
def row_positions(ns):
    positions(ns, "train_idx")
    positions(ns, "test_idx")


@check("every post is on exactly one side",
       hint="Every post belongs to exactly one side: test = the posts of the test authors, "
            "train = all the others.")
def each_post_once(ns):
    train, test = positions(ns, "train_idx"), positions(ns, "test_idx")
    both = np.intersect1d(train, test)
    expect(len(both) == 0, f"{len(both)} posts are in both train and test")
    missing = N_POSTS - len(np.union1d(train, test))
    expect(missing == 0, f"{missing} posts are on neither side")


@check("no author has posts on both sides",
       hint="Split the authors, not the posts: choose the test authors first, then take all "
            "of their posts.")
def no_shared_author(ns):
    author = authors()
    train, test = positions(ns, "train_idx"), positions(ns, "test_idx")
    shared = sorted(set(author[train]) & set(author[test]))
    expect(not shared, f"{len(shared)} authors have posts on both sides, e.g. {shared[:3]}")


@check("about a fifth of the authors (60 of 300) are in the test set",
       hint="Pick a fifth of the authors: `size=len(authors) // 5`.")
def a_fifth_of_authors(ns):
    test_authors = len(set(authors()[positions(ns, "test_idx")]))
    expect(55 <= test_authors <= 65, f"the test set has posts by {test_authors} authors")
