# expect-hint: your numbers match the lesson's story, but not the data in `posts`
# The authors are computed, but the counts are the ones a first run printed, typed in.
train_authors = set(posts["author_id"].iloc[train_idx])
test_authors = set(posts["author_id"].iloc[test_idx])
leaked_authors = train_authors & test_authors
leaked_posts = 390
leak_share = 390 / 400
