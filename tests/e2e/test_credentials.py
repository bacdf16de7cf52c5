"""Completion credentials in Chromium: earned from the running labs worker after a passed
Module Test, checked on the verify page (signature, dates, course, revocation), printed;
and, without a worker, an offer that explains instead."""

from __future__ import annotations

import base64
import functools
import json
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from playwright.sync_api import Browser, Locator, Page, Request, Route, expect

from quiz_engine.core.limits import CERTIFICATE_NAME_MAX_CHARS
from tests.e2e.builds import BuiltVariant
from tests.e2e.shots import shoot
from tests.e2e.test_accessibility import axe_violations
from tests.e2e.test_module_test import TEST, answer_all
from tests.e2e.worker_process import CredentialKey

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-results" / "screenshots"
BOOT = 90_000
NAME = "Ada Lovelace"


def b64url(data: bytes) -> str:
    """Base64url without padding."""
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def payload_of(token: str) -> dict[str, Any]:
    """The decoded payload of a compact JWT (not checked)."""
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def with_payload(token: str, payload: dict[str, Any]) -> str:
    """``token`` with its payload replaced and its signature kept: a tampered credential."""
    header, _, signature = token.split(".")
    return f"{header}.{b64url(json.dumps(payload).encode())}.{signature}"


def signed(key: Ed25519PrivateKey, kid: str, *, status: str = "", **changes: Any) -> str:
    """A credential shaped as the worker's, signed here; ``changes`` replace payload claims.

    ``status``: the URL of a status list to name (index 7); none by default.
    """
    now = int(time.time())
    issuer = "http://127.0.0.1:1/"
    credential_id = f"urn:uuid:{uuid.uuid4()}"
    vc = {
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "id": credential_id,
        "name": "Module 8 — completion",
        "issuer": {"id": issuer, "type": ["Profile"], "name": "Test labs", "url": issuer},
        "credentialSubject": {
            "id": f"urn:uuid:{uuid.uuid4()}", "type": ["AchievementSubject"], "name": "Grace Hopper",
            "achievement": {"id": "urn:test:achievement", "type": ["Achievement"],
                            "name": "Module 8 — Build Your First Deep Learning Project",
                            "version": "0123456789ab"},
            "result": [{"type": ["Result"], "resultDescription": "urn:test:achievement#score",
                        "value": "13/15"}],
        },
    }
    if status:
        vc["credentialStatus"] = {
            "id": f"{status}#7", "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
            "statusListIndex": "7", "statusListCredential": status,
        }
    payload = {"iss": issuer, "jti": credential_id, "sub": vc["credentialSubject"]["id"],
               "nbf": now - 60, "iat": now - 60, "exp": now + 86_400, "vc": vc, **changes}
    return jwt.encode(payload, key, algorithm="EdDSA", headers={"kid": kid, "typ": "JWT"})


def verify_on_page(page: Page, site_url: str, token: str) -> None:
    """Open the verify page, paste ``token`` and press Verify."""
    page.goto(f"{site_url}verify/")
    page.get_by_label("The credential").fill(token)
    page.get_by_role("button", name="Verify", exact=True).click()


def assert_axe_clean(page: Page) -> None:
    """No axe violations, with the pointer away from any button (hover colours are Material's)."""
    page.mouse.move(0, 0)
    # Material's hover colours fade: wait for the CSS transitions under way to end.
    page.evaluate("""Promise.all(document.getAnimations()
                       .filter((a) => a instanceof CSSTransition)
                       .map((a) => a.finished.catch(() => {})))""")
    assert axe_violations(page) == []


def screenshot(page: Page, name: str, part: Locator | None = None) -> None:
    """Keep a screenshot (of the whole page, or of ``part``) for people to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    if part is None:
        page.screenshot(path=SHOTS / f"{name}.png", full_page=True)
    else:
        shoot(part, SHOTS / f"{name}.png")


def no_sideways_scroll(page: Page) -> None:
    """The page fits its viewport's width."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def pass_the_test(page: Page, site_url: str) -> None:
    """Take the Module Test with 13 of 15 right and wait for the pass."""
    page.goto(f"{site_url}test/")
    expect(page.get_by_role("button", name="Submit the test")).to_be_enabled()
    answer_all(page, wrong=2)
    page.get_by_role("button", name="Submit the test").click()
    expect(page.locator("[data-test-result]")).to_contain_text("You passed", timeout=BOOT)


def revoke(credential_id: str, env: dict[str, str]) -> str:
    """Revoke a credential with the worker's command line, as an instructor does."""
    result = subprocess.run(
        [sys.executable, "-m", "labs_worker", "credentials", "revoke", credential_id],
        cwd=ROOT, capture_output=True, text=True, timeout=60, env={**os.environ, **env},
        check=False,
    )
    assert result.returncode == 0, f"revoke failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_a_passed_test_earns_a_certificate_that_verifies_until_revoked(
    page: Page, site_url: str, labs_worker_env: dict[str, str]
) -> None:
    """Get the certificate from the worker, verify it, see a tampered copy fail, revoke it.

    A quiz answer kept from an older version of its quiz is not sent (the
    worker would refuse the request), nor does it stop the certificate.
    """
    page.goto(f"{site_url}test/")
    page.evaluate(
        """() => {
             const {site} = JSON.parse(document.getElementById('course-config').textContent);
             const verdict = {answer: 'a', correct: false, feedback: '…'};
             localStorage.setItem(`course:${site}:quiz:lesson-1@0ld0ld0ld0ld`,
                                  JSON.stringify({answers: {anything: verdict}}));
           }"""
    )
    pass_the_test(page, site_url)
    offer = page.locator("[data-course-certificate-offer]")
    expect(offer.get_by_role("heading", name="Get your certificate")).to_be_visible()
    expect(offer).to_contain_text("only a salted hash")
    offer.get_by_role("button", name="Get your certificate").click()
    expect(offer.locator("[data-certificate-status]")).to_contain_text("Write the name")
    expect(offer.get_by_label("Your name")).to_be_focused()
    # The worker's cap on a name, from the page config (quiz_engine/core/limits.py).
    expect(offer.get_by_label("Your name")).to_have_attribute(
        "maxlength", str(CERTIFICATE_NAME_MAX_CHARS)
    )
    expect(offer.get_by_label("Your name")).to_have_accessible_description(
        f"1 to {CERTIFICATE_NAME_MAX_CHARS} characters."
    )
    offer.get_by_label("Your name").fill(f"  {NAME} ")
    offer.get_by_label("E-mail (optional)").fill("ada@example.org")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_axe_clean(page)
    screenshot(page, "certificate-offer-desktop", page.locator("[data-test-result]"))
    offer.get_by_label("Your name").press("Enter")
    credential = offer.get_by_label("Your credential")
    expect(credential).to_have_value(re.compile(r"^eyJ[\w-]+\.[\w-]+\.[\w-]+$"))
    expect(offer).to_contain_text("Your certificate is ready (13 of 15)")
    expect(page.locator("[data-test-result]")).to_contain_text("You passed")  # no regrading
    token = credential.input_value()
    payload = payload_of(token)
    assert payload["vc"]["credentialSubject"]["name"] == NAME
    assert "ada@example.org" not in token and "ada@example.org" not in json.dumps(payload)
    version = page.locator("form[data-course-test]").get_attribute("data-quiz-version")
    assert_axe_clean(page)
    screenshot(page, "certificate-issued-desktop", page.locator("[data-test-result]"))

    page.reload()  # the browser keeps it: shown again, with a way to ask for another
    expect(credential).to_have_value(token)
    expect(offer.get_by_role("button", name="Ask for a new certificate")).to_be_visible()

    with page.expect_download() as download:
        offer.get_by_role("link", name="Download (.jwt)").click()
    assert download.value.suggested_filename.endswith(".jwt")
    assert Path(download.value.path()).read_text(encoding="utf-8") == token

    offer.get_by_role("link", name="Verify page").click()
    result = page.locator("[data-verify-result]")
    expect(result).to_have_attribute("data-verdict", "valid")
    expect(result).to_contain_text("✓ A valid certificate")
    expect(result).to_contain_text(NAME)
    expect(result).to_contain_text("13/15")
    expect(result).to_contain_text(str(version))
    expect(result).to_contain_text(payload["jti"])
    expect(result.locator("[data-revocation]")).to_have_attribute("data-revocation", "checked")
    expect(result).to_be_focused()
    assert_axe_clean(page)
    screenshot(page, "verify-valid-desktop")

    for change in ({"name": "Ada King"}, {"score": "15/15"}):
        tampered = json.loads(json.dumps(payload))
        subject = tampered["vc"]["credentialSubject"]
        if "name" in change:
            subject["name"] = change["name"]
        else:
            subject["result"][0]["value"] = change["score"]
        verify_on_page(page, site_url, with_payload(token, tampered))
        expect(result).to_have_attribute("data-verdict", "bad-signature")
        expect(result).to_contain_text("The signature does not match")
        expect(result).not_to_contain_text(change.get("name", change.get("score", "")))
    screenshot(page, "verify-tampered-desktop")

    revoke(payload["jti"], labs_worker_env)
    verify_on_page(page, site_url, token)
    expect(result).to_have_attribute("data-verdict", "revoked")
    expect(result).to_contain_text("The issuer has revoked it.")
    page.goto(f"{site_url}certificate/#{token}")
    expect(page.locator(".course-printable__message")).to_contain_text("has revoked it")


def fulfil(route: Route, request: Request, *, reply: dict[str, Any]) -> None:
    """Answer a routed request with ``reply`` (``Route.fulfill``'s arguments)."""
    route.fulfill(**reply)


def test_every_refusal_is_explained(page: Page, site_url: str) -> None:
    """The worker's own grading decides (a changed record is refused); each error reads plainly."""
    pass_the_test(page, site_url)
    # The record now claims a pass for answers that are all wrong: the worker grades them itself.
    wrong = {q.id: next(o.id for o in q.options if not o.correct) for q in TEST.questions}
    page.evaluate(
        """(wrong) => {
             const key = Object.keys(localStorage).find((k) => k.includes(':test:module-test@'));
             const record = JSON.parse(localStorage.getItem(key));
             record.last.answers = wrong;
             localStorage.setItem(key, JSON.stringify(record));
           }""",
        wrong,
    )
    page.reload()
    offer = page.locator("[data-course-certificate-offer]")
    status = offer.locator("[data-certificate-status]")
    offer.get_by_label("Your name").fill(NAME)
    ask = offer.get_by_role("button", name="Get your certificate")
    ask.press("Enter")
    expect(status).to_contain_text("graded your answers: 0 of 15, and a certificate needs 12")
    expect(status).to_contain_text("Nothing was issued.")
    expect(offer.get_by_label("Your credential")).to_have_count(0)

    labs = page.evaluate("JSON.parse(document.getElementById('course-config').textContent).labsUrl")
    replies = {
        "another version of the test": (409, "unknown_version"),
        "does not issue certificates": (503, "credentials_off"),
        "Too many requests": (429, "rate_limited"),
    }
    for words, (code, name) in replies.items():
        reply = {"status": code, "content_type": "application/json",
                 "body": json.dumps({"error": {"code": name, "message": "…"}}),
                 "headers": {"Access-Control-Allow-Origin": "*"}}
        page.route(f"{labs}/v1/credentials", functools.partial(fulfil, reply=reply))
        ask.press("Enter")
        expect(status).to_contain_text(words)
        page.unroute(f"{labs}/v1/credentials")
    page.route(f"{labs}/v1/credentials", lambda route: route.abort("connectionrefused"))
    ask.press("Enter")
    expect(status).to_contain_text("could not be reached")
    expect(ask).to_be_enabled()


def test_the_verify_page_says_exactly_what_failed(
    page: Page, site_url: str, credential_key: CredentialKey
) -> None:
    """Expired, not yet valid, unknown key, bad signature, not a course credential, malformed."""
    key, kid = credential_key.private, credential_key.kid
    now = int(time.time())
    result = page.locator("[data-verify-result]")
    cases = {
        "expired": signed(key, kid, nbf=now - 7200, iat=now - 7200, exp=now - 3600),
        "not-yet-valid": signed(key, kid, nbf=now + 3600, iat=now + 3600),
        "unknown-key": signed(Ed25519PrivateKey.generate(), "another-key"),
        "bad-signature": signed(Ed25519PrivateKey.generate(), kid),
        "not-course": signed(key, kid, jti="urn:uuid:someone-else"),
        "malformed": "eyJhbGciOiJFZERTQSJ9.not json.x",
    }
    for reason, token in cases.items():
        verify_on_page(page, site_url, token)
        expect(result).to_have_attribute("data-verdict", reason)
        expect(result).to_contain_text("✗ Not a valid certificate")
    expect(result).to_contain_text("This is not a credential")
    verify_on_page(page, site_url, cases["expired"])
    expect(result).to_contain_text("It expired on")
    expect(result).to_contain_text("Grace Hopper")  # genuine, only out of date

    # Valid, with no status list to consult: it says revocation was not checked, and why.
    verify_on_page(page, site_url, signed(key, kid))
    expect(result).to_have_attribute("data-verdict", "valid")
    expect(result.locator("[data-revocation]")).to_have_text(
        "Revocation not checked: the credential names no status list."
    )
    page.goto(f"{site_url}verify/")
    page.get_by_role("button", name="Verify", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Paste a credential")).to_be_visible()


def test_a_credential_file_can_be_chosen_or_dropped(
    page: Page, site_url: str, credential_key: CredentialKey, tmp_path: Path
) -> None:
    """The file input (keyboard: Tab to it, Enter) and a drop on the box both verify."""
    token = signed(credential_key.private, credential_key.kid)
    file = tmp_path / "certificate.jwt"
    file.write_text(token + "\n", encoding="utf-8")
    page.goto(f"{site_url}verify/")
    with page.expect_file_chooser() as chooser:
        page.get_by_label("Or choose a .jwt file").focus()
        page.keyboard.press("Enter")
    chooser.value.set_files(str(file))
    result = page.locator("[data-verify-result]")
    expect(result).to_have_attribute("data-verdict", "valid")
    page.goto(f"{site_url}verify/")
    page.evaluate(
        """(text) => {
             const data = new DataTransfer();
             data.items.add(new File([text], 'certificate.jwt', {type: 'application/jwt'}));
             const box = document.querySelector('#course-verify-input');
             box.dispatchEvent(new DragEvent('dragover', {dataTransfer: data, bubbles: true, cancelable: true}));
             box.dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));
           }""",
        token,
    )
    expect(result).to_have_attribute("data-verdict", "valid")
    expect(page.get_by_label("The credential")).to_have_value(token)


def test_the_printable_certificate_prints_on_one_page(
    page: Page, site_url: str, credential_key: CredentialKey
) -> None:
    """Verified first, then name, course, score, date and how to verify; one A4 page in print."""
    token = signed(credential_key.private, credential_key.kid)
    claims = payload_of(token)
    page.goto(f"{site_url}certificate/#{token}")
    sheet = page.locator("[data-certificate]")
    expect(sheet).to_contain_text("Grace Hopper")
    expect(sheet).to_contain_text("Module 8 — Build Your First Deep Learning Project")
    expect(sheet).to_contain_text("with a score of 13/15")
    expect(sheet).to_contain_text(f"{site_url}verify/")
    expect(sheet).to_contain_text(claims["jti"])
    expect(sheet).to_contain_text("not proctored")
    assert_axe_clean(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "certificate-page-desktop")
    page.emulate_media(media="print")
    expect(page.locator(".md-header")).to_be_hidden()
    expect(page.locator(".md-sidebar--primary")).to_be_hidden()
    expect(page.locator(".md-footer")).to_be_hidden()
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_hidden()
    screenshot(page, "certificate-print")
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper, print_background=True)
        SHOTS.mkdir(parents=True, exist_ok=True)
        (SHOTS / f"certificate-{paper}.pdf").write_bytes(pdf)
        pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
        assert pages == 1, f"the certificate prints on {pages} {paper} pages"
    page.emulate_media(media="screen")
    page.goto(f"{site_url}certificate/#{with_payload(token, {**claims, 'exp': claims['exp'] + 1})}")
    expect(page.locator(".course-printable__message")).to_contain_text("The signature does not match")
    expect(page.locator("[data-certificate]")).to_have_count(0)


def test_the_latest_certificate_is_kept_and_pages_fit_a_phone(
    page: Page, site_url: str, credential_key: CredentialKey
) -> None:
    """The printable page opens the one this browser keeps; both pages fit 360 px, axe clean."""
    token = signed(credential_key.private, credential_key.kid)
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(f"{site_url}certificate/")
    expect(page.locator(".course-printable__message")).to_contain_text("No certificate to show")
    page.evaluate(
        """(token) => {
             const {site} = JSON.parse(document.getElementById('course-config').textContent);
             localStorage.setItem(`course:${site}:credential:module-test@latest`,
               JSON.stringify({credential: token, id: 'x', score: 13, total: 15}));
           }""",
        token,
    )
    page.reload()
    expect(page.locator("[data-certificate]")).to_contain_text("Grace Hopper")
    no_sideways_scroll(page)
    screenshot(page, "certificate-page-phone")
    verify_on_page(page, site_url, token)
    expect(page.locator("[data-verify-result]")).to_have_attribute("data-verdict", "valid")
    no_sideways_scroll(page)
    assert_axe_clean(page)
    screenshot(page, "verify-valid-phone")


def test_the_signature_is_checked_offline(
    browser: Browser, browser_context_args: dict[str, Any], site_url: str,
    credential_key: CredentialKey,
) -> None:
    """After one visit, with the network off: the signature verifies from the precached keys."""
    token = signed(credential_key.private, credential_key.kid,
                   status="http://127.0.0.1:9/v1/credentials/status")
    offline = browser.new_context(**{**browser_context_args, "service_workers": "allow"})
    try:
        page = offline.new_page()
        page.goto(f"{site_url}verify/")
        page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=BOOT)
        offline.set_offline(True)
        verify_on_page(page, site_url, token)
        result = page.locator("[data-verify-result]")
        expect(result).to_have_attribute("data-verdict", "valid")
        expect(result.locator("[data-revocation]")).to_have_text(
            "Revocation not checked: this browser is offline."
        )
    finally:
        offline.close()


def test_without_a_labs_worker_the_offer_explains(page: Page, options_site: BuiltVariant) -> None:
    """Offline practice mode: the offer says certificates need the instructor's worker, with a link."""
    page.goto(f"{options_site.url}test/")
    expect(page.get_by_role("button", name="Submit the test")).to_be_enabled(timeout=BOOT)
    answer_all(page, wrong=0)
    page.get_by_role("button", name="Submit the test").click()
    offer = page.locator("[data-course-certificate-offer]")
    expect(offer).to_contain_text("this site has none (offline practice mode)", timeout=BOOT)
    expect(offer.get_by_role("button")).to_have_count(0)
    link = offer.get_by_role("link", name="How instructors set one up")
    assert (link.get_attribute("href") or "").endswith("instructors/#issue-completion-certificates")
    assert_axe_clean(page)
    for width, name in ((1280, "desktop"), (360, "phone")):
        page.set_viewport_size({"width": width, "height": 900})
        no_sideways_scroll(page)
        screenshot(page, f"certificate-no-worker-{name}", page.locator("[data-test-result]"))
    link.click()
    expect(page.locator("#issue-completion-certificates")).to_be_visible()
    page.goto(f"{options_site.url}verify/")
    page.get_by_label("The credential").fill("a.b.c")
    page.get_by_role("button", name="Verify", exact=True).click()
    expect(page.locator("[data-verify-result]")).to_have_attribute("data-verdict", "no-keys")


def test_certificate_offer_fits_a_phone(page: Page, site_url: str) -> None:
    """At 360 px the offer under a passed test fits the width, its controls big enough to tap."""
    page.set_viewport_size({"width": 360, "height": 780})
    pass_the_test(page, site_url)
    offer = page.locator("[data-course-certificate-offer]")
    expect(offer.get_by_label("Your name")).to_be_visible()
    no_sideways_scroll(page)
    small = offer.locator("input, button").evaluate_all(
        "els => els.filter((e) => e.offsetParent && e.getBoundingClientRect().height < 44)"
        ".map((e) => e.outerHTML.slice(0, 80))"
    )
    assert small == []
    screenshot(page, "certificate-offer-phone", page.locator("[data-test-result]"))
