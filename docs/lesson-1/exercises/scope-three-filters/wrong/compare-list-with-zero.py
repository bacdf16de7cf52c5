# expect-hint: `viable` is empty
def failed_filters(idea):
    failed = []
    if idea["hours_to_data"] >= 2:
        failed.append(1)
    if not any(ch.isdigit() for ch in idea["metric"]):
        failed.append(2)
    if len(idea["own_choices"]) == 0:
        failed.append(3)
    return failed


viable = [idea["name"] for idea in ideas if failed_filters(idea) == 0]
