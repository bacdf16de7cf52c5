"""The credential endpoints: grade, issue, publish the keys and the status list, refuse well."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient
from worker_helpers import FakeClock, practice_settings

from labs_worker.app import create_app
from labs_worker.credential_request import GradingContent, default_docs_dir
from labs_worker.settings import Settings
from quiz_engine.core.errors import CourseError
from quiz_engine.credentials.keys import generate_private_jwk, load_public_keys
from quiz_engine.credentials.verify import check_revocation, verify_credential

ORIGIN = "http://127.0.0.1:8000"
TEST = GradingContent.load(default_docs_dir()).tests["module-test"]
VERSION = GradingContent.version(TEST)
PRIVATE = generate_private_jwk()


def right_answers(wrong: int = 0) -> dict[str, str]:
    """Every question right, but the first ``wrong`` ones."""
    answers = {}
    for n, question in enumerate(TEST.questions):
        answers[question.id] = next(o.id for o in question.options
                                    if o.correct != (n < wrong))
    return answers


def body(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": "  Ada   Lovelace ", "email": "Ada@Example.org",
        "test": {"id": "module-test", "content_version": VERSION, "answers": right_answers()},
    }
    return values | changes


def settings_for(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {"credential_key": json.dumps(PRIVATE),
                              "credentials_db": f"sqlite:///{tmp_path / 'roster.sqlite3'}"}
    return practice_settings(**(values | overrides))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def client(tmp_path: Path, clock: FakeClock) -> Iterator[TestClient]:
    """A worker with a credential key and an SQLite roster in tmp_path."""
    with TestClient(create_app(settings_for(tmp_path), clock=clock)) as test_client:
        yield test_client


def keys(client: TestClient) -> Any:
    response = client.get("/v1/credentials/jwks.json")
    assert response.status_code == 200
    assert response.headers["cache-control"].startswith("public")
    return load_public_keys(response.json())


def test_a_passing_test_gets_a_credential_that_verifies(
    client: TestClient, clock: FakeClock, tmp_path: Path,
) -> None:
    """201 with the VC-JWT; it verifies against the published JWKS and names the learner."""
    response = client.post("/v1/credentials", json=body(), headers={"Origin": ORIGIN})
    assert response.status_code == 201, response.text
    assert response.headers["access-control-allow-origin"] == ORIGIN
    issued = response.json()
    total = len(TEST.questions)
    assert issued["score"] == issued["total"] == total and issued["passed"] is True
    verified = verify_credential(issued["credential"], keys(client), now=clock.now())
    summary = verified.summary()
    assert summary["id"] == issued["id"] and issued["id"].startswith("urn:uuid:")
    assert summary["name"] == "Ada Lovelace"
    assert summary["score"] == f"{total}/{total}"
    assert summary["content_version"] == VERSION
    assert summary["issuer_id"] == "http://testserver"
    vc = verified.vc
    assert vc["credentialStatus"]["statusListCredential"] == \
        "http://testserver/v1/credentials/status"
    identity = vc["credentialSubject"]["identifier"][0]
    assert identity["hashed"] is True and identity["identityHash"].startswith("sha256$")
    with sqlite3.connect(tmp_path / "roster.sqlite3") as db:
        rows = db.execute("select id, name, score, total, content_version, email_hash, "
                          "client_group, revoked_at from labs_credentials").fetchall()
    assert rows == [(issued["id"], "Ada Lovelace", total, total, VERSION,
                     identity["identityHash"], "testclient", None)]
    assert b"example.org" not in (tmp_path / "roster.sqlite3").read_bytes().lower()


def test_below_the_pass_mark_nothing_is_issued(client: TestClient, tmp_path: Path) -> None:
    """422 not_passed with the worker's own score and what was needed; the roster stays empty."""
    wrong = len(TEST.questions) - 11
    response = client.post("/v1/credentials", json=body(test={
        "id": "module-test", "content_version": VERSION, "answers": right_answers(wrong)}))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "not_passed"
    assert (error["score"], error["total"], error["needed"]) == (11, len(TEST.questions), 12)
    assert "11 of" in error["message"] and "12 of" in error["message"]
    with sqlite3.connect(tmp_path / "roster.sqlite3") as db:
        assert db.execute("select count(*) from labs_credentials").fetchone() == (0,)


def test_another_content_version_is_refused_with_409(client: TestClient) -> None:
    """The page was built from a test the worker does not grade: reload, it says."""
    response = client.post("/v1/credentials", json=body(test={
        "id": "module-test", "content_version": "0123456789ab", "answers": right_answers()}))
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "unknown_version"
    assert "Reload" in response.json()["error"]["message"]


@pytest.mark.parametrize("changes", [
    {"name": ""}, {"name": "   "}, {"name": "x" * 101}, {"name": "Ada\u0007"},
    {"name": "Ada\u202eecalevol"}, {"name": 7}, {"email": "not an address"},
    {"test": {"id": "module-test", "content_version": VERSION}},
    {"test": {"id": "module-test", "content_version": VERSION, "answers": {"x": "a"}}},
    {"test": {"id": "lesson-1", "content_version": VERSION, "answers": {}}},
    {"quizzes": [{"id": "lesson-1", "content_version": "x", "answers": {"q": 1}}]},
    {"extra": True},
])
def test_malformed_requests_are_400(client: TestClient, changes: dict[str, Any]) -> None:
    """Bad names, e-mails, answers or fields: 400 invalid_request, saying which field."""
    response = client.post("/v1/credentials", json=body(**changes))
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "invalid_request"


def test_not_json_wrong_type_and_too_large_are_refused(client: TestClient) -> None:
    """400 for bad JSON, 415 for a form post, 413 past the body cap."""
    bad = client.post("/v1/credentials", content=b"{", headers={"Content-Type":
                                                                  "application/json"})
    assert (bad.status_code, bad.json()["error"]["code"]) == (400, "invalid_json")
    form = client.post("/v1/credentials", content=b"name=Ada",
                       headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert form.status_code == 415
    huge = client.post("/v1/credentials", json=body(name="x" * 40_000))
    assert huge.status_code == 413


def test_quizzes_are_graded_and_shown_as_results(client: TestClient, clock: FakeClock) -> None:
    """Quiz answers sent with the test become Results of the credential, graded by the worker."""
    quiz = GradingContent.load(default_docs_dir()).quizzes["lesson-1"]
    first, second = quiz.questions[:2]
    wrong = next(o.id for o in second.options if not o.correct)
    sent = {"id": "lesson-1", "content_version": GradingContent.version(quiz),
            "answers": {first.id: first.answer, second.id: wrong}}
    response = client.post("/v1/credentials", json=body(quizzes=[sent]))
    assert response.status_code == 201, response.text
    vc = verify_credential(response.json()["credential"], keys(client), now=clock.now()).vc
    results = vc["credentialSubject"]["result"]
    assert [r["value"] for r in results] == [
        f"{len(TEST.questions)}/{len(TEST.questions)}", f"1/{len(quiz.questions)}"]


def test_revoking_sets_the_credential_s_bit_in_the_signed_status_list(
    client: TestClient, clock: FakeClock,
) -> None:
    """GET /v1/credentials/status is an application/vc+jwt list that shows a revocation."""
    first = client.post("/v1/credentials", json=body()).json()
    second = client.post("/v1/credentials", json=body(name="Grace Hopper")).json()
    published = keys(client)
    credentials = [verify_credential(c["credential"], published, now=clock.now())
                   for c in (first, second)]
    status = client.get("/v1/credentials/status")
    assert status.status_code == 200
    assert status.headers["content-type"].startswith("application/vc+jwt")
    assert status.headers["cache-control"] == "no-cache"
    assert [check_revocation(c, status.text, published, now=clock.now())
            for c in credentials] == [False, False]
    issuer = client.app.state.worker.issuer  # type: ignore[attr-defined]
    assert issuer.roster.revoke(first["id"], clock.now()) is not None
    status = client.get("/v1/credentials/status").text
    assert [check_revocation(c, status, published, now=clock.now())
            for c in credentials] == [True, False]


def test_credential_requests_are_rate_limited_per_client(tmp_path: Path) -> None:
    """Past LABS_CREDENTIAL_RPM in a minute: 429 with Retry-After, before any grading."""
    with TestClient(create_app(settings_for(tmp_path, credential_rpm=2))) as client:
        codes = [client.post("/v1/credentials", json=body()).status_code for _ in range(3)]
        assert codes == [201, 201, 429]
        refused = client.post("/v1/credentials", json=body())
        assert refused.json()["error"]["code"] == "rate_limited"
        assert int(refused.headers["retry-after"]) >= 1
        # The labs are limited apart from the certificates.
        assert client.get("/v1/labs").status_code == 200


def test_foreign_origins_are_refused_and_the_site_gets_a_preflight(client: TestClient) -> None:
    """CORS as for chat: 403 for another site; the course site's preflight is allowed."""
    foreign = client.post("/v1/credentials", json=body(), headers={"Origin": "https://evil.test"})
    assert foreign.status_code == 403
    preflight = client.options("/v1/credentials", headers={
        "Origin": ORIGIN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == ORIGIN


def test_without_a_key_credentials_are_off_and_the_rest_works() -> None:
    """503 credentials_off for POST and the status list; an empty JWKS; chat unaffected."""
    with TestClient(create_app(practice_settings())) as client:
        response = client.post("/v1/credentials", json=body())
        assert response.status_code == 503
        assert response.json()["error"]["code"] == "credentials_off"
        assert client.get("/v1/credentials/status").status_code == 503
        assert client.get("/v1/credentials/jwks.json").json() == {"keys": []}
        assert client.get("/healthz").status_code == 200


def test_the_public_url_is_the_issuer_and_the_key_file_works(tmp_path: Path,
                                                             clock: FakeClock) -> None:
    """LABS_PUBLIC_URL names the issuer and the status list; the key may come from a file."""
    key_file = tmp_path / "key.json"
    key_file.write_text(json.dumps(PRIVATE), encoding="utf-8")
    settings = settings_for(tmp_path, credential_key="", credential_key_file=str(key_file),
                            public_url="https://labs.example.org/")
    with TestClient(create_app(settings, clock=clock)) as client:
        issued = client.post("/v1/credentials", json=body()).json()
        vc = verify_credential(issued["credential"], keys(client), now=clock.now()).vc
    assert vc["issuer"]["id"] == "https://labs.example.org"
    assert vc["credentialStatus"]["statusListCredential"] == \
        "https://labs.example.org/v1/credentials/status"


@pytest.mark.parametrize(("overrides", "key"), [
    ({"credential_key": "{not json"}, "LABS_CREDENTIAL_KEY"),
    ({"credential_key": "", "credential_key_file": "/no/such/key.json"},
     "LABS_CREDENTIAL_KEY_FILE"),
    ({"docs_dir": "/no/such/docs"}, "LABS_DOCS_DIR"),
])
def test_a_bad_key_or_docs_folder_stops_the_worker(tmp_path: Path, overrides: dict[str, Any],
                                                   key: str) -> None:
    """The worker refuses to start, naming the setting, rather than issue nothing later."""
    with pytest.raises(CourseError) as error:
        create_app(settings_for(tmp_path, **overrides))
    assert error.value.key == key


#: Python that makes every import of the credential packages fail, as where they can't run.
_REFUSE_CREDENTIAL_PACKAGES = """
import importlib.abc, json, sys
class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("jwt", "cryptography", "sqlalchemy", "psycopg"):
            raise ImportError(f"refused {name}", name=name)
        return None
sys.meta_path.insert(0, Refuse())
"""

_WITHOUT_CREDENTIAL_PACKAGES = _REFUSE_CREDENTIAL_PACKAGES + """
import labs_worker.__main__  # `python -m labs_worker`: the local server, its instructor commands
from starlette.testclient import TestClient
from labs_worker.app import create_app
from labs_worker.settings import Settings
from quiz_engine.core.errors import CourseError
with TestClient(create_app(Settings())) as client:
    print(client.get("/v1/credentials/jwks.json").json())
    print(client.post("/v1/credentials", json={}).status_code)
try:
    create_app(Settings(credential_key="{}"))
except CourseError as error:
    print(error)
"""


def test_without_a_key_the_worker_needs_no_credential_packages() -> None:
    """Where PyJWT and SQLAlchemy can't run (Cloudflare), a worker with no key still serves.

    `python -m labs_worker` starts without them too: its instructor commands
    (keygen, credentials) import them only when run, and a worker starts
    0.7 s sooner for it (SQLAlchemy is most of its imports).
    """
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _WITHOUT_CREDENTIAL_PACKAGES],
                          capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).parents[2])
    assert done.returncode == 0, done.stderr
    jwks, status, refusal = done.stdout.strip().splitlines()
    assert (jwks, status) == ("{'keys': []}", "503")
    assert refusal.startswith("LABS_CREDENTIAL_KEY: completion credentials need packages")


def test_without_the_credential_packages_the_commands_say_what_to_install() -> None:
    import subprocess
    import sys

    script = (_REFUSE_CREDENTIAL_PACKAGES
              + "from labs_worker import admin\nraise SystemExit(admin.main(sys.argv[1:]))\n")
    for command in (["keygen"], ["credentials", "list", "--db", "sqlite://"]):
        done = subprocess.run([sys.executable, "-c", script, *command], capture_output=True,
                              text=True, timeout=120, cwd=Path(__file__).parents[2])
        assert done.returncode == 2, done.stderr
        assert "the credential commands need packages this host cannot import" in done.stderr
        assert "refused " in done.stderr  # which import failed
        assert "pip install 'quiz-engine[worker]'" in done.stderr


def test_the_private_key_never_reaches_a_log(tmp_path: Path) -> None:
    """The key's private part is one of the secrets the log redaction removes."""
    app = create_app(settings_for(tmp_path))
    worker = app.state.worker
    assert PRIVATE["d"] not in worker.redact(f"oops: {PRIVATE['d']}")
    assert PRIVATE["d"] not in repr(worker.issuer.key) + repr(worker.settings)


def test_the_openapi_schemas_describe_the_real_requests_and_answers(client: TestClient) -> None:
    """CredentialRequest accepts what the worker issues for; CredentialIssued and Jwks match."""
    import jsonschema

    from labs_worker.openapi import openapi_document
    from quiz_engine.content.persona import load_personas

    document = openapi_document(practice_settings(), load_personas())

    def valid(name: str, value: Any) -> bool:
        schema = {"components": document["components"], "$ref": f"#/components/schemas/{name}"}
        return jsonschema.Draft202012Validator(schema).is_valid(value)

    good = body()
    assert valid("CredentialRequest", good)
    for bad in (body(name=""), body(extra=1), {"name": "Ada"}, body(quizzes=[{"id": "x"}])):
        assert not valid("CredentialRequest", bad)
        assert client.post("/v1/credentials", json=bad).status_code == 400
    issued = client.post("/v1/credentials", json=good)
    assert issued.status_code == 201 and valid("CredentialIssued", issued.json())
    assert valid("Jwks", client.get("/v1/credentials/jwks.json").json())
    refused = client.post("/v1/credentials", json=body(test={
        "id": "module-test", "content_version": VERSION, "answers": right_answers(10)}))
    assert refused.status_code == 422 and valid("Error", refused.json())
