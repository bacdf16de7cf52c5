# np.where for the positions, and zip over the true and predicted names.
predicted = np.argmax(probs, axis=1)
sure = np.max(probs, axis=1) > 0.9
(confident_mistakes,) = np.where(sure & (predicted != y_true))

mistake_pairs = {}
true_names = [class_names[k] for k in y_true[confident_mistakes]]
guessed_names = [class_names[k] for k in predicted[confident_mistakes]]
for pair in zip(true_names, guessed_names):
    mistake_pairs[pair] = mistake_pairs.get(pair, 0) + 1
