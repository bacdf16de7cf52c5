"""The roster in a real database: SQLite always, PostgreSQL when a server can be had."""

from __future__ import annotations

import itertools
import json
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from worker_helpers import practice_settings

from labs_worker.app import create_app
from labs_worker.credential_request import GradingContent, default_docs_dir
from labs_worker.roster import IndexTaken, RosterEntry, open_roster
from quiz_engine.credentials.keys import generate_private_jwk
from quiz_engine.credentials.status_list import MIN_BITS

ROOT = Path(__file__).parents[2]
TEST = GradingContent.load(default_docs_dir()).tests["module-test"]
_numbers = itertools.count()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _postgres_bin() -> Path:
    """PostgreSQL's server programs, found or installed by scripts/ensure-postgres.sh."""
    found = subprocess.run([str(ROOT / "scripts" / "ensure-postgres.sh")], capture_output=True,
                           text=True, timeout=900, check=False)
    path = found.stdout.strip()
    if found.returncode != 0 or not path:
        pytest.skip("no PostgreSQL server on this machine, and it could not be installed "
                    f"(scripts/ensure-postgres.sh: {found.stderr.strip()[-300:]})")
    return Path(path)


def _as_server_user() -> tuple[list[str], int | None, int | None]:
    """How to run the server programs: initdb refuses root, so root runs them as `postgres`."""
    if os.geteuid() != 0:
        return [], None, None
    try:
        user = pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("running as root, and there is no `postgres` user to run the server as")
    runuser = shutil.which("runuser")
    if runuser is None:
        pytest.skip("running as root, and there is no runuser to start the server as postgres")
    return [runuser, "-u", "postgres", "--"], user.pw_uid, user.pw_gid


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server on a free loopback port, in a throwaway folder."""
    binaries = _postgres_bin()
    prefix, uid, gid = _as_server_user()
    folder = Path(tempfile.mkdtemp(prefix="labs-postgres-"))
    if uid is not None and gid is not None:
        os.chown(folder, uid, gid)
    data, log, port = folder / "data", folder / "server.log", _free_port()

    def run(*command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*prefix, *command], capture_output=True, text=True,
                              timeout=120, check=False)

    made = run(str(binaries / "initdb"), "-D", str(data), "-U", "roster", "-A", "trust",
               "-E", "UTF8", "--no-sync")
    if made.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.fail(f"initdb failed:\n{made.stdout}{made.stderr}")
    options = f"-p {port} -h 127.0.0.1 -k {folder} -c fsync=off"
    started = run(str(binaries / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options,
                  "-w", "-t", "60", "start")
    try:
        if started.returncode != 0:
            text = log.read_text() if log.exists() else ""
            pytest.fail(f"PostgreSQL did not start:\n{started.stdout}{started.stderr}{text}")
        yield f"postgresql+psycopg://roster@127.0.0.1:{port}/postgres"
    finally:
        run(str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'roster.sqlite3'}"
    import psycopg

    server = request.getfixturevalue("postgres_url")
    name = f"roster_{os.getpid()}_{next(_numbers)}"
    plain = server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return server.rsplit("/", 1)[0] + f"/{name}"


def _entry(n: int, **changes: object) -> RosterEntry:
    values: dict[str, object] = {
        "id": f"urn:uuid:00000000-0000-4000-8000-{n:012d}", "status_index": n * 7,
        "name": f"Learner {n} — Zoë", "email_hash": f"sha256${n:064x}", "email_salt": "ab" * 16,
        "test_id": "module-test", "score": 13, "total": 15, "content_version": "f2e8373ebde9",
        "issued_at": datetime(2026, 3, 1, 12, n, tzinfo=UTC), "client_group": "2001:db8::/64",
    }
    return RosterEntry(**(values | changes))  # type: ignore[arg-type]


def test_entries_round_trip_with_utc_times(database_url: str) -> None:
    """What is added reads back the same, times in UTC, in issue order."""
    roster = open_roster(database_url)
    entries = [_entry(2), _entry(1)]
    for entry in entries:
        roster.add(entry)
    assert list(roster.entries()) == [entries[1], entries[0]]
    assert roster.get(entries[0].id) == entries[0]
    assert roster.get("00000000-0000-4000-8000-000000000001") == entries[1]
    assert roster.get("urn:uuid:missing") is None
    assert roster.count() == 2
    roster.close()


def test_revoking_marks_once_and_feeds_the_status_list(database_url: str) -> None:
    """revoke sets revoked_at (the first time only); the revoked indices are listed."""
    roster = open_roster(database_url)
    roster.add(_entry(1))
    roster.add(_entry(2))
    assert roster.revoked_indices() == ([], MIN_BITS)
    when = datetime(2026, 4, 1, 8, 0, tzinfo=UTC)
    revoked = roster.revoke(_entry(2).id, when)
    assert revoked is not None and revoked.revoked_at == when
    again = roster.revoke(_entry(2).id, when + timedelta(days=1))
    assert again is not None and again.revoked_at == when
    assert roster.revoked_indices() == ([14], MIN_BITS)
    assert roster.revoke("urn:uuid:nobody", when) is None
    roster.close()


def test_a_status_index_is_never_given_twice(database_url: str) -> None:
    """A second credential on a taken index is refused with IndexTaken (the issuer picks again)."""
    roster = open_roster(database_url)
    roster.add(_entry(1))
    with pytest.raises(IndexTaken):
        roster.add(_entry(2, status_index=7))
    picked = {roster.pick_index() for _ in range(20)}
    assert 7 not in picked and all(0 <= i < MIN_BITS for i in picked)
    roster.close()


def test_the_worker_issues_into_the_database(database_url: str) -> None:
    """Credentials issued over HTTP land in the roster, each with its own index."""
    settings = practice_settings(credential_key=json.dumps(generate_private_jwk()),
                                 credentials_db=database_url, credential_rpm=100)
    body = {"name": "Ada", "test": {"id": TEST.id, "content_version":
                                    GradingContent.version(TEST),
                                    "answers": {q.id: q.answer for q in TEST.questions}}}
    with TestClient(create_app(settings)) as client:
        ids = [client.post("/v1/credentials", json=body).json()["id"] for _ in range(3)]
    roster = open_roster(database_url)
    entries = list(roster.entries())
    assert sorted(e.id for e in entries) == sorted(ids)
    assert len({e.status_index for e in entries}) == 3
    assert all(e.email_hash is None and e.client_group == "testclient" for e in entries)
    roster.close()


def test_a_slow_database_does_not_hold_up_other_requests(tmp_path: Path) -> None:
    """While the roster waits for a locked SQLite file, the worker still answers at once."""
    import sqlite3
    import threading
    import time

    import httpx

    from labs_worker.testing import serve_in_thread

    path = tmp_path / "roster.sqlite3"
    settings = practice_settings(credential_key=json.dumps(generate_private_jwk()),
                                 credentials_db=f"sqlite:///{path}", credential_rpm=100)
    body = {"name": "Ada", "test": {"id": TEST.id, "content_version":
                                    GradingContent.version(TEST),
                                    "answers": {q.id: q.answer for q in TEST.questions}}}
    with serve_in_thread(create_app(settings)) as url:
        lock = sqlite3.connect(path, isolation_level=None)
        lock.execute("BEGIN EXCLUSIVE")
        answers: list[httpx.Response] = []
        issuing = threading.Thread(target=lambda: answers.append(
            httpx.post(f"{url}/v1/credentials", json=body, timeout=30)))
        issuing.start()
        try:
            time.sleep(0.3)  # the credential request is now waiting on the lock
            started = time.monotonic()
            assert httpx.get(f"{url}/healthz", timeout=5).status_code == 200
            # Well under the 15 s the roster waits on a locked file: on a loaded machine
            # (the unit tests run beside the e2e tests) a free request may still take a while.
            assert time.monotonic() - started < 5.0
            assert not answers, "the credential was stored through an exclusive lock"
        finally:
            lock.execute("ROLLBACK")
            lock.close()
            issuing.join(30)
    assert answers and answers[0].status_code == 201
