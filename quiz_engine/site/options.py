"""What the site build needs to know besides the content: :class:`SiteOptions`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

__all__ = ["SiteOptions", "site_key"]


def site_key(site_name: str) -> str:
    """The namespace of the learner's stored progress, made from the site's name."""
    return re.sub(r"[^a-z0-9]+", "-", site_name.lower()).strip("-") or "course"


@dataclass(frozen=True)
class SiteOptions:
    """The course options of ``mkdocs.yml``, with what the build derives from the site."""

    #: Namespaces the learner's stored progress (:func:`site_key`).
    site_key: str = "course"
    #: Where the site is deployed (``https://…/course/``), or empty.
    site_url: str = ""
    #: Folder of the built site for the browser's content JSON.
    content_dir: str = "course"
    #: Whether to assemble the self-hosted Pyodide distribution, and where.
    pyodide_enabled: bool = True
    pyodide_dir: str = "pyodide"
    pyodide_packages: tuple[str, ...] = ()
    #: A folder (relative to the project) that keeps verified Pyodide files between builds.
    pyodide_cache: Path | None = None
    #: Write the service worker that precaches the course (never while serving).
    offline: bool = True
    #: The labs worker's base URL; empty: offline practice mode.
    labs_url: str = ""
    #: How messages name the docs folder.
    docs_shown: str = "docs"
    #: The public JWKS that completion credentials are checked against, or none.
    credential_keys: Path | None = None
    #: How messages name that file (as the instructor wrote it).
    credential_keys_shown: str = ""

    @property
    def data_url(self) -> str:
        """Where the notebooks download the data sets from: the deployed site's ``datasets/``
        folder, or empty without a ``site_url`` (the notebook then says to fill it in)."""
        return f"{self.site_url}datasets/" if self.site_url else ""

    @property
    def base_path(self) -> str:
        """The site's path on its host: ``/`` or ``/course/``."""
        path = urlsplit(self.site_url or "/").path or "/"
        return path if path.endswith("/") else path + "/"
