# A loop over the photos, a search over every pair, and the pair as a tuple.
cm = np.zeros((12, 12), dtype=int)
for true, predicted in zip(y_true, y_pred):
    cm[true, predicted] += 1

best, most_confused = -1, None
for i in range(12):
    for j in range(i + 1, 12):
        if cm[i, j] + cm[j, i] > best:
            best, most_confused = cm[i, j] + cm[j, i], (class_names[i], class_names[j])
