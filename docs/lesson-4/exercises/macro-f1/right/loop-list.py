# A loop over the classes building a list of F1 scores; the mean with sum / len.
accuracy = sum(cm[k, k] for k in range(12)) / cm.sum()
f1 = []
for k in range(12):
    precision = cm[k, k] / cm[:, k].sum()
    recall = cm[k, k] / cm[k, :].sum()
    f1.append(2 * precision * recall / (precision + recall))
macro_f1 = sum(f1) / len(f1)
weakest_class = class_names[f1.index(min(f1))]
