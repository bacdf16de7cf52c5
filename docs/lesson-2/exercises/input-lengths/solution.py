lengths = posts["text_length"]
mean_length = lengths.mean()
p95_length = np.percentile(lengths, 95)
max_length = int(np.ceil(p95_length / 64)) * 64
cut_share = (lengths > max_length).mean()
print(f"mean {mean_length:.0f}, 95th percentile {p95_length:.0f} tokens")
print(f"truncate at {max_length}: {cut_share:.1%} of the posts are cut")
