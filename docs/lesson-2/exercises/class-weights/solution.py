frequency = posts["label"].value_counts(normalize=True)
inverse = 1 / frequency[class_order].to_numpy()
weights = inverse / inverse.sum()
ratio = weights[0] / weights[1]
print(dict(zip(class_order, weights.round(3))))
