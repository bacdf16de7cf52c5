# expect-hint: your numbers match the lesson's story, but not the data in `probs` and `y_true`
# The positions are computed, but the pair counts are pasted from a first run's print.
predicted = probs.argmax(axis=1)
confidence = probs.max(axis=1)
confident_mistakes = np.flatnonzero((predicted != y_true) & (confidence > 0.9))
mistake_pairs = {("zz plant", "snake plant"): 7, ("pothos", "golden pothos"): 3,
                 ("golden pothos", "pothos"): 2, ("calathea", "peace lily"): 1}
