rng = np.random.default_rng(42)
authors = posts["author_id"].unique()
test_authors = rng.choice(authors, size=len(authors) // 5, replace=False)

in_test = posts["author_id"].isin(test_authors).to_numpy()
test_idx = np.flatnonzero(in_test)
train_idx = np.flatnonzero(~in_test)
print(len(train_idx), "train posts,", len(test_idx), "test posts")
