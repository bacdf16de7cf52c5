# expect-hint: clip all the gradients by one factor
def clip_by_global_norm(grads, max_norm):
    total_norm = float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))
    clipped = {}
    for name, g in grads.items():
        norm = np.linalg.norm(g)
        clipped[name] = g * min(1.0, max_norm / (norm + 1e-6))
    return clipped, total_norm


clipped, total_norm = clip_by_global_norm(grads, max_norm=1.0)
