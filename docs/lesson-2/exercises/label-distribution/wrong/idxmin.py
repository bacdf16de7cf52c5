# expect-hint: not `idxmin()`
distribution = posts["label"].value_counts(normalize=True)
majority_class = distribution.idxmin()
baseline_accuracy = distribution.min()
