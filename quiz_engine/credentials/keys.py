"""Ed25519 keys as JSON Web Keys: make one, read one, publish the public half.

The private key is a JWK (``kty: OKP``, ``crv: Ed25519``, ``d``, ``x``,
``kid``); its ``kid`` is the RFC 7638 thumbprint of the public key, so the
same key always has the same id. The key operations are the ``cryptography``
package's, through PyJWT's ``OKPAlgorithm``.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from jwt.algorithms import OKPAlgorithm

from .errors import CredentialError

__all__ = [
    "SigningKey",
    "generate_private_jwk",
    "load_public_keys",
    "public_jwks",
    "read_private_jwk",
    "thumbprint",
]

_PUBLIC_MEMBERS = ("crv", "kty", "x")


def thumbprint(jwk: Mapping[str, Any]) -> str:
    """The RFC 7638 thumbprint (SHA-256, base64url) of an OKP public key."""
    members = {name: jwk[name] for name in _PUBLIC_MEMBERS}
    canonical = json.dumps(members, separators=(",", ":"), sort_keys=True).encode()
    digest = hashlib.sha256(canonical).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _public_jwk(jwk: Mapping[str, Any]) -> dict[str, Any]:
    public = {name: jwk[name] for name in _PUBLIC_MEMBERS}
    return {**public, "kid": thumbprint(public), "alg": "EdDSA", "use": "sig"}


def generate_private_jwk() -> dict[str, Any]:
    """A new Ed25519 private key as a JWK, with its thumbprint as ``kid``."""
    jwk: dict[str, Any] = OKPAlgorithm.to_jwk(Ed25519PrivateKey.generate(), as_dict=True)
    return {**jwk, "kid": thumbprint(jwk)}


@dataclass(frozen=True)
class SigningKey:
    """A private key ready to sign, with its id and its public JWK."""

    kid: str
    private_key: Ed25519PrivateKey = field(repr=False)
    public_jwk: Mapping[str, Any]
    #: The private part (``d``) as written in the JWK: for log redaction only.
    secret: str = field(default="", repr=False)

    def jwks(self) -> dict[str, Any]:
        """The public JWKS (``{"keys": [...]}``) verifiers check against."""
        return public_jwks([self.public_jwk])


def public_jwks(keys: list[Mapping[str, Any]]) -> dict[str, Any]:
    """A JWKS of the public halves of ``keys`` (private members are dropped)."""
    return {"keys": [_public_jwk(key) for key in keys]}


def read_private_jwk(text: str) -> SigningKey:
    """Read a private Ed25519 JWK from its JSON text; :class:`CredentialError` if it isn't one."""
    try:
        data = json.loads(text)
    except ValueError:
        raise CredentialError("bad_key", "the text is not JSON") from None
    if not isinstance(data, dict) or data.get("kty") != "OKP" or data.get("crv") != "Ed25519":
        raise CredentialError("bad_key", 'it needs "kty": "OKP" and "crv": "Ed25519"')
    if not isinstance(data.get("d"), str):
        raise CredentialError("bad_key", 'it has no private part ("d"): this is a public key')
    try:
        key = OKPAlgorithm.from_jwk(data)
    except Exception as error:  # PyJWT raises several types for a broken key
        raise CredentialError("bad_key", str(error)) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise CredentialError("bad_key", "it is not an Ed25519 private key")
    derived: dict[str, Any] = OKPAlgorithm.to_jwk(key.public_key(), as_dict=True)
    if derived["x"] != data.get("x"):
        raise CredentialError("bad_key", 'its public part ("x") does not match "d"')
    public = _public_jwk(derived)
    return SigningKey(kid=str(public["kid"]), private_key=key, public_jwk=public,
                      secret=str(data["d"]))


def load_public_keys(jwks: Any) -> dict[str, Ed25519PublicKey]:
    """The Ed25519 keys of a JWKS by ``kid``; keys of other types are left out."""
    if not isinstance(jwks, dict) or not isinstance(jwks.get("keys"), list):
        raise CredentialError("bad_key", 'a JWKS is {"keys": [...]}')
    found: dict[str, Ed25519PublicKey] = {}
    for jwk in jwks["keys"]:
        if not isinstance(jwk, dict) or jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
            continue
        try:
            key = OKPAlgorithm.from_jwk({n: jwk[n] for n in _PUBLIC_MEMBERS})
        except Exception:  # a broken entry is simply not a usable key
            continue
        if isinstance(key, Ed25519PublicKey):
            found[str(jwk.get("kid") or thumbprint(jwk))] = key
    return found
