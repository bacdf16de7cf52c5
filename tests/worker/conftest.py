"""Fixtures for the labs worker tests."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from worker_helpers import practice_settings

from labs_worker.app import create_app

ROOT = Path(__file__).parents[2]


@pytest.fixture
def practice_client() -> Iterator[TestClient]:
    """A client for the worker running the practice peer."""
    with TestClient(create_app(practice_settings())) as client:
        yield client


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _redis_binary() -> str:
    """redis-server's path, found or installed by scripts/ensure-redis.sh; skips if none."""
    found = subprocess.run([str(ROOT / "scripts" / "ensure-redis.sh")], capture_output=True,
                           text=True, timeout=600, check=False)
    path = found.stdout.strip()
    if found.returncode != 0 or not path:
        pytest.skip("no redis-server on this machine, and it could not be installed "
                    f"(scripts/ensure-redis.sh: {found.stderr.strip()[-300:]})")
    return path


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A real redis-server on a free loopback port, with a throwaway data dir."""
    binary = _redis_binary()
    data_dir = tempfile.mkdtemp(prefix="labs-redis-")
    port = _free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", data_dir,
         "--save", "", "--appendonly", "no", "--protected-mode", "yes"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                output = server.stdout.read() if server.stdout else ""
                pytest.fail(f"redis-server did not start:\n{output}")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(data_dir, ignore_errors=True)
