correct = np.diag(cm)
accuracy = correct.sum() / cm.sum()
precision = correct / cm.sum(axis=0)
recall = correct / cm.sum(axis=1)
f1 = 2 * precision * recall / (precision + recall)
macro_f1 = f1.mean()
weakest_class = class_names[int(f1.argmin())]
print(f"accuracy {accuracy:.3f}, macro F1 {macro_f1:.3f}, weakest class: {weakest_class}")
