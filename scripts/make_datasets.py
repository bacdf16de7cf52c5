#!/usr/bin/env python3
"""Generate the course's exercise data sets into ``docs/datasets/``.

Seeded and byte-for-byte deterministic (a unit test regenerates them and
compares): CSVs are written by hand with fixed number formats and ``.npz``
archives with fixed zip timestamps. The numbers match the lessons:

- ``marcus_posts.csv`` — 2,000 of Marcus's r/CryptoCurrency posts: exactly
  73 % neutral, 19 % positive, 8 % negative, by 300 authors of very unequal
  activity (author style leaks labels across a careless split).
- ``marcus_naive_split.npz`` — the 80/20 split by post that Marcus first made.
- ``leila_photos.csv`` — Leila's photo list with augmented copies, some of
  which leaked into her validation split.
- ``diego_curves.csv`` — Diego's 20 epochs: train loss 0.68 → 0.12, validation
  loss lowest at epoch 4 and back at 0.52 by epoch 20, accuracy 98 % vs 67 %.
- ``diego_lr_runs.npz`` — three runs' loss curves: learning rate too high
  (oscillating), too low (plateau), and about right.
- ``diego_gradients.npz`` — one step's gradients of his LSTM, exploding.
- ``leila_predictions.npz`` — 600 validation photos of 12 houseplants:
  ``y_true``, ``y_pred``, softmax ``probs``, ``class_names``; 84 % accuracy,
  pothos ↔ golden pothos and ZZ plant → snake plant confusions.
- ``diego_ten_examples.npz`` — ten of Diego's texts as five features each
  (``X``) with their labels (``y``, 1 = AI-generated): separable, so a
  correct training loop drives the loss to near zero.

Each file has a ``variant_`` twin: the same shape and columns with other
numbers (from a seed of its own), on which the exercises' checks run the
learner's code a second time — so a result typed in from the lesson's story
fails where a computed one passes. In the twins, Marcus's majority class is
``positive`` and his rare class ``neutral``, Diego's best epoch is 7 and his
runs are in another order, and Leila's model confuses monstera with fiddle
leaf fig most and catches calathea least (80 % accuracy).

Usage: ``python scripts/make_datasets.py [OUT_DIR]`` (default ``docs/datasets``).
With the default folder it then redraws the lessons' figures from the new
files (``scripts/make_figures.py``: ``docs/lesson-N/figures/``); with another
``OUT_DIR``, their figures go to ``OUT_DIR/figures/``.
"""

from __future__ import annotations

import importlib.util
import io
import sys
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

__all__ = ["PLANTS", "write_datasets"]

SEED = 20240808
VARIANT_SEED = 20240809
ROOT = Path(__file__).resolve().parents[1]

PLANTS = (
    "pothos", "golden pothos", "snake plant", "zz plant", "monstera", "peace lily",
    "spider plant", "fiddle leaf fig", "rubber plant", "calathea", "aloe vera", "jade plant",
)
# Photos per class: the small classes are where the model struggles, so
# macro F1 (every class counts the same) falls below accuracy.
_SUPPORT = (90, 30, 80, 30, 80, 60, 60, 40, 35, 35, 30, 30)
# Leila's mistakes, (true, predicted): count. 96 of 600 wrong → 84 % accuracy.
_MISTAKES = {
    ("pothos", "golden pothos"): 12, ("pothos", "monstera"): 2, ("pothos", "spider plant"): 1,
    ("pothos", "calathea"): 1,
    ("golden pothos", "pothos"): 9, ("golden pothos", "spider plant"): 2,
    ("snake plant", "zz plant"): 2, ("snake plant", "aloe vera"): 3,
    ("snake plant", "spider plant"): 2, ("snake plant", "jade plant"): 1,
    ("zz plant", "snake plant"): 14, ("zz plant", "jade plant"): 1, ("zz plant", "rubber plant"): 1,
    ("monstera", "pothos"): 3, ("monstera", "fiddle leaf fig"): 2, ("monstera", "calathea"): 1,
    ("monstera", "peace lily"): 1,
    ("peace lily", "calathea"): 3, ("peace lily", "spider plant"): 2,
    ("spider plant", "snake plant"): 2, ("spider plant", "golden pothos"): 2,
    ("spider plant", "peace lily"): 1, ("spider plant", "calathea"): 1,
    ("fiddle leaf fig", "rubber plant"): 4, ("fiddle leaf fig", "monstera"): 2,
    ("rubber plant", "fiddle leaf fig"): 4, ("rubber plant", "zz plant"): 1,
    ("rubber plant", "monstera"): 1,
    ("calathea", "peace lily"): 4, ("calathea", "monstera"): 2, ("calathea", "spider plant"): 1,
    ("aloe vera", "jade plant"): 2, ("aloe vera", "snake plant"): 2,
    ("jade plant", "aloe vera"): 3, ("jade plant", "rubber plant"): 1,
}
# Wrong predictions made with softmax > 0.9 (the rest of the mistakes stay below 0.85).
_CONFIDENT_MISTAKES = {("zz plant", "snake plant"): 7, ("pothos", "golden pothos"): 3,
                       ("golden pothos", "pothos"): 2, ("calathea", "peace lily"): 1}

# Diego's validation loss, epoch by epoch: lowest at epoch 4, then a noisy climb to 0.52.
_DIEGO_VAL_LOSS = (0.662, 0.571, 0.498, 0.451, 0.458, 0.455, 0.463, 0.470, 0.466, 0.474,
                   0.481, 0.479, 0.487, 0.492, 0.490, 0.498, 0.503, 0.509, 0.514, 0.520)

# The variants' numbers (see the module's docstring).
_VARIANT_MISTAKES = {
    ("monstera", "fiddle leaf fig"): 14, ("fiddle leaf fig", "monstera"): 10,
    ("calathea", "peace lily"): 12, ("peace lily", "calathea"): 3,
    ("pothos", "golden pothos"): 6, ("golden pothos", "pothos"): 4,
    ("snake plant", "zz plant"): 5, ("zz plant", "snake plant"): 4,
    ("rubber plant", "fiddle leaf fig"): 6, ("spider plant", "calathea"): 5,
    ("aloe vera", "jade plant"): 6, ("jade plant", "aloe vera"): 5,
    ("pothos", "monstera"): 8, ("snake plant", "aloe vera"): 6, ("monstera", "pothos"): 6,
    ("calathea", "monstera"): 5, ("peace lily", "spider plant"): 5, ("zz plant", "rubber plant"): 3,
    ("spider plant", "snake plant"): 4, ("rubber plant", "zz plant"): 3,
}
_VARIANT_CONFIDENT_MISTAKES = {("monstera", "fiddle leaf fig"): 5, ("calathea", "peace lily"): 4,
                               ("aloe vera", "jade plant"): 2}
_VARIANT_VAL_LOSS = (0.701, 0.622, 0.560, 0.512, 0.478, 0.455, 0.437, 0.441, 0.446, 0.439,
                     0.452, 0.458, 0.463, 0.461, 0.470, 0.476, 0.481, 0.479, 0.488, 0.494)

Array = NDArray[np.float64]


def _csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """A CSV with ``\\n`` line ends; values are already formatted text or ints."""
    lines = [",".join(header)] + [",".join(str(value) for value in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _npz(arrays: dict[str, NDArray[np.generic]]) -> bytes:
    """Like ``np.savez``, but with fixed timestamps so the bytes never change."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, array in arrays.items():
            member = io.BytesIO()
            np.save(member, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            archive.writestr(info, member.getvalue())
    return buffer.getvalue()


def marcus_posts(rng: np.random.Generator, *, n_authors: int = 300, n_negative: int = 160,
                 n_positive: int = 380, length_mean: float = 5.1) -> tuple[bytes, bytes]:
    """Marcus's posts (exact 73/19/8 labels) and his naive 80/20 split by post."""
    n_posts = 2000
    activity = rng.lognormal(mean=0.0, sigma=1.1, size=n_authors)
    counts = 1 + rng.multinomial(n_posts - n_authors, activity / activity.sum())
    authors = np.repeat(np.arange(n_authors), counts)
    rng.shuffle(authors)
    # Each author leans positive or negative; the leaning plus noise ranks the
    # posts, and the ranks give exactly 380 positive and 160 negative labels
    # (by default: the variant has other counts).
    lean = rng.normal(0.0, 1.0, size=n_authors)
    mood = lean[authors] + rng.normal(0.0, 0.8, size=n_posts)
    order = np.argsort(mood, kind="stable")
    labels = np.full(n_posts, "neutral", dtype=object)
    labels[order[:n_negative]] = "negative"
    labels[order[-n_positive:]] = "positive"
    length = rng.lognormal(mean=length_mean, sigma=0.7, size=n_posts)
    length[labels == "negative"] *= 1.4  # rants run long
    length = np.clip(np.round(length), 12, 4000).astype(int)
    handles = [f"u{1000 + 37 * a % 9000:04d}" for a in range(n_authors)]
    rows = [(f"p{i + 1:05d}", handles[authors[i]], int(length[i]), labels[i])
            for i in range(n_posts)]
    posts = _csv(("post_id", "author_id", "text_length", "label"), rows)
    shuffled = rng.permutation(n_posts)
    split = _npz({"train_idx": np.sort(shuffled[:1600]).astype(np.int64),
                  "test_idx": np.sort(shuffled[1600:]).astype(np.int64)})
    return posts, split


def leila_photos(rng: np.random.Generator, *, n_photos: int = 300) -> bytes:
    """Leila's photo list: training originals with augmented copies, and a leaky val split."""
    kinds = ("flip", "crop", "jitter")
    photos = [f"photo_{i:04d}" for i in range(1, n_photos + 1)]
    label_of = {p: PLANTS[int(rng.integers(len(PLANTS)))] for p in photos}
    train, val = photos[: n_photos * 4 // 5], photos[n_photos * 4 // 5:]
    rows: list[tuple[str, str, str]] = []  # (source photo, augmentation, split)
    for photo in train:
        rows.append((photo, "original", "train"))
        rows += [(photo, kind, "train") for kind in rng.choice(kinds, size=2, replace=False)]
    rows += [(photo, "original", "val") for photo in val]
    leaked = rng.choice(len(train), size=10, replace=False)
    rows += [(train[i], str(rng.choice(kinds)), "val") for i in leaked[:7]]  # augmented copies
    # Three training photos whose original is in val while their copies train.
    for i in leaked[7:]:
        rows = [r for r in rows if not (r[0] == train[i] and r[1] == "original")]
        rows.append((train[i], "original", "val"))
    rows += [(val[i], str(rng.choice(kinds)), "val") for i in rng.choice(len(val), 4, False)]
    order = rng.permutation(len(rows))
    table = [(f"img_{n + 1:04d}", rows[i][0], label_of[rows[i][0]], rows[i][1], rows[i][2])
             for n, i in enumerate(order)]
    return _csv(("image_id", "source_photo", "label", "augmentation", "split"), table)


def diego_curves(rng: np.random.Generator,
                 val_loss: Sequence[float] = _DIEGO_VAL_LOSS) -> bytes:
    """Diego's 20 epochs of loss and accuracy."""
    epochs = np.arange(1, 21)
    ease = (1 - np.exp(-0.22 * (epochs - 1))) / (1 - np.exp(-0.22 * 19))
    train_loss = 0.68 - 0.56 * ease  # "drops beautifully": smooth, lowest at the last epoch
    train_acc = 0.58 + 0.40 * ease + np.r_[0, rng.normal(0, 0.004, 18), 0]
    # Validation accuracy peaks with the validation loss, then sags to 0.67.
    before_peak = np.clip((4 - epochs) / 3, 0, None)
    val_acc = np.where(epochs <= 4, 0.73 - 0.15 * before_peak**1.5, 0.73 - 0.06 * (epochs - 4) / 16)
    val_acc += np.r_[0, rng.normal(0, 0.004, 18), 0]
    rows = [(int(e), f"{tl:.3f}", f"{vl:.3f}", f"{ta:.3f}", f"{va:.3f}")
            for e, tl, vl, ta, va in zip(epochs, train_loss, val_loss, train_acc, val_acc,
                                         strict=True)]
    return _csv(("epoch", "train_loss", "val_loss", "train_acc", "val_acc"), rows)


def diego_lr_runs(rng: np.random.Generator,
                  names: Sequence[str] = ("run_a", "run_b", "run_c")) -> bytes:
    """Three 40-epoch training-loss curves: too-high, too-low and good learning rates."""
    t = np.arange(40, dtype=float)
    swing = np.where(t % 2 == 0, 1.0, -1.0) * rng.uniform(0.08, 0.14, size=40)
    oscillating = 0.70 - 0.0003 * t + swing  # bounces, and ends about where it started
    plateau = 0.695 - 0.012 * (1 - np.exp(-t / 8))  # creeps down, then stalls
    good = 0.12 + 0.58 * np.exp(-t / 14) + rng.normal(0, 0.002, size=40)
    curves = (oscillating.round(4), plateau.round(4), good.round(4))
    return _npz(dict(sorted(zip(names, curves, strict=True))))


def diego_gradients(rng: np.random.Generator, explosion: float = 40) -> bytes:
    """One step's gradients of Diego's LSTM classifier, with a total norm near 12."""
    shapes = {"embedding": (50, 16), "lstm_weight_ih": (32, 16), "lstm_weight_hh": (32, 8),
              "lstm_bias": (32,), "fc_weight": (1, 8), "fc_bias": (1,)}
    grads = {name: rng.normal(0, 0.02, size=shape) for name, shape in shapes.items()}
    grads["lstm_weight_hh"] *= explosion  # the recurrent weights explode
    return _npz({name: g.astype(np.float32) for name, g in grads.items()})


def _probabilities(rng: np.random.Generator, pred: int, true: int, confidence: float) -> Array:
    """A softmax row whose top class is ``pred`` with ``confidence``; ``true`` comes second."""
    rest = rng.dirichlet(np.ones(len(PLANTS) - 1)) * (1 - confidence)
    row = np.insert(rest, pred, 0.0)
    if true != pred:
        row[true] += 0.5 * (1 - confidence - row[true])
        others = [i for i in range(len(PLANTS)) if i not in (true, pred)]
        row[others] *= (1 - confidence - row[true]) / row[others].sum()
    row[pred] = confidence
    return row


def leila_predictions(rng: np.random.Generator, mistakes: dict[tuple[str, str], int] | None = None,
                      confident: dict[tuple[str, str], int] | None = None) -> bytes:
    """Leila's validation predictions: labels, softmax outputs and class names."""
    mistakes = _MISTAKES if mistakes is None else mistakes
    confident = _CONFIDENT_MISTAKES if confident is None else confident
    index = {name: i for i, name in enumerate(PLANTS)}
    pairs: list[tuple[int, int, bool]] = []  # (true, pred, confident mistake)
    for name, support in zip(PLANTS, _SUPPORT, strict=True):
        wrong = {p: n for (t, p), n in mistakes.items() if t == name}
        pairs += [(index[name], index[name], False)] * (support - sum(wrong.values()))
        for guess, n in wrong.items():
            sure = confident.get((name, guess), 0)
            pairs += [(index[name], index[guess], k < sure) for k in range(n)]
    pairs = [pairs[i] for i in rng.permutation(len(pairs))]
    probs = np.empty((len(pairs), len(PLANTS)))
    for row, (true, pred, sure) in enumerate(pairs):
        if true == pred:
            confidence = rng.beta(6, 1.6) * 0.62 + 0.37
        else:
            confidence = rng.uniform(0.905, 0.985) if sure else rng.uniform(0.45, 0.84)
        probs[row] = _probabilities(rng, pred, true, confidence)
        if int(probs[row].argmax()) != pred:
            raise ValueError(f"row {row}: the softmax row does not pick class {pred}")
    return _npz({
        "y_true": np.array([t for t, _, _ in pairs], dtype=np.int64),
        "y_pred": np.array([p for _, p, _ in pairs], dtype=np.int64),
        "probs": probs.astype(np.float32),
        "class_names": np.array(PLANTS),
    })


def ten_examples(rng: np.random.Generator) -> bytes:
    """Ten of Diego's texts as five standardised features, linearly separable by their label."""
    y = np.array([1, 0] * 5, dtype=np.int64)
    direction = rng.normal(0, 1, size=5)
    direction /= np.linalg.norm(direction)
    X = rng.normal(0, 1, size=(10, 5))
    # Push every example to its own side of the plane, at least 0.8 away from it.
    margin = X @ direction
    X += np.outer(np.where(y == 1, 1.0, -1.0) * (0.8 + np.abs(margin)) - margin, direction)
    return _npz({"X": X.round(3), "y": y})


def write_datasets(out_dir: Path) -> list[Path]:
    """Generate every data set and its ``variant_`` twin into ``out_dir``; return the paths."""
    rng = np.random.default_rng(SEED)
    posts, naive_split = marcus_posts(rng)
    makers: list[tuple[str, Callable[[], bytes]]] = [
        ("marcus_posts.csv", lambda: posts),
        ("marcus_naive_split.npz", lambda: naive_split),
        ("leila_photos.csv", lambda: leila_photos(rng)),
        ("diego_curves.csv", lambda: diego_curves(rng)),
        ("diego_lr_runs.npz", lambda: diego_lr_runs(rng)),
        ("diego_gradients.npz", lambda: diego_gradients(rng)),
        ("leila_predictions.npz", lambda: leila_predictions(rng)),
    ]
    # The twins draw from their own generator, so the originals never change.
    twin = np.random.default_rng(VARIANT_SEED)
    twin_posts, twin_split = marcus_posts(twin, n_authors=240, n_negative=500, n_positive=1280,
                                          length_mean=5.35)
    makers += [
        ("variant_marcus_posts.csv", lambda: twin_posts),
        ("variant_marcus_naive_split.npz", lambda: twin_split),
        ("variant_leila_photos.csv", lambda: leila_photos(twin, n_photos=260)),
        ("variant_diego_curves.csv", lambda: diego_curves(twin, _VARIANT_VAL_LOSS)),
        ("variant_diego_lr_runs.npz", lambda: diego_lr_runs(twin, ("run_c", "run_a", "run_b"))),
        ("variant_diego_gradients.npz", lambda: diego_gradients(twin, explosion=25)),
        ("variant_leila_predictions.npz",
         lambda: leila_predictions(twin, _VARIANT_MISTAKES, _VARIANT_CONFIDENT_MISTAKES)),
        ("diego_ten_examples.npz", lambda: ten_examples(np.random.default_rng(SEED + 10))),
        ("variant_diego_ten_examples.npz",
         lambda: ten_examples(np.random.default_rng(VARIANT_SEED + 10))),
    ]
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in makers:
        path = out_dir / name
        path.write_bytes(make())
        written.append(path)
    return written


def _write_figures(data_dir: Path, out_dir: Path) -> list[Path]:
    """Draw the lessons' figures from the data sets in ``data_dir`` (scripts/make_figures.py)."""
    script = ROOT / "scripts" / "make_figures.py"
    spec = importlib.util.spec_from_file_location("make_figures", script)
    if spec is None or spec.loader is None:
        raise ImportError("scripts/make_figures.py is missing")
    figures = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = figures  # its dataclasses look their module up
    spec.loader.exec_module(figures)
    written: list[Path] = figures.write_figures(out_dir, data_dir)
    return written


def main(argv: Sequence[str]) -> int:
    """Write the data sets, then the figures drawn from them, and list them."""
    out = Path(argv[0]) if argv else ROOT / "docs" / "datasets"
    written = write_datasets(out)
    written += _write_figures(out, ROOT / "docs" if not argv else out / "figures")
    for path in written:
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
