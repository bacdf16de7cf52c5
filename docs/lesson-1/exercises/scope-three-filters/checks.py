"""Checks for scope-three-filters: failed_filters() and viable."""

from quiz_engine.core.checks import as_sequence, check, expect, expect_from_data

# Three other scope notes, for running the learner's code again: two of them pass.
OTHER_IDEAS = [
    {"name": "Bird song recogniser", "hours_to_data": 0.5,
     "metric": "top-3 accuracy above 70%", "own_choices": ["spectrogram window size"]},
    {"name": "Stock price predictor", "hours_to_data": 1,
     "metric": "make money", "own_choices": ["an LSTM"]},
    {"name": "Sign language letters", "hours_to_data": 1.9,
     "metric": "macro F1 above 0.8", "own_choices": ["which augmentations"]},
]


def idea(hours=1, metric="accuracy above 80%", choices=("dropout rate",), name="test idea"):
    """A scope note that passes every filter unless told otherwise."""
    return {"name": name, "hours_to_data": hours, "metric": metric, "own_choices": list(choices)}


def failed(ns, note):
    result = as_sequence(ns.function("failed_filters")(note), "what failed_filters returned")
    return sorted(result)


@check("filter 1 fails when the data takes 2 hours or more",
       hint="Filter 1 needs the data in *less than* 2 hours: `hours_to_data < 2`. "
            "Exactly 2 hours fails it too.")
def data_filter(ns):
    for hours, fails in ((0.5, False), (1.99, False), (2, True), (300, True)):
        result = failed(ns, idea(hours=hours))
        expect((1 in result) == fails,
               f"an idea whose data takes {hours} hours gave {result}; filter 1 should "
               f"{'fail' if fails else 'pass'} — fails for 2 or more hours")


@check("filter 2 fails when the metric names no number",
       hint="A clear metric names a number: look for a digit in the `metric` text. "
            "Any text at all is not enough.")
def metric_filter(ns):
    for metric, fails in (("MAE below 5 degrees", False), ("it should work well", True),
                          ("high accuracy", True), ("F1 above 0.8", False)):
        result = failed(ns, idea(metric=metric))
        expect((2 in result) == fails,
               f"the metric {metric!r} gave {result}; filter 2 should "
               f"{'fail' if fails else 'pass'}")


@check("filter 3 fails when there is no architectural choice of her own",
       hint="Filter 3 fails when `own_choices` is an empty list.")
def choice_filter(ns):
    for choices, fails in (((), True), (("batch norm or not",), False)):
        result = failed(ns, idea(choices=choices))
        expect((3 in result) == fails,
               f"own_choices={list(choices)} gave {result}; filter 3 should "
               f"{'fail' if fails else 'pass'}")


@check("failed_filters returns the numbers of every failed filter, smallest first",
       hint="Return a list such as `[1, 2]`: one number per failed filter, in order.")
def numbers_in_order(ns):
    result = as_sequence(ns.function("failed_filters")(
        idea(hours=300, metric="drives safely", choices=())), "what failed_filters returned")
    expect(result == [1, 2, 3], f"an idea failing all three gave {result!r}, expected [1, 2, 3]")


@check("`viable` lists the names of Priya's ideas that pass all three filters",
       hint="Keep an idea when its list of failed filters is empty: "
            "`if not failed_filters(idea)`.")
def viable_ideas(ns):
    viable = as_sequence(ns["viable"], "`viable`")
    expect(len(viable) > 0, "`viable` is empty, yet one of Priya's ideas passes all three filters")
    expect(list(viable) == ["Backyard bird classifier"],
           f"`viable` is {list(viable)!r}; only one idea clears all three filters")


@check("`viable` is computed from `ideas` with `failed_filters`",
       hint="Build `viable` from `ideas` (`[idea[\"name\"] for idea in ideas if not "
            "failed_filters(idea)]`): the checks run your code again on other scope notes.")
def viable_follows_the_ideas(ns):
    expect_from_data(ns, ["viable"], values={"ideas": OTHER_IDEAS}, where="`ideas`",
                     keys={"viable": lambda names: [str(name) for name in names]})
