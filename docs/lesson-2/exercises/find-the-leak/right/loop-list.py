# A loop over the test posts, and the leaked authors as a sorted list.
train_authors = set(posts["author_id"].iloc[train_idx])
leaked_authors = sorted(train_authors & set(posts["author_id"].iloc[test_idx]))
leaked_posts = 0
for author in posts["author_id"].iloc[test_idx]:
    if author in train_authors:
        leaked_posts += 1
leak_share = leaked_posts / len(test_idx)
