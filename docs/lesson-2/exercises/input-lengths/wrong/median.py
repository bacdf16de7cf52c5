# expect-hint: is the median
lengths = posts["text_length"]
mean_length = lengths.median()
p95_length = lengths.quantile(0.95)
max_length = int(np.ceil(p95_length / 64)) * 64
cut_share = (lengths > max_length).mean()
