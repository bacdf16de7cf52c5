"""The offline practice peer: a deterministic walk through a lab's checklist.

Standard library only — the browser runs this module in Pyodide when no labs
worker is reachable. The peer keeps no state between calls: it replays the
learner's messages against the checklist, so the same transcript always gets
the same reply.

For each learner message, in order, the peer

1. keeps its brief to itself when asked for its instructions;
2. refuses to do the learner's work for them (``refusal``);
3. on the first item of a lab with scenarios, hands out a scenario when the
   learner asks for one (``scenario_triggers``);
4. otherwise judges the answer against the current checklist item's
   ``accept`` rules — enough words, a number when one is needed, enough of
   the item's keywords — and either moves on to the next item's question or
   pushes back, naming a vague phrase (``vague``) when it sees one.

The ``lab`` argument is a JSON-safe dict shaped like a persona file (see
``labs_worker/personas/lab-1.yml``); the worker validates those files, this
module only reads them defensively.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..records import record

__all__ = ["AFTER_WRAP_UP", "KEEP_BRIEF", "practice_reply"]

KEEP_BRIEF = "I keep my brief to myself — this works better if the thinking is yours."
AFTER_WRAP_UP = (
    "That's everything on my list. Put it in your own words in your notes — and if you "
    "want another round, start the conversation over."
)
_ACKS = ("Good — that's specific.", "OK, that I can work with.", "Clear.", "Noted.")
_QUOTE_CHARS = 160

_NUMBER = re.compile(r"(?<![A-Za-z_])\d+(?:[.,]\d+)?(?:x\b|(?![A-Za-z_]))")
_WORD = re.compile(r"\S+")
_ORDINALS = (
    re.compile(r"\b(1|one|first)\b"),
    re.compile(r"\b(2|two|second)\b"),
    re.compile(r"\b(3|three|third)\b"),
)
_WANTS_BRIEF = (
    re.compile(r"\b(system|hidden|secret|original) (prompt|instructions?|message|rules)\b"),
    re.compile(
        r"\b(ignore|disregard|forget)\b.{0,30}\b(instructions|rules|prompt|brief)\b"
    ),
    re.compile(
        r"\b(show|reveal|print|repeat|tell me|what are)\b.{0,12}\byour "
        r"(instructions|rules|prompt|brief|checklist)\b"
    ),
)
_WANTS_IT_DONE = (
    re.compile(r"\b(write|draft|fill in|do)\b.{0,40}\bfor me\b"),
    re.compile(
        r"\b(just )?(tell|give|show) me (the |your )?"
        r"(answer|diagnosis|solution|fix|root cause|scope)\b"
    ),
    re.compile(r"\bwhat('s| is) the (answer|diagnosis|solution|root cause)\b"),
)


def practice_reply(lab: Mapping[str, Any], messages: Sequence[Mapping[str, Any]]) -> str:
    """Return the practice peer's next reply to ``messages`` in ``lab``.

    ``messages`` is the conversation so far (``role`` ``user``/``assistant``
    and ``content``); only the learner's messages count. With none, the
    reply is the lab's opening message.
    """
    peer = _Peer(lab)
    reply = str(lab.get("opening_message", ""))
    for message in messages:
        if isinstance(message, Mapping) and message.get("role") == "user":
            reply = peer.respond(str(message.get("content", "")))
    return reply


@record
class _Verdict:
    accepted: bool
    too_short: bool = False
    missing_number: bool = False
    bare_number: bool = False
    vague: str = ""


class _Peer:
    def __init__(self, lab: Mapping[str, Any]) -> None:
        self.lab = lab
        self.index = 0
        self.attempts = 0
        self.scenario: Mapping[str, Any] | None = None
        self.answers: dict[str, str] = {}

    @property
    def items(self) -> list[Mapping[str, Any]]:
        return _mappings(self.lab.get("checklist"))

    @property
    def scenarios(self) -> list[Mapping[str, Any]]:
        return _mappings(self.lab.get("scenarios"))

    def respond(self, text: str) -> str:
        said = _normalise(text)
        if _matches(_WANTS_BRIEF, said):
            return _join(KEEP_BRIEF, self._question())
        if _matches(_WANTS_IT_DONE, said):
            return _join(str(self.lab.get("refusal", "")), self._question())
        if self.index >= len(self.items):
            return AFTER_WRAP_UP
        if self._may_choose_scenario() and _hits(said, self.lab.get("scenario_triggers")):
            return self._start_scenario(said)
        return self._judge_answer(text, said)

    def _judge_answer(self, text: str, said: str) -> str:
        item = self._item(self.index)
        verdict = _judge(item, said, text)
        if not verdict.accepted:
            self.attempts += 1
            return self._trap_reply(said) or self._pushback(item, verdict)
        self.answers[str(item.get("label", item.get("id", "")))] = text.strip()
        ack = str(item.get("ack") or _ACKS[self.index % len(_ACKS)])
        self.index = self._next_index(self.index)
        self.attempts = 0
        if self.index >= len(self.items):
            return f"{ack}\n\n{self._wrap_up()}"
        return _join(ack, self._question())

    def _may_choose_scenario(self) -> bool:
        return bool(self.scenarios) and self.scenario is None and not self.answers

    def _start_scenario(self, said: str) -> str:
        scenario = self._pick_scenario(said)
        self.scenario = scenario
        self.index = self._next_index(-1)
        self.attempts = 0
        intro = f"Here's your scenario — {scenario.get('title', '')}.\n\n"
        return f"{intro}{str(scenario.get('brief', '')).strip()}\n\n{self._question()}"

    def _pick_scenario(self, said: str) -> Mapping[str, Any]:
        scenarios = self.scenarios
        for scenario in scenarios:
            if _hits(said, scenario.get("match")):
                return scenario
        for position, ordinal in enumerate(_ORDINALS[: len(scenarios)]):
            if ordinal.search(said):
                return scenarios[position]
        return scenarios[0]

    def _next_index(self, index: int) -> int:
        index += 1
        while (
            index < len(self.items)
            and self.scenario is not None
            and self.items[index].get("skip_with_scenario")
        ):
            index += 1
        return index

    def _item(self, index: int) -> Mapping[str, Any]:
        """The checklist item, with the chosen scenario's overrides applied."""
        item = self.items[index]
        if self.scenario is None:
            return item
        expect = self.scenario.get("expect")
        override = expect.get(item.get("id")) if isinstance(expect, Mapping) else None
        return {**item, **override} if isinstance(override, Mapping) else item

    def _question(self) -> str:
        if self.index >= len(self.items):
            return ""
        return str(self._item(self.index).get("ask", ""))

    def _trap_reply(self, said: str) -> str:
        if self.scenario is None:
            return ""
        item_id = self.items[self.index].get("id")
        for trap in _mappings(self.scenario.get("traps")):
            if trap.get("item", item_id) == item_id and _hits(said, trap.get("keywords")):
                return str(trap.get("reply", ""))
        return ""

    def _pushback(self, item: Mapping[str, Any], verdict: _Verdict) -> str:
        opener = ""
        if verdict.vague:
            no_number = " — there's no number in it" if verdict.missing_number else ""
            phrase = verdict.vague[:1].upper() + verdict.vague[1:]
            opener = f"“{phrase}” is too vague to hold you to{no_number}."
        elif verdict.missing_number:
            opener = "I don't see a number in that."
        elif verdict.bare_number:
            opener = "A number on its own isn't enough."
        elif verdict.too_short:
            opener = "That's too thin for me to work with."
        hint = str(item.get("hint", "")) if self.attempts >= 2 else ""
        still = "Still not there." if self.attempts >= 2 else ""
        return _join(still, opener, hint, str(item.get("pushback", "")))

    def _wrap_up(self) -> str:
        recap = "\n".join(
            f"- {label}: “{_shorten(answer)}”" for label, answer in self.answers.items()
        )
        return f"{str(self.lab.get('wrap_up', '')).strip()}\n\n{recap}".strip()


def _judge(item: Mapping[str, Any], said: str, text: str) -> _Verdict:
    rules = item.get("accept")
    rules = rules if isinstance(rules, Mapping) else {}
    keywords = _strings(rules.get("keywords"))
    needed = int(rules.get("min_keywords", 1 if keywords else 0))
    too_short = len(_WORD.findall(said)) < int(rules.get("min_words", 3))
    missing_number = bool(rules.get("number")) and not _NUMBER.search(said)
    too_few = len({word for word in keywords if _contains(said, word)}) < needed
    vague = next(
        (_quote(text, p) for p in _strings(item.get("vague")) if _normalise(p) in said), ""
    )
    accepted = not (too_short or missing_number or too_few)
    bare_number = bool(rules.get("number")) and too_few and not missing_number
    return _Verdict(accepted, too_short, missing_number, bare_number, vague)


def _quote(text: str, phrase: str) -> str:
    """``phrase`` as the learner typed it (their capitals and apostrophes)."""
    words = [re.escape(word).replace("'", "['\u2018\u2019]") for word in phrase.split()]
    found = re.search(r"\s+".join(words), text, re.IGNORECASE)
    return found.group(0) if found else phrase


def _normalise(text: str) -> str:
    curly = {ord("\u2018"): "'", ord("\u2019"): "'"}
    return " ".join(text.lower().translate(curly).split())


def _contains(said: str, keyword: str) -> bool:
    """Whether ``keyword`` starts a word in ``said`` (``classif`` finds *classifier*)."""
    return re.search(r"(?<!\w)" + re.escape(_normalise(keyword)), said) is not None


def _hits(said: str, keywords: Any) -> bool:
    return any(_contains(said, word) for word in _strings(keywords))


def _matches(patterns: Sequence[re.Pattern[str]], said: str) -> bool:
    return any(pattern.search(said) for pattern in patterns)


def _strings(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list | tuple) else []


def _mappings(value: Any) -> list[Mapping[str, Any]]:
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list | tuple) else []


def _shorten(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _QUOTE_CHARS else flat[: _QUOTE_CHARS - 1].rstrip() + "…"


def _join(*parts: str) -> str:
    return " ".join(part.strip() for part in parts if part and part.strip())
