# expect-hint: Exactly 2 hours fails it too
def failed_filters(idea):
    failed = []
    if idea["hours_to_data"] > 2:
        failed.append(1)
    if not any(ch.isdigit() for ch in idea["metric"]):
        failed.append(2)
    if not idea["own_choices"]:
        failed.append(3)
    return failed


viable = [idea["name"] for idea in ideas if not failed_filters(idea)]
