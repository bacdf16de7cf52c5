"""A short schemathesis run of the OpenAPI document: no request may get a 5xx.

The document is the one the worker serves (a pure function of its settings),
loaded before collection so schemathesis can parametrize the test; the
requests go over real HTTP to the same worker in a thread.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance
from worker_helpers import practice_settings

from labs_worker.app import create_app
from labs_worker.openapi import openapi_document
from labs_worker.testing import serve_in_thread
from quiz_engine.content.persona import load_personas
from quiz_engine.credentials.keys import generate_private_jwk

# With a credential key and an in-memory roster, so the credential endpoints answer too.
SETTINGS = practice_settings(max_turns=4, max_message_chars=200, body_timeout=2,
                             credential_key=json.dumps(generate_private_jwk()),
                             credentials_db="sqlite://", credential_rpm=1000)
#: How the worker may refuse a request that breaks the document: schemathesis's own list
#: (less its 5xx: a server error is never a refusal) and 413, for a body over the size
#: cap, which is refused before it is read.
REJECTIONS = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429"]
CONFIG = SchemathesisConfig.from_dict(
    {"checks": {"negative_data_rejection": {"expected-statuses": REJECTIONS}}}
)
schema = schemathesis.openapi.from_dict(openapi_document(SETTINGS, load_personas()), config=CONFIG)


@pytest.fixture(scope="module")
def worker_url() -> Iterator[str]:
    """The worker the document describes (practice peer, roomy limits), over HTTP."""
    with serve_in_thread(create_app(SETTINGS)) as url:
        yield url


@schema.parametrize()
@settings(max_examples=60, deadline=5_000, suppress_health_check=list(HealthCheck))
def test_the_api_as_documented(case: Any, worker_url: str) -> None:
    """Generated requests, valid and not: documented status codes and types, never a 5xx.

    Every default check runs (invalid data must get one of ``REJECTIONS``) but
    "schema-valid data is accepted": JSON Schema can't say that the last message
    is the learner's, or count learner turns apart from the peer's, so the
    worker rightly refuses some schema-valid bodies with a documented 422.
    """
    response = case.call(base_url=worker_url, timeout=10)
    case.validate_response(response, additional_checks=[not_a_server_error],
                           excluded_checks=[positive_data_acceptance])
    assert response.status_code < 500, response.text
