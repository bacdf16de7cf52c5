# expect-hint: give the class name
correct = np.diag(cm)
precision = correct / cm.sum(axis=0)
recall = correct / cm.sum(axis=1)
low_recall_class = recall.argmin()
