# dict(zip(...)) of the diagnoses, and the drop as 1 - end / start.
def diagnose(loss):
    steps = np.diff(loss)
    if (steps > 0).sum() > 0.3 * len(steps):
        return "oscillating"
    drop = 1 - np.mean(loss[-10:]) / np.mean(loss[:10])
    return "plateau" if drop < 0.05 else "learning"


names = sorted(losses)
diagnoses = dict(zip(names, map(diagnose, (losses[name] for name in names))))
