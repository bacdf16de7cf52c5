"""``python -m quiz_engine verify CREDENTIAL [--keys FILE_OR_URL] [--offline] [--json]``.

Checks a completion credential (a VC-JWT) as the site's verify page does:
the signature against the course's public keys, the dates, that it is the
course's ``OpenBadgeCredential``; then, unless ``--offline``, whether its
issuer has revoked it (the status list named in the credential, fetched over
HTTP). Without ``--keys`` the keys are fetched from the issuer named in the
credential (``<issuer>/v1/credentials/jwks.json``).

Exit status 0: valid (revocation checked, or said why not); 1: invalid, with
the reason; 2: the command could not run (no such file, no keys, bad usage).
Needs the ``credentials`` extra (PyJWT with cryptography).
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

__all__ = ["add_command", "fetch_text", "run_command"]

OK, INVALID, REFUSED = 0, 1, 2
#: Largest document fetched (a status list is about 16 KB compressed), and the wait.
MAX_FETCH_BYTES = 2 * 1024 * 1024
FETCH_TIMEOUT = 10.0


class UsageError(Exception):
    """The command can't run as asked (exit status 2)."""


def add_command(commands: Any) -> None:
    """Register ``verify`` on the command line's subparsers."""
    command = commands.add_parser(
        "verify", help="check a completion credential (signature, dates, course, revocation)",
        description="Check a completion credential as the site's verify page does. Exit "
        "status 0: valid; 1: invalid (the reason is printed); 2: the command could not run.",
    )
    command.add_argument("credential", help="the file holding the credential (a VC-JWT), "
                         "or - to read it from stdin")
    command.add_argument("--keys", help="the public JWKS: a file, or an http(s) URL (default: "
                         "<issuer>/v1/credentials/jwks.json, from the credential)")
    command.add_argument("--offline", action="store_true",
                         help="fetch nothing: revocation is not checked (needs --keys FILE)")
    command.add_argument("--json", action="store_true", help="print the result as JSON")


def fetch_text(url: str) -> str:
    """GET ``url`` (http or https only) and return its text; ``OSError`` if that fails."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise OSError(f"{url!r} is not an http(s) URL")
    request = urllib.request.Request(url, headers={"Accept": "application/vc+jwt, "
                                                   "application/json, */*"})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
            data: bytes = response.read(MAX_FETCH_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise OSError(f"{url} answered HTTP {error.code}") from None
    except (urllib.error.URLError, TimeoutError) as error:
        reason = getattr(error, "reason", error)
        raise OSError(f"{url} could not be reached ({reason})") from None
    if len(data) > MAX_FETCH_BYTES:
        raise OSError(f"{url} sent more than {MAX_FETCH_BYTES} bytes")
    return data.decode("utf-8", "replace")


def _read_credential(where: str) -> str:
    try:
        text = sys.stdin.read() if where == "-" else Path(where).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{where}: cannot read it ({error})") from None
    text = text.strip()
    if text.startswith("{"):  # the worker's whole answer, saved as it came
        with contextlib.suppress(ValueError, AttributeError):
            text = str(json.loads(text).get("credential", text))
    return text


def _claimed_issuer(token: str) -> str:
    """The ``iss`` the credential claims (unverified: only to know where its keys are)."""
    try:
        body = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        return str(claims["iss"])
    except (IndexError, ValueError, KeyError, TypeError):
        return ""


def _keys(args: argparse.Namespace, token: str) -> tuple[Any, str]:
    """The JWKS to check against, and where it came from."""
    source = args.keys
    if source is None:
        if args.offline:
            raise UsageError("--offline needs --keys FILE (the course's public JWKS)")
        issuer = _claimed_issuer(token)
        if not issuer:
            return {"keys": []}, "no keys"  # the credential is malformed: said below
        source = f"{issuer.rstrip('/')}/v1/credentials/jwks.json"
    try:
        if urlsplit(source).scheme in ("http", "https"):
            if args.offline:
                raise UsageError("--offline: give the keys as a file, not a URL")
            text = fetch_text(source)
        else:
            text = Path(source).read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise UsageError(f"the keys ({source}) can't be read: {error}") from None
    if isinstance(data, dict) and "keys" not in data and "kty" in data:
        data = {"keys": [data]}  # a single JWK
    return data, source


def _revocation(args: argparse.Namespace, verified: Any, keys: Any) -> tuple[bool, str]:
    """``(revoked, what was checked)``; never raises."""
    from ..credentials.errors import CredentialError
    from ..credentials.verify import check_revocation

    if args.offline:
        return False, "revocation not checked: --offline"
    try:
        entry = verified.status_entry()
        if entry is None:
            return False, "revocation not checked: the credential names no status list"
        revoked = check_revocation(verified, fetch_text(entry[0]), keys)
    except (OSError, CredentialError) as error:
        return False, f"revocation not checked: {error}"
    return revoked, f"checked against {entry[0]}"


def _report(args: argparse.Namespace, result: dict[str, Any]) -> None:
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return
    if not result["valid"]:
        print(f"invalid: {result['message']}")
        return
    summary = result["credential"]
    print(f"valid: {summary['course']}")
    for label, key in (("name", "name"), ("score", "score"), ("issued", "issued"),
                       ("expires", "expires"), ("issuer", "issuer"),
                       ("issuer id", "issuer_id"), ("content version", "content_version"),
                       ("credential id", "id")):
        print(f"  {label}: {summary.get(key)}")
    print(f"  revocation: {result['revocation']}")


def run_command(args: argparse.Namespace) -> int:
    """Run ``verify``; return the exit status."""
    try:
        from ..credentials.errors import CredentialError
        from ..credentials.keys import load_public_keys
        from ..credentials.verify import verify_credential
    except ImportError as error:
        print(f"error: verify needs the credentials extra: pip install 'quiz-engine"
              f"[credentials]' ({error})", file=sys.stderr)
        return REFUSED
    try:
        token = _read_credential(args.credential)
        jwks, source = _keys(args, token)
        keys = load_public_keys(jwks)
    except (UsageError, CredentialError) as error:
        print(f"error: {error}", file=sys.stderr)
        return REFUSED
    try:
        verified = verify_credential(token, keys)
    except CredentialError as error:
        _report(args, {"valid": False, "reason": error.reason, "message": str(error),
                       "keys": source})
        return INVALID
    revoked, checked = _revocation(args, verified, keys)
    if revoked:
        _report(args, {"valid": False, "reason": "revoked",
                       "message": str(CredentialError("revoked", checked)),
                       "credential": verified.summary(), "keys": source})
        return INVALID
    _report(args, {"valid": True, "credential": verified.summary(), "revocation": checked,
                   "keys": source})
    return OK
