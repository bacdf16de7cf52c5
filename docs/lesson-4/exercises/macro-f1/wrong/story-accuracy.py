# expect-hint: your numbers match the lesson's story, but not the data in `cm`
# F1 is computed, but the accuracy is the README's "84 %", typed in.
correct = np.diag(cm)
accuracy = 0.84
precision = correct / cm.sum(axis=0)
recall = correct / cm.sum(axis=1)
f1 = 2 * precision * recall / (precision + recall)
macro_f1 = f1.mean()
weakest_class = class_names[int(f1.argmin())]
