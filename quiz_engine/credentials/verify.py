"""Checking a credential: :func:`verify_credential`, then :func:`check_revocation`.

A credential is valid when the JOSE header says ``EdDSA`` with a ``kid``
among the keys, the signature verifies, ``nbf <= now < exp``, ``vc.type``
holds ``OpenBadgeCredential``, ``iss`` is ``vc.issuer.id`` and ``jti`` is
``vc.id``. Each failure raises :class:`CredentialError` with its own reason.
Revocation is checked separately, against the status list the issuer
publishes (fetching it is the caller's business: the CLI uses HTTP).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from .errors import CredentialError
from .status_list import decode_status_list, is_set

__all__ = ["VerifiedCredential", "check_revocation", "verify_credential"]


def _decode(token: str, keys: Mapping[str, Ed25519PublicKey], now: datetime) -> dict[str, Any]:
    """The payload of a compact JWS signed by one of ``keys``, checked for its dates."""
    if not isinstance(token, str):
        raise CredentialError("malformed", "expected the text of a JWT")
    token = token.strip()
    try:
        header = jwt.get_unverified_header(token)
    except jwt.exceptions.DecodeError:
        raise CredentialError("malformed", "it is not a compact JWT (three dot-separated "
                              "base64url parts)") from None
    if header.get("alg") != "EdDSA":
        raise CredentialError("malformed", f"its algorithm is {header.get('alg')!r}, not EdDSA")
    key = keys.get(str(header.get("kid")))
    if key is None:
        raise CredentialError("unknown_key", f"key id {header.get('kid')!r}")
    try:
        payload: dict[str, Any] = jwt.decode(
            token, key, algorithms=["EdDSA"],
            # The dates are checked below against `now`, which tests choose.
            options={"verify_exp": False, "verify_nbf": False, "verify_iat": False,
                     "verify_aud": False, "verify_iss": False, "verify_sub": False,
                     "verify_jti": False},
        )
    except jwt.exceptions.InvalidSignatureError:
        raise CredentialError("bad_signature") from None
    except jwt.exceptions.InvalidTokenError as error:
        raise CredentialError("malformed", str(error)) from None
    _check_dates(payload, now)
    return payload


def _check_dates(payload: Mapping[str, Any], now: datetime) -> None:
    nbf, exp = payload.get("nbf"), payload.get("exp")
    stamp = now.timestamp()
    if not isinstance(nbf, int | float) or (exp is not None and not isinstance(exp, int | float)):
        raise CredentialError("malformed", "it has no valid nbf/exp dates")
    if stamp < nbf:
        raise CredentialError("not_yet_valid", f"valid from {_day(nbf)}")
    if exp is not None and stamp >= exp:
        raise CredentialError("expired", f"valid until {_day(exp)}")


def _day(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M UTC")


def _issuer_id(vc: Mapping[str, Any]) -> Any:
    issuer = vc.get("issuer")
    return issuer.get("id") if isinstance(issuer, dict) else issuer


@dataclass(frozen=True)
class VerifiedCredential:
    """A credential whose signature, dates and shape have been checked."""

    payload: Mapping[str, Any]
    kid: str

    @property
    def vc(self) -> Mapping[str, Any]:
        """The ``OpenBadgeCredential``."""
        return dict(self.payload["vc"])

    def summary(self) -> dict[str, Any]:
        """What a verifier shows: who, what, the score, when, and the content version."""
        vc = self.vc
        subject = vc.get("credentialSubject", {})
        achievement = subject.get("achievement", {})
        results = subject.get("result") or [{}]
        issuer = vc.get("issuer", {})
        return {
            "id": vc.get("id"),
            "name": subject.get("name"),
            "course": achievement.get("name"),
            "score": results[0].get("value"),
            "issued": vc.get("validFrom"),
            "expires": vc.get("validUntil"),
            "issuer": issuer.get("name") if isinstance(issuer, dict) else issuer,
            "issuer_id": _issuer_id(vc),
            "content_version": achievement.get("version"),
        }

    def status_entry(self) -> tuple[str, int, str] | None:
        """``(statusListCredential, statusListIndex, statusPurpose)``, or ``None``."""
        status = self.vc.get("credentialStatus")
        if not isinstance(status, dict) or status.get("type") != "BitstringStatusListEntry":
            return None
        url, index = status.get("statusListCredential"), str(status.get("statusListIndex", ""))
        if not isinstance(url, str) or not index.isdigit():
            raise CredentialError("malformed", "its credentialStatus has no list URL or index")
        return url, int(index), str(status.get("statusPurpose", "revocation"))


def verify_credential(
    token: str, keys: Mapping[str, Ed25519PublicKey], *, now: datetime | None = None
) -> VerifiedCredential:
    """Check ``token`` against ``keys`` (by ``kid``); raise :class:`CredentialError` if invalid."""
    payload = _decode(token, keys, now or datetime.now(UTC))
    token = token.strip()
    vc = payload.get("vc")
    if not isinstance(vc, dict):
        raise CredentialError("not_course_credential", "it carries no credential (vc claim)")
    types = vc.get("type")
    if not isinstance(types, list) or "OpenBadgeCredential" not in types:
        raise CredentialError("not_course_credential", "it is not an OpenBadgeCredential")
    if payload.get("iss") != _issuer_id(vc):
        raise CredentialError("not_course_credential", "iss is not the credential's issuer")
    if payload.get("jti") != vc.get("id"):
        raise CredentialError("not_course_credential", "jti is not the credential's id")
    return VerifiedCredential(payload=payload, kid=str(jwt.get_unverified_header(token)["kid"]))


def check_revocation(
    credential: VerifiedCredential,
    status_token: str,
    keys: Mapping[str, Ed25519PublicKey],
    *,
    now: datetime | None = None,
) -> bool:
    """Whether the status list ``status_token`` says ``credential`` is revoked.

    The list must be a ``BitstringStatusListCredential`` signed by one of
    ``keys``, by the credential's issuer, at the URL the credential names,
    for the same purpose; otherwise :class:`CredentialError`
    (``status_unavailable``) says why it can't be used.
    """
    entry = credential.status_entry()
    if entry is None:
        raise CredentialError("status_unavailable", "the credential names no status list")
    url, index, purpose = entry
    try:
        payload = _decode(status_token, keys, now or datetime.now(UTC))
    except CredentialError as error:
        raise CredentialError("status_unavailable", f"the status list is refused: {error}") \
            from None
    vc = payload.get("vc")
    if not isinstance(vc, dict) or "BitstringStatusListCredential" not in (vc.get("type") or ()):
        raise CredentialError("status_unavailable", "that is not a BitstringStatusListCredential")
    if payload.get("iss") != credential.payload.get("iss") or _issuer_id(vc) != payload.get("iss"):
        raise CredentialError("status_unavailable", "the status list has another issuer")
    if vc.get("id") != url:
        raise CredentialError("status_unavailable", "the status list is not the one named")
    subject = vc.get("credentialSubject")
    if not isinstance(subject, dict) or subject.get("statusPurpose") != purpose:
        raise CredentialError("status_unavailable", f"the list is not for {purpose}")
    return is_set(decode_status_list(subject.get("encodedList", "")), index)
