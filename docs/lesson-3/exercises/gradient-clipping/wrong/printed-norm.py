# expect-hint: your numbers match the lesson's story, but not the data in `grads`
# The function is right, but `total_norm` is the value a first run printed, typed in.
def clip_by_global_norm(grads, max_norm):
    total_norm = float(np.sqrt(sum(np.sum(g.astype(float) ** 2) for g in grads.values())))
    scale = min(1.0, max_norm / (total_norm + 1e-6))
    clipped = {name: g * scale for name, g in grads.items()}
    return clipped, total_norm


clipped, _ = clip_by_global_norm(grads, max_norm=1.0)
total_norm = 12.99
