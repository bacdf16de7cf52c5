# expect-hint: your sizes match the lesson's numbers, but not the `n` you were given
# The cut points 1,400 and 1,700 typed in, so make_split only fits Marcus's 2,000 posts.
def make_split(n, seed=42):
    rng = np.random.default_rng(seed)
    order = rng.permutation(n)
    return order[:1400], order[1400:1700], order[1700:]


train_idx, val_idx, test_idx = make_split(len(posts))
np.savez("split_indices.npz", train=train_idx, val=val_idx, test=test_idx)
saved = np.load("split_indices.npz")
