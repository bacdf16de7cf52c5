# expect-hint: right exactly as often as that class occurs
distribution = posts["label"].value_counts(normalize=True)
majority_class = distribution.idxmax()
baseline_accuracy = 1 / len(distribution)
