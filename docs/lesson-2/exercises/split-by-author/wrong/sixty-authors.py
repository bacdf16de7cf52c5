# expect-hint: your split matches the lesson's numbers, but not the data in `posts`
# "60 of 300" typed in as the number of test authors, instead of a fifth of the authors.
rng = np.random.default_rng(42)
authors = posts["author_id"].unique()
test_authors = rng.choice(authors, size=60, replace=False)

in_test = posts["author_id"].isin(test_authors).to_numpy()
test_idx = np.flatnonzero(in_test)
train_idx = np.flatnonzero(~in_test)
