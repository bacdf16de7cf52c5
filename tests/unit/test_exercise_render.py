"""The exercise block's HTML: usable before any script runs, with every hook the widget needs."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from quiz_engine.content.exercise import load_exercise
from quiz_engine.content.interface_strings import load_interface_strings
from quiz_engine.core.exercise import Exercise
from quiz_engine.core.records import replace
from quiz_engine.site.render_exercise import BUTTONS, render_exercise

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = load_interface_strings("en")
EXERCISE = Exercise(
    id="class-weights", title="Weights <for> loss", prompt="Compute `weights`.",
    starter="\nweights = ...  # </textarea> & friends\n", solution="weights = 1\n",
    checks="...", setup='import pandas as pd\nposts = pd.read_csv("data/marcus_posts.csv")\n',
    data=("datasets/marcus_posts.csv",), packages=("numpy", "pandas"), hints=("a", "b"),
    solution_after=2, timeout_seconds=7.5,
)


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside each tag name."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: dict[str, str] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:
            self._open.remove(tag)

    def handle_data(self, data: str) -> None:
        for tag in self._open:
            self.text[tag] = self.text.get(tag, "") + data

    def find(self, attribute: str) -> dict[str, str | None]:
        """The attributes of the one element carrying ``attribute``."""
        [found] = [attrs for _, attrs in self.tags if attribute in attrs]
        return found


def parse(html: str) -> Elements:
    """Parse ``html``."""
    elements = Elements()
    elements.feed(html)
    return elements


def render(**overrides: str) -> str:
    """Render EXERCISE with the usual arguments."""
    kwargs = {"data_url": "course/exercise/class-weights.json", "version": "abc123",
              "prompt_html": "<p>Compute <code>weights</code>.</p>",
              "root_url": "../", **overrides}
    return render_exercise(EXERCISE, s=ENGLISH, **kwargs)


def test_section_carries_the_data_the_widget_needs() -> None:
    """The section names the exercise, its JSON, version, packages and limits."""
    section = parse(render()).find("data-course-exercise")
    assert section["data-course-exercise"] == "class-weights"
    assert section["data-exercise-src"] == "course/exercise/class-weights.json"
    assert section["data-exercise-version"] == "abc123"
    assert section["data-exercise-packages"] == "numpy pandas"
    assert section["data-solution-after"] == "2"
    assert section["data-timeout-seconds"] == "7.5"
    assert section["aria-labelledby"] == "exercise-class-weights-title"


def test_a_plotting_exercise_names_matplotlib_among_its_packages() -> None:
    """The page loads matplotlib because an exercise lists it in its packages."""
    plotting = replace(EXERCISE, packages=("numpy", "matplotlib"))
    html = render_exercise(plotting, s=ENGLISH, data_url="u", version="v", prompt_html="<p/>")
    assert parse(html).find("data-course-exercise")["data-exercise-packages"] == "numpy matplotlib"


def test_heading_prompt_and_setup() -> None:
    """The title is escaped, the prompt HTML is kept, the setup is shown read-only."""
    html = render()
    elements = parse(html)
    heading = next(attrs for tag, attrs in elements.tags if tag == "h3")
    assert heading["id"] == "exercise-class-weights-title"
    assert "Weights &lt;for&gt; loss" in html
    assert "<p>Compute <code>weights</code>.</p>" in html
    assert "Already run for you" in html
    assert 'posts = pd.read_csv("data/marcus_posts.csv")' in elements.text["code"]


def test_editor_holds_the_starter_code_exactly() -> None:
    """The textarea holds the starter, escaped, leading newline kept, and is usable at once."""
    elements = parse(render())
    editor = elements.find("data-exercise-editor")
    assert editor["spellcheck"] == "false"
    assert editor["aria-label"] == "Your code for: Weights <for> loss"
    assert "disabled" not in editor and "readonly" not in editor
    # HTML parsers drop one newline after <textarea>: the starter's own survives.
    assert elements.text["textarea"].removeprefix("\n") == EXERCISE.starter


def test_buttons_wait_for_the_script() -> None:
    """Run, Check, Hint, Show solution and Reset are type=button and disabled."""
    elements = parse(render())
    for attribute, _, _ in BUTTONS:
        button = elements.find(attribute)
        assert button["type"] == "button"
        assert "disabled" in button
    html = render()
    labels = [re.search(f"{attribute} disabled[^>]*>([^<]*)<", html).group(1) for attribute, _, _ in BUTTONS]  # type: ignore[union-attr]
    assert labels == ["Run", "Check", "Hint", "Show solution", "Reset"]
    french = render_exercise(EXERCISE, s=load_interface_strings("fr"), data_url="u", version="v",
                             prompt_html="<p/>")
    assert "Voir la solution</button>" in french and "Show solution" not in french


def test_live_regions_for_output_result_and_hints() -> None:
    """Output, check results and hints are announced politely."""
    elements = parse(render())
    assert elements.find("data-exercise-output")["aria-live"] == "polite"
    assert elements.find("data-exercise-result")["aria-live"] == "polite"
    hints = elements.find("data-exercise-hints")
    assert hints["aria-live"] == "polite"


def test_data_files_are_downloadable_from_any_page() -> None:
    """Download links work without JavaScript, from the page's folder."""
    link = parse(render()).find("download")
    assert link["href"] == "../datasets/marcus_posts.csv"
    assert parse(render(root_url="")).find("download")["href"] == "datasets/marcus_posts.csv"


def test_course_exercises_render() -> None:
    """A course exercise without data files renders no data links."""
    exercise = load_exercise(ROOT / "docs/lesson-1/exercises/scope-three-filters", "x")
    html = render_exercise(exercise, data_url="u", version="v", prompt_html="<p/>", s=ENGLISH)
    assert "course-exercise__data" not in html
    assert 'data-exercise-packages=""' in html


def test_check_data_reaches_the_run_but_is_not_offered() -> None:
    """The variant data the checks read is written for the run, never a download link."""
    exercise = load_exercise(ROOT / "docs/lesson-2/exercises/class-weights", "x")
    assert exercise.check_data == ("datasets/variant_marcus_posts.csv",)
    html = render_exercise(exercise, data_url="u", version="v", prompt_html="<p/>", s=ENGLISH)
    assert "marcus_posts.csv" in html and "variant_" not in html
    entries = exercise.to_json()["data"]
    assert {e["target"]: e["offered"] for e in entries} == {
        "data/marcus_posts.csv": True, "data/variant_marcus_posts.csv": False}
    assert Exercise.from_json(exercise.to_json()).check_data == exercise.check_data
