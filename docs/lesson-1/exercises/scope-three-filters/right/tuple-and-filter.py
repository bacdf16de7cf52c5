# A tuple built from booleans, and filter() for the viable ideas.
import re


def failed_filters(idea):
    fails = (idea["hours_to_data"] >= 2,
             re.search(r"\d", idea["metric"]) is None,
             len(idea["own_choices"]) == 0)
    return tuple(number for number, fail in enumerate(fails, start=1) if fail)


viable = [idea["name"] for idea in filter(lambda idea: not failed_filters(idea), ideas)]
