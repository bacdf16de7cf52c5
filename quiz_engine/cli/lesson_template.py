"""The files ``python -m quiz_engine new-lesson`` writes: a small lesson that validates.

:func:`lesson_files` returns them as ``{path relative to the lesson folder:
text}``. The quiz has two sample questions; the exercise (standard library
only) has a solution that passes its checks, a starter that fails them and
two wrong answers that each get their hint — the proofs the test suite runs.
"""

from __future__ import annotations

import json

__all__ = ["exercise_id", "lesson_files"]


def exercise_id(number: int) -> str:
    """The sample exercise's id (and folder name), unique across lessons."""
    return f"lesson-{number}-split-sizes"


def _quoted(text: str) -> str:
    """``text`` as a double-quoted YAML string (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def lesson_files(number: int, title: str, lab: str | None) -> dict[str, str]:
    """Every file of the new lesson ``number``, keyed by its path in the lesson folder.

    ``lab`` is the persona id the lab page's fence names; with ``None`` the
    lesson has no lab page.
    """
    exercise = f"exercises/{exercise_id(number)}"
    files = {
        "index.md": _index(number, title, exercise),
        "quiz.md": _QUIZ_PAGE.format(
            number=number, title=title, next=" · Next: [Lab](lab.md)" if lab else ""
        ),
        "quiz.yml": _QUIZ.format(number=number, title=_quoted(title)),
        f"{exercise}/exercise.yml": _EXERCISE.format(id=exercise_id(number)),
        f"{exercise}/starter.py": _STARTER,
        f"{exercise}/solution.py": _SOLUTION,
        f"{exercise}/checks.py": _CHECKS.format(id=exercise_id(number)),
        f"{exercise}/wrong/first.py": _WRONG_ROUNDING,
        f"{exercise}/wrong/second.py": _WRONG_PERCENT,
    }
    if lab:
        files["lab.md"] = _LAB.format(number=number, title=title, lab=lab)
    return files


def _index(number: int, title: str, exercise: str) -> str:
    return f"""\
# {title}

<p class="lesson-kicker">Lesson {number}</p>

<p class="lesson-hook">One sentence that tells the learner why this lesson matters.</p>

!!! question "Guiding question"

    The question this lesson answers. Replace this text with yours.

## Your first section

Write the lesson in Markdown. Material's admonitions, card grids and code
blocks all work here; `make serve` reloads the page as you save.

Show an exercise with a fence naming its folder, relative to this page:

```exercise
{exercise}
```

!!! tip "Practical Takeaway"

    The one habit the learner should leave with.

Next: [Quiz](quiz.md)
"""


_QUIZ_PAGE = """\
# Quiz — Lesson {number}

**{title}**

Your answers are checked by Python running right here in your browser, so you
get the author's feedback the moment you choose.

```quiz
quiz.yml
```

Back to: [Lesson {number}](index.md){next}
"""

_QUIZ = """\
# yaml-language-server: $schema=../../quiz_engine/content/schemas/quiz.schema.json
# Keep the ids stable: learners' progress is stored under them.
id: lesson-{number}
title: {title}
questions:
  - id: test-split-once
    prompt: >-
      You will tune your model's hyperparameters. Which split do you look at
      only once, at the very end?
    options:
      - text: The training split
      - text: The validation split
      - text: The test split
        correct: true
      - text: Whichever split is the largest
    feedback:
      right: >-
        Right. Every look at the test split that changes a decision leaks it
        into your model; keep it for one final, honest number.
      wrong: >-
        Not quite. You train on the training split and tune on the validation
        split; the test split is looked at once, at the end.
  - id: rounding-loses-examples
    prompt: >-
      You compute each split's size with int(). Why give the test split
      "whatever is left" instead?
    options:
      - text: So that no example is lost to rounding.
        correct: true
      - text: So that the test split is always the largest of the three.
      - text: Because int() cannot take a share of the dataset.
      - text: Because the test split must hold an even number of examples.
    feedback:
      right: >-
        Exactly. Rounding each share down can drop an example or two; the
        remainder makes the three splits add up to the whole dataset.
      wrong: >-
        Not quite. Rounding each share down can drop examples: giving the
        test split the remainder keeps every example in exactly one split.
"""

_EXERCISE = """\
# yaml-language-server: $schema=../../../../quiz_engine/content/schemas/exercise.schema.json
id: {id}
title: Size your three splits
prompt: |
  Your dataset has `n_samples` examples (already set). Compute the sizes of a
  70 / 15 / 15 split as whole numbers: `n_train`, `n_val` and `n_test`.
  Every example must land in exactly one split.
setup: |
  n_samples = 1237
hints:
  - "`int(n_samples * 0.70)` is 70 % of the examples, rounded down."
  - "Give the test split whatever is left: `n_samples - n_train - n_val`."
"""

_STARTER = """\
# 70 % train, 15 % validation, the rest test.
n_train = ...
n_val = ...
n_test = ...
"""

_SOLUTION = """\
train_share, val_share = 0.70, 0.15
n_train = int(n_samples * train_share)
n_val = int(n_samples * val_share)
n_test = n_samples - n_train - n_val
print(n_train, n_val, n_test)
"""

_CHECKS = '''\
"""Checks for {id}: the sizes of a 70 / 15 / 15 split."""

from quiz_engine.core.checks import check, describe, expect


def size(ns, name):
    value = ns[name]
    expect(isinstance(value, int) and not isinstance(value, bool),
           f"`{{name}}` is {{describe(value)}}, not a whole number")
    return value


@check("`n_train` is 70 % of `n_samples`",
       hint="Multiply `n_samples` by 0.70 and round down with `int(...)`.")
def train_size(ns):
    n_train = size(ns, "n_train")
    expect(abs(n_train - 0.70 * ns["n_samples"]) < 1, f"`n_train` is {{n_train}}")


@check("`n_val` is 15 % of `n_samples`",
       hint="Multiply `n_samples` by 0.15 and round down with `int(...)`.")
def val_size(ns):
    n_val = size(ns, "n_val")
    expect(abs(n_val - 0.15 * ns["n_samples"]) < 1, f"`n_val` is {{n_val}}")


@check("the three splits add up to `n_samples`",
       hint="Give the test split whatever is left: `n_samples - n_train - n_val`.")
def nothing_lost(ns):
    total = size(ns, "n_train") + size(ns, "n_val") + size(ns, "n_test")
    expect(total == ns["n_samples"], f"your splits hold {{total}} of {{ns['n_samples']}} examples")
'''

_WRONG_ROUNDING = """\
# expect-hint: whatever is left
n_train = int(n_samples * 0.70)
n_val = int(n_samples * 0.15)
n_test = int(n_samples * 0.15)
"""

_WRONG_PERCENT = """\
# expect-hint: 0.70
n_train = int(n_samples * 70)
n_val = int(n_samples * 15)
n_test = n_samples - n_train - n_val
"""

_LAB = """\
# Lab {number} — {title}

Talk your project through with an AI peer who asks the questions a sharp
classmate would.

## How to start

Describe where your project stands; the peer takes it from there.

```lab
{lab}
```

Back to: [Lesson {number}](index.md)
"""
