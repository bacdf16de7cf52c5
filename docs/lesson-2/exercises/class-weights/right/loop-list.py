# A loop and a plain list, counting each class by hand.
counts = [int((posts["label"] == label).sum()) for label in class_order]
inverse = [len(posts) / n for n in counts]
weights = [w / sum(inverse) for w in inverse]
ratio = weights[0] / weights[1]
