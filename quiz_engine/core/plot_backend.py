"""The matplotlib backend exercise runs use: Agg's drawing, and a ``show()`` that captures.

matplotlib imports this module itself, by the name
:data:`quiz_engine.core.plots.BACKEND`, once the learner's code has
imported ``matplotlib.pyplot`` during a run; nothing else imports it. So
that importing it never pulls matplotlib in, the canvas class is taken from
matplotlib only when matplotlib is already there (it is, when it imports
this module).

``plt.show()`` hands every open figure to the run's capture
(:func:`quiz_engine.core.plots.show_open_figures`), which draws each into
the output in order with what was printed, and closes them.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

from . import plots

__all__ = ["show"]

if "matplotlib" in sys.modules:
    #: What matplotlib draws with: Agg's canvas, non-interactive.
    FigureCanvas = importlib.import_module("matplotlib.backends.backend_agg").FigureCanvasAgg


def show(*args: Any, **kwargs: Any) -> None:
    """``plt.show()``: put every open figure into the run's output (``block`` is ignored)."""
    plots.show_open_figures()

