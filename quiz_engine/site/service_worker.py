"""The site's service worker, ``sw.js`` in the site root, written after the build.

With offline use on, it precaches the whole built course: the list of every
file to cache and a version made from their contents (a new deploy has a new
version, installs beside the old one and takes over only when the learner
accepts the reload). Without it (``offline: false``, ``mkdocs serve``) the
pages register none, and ``sw.js`` is one that retires a precaching service
worker an earlier deploy left in learners' browsers.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

__all__ = ["write_retiring_service_worker", "write_service_worker"]

# Files the offline course never needs.
_SKIP_SUFFIXES = (".map", ".gz")
_SKIP_NAMES = {"sw.js"}

TEMPLATE = Path(__file__).with_name("service-worker.js")
RETIRING = Path(__file__).with_name("retiring-service-worker.js")
#: Which caches are the site's offline copies: put before either form of sw.js.
CACHES = Path(__file__).with_name("service-worker-caches.js")


def _script(template: Path) -> str:
    return CACHES.read_text(encoding="utf-8") + template.read_text(encoding="utf-8")


def write_service_worker(site: Path, base_path: str) -> int:
    """Write ``site/sw.js`` precaching every file of ``site``; return how many.

    ``base_path`` is the site's path on its host (``/`` or ``/course/``).
    """
    digest = hashlib.sha256()
    files: list[str] = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        relative = path.relative_to(site).as_posix()
        if relative in _SKIP_NAMES or relative.endswith(_SKIP_SUFFIXES):
            continue
        digest.update(relative.encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
        files.append(base_path + relative)
    script = (
        _script(TEMPLATE)
        .replace('"__VERSION__"', json.dumps(digest.hexdigest()[:16]))
        .replace("__FILES__", json.dumps(files, indent=0))
    )
    (site / "sw.js").write_text(script, encoding="utf-8")
    return len(files)


def write_retiring_service_worker(site: Path) -> None:
    """Write ``site/sw.js`` as the service worker that removes an earlier deploy's.

    Always the same bytes: a browser that already retired its copy finds
    nothing new in it.
    """
    (site / "sw.js").write_text(_script(RETIRING), encoding="utf-8")
