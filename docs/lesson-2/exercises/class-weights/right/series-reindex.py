# A pandas Series of weights, indexed by class and put in class_order with reindex.
counts = posts["label"].value_counts()
inverse = (1 / counts).reindex(class_order)
weights = inverse / inverse.sum()
ratio = weights["negative"] / weights["neutral"]
