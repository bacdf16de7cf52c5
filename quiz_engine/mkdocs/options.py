"""The plugin's options (and MkDocs' own) as the plain build functions take them."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from ..content.course import CourseOptions
from ..content.toolkit import shown_path
from ..core.errors import CourseError
from ..site.credential_keys import credential_keys_option
from ..site.options import SiteOptions, site_key
from .config import CourseConfig

__all__ = ["course_options", "site_options"]


def _config_dir(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path or ".").resolve().parent


def course_options(config: MkDocsConfig, plugin: CourseConfig) -> CourseOptions:
    """Where the course's content lives; folders are relative to ``mkdocs.yml``."""
    base = _config_dir(config)
    return CourseOptions(
        docs_dir=Path(config.docs_dir),
        content_globs=tuple(plugin.content_globs),
        personas_dir=base / plugin.labs_personas_dir if plugin.labs_personas_dir else None,
        strings_dir=base / plugin.strings_dir if plugin.strings_dir else None,
        language=str(config.theme.get("language") or "en"),
        config_shown=shown_path(Path(config.config_file_path or "mkdocs.yml")),
    )


def site_options(config: MkDocsConfig, plugin: CourseConfig) -> SiteOptions:
    """What the site build needs besides the content.

    The credential keys are checked here, so a wrong file stops the build
    before any page is rendered.
    """
    try:
        keys, keys_shown = credential_keys_option(_config_dir(config), plugin.credential_keys)
    except CourseError as error:
        raise PluginError(f"credential_keys: {error}") from error
    return SiteOptions(
        site_key=site_key(config.site_name),
        site_url=config.site_url or "",
        content_dir=plugin.content_dir,
        pyodide_enabled=plugin.pyodide_enabled,
        pyodide_dir=plugin.pyodide_dir,
        pyodide_packages=tuple(plugin.pyodide_packages),
        pyodide_cache=Path(plugin.pyodide_cache) if plugin.pyodide_cache else None,
        offline=plugin.offline,
        labs_url=plugin.labs_url.rstrip("/"),
        docs_shown=shown_path(Path(config.docs_dir)),
        credential_keys=keys,
        credential_keys_shown=keys_shown,
    )
