"""The credential itself: an Open Badges 3.0 ``OpenBadgeCredential``, signed as a VC-JWT.

:func:`build_credential` writes the credential (the ``vc`` claim) for one
:class:`Award`; :func:`jwt_payload` adds the registered claims Open Badges'
VC-JWT proof format maps from it (``iss`` = ``issuer.id``, ``jti`` = ``id``,
``sub`` = ``credentialSubject.id``, ``nbf``/``iat`` = ``validFrom``, ``exp`` =
``validUntil``); :func:`sign` signs it with the issuer's Ed25519 key (EdDSA).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the model itself is standard library; signing needs PyJWT
    from .keys import SigningKey

__all__ = [
    "COURSE_NAME",
    "OB_CONTEXT",
    "VC_CONTEXT",
    "Award",
    "Course",
    "IssuerProfile",
    "QuizScore",
    "build_credential",
    "hash_identity",
    "iso",
    "jwt_payload",
    "sign",
]

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


def iso(moment: datetime) -> str:
    """``2026-03-01T12:00:00Z``: ISO 8601 in UTC, to the second."""
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def hash_identity(email: str, salt: str) -> str:
    """Open Badges' salted identity hash of an e-mail address: ``sha256$<hex>``.

    The address is trimmed and lower-cased first, so the holder can prove it
    however they type it.
    """
    text = email.strip().lower() + salt
    return "sha256$" + hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IssuerProfile:
    """Who issues the credential: its ``id`` is the worker's public URL."""

    id: str
    name: str
    url: str


COURSE_NAME = "Module 8 — Build Your First Deep Learning Project"


@dataclass(frozen=True)
class Course:
    """What the credential is for, in words: the course's name and the criteria."""

    name: str = COURSE_NAME

    @property
    def description(self) -> str:
        """The achievement's description."""
        return f"Completed the course {self.name} and passed its Module Test."

    @property
    def criteria(self) -> str:
        """The achievement's criteria, honest about what was checked and what was not."""
        return (
            "Pass the Module Test: at least its pass mark of questions answered right. The "
            "answers are checked by the server, which grades them itself with the course's "
            "own grading code against the same test the site was built from. The test is "
            "not proctored: nothing here proves who answered it, or without what help."
        )


@dataclass(frozen=True)
class QuizScore:
    """A lesson quiz the learner's answers were graded for, besides the test."""

    quiz_id: str
    title: str
    score: int
    total: int


@dataclass(frozen=True)
class Award:
    """Everything one credential says about its holder and their result."""

    credential_id: str
    subject_id: str
    name: str
    test_id: str
    test_title: str
    content_version: str
    score: int
    total: int
    needed: int
    issued_at: datetime
    valid_until: datetime
    status_url: str
    status_index: int
    #: ``hash_identity(email, salt)`` and its salt, or empty without an e-mail.
    identity_hash: str = ""
    salt: str = ""
    quizzes: tuple[QuizScore, ...] = ()


def _achievement(issuer: IssuerProfile, course: Course, award: Award) -> dict[str, Any]:
    achievement_id = f"{issuer.id}/v1/credentials/achievements/{award.test_id}"
    descriptions = [{
        "id": f"{achievement_id}#score",
        "type": ["ResultDescription"],
        "name": f"{award.test_title} score",
        "resultType": "RawScore",
        "valueMin": "0",
        "valueMax": str(award.total),
        "requiredValue": str(award.needed),
    }]
    descriptions += [{
        "id": f"{achievement_id}#quiz-{quiz.quiz_id}",
        "type": ["ResultDescription"],
        "name": f"{quiz.title} (quiz) score",
        "resultType": "RawScore",
        "valueMin": "0",
        "valueMax": str(quiz.total),
    } for quiz in award.quizzes]
    return {
        "id": achievement_id,
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": course.name,
        "description": course.description,
        "criteria": {"narrative": course.criteria},
        "resultDescription": descriptions,
        "version": award.content_version,
    }


def build_credential(issuer: IssuerProfile, course: Course, award: Award) -> dict[str, Any]:
    """The ``OpenBadgeCredential`` for ``award`` (the VC-JWT's ``vc`` claim)."""
    achievement = _achievement(issuer, course, award)
    results = [{
        "type": ["Result"],
        "resultDescription": f"{achievement['id']}#score",
        "value": f"{award.score}/{award.total}",
        "status": "Completed",
    }]
    results += [{
        "type": ["Result"],
        "resultDescription": f"{achievement['id']}#quiz-{quiz.quiz_id}",
        "value": f"{quiz.score}/{quiz.total}",
    } for quiz in award.quizzes]
    subject: dict[str, Any] = {
        "id": award.subject_id,
        "type": ["AchievementSubject"],
        "name": award.name,
        "achievement": achievement,
        "result": results,
    }
    if award.identity_hash:
        subject["identifier"] = [{
            "type": "IdentityObject",
            "identityHash": award.identity_hash,
            "identityType": "emailAddress",
            "hashed": True,
            "salt": award.salt,
        }]
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": award.credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{course.name}: certificate of completion",
        "issuer": {"id": issuer.id, "type": ["Profile"], "name": issuer.name, "url": issuer.url},
        "validFrom": iso(award.issued_at),
        "validUntil": iso(award.valid_until),
        "awardedDate": iso(award.issued_at),
        "credentialSubject": subject,
        "credentialStatus": {
            "id": f"{award.status_url}#{award.status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(award.status_index),
            "statusListCredential": award.status_url,
        },
        "evidence": [{
            "type": ["Evidence"],
            "name": award.test_title,
            "description": f"{award.test_title}, content version {award.content_version}: "
            f"{award.score} of {award.total} answers right ({award.needed} needed), graded by "
            "the issuer's server.",
        }],
    }


def _seconds(text: str) -> int:
    return int(datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp())


def jwt_payload(vc: dict[str, Any]) -> dict[str, Any]:
    """The JWT claims for a credential ``vc`` (any VC with ``validFrom``/``validUntil``)."""
    issuer = vc["issuer"]
    payload: dict[str, Any] = {
        "iss": issuer["id"] if isinstance(issuer, dict) else issuer,
        "jti": vc["id"],
        "nbf": _seconds(vc["validFrom"]),
        "iat": _seconds(vc["validFrom"]),
        "vc": vc,
    }
    subject_id = vc.get("credentialSubject", {}).get("id")
    if subject_id:
        payload["sub"] = subject_id
    if "validUntil" in vc:
        payload["exp"] = _seconds(vc["validUntil"])
    return payload


def sign(payload: dict[str, Any], key: SigningKey) -> str:
    """The compact VC-JWT: ``payload`` signed with EdDSA, ``kid`` in the header."""
    import jwt

    return jwt.encode(payload, key.private_key, algorithm="EdDSA",
                      headers={"kid": key.kid, "typ": "JWT"})
