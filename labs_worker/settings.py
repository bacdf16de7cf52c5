"""The labs worker's settings: one frozen record, read from ``LABS_*`` variables.

Nothing is read at import time: :meth:`Settings.from_env` takes the mapping
to read (``os.environ`` locally, the per-request ``env`` on Cloudflare).

================================  =================================================
variable                       meaning (default)
================================  =================================================
``LABS_PROVIDER``                 ``practice`` (offline, the default), ``openai``
                                  (any OpenAI-compatible chat-completions server)
                                  or ``anthropic``
``LABS_MODEL``                    model name; required for ``openai``/``anthropic``
``LABS_BASE_URL``                 API root: ``https://api.openai.com/v1`` for
                                  ``openai`` (Groq, OpenRouter, Together, Ollama
                                  ``http://127.0.0.1:11434/v1``, vLLM, llama.cpp
                                  server …), ``https://api.anthropic.com`` for
                                  ``anthropic``
``LABS_API_KEY``                  the provider's key (a secret: never logged,
                                  never sent to a browser); required for
                                  ``anthropic``, optional for local servers
``LABS_ORIGINS``                  comma-separated site origins allowed by CORS
                                  (``http://127.0.0.1:8000,http://localhost:8000``)
``LABS_PERSONAS_DIR``             folder of ``lab-*.yml`` persona files (the ones
                                  shipped in ``labs_worker/personas``)
``LABS_MAX_BODY_BYTES``           largest request body (32768)
``LABS_MAX_TURNS``                most learner messages in one conversation (30)
``LABS_MAX_REPLY_TOKENS``         ``max_tokens`` asked of the provider; the reply
                                  stream is also cut past about 6 characters per
                                  token (500)
``LABS_CLIENT_RPM``               chat requests in any minute per client: an IPv4
                                  address or an IPv6 /64 (12)
``LABS_CONVERSATION_RPM``         chat requests in any minute per conversation (6)
``LABS_GLOBAL_RPM``               chat requests in any minute for the whole worker,
                                  all its processes when they share a store (300)
``LABS_DAILY_TOKEN_BUDGET``       tokens (input + output) the provider may spend
                                  per UTC day; counted from the provider's usage
                                  figures, or estimated at one token per UTF-8
                                  byte when it reports none or absurd ones (300000)
``LABS_CLIENT_BUDGET_PERCENT``    the share of the day's budget one client may
                                  use, in percent (5)
``LABS_STORE``                    where the limits live: empty for this process's
                                  memory, or ``redis://host:6379/0`` (also
                                  ``rediss://``, ``unix://``) to share them
                                  between processes and hosts
``LABS_STORE_PREFIX``             prefix of the worker's Redis keys (``labs:``)
``LABS_CONNECT_TIMEOUT``          seconds to connect to the provider (5)
``LABS_STALL_TIMEOUT``            seconds the provider may go silent mid-reply (20)
``LABS_TOTAL_TIMEOUT``            seconds one reply may take in all (90)
``LABS_CLIENT_IP_HEADER``         header carrying the client IP behind a proxy,
                                  e.g. ``cf-connecting-ip`` or ``x-forwarded-for``;
                                  empty: the socket peer. Read only from the
                                  proxies in ``LABS_TRUSTED_PROXIES``
``LABS_TRUSTED_PROXIES``          comma-separated addresses or networks of the
                                  proxies whose client header is believed
                                  (``10.0.0.0/8,::1``); ``*`` trusts the last
                                  entry from anyone (Cloudflare, where no request
                                  bypasses the edge). Required with
                                  ``LABS_CLIENT_IP_HEADER``; empty by default
``LABS_BODY_TIMEOUT``             seconds a client may take to send its request
                                  body (10)
``LABS_MAX_CONCURRENT``           chat requests one process serves at once,
                                  streams included; past it, 503 (500)
``LABS_SIGNING_SECRET``           a secret (32+ characters) to sign the peer's
                                  replies with, so a transcript sent back can't
                                  put words in its mouth; empty: not signed.
                                  Generate one with ``python -c "import secrets;
                                  print(secrets.token_urlsafe(32))"``
``LABS_PRACTICE_DELAY_MS``        pause between the practice peer's chunks, so the
                                  offline reply streams visibly (15)
``LABS_CREDENTIAL_KEY``           the private Ed25519 JWK (its JSON text) completion
                                  credentials are signed with; a secret, made by
                                  ``python -m labs_worker keygen``. Empty (and no
                                  key file): no credentials are issued
``LABS_CREDENTIAL_KEY_FILE``      a file holding that JWK instead (mode 0600)
``LABS_CREDENTIALS_DB``           the roster of issued credentials: an SQLAlchemy
                                  URL (``sqlite:///labs-credentials.sqlite3``, a
                                  file in the working folder; or e.g.
                                  ``postgresql+psycopg://user@host/db``)
``LABS_CREDENTIAL_DAYS``          how long a credential is valid, in days (3650)
``LABS_CREDENTIAL_RPM``           credential requests in any minute per client (4)
``LABS_PUBLIC_URL``               the worker's public URL: the credentials' issuer
                                  id and where their keys and status list live;
                                  empty: the URL each request was sent to
``LABS_ISSUER_NAME``              the issuer's name on credentials (``Module 8
                                  course``)
``LABS_ISSUER_URL``               the issuer's home page (the public URL)
``LABS_COURSE_NAME``              the course's name on credentials (``Module 8 —
                                  Build Your First Deep Learning Project``)
``LABS_DOCS_DIR``                 the course's ``docs`` folder, whose ``test.yml``
                                  and ``quiz.yml`` files the worker grades
                                  credential requests against (the repository's
                                  ``docs/``)
================================  =================================================

The longest single message a learner may send (2000 characters) is no
variable: the chat on every page enforces the same cap, written into the
page by the site's build, so both read ``quiz_engine/core/limits.py``.
"""

from __future__ import annotations

import dataclasses
import difflib
import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from quiz_engine.core.errors import CourseError
from quiz_engine.core.limits import LAB_MESSAGE_MAX_CHARS
from quiz_engine.credentials.credential import COURSE_NAME

__all__ = ["PROVIDERS", "Settings"]

PROVIDERS = ("practice", "openai", "anthropic")

_DEFAULT_BASE_URLS = {
    "openai": "https://api.openai.com/v1",
    "anthropic": "https://api.anthropic.com",
}


def _env(name: str, *, zero_ok: bool = False) -> dict[str, object]:
    return {"env": name, "zero_ok": zero_ok}


def _fixed() -> dict[str, object]:
    """A setting no environment variable changes (the tests may still give it another value)."""
    return {"env": None, "zero_ok": False}


#: Names that look like settings but are not, and what to do instead.
_NOT_SETTINGS = {
    "LABS_MAX_MESSAGE_CHARS": (
        "not a setting of the worker: the chat on every page enforces the same cap, which the "
        "site's build writes into the page",
        "change LAB_MESSAGE_MAX_CHARS in quiz_engine/core/limits.py, then rebuild the site "
        "and restart the worker",
    ),
}


@dataclass(frozen=True)
class Settings:
    """Everything the worker can be configured with; validated on creation."""

    provider: str = field(default="practice", metadata=_env("LABS_PROVIDER"))
    model: str = field(default="", metadata=_env("LABS_MODEL"))
    base_url: str = field(default="", metadata=_env("LABS_BASE_URL"))
    # repr=False: the key must not reach a log line through a repr.
    api_key: str = field(default="", repr=False, metadata=_env("LABS_API_KEY"))
    allowed_origins: tuple[str, ...] = field(
        default=("http://127.0.0.1:8000", "http://localhost:8000"),
        metadata=_env("LABS_ORIGINS"),
    )
    personas_dir: str = field(default="", metadata=_env("LABS_PERSONAS_DIR"))
    max_body_bytes: int = field(default=32_768, metadata=_env("LABS_MAX_BODY_BYTES"))
    # The longest single message: the chat on every page enforces the same cap (the build
    # writes it into the page), so it is one number for both (quiz_engine/core/limits.py).
    max_message_chars: int = field(default=LAB_MESSAGE_MAX_CHARS, metadata=_fixed())
    max_turns: int = field(default=30, metadata=_env("LABS_MAX_TURNS"))
    max_reply_tokens: int = field(default=500, metadata=_env("LABS_MAX_REPLY_TOKENS"))
    client_rpm: int = field(default=12, metadata=_env("LABS_CLIENT_RPM"))
    conversation_rpm: int = field(default=6, metadata=_env("LABS_CONVERSATION_RPM"))
    global_rpm: int = field(default=300, metadata=_env("LABS_GLOBAL_RPM"))
    daily_token_budget: int = field(default=300_000, metadata=_env("LABS_DAILY_TOKEN_BUDGET"))
    client_budget_percent: float = field(
        default=5.0, metadata=_env("LABS_CLIENT_BUDGET_PERCENT")
    )
    store: str = field(default="", metadata=_env("LABS_STORE"))
    store_prefix: str = field(default="labs:", metadata=_env("LABS_STORE_PREFIX"))
    connect_timeout: float = field(default=5.0, metadata=_env("LABS_CONNECT_TIMEOUT"))
    stall_timeout: float = field(default=20.0, metadata=_env("LABS_STALL_TIMEOUT"))
    total_timeout: float = field(default=90.0, metadata=_env("LABS_TOTAL_TIMEOUT"))
    client_ip_header: str = field(default="", metadata=_env("LABS_CLIENT_IP_HEADER"))
    trusted_proxies: tuple[str, ...] = field(default=(), metadata=_env("LABS_TRUSTED_PROXIES"))
    body_timeout: float = field(default=10.0, metadata=_env("LABS_BODY_TIMEOUT"))
    max_concurrent: int = field(default=500, metadata=_env("LABS_MAX_CONCURRENT"))
    # repr=False, like the key: a secret.
    signing_secret: str = field(default="", repr=False, metadata=_env("LABS_SIGNING_SECRET"))
    practice_delay_ms: int = field(
        default=15, metadata=_env("LABS_PRACTICE_DELAY_MS", zero_ok=True)
    )
    # repr=False: the private key is a secret.
    credential_key: str = field(default="", repr=False, metadata=_env("LABS_CREDENTIAL_KEY"))
    credential_key_file: str = field(default="", metadata=_env("LABS_CREDENTIAL_KEY_FILE"))
    credentials_db: str = field(
        default="sqlite:///labs-credentials.sqlite3", repr=False,
        metadata=_env("LABS_CREDENTIALS_DB"),
    )
    credential_days: int = field(default=3650, metadata=_env("LABS_CREDENTIAL_DAYS"))
    credential_rpm: int = field(default=4, metadata=_env("LABS_CREDENTIAL_RPM"))
    public_url: str = field(default="", metadata=_env("LABS_PUBLIC_URL"))
    issuer_name: str = field(default="Module 8 course", metadata=_env("LABS_ISSUER_NAME"))
    issuer_url: str = field(default="", metadata=_env("LABS_ISSUER_URL"))
    course_name: str = field(default=COURSE_NAME, metadata=_env("LABS_COURSE_NAME"))
    docs_dir: str = field(default="", metadata=_env("LABS_DOCS_DIR"))

    def __post_init__(self) -> None:
        self._check_provider()
        self._check_numbers()
        for origin in self.allowed_origins:
            _check_origin(origin)
        if self.base_url:
            _check_url(self.base_url)
        self._check_credentials()
        _check_store(self.store)
        if self.signing_secret and len(self.signing_secret) < 32:
            raise CourseError(
                f"is {len(self.signing_secret)} characters; a signing secret needs at least 32",
                key="LABS_SIGNING_SECRET",
                fix='generate one: python -c "import secrets; print(secrets.token_urlsafe(32))"',
            )
        self._check_proxies()
        if self.client_budget_percent > 100:
            raise CourseError(
                f"must be at most 100, got {self.client_budget_percent}",
                key="LABS_CLIENT_BUDGET_PERCENT",
                fix="give the percentage of the day's budget one client may use, e.g. 5",
            )

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        """Build settings from ``LABS_*`` entries of ``env``; others are ignored.

        An unknown ``LABS_*`` name is an error (it is almost always a typo).
        """
        by_env = {str(f.metadata["env"]): f for f in dataclasses.fields(cls) if f.metadata["env"]}
        values: dict[str, Any] = {}
        for name, raw in env.items():
            if not name.startswith("LABS_"):
                continue
            if name in _NOT_SETTINGS:
                problem, fix = _NOT_SETTINGS[name]
                raise CourseError(problem, key=name, fix=fix)
            spec = by_env.get(name)
            if spec is None:
                close = difflib.get_close_matches(name, list(by_env), n=1)
                hint = f"did you mean {close[0]}?" if close else "see labs_worker/settings.py"
                raise CourseError("unknown setting", key=name, fix=hint)
            values[spec.name] = _parse(name, str(spec.type), raw)
        return cls(**values)

    def secrets(self) -> tuple[str, ...]:
        """The values that must never reach a log line or a response.

        The credential key's private part (``d``) is added by ``create_app``
        once the key is read (it may come from a file).
        """
        store_password = urlsplit(self.store).password or ""
        db_password = _url_password(self.credentials_db)
        values = (self.api_key, self.signing_secret, store_password, db_password)
        return tuple(value for value in values if value)

    @property
    def credentials_on(self) -> bool:
        """Whether a credential key is configured (``POST /v1/credentials`` is on)."""
        return bool(self.credential_key or self.credential_key_file)

    def _check_credentials(self) -> None:
        if self.credential_key and self.credential_key_file:
            raise CourseError(
                "both LABS_CREDENTIAL_KEY and LABS_CREDENTIAL_KEY_FILE are set",
                key="LABS_CREDENTIAL_KEY_FILE",
                fix="set only one: the key's JSON text, or the path of a file holding it",
            )
        for name, url in (("LABS_PUBLIC_URL", self.public_url),
                          ("LABS_ISSUER_URL", self.issuer_url)):
            if url:
                _check_url(url, key=name, example="https://labs.example.org")
        if "://" not in self.credentials_db:
            raise CourseError(
                f"{self.credentials_db!r} is not a database URL",
                key="LABS_CREDENTIALS_DB",
                fix="e.g. sqlite:///labs-credentials.sqlite3 or "
                "postgresql+psycopg://user@host/dbname",
            )

    @property
    def upstream_url(self) -> str:
        """The provider's API root, with the provider's default filled in."""
        return (self.base_url or _DEFAULT_BASE_URLS.get(self.provider, "")).rstrip("/")

    @property
    def max_reply_chars(self) -> int:
        """Where the worker cuts a reply stream the provider did not stop."""
        return self.max_reply_tokens * 6

    def _check_provider(self) -> None:
        if self.provider not in PROVIDERS:
            raise CourseError(
                f"unknown provider {self.provider!r}",
                key="LABS_PROVIDER",
                fix=f"use one of {', '.join(PROVIDERS)}",
            )
        if self.provider != "practice" and not self.model:
            raise CourseError(
                f"a model is required for the {self.provider} provider",
                key="LABS_MODEL",
                fix="set it to a model your provider serves, e.g. gpt-4o-mini or llama3.1:8b",
            )
        bad = next((n for n, c in enumerate(self.api_key) if not "!" <= c <= "~"), None)
        if bad is not None:
            raise CourseError(
                f"the key has a space, a control or a non-ASCII character at position {bad}, "
                "which can't be sent in an HTTP header",
                key="LABS_API_KEY",
                fix="copy the key again, without quotes or line breaks",
            )
        if self.provider == "anthropic" and not self.api_key:
            raise CourseError(
                "the anthropic provider needs an API key",
                key="LABS_API_KEY",
                fix="set LABS_API_KEY (a secret: on Cloudflare use `wrangler secret put`)",
            )

    def _check_proxies(self) -> None:
        for entry in self.trusted_proxies:
            if entry == "*":
                continue
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise CourseError(
                    f"{entry!r} is not an IP address or network",
                    key="LABS_TRUSTED_PROXIES",
                    fix="e.g. 10.0.0.0/8,127.0.0.1 — or * on Cloudflare",
                ) from None
        if self.client_ip_header and not self.trusted_proxies:
            raise CourseError(
                "a client IP header is set, but no proxy is trusted to send it",
                key="LABS_TRUSTED_PROXIES",
                fix="set it to your proxy's address (e.g. 127.0.0.1), or * where every request "
                "comes through the platform's edge (Cloudflare); anyone else could pick "
                "their own rate limit by sending the header",
            )

    def _check_numbers(self) -> None:
        for spec in dataclasses.fields(self):
            value = getattr(self, spec.name)
            if not isinstance(value, int | float):
                continue
            if value < 0 or (value == 0 and not spec.metadata["zero_ok"]):
                least = "0 or more" if spec.metadata["zero_ok"] else "greater than 0"
                raise CourseError(
                    f"must be {least}, got {value}",
                    key=str(spec.metadata["env"] or spec.name),
                    fix="use a positive number",
                )


def _parse(name: str, kind: str, raw: str) -> Any:
    text = raw.strip()
    try:
        if kind == "int":
            return int(text)
        if kind == "float":
            return float(text)
    except ValueError:
        raise CourseError(
            f"{raw!r} is not a number", key=name, fix=f"set {name} to a {kind}"
        ) from None
    if kind == "tuple[str, ...]":
        parts = (part.strip() for part in text.split(","))
        if name == "LABS_ORIGINS":
            parts = (part.rstrip("/") for part in parts)
        return tuple(part for part in parts if part)
    return text


def _check_origin(origin: str) -> None:
    if origin == "*":
        return
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
        raise CourseError(
            f"{origin!r} is not an origin",
            key="LABS_ORIGINS",
            fix="write scheme://host[:port] with no path, e.g. https://me.github.io",
        )


def _check_store(store: str) -> None:
    if store in ("", "memory", "memory://"):
        return
    parts = urlsplit(store)
    if parts.scheme not in ("redis", "rediss", "unix") or not (parts.netloc or parts.path):
        raise CourseError(
            "is neither empty (memory) nor a Redis URL",
            key="LABS_STORE",
            fix="e.g. redis://127.0.0.1:6379/0, or leave it empty for this process's memory",
        )


def _check_url(
    url: str, *, key: str = "LABS_BASE_URL",
    example: str = "https://api.openai.com/v1 or http://127.0.0.1:11434/v1",
) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise CourseError(f"{url!r} is not an http(s) URL", key=key, fix=f"e.g. {example}")


def _url_password(url: str) -> str:
    try:
        return urlsplit(url).password or ""
    except ValueError:
        return ""
