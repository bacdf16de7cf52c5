correct = np.diag(cm)
precision = correct / cm.sum(axis=0)
recall = correct / cm.sum(axis=1)
low_recall_class = class_names[int(recall.argmin())]

for name, p, r in zip(class_names, precision, recall):
    print(f"{name:16} precision {p:.2f}  recall {r:.2f}")
