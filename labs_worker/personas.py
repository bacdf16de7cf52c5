"""Lab personas: one YAML file per lab, loaded and validated with clear errors.

A persona file (``labs_worker/personas/lab-1.yml`` is the annotated example)
holds the peer's opening message, the system prompt sent to an LLM, the
checklist the peer drives towards (with the offline practice peer's
questions and acceptance rules), and for some labs the scenarios the peer
can hand out. A mistake stops the worker with
``path:line: key: what is wrong — how to fix it``.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from labs_worker.errors import LabsWorkerError

__all__ = ["ChecklistItem", "Persona", "Scenario", "default_personas_dir", "load_personas"]

Where = tuple[str | int, ...]

# key -> (kind, required); kinds are checked by _check_value.
_PERSONA_KEYS = {
    "id": ("text", True),
    "title": ("text", True),
    "peer": ("text", False),
    "opening_message": ("text", True),
    "system_prompt": ("text", True),
    "checklist": ("list", True),
    "scenarios": ("list", False),
    "scenario_triggers": ("texts", False),
    "wrap_up": ("text", True),
    "refusal": ("text", True),
}
_ITEM_KEYS = {
    "id": ("text", True),
    "label": ("text", True),
    "goal": ("text", True),
    "ask": ("text", True),
    "pushback": ("text", True),
    "accept": ("mapping", False),
    "vague": ("texts", False),
    "hint": ("text", False),
    "ack": ("text", False),
    "skip_with_scenario": ("bool", False),
}
_ACCEPT_KEYS = {
    "min_words": ("count", False),
    "number": ("bool", False),
    "keywords": ("texts", False),
    "min_keywords": ("count", False),
}
_SCENARIO_KEYS = {
    "id": ("text", True),
    "title": ("text", True),
    "brief": ("text", True),
    "answer": ("text", True),
    "match": ("texts", False),
    "expect": ("mapping", False),
    "traps": ("list", False),
}
_OVERRIDE_KEYS = {key: (kind, False) for key, (kind, _) in _ITEM_KEYS.items()
                  if key in ("ask", "accept", "pushback", "hint", "ack")}
_TRAP_KEYS = {"keywords": ("texts", True), "reply": ("text", True), "item": ("text", False)}
_KIND_NAMES = {
    "text": "a non-empty string",
    "texts": "a list of non-empty strings",
    "list": "a list",
    "mapping": "a mapping of keys to values",
    "bool": "true or false",
    "count": "a whole number ≥ 0",
}


@dataclass(frozen=True)
class ChecklistItem:
    """One thing the peer drives the learner to state."""

    id: str
    label: str
    goal: str


@dataclass(frozen=True)
class Scenario:
    """A case the peer can hand out; ``answer`` is for the LLM's eyes only."""

    id: str
    title: str
    brief: str
    answer: str


@dataclass(frozen=True)
class Persona:
    """A validated lab persona."""

    id: str
    title: str
    peer: str
    opening_message: str
    system_prompt: str
    checklist: tuple[ChecklistItem, ...]
    scenarios: tuple[Scenario, ...]
    source: str
    practice_data: Mapping[str, Any]

    def instructions(self) -> str:
        """The full system prompt for an LLM: the file's prompt, checklist, scenarios."""
        parts = [
            self.system_prompt.strip(),
            "## Your opening message (already shown to the learner)\n"
            + self.opening_message.strip(),
            "## Checklist — get the learner to state each of these, in order, one "
            "question at a time\n"
            + "\n".join(
                f"{n}. {item.label}: {item.goal}" for n, item in enumerate(self.checklist, 1)
            ),
        ]
        if self.scenarios:
            parts.append(
                "## Scenarios you can hand out (present the brief; never reveal the answer)\n"
                + "\n\n".join(
                    f"### {s.title}\n{s.brief.strip()}\nAnswer (secret): {s.answer.strip()}"
                    for s in self.scenarios
                )
            )
        return "\n\n".join(parts)

    def summary(self) -> dict[str, str]:
        """What ``GET /v1/labs`` shows of the lab."""
        return {
            "id": self.id,
            "title": self.title,
            "peer": self.peer,
            "opening_message": self.opening_message,
        }


def default_personas_dir() -> Path:
    """The persona files shipped with the package."""
    return Path(__file__).with_name("personas")


def load_personas(directory: str | Path | None = None) -> dict[str, Persona]:
    """Load and validate every ``*.yml`` persona in ``directory``, keyed by id."""
    folder = Path(directory) if directory else default_personas_dir()
    paths = sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")])
    if not paths:
        raise LabsWorkerError(
            "no persona files found",
            path=str(folder),
            fix="add one lab-N.yml per lab (see labs_worker/personas/lab-1.yml)",
        )
    personas = [load_persona(path) for path in paths]
    return {persona.id: persona for persona in personas}


def load_persona(path: str | Path) -> Persona:
    """Load and validate one persona file."""
    file = Path(path)
    text = file.read_text(encoding="utf-8")
    try:
        # Compose once (with libyaml when present): the node tree gives both
        # the data and the line of every key for error messages.
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        data = yaml.SafeLoader("").construct_document(node) if node is not None else None
        lines = _line_index(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise LabsWorkerError(
            f"not valid YAML ({exc.problem})",
            path=str(file),
            line=mark.line + 1 if mark else None,
            fix="check the indentation and quoting around this line",
        ) from None
    return _Validator(str(file), lines).persona(data, expected_id=file.stem)


def _line_index(node: yaml.Node | None) -> dict[Where, int]:
    """Map each key path in the document to the line it starts on."""
    lines: dict[Where, int] = {}

    def walk(current: yaml.Node, where: Where) -> None:
        lines.setdefault(where, current.start_mark.line + 1)
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                lines[(*where, str(key_node.value))] = key_node.start_mark.line + 1
                walk(value_node, (*where, str(key_node.value)))
        elif isinstance(current, yaml.SequenceNode):
            for position, child in enumerate(current.value):
                walk(child, (*where, position))

    if node is not None:
        walk(node, ())
    return lines


class _Validator:
    def __init__(self, path: str, lines: dict[Where, int]) -> None:
        self.path = path
        self.lines = lines

    def fail(self, where: Where, problem: str, fix: str) -> LabsWorkerError:
        line = None
        for depth in range(len(where), -1, -1):
            line = self.lines.get(where[:depth])
            if line is not None:
                break
        key = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in where).lstrip(".")
        return LabsWorkerError(problem, path=self.path, key=key or None, line=line, fix=fix)

    def persona(self, data: Any, *, expected_id: str) -> Persona:
        doc = self.mapping(data, (), _PERSONA_KEYS)
        if doc["id"] != expected_id:
            raise self.fail(
                ("id",),
                f"{doc['id']!r} does not match the file name {expected_id!r}",
                f"rename the file to {doc['id']}.yml or set id: {expected_id}",
            )
        items = [self.item(raw, ("checklist", n)) for n, raw in enumerate(doc["checklist"])]
        if not items:
            raise self.fail(("checklist",), "is empty", "add at least one checklist item")
        self.unique([item["id"] for item in items], "checklist")
        item_ids = {item["id"] for item in items}
        scenarios = [
            self.scenario(raw, ("scenarios", n), item_ids)
            for n, raw in enumerate(doc.get("scenarios", []))
        ]
        self.unique([s["id"] for s in scenarios], "scenarios")
        if scenarios and not doc.get("scenario_triggers"):
            raise self.fail(
                ("scenarios",),
                "scenarios need scenario_triggers",
                "list the words that mean “give me a scenario” under scenario_triggers",
            )
        # What the practice peer (and the browser) may see: no prompt, no answers.
        practice = {key: value for key, value in doc.items() if key != "system_prompt"}
        practice["checklist"] = items
        practice["scenarios"] = [
            {key: value for key, value in s.items() if key != "answer"} for s in scenarios
        ]
        return Persona(
            id=doc["id"],
            title=doc["title"],
            peer=doc.get("peer", "AI Peer"),
            opening_message=doc["opening_message"],
            system_prompt=doc["system_prompt"],
            checklist=tuple(ChecklistItem(i["id"], i["label"], i["goal"]) for i in items),
            scenarios=tuple(
                Scenario(s["id"], s["title"], s["brief"], s["answer"]) for s in scenarios
            ),
            source=self.path,
            practice_data=practice,
        )

    def item(self, data: Any, where: Where) -> dict[str, Any]:
        item = self.mapping(data, where, _ITEM_KEYS)
        if "accept" in item:
            item["accept"] = self.accept(item["accept"], (*where, "accept"))
        return item

    def accept(self, data: Any, where: Where) -> dict[str, Any]:
        rules = self.mapping(data, where, _ACCEPT_KEYS)
        keywords = rules.get("keywords", [])
        if rules.get("min_keywords", 0) > len(keywords):
            raise self.fail(
                (*where, "min_keywords"),
                f"asks for {rules['min_keywords']} keywords but only {len(keywords)} are listed",
                "lower min_keywords or list more keywords",
            )
        return rules

    def scenario(self, data: Any, where: Where, item_ids: set[str]) -> dict[str, Any]:
        scenario = self.mapping(data, where, _SCENARIO_KEYS)
        expect = scenario.get("expect", {})
        for item_id, override in expect.items():
            if item_id not in item_ids:
                raise self.fail(
                    (*where, "expect", item_id),
                    f"{item_id!r} is not a checklist item id",
                    self.suggest(str(item_id), item_ids, "use one of the checklist ids"),
                )
            checked = self.mapping(override, (*where, "expect", item_id), _OVERRIDE_KEYS)
            if "accept" in checked:
                checked["accept"] = self.accept(
                    checked["accept"], (*where, "expect", item_id, "accept")
                )
            expect[item_id] = checked
        scenario["traps"] = [
            self.trap(trap, (*where, "traps", n), item_ids)
            for n, trap in enumerate(scenario.get("traps", []))
        ]
        return scenario

    def trap(self, data: Any, where: Where, item_ids: set[str]) -> dict[str, Any]:
        trap = self.mapping(data, where, _TRAP_KEYS)
        if "item" in trap and trap["item"] not in item_ids:
            raise self.fail(
                (*where, "item"),
                f"{trap['item']!r} is not a checklist item id",
                self.suggest(trap["item"], item_ids, "use one of the checklist ids"),
            )
        return trap

    def mapping(
        self, data: Any, where: Where, keys: Mapping[str, tuple[str, bool]]
    ) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise self.fail(
                where,
                f"expected a mapping, got {_kind_of(data)}",
                "write key: value lines here",
            )
        for key in data:
            if key not in keys:
                raise self.fail(
                    (*where, str(key)),
                    "unknown key",
                    self.suggest(str(key), set(keys), f"allowed keys: {', '.join(keys)}"),
                )
        for key, (kind, required) in keys.items():
            if key not in data:
                if required:
                    raise self.fail(
                        where, f"missing required key {key!r}", f"add {key}: <{kind}>"
                    )
                continue
            self.check_value(data[key], kind, (*where, key))
        return dict(data)

    def check_value(self, value: Any, kind: str, where: Where) -> None:
        if kind == "texts" and isinstance(value, list):
            for position, entry in enumerate(value):
                self.check_value(entry, "text", (*where, position))
            return
        ok = {
            "text": isinstance(value, str) and value.strip() != "",
            "texts": False,  # a list is checked entry by entry above
            "list": isinstance(value, list),
            "mapping": isinstance(value, dict),
            "bool": isinstance(value, bool),
            "count": isinstance(value, int) and not isinstance(value, bool) and value >= 0,
        }[kind]
        if not ok:
            quote = kind == "text" and isinstance(value, int | float)
            raise self.fail(
                where,
                f"expected {_KIND_NAMES[kind]}, got {_kind_of(value)}",
                f'quote it: "{value}"' if quote else f"make it {_KIND_NAMES[kind]}",
            )

    def unique(self, ids: list[str], section: str) -> None:
        seen: set[str] = set()
        for position, item_id in enumerate(ids):
            if item_id in seen:
                raise self.fail(
                    (section, position, "id"),
                    f"duplicate id {item_id!r}",
                    "give every entry its own id",
                )
            seen.add(item_id)

    @staticmethod
    def suggest(word: str, choices: set[str], otherwise: str) -> str:
        close = difflib.get_close_matches(word, sorted(choices), n=1)
        return f"did you mean {close[0]!r}?" if close else otherwise


def _kind_of(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str) and not value.strip():
        return "an empty string"
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a mapping",
    }.get(type(value), type(value).__name__)
