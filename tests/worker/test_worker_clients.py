"""Slow, spoofing and cross-site clients: timeouts, caps, trusted proxies, /64s, origins."""

from __future__ import annotations

import asyncio
import socket
import time

import httpx
import pytest
from starlette.requests import Request
from starlette.testclient import TestClient
from worker_helpers import (
    ScriptedStream,
    Upstream,
    openai_settings,
    practice_settings,
    streaming,
    user,
)

from labs_worker.__main__ import uvicorn_config
from labs_worker.app import create_app
from labs_worker.routes import client_address
from labs_worker.settings import Settings
from labs_worker.testing import serve_in_thread
from quiz_engine.core.errors import CourseError

CHAT = "/v1/labs/lab-1/chat"
SITE = "https://course.example.org"


def trickle(url: str, count: int, declared: int = 2_000) -> list[socket.socket]:
    """Open ``count`` connections that send headers and a few body bytes, then stall."""
    host, port = url.removeprefix("http://").split(":")
    sockets = []
    for _ in range(count):
        conn = socket.create_connection((host, int(port)), timeout=10)
        conn.sendall(f"POST {CHAT} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     f"Content-Length: {declared}\r\n\r\n{{\"mess".encode())
        sockets.append(conn)
    return sockets


def status_of(conn: socket.socket) -> int:
    data = b""
    while b"\r\n" not in data:
        chunk = conn.recv(1024)
        if not chunk:
            break
        data += chunk
    conn.close()
    return int(data.split(b" ", 2)[1]) if data else 0


def test_trickling_bodies_time_out_and_the_cap_refuses_the_rest() -> None:
    """30 slow-loris connections: 10 admitted then timed out (408), 20 refused (503) at once."""
    # The timeout leaves room to open all 30 connections on a busy machine before the
    # first admitted ones time out and free their slots.
    app = create_app(practice_settings(body_timeout=6.0, max_concurrent=10))
    with serve_in_thread(app) as url:
        started = time.monotonic()
        conns = trickle(url, 30)
        statuses = sorted(status_of(conn) for conn in conns)
        elapsed = time.monotonic() - started
        assert statuses == [408] * 10 + [503] * 20
        assert elapsed < 20  # timed out, not left hanging
        ok = httpx.post(f"{url}{CHAT}", json=user("still there?"), timeout=10)
        assert ok.status_code == 200


def test_a_body_that_never_finishes_is_a_408() -> None:
    """The body timeout answers with its own code and message."""
    app = create_app(practice_settings(body_timeout=0.3))
    with serve_in_thread(app) as url:
        conn = trickle(url, 1)[0]
        conn.settimeout(5)
        data = b""
        while b"}}" not in data:
            chunk = conn.recv(4096)
            if not chunk:
                break
            data += chunk
        conn.close()
    assert data.startswith(b"HTTP/1.1 408")
    assert b'"code":"body_timeout"' in data


def test_concurrent_streams_past_the_cap_get_a_503_with_retry_after() -> None:
    """The cap counts replies until their stream ends, then admits again."""
    stalls = [ScriptedStream([], then="stall") for _ in range(3)]
    queue = iter(stalls)
    upstream = Upstream(lambda request: streaming(next(queue)))
    # 6 s of stall: the fourth request must arrive while the three still hang,
    # on a loaded machine too.
    app = create_app(openai_settings(max_concurrent=3, stall_timeout=6.0),
                     transport=upstream.transport())

    async def scenario(url: str) -> tuple[list[int], httpx.Response]:
        async with httpx.AsyncClient(base_url=url, timeout=10) as client:
            hanging = [asyncio.create_task(client.post(CHAT, json=user(f"q{n}")))
                       for n in range(3)]
            async with asyncio.timeout(10):  # all three admitted and waiting on the provider
                while len(upstream.requests) < 3:
                    await asyncio.sleep(0.01)
            busy = await client.post(CHAT, json=user("one more"))
            done = [r.status_code for r in await asyncio.gather(*hanging)]
            return done, busy

    with serve_in_thread(app) as url:
        done, busy = asyncio.run(scenario(url))
    assert busy.status_code == 503
    assert busy.json()["error"]["code"] == "worker_busy"
    assert busy.headers["retry-after"] == "5"
    assert done == [504, 504, 504]  # each stalled, timed out, and freed its place


def request_from(peer: str, **headers: str) -> Request:
    raw = [(k.lower().replace("_", "-").encode(), v.encode()) for k, v in headers.items()]
    return Request({"type": "http", "client": (peer, 1234), "headers": raw})


def test_forwarded_addresses_count_only_from_trusted_proxies() -> None:
    """A client can't choose its bucket: the header is read past our own proxies only."""
    settings = practice_settings(client_ip_header="x-forwarded-for",
                                 trusted_proxies=("10.0.0.0/8",))
    spoofed = "6.6.6.6, 203.0.113.9, 10.0.0.7"
    assert client_address(request_from("10.0.0.5", x_forwarded_for=spoofed), settings) == \
        "203.0.113.9"
    assert client_address(request_from("192.0.2.1", x_forwarded_for=spoofed), settings) == \
        "192.0.2.1"
    assert client_address(request_from("10.0.0.5", x_forwarded_for="garbage"), settings) == \
        "10.0.0.5"
    edge = practice_settings(client_ip_header="cf-connecting-ip", trusted_proxies=("*",))
    assert client_address(request_from("198.51.100.1", cf_connecting_ip="1.2.3.4, 5.6.7.8"),
                          edge) == "5.6.7.8"
    plain = practice_settings()
    assert client_address(request_from("192.0.2.1", x_forwarded_for="1.1.1.1"), plain) == \
        "192.0.2.1"


def test_a_client_header_without_trusted_proxies_stops_start_up() -> None:
    """Believing the header from anyone would let every client pick its own limits."""
    with pytest.raises(CourseError, match="LABS_TRUSTED_PROXIES"):
        Settings(client_ip_header="x-forwarded-for")
    with pytest.raises(CourseError, match="not an IP address"):
        Settings(client_ip_header="x-forwarded-for", trusted_proxies=("proxy.local",))


def test_a_spoofed_header_does_not_change_the_bucket() -> None:
    """Without trusted proxies, X-Forwarded-For is ignored: one client, one bucket."""
    app = create_app(practice_settings(client_rpm=1))
    with TestClient(app, client=("127.0.0.1", 5000)) as client:
        codes = [client.post(CHAT, json=user(f"hi {ip}"), headers={"X-Forwarded-For": ip})
                 .status_code for ip in ("1.1.1.1", "2.2.2.2")]
    assert codes == [200, 429]


@pytest.mark.parametrize(
    ("peer", "grouped"),
    [("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
     ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
     ("2001:db8:1:3::1", "2001:db8:1:3::/64"),
     ("::ffff:192.0.2.7", "192.0.2.7"),
     ("192.0.2.7", "192.0.2.7")],
)
def test_ipv6_clients_are_grouped_by_their_64(peer: str, grouped: str) -> None:
    """A subscriber's whole /64 is one client, so rotating addresses buys nothing."""
    assert client_address(request_from(peer), practice_settings()) == grouped


def test_uvicorn_trusts_no_proxy_header_itself() -> None:
    """`python -m labs_worker` turns uvicorn's X-Forwarded-For handling off."""
    config = uvicorn_config(practice_settings(), "127.0.0.1", 0, "warning")
    assert config.proxy_headers is False
    assert config.forwarded_allow_ips == ""


@pytest.mark.parametrize(
    ("content_type", "status"),
    [("text/plain", 415), ("application/x-www-form-urlencoded", 415),
     ("multipart/form-data; boundary=x", 415), (None, 415), ("application/json", 200),
     ("application/json; charset=utf-8", 200), ("Application/JSON", 200)],
)
def test_posts_must_be_json(content_type: str | None, status: int) -> None:
    """A CORS 'simple request' (text/plain, forms) is refused, so a preflight is forced."""
    upstream = Upstream(lambda request: httpx.Response(500))
    app = create_app(practice_settings(), transport=upstream.transport())
    headers = {"content-type": content_type} if content_type else {}
    with TestClient(app) as client:
        response = client.post(CHAT, content=b'{"messages": [{"role": "user", "content": "hi"}]}',
                               headers=headers)
    assert response.status_code == status
    if status == 415:
        assert response.json()["error"]["code"] == "unsupported_media_type"


def test_a_foreign_origin_is_refused_before_any_work() -> None:
    """No body read, no limit taken, no budget reserved, no provider called."""
    upstream = Upstream(lambda request: httpx.Response(500))
    app = create_app(openai_settings(allowed_origins=(SITE,), client_rpm=1),
                     transport=upstream.transport())
    with TestClient(app) as client:
        for origin in ("https://evil.example", "null", SITE + ".evil.example"):
            refused = client.post(CHAT, json=user("hi"), headers={"Origin": origin})
            assert refused.status_code == 403
            assert refused.json()["error"]["code"] == "origin_not_allowed"
            assert "access-control-allow-origin" not in refused.headers
            assert client.get("/v1/labs", headers={"Origin": origin}).status_code == 403
        assert upstream.requests == []
        # the one request the client may make this minute is still there
        upstream.respond = lambda request: streaming(ScriptedStream([]))
        allowed = client.post(CHAT, json=user("hi"), headers={"Origin": SITE})
        assert allowed.status_code != 429
        assert allowed.headers["access-control-allow-origin"] == SITE
        assert client.post(CHAT, json=user("hi again")).status_code == 429  # no Origin: curl


def test_refusals_carry_cors_headers_for_allowed_origins() -> None:
    """The site's own page can read a 415 or 503 from the gate."""
    app = create_app(practice_settings(allowed_origins=(SITE,)))
    with TestClient(app) as client:
        response = client.post(CHAT, content=b"{}", headers={"Origin": SITE,
                                                             "content-type": "text/plain"})
    assert response.status_code == 415
    assert response.headers["access-control-allow-origin"] == SITE


