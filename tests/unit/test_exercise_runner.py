"""The exercise runner and the checks API: what the learner sees when code runs and is checked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from quiz_engine.core import browser
from quiz_engine.core.checks import CheckFailed, Namespace, NotDefined, check, describe, expect
from quiz_engine.core.errors import CourseError
from quiz_engine.core.exercise import Exercise
from quiz_engine.core.exercise_runner import INPUT_MESSAGE, OUTPUT_LIMIT, check_code, run_code

CHECKS = '''
from quiz_engine.core.checks import CheckFailed, check, expect


@check("`total` is the sum of `numbers`", hint="Use sum(numbers).")
def total_is_sum(ns):
    expect(ns["total"] == sum(ns["numbers"]), f"`total` is {ns['total']!r}")


@check("`double` doubles its argument", hint="Return x * 2.")
def doubles(ns):
    expect(ns.function("double")(4) == 8, "double(4) is not 8")


@check("`label` is a string", hint="Quote it.")
def label_is_text(ns):
    if not isinstance(ns["label"], str):
        raise CheckFailed("`label` is not text")
'''
SETUP = "numbers = [1, 2, 3]\n"
RIGHT = "total = sum(numbers)\n\ndef double(x):\n    return x * 2\n\nlabel = 'ok'\n"


def test_stdout_and_stderr_are_captured() -> None:
    """print() output comes back as data, separately for stdout and stderr."""
    result = run_code("import sys\nprint('hello')\nprint('oops', file=sys.stderr)")
    assert result == {"stdout": "hello\n", "stderr": "oops\n", "exception": None,
                      "output": [{"type": "text", "text": "hello\n"}]}


def test_setup_runs_first_in_the_same_namespace() -> None:
    """The setup's variables are there for the learner's code."""
    assert run_code("print(sum(numbers))", setup=SETUP)["stdout"] == "6\n"


def test_traceback_shows_only_the_learners_frames_with_their_line_numbers() -> None:
    """An error deep in a call names the learner's lines, not the runner's."""
    code = "x = 1\n\ndef f(values):\n    return values[5]\n\nf([1, 2])\n"
    error = run_code(code, setup=SETUP)["exception"]
    assert error["type"] == "IndexError"
    assert error["line"] == 4
    assert error["where"] == "code"
    tb = error["traceback"]
    assert 'File "your code", line 6, in <module>' in tb
    assert 'File "your code", line 4, in f' in tb
    assert "return values[5]" in tb  # the learner's own source line is quoted
    assert "exercise_runner" not in tb and "exercise setup" not in tb


def test_errors_inside_a_library_point_at_the_learners_line() -> None:
    """When json raises, the traceback stops at the learner's call."""
    error = run_code("import json\n\njson.loads('{oops')\n")["exception"]
    assert error["line"] == 3
    assert "json/decoder.py" not in error["traceback"]
    assert error["traceback"].endswith(error["type"] + ": " + error["message"])


def test_syntax_error_is_reported_at_the_learners_line() -> None:
    """A syntax error names the learner's line and the problem, without a runner frame."""
    error = run_code("a = 1\nb = (2,\nc = 3\n", setup=SETUP)["exception"]
    assert error["type"] == "SyntaxError"
    assert error["line"] in (2, 3)  # CPython 3.11 and 3.12 place it differently
    assert error["traceback"].startswith('  File "your code", line')
    assert "Traceback" not in error["traceback"]


def test_indentation_error_keeps_its_type() -> None:
    """IndentationError is reported as such, at its line."""
    error = run_code("if True:\nprint('x')\n")["exception"]
    assert error["type"] == "IndentationError"
    assert error["line"] == 2


def test_input_fails_fast_with_a_clear_message() -> None:
    """input() (and reading stdin) raise at once instead of blocking the worker."""
    for code in ("name = input('Your name? ')", "import sys\nsys.stdin.readline()"):
        error = run_code(code)["exception"]
        assert error["type"] == "RuntimeError"
        assert error["message"] == INPUT_MESSAGE
        assert "input() is not available in exercises" in error["traceback"]


def test_exit_is_explained() -> None:
    """exit() does not end the worker; the learner is told to remove it."""
    error = run_code("print('before')\nexit()\n")["exception"]
    assert error["type"] == "SystemExit"
    assert "remove the call" in error["message"]


def test_recursion_error_is_reported_compactly() -> None:
    """Unbounded recursion becomes a short traceback with the repeat collapsed."""
    error = run_code("def f(n):\n    return f(n + 1)\n\nf(0)\n")["exception"]
    assert error["type"] == "RecursionError"
    assert "Previous line repeated" in error["traceback"]
    assert len(error["traceback"]) < 2000


def test_output_is_capped() -> None:
    """A print loop cannot fill memory: output past the limit is cut and says so."""
    stdout = run_code("for i in range(200_000):\n    print(i)\n")["stdout"]
    assert len(stdout) < OUTPUT_LIMIT + 200
    assert stdout.endswith("more characters of output were cut off")


def test_each_run_gets_a_fresh_namespace_and_keeps_the_working_directory(tmp_path: Path) -> None:
    """Variables do not leak between runs, and os.chdir() in learner code is undone."""
    before = os.getcwd()
    run_code(f"import os\nsecret = 1\nos.chdir({str(tmp_path)!r})")
    assert os.getcwd() == before
    assert run_code("print(secret)")["exception"]["type"] == "NameError"


def test_setup_errors_are_marked_as_the_setups() -> None:
    """A broken setup (say, a missing data file) is not blamed on the learner."""
    error = run_code("print(1)", setup="open('data/missing.csv')")["exception"]
    assert error["where"] == "setup"
    assert error["type"] == "FileNotFoundError"


def test_check_code_passes_a_right_answer() -> None:
    """Every check passes and the summary says so."""
    result = check_code(RIGHT, setup=SETUP, checks_source=CHECKS)
    assert result["passed"] is True
    assert result["summary"] == "3 of 3 checks passed."
    assert [c["name"] for c in result["checks"]] == ["total_is_sum", "doubles", "label_is_text"]
    assert all(c["status"] == "passed" and c["hint"] == "" for c in result["checks"])
    json.dumps(result)  # JSON-safe all the way down


def test_a_failed_check_names_the_expectation_the_finding_and_the_hint() -> None:
    """A wrong value fails with the author's expectation, the message and the hint."""
    result = check_code(RIGHT.replace("sum(numbers)", "max(numbers)"), setup=SETUP,
                        checks_source=CHECKS)
    first = result["checks"][0]
    assert result["passed"] is False
    assert first == {"name": "total_is_sum", "expectation": "`total` is the sum of `numbers`",
                     "passed": False, "status": "failed", "message": "`total` is 3",
                     "hint": "Use sum(numbers)."}


def test_a_missing_variable_is_a_friendly_failure() -> None:
    """A check looking up an unassigned name says what to assign, never KeyError."""
    result = check_code("def double(x):\n    return 2 * x\n", setup=SETUP, checks_source=CHECKS)
    messages = {c["name"]: c["message"] for c in result["checks"]}
    assert messages["total_is_sum"] == "`total` is not defined — assign your answer to `total`"
    assert "KeyError" not in json.dumps(result)


def test_a_placeholder_is_a_friendly_failure() -> None:
    """A name still holding the starter's `...` is reported as not filled in."""
    result = check_code("total = ...\n", setup=SETUP, checks_source=CHECKS)
    assert result["checks"][0]["message"].startswith("`total` is still `...`")


def test_a_learner_function_that_raises_is_named_with_its_line() -> None:
    """When a check calls the learner's function and it raises, the message names it and the line."""
    code = RIGHT.replace("return x * 2", "return x / 0")
    result = check_code(code, setup=SETUP, checks_source=CHECKS)
    message = result["checks"][1]["message"]
    assert message == ("your `double` raised ZeroDivisionError: division by zero (line 4) "
                       "while it was being checked")


def test_a_crashing_check_becomes_a_friendly_failure() -> None:
    """A check that itself crashes fails with a sentence, not a traceback."""
    checks = ('from quiz_engine.core.checks import check\n\n'
              '@check("`label` has 3 letters", hint="Use three letters.")\n'
              'def three(ns):\n    return len(ns["label"]) == 3\n\n'
              '@check("`scores` holds numbers", hint="h")\n'
              'def scores(ns):\n    lookup = dict(ns)\n    return lookup["scores"] > 0\n')
    result = check_code("label = None\n", checks_source=checks)
    first, second = result["checks"]
    assert first["status"] == "failed"
    assert first["message"].startswith("this check could not look at your result (TypeError:")
    assert first["hint"] == "Use three letters."
    assert second["message"] == "`scores` is not defined — assign your answer to `scores`"


def test_a_check_returning_false_fails_with_its_expectation() -> None:
    """`return False` is a failure too, described by the expectation."""
    result = check_code("label = 'abcd'\n", checks_source=CHECKS.replace(
        "def label_is_text(ns):\n    if", "def label_is_text(ns):\n    return False\n    if"))
    assert result["checks"][2]["message"] == "`label` is a string"


def test_checks_do_not_run_when_the_code_stops() -> None:
    """If the learner's code raises, the result says so and checks are 'not run'."""
    result = check_code("total = 1 / 0\n", setup=SETUP, checks_source=CHECKS)
    assert result["passed"] is False
    assert result["run"]["exception"]["type"] == "ZeroDivisionError"
    assert result["summary"] == "Your code stopped with ZeroDivisionError; the checks did not run."
    assert {c["status"] for c in result["checks"]} == {"not run"}


def test_printing_inside_checked_functions_does_not_leak() -> None:
    """Output of learner functions called by checks is not mixed into the run's output."""
    code = RIGHT.replace("return x * 2", "print('called')\n    return x * 2")
    result = check_code(code, setup=SETUP, checks_source=CHECKS)
    assert result["passed"] and result["run"]["stdout"] == ""


def test_broken_checks_are_the_authors_problem() -> None:
    """Checks that cannot load, or define no check, raise CourseError (an authoring bug)."""
    with pytest.raises(CourseError, match="could not be loaded"):
        check_code("x = 1", checks_source="import nothing_here_at_all\n")
    with pytest.raises(CourseError, match="no checks"):
        check_code("x = 1", checks_source="def not_a_check(ns):\n    pass\n")


def test_check_decorator_requires_expectation_and_hint() -> None:
    """@check without words is an authoring error."""
    with pytest.raises(CourseError, match="non-empty hint"):
        check("something", hint=" ")


def test_namespace_and_expect() -> None:
    """Namespace lookups and expect() raise CheckFailed subclasses with the messages."""
    ns = Namespace({"a": 1, "f": 3})
    with pytest.raises(NotDefined, match="`b` is not defined"):
        ns["b"]
    with pytest.raises(CheckFailed, match="not a function"):
        ns.function("f")
    with pytest.raises(CheckFailed, match=r"^lazy 1$"):
        expect(False, lambda: f"lazy {ns['a']}")
    expect(True, lambda: ns["b"])  # never built when the check passes


def test_describe_says_what_a_value_is() -> None:
    """describe() gives a few words for messages."""
    assert describe(None).startswith("None (did your function forget")
    assert describe(...) == "`...` (not filled in yet)"
    assert describe([1, 2]) == "a list of 2 items"
    assert describe(3) == "the int 3"
    assert describe({"a": 1}) == "a dict of 1 item"


def test_browser_entry_points_run_and_check_registered_exercises() -> None:
    """register/run/check through quiz_engine.core.browser; engine failures as data."""
    exercise = Exercise(id="sum-them", title="Sum", prompt="Add.", starter="total = ...\n",
                        solution=RIGHT, checks=CHECKS, setup=SETUP, hints=("Add them.",))
    registered = browser.handle("register-exercise", {"exercise": exercise.to_json()})
    assert registered == {"ok": True, "value": {}}
    ran = browser.handle("run-exercise", {"exercise_id": "sum-them", "code": "print(numbers)"})
    assert ran["value"]["stdout"] == "[1, 2, 3]\n"
    checked = browser.handle("check-exercise", {"exercise_id": "sum-them", "code": RIGHT})
    assert checked["value"]["passed"] is True
    for request_type in ("run-exercise", "check-exercise"):
        reply = browser.handle(request_type, {"exercise_id": "nope", "code": "x = 1"})
        assert reply["ok"] is False
        assert "is not loaded" in reply["failure"]["message"]


def test_the_learners_exception_is_a_value_not_a_failure() -> None:
    """A run that raises is answered (ok), with the exception in the value."""
    exercise = Exercise(id="raises", title="R", prompt="P", starter="", solution="", checks=CHECKS)
    browser.handle("register-exercise", {"exercise": exercise.to_json()})
    reply = browser.handle("run-exercise", {"exercise_id": "raises", "code": "1 / 0"})
    assert reply["ok"] is True
    assert reply["value"]["exception"]["type"] == "ZeroDivisionError"


def test_exercise_json_round_trips() -> None:
    """from_json(to_json()) gives the same exercise (without the build-only source)."""
    exercise = Exercise(id="e", title="T", prompt="P", starter="s", solution="x", checks="c",
                        setup="import numpy as np\n", data=("datasets/a.csv",),
                        check_data=("datasets/variant_a.csv",),
                        packages=("numpy",), hints=("h1", "h2"), solution_after=2,
                        timeout_seconds=5.0, source="docs/x")
    data = json.loads(json.dumps(exercise.to_json()))
    assert data["data"] == [
        {"path": "datasets/a.csv", "target": "data/a.csv", "offered": True},
        {"path": "datasets/variant_a.csv", "target": "data/variant_a.csv", "offered": False},
    ]
    assert Exercise.from_json(data) == Exercise(**{**vars(exercise), "source": ""})


def test_the_grading_path_imports_only_the_standard_library() -> None:
    """Running and checking exercises never imports yaml, mkdocs, jsonschema, numpy or pandas."""
    probe = (
        "import sys\n"
        "import quiz_engine.core.browser, quiz_engine.core.exercise_runner, quiz_engine.core.checks\n"
        "from quiz_engine.core.exercise_runner import check_code\n"
        "check_code('x = 1', checks_source='from quiz_engine.core.checks import check\\n"
        "@check(\"x\", hint=\"h\")\\ndef c(ns):\\n    return ns[\"x\"] == 1\\n')\n"
        "bad = sorted(m for m in ('yaml', 'mkdocs', 'jsonschema', 'numpy', 'pandas') "
        "if m in sys.modules)\n"
        "print(bad)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


# Running the learner's code again on variant data (the checks API's ns.variant).

VARIANT_CHECKS = '''
from quiz_engine.core.checks import check, expect_from_data


@check("`total` is computed from data/numbers.txt", hint="Read the file and add its numbers.")
def total_follows_the_data(ns):
    expect_from_data(ns, ["total"], files={"numbers.txt": "variant_numbers.txt"},
                     where="`numbers`")
'''
VARIANT_SETUP = (
    "with open('data/numbers.txt') as file:\n"
    "    numbers = [int(n) for n in file.read().split()]\n"
)
VARIANT_SOLUTION = "total = sum(numbers)\n"


@pytest.fixture
def variant_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with data/numbers.txt (1 2 3) and its variant (10 20)."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "numbers.txt").write_text("1 2 3\n", encoding="utf-8")
    (tmp_path / "data" / "variant_numbers.txt").write_text("10 20\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def variant_check(code: str, **options: str) -> dict[str, object]:
    result = check_code(code, setup=VARIANT_SETUP, checks_source=VARIANT_CHECKS,
                        solution=options.get("solution", VARIANT_SOLUTION))
    [outcome] = result["checks"]
    return outcome


def test_computed_answer_passes_on_the_variant(variant_data: Path) -> None:
    """Code that computes from the data passes; the variant runs leave no folder behind."""
    before = set(os.listdir(tempfile.gettempdir()))
    assert variant_check("total = 0\nfor n in numbers:\n    total += n\n")["passed"] is True
    assert os.getcwd() == str(variant_data)
    left = set(os.listdir(tempfile.gettempdir())) - before
    assert not [name for name in left if name.startswith("course-variant-")]


def test_typed_in_answer_is_told_it_matches_the_story(variant_data: Path) -> None:
    """The original's answer typed in: the learner reads that it does not follow the data."""
    outcome = variant_check("total = 6\n")
    assert outcome["passed"] is False
    assert outcome["message"] == (
        "`total` stays 6 when the data change — your numbers match the lesson's story, but not "
        "the data in `numbers`: compute them from the data")


def test_wrong_on_the_variant_only_is_told_what_the_data_give(variant_data: Path) -> None:
    """A result that changes but wrongly (a fixed length) names both values."""
    outcome = variant_check("total = sum(numbers[:3]) if len(numbers) > 2 else 0\n")
    assert outcome["message"].startswith("run again on another sample of the data (same "
                                         "columns, other numbers), your `total` is 0 where "
                                         "`numbers` give 30")


def test_code_that_stops_on_the_variant_gets_a_sentence(variant_data: Path) -> None:
    """An error raised only on the variant is a learner message, never a traceback."""
    outcome = variant_check("total = numbers[0] + numbers[1] + numbers[2]\n")
    assert outcome["message"].startswith("your code stopped with IndexError: list index out of "
                                         "range (line 1) when it ran again on another sample")
    assert "Traceback" not in outcome["message"]


def test_variant_values_replace_setup_variables() -> None:
    """values= gives a setup variable another value for the second run (no data file)."""
    checks = (
        "from quiz_engine.core.checks import check, expect_from_data\n\n\n"
        '@check("`total` follows `numbers`", hint="Add them up.")\n'
        "def follows(ns):\n"
        '    expect_from_data(ns, ["total"], values={"numbers": [5, 5]}, where="`numbers`")\n'
    )
    right = check_code("total = sum(numbers)\n", setup=SETUP, checks_source=checks,
                       solution="total = sum(numbers)\n")
    typed = check_code("total = 6\n", setup=SETUP, checks_source=checks,
                       solution="total = sum(numbers)\n")
    assert right["passed"] is True and typed["passed"] is False
    assert "stays 6 when the data change" in typed["checks"][0]["message"]


def test_variant_runs_are_shared_by_the_checks(variant_data: Path) -> None:
    """Two checks on the same variant run the learner's code once more, not twice."""
    second = VARIANT_CHECKS.split("\n\n\n", 1)[1].replace("total_follows_the_data", "again")
    code = "import sys\nsys.course_test_runs += 1\ntotal = sum(numbers)\n"
    sys.course_test_runs = 0  # type: ignore[attr-defined]
    try:
        result = check_code(code, setup=VARIANT_SETUP, checks_source=VARIANT_CHECKS + second,
                            solution=VARIANT_SOLUTION)
        assert result["passed"] is True and len(result["checks"]) == 2
        assert sys.course_test_runs == 2  # type: ignore[attr-defined]  # the run + one variant
    finally:
        del sys.course_test_runs  # type: ignore[attr-defined]


def test_browser_checks_with_the_reference_solution(variant_data: Path) -> None:
    """check-exercise passes the exercise's solution, so variant checks work there."""
    exercise = Exercise(id="variant-sum", title="Sum", prompt="Add.", starter="total = ...\n",
                        solution=VARIANT_SOLUTION, checks=VARIANT_CHECKS, setup=VARIANT_SETUP)
    browser.handle("register-exercise", {"exercise": exercise.to_json()})

    def check(code: str) -> bool:
        reply = browser.handle("check-exercise", {"exercise_id": "variant-sum", "code": code})
        return bool(reply["value"]["passed"])

    assert check("total = sum(numbers)\n") is True
    assert check("total = 6\n") is False


# The comparison helpers: every correct form of a result.

def test_checks_api_imports_neither_numpy_nor_pandas() -> None:
    """The checks API is standard library only at import (it runs in Pyodide before numpy)."""
    code = "import sys, quiz_engine.core.checks; print(sorted({'numpy', 'pandas'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_sequences_numbers_mappings_and_sets_in_every_form() -> None:
    """list, tuple, array, Series and Index are sequences; dict and Series mappings; and so on."""
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    from quiz_engine.core.checks import as_mapping, as_numbers, as_set, number, same

    for form in ([1, 2], (1, 2), np.array([1, 2]), pd.Series([1, 2]), pd.Index([1, 2])):
        assert as_numbers(form, "`x`", length=2) == [1.0, 2.0]
        assert same(form, [1, 2]) and same([1.0, 2.0000001], form)
    assert as_mapping(pd.Series({"a": 0.5}), "`d`") == {"a": 0.5} == as_mapping({"a": 0.5}, "`d`")
    assert same(pd.Series({"a": 0.5, "b": 0.5}), {"b": 0.5, "a": 0.5})
    for pair in ({"x", "y"}, ("y", "x"), ["x", "y"], np.array(["y", "x"])):
        assert as_set(pair, "`pair`") == {"x", "y"} and same(pair, {"x", "y"})
    assert number(Namespace({"n": np.float32(0.25)}), "n") == 0.25
    assert number(Namespace({"n": np.array(3)}), "n") == 3.0
    assert not same([2, 1], [1, 2]) and not same(0.5, 0.51, tolerance=1e-3)
    assert same(0.5, 0.509, tolerance=0.01) and not same("0.5", 0.5)
    assert not same(np.zeros((2, 2)), np.zeros(4))


@pytest.mark.parametrize(("helper", "value", "message"), [
    ("number", "0.5", "`x` is the text '0.5', not a number"),
    ("number", True, "`x` is the bool True, not a number"),
    ("number", [0.5], "`x` is a list of 1 item, not a number"),
    ("as_sequence", {3, 1}, "`x` is a set of 2 items; a set has no order: use a list"),
    ("as_sequence", "abc", "`x` is the text 'abc'; expected a list, tuple or array"),
    ("as_sequence", {"a": 1}, "`x` is a dict of 1 item; expected a list, tuple or array of"),
    ("as_mapping", [("a", 1)], "`x` is a list of 1 item; expected a dict (or a pandas Series)"),
    ("as_set", "ab", "`x` is the text 'ab'; expected a set (or a list) of items"),
])
def test_helpers_say_what_they_found(helper: str, value: object, message: str) -> None:
    """A value of the wrong kind fails the check with a sentence naming what it is."""
    from quiz_engine.core import checks

    call = (lambda v: checks.number(Namespace({"x": v}), "x")) if helper == "number" else (
        lambda v: getattr(checks, helper)(v, "`x`"))
    with pytest.raises(CheckFailed) as failed:
        call(value)
    assert failed.value.message.startswith(message)


def test_length_is_checked_and_show_is_short() -> None:
    """as_sequence(length=…) names the count; show() rounds numbers and cuts long values."""
    from quiz_engine.core.checks import as_sequence, show

    with pytest.raises(CheckFailed, match="`w` has 2 items; expected 3"):
        as_sequence([1, 2], "`w`", length=3)
    assert show([0.123456, 2.0, "a"]) == "[0.1235, 2, 'a']"
    assert show({("a", "b"): 3}) == "{('a', 'b'): 3}"
    assert len(show(list(range(100)))) == 80 and show(list(range(100))).endswith("…")


def test_a_file_left_open_is_no_warning_but_other_warnings_still_are(
    tmp_path: Path, recwarn: pytest.WarningsRecorder
) -> None:
    """As in Python's own defaults, a ResourceWarning is not shown: a file an earlier run left
    open would otherwise surface in whichever later run the collector happens to run."""
    code = (f"f = open({str(tmp_path / 'notes.txt')!r}, 'w')\ndel f\n"
            "import warnings\nwarnings.warn('mind the gap')\n")
    assert run_code(code)["exception"] is None
    shown = [type(w.message) for w in recwarn.list]
    assert ResourceWarning not in shown
    assert UserWarning in shown
