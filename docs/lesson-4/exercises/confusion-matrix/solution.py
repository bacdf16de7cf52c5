cm = np.zeros((12, 12), dtype=int)
np.add.at(cm, (y_true, y_pred), 1)

pairs = cm + cm.T
np.fill_diagonal(pairs, 0)
i, j = np.unravel_index(pairs.argmax(), pairs.shape)
most_confused = {class_names[i], class_names[j]}
print(cm)
print("Most confused:", most_confused)
