def clip_by_global_norm(grads, max_norm):
    total_norm = float(np.sqrt(sum(np.sum(g.astype(float) ** 2) for g in grads.values())))
    scale = min(1.0, max_norm / (total_norm + 1e-6))
    clipped = {name: g * scale for name, g in grads.items()}
    return clipped, total_norm


clipped, total_norm = clip_by_global_norm(grads, max_norm=1.0)
print(f"total norm {total_norm:.2f}, clipped to 1.0")
