"""The widgets' interface strings: one catalogue per language, checked like content."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from quiz_engine.content.interface_strings import (
    BUILT_IN,
    Html,
    available_languages,
    load_interface_strings,
)
from quiz_engine.core.errors import CourseError

ROOT = Path(__file__).resolve().parents[2]
WIDGETS = ROOT / "overrides" / "assets" / "course"
RENDERERS = ROOT / "quiz_engine" / "site"
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _catalogue(language: str) -> dict[str, object]:
    return json.loads((BUILT_IN / f"{language}.json").read_text(encoding="utf-8"))


def _placeholders(value: object) -> set[str]:
    texts = value.values() if isinstance(value, dict) else [value]
    return {name for text in texts for name in PLACEHOLDER.findall(str(text))}


def _sources() -> list[str]:
    paths = [*WIDGETS.rglob("*.js"), *RENDERERS.glob("*.py")]
    return [p.read_text(encoding="utf-8") for p in paths if not p.name.endswith(".bundle.js")]


def _keys_asked_for() -> set[str]:
    """Every key the widgets (``t("…")``) and renderers (``s("…")``) ask for by name."""
    call = re.compile(r"\b[ts]\(\s*\"([a-z][\w.-]+)\"")
    return {key for text in _sources() for key in call.findall(text)}


def _keys_chosen() -> set[str]:
    """Every key a widget or renderer chooses among: written on the line of a ``t(…)`` or
    ``s(…)`` call (``t(passed ? "test.bestPassed" : "test.bestNotPassed")``), or in a table of
    texts by code (``expired: "verify.reason.expired"``; a renderer's
    ``("data-exercise-run", "exercise.run", True)``)."""
    key = r"\"([a-z][\w-]*\.[\w.-]+)\""
    in_call = re.compile(r"\b[ts]\(")
    entry = re.compile(r"(?:[\w\"-]+\s*:\s*|^\s*\(\s*\"[^\"]*\",\s*)" + key)
    found = set()
    for text in _sources():
        for line in text.splitlines():
            found.update(re.findall(key, line) if in_call.search(line) else entry.findall(line))
    return found


def test_english_and_french_ship() -> None:
    assert {"en", "fr"} <= set(available_languages())


@pytest.mark.parametrize("language", ["fr"])
def test_translation_has_every_key_with_the_same_placeholders(language: str) -> None:
    english, other = _catalogue("en"), _catalogue(language)
    assert sorted(other) == sorted(english)
    for key, value in english.items():
        assert type(other[key]) is type(value), key
        assert _placeholders(other[key]) == _placeholders(value), key


def test_every_key_used_exists_and_every_key_is_used() -> None:
    asked, english = _keys_asked_for(), set(_catalogue("en"))
    assert len(asked) > 50, "few t(…)/s(…) calls found: the scan is broken"
    assert sorted(asked - english) == []
    assert sorted(english - asked - _keys_chosen()) == []


def test_widgets_show_no_hard_coded_sentences() -> None:
    """Text put on screen comes from t(…): no literal sentence assigned or confirmed."""
    shown = re.compile(
        r"(textContent\s*=|confirm\(|\"aria-label\",|new (?:Peer)?Error\()\s*[`\"']([A-Z][a-z]*\s+[a-z][^`\"']*)"
    )
    found = []
    for path in WIDGETS.rglob("*.js"):
        bundled = path.name.endswith(".bundle.js") or path.parent.name == "editor"
        # The Python worker's code puts nothing on screen: its errors reach the page as data.
        if bundled or path.name == "python-worker.js" or path.parent.name == "worker":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if shown.search(line):
                found.append(f"{path.name}:{number}: {line.strip()}")
    assert found == []


def test_english_is_the_default_and_escapes_html() -> None:
    strings = load_interface_strings("en")
    assert strings.language == "en"
    assert strings("exercise.codeLabel", title="<b>") == "Your code for: &lt;b&gt;"
    assert strings("exercise.data", links=Html('<a href="x">x</a>')) == 'Data: <a href="x">x</a>'


def test_french_is_used_for_french_and_regional_french() -> None:
    assert load_interface_strings("fr")("quiz.check") == "Vérifier la réponse"
    assert load_interface_strings("fr-CA").language == "fr"


def test_language_without_strings_falls_back_to_english_and_says_so() -> None:
    strings = load_interface_strings("de")
    assert strings.language == "en"
    assert strings.warnings and "de" in strings.warnings[0] and "strings_dir" in strings.warnings[0]


def test_instructor_catalogue_adds_a_language_and_reports_missing_keys(tmp_path: Path) -> None:
    (tmp_path / "de.json").write_text(json.dumps({"quiz.check": "Antwort prüfen"}), encoding="utf-8")
    strings = load_interface_strings("de", tmp_path)
    assert strings.language == "de"
    assert strings("quiz.check") == "Antwort prüfen"
    assert strings("test.submit") == "Submit the test"  # English where the catalogue is silent
    assert any("not translated" in w for w in strings.warnings)
    assert strings.to_json()["quiz.check"] == "Antwort prüfen"


def test_instructor_catalogue_overrides_single_strings(tmp_path: Path) -> None:
    (tmp_path / "en.json").write_text(json.dumps({"lab.send": "Post"}), encoding="utf-8")
    strings = load_interface_strings("en", tmp_path)
    assert strings("lab.send") == "Post"
    assert strings("lab.stop") == "Stop"
    assert strings.warnings == []


@pytest.mark.parametrize(
    ("text", "key", "problem"),
    [
        ('{"quiz.chek": "x"}', "quiz.chek", "not a key"),
        ('{"quiz.score": "{rigth} of {total}"}', "quiz.score", "{rigth}"),
        ('{"quiz.check": 3}', "quiz.check", "text"),
        ('{"test.left": "x"}', "test.left", "one"),
        ('{"test.left": {"one": "x"}}', "test.left", "other"),
        ('{"test.left": {"other": "x", "several": "y"}}', "test.left", "several"),
        ("[1]", None, "object"),
        ('{"quiz.check": "x",}', None, "JSON"),
    ],
)
def test_broken_catalogue_is_located(tmp_path: Path, text: str, key: str | None, problem: str) -> None:
    (tmp_path / "de.json").write_text(text, encoding="utf-8")
    with pytest.raises(CourseError) as caught:
        load_interface_strings("de", tmp_path)
    assert caught.value.path is not None and caught.value.path.endswith("de.json")
    assert caught.value.key == key
    assert problem in str(caught.value)
    assert caught.value.fix
