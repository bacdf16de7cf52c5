"""The plugin option ``credential_keys``: a public JWKS, checked, copied and named in the page config."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from quiz_engine.core.errors import CourseError
from quiz_engine.site.credential_keys import read_credential_keys, write_credential_keys
from tests.page_config import page_config_of
from tests.unit.test_plugin import run_build

X = base64.urlsafe_b64encode(bytes(range(32))).decode().rstrip("=")
KEY = {"kty": "OKP", "crv": "Ed25519", "x": X, "kid": "k1", "alg": "EdDSA", "use": "sig"}


def write(tmp_path: Path, data: Any, name: str = "keys.json") -> Path:
    """Write ``data`` as JSON (or text as is) to ``tmp_path/name``."""
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, indent=2), encoding="utf-8")
    return path


def test_a_public_jwks_is_read_with_only_its_public_members(tmp_path: Path) -> None:
    """Members beyond the public key's are dropped; alg and use are optional."""
    bare = {"kty": "OKP", "crv": "Ed25519", "x": X, "kid": "k2", "key_ops": ["verify"]}
    keys = read_credential_keys(write(tmp_path, {"keys": [KEY, bare]}), "keys.json")
    assert keys == {"keys": [KEY, {"kty": "OKP", "crv": "Ed25519", "x": X, "kid": "k2"}]}


@pytest.mark.parametrize(
    ("data", "key", "problem"),
    [
        ("{keys: [", None, "not valid JSON"),
        ([KEY], None, "must be a JSON object"),
        ({"key": [KEY]}, None, "missing member 'keys'"),
        ({"keys": []}, "keys", "needs at least 1 public keys"),
        ({"keys": ["abc"]}, "keys[0]", "must be a JSON object"),
        ({"keys": [{**KEY, "d": X}]}, "keys[0].d", "this is a private key"),
        ({"keys": [{**KEY, "kty": "RSA"}]}, "keys[0].kty", "is 'RSA'"),
        ({"keys": [{**KEY, "crv": "P-256"}]}, "keys[0].crv", "is 'P-256'"),
        ({"keys": [{**KEY, "alg": "ES256"}]}, "keys[0].alg", "is 'ES256'"),
        ({"keys": [{k: v for k, v in KEY.items() if k != "kid"}]}, "keys[0]", "missing member 'kid'"),
        ({"keys": [{**KEY, "x": 12}]}, "keys[0].x", "expected a non-empty string"),
        ({"keys": [{**KEY, "x": "ab+/"}]}, "keys[0].x", "not base64url"),
        ({"keys": [{**KEY, "x": X[:20]}]}, "keys[0].x", "an Ed25519 public key has 32"),
        ({"keys": [KEY, KEY]}, "keys[1].kid", "already the kid"),
    ],
)
def test_a_wrong_jwks_is_located_and_explained(
    tmp_path: Path, data: Any, key: str | None, problem: str
) -> None:
    """Each mistake names the file, the member, the line and what to do."""
    with pytest.raises(CourseError) as caught:
        read_credential_keys(write(tmp_path, data), "keys.json")
    error = caught.value
    assert error.path == "keys.json"
    assert error.key == key
    assert problem in error.problem
    assert error.fix
    assert error.line is not None


def test_a_missing_file_says_where_the_keys_come_from(tmp_path: Path) -> None:
    """No file at the path: the error says what to point the option at."""
    with pytest.raises(CourseError, match="file not found — point `credential_keys`"):
        read_credential_keys(tmp_path / "none.json", "none.json")


def test_the_keys_are_written_into_the_content_folder(tmp_path: Path) -> None:
    """Only the public members reach the site."""
    source = write(tmp_path, {"keys": [{**KEY, "note": "mine"}]})
    target = write_credential_keys(tmp_path / "site" / "course", source, "keys.json")
    assert target == tmp_path / "site" / "course" / "credential-keys.json"
    assert json.loads(target.read_text(encoding="utf-8")) == {"keys": [KEY]}


def project(tmp_path: Path, option: str) -> Path:
    """A course with no content and the given ``credential_keys`` line (or none)."""
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: Test course\n"
        "plugins:\n  - course:\n      pyodide_enabled: false\n      content_dir: data\n"
        f"{option}",
        encoding="utf-8",
    )
    return config


def test_without_the_option_no_keys_are_published(tmp_path: Path) -> None:
    """The default: the page config says there are none, and no file is written."""
    site = run_build(project(tmp_path, ""))
    assert page_config_of(site / "index.html")["credentialKeys"] is None
    assert not (site / "data" / "credential-keys.json").exists()


def test_a_build_publishes_the_keys_and_names_them_in_the_page_config(tmp_path: Path) -> None:
    """A path relative to mkdocs.yml; the site gets the file in its content folder."""
    (tmp_path / "keys").mkdir()
    write(tmp_path / "keys", {"keys": [KEY]}, "public.json")
    config_file = project(tmp_path, "      credential_keys: keys/public.json\n")
    site = run_build(config_file)
    assert page_config_of(site / "index.html")["credentialKeys"] == "data/credential-keys.json"
    assert json.loads((site / "data" / "credential-keys.json").read_text()) == {"keys": [KEY]}


def test_a_wrong_keys_file_stops_the_build_before_any_page(tmp_path: Path) -> None:
    """A private key given by mistake is refused with the option, file and member named."""
    write(tmp_path, {"keys": [{**KEY, "d": X}]}, "private.json")
    config = load_config(str(project(tmp_path, "      credential_keys: private.json\n")))
    with pytest.raises(PluginError, match=r"credential_keys: .*private\.json:\d+: keys\[0\]\.d: this is a private key"):
        config.plugins.on_config(config)
