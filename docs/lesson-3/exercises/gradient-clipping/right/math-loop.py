# The standard library's math.sqrt, and a loop filling the new dict.
import math


def clip_by_global_norm(grads, max_norm):
    squares = 0.0
    for g in grads.values():
        squares += float((g.astype(float) ** 2).sum())
    total_norm = math.sqrt(squares)
    factor = max_norm / (total_norm + 1e-6) if total_norm > max_norm else 1.0
    clipped = {}
    for name in grads:
        clipped[name] = grads[name] * factor
    return clipped, total_norm


clipped, total_norm = clip_by_global_norm(grads, max_norm=1.0)
