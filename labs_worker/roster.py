"""The roster: every credential the worker issued, in a real database (SQLAlchemy 2).

``LABS_CREDENTIALS_DB`` is any SQLAlchemy URL: an SQLite file by default
(``sqlite:///labs-credentials.sqlite3``, in the working folder), PostgreSQL
with ``postgresql+psycopg://user:password@host/dbname``. The table
(``labs_credentials``) is created when missing. It holds no e-mail address,
only Open Badges' salted hash of it, and the client's address group as the
rate limits count it (an IPv4 address or an IPv6 /64).

The calls are synchronous (SQLAlchemy's engine); the worker runs them in a
thread (``anyio.to_thread``) so the event loop never waits on the database.
"""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    func,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import StaticPool

from quiz_engine.credentials.status_list import list_size

__all__ = ["IndexTaken", "Roster", "RosterEntry", "open_roster"]

#: Seconds to wait for a database server (or a free pooled connection) before failing.
CONNECT_TIMEOUT = 10

metadata = MetaData()

credentials_table = Table(
    "labs_credentials",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("status_index", Integer, nullable=False, unique=True),
    Column("name", String(100), nullable=False),
    Column("email_hash", String(80), nullable=True),
    Column("email_salt", String(64), nullable=True),
    Column("test_id", String(64), nullable=False),
    Column("score", Integer, nullable=False),
    Column("total", Integer, nullable=False),
    Column("content_version", String(32), nullable=False),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("client_group", String(64), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)


class IndexTaken(Exception):
    """Another credential already holds that status-list index (pick another)."""


@dataclass(frozen=True)
class RosterEntry:
    """One issued credential, as the roster keeps it."""

    id: str
    status_index: int
    name: str
    email_hash: str | None
    email_salt: str | None
    test_id: str
    score: int
    total: int
    content_version: str
    issued_at: datetime
    client_group: str
    revoked_at: datetime | None = None


def _utc(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes: they were stored in UTC."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class Roster:
    """The credentials table behind one SQLAlchemy engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        metadata.create_all(engine)

    def add(self, entry: RosterEntry) -> None:
        """Record ``entry``; :class:`IndexTaken` if its status index is in use."""
        try:
            with self.engine.begin() as connection:
                connection.execute(credentials_table.insert().values(**asdict(entry)))
        except IntegrityError:
            if self.get(entry.id) is not None:
                raise
            raise IndexTaken(entry.status_index) from None

    def count(self) -> int:
        """How many credentials were issued."""
        with self.engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(
                credentials_table)).scalar_one())

    def pick_index(self) -> int:
        """A random free status-list index (random, so an index says nothing of its holder)."""
        size = list_size(self.count() + 1)
        with self.engine.connect() as connection:
            for _ in range(64):
                index = secrets.randbelow(size)
                taken = connection.execute(select(credentials_table.c.id).where(
                    credentials_table.c.status_index == index)).first()
                if taken is None:
                    return index
        raise IndexTaken("no free index found")  # at most half full: vanishingly unlikely

    def revoked_indices(self) -> tuple[list[int], int]:
        """The status indices of revoked credentials, and the list size to publish."""
        table = credentials_table
        with self.engine.connect() as connection:
            revoked = connection.execute(select(table.c.status_index).where(
                table.c.revoked_at.is_not(None))).scalars().all()
            highest = connection.execute(select(func.max(table.c.status_index))).scalar()
        size = list_size(self.count())
        while highest is not None and highest >= size:
            size *= 2
        return [int(index) for index in revoked], size

    def get(self, credential_id: str) -> RosterEntry | None:
        """The entry with ``credential_id`` (``urn:uuid:…`` or the bare uuid), or ``None``."""
        wanted = credential_id if credential_id.startswith("urn:") else f"urn:uuid:{credential_id}"
        with self.engine.connect() as connection:
            row = connection.execute(select(credentials_table).where(
                credentials_table.c.id == wanted)).first()
        return None if row is None else _entry(row._mapping)

    def entries(self) -> Iterator[RosterEntry]:
        """Every entry, oldest first."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(credentials_table).order_by(
                credentials_table.c.issued_at, credentials_table.c.id)).all()
        for row in rows:
            yield _entry(row._mapping)

    def revoke(self, credential_id: str, when: datetime) -> RosterEntry | None:
        """Mark a credential revoked at ``when`` (kept if it already was); ``None`` if unknown."""
        entry = self.get(credential_id)
        if entry is None:
            return None
        if entry.revoked_at is None:
            with self.engine.begin() as connection:
                connection.execute(update(credentials_table).where(
                    credentials_table.c.id == entry.id,
                    credentials_table.c.revoked_at.is_(None)).values(revoked_at=when))
        return self.get(entry.id)

    def to_csv(self) -> str:
        """The whole roster as CSV, with a header row."""
        out = io.StringIO()
        names = [f.name for f in fields(RosterEntry)]
        writer = csv.DictWriter(out, fieldnames=names, lineterminator="\n")
        writer.writeheader()
        for entry in self.entries():
            row = asdict(entry)
            for name in ("issued_at", "revoked_at"):
                row[name] = row[name].isoformat() if row[name] else ""
            writer.writerow(row)
        return out.getvalue()

    def close(self) -> None:
        """Let go of the engine's connections (an in-memory database is kept: it would vanish)."""
        if not isinstance(self.engine.pool, StaticPool):
            self.engine.dispose()


def _entry(row: object) -> RosterEntry:
    values = dict(row)  # type: ignore[call-overload]
    values["issued_at"] = _utc(values["issued_at"])
    values["revoked_at"] = _utc(values["revoked_at"])
    return RosterEntry(**values)


def open_roster(url: str) -> Roster:
    """The roster at the SQLAlchemy ``url`` (its table created if missing).

    ``sqlite://`` (no file) is a database in this process's memory, shared by
    its threads: for tests.
    """
    if url.startswith("sqlite"):
        options: dict[str, object] = {"connect_args": {"check_same_thread": False,
                                                       "timeout": 15}}
        if url in ("sqlite://", "sqlite:///:memory:"):
            options["poolclass"] = StaticPool
        return Roster(create_engine(url, **options))
    options = {"connect_args": {"connect_timeout": CONNECT_TIMEOUT}} \
        if url.startswith("postgresql") else {}
    return Roster(create_engine(url, pool_pre_ping=True, pool_timeout=CONNECT_TIMEOUT,
                                **options))
