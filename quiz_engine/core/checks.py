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

Results come in many correct forms, so the helpers below accept them all and
fail with a message naming what was found: :func:`number` (any real number,
numpy scalars included), :func:`as_sequence` and :func:`as_numbers` (list,
tuple, numpy array, pandas Series or Index), :func:`as_mapping` (dict or
Series), :func:`as_set` (set, tuple, list, array…), :func:`same` (compares
two results of any of these forms, numbers within a tolerance) and
:func:`show` (a short text of a value for a message).

To prove the learner *computed* a result rather than typed the lesson's
numbers in, :meth:`Namespace.variant` runs their code again on a variant of
the data (other files in ``data/``, or other values for setup variables)
next to the exercise's reference solution, and :func:`expect_from_data`
compares the two. numpy and pandas are never imported here: values are
handled by duck typing, so this module stays standard library only.

The figures the learner's code drew (``plt.show()`` or left open) are read
with :func:`figures` and :func:`figure`, as plain records
(:class:`~quiz_engine.core.plots.PlottedFigure`: each axes' curves with
their labels, marked x positions, images, titles and axis labels)::

    @check("the figure shows both losses", hint="Plot `val_loss` too.")
    def both_curves(ns):
        axes = figure(ns).axes[0]
        expect(len(axes.lines) == 2, f"the figure has {len(axes.lines)} curves")
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Protocol, TypeVar

from .errors import CourseError
from .plots import PlottedAxes, PlottedFigure, PlottedLine, describe_figure
from .records import record

__all__ = [
    "DIFFERENT_DATA",
    "CheckFailed",
    "CheckSpec",
    "Namespace",
    "NotDefined",
    "PlottedAxes",
    "PlottedFigure",
    "PlottedLine",
    "Variant",
    "as_mapping",
    "as_number",
    "as_numbers",
    "as_sequence",
    "as_set",
    "check",
    "collect_checks",
    "describe",
    "expect",
    "expect_from_data",
    "figure",
    "figures",
    "number",
    "same",
    "show",
    "spec_of",
]

#: How a message names the variant data the learner's code was run on again.
DIFFERENT_DATA = "another sample of the data (same columns, other numbers)"

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


@record
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

    def __init__(self, variables: Mapping[str, Any], *,
                 variants: VariantRunner | None = None, figures: tuple[Any, ...] = ()) -> None:
        self._variables = variables
        self._variants = variants
        self._figures = figures

    @property
    def drawn_figures(self) -> tuple[Any, ...]:
        """The matplotlib figures the learner's code showed or left open, in order."""
        return self._figures

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

    def variant(self, files: Mapping[str, str] | None = None, *,
                values: Mapping[str, Any] | None = None) -> Variant:
        """Run the learner's code and the reference solution again on variant data.

        ``files`` maps a data file to the one that replaces it for this run,
        both in ``data/`` (``{"marcus_posts.csv": "variant_marcus_posts.csv"}``);
        ``values`` gives setup variables other values (``{"ideas": [...]}``).
        The runs are made once per variant and shared by every check.
        """
        if self._variants is None:
            raise RuntimeError("this namespace cannot run the code again (no runner attached)")
        return self._variants(dict(files or {}), dict(values or {}))


class VariantRunner(Protocol):
    """What :meth:`Namespace.variant` calls: the runner's way of running the code again."""

    def __call__(self, files: dict[str, str], values: dict[str, Any]) -> Variant: ...


class Variant:
    """The learner's code and the reference solution, run again on variant data.

    ``learner_error`` / ``reference_error`` are ``None`` or the runner's error
    record (``{"type", "message", "line", …}``) of a run that stopped.
    """

    def __init__(self, learner: Mapping[str, Any], reference: Mapping[str, Any], *,
                 learner_error: Mapping[str, Any] | None = None,
                 reference_error: Mapping[str, Any] | None = None) -> None:
        self._learner = Namespace(learner)
        self._reference = Namespace(reference)
        self.learner_error = learner_error
        self.reference_error = reference_error

    @property
    def learner(self) -> Namespace:
        """The learner's variables on the variant; fails the check if their code stopped."""
        error = self.learner_error
        if error is not None:
            line = f" (line {error['line']})" if error.get("line") else ""
            where = "the exercise's setup" if error.get("where") == "setup" else "your code"
            raise CheckFailed(
                f"{where} stopped with {error['type']}: {error['message']}{line} when it ran "
                f"again on {DIFFERENT_DATA} — make it work for any data of this shape: no "
                "fixed sizes, positions or labels"
            )
        return self._learner

    @property
    def reference(self) -> Namespace:
        """The reference solution's variables on the variant."""
        if self.reference_error is not None:
            error = self.reference_error
            raise CourseError(
                f"the reference solution stops on the variant data ({error['type']}: "
                f"{error['message']})",
                key="checks.py", fix="make the variant data file fit the exercise",
            )
        return self._reference


def expect_from_data(ns: Namespace, names: list[str] | tuple[str, ...], *,
                     files: Mapping[str, str] | None = None,
                     values: Mapping[str, Any] | None = None, where: str = "the data",
                     keys: Mapping[str, Callable[[Any], Any]] | None = None,
                     tolerance: float = 1e-6) -> None:
    """Fail unless each of ``names`` follows the data: on a variant it equals the reference's.

    The learner's code and the reference solution run again on
    :meth:`Namespace.variant` (``files``, ``values``); each name must be
    :func:`same` in both. ``keys`` maps a name to what is compared (e.g. the
    image ids of a DataFrame). When a result did not change although the data
    did, the message says the numbers were typed in rather than computed.
    ``where`` names the data for the learner, e.g. "`posts`".
    """
    variant = ns.variant(files, values=values)
    for name in names:
        key = (keys or {}).get(name, _unchanged)
        found, expected = variant.learner[name], key(variant.reference[name])
        found_key = _key_or_none(key, found)
        if found_key is not None and same(found_key, expected, tolerance=tolerance):
            continue
        original = _key_or_none(key, ns[name])
        if found_key is not None and same(found_key, original, tolerance=tolerance):
            raise CheckFailed(
                f"`{name}` stays {show(found_key)} when the data change — your numbers match "
                f"the lesson's story, but not the data in {where}: compute them from the data"
            )
        raise CheckFailed(
            f"run again on {DIFFERENT_DATA}, your `{name}` is "
            f"{show(found if found_key is None else found_key)} where {where} give "
            f"{show(expected)} — compute it from {where}, not from fixed numbers"
        )


def figures(ns: Namespace) -> tuple[PlottedFigure, ...]:
    """The figures the learner's code showed (``plt.show()``) or left open, in order."""
    return tuple(describe_figure(drawn) for drawn in ns.drawn_figures)


def figure(ns: Namespace, *, index: int = -1) -> PlottedFigure:
    """One figure the learner's code drew (the last by default); fails the check if none."""
    drawn = figures(ns)
    if not drawn:
        raise CheckFailed("your code draws no figure — plot with `plt.plot(...)`, then "
                          "`plt.show()`")
    if not -len(drawn) <= index < len(drawn):
        raise CheckFailed(f"your code draws {len(drawn)} figure{'s' if len(drawn) > 1 else ''}, "
                          f"fewer than expected")
    return drawn[index]


def _unchanged(value: Any) -> Any:
    return value


def _key_or_none(key: Callable[[Any], Any], value: Any) -> Any:
    try:
        return key(value)
    except Exception:  # the learner's value is not of the expected kind: it does not match
        return None


# Comparison helpers: every correct form of a result, by duck typing (no numpy import).

def _is_number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, numbers.Real):
        return True
    return getattr(value, "shape", None) == () and hasattr(value, "dtype") and _numeric(value)


def _numeric(value: object) -> bool:
    try:
        float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return getattr(getattr(value, "dtype", None), "kind", "f") in "iuf"


def _is_table(value: object) -> bool:
    return hasattr(value, "columns") and hasattr(value, "iloc")


def _is_series(value: object) -> bool:
    return hasattr(value, "index") and hasattr(value, "to_dict") and not _is_table(value)


def _is_mapping(value: object) -> bool:
    return isinstance(value, Mapping) or _is_series(value)


def as_number(value: object, what: str) -> float:
    """``value`` as a float: any real number (numpy scalars included), else fail the check."""
    if _is_number(value):
        return float(value)  # type: ignore[arg-type]
    raise CheckFailed(f"{what} is {describe(value)}, not a number")


def number(ns: Namespace, name: str) -> float:
    """The learner's variable ``name`` as a float, or fail the check saying what it is."""
    return as_number(ns[name], f"`{name}`")


def as_sequence(value: object, what: str, *, length: int | None = None) -> list[Any]:
    """The items of a list, tuple, numpy array, pandas Series or Index — in their order.

    Fails for text, dicts, sets (they have no order), tables and arrays of
    more than one dimension, and, with ``length``, for another number of items.
    """
    problem = None
    if value is None or isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        problem = "expected a list, tuple or array"
    elif isinstance(value, Mapping) or _is_table(value):
        problem = "expected a list, tuple or array of values"
    elif isinstance(value, (set, frozenset)):
        problem = "a set has no order: use a list (e.g. `sorted(...)`)"
    elif len(getattr(value, "shape", (0,))) != 1:
        problem = "expected one dimension"
    if problem:
        raise CheckFailed(f"{what} is {describe(value)}; {problem}")
    items: list[Any] = list(value)  # type: ignore[call-overload]
    if length is not None and len(items) != length:
        raise CheckFailed(f"{what} has {len(items)} item{'' if len(items) == 1 else 's'}; "
                          f"expected {length}")
    return items


def as_numbers(value: object, what: str, *, length: int | None = None) -> list[float]:
    """:func:`as_sequence`, each item a number."""
    items = as_sequence(value, what, length=length)
    return [as_number(item, f"item {index} of {what}") for index, item in enumerate(items)]


def as_mapping(value: object, what: str) -> dict[Any, Any]:
    """A dict of a dict or a pandas Series (index → value), else fail the check."""
    if isinstance(value, Mapping):
        return dict(value)
    if _is_series(value):
        return dict(value.items())  # type: ignore[attr-defined]
    raise CheckFailed(f"{what} is {describe(value)}; expected a dict (or a pandas Series)")


def as_set(value: object, what: str) -> set[Any]:
    """The items of a set, list, tuple, array, Series or Index, order ignored."""
    if (value is None or isinstance(value, (str, bytes, Mapping)) or _is_table(value)
            or not hasattr(value, "__iter__")):
        raise CheckFailed(f"{what} is {describe(value)}; expected a set (or a list) of items")
    try:
        return {_hashable(item) for item in value}
    except TypeError as error:
        raise CheckFailed(f"{what} is {describe(value)}; expected a set of single items"
                          ) from error


def _hashable(item: Any) -> Any:
    if _is_number(item) and hasattr(item, "item"):
        return item.item()  # a numpy scalar: compare as the Python number
    if isinstance(item, str):
        return str(item)
    if isinstance(item, (tuple, list)):
        return tuple(_hashable(part) for part in item)
    return item


def same(found: object, expected: object, *, tolerance: float = 1e-6) -> bool:
    """Whether two results are equal in any of their correct forms.

    Numbers within ``tolerance`` (absolute); text exactly; sets order
    ignored; mappings (dict, Series) key by key; sequences (list, tuple,
    array, Series, Index) item by item. Never raises: what cannot be
    compared is not the same.
    """
    try:
        return _same(found, expected, tolerance)
    except Exception:  # an odd learner value is simply not the expected one
        return False


def _same(found: Any, expected: Any, tolerance: float) -> bool:
    if _is_number(expected):
        if not _is_number(found):
            return False
        a, b = float(found), float(expected)
        return (math.isnan(a) and math.isnan(b)) or abs(a - b) <= tolerance
    if isinstance(expected, str):
        return isinstance(found, str) and str(found) == str(expected)  # numpy's str_ too
    if isinstance(expected, (bytes, bool)) or expected is None:
        return type(found) is type(expected) and found == expected
    if isinstance(expected, (set, frozenset)):
        return as_set(found, "") == {_hashable(item) for item in expected}
    if _is_series(expected) and not _is_mapping(found):
        expected = list(expected)  # a Series of values, compared with a list or an array
    elif _is_mapping(expected):
        return _is_mapping(found) and _same_mapping(found, expected, tolerance)
    if hasattr(expected, "__iter__") and not _is_table(expected):
        return _same_sequence(found, expected, tolerance)
    return bool(found == expected)


def _same_mapping(found: Any, expected: Any, tolerance: float) -> bool:
    mine = {_hashable(k): v for k, v in as_mapping(found, "").items()}
    theirs = {_hashable(k): v for k, v in as_mapping(expected, "").items()}
    return set(mine) == set(theirs) and all(_same(mine[k], theirs[k], tolerance) for k in theirs)


def _same_sequence(found: Any, expected: Any, tolerance: float) -> bool:
    shapes = getattr(found, "shape", None), getattr(expected, "shape", None)
    if shapes[0] is not None and shapes[1] is not None and tuple(shapes[0]) != tuple(shapes[1]):
        return False
    mine, theirs = list(found), list(expected)
    return len(mine) == len(theirs) and all(
        _same(a, b, tolerance) for a, b in zip(mine, theirs, strict=True))


def show(value: object, *, limit: int = 80) -> str:
    """A short text of ``value`` for a message: numbers rounded, long values cut."""
    text = _show(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _show(value: Any) -> str:
    if _is_table(value):
        return describe(value)
    if _is_number(value):
        number_ = float(value)
        whole = number_.is_integer() and abs(number_) < 1e15
        return str(int(number_)) if whole else f"{number_:.4g}"
    if isinstance(value, str):
        return repr(str(value))
    if _is_mapping(value):
        pairs = as_mapping(value, "").items()
        return "{" + ", ".join(f"{_show(k)}: {_show(v)}" for k, v in pairs) + "}"
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(_show(item) for item in value)) + "}"
    if isinstance(value, tuple):
        comma = "," if len(value) == 1 else ""
        return "(" + ", ".join(_show(item) for item in value) + comma + ")"
    if hasattr(value, "__iter__") and not isinstance(value, bytes):
        try:
            return "[" + ", ".join(_show(item) for item in value) + "]"
        except TypeError:
            pass
    return repr(value)


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
