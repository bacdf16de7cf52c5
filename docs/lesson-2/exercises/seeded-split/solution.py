def make_split(n, seed=42):
    rng = np.random.default_rng(seed)
    order = rng.permutation(n)
    n_train = int(n * 0.70)
    n_val = int(n * 0.15)
    return order[:n_train], order[n_train:n_train + n_val], order[n_train + n_val:]


train_idx, val_idx, test_idx = make_split(len(posts))
np.savez("split_indices.npz", train=train_idx, val=val_idx, test=test_idx)
saved = np.load("split_indices.npz")
print({name: len(saved[name]) for name in saved.files})
