# expect-hint: Any text at all is not enough
def failed_filters(idea):
    failed = []
    if idea["hours_to_data"] >= 2:
        failed.append(1)
    if not idea["metric"]:
        failed.append(2)
    if not idea["own_choices"]:
        failed.append(3)
    return failed


viable = [idea["name"] for idea in ideas if not failed_filters(idea)]
