for name, g in grads.items():
    print(f"{name:16} shape {str(g.shape):9} norm {np.linalg.norm(g):.3f}")


def clip_by_global_norm(grads, max_norm):
    total_norm = ...
    clipped = ...
    return clipped, total_norm


clipped, total_norm = clip_by_global_norm(grads, max_norm=1.0)
