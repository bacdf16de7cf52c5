"""End-to-end harness: build the real site once, serve it on localhost, drive Chromium.

With pytest-xdist (``make e2e E2E_PROCESSES=auto``: a process per core, a
test file to a process) each process is a session of its own: its site build, labs worker
and browser; the build variants are built once for all (``builds.py``).

Every test gets a browser context that blocks — and records — any request
that would leave localhost; a test fails if one was attempted.

A first visit leaves Python's memory snapshot in the site's Cache Storage;
every later visit starts from it. So a test's context starts as after a
first visit — with the snapshot the site itself stored, taken once per
session — unless the test is marked ``cold_python`` (it is about the first
visit: downloads, progress, failures, making the snapshot). A test's
``page`` is in one context the session shares and resets between tests
(``shared_context.py``), unless the test needs a context of its own: it asks
for ``context``, or is marked ``cold_python`` or ``own_context``. Build variants
(French, other plugin options, a fork, the Zensical build) come from ``site_variant``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, BrowserType, Page, expect

from tests.e2e.browser_features import launch_args_without
from tests.e2e.builds import Builds, BuiltVariant
from tests.e2e.serve import TEST_PREFIX, serve_directory
from tests.e2e.shared_context import OutsideGuard, SharedContext
from tests.e2e.snapshots import stored_snapshot
from tests.e2e.worker_process import CredentialKey, make_credential_key, run_labs_worker

ROOT = Path(__file__).resolve().parents[2]


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker of tests that need Python's first, cold start."""
    config.addinivalue_line(
        "markers", "cold_python: the test's context starts with no stored Python snapshot"
    )
    config.addinivalue_line(
        "markers", "own_context: the test's page is in a context of its own, not the shared one"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder as e2e."""
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def harness_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Files the servers offer under ``/__test__/`` besides the site: a blank page (and a snapshot)."""
    folder = tmp_path_factory.mktemp("harness")
    (folder / "blank.html").write_text("<!doctype html><title>blank</title>\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def site_server(
    tmp_path_factory: pytest.TempPathFactory, harness_files: Path
) -> Iterator[tuple[str, Path]]:
    """A localhost server for the site folder (filled by ``site_url``)."""
    site = tmp_path_factory.mktemp("site")
    with serve_directory(site, test_files=harness_files) as url:
        yield url, site


@pytest.fixture(scope="session")
def credential_key(tmp_path_factory: pytest.TempPathFactory) -> CredentialKey:
    """The session's credential signing key: the worker signs with it, the site publishes it."""
    return make_credential_key(tmp_path_factory.mktemp("credential-key"))


@pytest.fixture(scope="session")
def labs_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The labs worker's folder: its log and its roster of credentials."""
    return tmp_path_factory.mktemp("labs")


@pytest.fixture(scope="session")
def labs_worker_env(credential_key: CredentialKey, labs_folder: Path) -> dict[str, str]:
    """The settings the session's labs worker runs with (its CLI commands need the same)."""
    return {
        "LABS_CREDENTIAL_KEY_FILE": str(credential_key.private_file),
        "LABS_CREDENTIALS_DB": f"sqlite:///{labs_folder / 'roster.sqlite'}",
    }


@pytest.fixture(scope="session")
def labs_worker(
    site_server: tuple[str, Path], labs_folder: Path, labs_worker_env: dict[str, str]
) -> Iterator[str]:
    """The real labs worker (offline practice peer) on a free port, allowing the site's origin."""
    origin = site_server[0].rstrip("/")
    with run_labs_worker(origin, labs_folder / "worker.log", env=labs_worker_env) as url:
        yield url


@pytest.fixture(scope="session")
def site_url(
    site_server: tuple[str, Path], labs_worker: str, site_builds: Builds,
    credential_key: CredentialKey,
) -> str:
    """Build the site once, with the real plugin and Pyodide supply, pointing at the worker.

    It publishes the public half of the worker's credential key (``credential_keys``).

    ``site_url`` is where it is served, as on GitHub Pages: Material's instant
    navigation works only with it. (The variants the session needs are
    already building meanwhile: ``site_builds``.)
    """
    url, site = site_server
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "LABS_URL": labs_worker, "SITE_URL": url,
             "CREDENTIAL_KEYS": str(credential_key.public_file)},
    )
    if result.returncode != 0:
        pytest.fail(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return url


@pytest.fixture(scope="session")
def site_builds(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Builds:
    """The build variants, each built once: every one this session's tests use starts now."""
    base = tmp_path_factory.getbasetemp()
    # Under pytest-xdist each process has a folder of its own in the run's.
    builds = Builds(shared=base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base)
    used = {name for item in request.session.items for name in getattr(item, "fixturenames", ())}
    for fixture, name in VARIANT_FIXTURES.items():
        if fixture in used:
            builds.start(name)
    return builds


@pytest.fixture(scope="session")
def site_variant(
    site_builds: Builds, harness_files: Path
) -> Iterator[Callable[[str], BuiltVariant]]:
    """``site_variant(name)``: the build variant ``name`` of :data:`VARIANTS`, served."""
    served: dict[str, BuiltVariant] = {}
    with contextlib.ExitStack() as stack:

        def get(name: str) -> BuiltVariant:
            if name not in served:
                job = site_builds.start(name)
                try:
                    site, outputs = job.outputs()
                except AssertionError as error:
                    pytest.fail(str(error), pytrace=False)
                url = stack.enter_context(serve_directory(site, test_files=harness_files))
                served[name] = BuiltVariant(url, site.parent, outputs)
            return served[name]

        yield get


#: The fixture that serves each build variant.
VARIANT_FIXTURES = {
    "french_site": "french", "options_site": "options", "fork_site": "fork",
    "zensical_site": "zensical",
}


@pytest.fixture(scope="session")
def french_site(site_variant: Callable[[str], BuiltVariant]) -> BuiltVariant:
    """The course built with ``theme.language: fr``, served."""
    return site_variant("french")


@pytest.fixture(scope="session")
def options_site(site_variant: Callable[[str], BuiltVariant]) -> BuiltVariant:
    """The course built with non-default ``pyodide_dir`` and ``content_dir``, served."""
    return site_variant("options")


@pytest.fixture(scope="session")
def fork_site(site_variant: Callable[[str], BuiltVariant]) -> BuiltVariant:
    """A copy of the course with a lesson scaffolded, validated and built from its folder, served."""
    return site_variant("fork")


@pytest.fixture(scope="session")
def zensical_site(site_variant: Callable[[str], BuiltVariant]) -> BuiltVariant:
    """The course built by Zensical from the same mkdocs.yml (then ``build-assets``), served."""
    return site_variant("zensical")


@pytest.fixture(scope="session")
def python_snapshot(
    browser: Browser, browser_context_args: dict[str, Any], site_url: str, harness_files: Path
) -> str:
    """What a first visit leaves in Cache Storage: Python's memory snapshot, stored by the site.

    One cold visit, once per session; the bytes go to ``/__test__/`` and the
    cache key (a URL under the site's Pyodide folder) is returned.
    """
    context = browser.new_context(**browser_context_args)
    try:
        page = context.new_page()
        page.goto(f"{site_url}lesson-1/quiz/")
        expect(page.locator("[data-runtime-status]")).to_have_attribute(
            "data-boot", "fresh", timeout=90_000
        )
        # Stored once the quiz's Python has been idle a moment: read once it is all written.
        key, _, size = stored_snapshot(page, site_url, fresh=True)
        # Handed to the harness's server (a PUT under /__test__/), not read back as base64.
        status = page.evaluate(
            """async ([key, target]) => {
                 const cache = await caches.open('course-python-snapshots');
                 const body = await (await cache.match(key)).blob();
                 return (await fetch(target, {method: 'PUT', body})).status;
               }""",
            [key, f"{TEST_PREFIX}python-snapshot.bin"],
        )
        assert status == 201, f"the snapshot could not be handed over (HTTP {status})"
    finally:
        context.close()
    handed = (harness_files / "python-snapshot.bin").stat().st_size
    assert handed == size, f"{handed} of the snapshot's {size} bytes handed over"
    return str(key)


def seed_python_snapshot(context: BrowserContext, site_url: str, key: str) -> Page:
    """Put the session's Python snapshot into ``context``'s Cache Storage, as a first visit does.

    Returns the page that did it (on a blank page of the site's origin): the
    test's ``page`` is that one rather than another.
    """
    page = context.new_page()
    page.goto(f"{site_url.rstrip('/')}{TEST_PREFIX}blank.html")
    page.evaluate(
        """async ([key, source]) => {
             const response = await fetch(source);
             if (!response.ok) throw new Error(`no snapshot: HTTP ${response.status}`);
             await (await caches.open('course-python-snapshots')).put(key, response);
           }""",
        [key, f"{TEST_PREFIX}python-snapshot.bin"],
    )
    return page


@pytest.fixture
def outside_guard() -> OutsideGuard:
    """The test's record of requests that tried to leave localhost (all of them are aborted)."""
    return OutsideGuard()


@pytest.fixture
def context(
    new_context: Callable[..., BrowserContext], request: pytest.FixtureRequest,
    outside_guard: OutsideGuard,
) -> BrowserContext:
    """A fresh context of the test's own; for the built site, as after a first visit (module doc)."""
    context = new_context()
    context.on("request", outside_guard)
    if "site_url" in request.fixturenames and request.node.get_closest_marker("cold_python") is None:
        seed_python_snapshot(
            context, request.getfixturevalue("site_url"), request.getfixturevalue("python_snapshot")
        )
    return context


@pytest.fixture(scope="session")
def shared_context(
    browser: Browser, browser_context_args: dict[str, Any], site_url: str, python_snapshot: str,
    pytestconfig: pytest.Config,
) -> Iterator[SharedContext]:
    """The context the tests that need none of their own share (``shared_context.py``)."""
    context = browser.new_context(**browser_context_args)
    if pytestconfig.getoption("--tracing") != "off":
        context.tracing.start(screenshots=True, snapshots=True, sources=True)
    yield SharedContext(
        context, site_url, python_snapshot,
        seed=lambda into: seed_python_snapshot(into, site_url, python_snapshot),
    )
    context.close()


def _needs_own_context(request: pytest.FixtureRequest) -> bool:
    node = request.node
    return ("context" in node.fixturenames or node.get_closest_marker("cold_python") is not None
            or node.get_closest_marker("own_context") is not None)


@pytest.fixture
def page(
    request: pytest.FixtureRequest, outside_guard: OutsideGuard, pytestconfig: pytest.Config,
    output_path: str,
) -> Iterator[Page]:
    """The test's page: in the shared context, or else in the test's own ``context``.

    In its own context it is the page that seeded the snapshot, if any. In the
    shared one it is a new page; once the test is over the context is reset,
    after a screenshot (and the trace, when asked for) if the test failed.
    """
    if _needs_own_context(request):
        context: BrowserContext = request.getfixturevalue("context")
        yield context.pages[0] if context.pages else context.new_page()
        return
    shared: SharedContext = request.getfixturevalue("shared_context")
    tracing = pytestconfig.getoption("--tracing")
    if tracing != "off":
        shared.context.tracing.start_chunk(title=request.node.nodeid)
    page = shared.new_page(outside_guard)
    yield page
    report = getattr(request.node, "rep_call", None)
    failed = report is None or report.failed
    if failed and pytestconfig.getoption("--screenshot") != "off":
        shared.screenshot(Path(output_path) / "test-failed-1.png")
    if tracing == "on" or (failed and tracing == "retain-on-failure"):
        shared.context.tracing.stop_chunk(path=Path(output_path) / "trace.zip")
    elif tracing != "off":
        shared.context.tracing.stop_chunk()
    shared.reset()


@pytest.fixture(scope="session")
def refusing_port() -> Iterator[int]:
    """A loopback port that refuses every connection: bound for the session, never listening."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any], refusing_port: int, browser_type: BrowserType
) -> dict[str, Any]:
    """Use the browser scripts/ensure-browser.sh found, headless, with no background traffic.

    Every request off localhost goes to a proxy that refuses it (Chromium never
    proxies loopback): nothing leaves the machine, from pages, workers or
    service workers alike, while each context keeps its HTTP cache, which
    routing would turn off. The tests' ``OutsideGuard`` records the attempts.
    A full Chromium builds no omnibox popup for each page (``browser_features.py``).

    V8 runs WebAssembly with its baseline compiler only (``--liftoff-only``):
    the tests check what pages do, not how fast Python runs in them, and
    every page load compiles Pyodide's and its packages' WebAssembly again.
    By default V8 recompiles the hot functions with its optimizing compiler
    in the background, which cost more CPU than the faster code saves: a
    Lesson 2 visit took 4.9 CPU-seconds instead of 6.1, the whole e2e
    suite 481 instead of 529 (one run each, this machine). The benches
    (``bench/``) measure what learners get and use V8's defaults.
    """
    args = dict(browser_type_launch_args)
    executable = os.environ.get("COURSE_BROWSER") or None
    if executable is None and not _playwright_chromium_installed():
        executable = next(filter(None, map(shutil.which, (
            "chromium-headless-shell", "chromium", "chromium-browser", "google-chrome",
        ))), None)
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
        "--js-flags=--liftoff-only",  # see above
        f"--proxy-server=http://127.0.0.1:{refusing_port}",
    ]
    return launch_args_without(browser_type, args)


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
def outside_requests(outside_guard: OutsideGuard) -> Iterator[list[str]]:
    """The requests that tried to leave localhost; the test fails if there was one."""
    yield outside_guard.attempted
    assert outside_guard.attempted == [], (
        f"the page tried to reach outside localhost: {outside_guard.attempted}"
    )


@pytest.fixture(autouse=True)
def _guard_every_test(request: pytest.FixtureRequest) -> None:
    """Check for requests off localhost in every test that uses a browser context."""
    if "page" in request.fixturenames or "context" in request.fixturenames:
        request.getfixturevalue("outside_requests")
