# expect-hint: There can be more than one rare class
def classes_under(labels, threshold=0.15):
    counts = labels.value_counts()
    return [counts.idxmin()]


rare = classes_under(posts["label"])
