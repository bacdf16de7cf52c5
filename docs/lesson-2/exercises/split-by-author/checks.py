"""Checks for split-by-author: train_idx and test_idx with no author on both sides."""

import os

import numpy as np
import pandas as pd

from quiz_engine.core.checks import DIFFERENT_DATA, CheckFailed, check, describe, expect

N_POSTS = 2000
VARIANT = {"marcus_posts.csv": "variant_marcus_posts.csv"}


def positions(ns, name):
    value = ns[name]
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):
        array = np.asarray([])
    if array.ndim != 1 or (len(array) and array.dtype.kind not in "iu"):
        raise CheckFailed(f"`{name}` is {describe(value)}: it seems to hold author ids or "
                          "labels, not row positions")
    if len(array) and (array.min() < 0 or array.max() >= N_POSTS):
        raise CheckFailed(f"`{name}` holds numbers outside 0 … {N_POSTS - 1}")
    return array


def authors(file="marcus_posts.csv"):
    return pd.read_csv(os.path.join("data", file))["author_id"].to_numpy()


def shared_authors(author, train, test):
    return sorted(set(author[train]) & set(author[test]))


def test_author_count(author, test):
    return len(set(author[test]))


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
    shared = shared_authors(authors(), positions(ns, "train_idx"), positions(ns, "test_idx"))
    expect(not shared, f"{len(shared)} authors have posts on both sides, e.g. {shared[:3]}")


@check("about a fifth of the authors (60 of 300) are in the test set",
       hint="Pick a fifth of the authors: `size=len(authors) // 5`.")
def a_fifth_of_authors(ns):
    count = test_author_count(authors(), positions(ns, "test_idx"))
    expect(55 <= count <= 65, f"the test set has posts by {count} authors")


@check("the split follows the data: on other posts, still by author and a fifth of them",
       hint="Take the authors from `posts[\"author_id\"].unique()` and a fifth of however many "
            "there are (`len(authors) // 5`): the checks run your code again on another sample "
            "of posts, by 240 authors.")
def follows_the_data(ns):
    variant = ns.variant(VARIANT).learner
    author = authors(VARIANT["marcus_posts.csv"])
    train, test = positions(variant, "train_idx"), positions(variant, "test_idx")
    on_variant = f"run again on {DIFFERENT_DATA}"
    expect(len(np.union1d(train, test)) == N_POSTS and not len(np.intersect1d(train, test)),
           f"{on_variant}, your split does not put every post on exactly one side — "
           "compute it from `posts`, not from fixed positions")
    shared = shared_authors(author, train, test)
    expect(not shared, f"{on_variant}, {len(shared)} authors have posts on both sides: your "
           "split matches the lesson's numbers, but not the data in `posts` — compute it from "
           "the data")
    count, wanted = test_author_count(author, test), len(set(author)) // 5
    expect(abs(count - wanted) <= 5,
           f"{on_variant}, by {len(set(author))} authors, your test set has posts by {count} "
           f"authors instead of a fifth ({wanted}): your split matches the lesson's numbers, but "
           "not the data in `posts` — use `len(authors) // 5`")
