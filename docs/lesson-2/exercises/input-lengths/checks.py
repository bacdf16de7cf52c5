"""Checks for input-lengths: mean, 95th percentile, truncation length and the share cut."""

import math

import numpy as np
import pandas as pd

from quiz_engine.core.checks import check, expect, expect_from_data, number


def lengths():
    return pd.read_csv("data/marcus_posts.csv")["text_length"].to_numpy()


def expected_max_length():
    return int(math.ceil(np.percentile(lengths(), 95) / 64)) * 64


@check("`mean_length` is the mean post length",
       hint="`posts[\"text_length\"].mean()` — the mean, not the median.")
def mean_of_lengths(ns):
    found, values = number(ns, "mean_length"), lengths()
    expect(abs(found - np.median(values)) > 0.1 or abs(np.median(values) - values.mean()) < 0.1,
           f"{found:g} is the median; the audit asks for the mean")
    expect(abs(found - values.mean()) < 0.1, f"`mean_length` is {found:g}")


@check("`p95_length` is the 95th percentile of the lengths",
       hint="`np.percentile(lengths, 95)` (or `lengths.quantile(0.95)`): 95 % of the posts are "
            "at most that long.")
def percentile_95(ns):
    found, values = number(ns, "p95_length"), lengths()
    expect(abs(found - values.max()) > 0.1, f"{found:g} is the longest post, not the 95th "
           "percentile")
    expect(abs(found - np.percentile(values, 5)) > 0.1, f"{found:g} is the 5th percentile: "
           "ask for 95, or `quantile(0.95)`")
    expect(abs(found - np.percentile(values, 95)) < 0.1, f"`p95_length` is {found:g}")


@check("`max_length` is the 95th percentile rounded up to a multiple of 64",
       hint="Round up, not to the nearest: `int(np.ceil(p95_length / 64)) * 64`. 512 is BERT's "
            "limit, not a length your data chose.")
def truncation_length(ns):
    found, wanted = number(ns, "max_length"), expected_max_length()
    expect(found != 512, "512 is BERT's usual limit, not what Marcus's lengths lead to: round "
           "the 95th percentile up to the next multiple of 64")
    expect(found % 64 == 0, f"`max_length` is {found:g}, not a multiple of 64")
    expect(found >= np.percentile(lengths(), 95), f"`max_length` is {found:g}, below the 95th "
           "percentile: round up, not down")
    expect(found == wanted, f"`max_length` is {found:g}")


@check("`cut_share` is the fraction of posts longer than `max_length`",
       hint="`(lengths > max_length).mean()` — a fraction between 0 and 1, of the posts "
            "strictly longer.")
def share_cut(ns):
    found, values = number(ns, "cut_share"), lengths()
    wanted = float((values > expected_max_length()).mean())
    expect(abs(found - 100 * wanted) > 1e-3, "`cut_share` looks like a percentage; give it as "
           "a fraction")
    expect(abs(found - (1 - wanted)) > 1e-3 or wanted == 0.5, "this is the share that fits; "
           "`cut_share` is the share longer than `max_length`")
    expect(abs(found - wanted) < 1e-3, f"`cut_share` is {found:.4f}")


@check("the four numbers are computed from `posts`, so they follow the data",
       hint="Compute each number from `posts[\"text_length\"]`: the checks run your code again "
            "on another sample of posts, which are longer.")
def computed_from_the_data(ns):
    variant = {"marcus_posts.csv": "variant_marcus_posts.csv"}
    expect_from_data(ns, ["mean_length", "p95_length", "max_length"], files=variant,
                     where="`posts`", tolerance=0.1)
    expect_from_data(ns, ["cut_share"], files=variant, where="`posts`", tolerance=1e-3)
