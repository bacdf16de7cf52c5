"""Lab personas: one YAML file per lab, loaded and validated with clear errors.

Personas are content: the build reads them for the lab pages and the
offline practice peer, the labs worker for the system prompt. A persona file
(``labs_worker/personas/lab-1.yml`` is the annotated example)
holds the peer's opening message, the system prompt sent to an LLM, the
checklist the peer drives towards (with the offline practice peer's
questions and acceptance rules), and for some labs the scenarios the peer
can hand out. A mistake stops the worker with
``path:line: key: what is wrong — how to fix it``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.errors import CourseError
from .toolkit import Checker, child, read_located_yaml, suggest

__all__ = [
    "ChecklistItem",
    "Persona",
    "Scenario",
    "default_personas_dir",
    "load_persona",
    "load_personas",
]

# key -> (kind, required); kinds are checked by Checker.kind.
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
    """The persona files shipped with the course (``labs_worker/personas/``)."""
    return Path(__file__).resolve().parents[2] / "labs_worker" / "personas"


def load_personas(directory: str | Path | None = None) -> dict[str, Persona]:
    """Load and validate every ``*.yml`` persona in ``directory``, keyed by id."""
    folder = Path(directory) if directory else default_personas_dir()
    paths = persona_files(folder)
    if not paths:
        raise CourseError(
            "no persona files found",
            path=str(folder),
            fix="add one lab-N.yml per lab (see labs_worker/personas/lab-1.yml)",
        )
    personas = [load_persona(path) for path in paths]
    return {persona.id: persona for persona in personas}


def persona_files(folder: Path) -> list[Path]:
    """The persona files of ``folder``, in name order."""
    return sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")])


def load_persona(path: str | Path, *, display_path: str | None = None) -> Persona:
    """Load and validate one persona file."""
    file = Path(path)
    shown = display_path or str(file)
    located = read_located_yaml(file, shown)
    return _PersonaChecker(located.data, Checker(located, shown)).persona(expected_id=file.stem)


class _PersonaChecker:
    def __init__(self, data: Any, check: Checker) -> None:
        self.data = data
        self.check = check

    def persona(self, *, expected_id: str) -> Persona:
        check = self.check
        doc = check.fields(self.data, "", _PERSONA_KEYS)
        if doc["id"] != expected_id:
            raise check.fail(
                "id",
                f"{doc['id']!r} does not match the file name {expected_id!r}",
                f"rename the file to {doc['id']}.yml or set id: {expected_id}",
            )
        items = [self.item(raw, child("checklist", n)) for n, raw in enumerate(doc["checklist"])]
        if not items:
            raise check.fail("checklist", "is empty", "add at least one checklist item")
        check.unique([item["id"] for item in items], "checklist")
        item_ids = {item["id"] for item in items}
        scenarios = [
            self.scenario(raw, child("scenarios", n), item_ids)
            for n, raw in enumerate(doc.get("scenarios", []))
        ]
        check.unique([s["id"] for s in scenarios], "scenarios", "scenario")
        if scenarios and not doc.get("scenario_triggers"):
            raise check.fail(
                "scenarios",
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
            source=check.path,
            practice_data=practice,
        )

    def item(self, data: Any, key: str) -> dict[str, Any]:
        item = self.check.fields(data, key, _ITEM_KEYS)
        if "accept" in item:
            item["accept"] = self.accept(item["accept"], child(key, "accept"))
        return item

    def accept(self, data: Any, key: str) -> dict[str, Any]:
        rules = self.check.fields(data, key, _ACCEPT_KEYS)
        keywords = rules.get("keywords", [])
        if rules.get("min_keywords", 0) > len(keywords):
            raise self.check.fail(
                child(key, "min_keywords"),
                f"asks for {rules['min_keywords']} keywords but only {len(keywords)} are listed",
                "lower min_keywords or list more keywords",
            )
        return rules

    def scenario(self, data: Any, key: str, item_ids: set[str]) -> dict[str, Any]:
        scenario = self.check.fields(data, key, _SCENARIO_KEYS)
        expect = scenario.get("expect", {})
        for item_id, override in expect.items():
            where = child(child(key, "expect"), str(item_id))
            self.known_item(str(item_id), where, item_ids)
            checked = self.check.fields(override, where, _OVERRIDE_KEYS)
            if "accept" in checked:
                checked["accept"] = self.accept(checked["accept"], child(where, "accept"))
            expect[item_id] = checked
        scenario["traps"] = [
            self.trap(trap, child(child(key, "traps"), n), item_ids)
            for n, trap in enumerate(scenario.get("traps", []))
        ]
        return scenario

    def trap(self, data: Any, key: str, item_ids: set[str]) -> dict[str, Any]:
        trap = self.check.fields(data, key, _TRAP_KEYS)
        if "item" in trap:
            self.known_item(trap["item"], child(key, "item"), item_ids)
        return trap

    def known_item(self, item_id: str, key: str, item_ids: set[str]) -> None:
        if item_id not in item_ids:
            raise self.check.fail(
                key, f"{item_id!r} is not a checklist item id",
                suggest(item_id, item_ids, "use one of the checklist ids"),
            )
