# expect-hint: 1 / its frequency
frequency = posts["label"].value_counts(normalize=True)
weights = frequency[class_order].to_numpy()
ratio = weights[0] / weights[1]
