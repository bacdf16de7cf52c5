"""The site's service worker: precaches the whole built course for offline use.

Written into the site root as ``sw.js`` after the build, with the list of
every file to cache and a version made from their contents: a new deploy has
a new version, installs beside the old one and takes over only when the
learner accepts the reload.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

__all__ = ["write_service_worker"]

# Files the offline course never needs.
_SKIP_SUFFIXES = (".map", ".gz")
_SKIP_NAMES = {"sw.js"}

TEMPLATE = Path(__file__).with_name("service-worker.js")



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
        TEMPLATE.read_text(encoding="utf-8")
        .replace('"__VERSION__"', json.dumps(digest.hexdigest()[:16]))
        .replace("__FILES__", json.dumps(files, indent=0))
    )
    (site / "sw.js").write_text(script, encoding="utf-8")
    return len(files)
