# expect-hint: exactly one side
rng = np.random.default_rng(42)
authors = posts["author_id"].unique()
test_authors = rng.choice(authors, size=len(authors) // 5, replace=False)
test_idx = np.flatnonzero(posts["author_id"].isin(test_authors))
train_idx = np.arange(len(posts))
