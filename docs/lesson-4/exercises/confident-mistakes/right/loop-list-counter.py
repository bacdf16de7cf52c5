# One loop over the rows, a plain list of positions, and collections.Counter for the pairs.
from collections import Counter

confident_mistakes = []
for i, row in enumerate(probs):
    guess = int(np.argmax(row))
    if guess != y_true[i] and row[guess] > 0.9:
        confident_mistakes.append(i)

mistake_pairs = Counter(
    (class_names[y_true[i]], class_names[int(np.argmax(probs[i]))]) for i in confident_mistakes
)
