# expect-hint: class_order
frequency = posts["label"].value_counts(normalize=True)
inverse = 1 / frequency.to_numpy()
weights = inverse / inverse.sum()
ratio = weights[0] / weights[1]
