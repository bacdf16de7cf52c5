"""``@record``: the browser core's frozen data classes, defined without compiling anything.

``dataclasses.dataclass`` writes the source of each method it adds
(``__init__``, ``__eq__``, ``__hash__``, ``__repr__``, ``__setattr__``,
``__delattr__``) and compiles it when the class is defined. Under Pyodide
that takes about 4 ms a class, and a cold first answer waits for it: the
five classes of the grading modules took 22 of the 27 ms of importing
them, and a first exercise run waited for fifteen. A record's methods are
shared functions that read the class's list of fields, so defining one
takes a fraction of a millisecond.

A record behaves as a frozen dataclass does in all a course object needs:
construction by position or keyword, with defaults; equality and hashing
by value (only with a record of the same class); a ``repr`` that names each
field; ``__match_args__``; and no field set or deleted once made. A field
without a default cannot follow one with a default, and an unhashable
default (a list, a dict, a set) is refused, as a dataclass does; so is a
``dataclasses.field()``, which a record does not read. Type checkers read a
record as a frozen dataclass (``typing.dataclass_transform``).
:func:`replace` is ``dataclasses.replace`` for records.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any, TypeVar, dataclass_transform

__all__ = ["FrozenRecordError", "record", "replace"]

_Class = TypeVar("_Class", bound=type)
_Record = TypeVar("_Record")

#: The attribute holding a record class's field names, in order.
_FIELDS = "__record_fields__"
#: The attribute holding a record class's defaults, by field name.
_DEFAULTS = "__record_defaults__"


class FrozenRecordError(AttributeError):
    """A field of a record was set or deleted after the record was made."""


def _is_class_var(annotation: object) -> bool:
    """Whether an annotation (a string under ``from __future__ import annotations``) is a
    ``ClassVar``, written ``ClassVar[…]`` or ``typing.ClassVar[…]``."""
    text = annotation if isinstance(annotation, str) else repr(annotation)
    return text.split("[", 1)[0].strip() in {"ClassVar", "typing.ClassVar"}


def _field_names(cls: type) -> tuple[str, ...]:
    """The annotated names of ``cls`` and its bases, base classes' first (``ClassVar``s not)."""
    names: dict[str, None] = {}
    for klass in reversed(cls.__mro__):
        # A class's own annotations (since Python 3.10 never a base class's).
        for name, annotation in getattr(klass, "__annotations__", {}).items():
            if not _is_class_var(annotation):
                names[name] = None
    return tuple(names)


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    cls = type(self)
    fields: tuple[str, ...] = getattr(cls, _FIELDS)
    defaults: dict[str, Any] = getattr(cls, _DEFAULTS)
    if len(args) > len(fields):
        raise TypeError(
            f"{cls.__name__}() takes {len(fields)} positional arguments but {len(args)} were given"
        )
    values = dict(zip(fields, args, strict=False))
    for name, value in kwargs.items():
        if name in values:
            raise TypeError(f"{cls.__name__}() got multiple values for argument {name!r}")
        if name not in defaults and name not in fields:
            raise TypeError(f"{cls.__name__}() got an unexpected keyword argument {name!r}")
        values[name] = value
    missing = [name for name in fields if name not in values and name not in defaults]
    if missing:
        raise TypeError(f"{cls.__name__}() missing required arguments: {', '.join(missing)}")
    for name in fields:
        object.__setattr__(self, name, values[name] if name in values else defaults[name])


def _values(self: Any) -> tuple[Any, ...]:
    return tuple(getattr(self, name) for name in getattr(type(self), _FIELDS))


def _eq(self: Any, other: object) -> object:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _values(self) == _values(other)


def _hash(self: Any) -> int:
    return hash(_values(self))


def _repr(self: Any) -> str:
    fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in getattr(type(self), _FIELDS))
    return f"{type(self).__qualname__}({fields})"


def _setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenRecordError(f"cannot assign to field {name!r} of a {type(self).__name__}")


def _delattr(self: Any, name: str) -> None:
    raise FrozenRecordError(f"cannot delete field {name!r} of a {type(self).__name__}")


def _defaults(cls: type, fields: tuple[str, ...]) -> dict[str, Any]:
    """The fields' defaults, checked as a dataclass checks them."""
    defaults: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        defaults.update({name: value for name, value in vars(klass).items() if name in fields})
    for before, name in pairwise(fields):
        if before in defaults and name not in defaults:
            raise TypeError(
                f"{cls.__name__}: field {name!r} without a default follows one with a default"
            )
    for name, value in defaults.items():
        kind = type(value)
        if kind.__module__ == "dataclasses":
            raise TypeError(f"{cls.__name__}: field {name!r}: a record takes plain defaults only")
        if kind.__hash__ is None:
            raise ValueError(f"{cls.__name__}: mutable default {kind.__name__} for field {name!r}")
    return defaults


@dataclass_transform(frozen_default=True)
def record(cls: _Class) -> _Class:
    """Make ``cls`` a record: a frozen data class of its annotated fields (see the module doc)."""
    fields = _field_names(cls)
    defaults = _defaults(cls, fields)
    for name, value in ((_FIELDS, fields), (_DEFAULTS, defaults), ("__match_args__", fields)):
        setattr(cls, name, value)
    own = vars(cls)
    for name, method in (("__init__", _init), ("__eq__", _eq), ("__repr__", _repr),
                         ("__setattr__", _setattr), ("__delattr__", _delattr),
                         ("__hash__", _hash)):
        # A class that writes its own __eq__ gets __hash__ = None from Python: it is hashed
        # by its fields all the same, as a frozen dataclass is, unless it writes a __hash__.
        if own.get(name) is None:
            setattr(cls, name, method)
    return cls


def replace(obj: _Record, **changes: Any) -> _Record:
    """A copy of the record ``obj`` with ``changes`` to its fields."""
    values = {name: getattr(obj, name) for name in getattr(type(obj), _FIELDS)}
    unknown = set(changes) - set(values)
    if unknown:
        raise TypeError(f"{type(obj).__name__} has no field {', '.join(sorted(unknown))}")
    return type(obj)(**{**values, **changes})
