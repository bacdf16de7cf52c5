# numpy all the way: np.intersect1d for the authors, np.isin for the posts.
import numpy as np

authors = posts["author_id"].to_numpy()
leaked_authors = np.intersect1d(authors[train_idx], authors[test_idx])
in_leak = np.isin(authors[test_idx], leaked_authors)
leaked_posts = in_leak.sum()
leak_share = in_leak.mean()
