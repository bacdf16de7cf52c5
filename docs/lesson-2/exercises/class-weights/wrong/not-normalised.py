# expect-hint: Normalise
frequency = posts["label"].value_counts(normalize=True)
weights = 1 / frequency[class_order].to_numpy()
ratio = weights[0] / weights[1]
