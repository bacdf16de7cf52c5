"""The credentials package's one exception type, :class:`CredentialError`."""

from __future__ import annotations

__all__ = ["REASONS", "CredentialError"]

#: Every reason a credential (or a key, or a status list) is refused, with its plain words.
REASONS = {
    "malformed": "this is not a credential (not a well-formed VC-JWT)",
    "unknown_key": "it was signed with a key that is not one of the course's keys",
    "bad_signature": "the signature does not match: the credential was changed after it "
    "was issued, or it was not issued by this course",
    "expired": "it has expired",
    "not_yet_valid": "it is not valid yet",
    "not_course_credential": "it is not a course credential (not an OpenBadgeCredential of "
    "this issuer)",
    "revoked": "the issuer has revoked it",
    "bad_key": "the key is not an Ed25519 JSON Web Key",
    "status_unavailable": "its revocation status could not be checked",
}


class CredentialError(Exception):
    """A credential, key or status list that can't be used, with the ``reason`` code.

    The message starts with the reason's plain words (:data:`REASONS`) and
    adds ``detail`` when there is more to say.
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        self.detail = detail
        words = REASONS.get(reason, reason)
        super().__init__(f"{words}: {detail}" if detail else words)
