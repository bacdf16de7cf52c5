"""Keeping secrets (the provider's key, the signing secret) out of every log line.

:class:`Redactor` removes a secret from text in every form it takes in a log
line — as it is, escaped the way ``repr``, JSON, ``bytes`` reprs and URLs
escape it — and removes any run of :data:`MIN_FRAGMENT` or more characters
of those forms, so a secret cut in two by a truncation, or split by an
escaped control character, is still caught.

:func:`install_log_redaction` puts one :class:`RedactingFilter` on the root
logger and on uvicorn's, httpx's and httpcore's loggers (and their handlers).
Python applies a logger's filters only to records logged on that very logger,
and handlers come and go (uvicorn's ``dictConfig``, pytest's capture), so the
same filter also runs as each record is created: every record from every
logger is redacted before any handler formats, truncates or writes it.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote

__all__ = ["MIN_FRAGMENT", "REDACTED", "RedactingFilter", "Redactor", "install_log_redaction"]

#: The shortest run of a secret's characters that is removed wherever it appears.
MIN_FRAGMENT = 8
REDACTED = "[redacted]"
#: The loggers the filter is attached to (with their handlers).
LOGGERS = ("", "uvicorn", "uvicorn.error", "uvicorn.access", "httpx", "httpcore", "labs_worker")


def _forms(secret: str) -> set[str]:
    """The ways ``secret`` can be spelled in a log line."""
    escaped = repr(secret)[1:-1]
    return {
        secret,
        escaped,
        repr(escaped)[1:-1],  # escaped twice: a repr inside a repr
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
        repr(secret.encode("utf-8", "surrogatepass"))[2:-1],
        quote(secret, safe=""),
    } - {""}


class Redactor:
    """Removes the given secrets from text, in whole and in fragments."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._lock = threading.Lock()
        self._whole: tuple[str, ...] = ()
        self._grams: frozenset[str] = frozenset()
        self.add(*secrets)

    def add(self, *secrets: str) -> None:
        """Redact ``secrets`` too (empty strings are ignored)."""
        whole = set(self._whole)
        grams = set(self._grams)
        for secret in secrets:
            if not secret:
                continue
            for form in _forms(secret):
                whole.add(form)
                grams.update(form[i : i + MIN_FRAGMENT]
                             for i in range(len(form) - MIN_FRAGMENT + 1))
        with self._lock:
            # Longest first, so a form is never left half-replaced by a shorter one.
            self._whole = tuple(sorted(whole, key=len, reverse=True))
            self._grams = frozenset(grams)

    def __bool__(self) -> bool:
        return bool(self._whole)

    def redact(self, text: str) -> str:
        """``text`` with every secret form and every fragment of 8+ characters replaced."""
        if not self._whole or not text:
            return text
        grams = self._grams
        spans: list[list[int]] = []
        for start in range(len(text) - MIN_FRAGMENT + 1):
            if text[start : start + MIN_FRAGMENT] in grams:
                end = start + MIN_FRAGMENT
                if spans and start <= spans[-1][1]:
                    spans[-1][1] = end
                else:
                    spans.append([start, end])
        if spans:
            pieces, last = [], 0
            for start, end in spans:
                pieces += [text[last:start], REDACTED]
                last = end
            text = "".join([*pieces, text[last:]])
        for form in self._whole:  # forms shorter than a fragment
            text = text.replace(form, REDACTED)
        return text


class RedactingFilter(logging.Filter):
    """Rewrites a log record so that no secret reaches a handler; never drops one."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redactor = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact the message, its arguments, the traceback and the stack."""
        if not self.redactor:
            return True
        redact = self.redactor.redact
        if not isinstance(record.msg, str) or redact(record.msg) != record.msg:
            record.msg = redact(str(record.msg))
        if isinstance(record.args, Mapping):
            record.args = {key: self._arg(value) for key, value in record.args.items()}
        elif record.args:
            record.args = tuple(self._arg(value) for value in record.args)
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a bad format string: keep what can be shown
            message = f"{record.msg} {record.args!r}"
        if redact(message) != message:  # a secret assembled from several arguments
            record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True

    def _arg(self, value: Any) -> Any:
        """An argument as it is when it shows no secret, else its redacted text."""
        if isinstance(value, int | float) or value is None:
            return value
        redact = self.redactor.redact
        if isinstance(value, str):
            return redact(value)
        shown, spelled = str(value), repr(value)
        if redact(shown) == shown and redact(spelled) == spelled:
            return value
        return redact(shown)


_REDACTOR = Redactor()
_FILTER = RedactingFilter(_REDACTOR)
_installed = False
_install_lock = threading.Lock()


def install_log_redaction(*secrets: str) -> RedactingFilter:
    """Redact ``secrets`` from every log record in this process; returns the one filter.

    Safe to call again (each app adds its own secrets); the filter is attached
    and the record factory wrapped only once.
    """
    global _installed
    _REDACTOR.add(*secrets)
    with _install_lock:
        for name in LOGGERS:
            logger = logging.getLogger(name)
            if _FILTER not in logger.filters:
                logger.addFilter(_FILTER)
            for handler in logger.handlers:
                if _FILTER not in handler.filters:
                    handler.addFilter(_FILTER)
        if not _installed:
            make_record = logging.getLogRecordFactory()

            def redacted_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
                record = make_record(*args, **kwargs)
                _FILTER.filter(record)
                return record

            logging.setLogRecordFactory(redacted_record)
            _installed = True
    return _FILTER
