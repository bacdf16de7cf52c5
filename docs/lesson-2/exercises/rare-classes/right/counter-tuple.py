# Counting with the standard library, and a tuple instead of a list.
from collections import Counter


def classes_under(labels, threshold=0.15):
    counts = Counter(labels)
    total = sum(counts.values())
    return tuple(sorted(label for label, n in counts.items() if n / total < threshold))


rare = classes_under(posts["label"])
