# expect-hint: is the sum of each array's norm
def clip_by_global_norm(grads, max_norm):
    total_norm = sum(np.linalg.norm(g) for g in grads.values())
    scale = min(1.0, max_norm / (total_norm + 1e-6))
    clipped = {name: g * scale for name, g in grads.items()}
    return clipped, total_norm


clipped, total_norm = clip_by_global_norm(grads, max_norm=1.0)
