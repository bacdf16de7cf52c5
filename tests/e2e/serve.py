"""A quiet static file server for a built site, with the MIME types Pyodide needs."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["TEST_PREFIX", "serve_directory"]

#: URL path under which ``serve_directory(..., test_files=…)`` serves files that are
#: not part of the site (same origin as the site, never in its folder).
TEST_PREFIX = "/__test__/"
#: The largest file a page may hand over (``PUT``) under :data:`TEST_PREFIX`.
MAX_PUT = 100 * 1024 * 1024


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012 - the base class defines it as a class attribute
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".whl": "application/octet-stream",
    }

    def __init__(self, *args: Any, test_files: Path | None, **kwargs: Any) -> None:
        self.test_files = test_files
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        """Map ``/__test__/<name>`` into ``test_files``; everything else into the site."""
        if self.test_files is not None and path.startswith(TEST_PREFIX):
            name = path[len(TEST_PREFIX):].split("?", 1)[0].split("#", 1)[0]
            if "/" not in name and name not in {"", ".", ".."}:
                return str(self.test_files / name)
        return super().translate_path(path)

    def do_PUT(self) -> None:
        """Store the body as ``/__test__/<name>``: a page hands the harness a file (its
        Python snapshot) without it travelling back through DevTools. Nothing else is
        writable."""
        target = self.translate_path(self.path)
        length = int(self.headers.get("Content-Length") or -1)
        if (self.test_files is None or not self.path.startswith(TEST_PREFIX)
                or Path(target).parent != self.test_files or not 0 <= length <= MAX_PUT):
            self.send_error(403)
            return
        Path(target).write_bytes(self.rfile.read(length))
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: the tests report what matters."""


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that cancels a download is not an error worth printing."""


@contextlib.contextmanager
def serve_directory(directory: Path, *, test_files: Path | None = None) -> Iterator[str]:
    """Serve ``directory`` on a free localhost port; yields the base URL.

    With ``test_files``, the files of that folder are served too, under
    :data:`TEST_PREFIX` (for the harness: a blank page, a Python snapshot).
    """
    handler = functools.partial(_SiteHandler, directory=str(directory), test_files=test_files)
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
