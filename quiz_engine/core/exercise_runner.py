"""Run a learner's exercise code, and check what it produced.

Standard library only, so it runs in Pyodide (the browser's Python worker)
exactly as in CPython tests; numpy, pandas and matplotlib are imported by
the exercise's own setup, code and checks. The time limit is the browser's
job: it stops a run by replacing the worker (drawing a figure is part of the
run, under the same limit).

Both functions return plain JSON-safe dicts:

- :func:`run_code` → ``{"stdout", "stderr", "exception", "output"}``, where
  ``exception`` (what the learner's own code raised) is ``None`` or ``{"type",
  "message", "line", "traceback", "where"}`` and the traceback shows only the
  learner's own frames, numbered as in the editor; ``output`` is stdout with
  the figures the code drew, in order: text items and image items (see
  :mod:`quiz_engine.core.plots`).
- :func:`check_code` → ``{"passed", "summary", "run", "checks"}``, one entry per
  check: ``{"name", "expectation", "passed", "status", "message", "hint"}``.

Given the exercise's reference ``solution``, a check can have the learner's
code and the solution run again on variant data (``ns.variant(...)`` in the
checks API): each run gets its own temporary folder holding a copy of
``data/`` with the variant files in place of the originals, so the learner's
``pd.read_csv("data/…")`` reads the variant without knowing it.
"""

from __future__ import annotations

import builtins
import contextlib
import copy
import io
import linecache
import os
import shutil
import sys
import tempfile
import traceback
import warnings
from collections.abc import Callable, Iterator
from typing import Any

# matplotlib imports plot_backend by name during a run; imported here so that a memory
# snapshot of the browser's Python (which keeps imported modules, not files) holds it.
from . import (
    plot_backend,  # noqa: F401
    plots,
)
from .checks import (
    CheckFailed,
    CheckSpec,
    Namespace,
    NotDefined,
    Variant,
    collect_checks,
    spec_of,
)
from .errors import CourseError

__all__ = ["INPUT_MESSAGE", "OUTPUT_LIMIT", "check_code", "run_code"]

#: Characters of stdout (and of stderr) kept per run; a print loop cannot fill memory.
OUTPUT_LIMIT = 50_000
INPUT_MESSAGE = (
    "input() is not available in exercises — put the value in your code instead, "
    'e.g. `patience = 3` rather than `patience = int(input("patience? "))`'
)
SETUP_FILENAME = "exercise setup"
CHECKS_FILENAME = "checks.py"
REFERENCE_FILENAME = "reference solution"


class _CappedText(io.TextIOBase):
    """A text stream that keeps the first :data:`OUTPUT_LIMIT` characters."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._size = 0
        self._dropped = 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        room = OUTPUT_LIMIT - self._size
        kept = text[: max(room, 0)]
        if kept:
            self._parts.append(kept)
            self._size += len(kept)
        self._dropped += len(text) - len(kept)
        return len(text)

    def size(self) -> int:
        """Characters kept so far."""
        return self._size

    def getvalue(self) -> str:
        text = "".join(self._parts)
        if self._dropped:
            text += f"\n… {self._dropped:,} more characters of output were cut off"
        return text


class _NoInput(io.TextIOBase):
    """``sys.stdin`` during a run: reading fails at once instead of blocking the worker."""

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> str:
        raise RuntimeError(INPUT_MESSAGE)

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        raise RuntimeError(INPUT_MESSAGE)


def _no_input(prompt: object = "") -> str:
    """Stands in for the built-in ``input`` in the learner's namespace."""
    raise RuntimeError(INPUT_MESSAGE)


def _fresh_namespace() -> dict[str, Any]:
    learner_builtins = dict(vars(builtins))
    learner_builtins["input"] = _no_input
    return {"__name__": "__main__", "__builtins__": learner_builtins}


@contextlib.contextmanager
def _sandbox(stdout: io.TextIOBase, stderr: io.TextIOBase) -> Iterator[None]:
    """Capture output, refuse input, and undo warning filters and ``os.chdir``."""
    cwd = os.getcwd()
    stdin = sys.stdin
    sys.stdin = _NoInput()
    try:
        with (
            warnings.catch_warnings(),
            contextlib.redirect_stdout(stdout),
            contextlib.redirect_stderr(stderr),
        ):
            warnings.simplefilter("default")
            # As Python's own defaults: a file left open is no warning (one an earlier
            # run left open would otherwise show in whichever run collects it).
            warnings.simplefilter("ignore", ResourceWarning)
            yield
    finally:
        sys.stdin = stdin
        if os.getcwd() != cwd:
            os.chdir(cwd)


def _remember_source(filename: str, source: str) -> None:
    """Let tracebacks quote the learner's lines (their code has no file on disk)."""
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)


def _error(error: BaseException, filename: str, where: str) -> dict[str, Any]:
    """Describe ``error`` with a traceback of ``filename``'s frames only."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == filename]
    line = frames[-1].lineno if frames else None
    if isinstance(error, SyntaxError) and error.filename == filename:
        line = error.lineno
    stack = "".join(traceback.StackSummary.from_list(frames).format())
    header = "Traceback (most recent call last):\n" if frames else ""
    detail = "".join(traceback.format_exception_only(type(error), error))
    message = str(error)
    if isinstance(error, SyntaxError):
        message = error.msg
    elif isinstance(error, SystemExit):
        message = "your code called exit() — exercise code simply runs to its end; remove the call"
        detail = f"SystemExit: {message}\n"
    return {
        "type": type(error).__name__,
        "message": message,
        "line": line,
        "traceback": f"{header}{stack}{detail}".rstrip("\n"),
        "where": where,
    }


def _execute(
    source: str, filename: str, namespace: dict[str, Any], where: str
) -> dict[str, Any] | None:
    """Compile and run ``source`` in ``namespace``; return the error, or ``None``."""
    _remember_source(filename, source)
    try:
        code = compile(source, filename, "exec", dont_inherit=True)
        exec(code, namespace)
    except (Exception, SystemExit, KeyboardInterrupt) as error:  # the learner's error is data
        return _error(error, filename, where)
    return None


def _run(code: str, setup: str, filename: str
         ) -> tuple[dict[str, Any], dict[str, Any], tuple[Any, ...]]:
    """Run setup and code; return the result, the namespace and the figures drawn."""
    namespace = _fresh_namespace()
    stdout, stderr = _CappedText(), _CappedText()
    with _sandbox(stdout, stderr), plots.capture_figures(stdout.size) as figures:
        error = _execute(setup, SETUP_FILENAME, namespace, "setup") if setup.strip() else None
        if error is None:
            error = _execute(code, filename, namespace, "code")
    text = stdout.getvalue()
    result = {"stdout": text, "stderr": stderr.getvalue(), "exception": error,
              "output": plots.output_items(text, figures)}
    return result, namespace, tuple(figures.figures)


def run_code(code: str, *, setup: str = "", filename: str = "your code") -> dict[str, Any]:
    """Run ``setup`` then the learner's ``code`` in a fresh namespace; return the outcome."""
    result, _, _ = _run(code, setup, filename)
    return result


class _VariantRuns:
    """Runs the learner's code and the reference solution again on variant data, once each."""

    def __init__(self, code: str, setup: str, filename: str, solution: str) -> None:
        self._code, self._setup, self._filename, self._solution = code, setup, filename, solution
        self._done: dict[str, Variant] = {}
        self.folders: list[str] = []

    def __call__(self, files: dict[str, str], values: dict[str, Any]) -> Variant:
        if not self._solution.strip():
            raise CourseError("a check runs the code on variant data, but the exercise has no "
                              "reference solution", key=CHECKS_FILENAME,
                              fix="pass the exercise's solution to check_code")
        cache_key = repr((sorted(files.items()), sorted(values.items(), key=lambda kv: kv[0])))
        if cache_key not in self._done:
            learner_error, learner = self._run(self._code, self._filename, files, values)
            reference_error, reference = self._run(self._solution, REFERENCE_FILENAME, files,
                                                   values)
            self._done[cache_key] = Variant(learner, reference, learner_error=learner_error,
                                            reference_error=reference_error)
        return self._done[cache_key]

    def _run(self, code: str, filename: str, files: dict[str, str], values: dict[str, Any]
             ) -> tuple[dict[str, Any] | None, dict[str, Any]]:
        folder = tempfile.mkdtemp(prefix="course-variant-")
        self.folders.append(folder)  # removed after every check ran: results may still read it
        _copy_data(folder, files)
        namespace = _fresh_namespace()
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            # Figures drawn again are kept from the output and closed, never drawn.
            with plots.capture_figures(None):
                error = (_execute(self._setup, SETUP_FILENAME, namespace, "setup")
                         if self._setup.strip() else None)
                if error is None:
                    namespace.update(copy.deepcopy(values))
                    error = _execute(code, filename, namespace, "code")
        finally:
            os.chdir(cwd)
        return error, namespace

    def clean_up(self) -> None:
        for folder in self.folders:
            shutil.rmtree(folder, ignore_errors=True)


def _copy_data(folder: str, files: dict[str, str]) -> None:
    """``folder/data``: a copy of ``data/``, each of ``files``' keys replaced by its value."""
    target = os.path.join(folder, "data")
    if os.path.isdir("data"):
        shutil.copytree("data", target)
    else:
        os.makedirs(target)
    for original, replacement in files.items():
        source = os.path.join("data", replacement)
        if not os.path.isfile(source):
            raise CourseError(f"the variant data file data/{replacement} is missing",
                              key=CHECKS_FILENAME,
                              fix="list it under `data` in exercise.yml")
        shutil.copyfile(source, os.path.join(target, original))


def _load_checks(checks_source: str) -> list[tuple[Callable[..., Any], CheckSpec]]:
    module: dict[str, Any] = {"__name__": "course_exercise_checks"}
    try:
        exec(compile(checks_source, CHECKS_FILENAME, "exec", dont_inherit=True), module)
    except Exception as error:
        raise CourseError(
            f"the exercise's checks could not be loaded ({type(error).__name__}: {error})",
            key=CHECKS_FILENAME,
            fix="run the exercise's golden tests to see the full error",
        ) from error
    marked = ((function, spec_of(function)) for function in collect_checks(module))
    checks = [(function, spec) for function, spec in marked if spec is not None]
    if not checks:
        raise CourseError(
            "the exercise has no checks", key=CHECKS_FILENAME, fix="decorate checks with @check"
        )
    return checks


def _crash_message(error: Exception, namespace: dict[str, Any], filename: str) -> str:
    """Turn an exception raised while checking into a sentence for the learner."""
    if isinstance(error, KeyError) and len(error.args) == 1:
        key = error.args[0]
        frames = traceback.extract_tb(error.__traceback__)
        raised_by_check = bool(frames) and frames[-1].filename == CHECKS_FILENAME
        if raised_by_check and isinstance(key, str) and key.isidentifier() and key not in namespace:
            return NotDefined(key).message
    what = f"{type(error).__name__}: {error}"
    mine = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == filename]
    if mine:
        frame = mine[-1]
        name = "your code" if frame.name == "<module>" else f"your `{frame.name}`"
        return f"{name} raised {what} (line {frame.lineno}) while it was being checked"
    return (
        f"this check could not look at your result ({what}) — compare what your code "
        "produces with the expectation above"
    )


def _run_one(
    function: Callable[..., Any], spec: CheckSpec, namespace: dict[str, Any], filename: str,
    variants: _VariantRuns | None = None, figures: tuple[Any, ...] = (),
) -> dict[str, Any]:
    outcome = {"name": spec.name, "expectation": spec.expectation}
    try:
        verdict = function(Namespace(namespace, variants=variants, figures=figures))
    except CheckFailed as failure:
        message = failure.message
    except Exception as error:  # a crashing check is a failed check, never a traceback
        message = _crash_message(error, namespace, filename)
    else:
        if verdict is not False:
            return {**outcome, "passed": True, "status": "passed", "message": "", "hint": ""}
        message = spec.expectation
    return {**outcome, "passed": False, "status": "failed", "message": message, "hint": spec.hint}


def check_code(code: str, *, setup: str = "", checks_source: str,
               filename: str = "your code", solution: str = "") -> dict[str, Any]:
    """Run the learner's ``code``, then every check in ``checks_source`` against its namespace.

    ``solution`` is the reference solution that checks may run on variant data.
    Raises :class:`CourseError` if the checks themselves cannot be loaded (an
    authoring problem, not the learner's).
    """
    checks = _load_checks(checks_source)
    run, namespace, figures = _run(code, setup, filename)
    if run["exception"] is not None:
        not_run = "not checked: your code stopped with an error — fix it and check again"
        results = [
            {"name": spec.name, "expectation": spec.expectation, "passed": False,
             "status": "not run", "message": not_run, "hint": ""}
            for _, spec in checks
        ]
        summary = f"Your code stopped with {run['exception']['type']}; the checks did not run."
        return {"passed": False, "summary": summary, "run": run, "checks": results}
    variants = _VariantRuns(code, setup, filename, solution)
    try:
        # A learner function called by a check may print: its output is dropped.
        with _sandbox(_CappedText(), _CappedText()):
            results = [_run_one(function, spec, namespace, filename, variants, figures)
                       for function, spec in checks]
    finally:
        variants.clean_up()
    passed = sum(1 for result in results if result["passed"])
    summary = f"{passed} of {len(results)} checks passed."
    return {"passed": passed == len(results), "summary": summary, "run": run, "checks": results}
