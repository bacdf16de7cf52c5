# Plain Python lists of row positions, built in one loop.
rng = np.random.default_rng(42)
authors = sorted(set(posts["author_id"]))
test_authors = set(rng.choice(authors, size=len(authors) // 5, replace=False))

train_idx, test_idx = [], []
for position, author in enumerate(posts["author_id"]):
    (test_idx if author in test_authors else train_idx).append(position)
