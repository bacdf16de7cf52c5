"""``@record``: the browser core's frozen data classes behave as frozen dataclasses do."""

from __future__ import annotations

import builtins
import copy
import dataclasses
import pickle
from typing import Any, ClassVar

import pytest

from quiz_engine.core.records import FrozenRecordError, record, replace


@record
class Point:
    """A record with a default."""

    x: int
    y: int
    label: str = ""
    kind: ClassVar[str] = "point"


@dataclasses.dataclass(frozen=True)
class DataPoint:
    """The same fields as a frozen dataclass, to compare with."""

    x: int
    y: int
    label: str = ""


@record
class Other:
    """Another record with the same fields as :class:`Point`."""

    x: int
    y: int
    label: str = ""


def test_a_record_is_made_by_position_or_keyword_with_defaults() -> None:
    assert (Point(1, 2).x, Point(1, 2).y, Point(1, 2).label) == (1, 2, "")
    assert Point(y=2, x=1, label="a") == Point(1, 2, "a")
    assert Point.kind == "point"  # a ClassVar is not a field
    assert Point.__match_args__ == ("x", "y", "label")


@pytest.mark.parametrize(("args", "kwargs", "message"), [
    ((1, 2, "a", 4), {}, "takes 3 positional arguments but 4 were given"),
    ((1,), {"x": 2, "y": 3}, "multiple values for argument 'x'"),
    ((1, 2), {"z": 3}, "unexpected keyword argument 'z'"),
    ((), {"label": "a"}, "missing required arguments: x, y"),
])
def test_a_record_refuses_what_a_dataclass_refuses(
    args: tuple[Any, ...], kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(TypeError, match=message):
        Point(*args, **kwargs)
    with pytest.raises(TypeError):
        DataPoint(*args, **kwargs)


def test_equality_and_hashing_go_by_value_within_one_class() -> None:
    assert Point(1, 2) == Point(1, 2)
    assert Point(1, 2) != Point(1, 3)
    assert Point(1, 2) != Other(1, 2)
    assert Point(1, 2) != (1, 2, "")
    assert hash(Point(1, 2, "a")) == hash(Point(1, 2, "a"))
    assert len({Point(1, 2), Point(1, 2), Point(2, 1)}) == 2


def test_its_repr_is_a_dataclasss() -> None:
    assert repr(Point(1, 2, "a")) == repr(DataPoint(1, 2, "a")).replace("DataPoint", "Point")


def test_a_record_cannot_change_once_made() -> None:
    point = Point(1, 2)
    with pytest.raises(FrozenRecordError, match="cannot assign to field 'x'"):
        point.x = 3  # type: ignore[misc]
    with pytest.raises(FrozenRecordError, match="cannot delete field 'y'"):
        del point.y  # type: ignore[misc]
    with pytest.raises(AttributeError):
        point.z = 1  # type: ignore[attr-defined]
    assert point == Point(1, 2)


def test_a_record_copies_and_pickles() -> None:
    point = Point(1, 2, "a")
    assert copy.copy(point) == point
    assert copy.deepcopy(point) == point
    assert pickle.loads(pickle.dumps(point)) == point


def test_a_record_matches_by_position() -> None:
    match Point(1, 2, "a"):
        case Point(1, y, label):
            assert (y, label) == (2, "a")
        case _:
            pytest.fail("the record did not match")


def test_replace_copies_with_changes() -> None:
    point = Point(1, 2, "a")
    assert replace(point, y=5) == Point(1, 5, "a")
    assert point == Point(1, 2, "a")
    with pytest.raises(TypeError, match="has no field z"):
        replace(point, z=1)


def test_a_bad_class_is_refused_when_it_is_defined() -> None:
    with pytest.raises(TypeError, match="'y' without a default follows one with a default"):
        @record
        class Bad:
            x: int = 0
            y: int

    with pytest.raises(ValueError, match="mutable default list for field 'items'"):
        @record
        class Mutable:
            items: list[int] = []  # noqa: RUF012

    with pytest.raises(ValueError, match="mutable default bytearray for field 'data'"):
        @record
        class Unhashable:
            data: bytearray = bytearray()

    with pytest.raises(TypeError, match="'tags': a record takes plain defaults only"):
        @record
        class WithField:
            tags: tuple[str, ...] = dataclasses.field(default=())


class ClassVarLike:
    """A type whose name starts as ``ClassVar``'s does."""


@record
class Annotated:
    """A field whose type only looks like a ``ClassVar``, and a real one."""

    like: ClassVarLike
    count: ClassVar[int] = 0


def test_only_a_real_classvar_is_left_out() -> None:
    assert Annotated.__match_args__ == ("like",)


@record
class OwnEquality:
    """A record that writes its own ``__eq__`` (Python then sets ``__hash__`` to None)."""

    name: str

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OwnEquality) and self.name.lower() == other.name.lower()


def test_a_record_with_its_own_eq_is_still_hashed_by_its_fields() -> None:
    assert OwnEquality("A") == OwnEquality("a")
    assert hash(OwnEquality("a")) == hash(OwnEquality("a"))


def test_defining_a_record_compiles_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """What makes a record cheap to define in Pyodide: no method source is compiled."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a record compiled code")

    monkeypatch.setattr(builtins, "exec", refuse)
    monkeypatch.setattr(builtins, "compile", refuse)
    monkeypatch.setattr(builtins, "eval", refuse)

    @record
    class Defined:
        a: int
        b: str = "b"

    assert Defined(1) == Defined(a=1, b="b")
    with pytest.raises(AssertionError, match="compiled code"):
        @dataclasses.dataclass(frozen=True)
        class Compiled:
            a: int
