# Counting the upward steps in a loop, without np.diff.
def diagnose(loss):
    ups = sum(1 for before, after in zip(loss[:-1], loss[1:]) if after > before)
    if ups / (len(loss) - 1) > 0.3:
        return "oscillating"
    start, end = sum(loss[:10]) / 10, sum(loss[-10:]) / 10
    return "plateau" if end > 0.95 * start else "learning"


diagnoses = {}
for name in losses:
    diagnoses[name] = diagnose(list(losses[name]))
