# expect-hint: every class counts the same
correct = np.diag(cm)
accuracy = correct.sum() / cm.sum()
precision = correct / cm.sum(axis=0)
recall = correct / cm.sum(axis=1)
f1 = 2 * precision * recall / (precision + recall)
macro_f1 = np.average(f1, weights=cm.sum(axis=1))
weakest_class = class_names[int(f1.argmin())]
