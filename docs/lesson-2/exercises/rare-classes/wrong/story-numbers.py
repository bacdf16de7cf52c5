# expect-hint: your numbers match the lesson's story, but not the data in `posts`
# The function is right, but `rare` is the lesson's answer typed in.
def classes_under(labels, threshold=0.15):
    shares = labels.value_counts(normalize=True)
    return sorted(shares[shares < threshold].index)


rare = ["negative"]
