# expect-hint: not by all the posts
train_authors = set(posts["author_id"].iloc[train_idx])
test_authors = set(posts["author_id"].iloc[test_idx])
leaked_authors = train_authors & test_authors
test_posts = posts.iloc[test_idx]
leaked_posts = int(test_posts["author_id"].isin(train_authors).sum())
leak_share = leaked_posts / len(posts)
