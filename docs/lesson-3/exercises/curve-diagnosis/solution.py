def diagnose(loss):
    loss = np.asarray(loss, dtype=float)
    went_up = np.mean(np.diff(loss) > 0)
    start, end = loss[:10].mean(), loss[-10:].mean()
    if went_up > 0.3:
        return "oscillating"
    if (start - end) / start < 0.05:
        return "plateau"
    return "learning"


diagnoses = {name: diagnose(loss) for name, loss in losses.items()}
print(diagnoses)
