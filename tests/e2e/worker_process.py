"""The real labs worker as a process, for the e2e tests' chats."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

__all__ = ["run_labs_worker"]

ROOT = Path(__file__).resolve().parents[2]


@contextlib.contextmanager
def run_labs_worker(
    origin: str, log_path: Path, *, delay_ms: int = 20, env: Mapping[str, str] | None = None
) -> Iterator[str]:
    """Run the real labs worker (offline practice peer) on a free port, allowing ``origin``.

    ``delay_ms`` is the pause between the practice peer's chunks; ``env`` adds
    ``LABS_*`` settings (a signing secret, another provider, tighter limits).
    """
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "labs_worker", "--port", "0", "--origins", origin],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=log, text=True,
            env={**os.environ, "LABS_PRACTICE_DELAY_MS": str(delay_ms), **(env or {})},
        )
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"listening on (http://\S+)", line)
        if not match:
            process.kill()
            pytest.fail(
                f"the labs worker did not start:\n{line}\n{log_path.read_text()}", pytrace=False
            )
        try:
            yield match.group(1)
        finally:
            process.terminate()
            process.wait(timeout=10)
