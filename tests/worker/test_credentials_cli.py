"""``python -m labs_worker keygen`` and ``credentials list|revoke``: the instructor's commands."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from labs_worker.__main__ import main
from labs_worker.roster import RosterEntry, open_roster
from quiz_engine.credentials.keys import load_public_keys, read_private_jwk, thumbprint

ROOT = Path(__file__).parents[2]


def test_keygen_writes_a_private_key_file_only_its_owner_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    """--out: mode 0600, a usable Ed25519 JWK; the public JWKS printed matches it."""
    out = tmp_path / "key.json"
    assert main(["keygen", "--out", str(out)], env={}) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    private = json.loads(out.read_text())
    assert {"kty", "crv", "d", "x", "kid"} <= set(private)
    assert (private["kty"], private["crv"]) == ("OKP", "Ed25519")
    assert private["kid"] == thumbprint(private)
    key = read_private_jwk(out.read_text())
    printed = json.loads(capsys.readouterr().out)
    assert printed == {"keys": [{"kty": "OKP", "crv": "Ed25519", "x": private["x"],
                                 "kid": private["kid"], "alg": "EdDSA", "use": "sig"}]}
    assert set(load_public_keys(printed)) == {key.kid}
    assert "d" not in printed["keys"][0]


def test_keygen_never_overwrites_a_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An existing --out file is refused (exit 2) and left as it was."""
    out = tmp_path / "key.json"
    out.write_text("old", encoding="utf-8")
    assert main(["keygen", "--out", str(out)], env={}) == 2
    assert out.read_text() == "old"
    assert "never overwritten" in capsys.readouterr().err


def test_keygen_to_stdout_and_public_file(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """Without --out the private JWK is printed (one line, for `wrangler secret put`)."""
    public = tmp_path / "public.json"
    assert main(["keygen", "--public", str(public)], env={}) == 0
    private_line = capsys.readouterr().out.strip()
    key = read_private_jwk(private_line)
    assert "\n" not in private_line
    assert json.loads(public.read_text()) == key.jwks()


def _entry(n: int, **changes: object) -> RosterEntry:
    values: dict[str, object] = {
        "id": f"urn:uuid:00000000-0000-4000-8000-00000000000{n}", "status_index": 100 + n,
        "name": f"Learner {n}", "email_hash": "sha256$ab" if n == 1 else None,
        "email_salt": "salt" if n == 1 else None, "test_id": "module-test", "score": 12 + n,
        "total": 15, "content_version": "f2e8373ebde9",
        "issued_at": datetime(2026, 3, n, 9, 30, tzinfo=UTC), "client_group": "192.0.2.7",
    }
    return RosterEntry(**(values | changes))  # type: ignore[arg-type]


def test_list_and_revoke_the_roster(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """list shows each credential; --csv every column; revoke marks one, once."""
    url = f"sqlite:///{tmp_path / 'roster.sqlite3'}"
    roster = open_roster(url)
    roster.add(_entry(1))
    roster.add(_entry(2))
    env = {"LABS_CREDENTIALS_DB": url}
    assert main(["credentials", "list"], env=env) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and "Learner 1" in lines[0] and "13/15" in lines[0]
    assert main(["credentials", "revoke", "00000000-0000-4000-8000-000000000002"], env=env) == 0
    assert "revoked urn:uuid:00000000-0000-4000-8000-000000000002" in capsys.readouterr().out
    assert main(["credentials", "revoke", _entry(2).id], env=env) == 0
    assert "already revoked" in capsys.readouterr().out
    assert main(["credentials", "list", "--csv"], env=env) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["name"] for r in rows] == ["Learner 1", "Learner 2"]
    assert set(rows[0]) == {"id", "status_index", "name", "email_hash", "email_salt", "test_id",
                            "score", "total", "content_version", "issued_at", "client_group",
                            "revoked_at"}
    assert rows[0]["revoked_at"] == "" and rows[1]["revoked_at"].startswith("20")
    assert rows[0]["email_hash"] == "sha256$ab"
    assert main(["credentials", "revoke", "urn:uuid:nobody"], env=env) == 1
    assert "no credential" in capsys.readouterr().err


def test_the_roster_commands_refuse_a_bad_database(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """A URL no driver knows: exit 2 with the reason, not a traceback."""
    assert main(["credentials", "list", "--db", "nosuchdb://x"], env={}) == 2
    assert "roster" in capsys.readouterr().err


def test_the_commands_run_as_a_module(tmp_path: Path) -> None:
    """`python -m labs_worker keygen` works from a shell; serving options are untouched."""
    out = tmp_path / "key.json"
    done = subprocess.run([sys.executable, "-m", "labs_worker", "keygen", "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["keys"][0]["kid"] == json.loads(out.read_text())["kid"]
