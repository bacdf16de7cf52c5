"""Checks for find-the-leak: leaked_authors, leaked_posts and leak_share."""

import numpy as np
import pandas as pd

from quiz_engine.core.checks import CheckFailed, as_set, check, expect, expect_from_data, number

VARIANT = {"marcus_posts.csv": "variant_marcus_posts.csv",
           "marcus_naive_split.npz": "variant_marcus_naive_split.npz"}


def expected():
    """The leak, measured from the data files themselves."""
    authors = pd.read_csv("data/marcus_posts.csv")["author_id"].to_numpy()
    with np.load("data/marcus_naive_split.npz") as split:
        train, test = authors[split["train_idx"]], authors[split["test_idx"]]
    leaked = set(train) & set(test)
    posts = int(np.isin(test, list(leaked)).sum())
    return leaked, posts, len(test)


@check("`leaked_authors` holds every author with posts in both train and test",
       hint="Collect the authors of the training posts and of the test posts, and intersect "
            "the two sets.")
def leaked_author_set(ns):
    found = {str(author) for author in as_set(ns["leaked_authors"], "`leaked_authors`")}
    leaked, _, _ = expected()
    expect(found, "`leaked_authors` is empty — compare `author_id`s: every post has its own "
           "`post_id`, so post ids never repeat")
    if found - leaked:
        raise CheckFailed(f"{len(found - leaked)} of your authors are not on both sides, "
                          f"e.g. {sorted(found - leaked)[0]!r}")
    expect(found == leaked, f"you found {len(found)} leaked authors; there are {len(leaked)}")


@check("`leaked_posts` counts the test posts whose author also has training posts",
       hint="Count test posts, not authors: `test_posts[\"author_id\"].isin(train_authors).sum()`.")
def leaked_post_count(ns):
    found = number(ns, "leaked_posts")
    leaked, posts, _ = expected()
    expect(found != len(leaked), f"{found:g} is the number of leaked authors; count the test "
           "posts they wrote")
    expect(found == posts, f"`leaked_posts` is {found:g}")


@check("`leak_share` is the leaked posts' share of the test set, between 0 and 1",
       hint="Divide by the number of test posts, `len(test_idx)`, not by all the posts.")
def share_of_test_set(ns):
    found = number(ns, "leak_share")
    _, posts, n_test = expected()
    expect(abs(found - posts / n_test * 100) > 1e-6,
           "`leak_share` looks like a percentage; give it as a fraction")
    expect(abs(found - posts / n_test) < 1e-6, f"`leak_share` is {found:.3f}")


@check("the leak is measured on the split in `train_idx` / `test_idx`, not typed in",
       hint="Compute all three from `posts`, `train_idx` and `test_idx`: the checks run your "
            "code again on another sample of posts and another split.")
def measured_from_the_data(ns):
    expect_from_data(ns, ["leaked_authors", "leaked_posts", "leak_share"], files=VARIANT,
                     where="`posts` and the split",
                     keys={"leaked_authors": lambda authors: {str(a) for a in authors}})
