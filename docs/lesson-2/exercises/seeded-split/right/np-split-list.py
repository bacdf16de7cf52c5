# np.split returns a list of three arrays: that is fine too.
def make_split(n, seed=42):
    order = np.random.default_rng(seed).permutation(n)
    return np.split(order, [int(n * 0.70), int(n * 0.70) + int(n * 0.15)])


train_idx, val_idx, test_idx = make_split(len(posts))
np.savez("split_indices.npz", train=train_idx, val=val_idx, test=test_idx)
saved = dict(np.load("split_indices.npz"))
