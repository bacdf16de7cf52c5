# expect-hint: use `<`, not `<=`
def classes_under(labels, threshold=0.15):
    shares = labels.value_counts(normalize=True)
    return sorted(shares[shares <= threshold].index)


rare = classes_under(posts["label"])
