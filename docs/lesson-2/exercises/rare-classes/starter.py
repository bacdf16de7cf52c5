def classes_under(labels, threshold=0.15):
    shares = labels.value_counts(normalize=True)
    ...


rare = classes_under(posts["label"])
print(rare)
