# expect-hint: post ids never repeat
train_posts = set(posts["post_id"].iloc[train_idx])
test_posts = set(posts["post_id"].iloc[test_idx])
leaked_authors = train_posts & test_posts
leaked_posts = len(leaked_authors)
leak_share = leaked_posts / len(test_idx)
