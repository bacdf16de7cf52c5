"""The page ↔ Python-worker protocol is written once, in ``runtime/protocol.js``: the worker
answers each of its requests, the Python engine the ones the worker hands it, and nothing
else, and each request has its data and value shapes."""

from __future__ import annotations

import re
from pathlib import Path

from quiz_engine.core.browser import REQUEST_TYPES, handle

RUNTIME = Path(__file__).resolve().parents[2] / "overrides" / "assets" / "course" / "runtime"


def _block(source: str, start: str, end: str) -> str:
    assert start in source, f"{start!r} is not in the file"
    return source.split(start, 1)[1].split(end, 1)[0]


def requests() -> dict[str, str]:
    """``REQUEST`` of protocol.js: its names and the type each stands for."""
    block = _block((RUNTIME / "protocol.js").read_text(encoding="utf-8"),
                   "export const REQUEST = Object.freeze({", "});")
    found = dict(re.findall(r'(\w+): "([\w-]+)"', block))
    assert found, "no request types found in protocol.js"
    return found


def worker_cases() -> tuple[set[str], set[str]]:
    """The requests python-worker.js's ``dispatch`` answers: all of them, and those it hands
    to the Python engine (``callEngine``)."""
    source = (RUNTIME / "python-worker.js").read_text(encoding="utf-8")
    switch = _block(source, "async function dispatch(", "default:")
    answered = set(re.findall(r"case REQUEST\.(\w+):", switch))
    # The cases that fall through to `return callEngine(…)`, and any request sent there by name.
    (cases,) = re.findall(r"((?:case REQUEST\.\w+:\s*)+)return callEngine\(", switch)
    handed = set(re.findall(r"REQUEST\.(\w+)", cases))
    handed |= set(re.findall(r"callEngine\(pyodide, REQUEST\.(\w+)", source))
    return answered, handed


def test_the_worker_answers_every_request_and_no_other() -> None:
    answered, _ = worker_cases()
    assert answered == set(requests())


def test_python_answers_exactly_what_the_worker_hands_it() -> None:
    """REQUEST_TYPES (quiz_engine.core.browser) are the worker's ``callEngine`` requests."""
    _, handed = worker_cases()
    names = requests()
    assert sorted(names[name] for name in handed) == sorted(REQUEST_TYPES)
    assert handle("boot", {})["ok"] is False  # the worker's own: Python refuses it


def test_every_request_has_its_data_and_value_shapes() -> None:
    """The ``Requests`` typedef names every request type, and only those."""
    typedef = _block((RUNTIME / "protocol.js").read_text(encoding="utf-8"),
                     "@typedef {{", "}} Requests")
    assert set(re.findall(r'"([\w-]+)": \[', typedef)) == set(requests().values())
