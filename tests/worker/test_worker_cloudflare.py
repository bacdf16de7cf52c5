"""The Cloudflare entry's adapter, with a fake per-request env (the runtime isn't here)."""

from __future__ import annotations

import ast
import asyncio
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from labs_worker.app import create_app
from labs_worker.deploy.cloudflare.adapter import (
    AppCache,
    edge_allows,
    env_settings,
    rate_limited_response,
)
from labs_worker.deploy.cloudflare.bundle import build_bundle
from labs_worker.settings import Settings
from quiz_engine.core.errors import CourseError

HERE = Path(__file__).parents[2] / "labs_worker" / "deploy" / "cloudflare"


def fake_env(**values: Any) -> SimpleNamespace:
    """Like Workers' env: one attribute per var, secret and binding."""
    base = {"LABS_PROVIDER": "openai", "LABS_MODEL": "m", "LABS_API_KEY": "sk-edge-secret",
            "LABS_ORIGINS": "https://me.github.io", "OTHER_BINDING": object()}
    return SimpleNamespace(**(base | values))


def test_settings_come_from_the_request_env() -> None:
    """Only LABS_* settings are read; bindings and other vars are left alone."""
    values = env_settings(fake_env())
    assert values == {"LABS_PROVIDER": "openai", "LABS_MODEL": "m",
                      "LABS_API_KEY": "sk-edge-secret", "LABS_ORIGINS": "https://me.github.io"}
    assert env_settings({"LABS_MODEL": "x", "PATH": "/bin"}) == {"LABS_MODEL": "x"}


def test_the_app_is_built_once_per_configuration() -> None:
    """Requests reuse the app (and its limits) until a var or secret changes."""
    built: list[Settings] = []

    def factory(settings: Settings) -> Starlette:
        built.append(settings)
        return create_app(settings)

    cache = AppCache(factory)
    first = cache.app_for(fake_env())
    assert cache.app_for(fake_env()) is first
    rotated = cache.app_for(fake_env(LABS_API_KEY="sk-rotated"))
    assert rotated is not first
    assert [s.api_key for s in built] == ["sk-edge-secret", "sk-rotated"]


def test_the_cached_app_serves_requests() -> None:
    """The app the adapter hands to Cloudflare's ASGI bridge is the normal worker."""
    app = AppCache().app_for(fake_env(LABS_PROVIDER="practice", LABS_PRACTICE_DELAY_MS="0"))
    with TestClient(app) as client:
        assert client.get("/healthz").json() == {"status": "ok", "provider": "practice"}


class FakeLimiter:
    """The Rate Limiting binding: `limit({key})` resolves to `{success}`."""

    def __init__(self, allowed: int) -> None:
        self.allowed = allowed
        self.keys: list[str] = []

    async def limit(self, options: dict[str, str]) -> SimpleNamespace:
        self.keys.append(options["key"])
        return SimpleNamespace(success=len(self.keys) <= self.allowed)


def test_the_edge_rate_limit_uses_the_binding_when_bound() -> None:
    """With LABS_RATE_LIMITER bound, each client IP is checked across isolates."""
    limiter = FakeLimiter(allowed=2)
    env = fake_env(LABS_RATE_LIMITER=limiter)
    results = [asyncio.run(edge_allows(env, "203.0.113.7")) for _ in range(3)]
    assert results == [True, True, False]
    assert limiter.keys == ["203.0.113.7"] * 3
    assert asyncio.run(edge_allows(fake_env(), "203.0.113.7")) is True  # unbound: allow


def test_the_edge_429_is_readable_by_the_site_only() -> None:
    """The 429 carries CORS headers for the site's origin and the JSON envelope."""
    status, headers, body = rate_limited_response(fake_env(), "https://me.github.io")
    assert status == 429
    assert headers["Access-Control-Allow-Origin"] == "https://me.github.io"
    assert '"code": "rate_limited"' in body
    _, other, _ = rate_limited_response(fake_env(), "https://evil.example")
    assert "Access-Control-Allow-Origin" not in other
    assert "sk-edge-secret" not in body + str(headers)


def test_wrangler_config_binds_the_limiter_and_keeps_secrets_out() -> None:
    """wrangler.toml names the entry, the Python flag, the limiter — and no key."""
    config = tomllib.loads((HERE / "wrangler.toml").read_text())
    assert config["main"] == "src/entry.py"
    assert "python_workers" in config["compatibility_flags"]
    assert config["ratelimits"][0]["name"] == "LABS_RATE_LIMITER"
    assert "LABS_API_KEY" not in config["vars"]
    Settings.from_env(config["vars"])  # the shipped vars are valid settings


def test_the_bundle_holds_the_entry_and_what_it_imports(tmp_path: Path) -> None:
    """The deploy folder has the entry, the package (personas too) and no dev-only code."""
    out = tmp_path / "cf"
    build_bundle(out)
    src = out / "src"
    assert (out / "wrangler.toml").is_file()
    assert (src / "entry.py").is_file()
    assert len(list((src / "labs_worker" / "personas").glob("lab-*.yml"))) == 4
    assert not (src / "labs_worker" / "testing.py").exists()
    assert not (src / "labs_worker" / "__main__.py").exists()
    tree = ast.parse((src / "entry.py").read_text())
    ours = [node.module for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("labs_worker")]
    for module in ours:
        assert (src / (module.replace(".", "/") + ".py")).is_file(), module


def test_rebuilding_the_bundle_keeps_the_instructors_wrangler_toml(tmp_path: Path) -> None:
    """wrangler.toml is where the instructor puts their site, model and limits: a bundle
    built again over the folder keeps it, and replaces everything else."""
    out = tmp_path / "cf"
    build_bundle(out)
    edited = (out / "wrangler.toml").read_text() + '\n# my site\n'
    (out / "wrangler.toml").write_text(edited)
    (out / "src" / "stale.py").write_text("left over from an older bundle\n")
    (out / "src" / "entry.py").unlink()
    written = build_bundle(out)
    assert (out / "wrangler.toml").read_text() == edited
    assert out / "wrangler.toml" not in written
    assert (out / "src" / "entry.py").is_file()
    assert not (out / "src" / "stale.py").exists()


@pytest.mark.parametrize("what", ["a folder of other files", "a file"])
def test_a_folder_that_is_no_bundle_is_never_replaced(tmp_path: Path, what: str) -> None:
    """Pointed at anything but an empty folder or a bundle it wrote, the command refuses,
    and deletes nothing."""
    out = tmp_path / "docs"
    if what == "a file":
        out.write_text("notes\n")
    else:
        out.mkdir()
        (out / "index.md").write_text("# My course\n")
    with pytest.raises(CourseError) as caught:
        build_bundle(out)
    assert "docs" in str(caught.value)
    assert " — " in str(caught.value)
    if what == "a file":
        assert out.read_text() == "notes\n"
    else:
        assert (out / "index.md").read_text() == "# My course\n"


def test_the_bundle_command_explains_itself_and_writes_nothing_for_help(tmp_path: Path) -> None:
    """`--help` prints the usage; it is never taken for the folder to write."""
    result = subprocess.run(
        [sys.executable, "-m", "labs_worker.deploy.cloudflare.bundle", "--help"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONPATH": str(HERE.parents[2])},
    )
    assert result.returncode == 0, result.stderr
    assert "usage:" in result.stdout and "wrangler.toml" in result.stdout
    assert list(tmp_path.iterdir()) == []


def _project_imports(path: Path) -> set[str]:
    """The labs_worker and quiz_engine modules ``path`` imports (top level or inside functions)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found.update(n for n in names if n.split(".")[0] in ("labs_worker", "quiz_engine"))
    return found


def _module_file(src: Path, module: str) -> Path | None:
    stem = src / module.replace(".", "/")
    return next((c for c in (stem.with_suffix(".py"), stem / "__init__.py") if c.is_file()), None)


def test_every_module_the_bundle_imports_is_in_the_bundle(tmp_path: Path) -> None:
    """Followed from the entry, every project module imported (and its packages) is a file
    of the bundle, and the bundle holds no part of the site build."""
    src = tmp_path / "cf" / "src"
    build_bundle(src.parent)
    seen: set[str] = set()
    todo = [src / "entry.py"]
    missing = []
    while todo:
        for module in _project_imports(todo.pop()):
            parts = module.split(".")
            for depth in range(1, len(parts) + 1):
                name = ".".join(parts[:depth])
                if name in seen:
                    continue
                seen.add(name)
                found = _module_file(src, name)
                if found is None:
                    missing.append(name)
                else:
                    todo.append(found)
    assert missing == []
    assert {"quiz_engine.core.practice", "quiz_engine.content.persona"} <= seen
    assert not (src / "quiz_engine" / "site").exists()
    assert not (src / "quiz_engine" / "mkdocs").exists()

def test_a_redis_store_is_refused_on_cloudflare() -> None:
    """A Worker can't reach Redis: say so rather than quietly count per isolate."""
    with pytest.raises(CourseError, match="LABS_STORE: a Redis store can't be reached"):
        AppCache().app_for(fake_env(LABS_STORE="redis://10.0.0.1:6379/0"))
