"""Run the labs worker locally: ``python -m labs_worker [--host H] [--port P] …``.

Settings come from ``LABS_*`` environment variables (see
:mod:`labs_worker.settings`); the options below override them. The API key is
read only from ``LABS_API_KEY``, never from the command line (where ``ps``
would show it). With no options this serves the offline practice peer on
http://127.0.0.1:8787 and prints the URL once it is listening (``--port 0``
picks a free port and prints it).

``python -m labs_worker keygen`` and ``python -m labs_worker credentials
list|revoke`` are the instructor's commands for completion credentials
(:mod:`labs_worker.admin`).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Mapping, Sequence
from typing import Any

import uvicorn

from labs_worker import admin
from labs_worker.app import create_app
from labs_worker.settings import PROVIDERS, Settings
from quiz_engine.core.errors import CourseError


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="python -m labs_worker",
        description="Serve the AI-peer labs (the offline practice peer unless told otherwise).",
        epilog="Other settings: LABS_* environment variables, see labs_worker/settings.py. "
        "Instructor commands: `keygen`, `credentials list|revoke` (see `keygen --help`).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8787, help="port; 0 picks a free one (8787)")
    parser.add_argument("--provider", choices=PROVIDERS, help="overrides LABS_PROVIDER")
    parser.add_argument("--model", help="overrides LABS_MODEL")
    parser.add_argument("--base-url", help="overrides LABS_BASE_URL")
    parser.add_argument(
        "--origins", help="comma-separated site origins allowed by CORS; overrides LABS_ORIGINS"
    )
    parser.add_argument(
        "--log-level", default="info",
        help="log level of uvicorn, the worker and httpx (info); debug shows httpcore's too",
    )
    return parser.parse_args(argv)


def settings_from(args: argparse.Namespace, env: dict[str, str]) -> Settings:
    """``LABS_*`` variables from ``env``, with the command-line options on top."""
    overrides = {
        "LABS_PROVIDER": args.provider,
        "LABS_MODEL": args.model,
        "LABS_BASE_URL": args.base_url,
        "LABS_ORIGINS": args.origins,
    }
    merged = {**env, **{k: v for k, v in overrides.items() if v is not None}}
    return Settings.from_env(merged)


def uvicorn_config(settings: Settings, host: str, port: int, log_level: str) -> uvicorn.Config:
    """uvicorn's configuration for the worker.

    uvicorn's own proxy-header handling is off, and trusts no address (by
    default it believes ``X-Forwarded-For`` from 127.0.0.1, so anything on
    the same host — a tunnel, another user — could pick its own rate-limit
    bucket). The app reads ``LABS_CLIENT_IP_HEADER`` itself, only from
    ``LABS_TRUSTED_PROXIES``, the same way on every ASGI host.
    """
    return uvicorn.Config(
        create_app(settings),
        host=host,
        port=port,
        log_level=log_level,
        proxy_headers=False,
        forwarded_allow_ips="",
        server_header=False,
    )


async def serve(settings: Settings, host: str, port: int, log_level: str) -> None:
    """Serve until interrupted, printing the URL once the socket is bound."""
    server = uvicorn.Server(uvicorn_config(settings, host, port, log_level))

    async def announce() -> None:
        while not server.started:
            await asyncio.sleep(0.05)
        bound: Any = server.servers[0].sockets[0].getsockname()
        print(
            f"Labs worker ({settings.provider}) listening on http://{host}:{bound[1]}",
            flush=True,
        )

    announcer = asyncio.create_task(announce())
    try:
        await server.serve()
    finally:
        announcer.cancel()


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    """Entry point for ``python -m labs_worker``; ``env`` defaults to ``os.environ``."""
    words = list(sys.argv[1:] if argv is None else argv)
    if words and words[0] in admin.COMMANDS:
        return admin.main(words, env)
    args = parse_args(words)
    try:
        settings = settings_from(args, dict(os.environ if env is None else env))
        # The worker's own lines (and httpx's) go to stderr like uvicorn's;
        # every one passes the redacting filter that create_app installs.
        logging.basicConfig(level=args.log_level.upper(),
                            format="%(levelname)-9s %(name)s: %(message)s")
        asyncio.run(serve(settings, args.host, args.port, args.log_level))
    except CourseError as exc:
        print(f"labs worker: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
