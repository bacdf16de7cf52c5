"""The tiny API exercise authors write their checks with.

Standard library only: an exercise's ``checks.py`` imports it in the
learner's browser (Pyodide) and in CPython tests alike::

    from quiz_engine.core.checks import check, expect

    @check("`weights` sums to 1", hint="Divide by the sum to normalise the weights.")
    def weights_sum_to_one(ns):
        total = float(sum(ns["weights"]))
        expect(abs(total - 1) < 1e-6, f"your weights sum to {total:.3f}")

``ns`` is a :class:`Namespace`: the learner's variables after their code ran.
Looking up a name the learner never assigned fails the check with a friendly
message instead of a ``KeyError``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from .errors import CourseError

__all__ = [
    "CheckFailed",
    "CheckSpec",
    "Namespace",
    "NotDefined",
    "check",
    "collect_checks",
    "describe",
    "expect",
    "spec_of",
]

_SPEC_ATTRIBUTE = "__course_check__"

CheckFunction = TypeVar("CheckFunction", bound=Callable[..., Any])


class CheckFailed(Exception):
    """The learner's result does not meet a check; the message says what was found."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class NotDefined(CheckFailed):
    """A check looked up a name the learner has not assigned (or left as ``...``)."""

    def __init__(self, name: str, *, placeholder: bool = False) -> None:
        self.name = name
        if placeholder:
            message = f"`{name}` is still `...` — replace the `...` with your answer"
        else:
            message = f"`{name}` is not defined — assign your answer to `{name}`"
        super().__init__(message)


@dataclass(frozen=True)
class CheckSpec:
    """What a check function promises: its name, the expectation and the hint."""

    name: str
    expectation: str
    hint: str


def check(expectation: str, *, hint: str) -> Callable[[CheckFunction], CheckFunction]:
    """Mark ``def name(ns): …`` as a check stating ``expectation``, with ``hint`` on failure."""
    for what, text in (("expectation", expectation), ("hint", hint)):
        if not isinstance(text, str) or not text.strip():
            raise CourseError(
                f"@check needs a non-empty {what}",
                key="checks.py",
                fix='write @check("what is expected, in words", hint="how to get there")',
            )

    def mark(function: CheckFunction) -> CheckFunction:
        spec = CheckSpec(name=function.__name__, expectation=expectation.strip(), hint=hint.strip())
        setattr(function, _SPEC_ATTRIBUTE, spec)
        return function

    return mark


def spec_of(function: Callable[..., Any]) -> CheckSpec | None:
    """Return the :class:`CheckSpec` of a function marked with :func:`check`, or ``None``."""
    spec = getattr(function, _SPEC_ATTRIBUTE, None)
    return spec if isinstance(spec, CheckSpec) else None


def collect_checks(module_namespace: Mapping[str, Any]) -> list[Callable[..., Any]]:
    """Return the check functions of an executed ``checks.py``, in the order written."""
    return [value for value in module_namespace.values() if callable(value) and spec_of(value)]


def expect(condition: object, message: str | Callable[[], str]) -> None:
    """Fail the current check with ``message`` (what was found) unless ``condition`` holds.

    An f-string message is built even when the check passes; when building it
    needs the failure (``sorted(extra)[0]``), pass ``lambda: f"…"`` instead.
    """
    if not condition:
        raise CheckFailed(message() if callable(message) else message)


class Namespace(Mapping[str, Any]):
    """A read-only view of the learner's variables, with friendly lookups."""

    def __init__(self, variables: Mapping[str, Any]) -> None:
        self._variables = variables

    def __getitem__(self, name: str) -> Any:
        if name not in self._variables:
            raise NotDefined(name)
        value = self._variables[name]
        if value is Ellipsis:
            raise NotDefined(name, placeholder=True)
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self._variables)

    def __len__(self) -> int:
        return len(self._variables)

    def __contains__(self, name: object) -> bool:
        return name in self._variables

    def function(self, name: str) -> Callable[..., Any]:
        """Return the learner's function ``name``, failing the check if it is not one."""
        value: Callable[..., Any] = self[name]
        if not callable(value):
            raise CheckFailed(
                f"`{name}` is {describe(value)}, not a function — define it with `def {name}(…):`"
            )
        return value


def describe(value: object) -> str:
    """Describe ``value`` in a few words for a check message (type, shape, dtype, size)."""
    if value is None:
        return "None (did your function forget to `return`?)"
    if value is Ellipsis:
        return "`...` (not filled in yet)"
    shape = getattr(value, "shape", None)
    dtype = getattr(value, "dtype", None)
    kind = type(value).__name__
    article = "an" if kind[:1].lower() in "aeiou" else "a"
    if shape is not None and dtype is not None:
        if tuple(shape) == ():  # a numpy scalar such as np.int64(3)
            return f"the {kind} {value}"
        return f"{article} {kind} of shape {tuple(shape)} and dtype {dtype}"
    if isinstance(value, (str, bytes)):
        text = repr(value)
        return f"the text {text if len(text) <= 40 else text[:37] + '...'}"
    if isinstance(value, (bool, int, float)):
        return f"the {kind} {value!r}"
    try:
        size = len(value)  # type: ignore[arg-type]
    except TypeError:
        return f"{article} {kind}"
    return f"{article} {kind} of {size} item{'' if size == 1 else 's'}"
