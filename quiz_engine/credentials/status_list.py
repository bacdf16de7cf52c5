"""The W3C Bitstring Status List (v1.0): which credentials are revoked, as one bitstring.

Bit ``i`` is the status of the credential whose ``statusListIndex`` is ``i``
(1: revoked); bit 0 is the most significant bit of the first byte. The
``encodedList`` is the multibase form of the GZIP-compressed bitstring: ``u``
and then base64url without padding. Lists are at least 131072 bits (16 KB)
long, so that no one can tell from the list how many credentials exist.
"""

from __future__ import annotations

import base64
import gzip
import io
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from .credential import VC_CONTEXT, iso
from .errors import CredentialError

__all__ = [
    "MIN_BITS",
    "decode_status_list",
    "encode_status_list",
    "is_set",
    "list_size",
    "status_list_credential",
]

MIN_BITS = 131_072
#: Refuse a status list that inflates past this (a GZIP bomb), in bytes.
MAX_BYTES = 16 * 1024 * 1024


def list_size(issued: int) -> int:
    """Bits in a list holding ``issued`` credentials: at least 131072, at most half full."""
    size = MIN_BITS
    while issued * 2 > size:
        size *= 2
    return size


def encode_status_list(set_bits: Iterable[int], size: int = MIN_BITS) -> str:
    """The ``encodedList`` of a list of ``size`` bits with ``set_bits`` set."""
    if size % 8 or size < MIN_BITS:
        raise ValueError(f"a status list has a multiple of 8 bits, at least {MIN_BITS}")
    bits = bytearray(size // 8)
    for index in set_bits:
        if not 0 <= index < size:
            raise ValueError(f"index {index} is outside a list of {size} bits")
        bits[index // 8] |= 0x80 >> (index % 8)
    # mtime=0: the same list always encodes to the same text.
    packed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).rstrip(b"=").decode()


def decode_status_list(encoded: str) -> bytes:
    """The bitstring of an ``encodedList``; :class:`CredentialError` if it is not one."""
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise CredentialError("status_unavailable", "the status list is not base64url multibase")
    body = encoded[1:]
    try:
        packed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        with gzip.GzipFile(fileobj=io.BytesIO(packed)) as stream:
            bits = stream.read(MAX_BYTES + 1)
    except (ValueError, OSError, EOFError):
        raise CredentialError("status_unavailable", "the status list does not decode") from None
    if len(bits) > MAX_BYTES:
        raise CredentialError("status_unavailable", "the status list is too large")
    if len(bits) * 8 < MIN_BITS:
        raise CredentialError("status_unavailable", "the status list is shorter than 131072 bits")
    return bits


def is_set(bits: bytes, index: int) -> bool:
    """Whether bit ``index`` of ``bits`` is 1."""
    if not 0 <= index < len(bits) * 8:
        raise CredentialError("status_unavailable", f"index {index} is outside the status list")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def status_list_credential(
    *, issuer: str, url: str, encoded_list: str, now: datetime, valid_for: timedelta
) -> dict[str, Any]:
    """The ``BitstringStatusListCredential`` (the ``vc`` claim) that publishes a list."""
    return {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": iso(now),
        "validUntil": iso(now + valid_for),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list,
        },
    }

