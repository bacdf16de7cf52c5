# expect-hint: your numbers match the lesson's story, but not the data in `ideas`
# failed_filters is right, but `viable` is the answer typed in.
def failed_filters(idea):
    failed = []
    if not idea["hours_to_data"] < 2:
        failed.append(1)
    if not any(ch.isdigit() for ch in idea["metric"]):
        failed.append(2)
    if not idea["own_choices"]:
        failed.append(3)
    return failed


viable = ["Backyard bird classifier"]
