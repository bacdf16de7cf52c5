"""What the browser's Python imports when: grading first, the rest before a snapshot.

In the browser every module the engine imports on a cold start is read from
its wheel and loaded (as bytecode, but not for free), so the Python worker
imports only what grading needs before a quiz's first answer, and calls ``browser.preload()`` before it takes a memory
snapshot: a Python restored from one has no files of the engine left, so
every module a request may need must already be imported.

Both are checked in a clean interpreter that imports the engine from its
browser wheel, with nothing but the standard library, as the worker does.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from quiz_engine.content.exercise import load_exercise
from quiz_engine.content.persona import load_personas
from quiz_engine.content.quiz import load_quiz
from quiz_engine.site.wheel import build_engine_wheel

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"

#: Runs in the clean interpreter: the requests come as JSON on stdin.
SCRIPT = """
import json, sys
requests = json.load(sys.stdin)
def engine(): return {m for m in sys.modules if m.split('.')[0] == 'quiz_engine'}
from quiz_engine.core import browser
lean = engine()
browser.preload()
preloaded = engine()
compiling = 'dataclasses' in sys.modules
replies = [browser.handle(kind, data) for kind, data in requests]
browser.reset()
after_reset = browser.handle(*requests[1])
print(json.dumps({"lean": sorted(lean), "preloaded": sorted(preloaded),
                  "late": sorted(engine() - preloaded), "replies": replies,
                  "after_reset": after_reset, "dataclasses": compiling}))
"""


@pytest.fixture(scope="module")
def imports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One request of every type, answered in a clean interpreter from the wheel."""
    wheel = build_engine_wheel(tmp_path_factory.mktemp("wheel"))
    quiz = load_quiz(DOCS / "lesson-1" / "quiz.yml").to_json()
    question = quiz["questions"][0]
    folder = DOCS / "lesson-1" / "exercises" / "scope-three-filters"
    exercise = load_exercise(folder, str(folder.relative_to(ROOT)), docs_dir=DOCS).to_json()
    lab = load_personas()["lab-1"].practice_data
    requests = [
        ["register-quiz", {"quiz": quiz}],
        ["grade", {"quiz_id": quiz["id"], "question_id": question["id"], "answer": "a"}],
        ["register-exercise", {"exercise": exercise}],
        ["run-exercise", {"exercise_id": exercise["id"], "code": "print(1 + 1)"}],
        ["check-exercise", {"exercise_id": exercise["id"], "code": exercise["solution"]}],
        ["practice-reply", {"lab": lab, "messages": [{"role": "user", "content": "Birds."}]}],
    ]
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c",
         f"import sys; sys.path.append({str(wheel)!r})\n{SCRIPT}"],
        input=json.dumps(requests), capture_output=True, text=True, check=False, cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


def test_importing_the_entry_brings_in_grading_only(imports: dict[str, Any]) -> None:
    """No runner, checks API, plots or practice peer before a quiz's first answer."""
    assert imports["lean"] == [
        "quiz_engine", "quiz_engine.core", "quiz_engine.core.browser",
        "quiz_engine.core.errors", "quiz_engine.core.grade", "quiz_engine.core.model",
        "quiz_engine.core.records",
    ]


def test_no_engine_class_is_compiled_when_it_is_defined(imports: dict[str, Any]) -> None:
    """The engine's data classes are records (``quiz_engine/core/records.py``): neither its
    first import nor preload() brings in ``dataclasses``, which compiles each class's methods
    (about 4 ms a class in Pyodide, before a first answer)."""
    assert imports["dataclasses"] is False


def test_after_preload_no_request_imports_anything_of_the_engine(imports: dict[str, Any]) -> None:
    """Every request type is answered from what preload() imported: a snapshot lacks nothing."""
    assert [reply["ok"] for reply in imports["replies"]] == [True] * 6, imports["replies"]
    assert imports["replies"][4]["value"]["passed"] is True
    assert imports["late"] == []
    assert "quiz_engine.core.plot_backend" in imports["preloaded"]


def test_reset_forgets_what_was_registered(imports: dict[str, Any]) -> None:
    """A Python restored from a snapshot that held a quiz grades nothing until it is registered."""
    reply = imports["after_reset"]
    assert reply["ok"] is False and "is not loaded" in reply["failure"]["message"]
