"""Read and validate exercise folders into :class:`~quiz_engine.core.exercise.Exercise` records.

An exercise is a folder, ``docs/lesson-N/exercises/<id>/``, holding
``exercise.yml`` (id, title, prompt, setup, data, packages, hints, …),
``starter.py``, ``solution.py``, ``checks.py`` and ``wrong/*.py`` (realistic
wrong answers, each starting with ``# expect-hint: <text>``, for the tests).
Build time only (reads YAML). Every problem is a :class:`CourseError` naming
the file, the line, the key and the fix, e.g. ``docs/lesson-2/exercises/
class-weights/exercise.yml:9: packages: 'panda' is not a package exercises can
use — did you mean 'pandas'?``.
"""

from __future__ import annotations

import ast
import difflib
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from ..core.errors import CourseError
from ..core.exercise import (
    DEFAULT_SOLUTION_AFTER,
    DEFAULT_TIMEOUT_SECONDS,
    PACKAGES,
    Exercise,
    RightAnswer,
    WrongAnswer,
    data_target,
)
from .toolkit import Checker, by_unique_id, read_text
from .yaml_lines import load_located_yaml

__all__ = [
    "MAX_DATA_BYTES",
    "MAX_TIMEOUT_SECONDS",
    "build_exercise",
    "exercises_by_id",
    "find_exercise_folders",
    "load_exercise",
    "read_right_answers",
    "read_wrong_answers",
]

MAX_DATA_BYTES = 5_000_000
MAX_TIMEOUT_SECONDS = 60
MAX_SOLUTION_AFTER = 20
_KEYS = {
    "id": True, "title": True, "prompt": True, "setup": False, "data": False,
    "check_data": False, "packages": False, "hints": True, "solution_after": False,
    "timeout_seconds": False,
}
_CODE_FILES = ("starter.py", "solution.py", "checks.py")
_EXPECT_HINT = re.compile(r"^#\s*expect-hint:\s*(?P<text>\S.*?)\s*$")


def _parse_python(source: str, shown: str, *, line_offset: int = 0, key: str | None = None
                  ) -> ast.Module:
    try:
        return ast.parse(source, filename=shown)
    except SyntaxError as error:
        line = (error.lineno or 1) + line_offset
        raise CourseError(
            f"is not valid Python ({error.msg})", path=shown, key=key, line=line,
            fix="fix the syntax: the learner's first Run must not fail on the exercise's own code",
        ) from error


def _number(check: Checker, value: Any, key: str, *, integer: bool, low: float, high: float
            ) -> float:
    kinds = (int,) if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds):
        what = "a whole number" if integer else "a number"
        raise check.fail(
            key, f"must be {what}, found {value!r}", f"write e.g. `{key}: {int(high) // 2}`"
        )
    if not low <= value <= high or (not integer and value <= 0):
        raise check.fail(
            key, f"{value!r} is out of range", f"use a value between {low:g} and {high:g}"
        )
    return value


def _packages(check: Checker, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    names = check.items(value, "packages", "package names", 0)
    for index, name in enumerate(names):
        key = f"packages[{index}]"
        if name not in PACKAGES:
            close = difflib.get_close_matches(str(name), PACKAGES, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise check.fail(
                key, f"{name!r} is not a package exercises can use",
                f"{hint}exercises can load {', '.join(PACKAGES)} (and the standard library)",
            )
        if name in names[:index]:
            raise check.fail(key, f"{name!r} is listed twice", "list every package once")
    return tuple(names)


def _data_files(
    check: Checker, value: Any, docs_dir: Path, *, field: str = "data",
    seen: dict[str, str] | None = None,
) -> tuple[str, ...]:
    """The data files listed under ``field``; ``seen`` maps file names to their keys so far."""
    if value is None:
        return ()
    paths = check.items(value, field, "data file paths", 0)
    seen = {} if seen is None else seen
    for index, item in enumerate(paths):
        key = f"{field}[{index}]"
        text = check.text(item, key)
        pure = PurePosixPath(text)
        if pure.is_absolute() or ".." in pure.parts or "\\" in text:
            raise check.fail(
                key, f"{text!r} must be a path inside the docs folder",
                "write it relative to the docs folder with `/`, e.g. `datasets/marcus_posts.csv`",
            )
        if pure.name in seen:
            raise check.fail(
                key, f"{pure.name!r} has the same file name as {seen[pure.name]}",
                "rename one: both would be written to data/" + pure.name,
            )
        seen[pure.name] = key
        file = docs_dir / pure
        if not file.is_file():
            nearby = sorted(p.name for p in file.parent.glob("*") if p.is_file())
            known = f" (files there: {', '.join(nearby)})" if nearby else ""
            raise check.fail(
                key, f"data file {text!r} not found in {docs_dir.name}/",
                f"check the path; it is relative to the docs folder{known}",
            )
        if file.stat().st_size > MAX_DATA_BYTES:
            raise check.fail(
                key, f"{text!r} is larger than {MAX_DATA_BYTES // 1_000_000} MB",
                "use a smaller sample: every learner downloads it into the browser",
            )
    return tuple(str(PurePosixPath(p)) for p in paths)


def _check_problem(
    node: ast.FunctionDef, call: ast.Call, names: Mapping[str, int]
) -> tuple[str, str] | None:
    """What is wrong with one ``@check`` function, as ``(problem, fix)``."""
    if node.name in names:
        return (
            f"a check named {node.name!r} is already defined on line {names[node.name]}",
            "give every check its own name (the second would replace the first)",
        )
    if not call.args or not any(k.arg == "hint" for k in call.keywords):
        return (
            "@check needs the expectation and a hint",
            'write @check("what is expected, in words", hint="how to get there")',
        )
    if len(node.args.args) != 1:
        return (
            "a check takes exactly one argument, the learner's namespace",
            f"write `def {node.name}(ns):`",
        )
    return None


def _check_functions(tree: ast.Module, shown: str) -> None:
    """``checks.py`` defines at least one ``@check(expectation, hint=…)``, names unique."""
    names: dict[str, int] = {}
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        calls = [d for d in node.decorator_list if isinstance(d, ast.Call) and (
            (isinstance(d.func, ast.Name) and d.func.id == "check")
            or (isinstance(d.func, ast.Attribute) and d.func.attr == "check"))]
        if not calls:
            continue
        problem = _check_problem(node, calls[0], names)
        if problem:
            raise CourseError(
                problem[0], path=shown, key=f"check {node.name}", line=node.lineno, fix=problem[1]
            )
        names[node.name] = node.lineno
    if not names:
        raise CourseError(
            "defines no checks", path=shown,
            fix="decorate functions with @check(...) from quiz_engine.core.checks",
        )


def _imports(tree: ast.Module) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name.split(".")[0], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.module.split(".")[0], node.lineno))
    return found


def _check_imports(check: Checker, packages: tuple[str, ...],
                   trees: Mapping[str, tuple[str, ast.Module, int]]) -> None:
    """Every import is the standard library or a listed package; every package is used."""
    used: set[str] = set()
    for name, (shown, tree, offset) in trees.items():
        allowed = {"quiz_engine"} if name == "checks.py" else set()
        for module, line in _imports(tree):
            if module in PACKAGES:
                used.add(module)
                if module not in packages:
                    raise check.fail(
                        "packages", f"{name} imports {module!r}, which `packages` does not list",
                        f"add `- {module}` to packages so the browser loads it before the run",
                    )
            elif module not in sys.stdlib_module_names and module not in allowed:
                raise CourseError(
                    f"imports {module!r}, which the browser does not have", path=shown,
                    line=line + offset,
                    fix=f"use only the standard library and {' / '.join(PACKAGES)}",
                )
    for index, module in enumerate(packages):
        if module not in used:
            raise check.fail(
                f"packages[{index}]", f"{module!r} is listed but no code imports it",
                "remove it: every listed package is loaded before the first run",
            )


def _check_data_reads(check: Checker, paths: tuple[str, ...],
                      trees: Mapping[str, tuple[str, ast.Module, int]]) -> None:
    """Every ``"data/<file>"`` the code names is a listed data file (else every run fails)."""
    listed = {data_target(path) for path in paths}
    for name, (_, tree, _) in trees.items():
        for node in ast.walk(tree):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and text.startswith("data/") and text not in listed:
                raise check.fail(
                    "data", f"{name} reads {text!r}, which neither `data` nor `check_data` lists",
                    f"add its path under the docs folder, e.g. `- datasets/{text[5:]}`",
                )


def build_exercise(folder: Path, display_path: str, *, docs_dir: Path) -> Exercise:
    """Validate the exercise in ``folder`` (shown as ``display_path``) and return it."""
    shown_yml = f"{display_path}/exercise.yml"
    text = read_text(
        folder / "exercise.yml", shown_yml,
        "every exercise folder needs an exercise.yml with id, title, prompt and hints",
    )
    located = load_located_yaml(text, shown_yml)
    check = Checker(located, shown_yml)
    if located.data is None:
        raise check.fail("", "the file is empty", "start with `id:`, `title:`, `prompt:`, `hints:`")
    data = check.mapping(located.data, "", _KEYS)
    exercise_id = check.slug(data["id"], "id")
    if exercise_id != folder.name:
        raise check.fail(
            "id", f"{exercise_id!r} does not match the folder name {folder.name!r}",
            "name the folder after the exercise id (or change the id)",
        )
    setup = data.get("setup") or ""
    if not isinstance(setup, str):
        raise check.fail("setup", "must be Python code as text", "write it as a block: `setup: |`")
    setup_offset = (located.line_of("setup") or 0) if "setup" in data else 0
    raw_hints = check.items(data["hints"], "hints", "hints", 1)
    sources = {
        name: read_text(folder / name, f"{display_path}/{name}", f"create {name} in the folder")
        for name in _CODE_FILES
    }
    trees = {name: (f"{display_path}/{name}", _parse_python(src, f"{display_path}/{name}"), 0)
             for name, src in sources.items()}
    trees["setup"] = (shown_yml, _parse_python(setup, shown_yml, line_offset=setup_offset,
                                               key="setup"), setup_offset)
    _check_functions(trees["checks.py"][1], f"{display_path}/checks.py")
    packages = _packages(check, data.get("packages"))
    _check_imports(check, packages, trees)
    names: dict[str, str] = {}
    paths = _data_files(check, data.get("data"), docs_dir, seen=names)
    check_paths = _data_files(
        check, data.get("check_data"), docs_dir, field="check_data", seen=names
    )
    _check_data_reads(check, paths + check_paths, trees)
    return Exercise(
        id=exercise_id,
        title=check.text(data["title"], "title"),
        prompt=check.text(data["prompt"], "prompt"),
        setup=setup.strip("\n") + "\n" if setup.strip() else "",
        starter=sources["starter.py"],
        solution=sources["solution.py"],
        checks=sources["checks.py"],
        data=paths,
        check_data=check_paths,
        packages=packages,
        hints=tuple(check.text(hint, f"hints[{i}]") for i, hint in enumerate(raw_hints)),
        solution_after=int(_number(
            check, data.get("solution_after", DEFAULT_SOLUTION_AFTER), "solution_after",
            integer=True, low=0, high=MAX_SOLUTION_AFTER)),
        timeout_seconds=float(_number(
            check, data.get("timeout_seconds", DEFAULT_TIMEOUT_SECONDS), "timeout_seconds",
            integer=False, low=0, high=MAX_TIMEOUT_SECONDS)),
        source=display_path,
    )


def read_wrong_answers(folder: Path, display_path: str) -> tuple[WrongAnswer, ...]:
    """Read ``wrong/*.py``; each starts with ``# expect-hint: <text the learner must get>``.

    The folder's ``right/*.py`` are read too (see :func:`read_right_answers`),
    so whatever validates the wrong answers also catches a broken right one.
    """
    read_right_answers(folder, display_path)
    answers: list[WrongAnswer] = []
    for path in sorted((folder / "wrong").glob("*.py")):
        shown = f"{display_path}/wrong/{path.name}"
        code = read_text(path, shown, "check the path")
        match = _EXPECT_HINT.match(code.split("\n", 1)[0])
        if match is None:
            raise CourseError(
                "does not start with `# expect-hint: <text>`", path=shown, line=1,
                fix="name, on the first line, text of the hint or message this answer must get",
            )
        answers.append(WrongAnswer(name=path.stem, code=code, expect=match["text"]))
    return tuple(answers)


def read_right_answers(folder: Path, display_path: str) -> tuple[RightAnswer, ...]:
    """Read ``right/*.py``: correct solutions written otherwise than ``solution.py``.

    Each must be valid Python (the tests prove it passes every check).
    """
    answers: list[RightAnswer] = []
    for path in sorted((folder / "right").glob("*.py")):
        shown = f"{display_path}/right/{path.name}"
        code = read_text(path, shown, "check the path")
        _parse_python(code, shown)
        answers.append(RightAnswer(name=path.stem, code=code))
    return tuple(answers)


def find_exercise_folders(docs_dir: Path) -> list[Path]:
    """Return every exercise folder under ``docs_dir`` (``**/exercises/<id>/exercise.yml``)."""
    return sorted(path.parent for path in docs_dir.glob("**/exercises/*/exercise.yml"))


def load_exercise(folder: Path, display_path: str, *, docs_dir: Path | None = None) -> Exercise:
    """Read and validate the exercise folder ``folder``, shown as ``display_path`` in errors.

    ``data`` paths are relative to ``docs_dir``; by default the folder two
    levels above ``exercises/`` (``docs/`` for ``docs/lesson-2/exercises/x``).
    Raises :class:`CourseError` naming the file, line, key and fix.
    """
    return build_exercise(folder, display_path, docs_dir=docs_dir or _docs_dir_of(folder))


def exercises_by_id(
    loaded: Iterable[tuple[Exercise, str]],
) -> tuple[dict[str, Exercise], list[CourseError]]:
    """The exercises ``(exercise, display_path)`` by id, the first of each, and a problem for
    every folder that repeats an id."""
    return by_unique_id(
        loaded, file_of=lambda shown: f"{shown}/exercise.yml", line=None,
        fix="give every exercise its own id (and folder name)",
    )


def _docs_dir_of(folder: Path) -> Path:
    for parent in folder.resolve().parents:
        if parent.name == "exercises":
            return parent.parent.parent
    raise CourseError(
        "the exercise folder is not inside an `exercises/` folder",
        path=str(folder),
        fix="put it at docs/lesson-N/exercises/<id>/, or pass docs_dir",
    )
