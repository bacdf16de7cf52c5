def make_split(n, seed=42):
    rng = np.random.default_rng(seed)
    order = ...  # 0 … n-1, shuffled
    n_train = int(n * 0.70)
    n_val = int(n * 0.15)
    return ..., ..., ...


train_idx, val_idx, test_idx = make_split(len(posts))
# Save the three arrays to "split_indices.npz", then load the file back:
saved = ...
