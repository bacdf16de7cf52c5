# Straight from y_true and y_pred with boolean masks, without the matrix.
classes = np.arange(len(class_names))
precision = np.array([np.mean(y_true[y_pred == k] == k) for k in classes])
recall = np.array([np.mean(y_pred[y_true == k] == k) for k in classes])
low_recall_class = class_names[recall.tolist().index(recall.min())]
