# expect-hint: Split the authors, not the posts
rng = np.random.default_rng(42)
order = rng.permutation(len(posts))
n_test = len(posts) // 5
test_idx = order[:n_test]
train_idx = order[n_test:]
