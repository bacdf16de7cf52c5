# expect-hint: comparing percentages
def classes_under(labels, threshold=0.15):
    percent = labels.value_counts(normalize=True) * 100
    return sorted(percent[percent < threshold].index)


rare = classes_under(posts["label"])
