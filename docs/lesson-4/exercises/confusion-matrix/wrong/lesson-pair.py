# expect-hint: your numbers match the lesson's story, but not the data in `y_true` and `y_pred`
# The matrix is right, but the pair is the one Lesson 4 names, typed in.
cm = np.zeros((12, 12), dtype=int)
np.add.at(cm, (y_true, y_pred), 1)
most_confused = {"pothos", "golden pothos"}
