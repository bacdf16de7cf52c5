"""Builds of the course for the e2e tests, run as subprocesses in the background.

The site every test uses is built once per session (``conftest.site_url``).
The variants a few tests need — the course in French, with non-default
plugin options, a fork with a scaffolded lesson, the course built by
Zensical — are listed in
:data:`VARIANTS` and built by one session fixture, all at once and while the
other tests run, so none of them holds the suite up for its own build.

With the e2e tests spread over several processes (pytest-xdist), each
variant is still built once: the processes share a folder, and the first to
take a variant's lock builds it there and records each step's result; the
others wait on the lock and read what it recorded.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils.yaml import get_yaml_loader

__all__ = ["VARIANTS", "Builds", "BuiltVariant", "Job", "Step", "Variant", "VariantMaker",
           "inherit_config"]

ROOT = Path(__file__).resolve().parents[2]
#: The variants build behind the tests and the session's own site build.
NICE = ("nice", "-n", "10") if shutil.which("nice") else ()


@dataclass(frozen=True)
class Step:
    """One ``python -m …`` command of a job, in ``cwd``."""

    args: tuple[str, ...]
    cwd: Path


@dataclass(frozen=True)
class Variant:
    """What a variant runs (in order) and where its site ends up."""

    steps: tuple[Step, ...]
    site: Path


#: Sets a variant up in the (empty) folder it is given; returns what to run.
VariantMaker = Callable[[Path], Variant]


class Job:
    """A variant's build in a thread, done once in ``work`` whichever process gets there first.

    Under ``work``'s lock: if an earlier job recorded its results there, they
    are read back; else the variant is set up and its steps run one after
    the other (stopping at the first failure) and their results recorded.
    """

    def __init__(self, name: str, make: VariantMaker, work: Path,
                 env: dict[str, str]) -> None:
        self.name = name
        self.results: list[subprocess.CompletedProcess[str]] = []
        #: Where the variant's site is, once every step has succeeded.
        self.site: Path | None = None
        self._make = make
        self._work = work
        self._env = env
        self._thread = threading.Thread(target=self._run, name=f"build-{name}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        self._work.mkdir(parents=True, exist_ok=True)
        record = self._work / "results.json"
        with (self._work / "lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not record.exists():
                self._build(record)
            data = json.loads(record.read_text(encoding="utf-8"))
        self.results = [subprocess.CompletedProcess(*r) for r in data["results"]]
        self.site = Path(data["site"]) if data["complete"] else None

    def _build(self, record: Path) -> None:
        folder = self._work / "variant"
        folder.mkdir()
        variant = self._make(folder)
        results: list[subprocess.CompletedProcess[str]] = []
        for step in variant.steps:
            results.append(subprocess.run(
                [*NICE, sys.executable, "-m", *step.args], cwd=step.cwd, capture_output=True,
                text=True, timeout=600, env=self._env, check=False,
            ))
            if results[-1].returncode != 0:
                break
        complete = len(results) == len(variant.steps) and results[-1].returncode == 0
        record.write_text(json.dumps({
            "site": str(variant.site), "complete": complete,
            "results": [[r.args, r.returncode, r.stdout, r.stderr] for r in results],
        }), encoding="utf-8")

    def outputs(self) -> tuple[Path, list[str]]:
        """Wait for the job: the variant's site and each step's stdout, or what went wrong."""
        self._thread.join(timeout=660)
        if self._thread.is_alive() or self.site is None:
            detail = "\n".join(f"$ {' '.join(r.args)}\n{r.stdout}\n{r.stderr}" for r in self.results)
            raise AssertionError(f"the {self.name} build failed or did not finish:\n{detail}")
        return self.site, [r.stdout for r in self.results]


def inherit_config(work: Path, *, theme: dict[str, Any] | None = None,
                   course: dict[str, Any] | None = None) -> Path:
    """Write ``work/mkdocs.yml``: the course's own config (``INHERIT``) with some settings changed.

    ``theme`` adds to the theme's settings; ``course`` to the course plugin's
    options. MkDocs replaces a list on ``INHERIT``, so the plugin list is
    copied from the real config with the course plugin's options changed.
    """
    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as file:
        real = yaml.load(file, Loader=get_yaml_loader())
    plugins: list[Any] = []
    for plugin in real["plugins"]:
        if isinstance(plugin, dict) and "course" in plugin:
            plugin = {"course": {**(plugin["course"] or {}), **(course or {})}}
        plugins.append(plugin)
    settings = {
        "INHERIT": str(ROOT / "mkdocs.yml"),
        "docs_dir": str(ROOT / "docs"),
        "theme": {"custom_dir": str(ROOT / "overrides"), **(theme or {})},
        "plugins": plugins,
    }
    config = work / "mkdocs.yml"
    config.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    return config


def _build(config: Path, site: Path) -> Step:
    # In the variant's own folder: mkdocs-jupyter keeps its cache (and evicts what one
    # build did not use) in the working directory, so builds running at once must not share it.
    return Step(("mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)), config.parent)


def french(work: Path) -> Variant:
    """The course with ``theme.language: fr`` (interface only: the lessons stay as written)."""
    config = inherit_config(work, theme={"language": "fr"})
    return Variant((_build(config, work / "site"),), work / "site")


#: The non-default folders of the ``options`` variant.
PYODIDE_DIR = "py"
CONTENT_DIR = "content-data"


def options(work: Path) -> Variant:
    """The course with non-default ``pyodide_dir`` and ``content_dir``."""
    config = inherit_config(work, course={"pyodide_dir": PYODIDE_DIR, "content_dir": CONTENT_DIR})
    return Variant((_build(config, work / "site"),), work / "site")


#: The title of the lesson the ``fork`` variant scaffolds.
FORK_TITLE = "Shipping It"
#: The first lesson number the course does not use yet (5 in Module 8).
FORK_LESSON = 1 + max(
    int(p.name[7:]) for p in (ROOT / "docs").glob("lesson-*") if p.name[7:].isdigit()
)


def fork(work: Path) -> Variant:
    """The instructor guide followed in a copy of the course: scaffold, validate, build.

    Its steps' outputs are ``new-lesson``'s, ``validate``'s and the build's.
    """
    shutil.copytree(ROOT / "docs", work / "docs")
    shutil.copy2(ROOT / "mkdocs.yml", work / "mkdocs.yml")
    (work / "overrides").symlink_to(ROOT / "overrides")
    steps = (
        Step(("quiz_engine", "new-lesson", str(FORK_LESSON), "--title", FORK_TITLE,
              "--add-to-nav"), work),
        Step(("quiz_engine", "validate"), work),
        Step(("mkdocs", "build", "--strict", "--site-dir", "site"), work),
    )
    return Variant(steps, work / "site")


def zensical(work: Path) -> Variant:
    """The course built by Zensical from its own ``mkdocs.yml``, then ``build-assets``.

    Zensical keeps the site and the docs inside the configuration file's
    folder, so the variant builds a copy of the course (its ``overrides/`` linked).
    """
    shutil.copytree(ROOT / "docs", work / "docs")
    shutil.copy2(ROOT / "mkdocs.yml", work / "mkdocs.yml")
    (work / "overrides").symlink_to(ROOT / "overrides")
    steps = (
        Step(("zensical", "build", "--clean", "--strict"), work),
        Step(("quiz_engine", "build-assets", "site"), work),
    )
    return Variant(steps, work / "site")


#: Every build variant, by the name tests ask ``site_variant`` for.
VARIANTS: dict[str, VariantMaker] = {
    "french": french, "options": options, "fork": fork, "zensical": zensical,
}


@dataclass(frozen=True)
class BuiltVariant:
    """A variant of the site, built and served."""

    url: str
    #: The folder the variant was built from (a fork's copy of the course).
    work: Path
    #: The stdout of each of the variant's steps, in order.
    outputs: list[str]


@dataclass
class Builds:
    """The variant jobs of a session, started on demand (all the needed ones at once).

    ``shared`` is a folder every test process of the run sees (the same one
    when there is only one).
    """

    shared: Path
    jobs: dict[str, Job] = field(default_factory=dict)

    def start(self, name: str) -> Job:
        """Start ``name``'s build unless it is under way; return its job."""
        if name not in self.jobs:
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "LABS_URL": "", "SITE_URL": "",
                   "SITE_DIR": "site"}
            self.jobs[name] = Job(name, VARIANTS[name], self.shared / "variants" / name, env)
        return self.jobs[name]
