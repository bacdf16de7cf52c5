# expect-hint: lowest precision, not the lowest recall
correct = np.diag(cm)
precision = correct / cm.sum(axis=0)
recall = correct / cm.sum(axis=1)
low_recall_class = class_names[int(precision.argmin())]
