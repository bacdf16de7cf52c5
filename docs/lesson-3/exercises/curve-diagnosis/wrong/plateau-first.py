# expect-hint: Test for oscillation first
def diagnose(loss):
    loss = np.asarray(loss, dtype=float)
    start, end = loss[:10].mean(), loss[-10:].mean()
    if (start - end) / start < 0.05:
        return "plateau"
    if np.mean(np.diff(loss) > 0) > 0.3:
        return "oscillating"
    return "learning"


diagnoses = {name: diagnose(loss) for name, loss in losses.items()}
