# Plain lists from a loop over the classes, and min() with a key for the weakest recall.
precision, recall = [], []
for k in range(len(class_names)):
    precision.append(cm[k, k] / sum(cm[:, k]))
    recall.append(cm[k, k] / sum(cm[k, :]))
low_recall_class = min(class_names, key=lambda name: recall[class_names.index(name)])
