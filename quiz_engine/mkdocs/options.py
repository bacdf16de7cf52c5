"""The plugin's options (and MkDocs' own) as the plain build functions take them: the same
:class:`~quiz_engine.markdown.config.SiteConfig` the course's own reader of ``mkdocs.yml``
gives the fences under Zensical and the command line, so both derive the course's and
the site's options in one place (``SiteConfig.course_options`` and ``site_options``)."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from ..markdown.config import SiteConfig
from .config import CourseConfig

__all__ = ["site_config"]


def site_config(config: MkDocsConfig, plugin: CourseConfig) -> SiteConfig:
    """MkDocs' configuration and the plugin's options (checked and completed by MkDocs)."""
    return SiteConfig(
        config_file=Path(config.config_file_path or "mkdocs.yml").resolve(),
        docs_dir=Path(config.docs_dir),
        site_name=config.site_name,
        site_url=config.site_url or "",
        language=str(config.theme.get("language") or "en"),
        use_directory_urls=config.use_directory_urls,
        nav=config.nav,
        course=dict(plugin),
    )
