"""What the build writes beside the rendered pages: :func:`write_site_assets`.

Called once the pages are written, by any generator: the content JSON and
progress manifest, the public keys of completion credentials, the content
schemas, the browser wheel with the verified Pyodide distribution, and last
the service worker, which lists every file of the finished site.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..content.course import Course
from ..core.errors import CourseError
from .content_json import write_content_json
from .credential_keys import write_credential_keys
from .manifest import ProgressManifest
from .options import SiteOptions
from .service_worker import write_service_worker
from .wheel import build_engine_wheel, project_root

__all__ = ["SCHEMAS", "assemble_browser_python", "write_site_assets"]

SCHEMAS = Path(__file__).resolve().parents[1] / "content" / "schemas"


def assemble_browser_python(site: Path, options: SiteOptions) -> str:
    """Build the browser wheel and assemble Pyodide with it under ``site``; return a report."""
    from .pyodide_supply import assemble_pyodide

    root = project_root()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            report = assemble_pyodide(
                site / options.pyodide_dir,
                packages=list(options.pyodide_packages),
                extra_wheels=[build_engine_wheel(Path(tmp))],
                project_root=root,
                cache_dir=root / options.pyodide_cache if options.pyodide_cache else None,
            )
    except CourseError as error:
        raise CourseError(f"Pyodide supply: {error.problem}", path=error.path, key=error.key,
                          line=error.line, fix=error.fix) from error
    return f"Pyodide distribution: {report}"


def write_site_assets(
    site: Path,
    course: Course,
    options: SiteOptions,
    manifest: ProgressManifest,
    *,
    serving: bool = False,
    log: Callable[[str], None] = lambda message: None,
) -> None:
    """Write everything but the pages into the built ``site``.

    ``serving``: a live preview (``mkdocs serve``), where a service worker's
    cache would hide the edits being made, so none is written.
    """
    write_content_json(site / options.content_dir, course, manifest.to_json())
    if options.credential_keys is not None:
        write_credential_keys(
            site / options.content_dir, options.credential_keys,
            options.credential_keys_shown or str(options.credential_keys),
        )
    (site / "schema").mkdir(exist_ok=True)
    for schema in SCHEMAS.glob("*.schema.json"):
        shutil.copyfile(schema, site / "schema" / schema.name)
    if options.pyodide_enabled:
        log(assemble_browser_python(site, options))
    if options.offline and not serving:
        count = write_service_worker(site, options.base_path)
        log(f"Offline: the service worker precaches {count} files")
