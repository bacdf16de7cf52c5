"""Figures a learner's code draws with matplotlib: shown in the output, inspected by checks.

Standard library only at import; matplotlib is imported only by
:func:`preload`, which the worker calls once matplotlib is loaded. A run that
imports ``matplotlib.pyplot`` gets the backend :data:`BACKEND`
(:mod:`quiz_engine.core.plot_backend`, Agg's non-interactive drawing), whose
``plt.show()`` hands the open figures to the run's :class:`FigureCapture`.
Each is drawn to a PNG image at that point of the output, in order with what
the code printed, and closed; figures still open when the code ends are
shown the same way. The figures stay available to the checks
(:func:`describe_figure` turns one into plain records: curves, marks,
images, labels), read through matplotlib's public API by duck typing.

The exercise runner wraps each run in :func:`capture_figures` and builds the
run's ordered output with :func:`output_items`::

    [{"type": "text", "text": "Best epoch: 4\\n"},
     {"type": "image", "mime": "image/png", "data": "<base64>", "width": 640,
      "height": 480, "title": "Diego's losses"}]

``title`` is what the figure says it shows (its suptitle, else its axes'
titles, else their axis labels); the page makes the image's accessible name
of it.
"""

from __future__ import annotations

import base64
import contextlib
import importlib
import io
import math
import os
import struct
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .records import record

__all__ = [
    "BACKEND",
    "MAX_FIGURES",
    "MAX_PIXELS",
    "FigureCapture",
    "PlottedAxes",
    "PlottedFigure",
    "PlottedLine",
    "capture_figures",
    "describe_figure",
    "figure_title",
    "output_items",
    "preload",
    "show_open_figures",
]

#: The matplotlib backend of every run (a module path, as ``MPLBACKEND`` takes it).
BACKEND = "module://quiz_engine.core.plot_backend"
#: Figures shown (and kept for the checks) per run; more are closed and counted, so a
#: plotting loop cannot fill memory.
MAX_FIGURES = 10
#: Pixels of one image at most; a larger figure is drawn at a lower resolution.
MAX_PIXELS = 1_500_000
#: Resolution of the images (dots per inch of the figure's size).
DPI = 100


class FigureCapture:
    """What one run's figures became: images at positions of its stdout, and the figures."""

    def __init__(self, position: Callable[[], int] | None) -> None:
        #: The length of the run's stdout so far (where an image goes); ``None``: draw nothing.
        self.position = position
        #: ``(stdout position, image item)`` in the order shown.
        self.images: list[tuple[int, dict[str, Any]]] = []
        #: Every figure shown or left open, in order (matplotlib ``Figure`` objects).
        self.figures: list[Any] = []
        #: Figures past :data:`MAX_FIGURES`, closed without being drawn or kept.
        self.dropped = 0

    def take(self, figure: Any) -> None:
        """Keep ``figure`` for the checks and, if this run shows figures, draw it here."""
        if len(self.figures) >= MAX_FIGURES:
            self.dropped += 1
            return
        self.figures.append(figure)
        if self.position is not None:
            self.images.append((self.position(), _image_item(figure)))


_captures: list[FigureCapture] = []


def _pyplot() -> Any:
    """matplotlib.pyplot if the learner's code imported it, else ``None`` (never imports it)."""
    return sys.modules.get("matplotlib.pyplot")


def show_open_figures() -> None:
    """Hand every open figure to the current run's capture, in number order, and close them."""
    pyplot = _pyplot()
    if pyplot is None:
        return
    figures = [pyplot.figure(number) for number in sorted(pyplot.get_fignums())]
    pyplot.close("all")
    if _captures:
        for figure in figures:
            _captures[-1].take(figure)


def preload() -> None:
    """Import ``matplotlib.pyplot`` now, set to :data:`BACKEND`, and draw once.

    The browser's worker calls this after loading matplotlib for a page whose
    exercises plot, while the learner reads, so that the first run does not
    pay for pyplot's import and the first drawing (fonts, Agg). Runs never
    need it: they select the backend themselves.
    """
    os.environ["MPLBACKEND"] = BACKEND
    pyplot = importlib.import_module("matplotlib.pyplot")
    _use_backend()
    warm = pyplot.figure()
    warm.gca().set_title("warm-up")
    warm.savefig(io.BytesIO(), format="png", dpi=DPI)
    pyplot.close(warm)


def _use_backend() -> None:
    """Select :data:`BACKEND` in matplotlib if it is already imported (not otherwise)."""
    matplotlib = sys.modules.get("matplotlib")
    if matplotlib is not None:
        matplotlib.use(BACKEND)


@contextlib.contextmanager
def capture_figures(position: Callable[[], int] | None) -> Iterator[FigureCapture]:
    """Run the block with figures captured; those still open at its end are shown too.

    ``position`` gives the run's stdout length at each ``plt.show()``;
    ``None`` keeps the figures for the checks without drawing them (the
    reruns on variant data). Figures of an earlier run are closed first.
    """
    previous = os.environ.get("MPLBACKEND")
    # A first `import matplotlib` during the block reads this; an earlier one is switched.
    os.environ["MPLBACKEND"] = BACKEND
    capture = FigureCapture(position)
    _captures.append(capture)
    try:
        with warnings.catch_warnings():
            # matplotlib's deprecation warnings (about the libraries it uses) are not the learner's.
            warnings.filterwarnings("ignore", category=DeprecationWarning, module="matplotlib")
            pyplot = _pyplot()
            if pyplot is not None:
                pyplot.close("all")
            _use_backend()
            yield capture
            show_open_figures()
    finally:
        _captures.remove(capture)
        if previous is None:
            os.environ.pop("MPLBACKEND", None)
        else:
            os.environ["MPLBACKEND"] = previous


def output_items(stdout: str, capture: FigureCapture) -> list[dict[str, Any]]:
    """The run's output in order: text between images, the images, and a note of any dropped."""
    items: list[dict[str, Any]] = []
    start = 0
    for position, image in capture.images:
        if stdout[start:position]:
            items.append({"type": "text", "text": stdout[start:position]})
        items.append(image)
        start = position
    if stdout[start:]:
        items.append({"type": "text", "text": stdout[start:]})
    if capture.dropped:
        items.append({"type": "text", "text": (
            f"… {capture.dropped} more figure{'s' if capture.dropped > 1 else ''} not shown: "
            f"a run shows its first {MAX_FIGURES}\n")})
    return items


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG, from its header."""
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def _image_item(figure: Any) -> dict[str, Any]:
    """Draw ``figure`` to a PNG output item (or a text item saying why it could not be drawn)."""
    title = figure_title(figure)
    try:
        width, height = (float(size) for size in figure.get_size_inches())
        dpi = min(DPI, math.sqrt(MAX_PIXELS / max(width * height, 1e-6)))
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    except Exception as error:  # a figure that cannot be drawn is said, not raised
        return {"type": "text",
                "text": f"(the figure {title!r} could not be drawn: {type(error).__name__}: "
                        f"{error})\n"}
    data = buffer.getvalue()
    pixels_wide, pixels_high = _png_size(data)
    return {"type": "image", "mime": "image/png", "data": base64.b64encode(data).decode("ascii"),
            "width": pixels_wide, "height": pixels_high, "title": title}


def _text(artist: Any) -> str:
    """The text of a matplotlib ``Text``, on one line."""
    return " ".join(str(artist.get_text()).split())


def _axes_title(axes: Any) -> str:
    titles = [" ".join(str(axes.get_title(loc)).split()) for loc in ("left", "center", "right")]
    return " — ".join(title for title in titles if title)


def _axes_words(axes: Any) -> str:
    """An axes' title, or what its axis labels say it plots."""
    title = _axes_title(axes)
    if title:
        return title
    x, y = (" ".join(str(label).split()) for label in (axes.get_xlabel(), axes.get_ylabel()))
    if x and y:
        return f"{y} by {x}"
    return x or y


def _suptitle(figure: Any) -> str:
    return " ".join(str(figure.get_suptitle()).split()) if hasattr(figure, "get_suptitle") else ""


def figure_title(figure: Any) -> str:
    """What ``figure`` says it shows: its suptitle, else its axes' titles or axis labels."""
    suptitle = _suptitle(figure)
    if suptitle:
        return suptitle
    words = [_axes_words(axes) for axes in _plotting_axes(figure)]
    return "; ".join(word for word in words if word)


def _plotting_axes(figure: Any) -> list[Any]:
    """The axes of ``figure`` that plot data: a colour bar's own axes are left out."""
    return [axes for axes in figure.axes if not hasattr(axes, "_colorbar")]


@record
class PlottedLine:
    """One curve of an axes: its legend label (``""`` if it has none) and its points."""

    label: str
    x: tuple[float, ...]
    y: tuple[float, ...]


@record
class PlottedAxes:
    """What one axes shows, as plain values."""

    title: str
    xlabel: str
    ylabel: str
    #: Curves of two or more points (``plot``), vertical and horizontal marks excluded.
    lines: tuple[PlottedLine, ...]
    #: x positions marked: vertical lines (``axvline``, ``plot([x, x], …)``), single points
    #: (``plot(x, y, "o")``) and scatter points.
    marked_x: tuple[float, ...]
    #: The arrays drawn as images: ``imshow``, ``matshow``, ``pcolormesh``.
    images: tuple[Any, ...]
    #: The texts of the legend, if there is one.
    legend: tuple[str, ...]
    xticklabels: tuple[str, ...]
    yticklabels: tuple[str, ...]

    def line(self, label: str) -> PlottedLine | None:
        """The curve labelled ``label`` (ignoring case), or ``None``."""
        wanted = label.casefold()
        return next((line for line in self.lines if line.label.casefold() == wanted), None)


@record
class PlottedFigure:
    """One figure the learner's code drew: its title and its axes (colour bars left out)."""

    title: str
    axes: tuple[PlottedAxes, ...]


def _floats(values: Iterable[Any]) -> tuple[float, ...]:
    try:
        return tuple(float(value) for value in values)
    except (TypeError, ValueError):  # dates or categories: not numbers a check can compare
        return ()


def _label(artist: Any) -> str:
    label = str(artist.get_label())
    return "" if label.startswith("_") else label


def _lines(axes: Any) -> tuple[tuple[PlottedLine, ...], list[float]]:
    curves, marks = [], []
    for artist in axes.get_lines():
        x, y = _floats(artist.get_xdata()), _floats(artist.get_ydata())
        if len(x) == 1 or (len(x) == 2 and x[0] == x[1]):
            marks.append(x[0])
        elif len(y) == 2 and y[0] == y[1] and len(set(x)) == 2 and set(x) == {0.0, 1.0}:
            continue  # axhline: a horizontal mark, not a curve
        elif x:
            curves.append(PlottedLine(_label(artist), x, y))
    return tuple(curves), marks


def _collections(axes: Any) -> tuple[list[Any], list[float]]:
    images, marks = [], []
    for collection in axes.collections:
        if hasattr(collection, "get_coordinates"):  # QuadMesh: pcolormesh
            images.append(collection.get_array())
        elif hasattr(collection, "get_offsets"):  # scatter points
            marks += [float(point[0]) for point in collection.get_offsets()]
    return images, marks


def _describe_axes(axes: Any) -> PlottedAxes:
    curves, line_marks = _lines(axes)
    mesh_images, scatter_marks = _collections(axes)
    legend = axes.get_legend()
    return PlottedAxes(
        title=_axes_title(axes),
        xlabel=" ".join(str(axes.get_xlabel()).split()),
        ylabel=" ".join(str(axes.get_ylabel()).split()),
        lines=curves,
        marked_x=tuple(line_marks + scatter_marks),
        images=tuple([image.get_array() for image in axes.get_images()] + mesh_images),
        legend=tuple(_text(text) for text in legend.get_texts()) if legend is not None else (),
        xticklabels=tuple(_text(label) for label in axes.get_xticklabels()),
        yticklabels=tuple(_text(label) for label in axes.get_yticklabels()),
    )


def describe_figure(figure: Any) -> PlottedFigure:
    """``figure`` (a matplotlib ``Figure``) as plain records a check can compare."""
    return PlottedFigure(title=_suptitle(figure),
                         axes=tuple(_describe_axes(axes) for axes in _plotting_axes(figure)))
