#!/usr/bin/env python3
"""Draw the lessons' figures from the course's data sets into ``docs/lesson-N/figures/``.

Each figure is an SVG (matplotlib, ``svg.fonttype: none`` so its text stays
text) with the numbers behind it as a CSV of the same name. Both come from
the committed data sets in ``docs/datasets/`` (made by
``scripts/make_datasets.py``, which calls this script), so a figure cannot
disagree with the data the exercises use; a unit test redraws them and
compares the bytes.

The SVGs are written for inlining into the page by the ``figure`` fence:

- every colour is a CSS variable of the "Lesson figures" section of
  ``overrides/assets/course/course.css`` (``var(--course-fig-ink, #212121)``),
  with the light palette's value as the fallback, so a figure follows the
  site's light and dark palettes and still shows in a notebook;
- its ids carry the figure's name, so two figures on one page never clash;
- the root is ``role="img"``, named by a ``<title>`` that states what the
  figure shows, with the caption in ``<desc>``;
- the output is deterministic: a fixed ``svg.hashsalt`` and no date.

Text colours are checked while drawing: each must reach 4.5:1 against what it
sits on in both palettes, or the script stops.

Usage: ``python scripts/make_figures.py [OUT_DIR]`` (default ``docs``: the
figures land in ``OUT_DIR/lesson-N/figures/``).
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

__all__ = [
    "FIGURES",
    "ROLES",
    "FigureSpec",
    "cell_text_role",
    "contrast",
    "read_palettes",
    "write_figures",
]

ROOT = Path(__file__).resolve().parents[1]
CSS = ROOT / "overrides" / "assets" / "course" / "course.css"
DATASETS = ROOT / "docs" / "datasets"

#: The colour roles of a figure, each a CSS variable ``--course-fig-<role>``.
ROLES = ("bg", "ink", "axis", "grid", "primary", "accent", "on-strong")
# matplotlib draws with these stand-ins; the SVG gets the variables in their place.
_STAND_IN = {role: f"#0000{n:02x}" for n, role in enumerate(ROLES, 1)}
C = _STAND_IN
#: WCAG AA for text.
MIN_TEXT_CONTRAST = 4.5
#: The smallest font in a figure, in points: shown at its natural width, a
#: figure's text is at least this many CSS pixels tall.
MIN_FONT = 11

_RC = {
    "svg.hashsalt": "module-8-lesson-figures",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",  # shipped with matplotlib: the same layout everywhere
    "font.size": MIN_FONT,
    "axes.titlesize": 12.5,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": MIN_FONT,
    "xtick.labelsize": MIN_FONT,
    "ytick.labelsize": MIN_FONT,
    "legend.fontsize": MIN_FONT,
    "legend.frameon": False,
    "text.color": C["ink"],
    "axes.labelcolor": C["ink"],
    "axes.edgecolor": C["axis"],
    "axes.facecolor": "none",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": C["axis"],
    "ytick.color": C["axis"],
    "xtick.labelcolor": C["ink"],
    "ytick.labelcolor": C["ink"],
    "grid.color": C["grid"],
    "grid.linewidth": 0.8,
    "figure.facecolor": C["bg"],
    "savefig.facecolor": C["bg"],
    "savefig.edgecolor": "none",
    "patch.edgecolor": "none",
    "axes.prop_cycle": matplotlib.cycler(color=[C["primary"], C["accent"]]),
}
# What the page's fonts are, with matplotlib's own last (the layout was measured with it).
_FONT = "var(--course-fig-font, 'DejaVu Sans', Verdana, sans-serif)"


@dataclass(frozen=True)
class Drawn:
    """One drawn figure: the matplotlib figure, its numbers, alt text and caption."""

    figure: Figure
    header: tuple[str, ...]
    rows: list[tuple[object, ...]]
    alt: str
    caption: str


@dataclass(frozen=True)
class FigureSpec:
    """Where a figure goes (``lesson-3``, ``loss-curves``) and how it is drawn."""

    lesson: str
    name: str
    draw: Callable[[Path, dict[str, dict[str, str]]], Drawn]


# ---------------------------------------------------------------- colours


def read_palettes(css: str) -> dict[str, dict[str, str]]:
    """The figure colours of the light (``default``) and dark (``slate``) palettes in ``css``."""
    _, found, section = css.partition("/* Lesson figures */")
    if not found:
        raise ValueError("course.css has no /* Lesson figures */ section")
    palettes = {}
    for scheme, selector in (("default", ":root"), ("slate", '[data-md-color-scheme="slate"]')):
        block = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", section)
        if block is None:
            raise ValueError(f"course.css: the figures section has no {selector} block")
        values = dict(re.findall(r"--course-fig-([\w-]+):\s*(#[0-9a-f]{6})\s*;", block[1]))
        missing = [role for role in ROLES if role not in values]
        if missing:
            raise ValueError(f"course.css: {selector} lacks --course-fig-{missing[0]}")
        palettes[scheme] = values
    return palettes


def _rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=float) / 255


def _luminance(rgb: np.ndarray) -> float:
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(linear @ np.array([0.2126, 0.7152, 0.0722]))


def contrast(a: str | np.ndarray, b: str | np.ndarray) -> float:
    """The WCAG contrast ratio of two colours (``#rrggbb`` or RGB arrays in 0 to 1)."""
    la, lb = (_luminance(_rgb(c) if isinstance(c, str) else c) for c in (a, b))
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def _over(palette: dict[str, str], role: str, opacity: float) -> np.ndarray:
    """The colour of ``role`` at ``opacity`` over the figure's background."""
    return opacity * _rgb(palette[role]) + (1 - opacity) * _rgb(palette["bg"])


def cell_text_role(palettes: dict[str, dict[str, str]], fill: str, opacity: float) -> str:
    """``ink`` or ``on-strong``: the text colour readable on a cell in every palette."""
    best = max(("ink", "on-strong"), key=lambda text: min(
        contrast(p[text], _over(p, fill, opacity)) for p in palettes.values()))
    worst = min(contrast(p[best], _over(p, fill, opacity)) for p in palettes.values())
    if worst < MIN_TEXT_CONTRAST:
        raise ValueError(f"no text colour reaches {MIN_TEXT_CONTRAST}:1 on {fill} at {opacity:.2f}")
    return best


def _check_text_roles(palettes: dict[str, dict[str, str]], roles: Sequence[str]) -> None:
    """Stop if a role used for text on the background is under 4.5:1 in a palette."""
    for scheme, palette in palettes.items():
        for role in roles:
            ratio = contrast(palette[role], palette["bg"])
            if ratio < MIN_TEXT_CONTRAST:
                raise ValueError(f"{scheme}: --course-fig-{role} text has {ratio:.2f}:1")


# ---------------------------------------------------------------- the figures


def _read_csv(path: Path) -> dict[str, list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    columns: dict[str, list[str]] = {name: [] for name in header}
    for line in lines[1:]:
        for name, value in zip(header, line.split(","), strict=True):
            columns[name].append(value)
    return columns


def label_shares(data: Path, palettes: dict[str, dict[str, str]]) -> Drawn:
    """Marcus's label shares as bars, with the 15 % line under which a class needs a strategy."""
    labels = _read_csv(data / "marcus_posts.csv")["label"]
    names, counts = np.unique(labels, return_counts=True)
    order = np.argsort(-counts, kind="stable")
    names, counts = names[order], counts[order]
    shares = 100 * counts / counts.sum()
    rare = [str(n) for n, s in zip(names, shares, strict=True) if s < 15]
    _check_text_roles(palettes, ["ink", "accent"])
    figure = Figure(figsize=(4.5, 3.5))
    ax = figure.add_subplot()
    bars = ax.bar(names, shares, width=0.62,
                  color=[C["accent"] if s < 15 else C["primary"] for s in shares])
    # The line's label sits past the last bar, where no bar or count can be under it.
    ax.axhline(15, xmax=len(names) / (len(names) + 0.55), color=C["ink"],
               linestyle=(0, (4, 3)), linewidth=1.2)
    ax.text(len(names) - 0.45, 15, "15 %", ha="left", va="center")
    ax.set_xlim(-0.5, len(names) + 0.05)
    ax.bar_label(bars, labels=[f"{s:.0f} %" for s in shares], padding=3)
    ax.set_ylim(0, 80)
    ax.set_yticks(range(0, 81, 20))
    ax.set_ylabel("Share of posts (%)")
    ax.set_xlabel("Label")
    under = " and ".join(rare) or "no class"
    ax.set_title(f"{shares[0]:.0f} % {names[0]}: {under} is under 15 %")
    figure.tight_layout()
    listing = ", ".join(f"{n} {s:.0f} %" for n, s in zip(names, shares, strict=True))
    return Drawn(
        figure,
        ("label", "posts", "share_percent"),
        [(str(n), int(c), f"{s:.1f}") for n, c, s in zip(names, counts, shares, strict=True)],
        alt=f"Bar chart of the labels of Marcus's {counts.sum():,} posts: {listing}. "
        f"Only {under} falls below the dashed 15 % line.",
        caption=f"Marcus's labels, counted in marcus_posts.csv: {listing}. A class under "
        f"15 % of the data (dashed line) needs a strategy — here {under}.",
    )


def loss_curves(data: Path, palettes: dict[str, dict[str, str]]) -> Drawn:
    """Diego's training and validation loss by epoch, with the best epoch marked."""
    columns = _read_csv(data / "diego_curves.csv")
    epochs = np.array(columns["epoch"], dtype=int)
    train, val = (np.array(columns[k], dtype=float) for k in ("train_loss", "val_loss"))
    best = int(np.argmin(val))
    _check_text_roles(palettes, ["ink", "primary", "accent"])
    figure = Figure(figsize=(4.5, 3.5))
    ax = figure.add_subplot()
    ax.grid(axis="y")
    ax.plot(epochs, train, color=C["primary"], linewidth=2, marker="o", markersize=3.5,
            label="training")
    ax.plot(epochs, val, color=C["accent"], linewidth=2, marker="s", markersize=3.5,
            linestyle=(0, (5, 2)), label="validation")
    ax.axvline(epochs[best], color=C["ink"], linewidth=1, linestyle=(0, (1, 2)))
    ax.plot([epochs[best]], [val[best]], color=C["ink"], marker="o", markersize=9,
            markerfacecolor="none",
            markeredgecolor=C["ink"], markeredgewidth=1.5)
    ax.text(epochs[best] + 0.6, 0.56, f"best: epoch {epochs[best]}\nval loss {val[best]:.3f}",
            ha="left", va="bottom")
    ax.set_xticks([1, 5, 10, 15, 20])
    ax.set_xlim(0.5, epochs[-1] + 0.5)
    ax.set_ylim(0, 0.75)
    ax.set_xlabel("Epoch")
    ax.set_ylabel("Loss (cross-entropy)")
    ax.set_title(f"Validation loss is lowest at epoch {epochs[best]}")
    ax.legend(loc="upper right")
    figure.tight_layout()
    return Drawn(
        figure,
        ("epoch", "train_loss", "val_loss"),
        [(int(e), f"{t:.3f}", f"{v:.3f}") for e, t, v in zip(epochs, train, val, strict=True)],
        alt=f"Line chart of Diego's loss over {len(epochs)} epochs: training loss falls "
        f"from {train[0]:.2f} to {train[-1]:.2f}, validation loss is lowest at epoch "
        f"{epochs[best]} ({val[best]:.3f}) and climbs back to {val[-1]:.2f}.",
        caption=f"Diego's curves (diego_curves.csv). Training loss keeps falling; validation "
        f"loss bottoms out at epoch {epochs[best]}, the checkpoint to keep, and the gap "
        "that opens after it is overfitting.",
    )


def diagnose(loss: np.ndarray) -> str:
    """The curve-diagnosis exercise's rule: ``oscillating``, ``plateau`` or ``learning``."""
    if float((np.diff(loss) > 0).mean()) > 0.3:
        return "oscillating"
    start, end = float(loss[:10].mean()), float(loss[-10:].mean())
    return "plateau" if (start - end) / start < 0.05 else "learning"


def learning_rates(data: Path, palettes: dict[str, dict[str, str]]) -> Drawn:
    """The oscillating and the plateau run side by side, the good run behind both."""
    with np.load(data / "diego_lr_runs.npz") as runs:
        by_shape = {diagnose(runs[name]): runs[name] for name in runs.files}
    if sorted(by_shape) != ["learning", "oscillating", "plateau"]:
        raise ValueError(f"diego_lr_runs.npz: expected the three shapes, got {sorted(by_shape)}")
    _check_text_roles(palettes, ["ink", "axis"])
    epochs = np.arange(1, len(by_shape["learning"]) + 1)
    figure = Figure(figsize=(4.5, 3.3))
    axes: Sequence[Axes] = figure.subplots(1, 2, sharey=True)
    panels = (("oscillating", "Too high: bounces", C["accent"]),
              ("plateau", "Too low: stalls", C["primary"]))
    for ax, (shape, title, colour) in zip(axes, panels, strict=True):
        ax.grid(axis="y")
        ax.plot(epochs, by_shape["learning"], color=C["axis"], linewidth=1.2,
                linestyle=(0, (2, 2)))
        ax.plot(epochs, by_shape[shape], color=colour, linewidth=1.8)
        ax.text(epochs[-1], by_shape["learning"][-1] - 0.04, "good rate", color=C["axis"],
                ha="right", va="top")
        ax.set_title(title, fontsize=MIN_FONT)
        ax.set_xlabel("Epoch")
        ax.set_xticks([1, 20, 40])
    axes[0].set_ylabel("Training loss")
    axes[0].set_ylim(0, 1)
    figure.suptitle("Learning rate: wrong both ways", x=0.03, ha="left",
                    fontsize=12.5, fontweight="bold")
    figure.tight_layout()
    shapes = ("oscillating", "plateau", "learning")
    osc, flat = by_shape["oscillating"], by_shape["plateau"]
    return Drawn(
        figure,
        ("epoch", *shapes),
        [(int(e), *(f"{by_shape[s][i]:.4f}" for s in shapes)) for i, e in enumerate(epochs)],
        alt=f"Two line charts of training loss over {len(epochs)} epochs. Left, a learning rate "
        f"too high: the loss jumps up and down between {osc.min():.2f} and {osc.max():.2f} "
        f"and ends near where it started. Right, one too low: the loss creeps from "
        f"{flat[0]:.3f} to {flat[-1]:.3f} and stalls. A good rate, dashed in both, falls to "
        f"{by_shape['learning'][-1]:.2f}.",
        caption="Two of Diego's learning-rate runs (diego_lr_runs.npz), with the good run "
        "dashed behind each: an oscillating loss says the rate is too high, a flat one that "
        "it is too low (or the model too small).",
    )


def confusion_matrix(data: Path, palettes: dict[str, dict[str, str]]) -> Drawn:
    """Leila's 12-by-12 confusion matrix, counts in cells, the most confused pair outlined."""
    with np.load(data / "leila_predictions.npz") as predictions:
        y_true, y_pred = predictions["y_true"], predictions["y_pred"]
        names = [str(n) for n in predictions["class_names"]]
    n = len(names)
    cm = np.zeros((n, n), dtype=int)
    np.add.at(cm, (y_true, y_pred), 1)
    pairs = cm + cm.T
    np.fill_diagonal(pairs, 0)
    a, b = (int(i) for i in np.unravel_index(pairs.argmax(), pairs.shape))
    _check_text_roles(palettes, ["ink"])
    figure = Figure(figsize=(6.2, 6.0))
    ax = figure.add_subplot()
    share = cm / cm.sum(axis=1, keepdims=True)
    worst = share[~np.eye(n, dtype=bool)].max()
    for i in range(n):
        for j in range(n):
            if cm[i, j] == 0:
                continue
            # Right answers strong blue, mistakes a lighter orange (by their share of the
            # row): two bands in which one text colour reads well in both palettes.
            fill = "primary" if i == j else "accent"
            strength = 0.78 + 0.22 * share[i, j] if i == j else (
                0.12 + 0.38 * np.sqrt(share[i, j] / worst))
            opacity = round(float(strength), 2)
            ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=C[fill], alpha=opacity))
            ax.text(j, i, str(cm[i, j]), ha="center", va="center",
                    color=C[cell_text_role(palettes, fill, opacity)])
    for i, j in ((a, b), (b, a)):
        ax.add_patch(Rectangle((j - 0.47, i - 0.47), 0.94, 0.94, fill=False,
                               edgecolor=C["ink"], linewidth=2.2))
    ax.set_xlim(-0.5, n - 0.5)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xticks(range(n), names, rotation=45, ha="right", rotation_mode="anchor")
    ax.set_yticks(range(n), names)
    ax.set_xticks(np.arange(n + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(n + 1) - 0.5, minor=True)
    ax.grid(which="minor", color=C["grid"])
    ax.tick_params(which="minor", length=0)
    ax.spines[["left", "bottom"]].set_visible(False)
    ax.set_xlabel("Predicted class")
    ax.set_ylabel("True class")
    figure.suptitle(f"{names[a].capitalize()} and {names[b]}: the most confused pair",
                    x=0.02, ha="left", fontsize=12.5, fontweight="bold")
    figure.tight_layout()
    off = [(int(cm[i, j]), names[i], names[j]) for i in range(n) for j in range(n) if i != j]
    top = sorted(off, key=lambda m: (-m[0], m[1], m[2]))[:3]
    accuracy = float(np.trace(cm)) / cm.sum()
    biggest = "; ".join(f"{t} taken for {p} {k} times" for k, t, p in top)
    return Drawn(
        figure,
        ("true_class", *names),
        [(names[i], *(int(c) for c in cm[i])) for i in range(n)],
        alt=f"Confusion matrix of Leila's {cm.sum()} validation photos of {n} houseplants, "
        f"true class by row, predicted by column: {accuracy:.0%} sit on the diagonal. The "
        f"largest mistakes: {biggest}. {names[a].capitalize()} and {names[b]}, outlined, are "
        f"confused {cm[a, b]} + {cm[b, a]} = {pairs[a, b]} times, the most of any pair.",
        caption=f"Leila's predictions (leila_predictions.npz): rows are the true class, "
        f"columns the prediction; the diagonal (right answers) is blue, mistakes orange, "
        f"empty cells are zero. The outlined cells are {names[a]} and {names[b]} taken for "
        "each other.",
    )


#: The lessons' figures, in no particular order (each page places its own).
FIGURES = (
    FigureSpec("lesson-2", "label-shares", label_shares),
    FigureSpec("lesson-3", "loss-curves", loss_curves),
    FigureSpec("lesson-3", "learning-rates", learning_rates),
    FigureSpec("lesson-4", "confusion-matrix", confusion_matrix),
)


# ---------------------------------------------------------------- SVG for the page


def _svg_text(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def _with_variables(svg: str, light: dict[str, str]) -> str:
    """Stand-in colours → ``var(--course-fig-<role>, <light value>)``; no other colour left."""
    for role, stand_in in _STAND_IN.items():
        svg = svg.replace(stand_in, f"var(--course-fig-{role}, {light[role]})")
    leftover = sorted(set(re.findall(r"#[0-9a-fA-F]{6}\b(?![\w-])", svg)) - set(light.values()))
    stray = [c for c in leftover if f"url({c}" not in svg]
    if stray:
        raise ValueError(f"colours outside the palette in the SVG: {stray}")
    return svg


def _scoped(svg: str, prefix: str) -> str:
    """Give every id the figure's prefix (and every reference to one)."""
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", svg)
    return re.sub(r'href="#([^"]+)"', rf'href="#{prefix}-\1"', svg)


def finish_svg(svg: str, *, name: str, alt: str, caption: str, light: dict[str, str]) -> str:
    """matplotlib's SVG, made ready to inline: variables, scoped ids, a name, no global style."""
    # The global "*{…}" rule would style the whole page once inlined: on the root instead.
    svg, found = re.subn(r'\s*<style type="text/css">\*\{stroke-linejoin: round; '
                         r'stroke-linecap: butt\}</style>\n?', "\n", svg)
    if not found:
        raise ValueError("matplotlib's SVG changed: its global style rule was not found")
    svg = _scoped(_with_variables(svg, light), name)
    svg, fonts = re.subn(r"(font: [^;\"]*?)'DejaVu Sans'", rf"\1{_FONT}", svg)
    if not fonts:
        raise ValueError("matplotlib's SVG changed: no `font: … 'DejaVu Sans'` style found")
    svg = re.sub(r"\n?\s*<defs>\s*</defs>", "", svg)
    opening = re.search(r"<svg [^>]*>", svg)
    if opening is None:
        raise ValueError("no <svg> element in matplotlib's output")
    root = opening[0][:-1] + (
        f' role="img" aria-labelledby="{name}-title" class="course-figure__svg"'
        ' stroke-linejoin="round" stroke-linecap="butt">'
        f'\n <title id="{name}-title">{escape(alt)}</title>'
        f'\n <desc id="{name}-desc">{escape(caption)}</desc>'
    )
    return svg[: opening.start()] + root + svg[opening.end():]


def _csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    lines = [",".join(header)] + [",".join(str(value) for value in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_figures(out_dir: Path, data_dir: Path = DATASETS, css: Path = CSS) -> list[Path]:
    """Draw every figure from ``data_dir``; write ``out_dir/<lesson>/figures/<name>.svg|.csv``."""
    palettes = read_palettes(css.read_text(encoding="utf-8"))
    written = []
    matplotlib.use("Agg")
    for spec in FIGURES:
        with matplotlib.rc_context(_RC):
            drawn = spec.draw(data_dir, palettes)
            raw = _svg_text(drawn.figure)
        svg = finish_svg(raw, name=spec.name, alt=drawn.alt, caption=drawn.caption,
                         light=palettes["default"])
        folder = out_dir / spec.lesson / "figures"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{spec.name}.svg").write_text(svg, encoding="utf-8", newline="\n")
        (folder / f"{spec.name}.csv").write_bytes(_csv(drawn.header, drawn.rows))
        written += [folder / f"{spec.name}.svg", folder / f"{spec.name}.csv"]
    return written


def main(argv: Sequence[str]) -> int:
    """Write the figures and list them."""
    out = Path(argv[0]) if argv else ROOT / "docs"
    for path in write_figures(out):
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

