"""Limits the browser and the labs worker must agree on: defined once, here.

The build writes them into every page's configuration block
(:mod:`quiz_engine.site.page_config`); the labs worker uses them as its
defaults (:mod:`labs_worker.settings`).
"""

from __future__ import annotations

__all__ = ["LAB_MESSAGE_MAX_CHARS"]

#: The longest single message a learner may send in a lab chat.
LAB_MESSAGE_MAX_CHARS = 2_000
