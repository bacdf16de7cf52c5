# expect-hint: your numbers match the lesson's story, but not the data in `posts`
# The numbers a first look at `describe()` printed, typed in.
mean_length = 215.6
p95_length = 520.0
max_length = 576
cut_share = 0.0375
