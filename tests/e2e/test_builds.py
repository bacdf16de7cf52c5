"""A build variant is built once for the whole run, however many test processes ask for it."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tests.e2e import builds
from tests.e2e.builds import Builds, Step, Variant


def counting_variant(made: list[Path], *modules: str) -> builds.VariantMaker:
    """A variant whose steps are ``python -m <module>``; records every folder it is set up in."""
    lock = threading.Lock()

    def make(work: Path) -> Variant:
        with lock:
            made.append(work)
        (work / "site").mkdir()
        return Variant(tuple(Step((module,), work) for module in modules), work / "site")

    return make


def test_processes_sharing_a_folder_build_a_variant_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three sessions ask at once: one builds, the other two read what it recorded."""
    made: list[Path] = []
    monkeypatch.setitem(builds.VARIANTS, "probe", counting_variant(made, "platform", "platform"))
    sessions = [Builds(shared=tmp_path) for _ in range(3)]
    jobs = [session.start("probe") for session in sessions]
    answers = [job.outputs() for job in jobs]
    assert len(made) == 1
    site, outputs = answers[0]
    assert site == made[0] / "site"
    assert len(outputs) == 2 and outputs[0].strip()
    assert answers[1] == answers[2] == answers[0]


def test_a_failed_step_fails_every_session_with_its_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first failure stops the variant; each session that asks gets the same report."""
    made: list[Path] = []
    monkeypatch.setitem(builds.VARIANTS, "probe", counting_variant(
        made, "platform", "no_such_module_here", "platform"))
    reports = []
    for session in (Builds(shared=tmp_path), Builds(shared=tmp_path)):
        with pytest.raises(AssertionError) as failure:
            session.start("probe").outputs()
        reports.append(str(failure.value))
    assert len(made) == 1
    assert "the probe build failed" in reports[0]
    assert "No module named no_such_module_here" in reports[0]
    assert reports[0].count("$ ") == 2  # the third step never ran
    assert reports[1] == reports[0]
