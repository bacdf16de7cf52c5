# expect-hint: these are the recalls
correct = np.diag(cm)
precision = correct / cm.sum(axis=1)
recall = correct / cm.sum(axis=0)
low_recall_class = class_names[int(recall.argmin())]
