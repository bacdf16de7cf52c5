"""The matplotlib backend exercise runs use: Agg's drawing, and a ``show()`` that captures.

matplotlib imports this module itself, by the name
:data:`quiz_engine.core.plots.BACKEND`, once the learner's code has
imported ``matplotlib.pyplot`` during a run; nothing else imports it. So
that importing it never pulls matplotlib in, the canvas class is looked up
only when matplotlib asks for it (a module ``__getattr__``). The exercise
runner imports this module anyway, before any run: in the browser, Python
may start from a memory snapshot, which holds the modules imported before it
was taken but not the engine's files.

``plt.show()`` hands every open figure to the run's capture
(:func:`quiz_engine.core.plots.show_open_figures`), which draws each into
the output in order with what was printed, and closes them.
"""

from __future__ import annotations

import importlib
from typing import Any

from . import plots

__all__ = ["show"]


def show(*args: Any, **kwargs: Any) -> None:
    """``plt.show()``: put every open figure into the run's output (``block`` is ignored)."""
    plots.show_open_figures()



def __getattr__(name: str) -> Any:
    # matplotlib reads `FigureCanvas` from a backend module: Agg's, non-interactive. Kept
    # among the module's names once found, where matplotlib's switch_backend also looks.
    if name == "FigureCanvas":
        canvas = importlib.import_module("matplotlib.backends.backend_agg").FigureCanvasAgg
        globals()["FigureCanvas"] = canvas
        return canvas
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
