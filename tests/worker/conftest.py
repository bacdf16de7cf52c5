"""Fixtures for the labs worker tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient
from worker_helpers import practice_settings

from labs_worker.app import create_app


@pytest.fixture
def practice_client() -> Iterator[TestClient]:
    """A client for the worker running the practice peer."""
    with TestClient(create_app(practice_settings())) as client:
        yield client
