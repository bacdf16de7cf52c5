"""``python -m quiz_engine verify``: exit 0 valid, 1 invalid with the reason, 2 usage errors."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from labs_worker.app import create_app
from labs_worker.credential_request import GradingContent, default_docs_dir
from labs_worker.settings import Settings
from labs_worker.testing import serve_in_thread
from quiz_engine.cli import main
from quiz_engine.credentials.keys import generate_private_jwk, public_jwks

TEST = GradingContent.load(default_docs_dir()).tests["module-test"]
PRIVATE = generate_private_jwk()


class PastClock:
    """A clock stopped on 1 January 2026, so a one-day credential has long expired."""

    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime(2026, 1, 1, tzinfo=UTC)


def _body(name: str = "Ada Lovelace") -> dict[str, Any]:
    answers = {q.id: q.answer for q in TEST.questions}
    return {"name": name, "test": {"id": TEST.id, "content_version":
                                   GradingContent.version(TEST), "answers": answers}}


def _settings(tmp: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {"credential_key": json.dumps(PRIVATE), "practice_delay_ms": 0,
                              "credential_rpm": 100,
                              "credentials_db": f"sqlite:///{tmp / 'roster.sqlite3'}"}
    return Settings(**(values | overrides))


@pytest.fixture(scope="module")
def worker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    """A real worker on a loopback port: its URL and its app."""
    app = create_app(_settings(tmp_path_factory.mktemp("worker")))
    with serve_in_thread(app) as url:
        yield url, app


def _issue(url: str, tmp_path: Path, name: str = "Ada Lovelace") -> tuple[Path, str]:
    import httpx

    answer = httpx.post(f"{url}/v1/credentials", json=_body(name), timeout=10).json()
    path = tmp_path / "credential.jwt"
    path.write_text(answer["credential"] + "\n", encoding="utf-8")
    return path, answer["id"]


@pytest.fixture
def keys_file(tmp_path: Path) -> Path:
    path = tmp_path / "keys.json"
    path.write_text(json.dumps(public_jwks([PRIVATE])), encoding="utf-8")
    return path


def test_a_valid_credential_exits_0_with_what_it_says(worker: tuple[str, Any], tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """Keys from the issuer, revocation checked against its status list: valid."""
    url, _ = worker
    credential, credential_id = _issue(url, tmp_path)
    assert main(["verify", str(credential)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("valid: ")
    assert "name: Ada Lovelace" in out and f"score: {len(TEST.questions)}/" in out
    assert credential_id in out
    assert f"revocation: checked against {url}/v1/credentials/status" in out


def test_offline_with_a_keys_file_checks_all_but_revocation(
    worker: tuple[str, Any], tmp_path: Path, keys_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--offline fetches nothing and says revocation was not checked; --json says the same."""
    credential, _ = _issue(worker[0], tmp_path)
    assert main(["verify", str(credential), "--keys", str(keys_file), "--offline"]) == 0
    assert "revocation not checked: --offline" in capsys.readouterr().out
    assert main(["verify", str(credential), "--keys", str(keys_file), "--offline",
                 "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["valid"] is True and result["credential"]["name"] == "Ada Lovelace"


def test_a_revoked_credential_exits_1(worker: tuple[str, Any], tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    """Once the roster revokes it, the status list says so and verify fails."""
    url, app = worker
    credential, credential_id = _issue(url, tmp_path, name="Revoked Person")
    app.state.worker.issuer.roster.revoke(credential_id, datetime.now(UTC))
    assert main(["verify", str(credential)]) == 1
    assert "invalid: the issuer has revoked it" in capsys.readouterr().out


def test_a_changed_credential_exits_1_with_the_reason(
    worker: tuple[str, Any], tmp_path: Path, keys_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """One character of the signature changed: the signature does not match."""
    credential, _ = _issue(worker[0], tmp_path)
    token = credential.read_text().strip()
    head, body, signature = token.split(".")
    flipped = ("A" if signature[5] != "A" else "B")
    credential.write_text(f"{head}.{body}.{signature[:5]}{flipped}{signature[6:]}")
    assert main(["verify", str(credential), "--keys", str(keys_file), "--offline"]) == 1
    assert "invalid: the signature does not match" in capsys.readouterr().out


def test_another_key_and_an_expired_credential_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    """Signed by a key not in the set: unknown key; past its exp: expired."""
    with TestClient(create_app(_settings(tmp_path, credential_days=1),
                               clock=PastClock())) as client:
        token = client.post("/v1/credentials", json=_body()).json()["credential"]
    credential = tmp_path / "old.jwt"
    credential.write_text(token, encoding="utf-8")
    own = tmp_path / "own.json"
    own.write_text(json.dumps(public_jwks([PRIVATE])), encoding="utf-8")
    assert main(["verify", str(credential), "--keys", str(own), "--offline"]) == 1
    assert "invalid: it has expired" in capsys.readouterr().out
    other = tmp_path / "other.json"
    other.write_text(json.dumps(public_jwks([generate_private_jwk()])), encoding="utf-8")
    assert main(["verify", str(credential), "--keys", str(other), "--offline"]) == 1
    assert "not one of the course's keys" in capsys.readouterr().out


def test_an_unreachable_status_list_is_said_not_checked(
    tmp_path: Path, keys_file: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    """The worker gone: still valid (signature and dates hold), revocation not checked."""
    with serve_in_thread(create_app(_settings(tmp_path))) as url:
        credential, _ = _issue(url, tmp_path)
    assert main(["verify", str(credential), "--keys", str(keys_file)]) == 0
    assert "revocation: revocation not checked: " in capsys.readouterr().out


def test_usage_errors_exit_2(tmp_path: Path, keys_file: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    """No such file, --offline without keys, unreadable keys: 2, with the reason on stderr."""
    assert main(["verify", str(tmp_path / "missing.jwt")]) == 2
    credential = tmp_path / "some.jwt"
    credential.write_text("a.b.c", encoding="utf-8")
    assert main(["verify", str(credential), "--offline"]) == 2
    assert "--offline needs --keys" in capsys.readouterr().err
    assert main(["verify", str(credential), "--keys", str(tmp_path / "nokeys.json")]) == 2
    with pytest.raises(SystemExit) as exit_:
        main(["verify"])
    assert exit_.value.code == 2


def test_text_that_is_no_credential_exits_1(tmp_path: Path, keys_file: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """A file with something else in it: invalid, not a credential."""
    credential = tmp_path / "note.txt"
    credential.write_text("hello", encoding="utf-8")
    assert main(["verify", str(credential), "--keys", str(keys_file), "--offline"]) == 1
    assert "invalid: this is not a credential" in capsys.readouterr().out
