"""The provider's key never leaves the worker: not in a response, not in any log line."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import h11
import httpx
import pytest
from starlette.routing import Route
from starlette.testclient import TestClient
from worker_helpers import (
    SECRET,
    ScriptedStream,
    Upstream,
    openai_chunks,
    openai_settings,
    streaming,
    user,
)

from labs_worker.app import create_app
from labs_worker.providers.base import UpstreamError, error_for_status, json_object
from labs_worker.redaction import LOGGERS, MIN_FRAGMENT, Redactor, install_log_redaction
from labs_worker.settings import Settings
from labs_worker.testing import create_fake_upstream, serve_in_thread
from quiz_engine.core.errors import CourseError

CHAT = "/v1/labs/lab-1/chat"


def fragments(secret: str) -> set[str]:
    """Every run of MIN_FRAGMENT characters of ``secret``."""
    return {secret[i : i + MIN_FRAGMENT] for i in range(len(secret) - MIN_FRAGMENT + 1)}


def leaks(text: str, secret: str = SECRET) -> list[str]:
    """The fragments of ``secret`` (or of its escaped spelling) found in ``text``."""
    spelled = fragments(secret) | fragments(repr(secret)[1:-1])
    return sorted(fragment for fragment in spelled if fragment in text)


@pytest.fixture
def debug_log(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Everything every logger says, down to DEBUG (httpcore's header dumps included)."""
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "uvicorn", "uvicorn.error", "uvicorn.access"):
        caplog.set_level(logging.DEBUG, logger=name)
    yield caplog


def run(respond: Callable[[httpx.Request], httpx.Response], count: int,
        **settings: object) -> list[httpx.Response]:
    app = create_app(openai_settings(**settings), transport=Upstream(respond).transport())
    with TestClient(app) as client:
        return [client.post(CHAT, json=user(f"idea {n}")) for n in range(count)]


def around(cut: int, prefix: str = "") -> list[int]:
    """Offsets that put the key before, across and just after a cut at ``cut``."""
    start = max(0, cut - len(prefix) - len(SECRET) - 2)
    return list(range(start, cut - len(prefix) + 3))


def test_an_error_body_is_redacted_before_it_is_cut(debug_log: pytest.LogCaptureFixture) -> None:
    """The key at every offset around the 500-character cut of a provider's error body."""
    offsets = around(500, "HTTP 401: ")
    queue = iter(offsets)

    def respond(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, content=("x" * next(queue) + SECRET + "y" * 40).encode())

    responses = run(respond, len(offsets))
    assert {r.status_code for r in responses} == {502}
    assert debug_log.text.count("upstream error code=upstream_auth") == len(offsets)
    assert leaks(debug_log.text) == []
    assert all(leaks(r.text) == [] and leaks(str(r.headers)) == [] for r in responses)


@pytest.mark.parametrize(
    ("cut", "frame"),
    [(200, lambda pad: f"data: {pad}{SECRET} not json\n\n"),
     (500, lambda pad: "data: " + json.dumps({"error": {"message": pad + SECRET}}) + "\n\n")],
    ids=["not-json chunk (200)", "error event (500)"],
)
def test_a_broken_stream_is_redacted_before_it_is_cut(
    debug_log: pytest.LogCaptureFixture, cut: int, frame: Callable[[str], str]
) -> None:
    """The key at every offset around each cut of an odd event's text."""
    offsets = around(cut)
    queue = iter(offsets)

    def respond(request: httpx.Request) -> httpx.Response:
        chunks = [*openai_chunks("a")[:1], frame("z" * next(queue)).encode()]
        return streaming(ScriptedStream(chunks))

    responses = run(respond, len(offsets))
    assert all('"code":"upstream_broken"' in r.text for r in responses)
    assert debug_log.text.count("upstream error code=upstream_broken") == len(offsets)
    assert leaks(debug_log.text) == []
    assert all(leaks(r.text) == [] for r in responses)


def test_exception_texts_and_tracebacks_are_redacted(debug_log: pytest.LogCaptureFixture) -> None:
    """An exception that quotes the key, from the transport or from a bug, logs no fragment."""
    failures: Iterator[Exception] = iter([
        httpx.ReadError(f"reading failed after header Authorization: Bearer {SECRET}"),
        RuntimeError(f"adapter bug with {SECRET!r} inside"),
        httpx.LocalProtocolError(f"Illegal header value b'Bearer {SECRET}\\x07'"),
    ])

    def respond(request: httpx.Request) -> httpx.Response:
        raise next(failures)

    responses = run(respond, 3)
    assert [r.status_code for r in responses] == [502, 502, 502]

    app = create_app(openai_settings())

    async def boom(request: object) -> object:
        raise RuntimeError(f"a bug that printed the key {SECRET}")

    app.router.routes.append(Route("/boom", boom))
    with TestClient(app, raise_server_exceptions=False) as client:
        crashed = client.get("/boom")
    assert crashed.status_code == 500
    assert "Traceback" in debug_log.text
    assert leaks(debug_log.text) == []
    assert all(leaks(r.text) == [] for r in [*responses, crashed])


def test_provider_headers_logged_at_debug_hold_no_key(
    debug_log: pytest.LogCaptureFixture,
) -> None:
    """httpcore dumps response headers at DEBUG; one echoes the key, over real HTTP."""
    with serve_in_thread(create_fake_upstream()) as upstream:
        settings = openai_settings(base_url=f"{upstream}/v1", model="echo-header")
        with TestClient(create_app(settings)) as client:
            response = client.post(CHAT, json=user("hello"))
    assert response.status_code == 502
    assert "receive_response_headers.complete" in debug_log.text  # the dump was logged
    assert "X-Echo-Key" in debug_log.text or "x-echo-key" in debug_log.text
    assert leaks(debug_log.text) == []


def test_a_key_with_a_control_character_is_refused_at_start_without_showing_it() -> None:
    """A key that can't go in a header stops the worker; the message doesn't quote it."""
    with pytest.raises(CourseError) as refused:
        Settings(provider="openai", model="m", api_key=SECRET[:20] + "\x07" + SECRET[20:])
    assert "position 20" in str(refused.value)
    assert leaks(str(refused.value)) == []


def test_h11s_escaped_spelling_of_a_key_with_a_control_character_is_redacted(
    debug_log: pytest.LogCaptureFixture,
) -> None:
    """h11 quotes a bad header value with escapes; the log still shows no fragment."""
    key = SECRET[:10] + "\n" + SECRET[10:]
    install_log_redaction(key)
    with pytest.raises(h11.LocalProtocolError) as raised:
        h11.Request(method="POST", target="/", headers=[("Host", "x"),
                                                       ("Authorization", f"Bearer {key}")])
    assert "\\n" in str(raised.value)  # the escaped form really is what h11 shows
    logger = logging.getLogger("httpcore.http11")
    logger.debug("send_request_headers.failed exception=%r", raised.value)
    logger.error("h11 said: %s", raised.value, exc_info=raised.value)
    assert debug_log.records
    assert leaks(debug_log.text, key) == []
    assert leaks(debug_log.text, key.replace("\n", "")) == []


def test_the_key_is_cut_out_in_every_spelling_and_fragment() -> None:
    """Plain, repr, JSON, bytes and URL spellings, and any 8-character part."""
    key = "sk-ünï-" + SECRET + "/+="
    redactor = Redactor([key])
    spellings = [key, repr(key), json.dumps(key), repr(key.encode()), str(key.encode()),
                 httpx.URL("http://x/", params={"k": key}).query.decode()]
    for spelled in spellings:
        for start in range(len(spelled) - MIN_FRAGMENT + 1):
            part = spelled[start : start + MIN_FRAGMENT + 3]
            assert leaks(redactor.redact(f"..{part}.."), key) == [], part
    assert redactor.redact("nothing secret here") == "nothing secret here"
    assert Redactor([]).redact(key) == key


def test_the_filter_sits_on_the_root_uvicorn_httpx_and_httpcore_loggers() -> None:
    """One filter, on the named loggers, and on records from loggers made later."""
    one = install_log_redaction(SECRET)
    for name in LOGGERS:
        assert one in logging.getLogger(name).filters
    record = logging.getLogger("brand.new.logger").makeRecord(
        "brand.new.logger", logging.INFO, __file__, 1, "key=%s n=%d", (SECRET, 3), None)
    assert record.getMessage() == "key=[redacted] n=3"
    access = logging.getLogger("uvicorn.access").makeRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5", "POST", "/v1/labs/lab-1/chat", "1.1", 200), None)
    assert access.args == ("127.0.0.1:5", "POST", "/v1/labs/lab-1/chat", "1.1", 200)


def test_no_part_of_the_key_survives_a_cut_even_below_the_fragment_length() -> None:
    """Redacted before it is cut, a key across the cut leaves not even its first characters."""
    redact = Redactor([SECRET]).redact
    for offset in around(500, "HTTP 401: "):
        body = ("x" * offset + SECRET + "y" * 40).encode()
        detail = error_for_status(401, body, None, redact).detail
        assert not any(detail.endswith(SECRET[:n]) for n in range(3, len(SECRET))), offset
    for offset in around(200):
        with pytest.raises(UpstreamError) as broken:
            json_object("z" * offset + SECRET + " not json", "chunk", redact)
        assert not any(SECRET[:n] in broken.value.detail for n in range(3, len(SECRET)))


def test_a_real_worker_process_logs_no_key_at_debug() -> None:
    """`python -m labs_worker --log-level debug`: uvicorn's own handlers write nothing of it."""
    with serve_in_thread(create_fake_upstream()) as upstream:
        env = {k: v for k, v in os.environ.items() if not k.startswith("LABS_")}
        env |= {"LABS_PROVIDER": "openai", "LABS_MODEL": "echo-header",
                "LABS_BASE_URL": f"{upstream}/v1", "LABS_API_KEY": SECRET}
        process = subprocess.Popen(
            [sys.executable, "-m", "labs_worker", "--port", "0", "--log-level", "debug"],
            cwd=Path(__file__).parents[2], env=env, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True,
        )
        try:
            assert process.stdout is not None
            url = process.stdout.readline().rsplit(" ", 1)[1].strip()
            refused = httpx.post(f"{url}{CHAT}", json=user("hello"), timeout=10)
            assert refused.status_code == 502
        finally:
            process.terminate()
            out, err = process.communicate(timeout=10)
    assert "upstream error code=upstream_auth" in err
    assert "receive_response_headers.complete" in err  # httpcore's header dump, at DEBUG
    assert "POST /v1/labs/lab-1/chat" in out  # and uvicorn's access log
    assert leaks(out + err) == []
    assert leaks(refused.text) == []
