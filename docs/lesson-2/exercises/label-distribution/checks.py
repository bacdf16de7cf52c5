"""Checks for label-distribution: distribution, majority_class, baseline_accuracy."""

import pandas as pd

from quiz_engine.core.checks import as_mapping, as_number, check, describe, expect, expect_from_data, number

VARIANT = {"marcus_posts.csv": "variant_marcus_posts.csv"}


def shares():
    """Each label's share of the posts, from the data file."""
    labels = pd.read_csv("data/marcus_posts.csv")["label"]
    return {str(label): float(share) for label, share in labels.value_counts(normalize=True).items()}


@check("`distribution` gives each label's share of the posts, as fractions that add up to 1",
       hint="`value_counts(normalize=True)` gives shares instead of counts.")
def shares_of_each_label(ns):
    value = ns["distribution"]
    expect(hasattr(value, "items"),
           f"`distribution` is {describe(value)}; make it a Series (or dict) of label → share")
    found = {str(label): share for label, share in as_mapping(value, "`distribution`").items()}
    expected = shares()
    expect(set(found) == set(expected), f"`distribution` has the labels {sorted(found)}; "
           f"expected {sorted(expected)}")
    found = {label: as_number(share, f"the share of {label!r}") for label, share in found.items()}
    total = sum(found.values())
    expect(abs(total - 1) < 1e-6, f"your numbers add up to {total:g}, not 1: they are counts, "
           "not shares")
    for label, share in expected.items():
        expect(abs(found[label] - share) < 1e-6,
               f"the share of {label!r} is {found[label]:.3f}; expected {share:.2f}")


@check("`majority_class` is the most common label",
       hint="The majority class has the largest share: `idxmax()`, not `idxmin()`.")
def most_common_label(ns):
    majority = ns["majority_class"]
    expected = shares()
    expect(str(majority) == max(expected, key=expected.get),
           f"`majority_class` is {majority!r}, which is {expected.get(str(majority), 0):.0%} "
           "of the posts")


@check("`baseline_accuracy` is the accuracy of always answering the majority class (a fraction)",
       hint="A model that always answers the majority class is right exactly as often as "
            "that class occurs.")
def majority_baseline(ns):
    baseline = number(ns, "baseline_accuracy")
    best = max(shares().values())
    expect(abs(baseline - 100 * best) > 1e-6,
           f"`baseline_accuracy` is {baseline:g}: give it as a fraction, {best:.2f}")
    expect(abs(baseline - best) < 1e-6, f"`baseline_accuracy` is {baseline:.3f}")


@check("the three results are computed from `posts`, so they follow the data",
       hint="Compute every result from `posts[\"label\"]` — the checks run your code again on "
            "another sample of posts, where the shares are different.")
def computed_from_the_data(ns):
    expect_from_data(ns, ["distribution", "majority_class", "baseline_accuracy"],
                     files=VARIANT, where="`posts`")
