"""Checks for label-distribution: distribution, majority_class, baseline_accuracy."""

from quiz_engine.core.checks import CheckFailed, check, describe, expect

SHARES = {"neutral": 0.73, "positive": 0.19, "negative": 0.08}


def number(ns, name):
    value = ns[name]
    try:
        return float(value)
    except (TypeError, ValueError) as error:
        raise CheckFailed(f"`{name}` is {describe(value)}, not a number") from error


@check("`distribution` gives each label's share of the posts, as fractions that add up to 1",
       hint="`value_counts(normalize=True)` gives shares instead of counts.")
def shares_of_each_label(ns):
    distribution = ns["distribution"]
    expect(hasattr(distribution, "items"),
           f"`distribution` is {describe(distribution)}; make it a Series (or dict) "
           "of label → share")
    shares = {str(label): float(share) for label, share in distribution.items()}
    expect(set(shares) == set(SHARES), f"`distribution` has the labels {sorted(shares)}; "
           f"expected {sorted(SHARES)}")
    total = sum(shares.values())
    expect(abs(total - 1) < 1e-6, f"your numbers add up to {total:g}, not 1: they are counts, "
           "not shares")
    for label, share in SHARES.items():
        expect(abs(shares[label] - share) < 1e-6,
               f"the share of {label!r} is {shares[label]:.3f}; expected {share}")


@check("`majority_class` is the most common label",
       hint="The majority class has the largest share: `idxmax()`, not `idxmin()`.")
def most_common_label(ns):
    majority = ns["majority_class"]
    expect(str(majority) == "neutral",
           f"`majority_class` is {majority!r}, which is {SHARES.get(str(majority), 0):.0%} "
           "of the posts")


@check("`baseline_accuracy` is the accuracy of always answering the majority class (a fraction)",
       hint="A model that always answers the majority class is right exactly as often as "
            "that class occurs.")
def majority_baseline(ns):
    baseline = number(ns, "baseline_accuracy")
    expect(abs(baseline - 73) > 1e-6, "`baseline_accuracy` is 73: give it as a fraction, 0.73")
    expect(abs(baseline - 0.73) < 1e-6, f"`baseline_accuracy` is {baseline:.3f}")
