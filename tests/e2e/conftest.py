"""End-to-end harness: build the real site once, serve it on localhost, drive Chromium.

Every test gets a browser context that blocks — and records — any request
that would leave localhost; a test fails if one was attempted.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import BrowserContext, Route

from tests.e2e.serve import serve_directory
from tests.e2e.worker_process import run_labs_worker

ROOT = Path(__file__).resolve().parents[2]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder as e2e."""
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def site_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A localhost server for the site folder (filled by ``site_url``)."""
    site = tmp_path_factory.mktemp("site")
    with serve_directory(site) as url:
        yield url, site


@pytest.fixture(scope="session")
def labs_worker(
    site_server: tuple[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The real labs worker (offline practice peer) on a free port, allowing the site's origin."""
    origin = site_server[0].rstrip("/")
    with run_labs_worker(origin, tmp_path_factory.mktemp("labs") / "worker.log") as url:
        yield url


@pytest.fixture(scope="session")
def site_url(site_server: tuple[str, Path], labs_worker: str) -> str:
    """Build the site once, with the real plugin and Pyodide supply, pointing at the worker.

    ``site_url`` is where it is served, as on GitHub Pages: Material's instant
    navigation works only with it.
    """
    url, site = site_server
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "LABS_URL": labs_worker, "SITE_URL": url},
    )
    if result.returncode != 0:
        pytest.fail(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Use the browser scripts/ensure-browser.sh found, headless, with no background traffic."""
    args = dict(browser_type_launch_args)
    executable = os.environ.get("COURSE_BROWSER") or None
    if executable is None and not _playwright_chromium_installed():
        executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable:
        args["executable_path"] = executable
    args["args"] = [
        *args.get("args", []),
        "--no-sandbox",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
    ]
    return args


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """Contexts without the site's service worker, so routes see every request.

    (Requests a service worker answers bypass Playwright's routing; the
    offline tests open their own contexts with it allowed.)
    """
    return {**browser_context_args, "service_workers": "block"}


def _playwright_chromium_installed() -> bool:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        return Path(p.chromium.executable_path).exists()


@pytest.fixture
def outside_requests(context: BrowserContext) -> Iterator[list[str]]:
    """Abort every request that leaves localhost, and fail the test if there was one."""
    attempted: list[str] = []

    def guard(route: Route) -> None:
        url = route.request.url
        host = urlparse(url).hostname or ""
        if url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.fallback()
        else:
            attempted.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", guard)
    yield attempted
    assert attempted == [], f"the page tried to reach outside localhost: {attempted}"


@pytest.fixture(autouse=True)
def _guard_every_test(request: pytest.FixtureRequest) -> None:
    """Install the outside-request guard for every test that uses a browser context."""
    if "page" in request.fixturenames or "context" in request.fixturenames:
        request.getfixturevalue("outside_requests")
