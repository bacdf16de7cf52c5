"""The instructor's commands: ``keygen`` and ``credentials list|revoke``.

``python -m labs_worker keygen [--out FILE] [--public FILE]``
    Make a new Ed25519 signing key. The private JWK goes to FILE (created
    with mode 0600; an existing file is never overwritten) or to stdout; the
    public JWKS to ``--public FILE`` or stdout.
``python -m labs_worker credentials list [--csv] [--db URL]``
    The roster: every credential issued, oldest first (``--csv``: every
    column, for a spreadsheet).
``python -m labs_worker credentials revoke ID [--db URL]``
    Mark a credential revoked: the worker's status list says so from then on.

The roster is ``--db`` or ``LABS_CREDENTIALS_DB`` (as the worker reads it).
Exit status 0 when done, 1 for an unknown credential id, 2 when the command
could not run.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from labs_worker.settings import Settings
from quiz_engine.core.errors import CourseError

if TYPE_CHECKING:
    from labs_worker.roster import Roster, RosterEntry

__all__ = ["COMMANDS", "main"]

COMMANDS = ("keygen", "credentials")
OK, UNKNOWN, REFUSED = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m labs_worker",
        description="The labs worker's instructor commands (without one, it serves).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")
    keygen = commands.add_parser(
        "keygen", help="make a new Ed25519 key to sign completion credentials with",
        description="Write a new private Ed25519 JWK (the worker's LABS_CREDENTIAL_KEY) and "
        "print its public JWKS (for the site's credential_keys file).",
    )
    keygen.add_argument("--out", type=Path,
                        help="write the private key to this new file (mode 0600) instead of "
                        "printing it")
    keygen.add_argument("--public", type=Path,
                        help="write the public JWKS to this file instead of printing it")
    credentials = commands.add_parser(
        "credentials", help="the roster of issued credentials: list or revoke",
        description="List the credentials the worker issued, or revoke one.",
    )
    actions = credentials.add_subparsers(dest="action", required=True, metavar="action")
    listing = actions.add_parser("list", help="every credential issued, oldest first")
    listing.add_argument("--csv", action="store_true", help="every column, as CSV")
    revoke = actions.add_parser("revoke", help="mark one credential revoked")
    revoke.add_argument("id", help="the credential's id (urn:uuid:… or just the uuid)")
    for action in (listing, revoke):
        action.add_argument("--db", help="the roster's SQLAlchemy URL (LABS_CREDENTIALS_DB)")
    return parser


def _write_new(path: Path, text: str) -> None:
    """Create ``path`` readable by its owner only; refuse an existing file."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(text)


def _keygen(args: argparse.Namespace) -> int:
    with _credential_packages():
        from quiz_engine.credentials.keys import generate_private_jwk, public_jwks
    private = generate_private_jwk()
    private_text = json.dumps(private)
    public_text = json.dumps(public_jwks([private]), indent=2)
    if args.out is not None:
        try:
            _write_new(args.out, private_text + "\n")
        except FileExistsError:
            print(f"error: {args.out} exists; a key is never overwritten (credentials signed "
                  "with it would stop verifying). Choose another path.", file=sys.stderr)
            return REFUSED
        except OSError as error:
            print(f"error: can't write {args.out}: {error.strerror}", file=sys.stderr)
            return REFUSED
        print(f"private key written to {args.out} (mode 0600): keep it secret", file=sys.stderr)
    else:
        print("# the private key: keep it secret (LABS_CREDENTIAL_KEY)", file=sys.stderr)
        print(private_text)
    if args.public is not None:
        args.public.write_text(public_text + "\n", encoding="utf-8")
        print(f"public JWKS written to {args.public}", file=sys.stderr)
    else:
        print("# the public JWKS (the site's credential_keys file)", file=sys.stderr)
        print(public_text)
    return OK


def _when(moment: datetime | None) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if moment else ""


def _line(entry: RosterEntry) -> str:
    revoked = f"  revoked {_when(entry.revoked_at)}" if entry.revoked_at else ""
    return (f"{_when(entry.issued_at)}  {entry.id}  {entry.score}/{entry.total}  "
            f"v{entry.content_version}  {entry.name}{revoked}")


def _roster(args: argparse.Namespace, env: Mapping[str, str]) -> Roster:
    url = args.db or Settings.from_env(env).credentials_db
    with _credential_packages():
        from labs_worker.roster import open_roster
    return open_roster(url)


@contextlib.contextmanager
def _credential_packages() -> Iterator[None]:
    """Import what a command needs (PyJWT, SQLAlchemy) in the block: only the commands do,
    so that ``python -m labs_worker`` serves without them (and starts sooner)."""
    try:
        yield
    except ImportError as error:
        raise CourseError(
            f"the credential commands need packages this host cannot import ({error})",
            fix="install the worker with its credentials extra (pip install 'quiz-engine[worker]')",
        ) from error


def _credentials(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    roster = _roster(args, env)
    try:
        if args.action == "list":
            if args.csv:
                sys.stdout.write(roster.to_csv())
            else:
                entries = list(roster.entries())
                for listed in entries:
                    print(_line(listed))
                print(f"{len(entries)} credential(s), "
                      f"{sum(e.revoked_at is not None for e in entries)} revoked",
                      file=sys.stderr)
            return OK
        before = roster.get(args.id)
        entry = roster.revoke(args.id, datetime.now(UTC))
        if entry is None:
            print(f"error: no credential {args.id!r} in the roster", file=sys.stderr)
            return UNKNOWN
        if before is not None and before.revoked_at is not None:
            print(f"{entry.id} was already revoked ({_when(entry.revoked_at)})")
        else:
            print(f"revoked {entry.id} ({entry.name}, {entry.score}/{entry.total}); the status "
                  "list says so from now on")
        return OK
    finally:
        roster.close()


def main(argv: Sequence[str], env: Mapping[str, str] | None = None) -> int:
    """Run one instructor command; return the exit status."""
    args = _parser().parse_args(argv)
    environment = os.environ if env is None else env
    try:
        if args.command == "keygen":
            return _keygen(args)
        return _credentials(args, environment)
    except CourseError as error:
        print(f"labs worker: {error}", file=sys.stderr)
        return REFUSED
    except Exception as error:  # the database: a bad URL, a server that is down
        print(f"labs worker: the roster can't be used ({type(error).__name__}: {error})",
              file=sys.stderr)
        return REFUSED
