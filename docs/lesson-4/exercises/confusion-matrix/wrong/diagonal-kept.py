# expect-hint: the diagonal holds the correct predictions
cm = np.zeros((12, 12), dtype=int)
np.add.at(cm, (y_true, y_pred), 1)

pairs = cm + cm.T
i, j = np.unravel_index(pairs.argmax(), pairs.shape)
most_confused = {class_names[i], class_names[j]}
