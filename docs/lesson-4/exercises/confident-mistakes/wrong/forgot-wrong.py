# expect-hint: the model got them right
predicted = probs.argmax(axis=1)
confidence = probs.max(axis=1)
confident_mistakes = np.flatnonzero(confidence > 0.9)

mistake_pairs = {}
for i in confident_mistakes:
    pair = (class_names[y_true[i]], class_names[predicted[i]])
    mistake_pairs[pair] = mistake_pairs.get(pair, 0) + 1
