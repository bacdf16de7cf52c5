# expect-hint: add both directions
cm = np.zeros((12, 12), dtype=int)
np.add.at(cm, (y_true, y_pred), 1)

mistakes = cm.copy()
np.fill_diagonal(mistakes, 0)
i, j = np.unravel_index(mistakes.argmax(), mistakes.shape)
most_confused = {class_names[i], class_names[j]}
