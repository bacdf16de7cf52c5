"""Checks for gradient-clipping: clip_by_global_norm() on Diego's gradients and on small ones."""

import numpy as np

from quiz_engine.core.checks import (
    CheckFailed,
    as_number,
    as_sequence,
    check,
    describe,
    expect,
    expect_from_data,
)


def diego():
    with np.load("data/diego_gradients.npz") as archive:
        return {name: archive[name] for name in archive.files}


def global_norm(grads):
    return float(np.sqrt(sum(np.sum(np.asarray(g, dtype=float) ** 2) for g in grads.values())))


def clip(ns, grads, max_norm):
    result = ns.function("clip_by_global_norm")(grads, max_norm)
    clipped, total = as_sequence(result, "what clip_by_global_norm returned (expected a pair "
                                 "(clipped, total_norm))", length=2)
    if not isinstance(clipped, dict) or set(clipped) != set(grads):
        raise CheckFailed(f"`clipped` is {describe(clipped)}; expected a dict with the same "
                          "names as `grads`")
    return clipped, as_number(total, "`total_norm`")


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


@check("it clips to the `max_norm` it is given, not always to 1.0",
       hint="Scale by `max_norm / (total_norm + 1e-6)`, with the `max_norm` argument: the same "
            "function must clip to 5.0 when asked.")
def uses_max_norm(ns):
    grads = {"weight": np.array([6.0, 8.0]), "bias": np.array([0.0])}  # norm 10
    clipped, _ = clip(ns, grads, 5.0)
    norm = global_norm(clipped)
    expect(abs(norm - 5.0) < 1e-4, f"with max_norm=5.0, gradients of norm 10 were clipped to a "
           f"norm of {norm:.3f}: your clipping matches the lesson's max_norm=1.0, but not the "
           "`max_norm` you were given")


@check("`clipped` and `total_norm` hold Diego's clipped gradients",
       hint="Finish with `clipped, total_norm = clip_by_global_norm(grads, max_norm=1.0)`.")
def diego_result(ns):
    grads = diego()
    expect(isinstance(ns["clipped"], dict), f"`clipped` is {describe(ns['clipped'])}")
    norm = global_norm(ns["clipped"])
    expect(abs(norm - 1.0) < 1e-4, f"Diego's clipped gradients have a total norm of {norm:.4f}")
    total = as_number(ns["total_norm"], "`total_norm`")
    expect(abs(total - global_norm(grads)) < 1e-3, f"`total_norm` is {total:.3f}")


@check("`total_norm` is computed from the gradients in `grads`",
       hint="Keep `clipped, total_norm = clip_by_global_norm(grads, max_norm=1.0)`: the checks "
            "run your code again on another step's gradients.")
def norm_follows_the_data(ns):
    expect_from_data(ns, ["total_norm"], where="`grads`", tolerance=1e-3,
                     files={"diego_gradients.npz": "variant_diego_gradients.npz"})
