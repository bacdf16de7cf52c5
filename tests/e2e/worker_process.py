"""The real labs worker as a process, for the e2e tests' chats."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

__all__ = ["CredentialKey", "make_credential_key", "run_labs_worker"]

ROOT = Path(__file__).resolve().parents[2]


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


@dataclass(frozen=True)
class CredentialKey:
    """An Ed25519 key made for one test session: the worker signs with it, the site publishes it."""

    private: Ed25519PrivateKey
    kid: str
    #: The private JWK, for ``LABS_CREDENTIAL_KEY_FILE``.
    private_file: Path
    #: The public JWKS, for the plugin's ``credential_keys``.
    public_file: Path


def make_credential_key(folder: Path) -> CredentialKey:
    """A new key as JWK files in ``folder``; its ``kid`` is the RFC 7638 thumbprint."""
    private = Ed25519PrivateKey.generate()
    x = _b64url(private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))
    thumbprint = json.dumps({"crv": "Ed25519", "kty": "OKP", "x": x}, separators=(",", ":"))
    kid = _b64url(hashlib.sha256(thumbprint.encode()).digest())
    public = {"kty": "OKP", "crv": "Ed25519", "x": x, "kid": kid, "alg": "EdDSA", "use": "sig"}
    d = _b64url(private.private_bytes_raw())
    private_file, public_file = folder / "credential-key.json", folder / "credential-keys.json"
    private_file.write_text(json.dumps({**public, "d": d}), encoding="utf-8")
    private_file.chmod(0o600)
    public_file.write_text(json.dumps({"keys": [public]}), encoding="utf-8")
    return CredentialKey(private, kid, private_file, public_file)


@contextlib.contextmanager
def run_labs_worker(
    origin: str, log_path: Path, *, delay_ms: int = 20, env: Mapping[str, str] | None = None
) -> Iterator[str]:
    """Run the real labs worker (offline practice peer) on a free port, allowing ``origin``.

    ``delay_ms`` is the pause between the practice peer's chunks; ``env`` adds
    ``LABS_*`` settings (a signing secret, another provider, tighter limits).
    """
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "labs_worker", "--port", "0", "--origins", origin],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=log, text=True,
            env={**os.environ, "LABS_PRACTICE_DELAY_MS": str(delay_ms), **(env or {})},
        )
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"listening on (http://\S+)", line)
        if not match:
            process.kill()
            pytest.fail(
                f"the labs worker did not start:\n{line}\n{log_path.read_text()}", pytrace=False
            )
        try:
            yield match.group(1)
        finally:
            process.terminate()
            process.wait(timeout=10)
