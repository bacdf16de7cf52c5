# One flat vector for the norm (np.concatenate + np.linalg.norm), and a list as the pair.
def clip_by_global_norm(grads, max_norm):
    flat = np.concatenate([np.ravel(g).astype(float) for g in grads.values()])
    total_norm = np.linalg.norm(flat)
    clipped = dict(grads)
    if total_norm > max_norm:
        factor = max_norm / (total_norm + 1e-6)
        clipped = {name: g * factor for name, g in grads.items()}
    return [clipped, total_norm]


clipped, total_norm = clip_by_global_norm(grads, max_norm=1.0)
