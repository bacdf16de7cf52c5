# expect-hint: value_counts(normalize=True)
distribution = posts["label"].value_counts()
majority_class = distribution.idxmax()
baseline_accuracy = distribution.max() / len(posts)
