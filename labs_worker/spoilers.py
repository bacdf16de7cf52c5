"""Keeping a persona's scenario answers out of an LLM's replies.

Labs 2 to 4 hand out scenarios whose answers sit in the system prompt, marked
secret — but a model can be talked into repeating them. :class:`SpoilerGuard`
holds each scenario's answer (from the persona files, on the server) and
says whether a reply so far comes close: it shares at least
:data:`MATCHES_TO_FLAG` runs of :data:`SHINGLE` words with an answer, not
counting runs that also occur in the scenario's brief (which the peer may
quote). While a reply streams, :meth:`SpoilerGuard.safe_length` tells the
relay how much of it can go out: everything but an answer's phrase seen in
the last :data:`HOLD_BACK` characters and trailing words that could begin
one. So ordinary text streams at once, and a reply flagged mid-way is cut
before the giveaway reaches the learner, ending with :data:`NUDGE` instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from quiz_engine.content.persona import Persona

__all__ = ["HOLD_BACK", "MATCHES_TO_FLAG", "NUDGE", "SHINGLE", "SpoilerGuard"]

SHINGLE = 4
MATCHES_TO_FLAG = 3
#: How far back an answer's phrase keeps the text from it onwards waiting.
HOLD_BACK = 200
NUDGE = (
    "I was about to hand you the answer — but you'll get much more out of finding it "
    "yourself. Go back to the brief: what is the first thing you would check, and why?"
)
_WORD = re.compile(r"\w+")


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


class SpoilerGuard:
    """Flags text that comes close to one of the answers it holds."""

    def __init__(self, answers: Iterable[tuple[str, str]]) -> None:
        """``answers``: ``(answer, brief)`` pairs; the brief's own phrases don't count."""
        self._answers = [
            marks for answer, brief in answers if (marks := _shingles(answer) - _shingles(brief))
        ]
        self._phrases = set().union(*self._answers)
        self._beginnings = {phrase[:k] for phrase in self._phrases for k in range(1, SHINGLE)}

    @classmethod
    def for_persona(cls, persona: Persona) -> SpoilerGuard | None:
        """The guard for a persona's scenarios, or ``None`` when it has none."""
        if not persona.scenarios:
            return None
        return cls((s.answer, f"{s.title}\n{s.brief}") for s in persona.scenarios)

    def safe_length(self, text: str) -> int:
        """How many characters of ``text`` can be sent now, before more text arrives."""
        words = [(match.start(), match.group().lower()) for match in _WORD.finditer(text)]
        recent = len(text) - HOLD_BACK
        for i in range(len(words) - SHINGLE + 1):
            start = words[i][0]
            if start >= recent and tuple(w for _, w in words[i : i + SHINGLE]) in self._phrases:
                return start
        for k in range(min(SHINGLE - 1, len(words)), 0, -1):
            if tuple(w for _, w in words[-k:]) in self._beginnings:
                return words[-k][0]
        return len(text)

    def spoils(self, text: str) -> bool:
        """Whether ``text`` reveals one of the answers."""
        seen = _shingles(text)
        return any(
            len(seen & marks) >= min(MATCHES_TO_FLAG, len(marks)) for marks in self._answers
        )
