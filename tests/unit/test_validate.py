"""Quiz files: loading, and every kind of authoring mistake the build reports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from quiz_engine import CourseError
from quiz_engine.content.quiz import load_quiz, load_quizzes
from tests.unit.conftest import VALID_QUIZ


def test_valid_quiz_loads(write_quiz: Callable[[str], Path]) -> None:
    """A valid file becomes a Quiz with lettered options and one answer per question."""
    quiz = load_quiz(write_quiz(VALID_QUIZ), display_path="docs/quiz.yml")
    assert quiz.id == "sample"
    assert [q.id for q in quiz.questions] == ["first", "second"]
    assert [o.id for o in quiz.questions[0].options] == ["a", "b", "c"]
    assert [q.answer for q in quiz.questions] == ["a", "b"]
    assert quiz.source == "docs/quiz.yml"


# (description, old text, new text, expected fragments of the message)
MISTAKES = [
    ("missing key", "    prompt: Which split is touched once?\n", "",
     ["questions[1]", "missing key 'prompt'", "add `prompt:`"]),
    ("unknown key", "    prompt: What is checked first?", "    promt: What is checked first?",
     ["questions[0].promt", "unknown key 'promt'", "did you mean 'prompt'?"]),
    ("no right option", "      - text: Test\n        correct: true\n", "      - text: Test\n",
     ["questions[1].options", "no option is marked `correct: true`", "add `correct: true`"]),
    ("two right options", "      - text: The optimiser\n",
     "      - text: The optimiser\n        correct: true\n",
     ["questions[0].options", "options a and c are all marked `correct: true`", "exactly one"]),
    ("duplicate question ids", "  - id: second", "  - id: first",
     ["questions[1].id", "'first' is already the id of questions[0]"]),
    ("empty feedback", "      wrong: The test set is touched exactly once.", "      wrong: ''",
     ["questions[1].feedback.wrong", "is empty"]),
    ("not a boolean", "        correct: true\n      - text: The architecture",
     "        correct: yes please\n      - text: The architecture",
     ["questions[0].options[0].correct", "must be true or false"]),
    ("bad id", "id: sample", "id: Sample Quiz", ["id: 'Sample Quiz' is not a valid id", "lower-case"]),
    ("too few options", "      - text: Validation\n", "",
     ["questions[1].options", "needs at least 2 options, found 1"]),
    ("repeated option", "      - text: The optimiser", "      - text: the data",
     ["questions[0].options[2].text", "repeats the text"]),
    ("options not a list", "    options:\n      - text: Validation\n      - text: Test\n        correct: true\n",
     "    options: Validation or Test\n", ["questions[1].options", "must be a list of options"]),
    ("feedback not a mapping", "    feedback:\n      right: Yes, the test set.\n      wrong: The test set is touched exactly once.\n",
     "    feedback: Yes\n", ["questions[1].feedback", "must be a mapping"]),
    ("duplicate key", "title: A sample quiz\n", "title: A sample quiz\ntitle: Again\n",
     ["title", "appears twice"]),
    ("broken YAML", "    prompt: What is checked first?", '    prompt: "What is checked first?',
     ["not valid YAML"]),
]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [m[1:] for m in MISTAKES],
    ids=[m[0] for m in MISTAKES],
)
def test_mistake_is_reported_with_path_key_and_fix(
    write_quiz: Callable[[str], Path], old: str, new: str, expected: list[str]
) -> None:
    """Each authoring mistake stops loading with the file, the key, the problem and the fix."""
    assert old in VALID_QUIZ
    path = write_quiz(VALID_QUIZ.replace(old, new, 1))
    with pytest.raises(CourseError) as caught:
        load_quiz(path, display_path="docs/lesson-9/quiz.yml")
    message = str(caught.value)
    assert message.startswith("docs/lesson-9/quiz.yml:")
    for fragment in expected:
        assert fragment in message


def test_error_names_the_line(write_quiz: Callable[[str], Path]) -> None:
    """The reported line is the line of the offending key."""
    path = write_quiz(VALID_QUIZ.replace("      wrong: Not quite; look at the data first.", "      wrong: ' '"))
    with pytest.raises(CourseError) as caught:
        load_quiz(path, display_path="q.yml")
    assert caught.value.line == 13
    assert str(caught.value).startswith("q.yml:13: questions[0].feedback.wrong: is empty")


def test_empty_file(write_quiz: Callable[[str], Path]) -> None:
    """An empty file says what it should start with."""
    with pytest.raises(CourseError, match="the file is empty"):
        load_quiz(write_quiz(""))


def test_missing_file(tmp_path: Path) -> None:
    """A missing file is reported, not a traceback."""
    with pytest.raises(CourseError, match="file not found"):
        load_quiz(tmp_path / "nope.yml")


def test_duplicate_quiz_ids_across_files(write_quiz: Callable[[str], Path]) -> None:
    """Two files with the same quiz id are rejected, naming both."""
    first = write_quiz(VALID_QUIZ, "a.yml")
    second = write_quiz(VALID_QUIZ, "b.yml")
    with pytest.raises(CourseError) as caught:
        load_quizzes([(first, "a.yml"), (second, "b.yml")])
    assert str(caught.value).startswith("b.yml:1: id: 'sample' is already the id of a.yml")


@pytest.mark.parametrize("value", ["0", "1.5", "'80%'", "true"])
def test_bad_pass_mark(write_quiz: Callable[[str], Path], value: str) -> None:
    """``pass_mark`` must be a share above 0 and at most 1."""
    path = write_quiz(VALID_QUIZ.replace("title: A sample quiz\n", f"title: A sample quiz\npass_mark: {value}\n"))
    with pytest.raises(CourseError, match="pass_mark: must be a share between 0 and 1"):
        load_quiz(path)
