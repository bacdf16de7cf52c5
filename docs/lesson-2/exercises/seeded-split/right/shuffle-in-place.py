# Shuffle an arange in place; read the file back into a plain dict inside `with`.
def make_split(n, seed=42):
    order = np.arange(n)
    np.random.default_rng(seed).shuffle(order)
    n_train, n_val = int(n * 0.70), int(n * 0.15)
    return (order[:n_train], order[n_train:n_train + n_val], order[n_train + n_val:])


train_idx, val_idx, test_idx = make_split(len(posts))
np.savez("split_indices.npz", train=train_idx, val=val_idx, test=test_idx)
with np.load("split_indices.npz") as archive:
    saved = {name: archive[name] for name in archive.files}
