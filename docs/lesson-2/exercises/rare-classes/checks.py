"""Checks for rare-classes: classes_under() and rare."""

import pandas as pd

from quiz_engine.core.checks import CheckFailed, check, describe, expect, expect_from_data


def names(value, what):
    if value is None or isinstance(value, str) or not hasattr(value, "__iter__"):
        raise CheckFailed(f"{what} is {describe(value)}, not a list of labels")
    return sorted(str(label) for label in value)


def labels(counts):
    """A Series of labels with the given count of each."""
    return pd.Series([label for label, n in counts.items() for _ in range(n)])


@check("`rare` lists Marcus's classes under 15 %",
       hint="Keep the labels whose share is below the threshold: "
            "`shares[shares < threshold].index`.")
def marcus_rare_classes(ns):
    rare = names(ns["rare"], "`rare`")
    expect(rare != [], "`rare` is empty, yet negative posts are only 8 % of the data — are you "
           "comparing percentages (8) with a fraction (0.15)?")
    expect(rare == ["negative"], f"`rare` is {rare}; only 'negative' is under 15 %")


@check("it finds every class under the threshold, not only the rarest",
       hint="There can be more than one rare class: filter all the shares below the threshold "
            "instead of taking the smallest one.")
def several_rare_classes(ns):
    found = names(ns.function("classes_under")(labels({"a": 60, "b": 25, "c": 10, "d": 5})),
                  "classes_under's result")
    expect(found == ["c", "d"],
           f"with shares a 60 %, b 25 %, c 10 %, d 5 % it returned {found}; expected ['c', 'd']")


@check("a class at exactly the threshold is not under it",
       hint="'Under 15 %' is strict: use `<`, not `<=`.")
def threshold_is_strict(ns):
    found = names(ns.function("classes_under")(labels({"x": 3, "y": 17})),
                  "classes_under's result")
    expect(found == [], f"with x at exactly 15 % it returned {found}; expected []")


@check("it compares with the `threshold` argument",
       hint="Compare with `threshold`, not with a hard-coded 0.15.")
def uses_threshold(ns):
    found = names(ns.function("classes_under")(labels({"a": 60, "b": 25, "c": 10, "d": 5}), 0.3),
                  "classes_under's result")
    expect(found == ["b", "c", "d"], f"with threshold=0.3 it returned {found}; "
           "expected ['b', 'c', 'd']")


@check("`rare` comes from running `classes_under` on the data in `posts`",
       hint="Keep `rare = classes_under(posts[\"label\"])`: the checks run your code again on "
            "another sample of posts, where other classes are rare.")
def rare_follows_the_data(ns):
    expect_from_data(ns, ["rare"], files={"marcus_posts.csv": "variant_marcus_posts.csv"},
                     where="`posts`", keys={"rare": lambda value: names(value, "`rare`")})
