# expect-hint: count the test posts they wrote
train_authors = set(posts["author_id"].iloc[train_idx])
test_authors = set(posts["author_id"].iloc[test_idx])
leaked_authors = train_authors & test_authors
leaked_posts = len(leaked_authors)
leak_share = leaked_posts / len(test_idx)
