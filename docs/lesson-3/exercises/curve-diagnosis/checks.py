"""Checks for curve-diagnosis: diagnose() on Diego's runs and on made-up curves."""

import numpy as np

from quiz_engine.core.checks import as_mapping, check, expect, expect_from_data, same

EXPECTED = {"run_a": "oscillating", "run_b": "plateau", "run_c": "learning"}


def run(name):
    with np.load("data/diego_lr_runs.npz") as runs:
        return runs[name]


def diagnosis(ns, loss):
    return ns.function("diagnose")(np.array(loss, dtype=float))


@check("run_a, which bounces up and down, is oscillating",
       hint="Test for oscillation first — a curve that bounces can also end where it started, "
            "so the plateau test would catch it.")
def bouncing_run(ns):
    found = diagnosis(ns, run("run_a"))
    expect(found == "oscillating", f"diagnose(run_a) returned {found!r}")


@check("run_b, which creeps down and stalls, is a plateau",
       hint="`np.diff(loss) > 0` marks the steps where the loss went up; a curve that creeps "
            "down never goes up.")
def stalled_run(ns):
    found = diagnosis(ns, run("run_b"))
    expect(found == "plateau", f"diagnose(run_b) returned {found!r}")


@check("run_c, which falls steadily, is learning",
       hint="A curve that falls by more than 5 % and rarely goes up is learning.")
def learning_run(ns):
    found = diagnosis(ns, run("run_c"))
    expect(found == "learning", f"diagnose(run_c) returned {found!r}")


@check("the plateau test is relative: 4.0 → 3.9 is a plateau, 0.40 → 0.30 is learning",
       hint="Divide the drop by the starting level: the test is 5 % of where the loss started, "
            "not 0.05.")
def relative_drop(ns):
    high = diagnosis(ns, np.linspace(4.0, 3.9, 40))
    expect(high == "plateau", f"a loss going from 4.0 to 3.9 was called {high!r}")
    low = diagnosis(ns, np.linspace(0.40, 0.30, 40))
    expect(low == "learning", f"a loss going from 0.40 to 0.30 was called {low!r}")


@check("`diagnoses` maps each run to its diagnosis",
       hint="`diagnoses = {name: diagnose(loss) for name, loss in losses.items()}`")
def all_diagnoses(ns):
    found = {str(name): value for name, value in as_mapping(ns["diagnoses"], "`diagnoses`").items()}
    expect(same(found, EXPECTED), f"`diagnoses` is {found}")


@check("`diagnoses` comes from running `diagnose` on the curves in `losses`",
       hint="Build `diagnoses` from `losses` with your `diagnose`: the checks run your code "
            "again on three other runs, in another order.")
def diagnoses_follow_the_data(ns):
    expect_from_data(ns, ["diagnoses"], where="`losses`",
                     files={"diego_lr_runs.npz": "variant_diego_lr_runs.npz"})
