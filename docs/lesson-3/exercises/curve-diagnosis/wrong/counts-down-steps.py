# expect-hint: marks the steps where the loss went up
def diagnose(loss):
    loss = np.asarray(loss, dtype=float)
    changed_direction = np.mean(np.diff(loss) < 0)
    start, end = loss[:10].mean(), loss[-10:].mean()
    if changed_direction > 0.3:
        return "oscillating"
    if (start - end) / start < 0.05:
        return "plateau"
    return "learning"


diagnoses = {name: diagnose(loss) for name, loss in losses.items()}
