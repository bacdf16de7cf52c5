"""The offline practice peer, standard library only (it also runs in Pyodide).

``practice_reply(lab, messages)`` takes a persona as a plain dict (the shape
of ``labs_worker/personas/lab-*.yml``, without the system prompt) and the
conversation so far, and returns the peer's next reply. The labs worker
serves it as its offline provider; the browser runs it when no worker is
reachable.
"""

from .peer import AFTER_WRAP_UP, KEEP_BRIEF, practice_reply

__all__ = ["AFTER_WRAP_UP", "KEEP_BRIEF", "practice_reply"]
