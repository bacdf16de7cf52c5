"""Completion credentials: Open Badges 3.0 shape, EdDSA signature, dates, keys, revocation."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from quiz_engine.credentials.credential import (
    OB_CONTEXT,
    VC_CONTEXT,
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
from quiz_engine.credentials.keys import (
    generate_private_jwk,
    load_public_keys,
    read_private_jwk,
    thumbprint,
)
from quiz_engine.credentials.status_list import (
    MIN_BITS,
    decode_status_list,
    encode_status_list,
    is_set,
    list_size,
    status_list_credential,
)
from quiz_engine.credentials.verify import check_revocation, verify_credential

ISSUED = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
ISSUER = IssuerProfile("https://labs.example.org", "Example course team", "https://example.org")
STATUS_URL = "https://labs.example.org/v1/credentials/status"
KEY = read_private_jwk(json.dumps(generate_private_jwk()))
KEYS = load_public_keys(KEY.jwks())


def award(**changes: Any) -> Award:
    values: dict[str, Any] = {
        "credential_id": "urn:uuid:6f1d2a34-0000-4000-8000-000000000001",
        "subject_id": "urn:uuid:6f1d2a34-0000-4000-8000-000000000002",
        "name": "Ada Lovelace", "test_id": "module-test", "test_title": "Module 8 Test",
        "content_version": "0123456789ab", "score": 13, "total": 15, "needed": 12,
        "issued_at": ISSUED, "valid_until": ISSUED + timedelta(days=3650),
        "status_url": STATUS_URL, "status_index": 4242,
        "identity_hash": hash_identity("Ada@Example.org ", "pepper"), "salt": "pepper",
        "quizzes": (QuizScore("lesson-1", "Picking Your Project", 4, 5),),
    }
    return Award(**(values | changes))


def token(**changes: Any) -> str:
    return sign(jwt_payload(build_credential(ISSUER, Course(), award(**changes))), KEY)


def _part(text: str) -> dict[str, Any]:
    return json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))


def _encode(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_the_credential_has_every_field_open_badges_3_requires() -> None:
    """OpenBadgeCredential, Profile, AchievementSubject, Achievement, Result: required fields."""
    vc = build_credential(ISSUER, Course(), award())
    assert vc["@context"] == [VC_CONTEXT, OB_CONTEXT]
    assert vc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    for name in ("id", "name", "issuer", "validFrom", "credentialSubject"):
        assert vc[name], name
    assert vc["id"].startswith("urn:uuid:")
    assert vc["validFrom"] == "2026-03-01T12:00:00Z"
    assert vc["validUntil"] == "2036-02-27T12:00:00Z"
    assert vc["issuer"] == {"id": ISSUER.id, "type": ["Profile"], "name": ISSUER.name,
                            "url": ISSUER.url}
    subject = vc["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"] and subject["name"] == "Ada Lovelace"
    achievement = subject["achievement"]
    for name in ("id", "type", "criteria", "description", "name"):
        assert achievement[name], name
    assert achievement["type"] == ["Achievement"]
    assert "not proctored" in achievement["criteria"]["narrative"]
    assert "checked by the server" in achievement["criteria"]["narrative"]
    assert achievement["version"] == "0123456789ab"
    score_description = achievement["resultDescription"][0]
    assert score_description["id"] == f"{achievement['id']}#score"
    assert score_description["type"] == ["ResultDescription"]
    assert score_description["resultType"] == "RawScore" and score_description["name"]
    result = subject["result"][0]
    assert result == {"type": ["Result"], "resultDescription": score_description["id"],
                      "value": "13/15", "status": "Completed"}
    quiz_ids = {d["id"] for d in achievement["resultDescription"]}
    assert all(r["resultDescription"] in quiz_ids for r in subject["result"])
    assert vc["evidence"][0]["type"] == ["Evidence"]
    assert "0123456789ab" in vc["evidence"][0]["description"]
    status = vc["credentialStatus"]
    assert status == {"id": f"{STATUS_URL}#4242", "type": "BitstringStatusListEntry",
                      "statusPurpose": "revocation", "statusListIndex": "4242",
                      "statusListCredential": STATUS_URL}


def test_the_e_mail_is_only_a_salted_hash() -> None:
    """IdentityObject: sha256$ of the trimmed, lower-cased address and the salt; no address."""
    vc = build_credential(ISSUER, Course(), award())
    identity = vc["credentialSubject"]["identifier"][0]
    assert identity == {"type": "IdentityObject", "identityHash": hash_identity(
        "ada@example.org", "pepper"), "identityType": "emailAddress", "hashed": True,
        "salt": "pepper"}
    assert identity["identityHash"].startswith("sha256$")
    assert "example.org" not in json.dumps(vc).lower().replace("labs.example.org", "") \
        .replace("https://example.org", "")
    assert "identifier" not in build_credential(
        ISSUER, Course(), award(identity_hash="", salt=""))["credentialSubject"]


def test_the_jwt_maps_the_registered_claims_and_header() -> None:
    """iss = issuer.id, jti = id, sub = subject id, nbf = iat = validFrom, exp = validUntil."""
    head, body, _ = token().split(".")
    assert _part(head) == {"alg": "EdDSA", "typ": "JWT", "kid": KEY.kid}
    claims = _part(body)
    vc = claims["vc"]
    assert claims["iss"] == vc["issuer"]["id"] and claims["jti"] == vc["id"]
    assert claims["sub"] == vc["credentialSubject"]["id"]
    assert claims["nbf"] == claims["iat"] == int(ISSUED.timestamp())
    assert claims["exp"] == int((ISSUED + timedelta(days=3650)).timestamp())


def test_a_fresh_credential_verifies() -> None:
    """Signature, dates and shape pass; the summary shows name, score and date."""
    verified = verify_credential(token(), KEYS, now=ISSUED + timedelta(days=1))
    summary = verified.summary()
    assert summary["name"] == "Ada Lovelace" and summary["score"] == "13/15"
    assert summary["issued"] == "2026-03-01T12:00:00Z"
    assert summary["content_version"] == "0123456789ab"
    assert verified.status_entry() == (STATUS_URL, 4242, "revocation")


@pytest.mark.parametrize("change", [
    lambda vc: vc["credentialSubject"].__setitem__("name", "Mallory"),
    lambda vc: vc["credentialSubject"]["result"][0].__setitem__("value", "15/15"),
])
def test_a_changed_name_or_score_fails_the_signature(change: Any) -> None:
    """Editing the payload without the key breaks the signature."""
    head, body, signature = token().split(".")
    claims = _part(body)
    change(claims["vc"])
    forged = ".".join([head, _encode(claims), signature])
    with pytest.raises(CredentialError) as error:
        verify_credential(forged, KEYS, now=ISSUED)
    assert error.value.reason == "bad_signature"


@pytest.mark.parametrize(("now", "reason"), [
    (ISSUED - timedelta(seconds=1), "not_yet_valid"),
    (ISSUED + timedelta(days=3650), "expired"),
])
def test_dates_outside_nbf_and_exp_fail(now: datetime, reason: str) -> None:
    """nbf <= now < exp, each failure with its own reason."""
    verify_credential(token(), KEYS, now=ISSUED)
    with pytest.raises(CredentialError) as error:
        verify_credential(token(), KEYS, now=now)
    assert error.value.reason == reason


def test_a_key_not_in_the_set_is_an_unknown_key() -> None:
    """A credential signed by another key (another kid) is refused as such."""
    other = load_public_keys(read_private_jwk(json.dumps(generate_private_jwk())).jwks())
    with pytest.raises(CredentialError) as error:
        verify_credential(token(), other, now=ISSUED)
    assert error.value.reason == "unknown_key"


def test_another_key_under_the_same_kid_is_a_bad_signature() -> None:
    """The kid decides which key is tried; a key swapped under it fails the signature."""
    other = read_private_jwk(json.dumps(generate_private_jwk()))
    swapped = {KEY.kid: next(iter(load_public_keys(other.jwks()).values()))}
    with pytest.raises(CredentialError) as error:
        verify_credential(token(), swapped, now=ISSUED)
    assert error.value.reason == "bad_signature"


@pytest.mark.parametrize("text", ["", "not a jwt", "a.b.c", "eyJhbGciOiJIUzI1NiJ9.e30.x"])
def test_malformed_text_is_malformed(text: str) -> None:
    """Not a JWT, or not EdDSA: malformed."""
    with pytest.raises(CredentialError) as error:
        verify_credential(text, KEYS, now=ISSUED)
    assert error.value.reason == "malformed"


def test_a_signed_jwt_that_is_no_open_badge_is_not_a_course_credential() -> None:
    """Signed by the key but not an OpenBadgeCredential, or with iss/jti not matching."""
    vc = build_credential(ISSUER, Course(), award())
    for change in ({"vc": {**vc, "type": ["VerifiableCredential"]}}, {"iss": "https://x"},
                   {"jti": "urn:uuid:other"}, {"vc": "text"}):
        forged = sign(jwt_payload(vc) | change, KEY)
        with pytest.raises(CredentialError) as error:
            verify_credential(forged, KEYS, now=ISSUED)
        assert error.value.reason == "not_course_credential", change


def test_keys_have_their_thumbprint_as_kid_and_refuse_public_or_broken_ones() -> None:
    """kid is RFC 7638's thumbprint; a public JWK, a wrong curve or a mismatched x is refused."""
    private = generate_private_jwk()
    assert private["kid"] == thumbprint(private)
    # RFC 8037 appendix A.3: the thumbprint of its example Ed25519 key.
    example = {"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}
    assert thumbprint(example) == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
    public = KEY.jwks()["keys"][0]
    assert set(public) == {"kty", "crv", "x", "kid", "alg", "use"}
    for bad in ("{", json.dumps(public), json.dumps({**private, "crv": "X25519"}),
                json.dumps({**private, "x": public["x"][:-2] + "AA"})):
        with pytest.raises(CredentialError) as error:
            read_private_jwk(bad)
        assert error.value.reason == "bad_key"


def test_the_status_list_sets_the_most_significant_bit_first() -> None:
    """Bit 0 is the first byte's top bit; lists are at least 131072 bits, GZIP, base64url."""
    encoded = encode_status_list([0, 9, MIN_BITS - 1])
    assert encoded.startswith("u") and "=" not in encoded
    bits = decode_status_list(encoded)
    assert len(bits) * 8 == MIN_BITS
    assert bits[0] == 0x80 and bits[1] == 0x40 and bits[-1] == 0x01
    assert [i for i in range(MIN_BITS) if is_set(bits, i)] == [0, 9, MIN_BITS - 1]
    assert list_size(0) == list_size(MIN_BITS // 2) == MIN_BITS
    assert list_size(MIN_BITS // 2 + 1) == 2 * MIN_BITS
    with pytest.raises(CredentialError):
        decode_status_list(encode_status_list([])[:-40])
    with pytest.raises(ValueError, match="outside"):
        encode_status_list([MIN_BITS])


def _status_token(revoked: list[int], **changes: Any) -> str:
    vc = status_list_credential(issuer=ISSUER.id, url=STATUS_URL,
                                encoded_list=encode_status_list(revoked), now=ISSUED,
                                valid_for=timedelta(days=1))
    return sign(jwt_payload(vc | changes), KEY)


def test_revocation_is_read_from_the_signed_status_list() -> None:
    """The credential's bit in the issuer's list: set means revoked."""
    verified = verify_credential(token(), KEYS, now=ISSUED)
    now = ISSUED + timedelta(hours=1)
    assert check_revocation(verified, _status_token([4242]), KEYS, now=now) is True
    assert check_revocation(verified, _status_token([4241, 4243]), KEYS, now=now) is False


def test_a_status_list_that_cannot_be_trusted_is_unavailable() -> None:
    """Another issuer, another URL, an unsigned list or an expired one: not checked, not valid."""
    verified = verify_credential(token(), KEYS, now=ISSUED)
    now = ISSUED + timedelta(hours=1)
    head, body, signature = _status_token([]).split(".")
    claims = _part(body)
    claims["vc"]["credentialSubject"]["encodedList"] = encode_status_list([4242])
    bad_tokens = [
        _status_token([4242], issuer="https://other.example"),
        _status_token([4242], id="https://labs.example.org/other"),
        ".".join([head, _encode(claims), signature]),
        token(),
    ]
    for bad in bad_tokens:
        with pytest.raises(CredentialError) as error:
            check_revocation(verified, bad, KEYS, now=now)
        assert error.value.reason == "status_unavailable"
    with pytest.raises(CredentialError) as error:
        check_revocation(verified, _status_token([]), KEYS, now=ISSUED + timedelta(days=2))
    assert "expired" in str(error.value)
