# expect-hint: your rows are the predicted classes
cm = np.zeros((12, 12), dtype=int)
for true, predicted in zip(y_true, y_pred):
    cm[predicted, true] += 1

pairs = cm + cm.T
np.fill_diagonal(pairs, 0)
i, j = np.unravel_index(pairs.argmax(), pairs.shape)
most_confused = {class_names[i], class_names[j]}
