# pandas' quantile, and a while loop that climbs to the next multiple of 64.
lengths = posts["text_length"]
mean_length = sum(lengths) / len(lengths)
p95_length = lengths.quantile(0.95)
max_length = 64
while max_length < p95_length:
    max_length += 64
cut_share = sum(1 for n in lengths if n > max_length) / len(lengths)
