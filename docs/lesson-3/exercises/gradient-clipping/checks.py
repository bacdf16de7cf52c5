"""Checks for gradient-clipping: clip_by_global_norm() on Diego's gradients and on small ones."""

import numpy as np

from quiz_engine.core.checks import CheckFailed, check, describe, expect


def diego():
    with np.load("data/diego_gradients.npz") as archive:
        return {name: archive[name] for name in archive.files}


def global_norm(grads):
    return float(np.sqrt(sum(np.sum(np.asarray(g, dtype=float) ** 2) for g in grads.values())))


def clip(ns, grads, max_norm):
    result = ns.function("clip_by_global_norm")(grads, max_norm)
    if not isinstance(result, tuple) or len(result) != 2:
        raise CheckFailed(f"clip_by_global_norm returned {describe(result)}; expected a pair "
                          "(clipped, total_norm)")
    clipped, total = result
    if not isinstance(clipped, dict) or set(clipped) != set(grads):
        raise CheckFailed(f"`clipped` is {describe(clipped)}; expected a dict with the same "
                          "names as `grads`")
    try:
        return clipped, float(total)
    except (TypeError, ValueError) as error:
        raise CheckFailed(f"`total_norm` is {describe(total)}, not a number") from error


@check("`total_norm` is the norm of all the gradients together",
       hint="Global norm: the square root of the sum of every squared entry of every array, "
            "`np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))`.")
def total_norm_of_everything(ns):
    grads = diego()
    _, total = clip(ns, grads, 1.0)
    summed = sum(float(np.linalg.norm(g)) for g in grads.values())
    expect(abs(total - summed) > 1e-3, f"{total:.3f} is the sum of each array's norm; square "
           "every entry of every array, add them all, then take one square root")
    expect(abs(total - global_norm(grads)) < 1e-3, f"`total_norm` is {total:.3f}")


@check("every gradient is scaled by the same factor, so the update keeps its direction",
       hint="Clipping by global norm multiplies every gradient by the same factor, computed "
            "from their total norm.")
def one_factor_for_all(ns):
    grads = diego()
    clipped, _ = clip(ns, grads, 1.0)
    factors = {name: float(np.linalg.norm(clipped[name]) / np.linalg.norm(g))
               for name, g in grads.items()}
    low, high = min(factors, key=factors.get), max(factors, key=factors.get)
    expect(np.isclose(factors[low], factors[high], rtol=1e-4),
           f"{high} was scaled by {factors[high]:.3f} but {low} by {factors[low]:.3f}: "
           "clip all the gradients by one factor")


@check("after clipping, all the gradients together have norm 1.0",
       hint="Scale every array by `max_norm / (total_norm + 1e-6)` when `total_norm` is larger "
            "than `max_norm`.")
def clipped_to_max_norm(ns):
    clipped, _ = clip(ns, diego(), 1.0)
    norm = global_norm(clipped)
    expect(abs(norm - 1.0) < 1e-4, f"the clipped gradients have a total norm of {norm:.4f}")


@check("gradients already within max_norm pass through unchanged",
       hint="Only clip when `total_norm > max_norm`; smaller gradients pass through unchanged.")
def small_gradients_untouched(ns):
    small = {"weight": np.array([0.3, 0.4]), "bias": np.array([0.0])}
    clipped, total = clip(ns, small, 1.0)
    expect(abs(total - 0.5) < 1e-6, f"for gradients of norm 0.5 `total_norm` is {total:.3f}")
    expect(np.allclose(clipped["weight"], [0.3, 0.4]),
           f"[0.3, 0.4] (norm 0.5) became {np.round(clipped['weight'], 3).tolist()}")


@check("`clipped` and `total_norm` hold Diego's clipped gradients",
       hint="Finish with `clipped, total_norm = clip_by_global_norm(grads, max_norm=1.0)`.")
def diego_result(ns):
    grads = diego()
    expect(isinstance(ns["clipped"], dict), f"`clipped` is {describe(ns['clipped'])}")
    norm = global_norm(ns["clipped"])
    expect(abs(norm - 1.0) < 1e-4, f"Diego's clipped gradients have a total norm of {norm:.4f}")
    expect(abs(float(ns["total_norm"]) - global_norm(grads)) < 1e-3,
           f"`total_norm` is {ns['total_norm']}")
