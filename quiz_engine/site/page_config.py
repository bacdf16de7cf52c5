"""The one block of configuration every page gives the widgets.

The build writes it into each page as
``<script type="application/json" id="course-config">``
(:func:`~.pages.inject_page_config`, after MkDocs or Zensical wrote the page);
the browser code reads every folder, address, limit and interface string
from it, so no option is copied into JavaScript.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..content.course import Course
from ..core.limits import CERTIFICATE_NAME_MAX_CHARS, LAB_MESSAGE_MAX_CHARS
from .credential_keys import CREDENTIAL_KEYS_FILE
from .options import SiteOptions

__all__ = ["page_config"]


def _folder(name: str) -> str:
    """A folder of the site as a path from the site root, ending in ``/``."""
    return name.strip("/") + "/"


def page_config(
    course: Course, options: SiteOptions, *, service_worker: bool, pages: Mapping[str, str | None]
) -> dict[str, Any]:
    """What the widgets need from the build, as JSON-safe data.

    ``service_worker``: whether the site's ``sw.js`` precaches it for offline
    use (else the pages register none). ``pages``: the URLs of the pages the
    widgets link to (:func:`~.pages.linked_pages`).
    """
    return {
        "site": options.site_key,
        "serviceWorker": service_worker,
        "pyodideUrl": _folder(options.pyodide_dir),
        "contentUrl": _folder(options.content_dir),
        "labsUrl": options.labs_url.rstrip("/"),
        "labMessageMaxChars": LAB_MESSAGE_MAX_CHARS,
        "certificateNameMaxChars": CERTIFICATE_NAME_MAX_CHARS,
        # The published public keys of completion credentials (from the site root), or none.
        "credentialKeys": (
            _folder(options.content_dir) + CREDENTIAL_KEYS_FILE if options.credential_keys else None
        ),
        "pages": dict(pages),
        "language": course.strings.language,
        "strings": course.strings.to_json(),
    }
