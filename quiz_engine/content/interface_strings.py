"""The words the course widgets show, in the site's interface language.

Every button, status line and message of the quiz, test, exercise, lab and
progress widgets comes from one catalogue per language: a flat JSON object
of ``"widget.key": "text"`` in ``strings/<language>.json``. English is
complete and is the fallback for anything a catalogue leaves out.

The language is Material's ``theme.language`` (``fr``, ``pt-BR`` …, with
``pt-BR`` falling back to ``pt``). An instructor adds a language, or changes
single strings of a shipped one, with a catalogue of their own in the
plugin's ``strings_dir``. Texts may hold ``{name}`` placeholders; a text that
depends on a number is an object of CLDR plural forms
(``{"one": "…", "other": "…"}``), chosen in the browser by
``Intl.PluralRules``.

The build renders some of these strings into the HTML (Python, here) and
embeds the whole catalogue in every page for the widgets' scripts
(``assets/course/i18n.js``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from ..core.errors import CourseError

__all__ = [
    "BUILT_IN",
    "Html",
    "InterfaceStrings",
    "available_languages",
    "load_interface_strings",
]

#: The catalogues shipped with the course plugin.
BUILT_IN = Path(__file__).resolve().parent / "strings"
_FALLBACK = "en"
_PLURAL_FORMS = {"zero", "one", "two", "few", "many", "other"}
_PLACEHOLDER = re.compile(r"\{(\w+)\}")

Entry = str | dict[str, str]


class Html(str):
    """A parameter that is already HTML: inserted as it is, not escaped."""


def available_languages() -> list[str]:
    """The languages the plugin ships catalogues for."""
    return sorted(path.stem for path in BUILT_IN.glob("*.json"))


@dataclass(frozen=True)
class InterfaceStrings:
    """One language's strings, complete (English fills the gaps)."""

    language: str
    entries: dict[str, Entry]
    #: What the build should tell the instructor (missing language or keys).
    warnings: list[str] = field(default_factory=list)

    def __call__(self, key: str, **params: str | int | Html) -> str:
        """The text of ``key`` as HTML: the text escaped, ``params`` put in its placeholders."""
        entry = self.entries[key]
        if not isinstance(entry, str):
            raise TypeError(f"{key} has plural forms: the browser chooses one, not the build")

        def fill(match: re.Match[str]) -> str:
            value = params[match.group(1)]
            return value if isinstance(value, Html) else escape(str(value))

        pieces, last = [], 0
        for match in _PLACEHOLDER.finditer(entry):
            pieces += [escape(entry[last : match.start()]), fill(match)]
            last = match.end()
        return "".join([*pieces, escape(entry[last:])])

    def to_json(self) -> dict[str, Entry]:
        """Every key with its text, for the page's embedded catalogue."""
        return dict(self.entries)


def _placeholders(entry: Entry) -> set[str]:
    texts = entry.values() if isinstance(entry, dict) else [entry]
    return {name for text in texts for name in _PLACEHOLDER.findall(text)}


def _read(path: Path, shown: str, reference: dict[str, Entry] | None) -> dict[str, Entry]:
    """Read one catalogue; with ``reference`` (English), check it against it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise CourseError(
            f"is not valid JSON ({error.msg})", path=shown, line=error.lineno,
            fix="write one JSON object of \"key\": \"text\" pairs (no trailing commas)",
        ) from None
    if not isinstance(data, dict):
        raise CourseError(
            "must be a JSON object of interface strings", path=shown,
            fix='write e.g. {"quiz.check": "Check answer"}',
        )
    if reference is None:
        return data
    for key, value in data.items():
        _check_entry(key, value, reference, shown)
    return data


def _check_entry(key: str, value: object, reference: dict[str, Entry], shown: str) -> None:
    if key not in reference:
        close = [k for k in reference if k.split(".")[0] == key.split(".")[0]][:5]
        raise CourseError(
            "is not a key of the interface strings", path=shown, key=key,
            fix=f"use a key of {BUILT_IN.name}/{_FALLBACK}.json"
            + (f", e.g. {', '.join(close)}" if close else ""),
        )
    english = reference[key]
    if isinstance(english, str) and not isinstance(value, str):
        raise CourseError(
            "must be a text (a JSON string)", path=shown, key=key,
            fix=f"write it like the English: {json.dumps(english, ensure_ascii=False)}",
        )
    if isinstance(english, dict):
        if not isinstance(value, dict) or "other" not in value:
            raise CourseError(
                "depends on a number, so it needs plural forms with at least \"one\" and "
                "\"other\"",
                path=shown, key=key,
                fix='write e.g. {"one": "… {count} …", "other": "… {count} …"}',
            )
        unknown = sorted(set(value) - _PLURAL_FORMS)
        if unknown:
            raise CourseError(
                f"{', '.join(unknown)} is not a plural form", path=shown, key=key,
                fix=f"use the CLDR forms of the language: {', '.join(sorted(_PLURAL_FORMS))}",
            )
        if not all(isinstance(text, str) for text in value.values()):
            raise CourseError("every plural form must be a text", path=shown, key=key,
                              fix="write each form as a JSON string")
    extra = sorted(_placeholders(value) - _placeholders(english))  # type: ignore[arg-type]
    if extra:
        known = ", ".join(f"{{{name}}}" for name in sorted(_placeholders(english))) or "none"
        raise CourseError(
            f"uses {', '.join('{' + name + '}' for name in extra)}, which this text does not have",
            path=shown, key=key, fix=f"the placeholders of this text are: {known}",
        )


def _candidates(language: str) -> list[str]:
    """``pt-BR`` → ``["pt-BR", "pt"]``."""
    base = language.split("-")[0].split("_")[0]
    return [language] if base == language else [language, base]


def load_interface_strings(
    language: str, strings_dir: Path | None = None, *, shown_dir: str | None = None
) -> InterfaceStrings:
    """The strings for ``language``: the instructor's catalogue, then the shipped one, then English.

    ``strings_dir`` is the instructor's folder of ``<language>.json`` files;
    ``shown_dir`` is how messages name it (default: the path as given).
    """
    english = _read(BUILT_IN / f"{_FALLBACK}.json", f"{BUILT_IN}/{_FALLBACK}.json", None)
    shown_dir = shown_dir or (str(strings_dir) if strings_dir else "")
    chosen: str | None = None
    entries: dict[str, Entry] = dict(english)
    given: dict[str, Entry] = {}
    for candidate in _candidates(language):
        shipped = BUILT_IN / f"{candidate}.json"
        own = strings_dir / f"{candidate}.json" if strings_dir else None
        if not shipped.is_file() and not (own and own.is_file()):
            continue
        chosen = candidate
        if shipped.is_file() and candidate != _FALLBACK:
            given.update(_read(shipped, f"{BUILT_IN}/{candidate}.json", english))
        if own and own.is_file():
            given.update(_read(own, f"{shown_dir}/{candidate}.json", english))
        break
    warnings: list[str] = []
    if chosen is None:
        warnings.append(
            f"theme.language is {language!r}, but the course widgets have no strings in that "
            f"language (they ship {', '.join(available_languages())}), so they speak English — "
            f"add {language}.json to the course plugin's strings_dir (see the instructors' guide)"
        )
        chosen = _FALLBACK
    elif chosen != _FALLBACK:
        missing = sorted(set(english) - set(given))
        if missing:
            warnings.append(
                f"{len(missing)} interface strings are not translated into {chosen!r} and show "
                f"in English: {', '.join(missing[:8])}{' …' if len(missing) > 8 else ''}"
            )
    entries.update(given)
    return InterfaceStrings(language=chosen, entries=entries, warnings=warnings)
