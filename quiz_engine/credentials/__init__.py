"""Completion credentials: Open Badges 3.0 credentials signed as VC-JWTs (Ed25519).

What both the labs worker (which issues them) and ``python -m quiz_engine
verify`` (which checks them) need: the keys (:mod:`.keys`), the credential's
shape (:mod:`.credential`), the W3C Bitstring Status List that says which are
revoked (:mod:`.status_list`) and verification (:mod:`.verify`). Needs the
``credentials`` extra (PyJWT with cryptography); nothing here imports the
labs worker or the site build.
"""

from .errors import CredentialError

__all__ = ["CredentialError"]
