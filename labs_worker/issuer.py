"""The credential issuer: the key, the roster and the content, and what they make.

:class:`CredentialIssuer` is built by ``create_app`` when a credential key is
configured (``LABS_CREDENTIAL_KEY`` or ``LABS_CREDENTIAL_KEY_FILE``). It turns
a graded, passing request into a signed ``OpenBadgeCredential`` recorded in
the roster, and signs the revocation status list from the roster.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from labs_worker.credential_request import (
    CredentialRequest,
    GradedRequest,
    GradingContent,
    default_docs_dir,
)
from labs_worker.roster import IndexTaken, Roster, RosterEntry, open_roster
from labs_worker.settings import Settings
from quiz_engine.core.errors import CourseError
from quiz_engine.credentials.credential import (
    Award,
    Course,
    IssuerProfile,
    QuizScore,
    build_credential,
    hash_identity,
    jwt_payload,
    sign,
)
from quiz_engine.credentials.errors import CredentialError
from quiz_engine.credentials.keys import SigningKey, read_private_jwk
from quiz_engine.credentials.status_list import encode_status_list, status_list_credential

__all__ = ["CredentialIssuer", "Issued", "read_signing_key"]

#: How long a signed status list is good for: verifiers fetch a fresh one.
STATUS_LIST_VALIDITY = timedelta(days=1)
#: Tries at a free random status index before giving up (each collision is rare).
INDEX_TRIES = 8


def read_signing_key(settings: Settings) -> SigningKey:
    """The private key of ``LABS_CREDENTIAL_KEY`` (or the file it names); CourseError if bad."""
    name = "LABS_CREDENTIAL_KEY"
    text = settings.credential_key
    if settings.credential_key_file:
        name = "LABS_CREDENTIAL_KEY_FILE"
        try:
            text = Path(settings.credential_key_file).read_text(encoding="utf-8")
        except OSError as error:
            raise CourseError(
                f"can't be read ({error.strerror})", key=name,
                fix="give the path of the file `python -m labs_worker keygen --out` wrote",
            ) from None
    try:
        return read_private_jwk(text)
    except CredentialError as error:
        raise CourseError(
            f"is not a usable key: {error}", key=name,
            fix="make one with `python -m labs_worker keygen` and set its private JWK",
        ) from None


@dataclass(frozen=True)
class Issued:
    """A credential just issued."""

    token: str
    id: str
    score: int
    total: int


class CredentialIssuer:
    """Issues, records and revokes-by-status-list the course's credentials."""

    def __init__(
        self, settings: Settings, key: SigningKey, roster: Roster, content: GradingContent
    ) -> None:
        self.settings = settings
        self.key = key
        self.roster = roster
        self.content = content

    @classmethod
    def from_settings(cls, settings: Settings) -> CredentialIssuer | None:
        """The issuer ``settings`` configure, or ``None`` without a credential key."""
        if not settings.credentials_on:
            return None
        key = read_signing_key(settings)
        docs = Path(settings.docs_dir) if settings.docs_dir else default_docs_dir()
        content = GradingContent.load(docs)
        try:
            roster = open_roster(settings.credentials_db)
        except Exception as error:
            raise CourseError(
                f"the roster database can't be opened ({type(error).__name__})",
                key="LABS_CREDENTIALS_DB",
                fix="check the URL, that the server is up and the driver installed",
            ) from None
        return cls(settings, key, roster, content)

    def secrets(self) -> tuple[str, ...]:
        """The key's private part, for the log redaction."""
        return (self.key.secret,) if self.key.secret else ()

    def issuer_id(self, request_base: str) -> str:
        """The issuer id: ``LABS_PUBLIC_URL``, else the URL the request came to."""
        return (self.settings.public_url or request_base).rstrip("/")

    def status_url(self, issuer_id: str) -> str:
        """Where the revocation status list is published."""
        return f"{issuer_id}/v1/credentials/status"

    def _profile(self, issuer_id: str) -> IssuerProfile:
        url = (self.settings.issuer_url or issuer_id).rstrip("/")
        return IssuerProfile(issuer_id, self.settings.issuer_name, url)

    def issue(
        self, request: CredentialRequest, graded: GradedRequest, *, issuer_id: str,
        client_group: str, now: datetime,
    ) -> Issued:
        """Sign a credential for a passing ``graded`` request and record it (blocking: a thread).

        Each try picks a random free status index; if another process takes it
        first, the next try picks another.
        """
        result = graded.result
        salt = secrets.token_hex(16) if request.email else ""
        identity = hash_identity(request.email, salt) if request.email else ""
        credential_id = f"urn:uuid:{uuid.uuid4()}"
        issued_at = now.replace(microsecond=0)
        for attempt in range(INDEX_TRIES):
            index = self.roster.pick_index()
            award = Award(
                credential_id=credential_id, subject_id=f"urn:uuid:{uuid.uuid4()}",
                name=request.name, test_id=graded.test.id, test_title=graded.test.title,
                content_version=graded.version, score=result.score, total=result.total,
                needed=result.needed, issued_at=issued_at,
                valid_until=issued_at + timedelta(days=self.settings.credential_days),
                status_url=self.status_url(issuer_id), status_index=index,
                identity_hash=identity, salt=salt,
                quizzes=tuple(QuizScore(q.id, q.title, right, len(q.questions))
                              for q, right in graded.quizzes),
            )
            vc = build_credential(self._profile(issuer_id), Course(self.settings.course_name),
                                  award)
            token = sign(jwt_payload(vc), self.key)
            try:
                self.roster.add(RosterEntry(
                    id=credential_id, status_index=index, name=request.name,
                    email_hash=identity or None, email_salt=salt or None,
                    test_id=graded.test.id, score=result.score, total=result.total,
                    content_version=graded.version, issued_at=issued_at,
                    client_group=client_group,
                ))
            except IndexTaken:
                if attempt == INDEX_TRIES - 1:
                    raise
                continue
            return Issued(token, credential_id, result.score, result.total)
        raise IndexTaken("no free index")  # pragma: no cover - the loop returns or raises

    def status_list(self, issuer_id: str, now: datetime) -> str:
        """The signed ``BitstringStatusListCredential`` (blocking: run it in a thread)."""
        revoked, size = self.roster.revoked_indices()
        url = self.status_url(issuer_id)
        vc = status_list_credential(
            issuer=issuer_id, url=url, encoded_list=encode_status_list(revoked, size),
            now=now, valid_for=STATUS_LIST_VALIDITY,
        )
        return sign(jwt_payload(vc), self.key)

    def close(self) -> None:
        """Let go of the roster's connections."""
        self.roster.close()
