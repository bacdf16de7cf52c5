"""The site's configuration, read from ``mkdocs.yml`` without a generator: :func:`read_config`.

MkDocs validates its own file and hands the ``course`` plugin its options;
Zensical reads the same file but drops the options of plugins it does not
run. The course fences (under Zensical) and ``python -m quiz_engine
build-assets`` (under both) read the file themselves with this reader: it
accepts MkDocs' YAML tags (``!ENV``, ``!relative``, ``!!python/name:…``,
which it keeps as the name and never imports), follows ``INHERIT`` as MkDocs
does (mappings merged, everything else replaced) and checks the course
options against the plugin's (:data:`COURSE_OPTIONS`, the same as MkDocs'
schema of them), so both generators get the same options. Readings are cached per file and
modification time.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..content.course import CourseOptions
from ..content.toolkit import kind_of, shown_path, suggest
from ..core.errors import CourseError
from ..site.credential_keys import credential_keys_option
from ..site.options import SiteOptions, site_key

__all__ = ["SiteConfig", "find_config_file", "read_config"]

#: The names a site's configuration file goes by, in the order generators look for them.
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")


class _Loader(yaml.SafeLoader):
    """A safe loader that understands the tags MkDocs' files use."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """``!ENV NAME`` or ``!ENV [NAME, OTHER, default]``, as MkDocs reads it."""
    default = None
    if isinstance(node, yaml.ScalarNode):
        names = [loader.construct_scalar(node)]
    elif isinstance(node, yaml.SequenceNode):
        children = list(node.value)
        if len(children) > 1:
            default = loader.construct_object(children.pop())
        names = [loader.construct_scalar(child) for child in children]
    else:
        raise yaml.constructor.ConstructorError(
            None, None, f"expected a scalar or sequence after !ENV, found {type(node).__name__}",
            node.start_mark,
        )
    for name in names:
        if str(name) in os.environ:
            value = os.environ[str(name)]
            tag = loader.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
            return loader.construct_object(yaml.ScalarNode(tag, value))
    return default


def _as_text(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    """A tag this reader does not act on: ``!!python/name:x.y`` is ``"x.y"``."""
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        return suffix if suffix.startswith(("name:", "module:")) and not value else value
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_Loader.add_constructor("!ENV", _env)
_Loader.add_constructor("!relative", lambda loader, node: loader.construct_scalar(node))  # type: ignore[arg-type]
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _as_text)


def _merge(parent: dict[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    """``INHERIT``: mappings merged key by key, any other value replaced (as MkDocs does)."""
    merged = dict(parent)
    for key, value in child.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(dict(merged[key]), value)
        else:
            merged[key] = value
    return merged


def _load(path: Path, shown: str, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except OSError as error:
        raise CourseError(f"cannot be read ({error.strerror})", path=shown,
                          fix="pass the site's file with --config") from error
    except yaml.YAMLError as error:
        raise CourseError(f"is not valid YAML ({error})", path=shown,
                          fix="fix the YAML where it says") from error
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise CourseError("is not a mapping of settings", path=shown,
                          fix="start from the course's own mkdocs.yml")
    parent_name = data.pop("INHERIT", None)
    if parent_name is None:
        return data
    parent = (path.parent / str(parent_name)).resolve()
    if not parent.is_file() or parent in seen:
        raise CourseError(
            f"INHERIT names {parent_name!r}, which is not a file it can inherit", path=shown,
            key="INHERIT", fix="name the parent file relative to this one",
        )
    return _merge(_load(parent, shown_path(parent), (*seen, path.resolve())), data)


def _course_plugin(plugins: Any) -> dict[str, Any] | None:
    """The ``course`` entry of ``plugins:`` (a list or a mapping), or ``None``."""
    entries: list[tuple[Any, Any]]
    if isinstance(plugins, Mapping):
        entries = list(plugins.items())
    elif isinstance(plugins, list):
        entries = [
            (item, {}) if isinstance(item, str) else next(iter(item.items()))
            for item in plugins if isinstance(item, str | Mapping) and item
        ]
    else:
        return None
    for name, options in entries:
        if name == "course":
            return dict(options or {})
    return None


@dataclass(frozen=True)
class SiteConfig:
    """What the course build reads from the site's configuration file."""

    config_file: Path
    docs_dir: Path
    site_name: str
    site_url: str
    language: str
    use_directory_urls: bool
    #: The ``nav:`` as written (``None``: the generator makes one from the folders).
    nav: Any
    #: The course plugin's options, checked and completed with their defaults.
    course: Mapping[str, Any] = field(default_factory=dict)

    @property
    def enabled(self) -> bool:
        """Whether the course renders its fences (``plugins: [course: {enabled: …}]``)."""
        return bool(self.course.get("enabled", True))

    def course_options(self) -> CourseOptions:
        """Where the course's content lives; folders are relative to the configuration file."""
        base = self.config_file.parent
        personas = self.course.get("labs_personas_dir")
        strings = self.course.get("strings_dir")
        return CourseOptions(
            docs_dir=self.docs_dir,
            content_globs=tuple(self.course["content_globs"]),
            personas_dir=base / personas if personas else None,
            strings_dir=base / strings if strings else None,
            language=self.language,
            config_shown=shown_path(self.config_file),
        )

    def site_options(self) -> SiteOptions:
        """What the site build needs besides the content (the credential keys checked)."""
        cache = self.course.get("pyodide_cache")
        keys, keys_shown = credential_keys_option(
            self.config_file.parent, self.course.get("credential_keys")
        )
        return SiteOptions(
            site_key=site_key(self.site_name),
            site_url=self.site_url,
            content_dir=self.course["content_dir"],
            pyodide_enabled=self.course["pyodide_enabled"],
            pyodide_dir=self.course["pyodide_dir"],
            pyodide_packages=tuple(self.course["pyodide_packages"]),
            pyodide_cache=Path(cache) if cache else None,
            offline=self.course["offline"],
            labs_url=str(self.course["labs_url"]).rstrip("/"),
            docs_shown=shown_path(self.docs_dir),
            credential_keys=keys,
            credential_keys_shown=keys_shown,
        )


#: The course plugin's options: their kinds and defaults (``quiz_engine.mkdocs.config``
#: declares the same for MkDocs; a unit test keeps the two equal).
COURSE_OPTIONS: dict[str, tuple[str, Any]] = {
    "enabled": ("bool", True),
    "content_globs": ("list", ["**/quiz.yml", "**/test.yml"]),
    "content_dir": ("str", "course"),
    "pyodide_enabled": ("bool", True),
    "pyodide_dir": ("str", "pyodide"),
    "pyodide_packages": ("list", []),
    "pyodide_cache": ("optional", None),
    "offline": ("bool", True),
    "labs_url": ("str", ""),
    "labs_personas_dir": ("optional", None),
    "strings_dir": ("optional", None),
    "credential_keys": ("optional", None),
}

_KIND_WORDS = {
    "bool": "true or false", "str": "a text", "optional": "a text (or left out)",
    "list": "a list of texts",
}


def _fits(kind: str, value: Any) -> bool:
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "list":
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    return isinstance(value, str) or (kind == "optional" and value is None)


def _checked_course_options(raw: dict[str, Any], shown: str) -> dict[str, Any]:
    """The course options completed with their defaults; a :class:`CourseError` for a wrong one."""
    given = {name: value for name, value in raw.items() if value is not None}
    for name, value in given.items():
        if name not in COURSE_OPTIONS:
            raise CourseError(
                f"{name!r} is not an option of the course plugin", path=shown,
                key=f"plugins.course.{name}",
                fix=suggest(name, COURSE_OPTIONS, "see the options in docs/instructors.md"),
            )
        kind = COURSE_OPTIONS[name][0]
        if not _fits(kind, value):
            raise CourseError(
                f"must be {_KIND_WORDS[kind]}, not {kind_of(value)}", path=shown,
                key=f"plugins.course.{name}", fix="see the options in docs/instructors.md",
            )
    # As MkDocs does, an option set to nothing (``!ENV`` of an unset variable) takes its default.
    return {
        name: given.get(name, list(default) if isinstance(default, list) else default)
        for name, (_, default) in COURSE_OPTIONS.items()
    }


def _text(value: Any, default: str = "") -> str:
    return default if value is None else str(value)


def _read(path: Path) -> SiteConfig:
    shown = shown_path(path)
    data = _load(path, shown)
    course = _course_plugin(data.get("plugins"))
    if course is None:
        raise CourseError("the course plugin is not enabled", path=shown, key="plugins",
                          fix="add `- course` under `plugins:`")
    theme = data.get("theme")
    theme = theme if isinstance(theme, Mapping) else {}
    docs = Path(_text(data.get("docs_dir"), "docs"))
    site_url = _text(data.get("site_url"))
    if site_url and not site_url.endswith("/"):
        site_url += "/"  # as MkDocs completes it
    return SiteConfig(
        config_file=path,
        docs_dir=docs if docs.is_absolute() else path.parent / docs,
        site_name=_text(data.get("site_name")),
        site_url=site_url,
        language=_text(theme.get("language"), "en") or "en",
        use_directory_urls=bool(data.get("use_directory_urls", True)),
        nav=data.get("nav"),
        course=_checked_course_options(course, shown),
    )


@lru_cache(maxsize=8)
def _cached(path: Path, _mtime_ns: int, _environment: frozenset[tuple[str, str]]) -> SiteConfig:
    return _read(path)


def read_config(config_file: Path) -> SiteConfig:
    """The course's settings in ``config_file``; a :class:`CourseError` when it cannot tell.

    Cached per file, modification time and environment (``!ENV`` reads it).
    """
    path = config_file.resolve()
    if not path.is_file():
        raise CourseError("file not found", path=shown_path(config_file),
                          fix="pass the site's file with --config")
    return _cached(path, path.stat().st_mtime_ns, frozenset(os.environ.items()))


def find_config_file(folder: Path) -> Path | None:
    """The site's configuration file in ``folder`` (``mkdocs.yml``), if there is one."""
    return next((folder / name for name in CONFIG_NAMES if (folder / name).is_file()), None)
