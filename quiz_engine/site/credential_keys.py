"""The public keys that completion credentials are checked against.

The instructor's labs worker signs each credential with its private Ed25519
key; the site publishes the matching public keys (a JWKS, the plugin option
``credential_keys``) so the verify page can check a credential with no
server at all. The build reads that file, refuses anything but public
OKP/Ed25519 keys (a private key must never be published), and writes the
keys into the content folder, where the service worker precaches them.
"""

from __future__ import annotations

import base64
import binascii
import json
from pathlib import Path
from typing import Any

from ..content.toolkit import (
    Checker,
    child,
    kind_of,
    read_located_yaml,
    read_text,
    shown_path,
)
from ..core.errors import CourseError

__all__ = [
    "CREDENTIAL_KEYS_FILE",
    "credential_keys_option",
    "read_credential_keys",
    "write_credential_keys",
]

#: The keys' file name in the content folder.
CREDENTIAL_KEYS_FILE = "credential-keys.json"

_FIX_FILE = (
    "point `credential_keys` (relative to mkdocs.yml) at the public JWKS that "
    "`python -m labs_worker keygen` printed"
)
# The members of a public Ed25519 JWK that are published (True: required); others are dropped.
_PUBLIC = {"kty": True, "crv": True, "x": True, "kid": True, "alg": False, "use": False}
_PRIVATE = ("d", "p", "q", "dp", "dq", "qi", "k")


def _decode_x(checker: Checker, value: Any, key: str) -> None:
    """``x`` must be the 32 bytes of an Ed25519 public key, base64url without padding."""
    text = checker.text(value, key)
    try:
        if "=" in text or "+" in text or "/" in text:
            raise ValueError
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, binascii.Error) as error:
        raise checker.fail(
            key, "is not base64url text", "copy `x` unchanged from the keygen output"
        ) from error
    if len(raw) != 32:
        raise checker.fail(
            key, f"holds {len(raw)} bytes, an Ed25519 public key has 32",
            "copy `x` unchanged from the keygen output",
        )


def _check_key(checker: Checker, value: Any, key: str) -> dict[str, str]:
    if isinstance(value, dict):  # before anything else: say it is private
        secret = next((name for name in _PRIVATE if name in value), None)
        if secret:
            raise checker.fail(
                child(key, secret), "this is a private key: the site would publish it",
                "publish only the public JWKS (keygen prints it; keep the private key in the "
                "worker's LABS_CREDENTIAL_KEY)",
            )
    if not isinstance(value, dict):
        raise checker.fail(
            key, f"each key must be a JSON object, found {kind_of(value)}",
            "copy the keys unchanged from the keygen output",
        )
    for name, required in _PUBLIC.items():
        if required and name not in value:
            raise checker.fail(
                key, f"missing member {name!r}", "copy the whole public key from keygen"
            )
        if name in value:
            checker.kind(value[name], "text", child(key, name))
    data: dict[str, str] = value
    expected = {"kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "use": "sig"}
    for name, wanted in expected.items():
        if name in data and data[name] != wanted:
            raise checker.fail(
                child(key, name), f"is {data[name]!r}; credentials are signed with Ed25519 keys",
                f"use a key with `{name}: {wanted}` (made by `python -m labs_worker keygen`)",
            )
    _decode_x(checker, data["x"], child(key, "x"))
    return {name: data[name] for name in _PUBLIC if name in data}


def read_credential_keys(path: Path, shown: str) -> dict[str, Any]:
    """Read and check the public JWKS at ``path`` (``shown`` names it in errors).

    Returns ``{"keys": [...]}`` with only the public members of each key.
    """
    text = read_text(path, shown, _FIX_FILE)
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        raise CourseError(
            f"this is not valid JSON ({error.msg})", path=shown, line=error.lineno,
            fix="a JWKS is a JSON object: {\"keys\": [...]}",
        ) from error
    located = read_located_yaml(path, shown, _FIX_FILE)
    checker = Checker(located, shown)
    if not isinstance(located.data, dict):
        raise checker.fail(
            "", f"a JWKS must be a JSON object, found {kind_of(located.data)}",
            "write it as {\"keys\": [...]}",
        )
    if "keys" not in located.data:
        raise checker.fail("", "missing member 'keys'", "write it as {\"keys\": [...]}")
    keys = checker.items(located.data["keys"], "keys", "public keys", 1)
    checked = [_check_key(checker, value, child("keys", index)) for index, value in enumerate(keys)]
    kids = [entry["kid"] for entry in checked]
    for index, kid in enumerate(kids):
        if kids.index(kid) < index:
            raise checker.fail(
                child(child("keys", index), "kid"), f"{kid!r} is already the kid of another key",
                "give every key its own kid (keygen uses the key's thumbprint)",
            )
    return {"keys": checked}


def credential_keys_option(config_dir: Path, named: str | None) -> tuple[Path | None, str]:
    """The ``credential_keys`` option (relative to the configuration's folder), checked.

    Returns the keys file and how errors name it, or ``(None, "")`` when the
    option is unset; a wrong file raises a located :class:`CourseError`
    before any page is built.
    """
    if not named:
        return None, ""
    path = config_dir / named
    shown = shown_path(path)
    read_credential_keys(path, shown)
    return path, shown


def write_credential_keys(content: Path, path: Path, shown: str) -> Path:
    """Check the JWKS at ``path`` and write its public keys into the ``content`` folder."""
    keys = read_credential_keys(path, shown)
    content.mkdir(parents=True, exist_ok=True)
    target = content / CREDENTIAL_KEYS_FILE
    target.write_text(json.dumps(keys, indent=2) + "\n", encoding="utf-8")
    return target
