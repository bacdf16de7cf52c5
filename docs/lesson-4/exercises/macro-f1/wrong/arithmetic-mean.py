# expect-hint: F1 is their harmonic mean
correct = np.diag(cm)
accuracy = correct.sum() / cm.sum()
precision = correct / cm.sum(axis=0)
recall = correct / cm.sum(axis=1)
f1 = (precision + recall) / 2
macro_f1 = f1.mean()
weakest_class = class_names[int(f1.argmin())]
