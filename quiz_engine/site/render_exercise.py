"""Render a coding exercise: readable and editable before any script runs.

Without JavaScript the learner still sees the prompt, the setup, download
links for the data and the starter code in a plain ``<textarea>``; the page's
script then swaps in the code editor and enables the buttons.
"""

from __future__ import annotations

from html import escape
from pathlib import PurePosixPath

from ..content.interface_strings import Html, InterfaceStrings
from ..core.exercise import Exercise
from .render_parts import NOT_INDEXED, button, noscript

__all__ = ["BUTTONS", "render_exercise"]

#: (attribute, interface-string key of the label, primary) of the action buttons, in page order.
BUTTONS = (
    ("data-exercise-run", "exercise.run", True),
    ("data-exercise-check", "exercise.check", False),
    ("data-exercise-hint", "exercise.hint", False),
    ("data-exercise-solution", "exercise.showSolution", False),
    ("data-exercise-reset", "exercise.reset", False),
)
_MIN_ROWS, _MAX_ROWS = 6, 30


def _setup_html(exercise: Exercise, anchor: str, s: InterfaceStrings) -> str:
    if not exercise.setup.strip():
        return ""
    return (
        f'<div class="course-exercise__setup">'
        f'<p class="course-exercise__label" id="{anchor}-setup">{s("exercise.setup")}</p>'
        f'<pre aria-labelledby="{anchor}-setup"><code class="language-python">'
        f"{escape(exercise.setup.rstrip())}</code></pre></div>"
    )


def _data_html(exercise: Exercise, root_url: str, s: InterfaceStrings) -> str:
    if not exercise.data:
        return ""
    links = ", ".join(
        f'<a href="{escape(root_url + path)}" download>'
        f"{escape(PurePosixPath(path).name)}</a>"
        for path in exercise.data
    )
    text = s("exercise.data", links=Html(links))
    return f'<p class="course-exercise__data">{text}</p>'


def render_exercise(
    exercise: Exercise,
    *,
    data_url: str,
    version: str,
    prompt_html: str,
    s: InterfaceStrings,
    root_url: str = "",
) -> str:
    """Return the exercise as a ``<section>`` the page's script mounts on.

    ``data_url`` is the exercise JSON's path from the site root;
    ``prompt_html`` is the prompt already rendered from Markdown;
    ``root_url`` is the page's relative path to the site root (``"../"``),
    prefixed to the data files' ``href`` so the download links work without
    JavaScript.
    """
    anchor = f"exercise-{exercise.id}"
    title = escape(exercise.title)
    rows = max(_MIN_ROWS, min(exercise.starter.count("\n") + 2, _MAX_ROWS))
    buttons = "".join(
        button(s(key), f"{attr} disabled", primary=primary) for attr, key, primary in BUTTONS
    )
    return (
        f'<section class="course-exercise" id="{anchor}" '
        f'data-course-exercise="{escape(exercise.id)}" data-exercise-src="{escape(data_url)}" '
        f'data-exercise-version="{escape(version)}" '
        f'data-exercise-packages="{escape(" ".join(exercise.packages))}" '
        f'data-solution-after="{exercise.solution_after}" '
        f'data-timeout-seconds="{exercise.timeout_seconds:g}" '
        f'aria-labelledby="{anchor}-title">'
        f'<h3 class="course-exercise__title" id="{anchor}-title">'
        f'<span class="course-exercise__kicker">{s("exercise.kicker")}</span> {title}</h3>'
        f'<div class="course-exercise__prompt">{prompt_html}</div>'
        f'<div class="course-runtime" data-runtime-status role="status" aria-live="polite">'
        f'{noscript(s("exercise.noscript"))}</div>'
        f"{_setup_html(exercise, anchor, s)}"
        f"{_data_html(exercise, root_url, s)}"
        f'<div class="course-exercise__editor">'
        f'<textarea class="course-exercise__code" data-exercise-editor spellcheck="false" '
        f'autocapitalize="off" autocomplete="off" rows="{rows}" '
        f'aria-label="{s("exercise.codeLabel", title=exercise.title)}" '
        f'aria-describedby="{anchor}-keys">'
        # HTML drops one newline right after <textarea>: this one, not the code's.
        f"\n{escape(exercise.starter)}</textarea>"
        f'<p class="course-exercise__keys" id="{anchor}-keys" {NOT_INDEXED}>'
        f'{s("exercise.keys")}</p></div>'
        f'<div class="course-exercise__actions">{buttons}</div>'
        f'<pre class="course-exercise__output" data-exercise-output aria-live="polite" '
        f'aria-label="{s("exercise.outputLabel")}" tabindex="0"></pre>'
        f'<div class="course-exercise__result" data-exercise-result aria-live="polite"></div>'
        f'<div class="course-exercise__hints" data-exercise-hints aria-live="polite"></div>'
        f'<div class="course-exercise__solution" data-exercise-solution-panel hidden></div>'
        f"</section>"
    )
