"""Builds of the course for the e2e tests, run as subprocesses in the background.

The site every test uses is built once per session (``conftest.site_url``).
The variants a few tests need — the course in French, with non-default
plugin options, a fork with a scaffolded lesson, the course built by
Zensical — are listed in
:data:`VARIANTS` and built by one session fixture, all at once and while the
other tests run, so none of them holds the suite up for its own build.
"""

from __future__ import annotations

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

__all__ = ["VARIANTS", "Builds", "BuiltVariant", "Job", "Step", "Variant", "inherit_config"]

ROOT = Path(__file__).resolve().parents[2]


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


class Job:
    """A variant's steps, run one after the other in a thread; stops at the first failure."""

    def __init__(self, name: str, variant: Variant, env: dict[str, str]) -> None:
        self.name = name
        self.variant = variant
        self.results: list[subprocess.CompletedProcess[str]] = []
        self._env = env
        self._thread = threading.Thread(target=self._run, name=f"build-{name}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        for step in self.variant.steps:
            result = subprocess.run(
                [sys.executable, "-m", *step.args], cwd=step.cwd, capture_output=True,
                text=True, timeout=600, env=self._env, check=False,
            )
            self.results.append(result)
            if result.returncode != 0:
                return

    def outputs(self) -> list[str]:
        """Wait for the job; the stdout of each step, or fail the test with what went wrong."""
        self._thread.join(timeout=660)
        failed = [r for r in self.results if r.returncode != 0]
        if self._thread.is_alive() or failed or len(self.results) != len(self.variant.steps):
            detail = "\n".join(f"$ {' '.join(r.args)}\n{r.stdout}\n{r.stderr}" for r in self.results)
            raise AssertionError(f"the {self.name} build failed or did not finish:\n{detail}")
        return [r.stdout for r in self.results]


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
VARIANTS: dict[str, Callable[[Path], Variant]] = {
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
    """The variant jobs of a session, started on demand (all the needed ones at once)."""

    make_work: Callable[[str], Path]
    jobs: dict[str, Job] = field(default_factory=dict)

    def start(self, name: str) -> Job:
        """Start ``name``'s build unless it is under way; return its job."""
        if name not in self.jobs:
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "LABS_URL": "", "SITE_URL": "",
                   "SITE_DIR": "site"}
            self.jobs[name] = Job(name, VARIANTS[name](self.make_work(name)), env)
        return self.jobs[name]
