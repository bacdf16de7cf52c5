# expect-hint: not author ids
rng = np.random.default_rng(42)
authors = posts["author_id"].unique()
test_idx = rng.choice(authors, size=len(authors) // 5, replace=False)
train_idx = np.setdiff1d(authors, test_idx)
