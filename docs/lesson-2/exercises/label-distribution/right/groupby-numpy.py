# groupby().size() and numpy: a Series of shares, and the baseline as a numpy float.
import numpy as np

sizes = posts.groupby("label").size()
distribution = sizes / sizes.sum()
majority_class = distribution.index[np.argmax(distribution.to_numpy())]
baseline_accuracy = np.mean(posts["label"] == majority_class)
