print(len(y_true), "photos;", class_names)

cm = np.zeros((12, 12), dtype=int)
# Fill cm: rows are the true class, columns the predicted class.

most_confused = ...
