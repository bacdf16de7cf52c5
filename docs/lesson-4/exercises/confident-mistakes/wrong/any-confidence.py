# expect-hint: confidence 0.9 or less
predicted = probs.argmax(axis=1)
confident_mistakes = np.flatnonzero(predicted != y_true)

mistake_pairs = {}
for i in confident_mistakes:
    pair = (class_names[y_true[i]], class_names[predicted[i]])
    mistake_pairs[pair] = mistake_pairs.get(pair, 0) + 1
