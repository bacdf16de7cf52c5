"""Limits the browser and the labs worker must agree on: defined once, here.

The build writes them into every page's configuration block
(:mod:`quiz_engine.site.page_config`); the labs worker checks requests
against them (:mod:`labs_worker.settings`, :mod:`labs_worker.credential_request`).
"""

from __future__ import annotations

__all__ = ["CERTIFICATE_NAME_MAX_CHARS", "LAB_MESSAGE_MAX_CHARS"]

#: The longest single message a learner may send in a lab chat.
LAB_MESSAGE_MAX_CHARS = 2_000
#: The longest name (after trimming) a completion certificate may carry.
CERTIFICATE_NAME_MAX_CHARS = 100
