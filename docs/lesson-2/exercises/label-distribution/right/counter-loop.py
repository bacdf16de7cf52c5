# A plain dict built with a loop, and the standard library's Counter.
from collections import Counter

counts = Counter(posts["label"])
distribution = {label: n / len(posts) for label, n in counts.items()}
majority_class = max(distribution, key=distribution.get)
baseline_accuracy = distribution[majority_class]
