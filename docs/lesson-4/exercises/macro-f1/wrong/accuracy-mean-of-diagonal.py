# expect-hint: fraction between 0 and 1
correct = np.diag(cm)
accuracy = correct.mean()
precision = correct / cm.sum(axis=0)
recall = correct / cm.sum(axis=1)
f1 = 2 * precision * recall / (precision + recall)
macro_f1 = f1.mean()
weakest_class = class_names[int(f1.argmin())]
