# Checking the filters in a list of (number, test) pairs, and a loop for viable.
FILTERS = [
    (1, lambda idea: idea["hours_to_data"] < 2),
    (2, lambda idea: any(ch in "0123456789" for ch in idea["metric"])),
    (3, lambda idea: bool(idea["own_choices"])),
]


def failed_filters(idea):
    return [number for number, passes in FILTERS if not passes(idea)]


viable = []
for idea in ideas:
    if failed_filters(idea) == []:
        viable.append(idea["name"])
