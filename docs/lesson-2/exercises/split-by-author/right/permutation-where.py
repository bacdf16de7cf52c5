# Shuffle the authors and take the first fifth; np.where gives the positions.
rng = np.random.default_rng(42)
authors = rng.permutation(posts["author_id"].unique())
test_authors = set(authors[: len(authors) // 5])

in_test = np.array([author in test_authors for author in posts["author_id"]])
test_idx = np.where(in_test)[0]
train_idx = np.where(~in_test)[0]
