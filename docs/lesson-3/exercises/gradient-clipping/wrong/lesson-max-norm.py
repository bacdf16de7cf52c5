# expect-hint: your clipping matches the lesson's max_norm=1.0, but not the `max_norm` you were given
# The lesson's max_norm=1.0 written into the function instead of its argument.
def clip_by_global_norm(grads, max_norm):
    total_norm = float(np.sqrt(sum(np.sum(g.astype(float) ** 2) for g in grads.values())))
    scale = min(1.0, 1.0 / (total_norm + 1e-6))
    clipped = {name: g * scale for name, g in grads.items()}
    return clipped, total_norm


clipped, total_norm = clip_by_global_norm(grads, max_norm=1.0)
