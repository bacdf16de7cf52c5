# F1 straight from the counts, 2·TP / (2·TP + FP + FN), and np.mean on the diagonal mask.
tp = np.diag(cm)
fp = cm.sum(axis=0) - tp
fn = cm.sum(axis=1) - tp
f1 = 2 * tp / (2 * tp + fp + fn)
accuracy = np.mean(y_true == y_pred)
macro_f1 = np.mean(f1)
weakest_class = np.array(class_names)[np.argmin(f1)]
