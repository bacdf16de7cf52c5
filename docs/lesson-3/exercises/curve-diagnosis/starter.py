def diagnose(loss):
    loss = np.asarray(loss, dtype=float)
    ...


diagnoses = {name: diagnose(loss) for name, loss in losses.items()}
print(diagnoses)
