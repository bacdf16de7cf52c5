"""Read YAML into plain Python data, remembering the line of every key.

Build-time only (imports PyYAML); the browser never needs it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from ..core.errors import CourseError

__all__ = ["LocatedData", "child", "load_located_yaml"]


@dataclass
class LocatedData:
    """Parsed YAML plus the 1-based line of every key path (``questions[0].id``)."""

    data: Any
    lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str) -> int | None:
        """Return the line of ``key`` or of its nearest located parent."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = _parent(key)
        return self.lines.get("")


def _parent(key: str) -> str:
    cut = max(key.rfind("."), key.rfind("["))
    return key[:cut] if cut > 0 else ""


def child(parent: str, name: str | int) -> str:
    """The key path of ``name`` inside ``parent`` (``a.b``, ``a[0]``)."""
    if isinstance(name, int):
        return f"{parent}[{name}]"
    return f"{parent}.{name}" if parent else name


def _scalar(node: yaml.Node) -> Any:
    """Build the Python value of a scalar node with YAML's safe rules."""
    return _CONSTRUCTOR.construct_object(node)


_CONSTRUCTOR = yaml.SafeLoader("")
#: libyaml's parser where PyYAML was built with it (its wheels are): the same
#: nodes and marks, parsed about ten times faster than in pure Python.
_PARSER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _convert(node: yaml.Node, key: str, located: LocatedData, path: str) -> Any:
    located.lines.setdefault(key, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            name = _scalar(key_node)
            if not isinstance(name, str):
                raise CourseError(
                    f"keys must be text, found {name!r}",
                    path=path,
                    line=key_node.start_mark.line + 1,
                    fix="quote the key or remove it",
                )
            if name in result:
                raise CourseError(
                    f"key {name!r} appears twice",
                    path=path,
                    key=child(key, name),
                    line=key_node.start_mark.line + 1,
                    fix="keep one of them",
                )
            path_of_child = child(key, name)
            located.lines[path_of_child] = key_node.start_mark.line + 1
            result[name] = _convert(value_node, path_of_child, located, path)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, child(key, i), located, path) for i, item in enumerate(node.value)]
    return _scalar(node)


def load_located_yaml(text: str, path: str) -> LocatedData:
    """Parse ``text`` (read from ``path``) into :class:`LocatedData`."""
    try:
        node = yaml.compose(text, Loader=_PARSER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        raise CourseError(
            f"this is not valid YAML ({error.problem})",
            path=path,
            line=mark.line + 1 if mark else None,
            fix="check the indentation and quote text that contains ': ' or starts with a quote",
        ) from error
    located = LocatedData(data=None)
    if node is not None:
        located.data = _convert(node, "", located, path)
    return located
