train_authors = set(posts["author_id"].iloc[train_idx])
test_authors = set(posts["author_id"].iloc[test_idx])
leaked_authors = train_authors & test_authors

test_posts = posts.iloc[test_idx]
leaked_posts = int(test_posts["author_id"].isin(train_authors).sum())
leak_share = leaked_posts / len(test_idx)
print(f"{len(leaked_authors)} authors on both sides; {leak_share:.0%} of the test posts are theirs")
