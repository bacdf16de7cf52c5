"""Configuration of the ``course`` MkDocs plugin."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

__all__ = ["CourseConfig"]


class CourseConfig(Config):
    """Options of ``plugins: [course]`` in ``mkdocs.yml``."""

    enabled = c.Type(bool, default=True)

    # Content files, validated on every build even when no page shows them.
    content_globs = c.ListOfItems(c.Type(str), default=["**/quiz.yml", "**/test.yml"])
    # Folder of the built site that receives the browser's content JSON.
    content_dir = c.Type(str, default="course")

    # The self-hosted Pyodide distribution.
    pyodide_enabled = c.Type(bool, default=True)
    pyodide_dir = c.Type(str, default="pyodide")
    pyodide_packages = c.ListOfItems(c.Type(str), default=[])
    pyodide_cache = c.Optional(c.Type(str))

    # A service worker that precaches the whole course, so it works offline
    # after the first visit (never written under `mkdocs serve`).
    offline = c.Type(bool, default=True)

    # The AI-peer labs: the labs worker's base URL (empty: offline practice
    # mode in the browser) and the persona files (default: the worker's own).
    labs_url = c.Type(str, default="")
    labs_personas_dir = c.Optional(c.Type(str))

    # Completion credentials: the public JWKS of the labs worker's signing key
    # (relative to mkdocs.yml; `python -m labs_worker keygen` prints it). The
    # site publishes it for the verify page; empty or unset: no keys published.
    credential_keys = c.Optional(c.Type(str))

    # The widgets speak Material's `theme.language`; a folder of
    # `<language>.json` catalogues adds languages or changes single strings
    # (relative to mkdocs.yml).
    strings_dir = c.Optional(c.Type(str))
