"""Exercise folders: loading, every authoring mistake the build reports, and the JSON Schema."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from quiz_engine import CourseError
from quiz_engine.content.exercise import (
    exercises_by_id,
    find_exercise_folders,
    load_exercise,
    read_right_answers,
    read_wrong_answers,
)

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "quiz_engine" / "content" / "schemas" / "exercise.schema.json").read_text())
SHOWN = "docs/lesson-9/exercises/sample"

VALID_YAML = """\
id: sample
title: Count the labels
prompt: |
  Count the labels in `rows`.
setup: |
  import csv

  rows = list(csv.DictReader(open("data/labels.csv")))
data:
  - datasets/labels.csv
hints:
  - Loop over the rows.
  - Use a dict.
solution_after: 2
timeout_seconds: 5
"""
VALID_FILES = {
    "starter.py": "counts = ...\n",
    "solution.py": "counts = {}\nfor row in rows:\n    counts[row['label']] = 1\n",
    "checks.py": (
        "from quiz_engine.core.checks import check, expect\n\n\n"
        '@check("`counts` is a dict", hint="Start from {}.")\n'
        "def counts_is_dict(ns):\n"
        '    expect(isinstance(ns["counts"], dict), "not a dict")\n'
    ),
    "wrong/list.py": "# expect-hint: not a dict\ncounts = []\n",
}

WriteExercise = Callable[..., Path]


@pytest.fixture
def write_exercise(tmp_path: Path) -> WriteExercise:
    """Write a sample exercise folder (with changes) under tmp_path/docs and return it."""

    def write(yaml_text: str = VALID_YAML, **files: str | None) -> Path:
        docs = tmp_path / "docs"
        (docs / "datasets").mkdir(parents=True, exist_ok=True)
        (docs / "datasets" / "labels.csv").write_text("label\na\nb\n", encoding="utf-8")
        folder = docs / "lesson-9" / "exercises" / "sample"
        (folder / "wrong").mkdir(parents=True, exist_ok=True)
        (folder / "exercise.yml").write_text(yaml_text, encoding="utf-8")
        for name, text in {**VALID_FILES, **{k.replace("__", "/"): v for k, v in files.items()}
                           }.items():
            path = folder / name.replace("_py", ".py")
            path.parent.mkdir(parents=True, exist_ok=True)
            if text is None:
                path.unlink(missing_ok=True)
            else:
                path.write_text(text, encoding="utf-8")
        return folder

    return write


def test_valid_exercise_loads(write_exercise: WriteExercise) -> None:
    """A valid folder becomes an Exercise with every field, and its wrong answers load."""
    folder = write_exercise()
    exercise = load_exercise(folder, SHOWN)
    assert exercise.id == "sample"
    assert exercise.data == ("datasets/labels.csv",)
    assert exercise.packages == ()
    assert exercise.hints == ("Loop over the rows.", "Use a dict.")
    assert (exercise.solution_after, exercise.timeout_seconds) == (2, 5.0)
    assert exercise.setup.startswith("import csv\n")
    assert exercise.source == SHOWN
    [wrong] = read_wrong_answers(folder, SHOWN)
    assert (wrong.name, wrong.expect) == ("list", "not a dict")


def test_a_plotting_exercise_lists_matplotlib(write_exercise: WriteExercise) -> None:
    """`packages: [matplotlib]` with `import matplotlib.pyplot as plt` in the starter loads."""
    text = VALID_YAML.replace("hints:", "packages: [matplotlib]\nhints:", 1)
    folder = write_exercise(text, starter_py="import matplotlib.pyplot as plt\ncounts = ...\n")
    assert load_exercise(folder, SHOWN).packages == ("matplotlib",)


def test_defaults(write_exercise: WriteExercise) -> None:
    """solution_after defaults to 3 and timeout_seconds to 10."""
    text = VALID_YAML.replace("solution_after: 2\ntimeout_seconds: 5\n", "")
    exercise = load_exercise(write_exercise(text), SHOWN)
    assert (exercise.solution_after, exercise.timeout_seconds) == (3, 10.0)


# (description, old text of exercise.yml, new text, expected fragments of the message)
YAML_MISTAKES = [
    ("missing key", "title: Count the labels\n", "", ["exercise.yml:1:", "missing key 'title'"]),
    ("unknown key", "hints:\n", "hint:\n",
     ["exercise.yml:11: hint: unknown key 'hint'", "did you mean 'hints'?"]),
    ("bad id", "id: sample", "id: Sample One", ["id: 'Sample One' is not a valid id"]),
    ("id is not the folder", "id: sample", "id: other-name",
     ["id: 'other-name' does not match the folder name 'sample'"]),
    ("empty hints", "hints:\n  - Loop over the rows.\n  - Use a dict.\n", "hints: []\n",
     ["hints: needs at least 1 hints, found 0"]),
    ("empty hint", "  - Use a dict.", "  - ''", ["hints[1]: is empty"]),
    ("unknown package", "hints:", "packages: [panda]\nhints:",
     ["packages[0]: 'panda' is not a package exercises can use", "did you mean 'pandas'?"]),
    ("package listed but unused", "hints:", "packages: [numpy]\nhints:",
     ["packages[0]: 'numpy' is listed but no code imports it"]),
    ("missing data file", "  - datasets/labels.csv", "  - datasets/label.csv",
     ["exercise.yml:10: data[0]: data file 'datasets/label.csv' not found",
      "files there: labels.csv"]),
    ("data outside docs", "  - datasets/labels.csv", "  - ../secrets.csv",
     ["data[0]: '../secrets.csv' must be a path inside the docs folder"]),
    ("same data file name", "  - datasets/labels.csv",
     "  - datasets/labels.csv\n  - other/labels.csv", ["data[1]: 'labels.csv' has the same file name"]),
    ("solution_after not a number", "solution_after: 2", "solution_after: two",
     ["solution_after: must be a whole number"]),
    ("timeout too long", "timeout_seconds: 5", "timeout_seconds: 600",
     ["timeout_seconds: 600 is out of range", "between 0 and 60"]),
    ("setup syntax error", "  import csv\n", "  import csv as\n",
     ["exercise.yml:6: setup: is not valid Python"]),
    ("duplicate key", "title: Count the labels\n", "title: Count the labels\ntitle: Again\n",
     ["title", "appears twice"]),
    ("broken YAML", "title: Count the labels", 'title: "Count the labels', ["not valid YAML"]),
]


@pytest.mark.parametrize(("old", "new", "expected"), [m[1:] for m in YAML_MISTAKES],
                         ids=[m[0] for m in YAML_MISTAKES])
def test_yaml_mistake_is_reported_with_path_line_key_and_fix(
    write_exercise: WriteExercise, old: str, new: str, expected: list[str]
) -> None:
    """Each exercise.yml mistake stops loading with the file, the line, the key and the fix."""
    assert old in VALID_YAML
    with pytest.raises(CourseError) as caught:
        load_exercise(write_exercise(VALID_YAML.replace(old, new, 1)), SHOWN)
    message = str(caught.value)
    assert message.startswith(f"{SHOWN}/exercise.yml")
    for fragment in expected:
        assert fragment in message


# (description, file changes, expected fragments of the message)
FILE_MISTAKES: list[tuple[str, dict[str, str | None], list[str]]] = [
    ("missing starter", {"starter_py": None},
     [f"{SHOWN}/starter.py: file not found", "create starter.py"]),
    ("solution syntax error", {"solution_py": "counts = {\n"},
     [f"{SHOWN}/solution.py:1: is not valid Python ('{{' was never closed)"]),
    ("no checks", {"checks_py": "def helper(ns):\n    return True\n"},
     [f"{SHOWN}/checks.py: defines no checks", "@check"]),
    ("check without hint", {"checks_py": VALID_FILES["checks.py"].replace(
        ', hint="Start from {}."', "")},
     [f"{SHOWN}/checks.py:5: check counts_is_dict: @check needs the expectation and a hint"]),
    ("check with two arguments", {"checks_py": VALID_FILES["checks.py"].replace(
        "def counts_is_dict(ns):", "def counts_is_dict(ns, extra):")},
     ["takes exactly one argument", "write `def counts_is_dict(ns):`"]),
    ("two checks with one name", {"checks_py": VALID_FILES["checks.py"] + "\n\n"
                                  + VALID_FILES["checks.py"].split("\n\n\n")[1]},
     ["a check named 'counts_is_dict' is already defined on line 5"]),
    ("import not in packages", {"solution_py": "import numpy as np\ncounts = {}\n"},
     ["exercise.yml", "packages: solution.py imports 'numpy', which `packages` does not list",
      "add `- numpy`"]),
    ("pyplot imported, matplotlib not listed",
     {"starter_py": "import matplotlib.pyplot as plt\ncounts = ...\n"},
     ["packages: starter.py imports 'matplotlib', which `packages` does not list",
      "add `- matplotlib`"]),
    ("import the browser lacks", {"solution_py": "import sklearn\ncounts = {}\n"},
     [f"{SHOWN}/solution.py:1: imports 'sklearn', which the browser does not have"]),
    ("reads an unlisted data file", {"solution_py": "rows = open('data/other.csv')\n"},
     ["exercise.yml", "data: solution.py reads 'data/other.csv', which neither `data` nor `check_data` lists",
      "- datasets/other.csv"]),
    ("wrong answer without its expectation", {"wrong__list_py": "counts = []\n"},
     [f"{SHOWN}/wrong/list.py:1: does not start with `# expect-hint: <text>`"]),
]


@pytest.mark.parametrize(("files", "expected"), [m[1:] for m in FILE_MISTAKES],
                         ids=[m[0] for m in FILE_MISTAKES])
def test_file_mistake_is_reported(
    write_exercise: WriteExercise, files: dict[str, str | None], expected: list[str]
) -> None:
    """Missing or broken Python files, checks and wrong answers are reported where they are."""
    folder = write_exercise(**files)
    with pytest.raises(CourseError) as caught:
        load_exercise(folder, SHOWN)
        read_wrong_answers(folder, SHOWN)
    for fragment in expected:
        assert fragment in str(caught.value)


def test_missing_exercise_yml(tmp_path: Path) -> None:
    """A folder without exercise.yml says which file is missing and what it needs."""
    folder = tmp_path / "docs" / "lesson-1" / "exercises" / "empty"
    folder.mkdir(parents=True)
    with pytest.raises(CourseError, match=r"exercise\.yml: file not found — every exercise folder"):
        load_exercise(folder, "docs/lesson-1/exercises/empty")


def test_folder_outside_exercises_needs_docs_dir(tmp_path: Path) -> None:
    """The docs folder is found from `exercises/`, or must be given."""
    with pytest.raises(CourseError, match="not inside an `exercises/` folder"):
        load_exercise(tmp_path, "somewhere")


def test_exercise_ids_are_unique_across_the_course(write_exercise: WriteExercise) -> None:
    """Two folders with one id: the first is kept, the second is a problem naming the first."""
    folder = write_exercise()
    exercise = load_exercise(folder, SHOWN, docs_dir=folder.parents[2])
    kept, problems = exercises_by_id([(exercise, SHOWN), (exercise, "docs/lesson-8/exercises/sample")])
    assert list(kept) == ["sample"]
    assert [p.path for p in problems] == ["docs/lesson-8/exercises/sample/exercise.yml"]
    assert "'sample' is already the id of" in str(problems[0])


def test_find_exercise_folders(write_exercise: WriteExercise) -> None:
    """Exercise folders are found by their exercise.yml under */exercises/*/."""
    folder = write_exercise()
    assert find_exercise_folders(folder.parents[2]) == [folder]


def validate(data: Any) -> None:
    """Validate ``data`` against the published exercise schema."""
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize("folder", find_exercise_folders(ROOT / "docs"), ids=lambda f: f.name)
def test_course_exercise_files_match_the_schema(folder: Path) -> None:
    """Every exercise.yml of the course is valid under the schema editors use."""
    validate(yaml.safe_load((folder / "exercise.yml").read_text(encoding="utf-8")))


def test_sample_matches_the_schema() -> None:
    """The sample exercise.yml of these tests is valid under the schema."""
    validate(yaml.safe_load(VALID_YAML))


# Mistakes a JSON Schema cannot see: files, folder names, Python, YAML syntax, imports.
NOT_EXPRESSIBLE = {"id is not the folder", "package listed but unused", "missing data file",
                   "same data file name", "setup syntax error", "duplicate key", "broken YAML"}


@pytest.mark.parametrize(
    ("old", "new"),
    [m[1:3] for m in YAML_MISTAKES if m[0] not in NOT_EXPRESSIBLE],
    ids=[m[0] for m in YAML_MISTAKES if m[0] not in NOT_EXPRESSIBLE],
)
def test_schema_rejects_what_the_build_rejects(old: str, new: str) -> None:
    """The schema flags the same exercise.yml mistakes the build stops on."""
    with pytest.raises(jsonschema.ValidationError):
        validate(yaml.safe_load(VALID_YAML.replace(old, new, 1)))


def test_right_answers_load_and_are_checked_with_the_wrong_ones(
        write_exercise: WriteExercise) -> None:
    """right/*.py load in name order; one that is not Python is reported with its line."""
    folder = write_exercise(right__loop_py="counts = dict()\n", right__comprehension_py="x = 1\n")
    assert [r.name for r in read_right_answers(folder, SHOWN)] == ["comprehension", "loop"]
    assert read_right_answers(write_exercise(right__loop_py=None, right__comprehension_py=None)
                              .parent / "missing", SHOWN) == ()
    broken = write_exercise(right__loop_py="counts = {\n")
    for load in (read_right_answers, read_wrong_answers):
        with pytest.raises(CourseError) as caught:
            load(broken, SHOWN)
        assert str(caught.value).startswith(f"{SHOWN}/right/loop.py:1: is not valid Python")
