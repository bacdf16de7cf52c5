# A loop over the shares, keeping the pandas Index of the rare labels.
def classes_under(labels, threshold=0.15):
    shares = labels.value_counts() / len(labels)
    keep = []
    for label in shares.index:
        if shares[label] < threshold:
            keep.append(label)
    return shares.index[shares.index.isin(keep)].sort_values()


rare = classes_under(posts["label"])
