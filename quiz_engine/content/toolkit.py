"""The one validation toolkit for every content file the course reads.

Quiz and test files, exercise folders, lab personas and interface strings are
all checked with a :class:`Checker`: it knows the file, the line of every
key (from :mod:`.yaml_lines`), and raises a
:class:`~quiz_engine.core.errors.CourseError` that reads
``path:line: key: problem — fix``. Key paths are written as in the file:
``questions[3].options``, ``checklist[0].accept.number``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol, TypeVar

from ..core.errors import CourseError
from .yaml_lines import LocatedData, child, load_located_yaml

__all__ = [
    "SLUG",
    "Checker",
    "by_unique_id",
    "child",
    "kind_of",
    "plural",
    "read_located_yaml",
    "read_text",
    "shown_path",
    "suggest",
]

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# What `Checker.kind` accepts, in the words its messages use.
_KIND_NAMES = {
    "text": "a non-empty string",
    "texts": "a list of non-empty strings",
    "list": "a list",
    "mapping": "a mapping of keys to values",
    "bool": "true or false",
    "count": "a whole number ≥ 0",
}


class Identified(Protocol):
    """Content with an id, read from a file or folder (a quiz, an exercise)."""

    @property
    def id(self) -> str: ...

    @property
    def source(self) -> str: ...


Content = TypeVar("Content", bound=Identified)


def by_unique_id(
    loaded: Iterable[tuple[Content, str]], *, file_of: Callable[[str], str], line: int | None,
    fix: str,
) -> tuple[dict[str, Content], list[CourseError]]:
    """The first of each id in ``loaded`` (``(content, shown path)`` pairs), and a problem
    for every later one that repeats an id, in ``file_of(shown)`` at ``id``."""
    first: dict[str, Content] = {}
    repeats: list[CourseError] = []
    for content, shown in loaded:
        if content.id in first:
            repeats.append(CourseError(
                f"{content.id!r} is already the id of {first[content.id].source}",
                path=file_of(shown), key="id", line=line, fix=fix,
            ))
        else:
            first[content.id] = content
    return first, repeats


def plural(count: int, word: str) -> str:
    """``1 quiz``, ``5 quizzes``, ``21 files``: a count with its word, for messages and logs."""
    many = word + ("zes" if word.endswith("z") else "s")
    return f"{count} {word if count == 1 else many}"


def kind_of(value: Any) -> str:
    """What ``value`` is, in an author's words (``a number``, ``a list``)."""
    if value is None:
        return "nothing"
    if isinstance(value, str) and not value.strip():
        return "an empty string"
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list",
            dict: "a mapping"}.get(type(value), type(value).__name__)


def suggest(word: str, choices: Iterable[str], otherwise: str) -> str:
    """``did you mean 'x'?`` for the closest of ``choices``, else ``otherwise``."""
    close = difflib.get_close_matches(word, sorted(choices), n=1)
    return f"did you mean {close[0]!r}?" if close else otherwise


def shown_path(path: Path) -> str:
    """``path`` as messages show it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def read_text(path: Path, shown: str, fix: str) -> str:
    """Read a UTF-8 file, or raise a located error (``fix`` says what to do if it is missing)."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise CourseError("file not found", path=shown, fix=fix) from error
    except UnicodeDecodeError as error:
        raise CourseError("is not UTF-8 text", path=shown, fix="save it as UTF-8") from error


def read_located_yaml(path: Path, shown: str, fix: str = "check the path") -> LocatedData:
    """Read and parse a YAML content file, keeping the line of every key."""
    return load_located_yaml(read_text(path, shown, fix), shown)


class Checker:
    """Checks the data of one file and raises located errors."""

    def __init__(self, located: LocatedData, path: str) -> None:
        self.located = located
        self.path = path

    def fail(self, key: str, problem: str, fix: str) -> CourseError:
        """The error for ``key`` (``""``: the whole file), at the key's line."""
        return CourseError(
            problem, path=self.path, key=key or None, line=self.located.line_of(key), fix=fix
        )

    def mapping(self, value: Any, key: str, allowed: Mapping[str, bool]) -> Mapping[str, Any]:
        """Check ``value`` is a mapping with the required keys (``True``) and no unknown ones."""
        what = key or "the file"
        if not isinstance(value, Mapping):
            raise self.fail(
                key, f"{what} must be a mapping of keys, found {kind_of(value)}",
                f"write it as `key: value` lines with the keys {', '.join(allowed)}",
            )
        for name in value:
            if name not in allowed:
                raise self.fail(
                    child(key, name), f"unknown key {name!r}",
                    f"{suggest(name, allowed, 'remove it')} (allowed keys: {', '.join(allowed)})",
                )
        for name, required in allowed.items():
            if required and name not in value:
                raise self.fail(key, f"missing key {name!r}", f"add `{name}:` to {what}")
        return value

    def fields(self, value: Any, key: str, spec: Mapping[str, tuple[str, bool]]) -> dict[str, Any]:
        """Like :meth:`mapping`, with each key's kind (``spec``: name → (kind, required))."""
        data = self.mapping(value, key, {name: required for name, (_, required) in spec.items()})
        for name, (kind, _) in spec.items():
            if name in data:
                self.kind(data[name], kind, child(key, name))
        return dict(data)

    def kind(self, value: Any, kind: str, key: str) -> None:
        """Check ``value`` is of ``kind``: text, texts, list, mapping, bool or count."""
        if kind == "texts" and isinstance(value, list):
            for position, entry in enumerate(value):
                self.kind(entry, "text", child(key, position))
            return
        ok = {
            "text": isinstance(value, str) and value.strip() != "",
            "texts": False,  # a list is checked entry by entry above
            "list": isinstance(value, list),
            "mapping": isinstance(value, dict),
            "bool": isinstance(value, bool),
            "count": isinstance(value, int) and not isinstance(value, bool) and value >= 0,
        }[kind]
        if not ok:
            quote = kind == "text" and isinstance(value, int | float)
            raise self.fail(
                key, f"expected {_KIND_NAMES[kind]}, found {kind_of(value)}",
                f'quote it: "{value}"' if quote else f"make it {_KIND_NAMES[kind]}",
            )

    def text(self, value: Any, key: str) -> str:
        """Check ``value`` is a non-empty string; return it stripped."""
        if not isinstance(value, str):
            raise self.fail(key, f"must be text, found {kind_of(value)}", "quote the value")
        if not value.strip():
            raise self.fail(key, "is empty", "write the text the learner should see")
        return value.strip()

    def slug(self, value: Any, key: str) -> str:
        """Check ``value`` is a kebab-case id."""
        text = self.text(value, key)
        if not SLUG.match(text):
            raise self.fail(
                key, f"{text!r} is not a valid id",
                "use lower-case letters, digits and single hyphens, e.g. `class-imbalance`",
            )
        return text

    def items(self, value: Any, key: str, what: str, minimum: int) -> list[Any]:
        """Check ``value`` is a list of at least ``minimum`` items."""
        if not isinstance(value, list):
            raise self.fail(
                key, f"must be a list of {what}, found {kind_of(value)}",
                "start each item with `- `",
            )
        if len(value) < minimum:
            raise self.fail(
                key, f"needs at least {minimum} {what}, found {len(value)}", f"add {what}"
            )
        return value

    def unique(self, ids: list[str], key: str, what: str = "entry") -> None:
        """Check no id in ``ids`` (the ``id`` of each item of list ``key``) repeats."""
        for position, item_id in enumerate(ids):
            earlier = ids.index(item_id)
            if earlier < position:
                raise self.fail(
                    child(child(key, position), "id"),
                    f"{item_id!r} is already the id of {child(key, earlier)}",
                    f"give every {what} its own id",
                )
