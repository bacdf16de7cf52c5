# expect-hint: your numbers match the lesson's story, but not the data in `losses`
# diagnose() is right, but the three diagnoses are typed in from a first look at the plots.
def diagnose(loss):
    loss = np.asarray(loss, dtype=float)
    went_up = np.mean(np.diff(loss) > 0)
    start, end = loss[:10].mean(), loss[-10:].mean()
    if went_up > 0.3:
        return "oscillating"
    if (start - end) / start < 0.05:
        return "plateau"
    return "learning"


diagnoses = {"run_a": "oscillating", "run_b": "plateau", "run_c": "learning"}
