"""`python -m labs_worker`: options, settings and a real start-up."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from starlette.testclient import TestClient

from labs_worker.__main__ import main, parse_args, settings_from
from labs_worker.app import app_from_environ

ROOT = Path(__file__).parents[2]


def test_options_override_the_environment() -> None:
    """Command-line options win over LABS_* variables; the key only comes from env."""
    args = parse_args(["--provider", "openai", "--model", "llama3.1:8b",
                       "--base-url", "http://127.0.0.1:11434/v1", "--origins", "https://a.org"])
    settings = settings_from(args, {"LABS_PROVIDER": "anthropic", "LABS_API_KEY": "k"})
    assert settings.provider == "openai"
    assert settings.model == "llama3.1:8b"
    assert settings.allowed_origins == ("https://a.org",)
    assert settings.api_key == "k"
    assert not hasattr(args, "api_key")


def test_a_bad_setting_exits_with_the_explanation(capsys: pytest.CaptureFixture[str]) -> None:
    """A typo in the environment stops start-up with the variable and the fix."""
    assert main(["--port", "0"], env={"LABS_ORIGIN": "x"}) == 2
    assert "LABS_ORIGIN: unknown setting — did you mean LABS_ORIGINS?" in capsys.readouterr().err


def test_it_starts_prints_its_url_and_serves_the_practice_peer() -> None:
    """With no options it serves the offline peer and says where."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LABS_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "labs_worker", "--port", "0", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("Labs worker (practice) listening on http://127.0.0.1:")
        url = line.rsplit(" ", 1)[1].strip()
        deadline = time.monotonic() + 10
        while True:
            try:
                assert httpx.get(f"{url}/healthz").json()["provider"] == "practice"
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline
                time.sleep(0.1)
        labs = httpx.get(f"{url}/v1/labs").json()["labs"]
        assert len(labs) == 4
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_asgi_hosts_get_a_factory_that_reads_the_environment() -> None:
    """`uvicorn --factory labs_worker.app:app_from_environ` builds the same worker."""
    app = app_from_environ({"LABS_PRACTICE_DELAY_MS": "0", "LABS_MAX_TURNS": "2"})
    with TestClient(app) as client:
        assert client.get("/healthz").json()["provider"] == "practice"
        assert app.state.worker.settings.max_turns == 2
