"""Settings: defaults, LABS_* parsing and clear errors."""

from __future__ import annotations

import pytest

from labs_worker.settings import Settings
from quiz_engine.core.errors import CourseError
from quiz_engine.core.limits import LAB_MESSAGE_MAX_CHARS


def test_defaults_serve_the_practice_peer_to_the_local_site() -> None:
    """With no variables the worker is the offline practice peer for mkdocs serve."""
    settings = Settings.from_env({})
    assert settings.provider == "practice"
    assert "http://127.0.0.1:8000" in settings.allowed_origins
    assert settings.upstream_url == ""


def test_from_env_parses_types_and_ignores_other_variables() -> None:
    """Numbers, lists and strings come out typed; non-LABS_ names are ignored."""
    settings = Settings.from_env(
        {
            "LABS_PROVIDER": "openai",
            "LABS_MODEL": "llama3.1:8b",
            "LABS_BASE_URL": "http://127.0.0.1:11434/v1/",
            "LABS_ORIGINS": "https://me.github.io/, http://localhost:8000",
            "LABS_MAX_TURNS": "12",
            "LABS_STALL_TIMEOUT": "2.5",
            "HOME": "/root",
        }
    )
    assert settings.allowed_origins == ("https://me.github.io", "http://localhost:8000")
    assert settings.max_turns == 12
    assert settings.stall_timeout == 2.5
    assert settings.upstream_url == "http://127.0.0.1:11434/v1"


def test_provider_defaults_fill_the_base_url() -> None:
    """OpenAI and Anthropic need no base URL of their own."""
    assert Settings(provider="openai", model="m").upstream_url == "https://api.openai.com/v1"
    anthropic = Settings(provider="anthropic", model="m", api_key="k")
    assert anthropic.upstream_url == "https://api.anthropic.com"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"LABS_ORIGIN": "x"}, "LABS_ORIGIN: unknown setting — did you mean LABS_ORIGINS?"),
        ({"LABS_PROVIDER": "gemini"}, "LABS_PROVIDER: unknown provider 'gemini'"),
        ({"LABS_PROVIDER": "openai"}, "LABS_MODEL: a model is required for the openai provider"),
        ({"LABS_PROVIDER": "anthropic", "LABS_MODEL": "m"}, "LABS_API_KEY: the anthropic"),
        ({"LABS_MAX_TURNS": "many"}, "LABS_MAX_TURNS: 'many' is not a number"),
        ({"LABS_MAX_TURNS": "0"}, "LABS_MAX_TURNS: must be greater than 0"),
        ({"LABS_ORIGINS": "https://me.github.io/course"}, "LABS_ORIGINS: 'https://me.github.io/"),
        ({"LABS_BASE_URL": "api.openai.com"}, "LABS_BASE_URL: 'api.openai.com' is not an http"),
    ],
)
def test_bad_settings_name_the_variable_and_the_fix(env: dict[str, str], message: str) -> None:
    """Each mistake is reported against the variable to change."""
    with pytest.raises(CourseError) as caught:
        Settings.from_env(env)
    assert str(caught.value).startswith(message)
    assert " — " in str(caught.value)


def test_practice_delay_may_be_zero() -> None:
    """Zero is a valid practice delay (tests and benchmarks use it)."""
    assert Settings.from_env({"LABS_PRACTICE_DELAY_MS": "0"}).practice_delay_ms == 0


def test_the_api_key_stays_out_of_the_repr() -> None:
    """A logged Settings object does not show the key."""
    settings = Settings(provider="anthropic", model="m", api_key="sk-secret-value")
    assert "sk-secret-value" not in repr(settings)


def test_the_message_cap_is_the_sites_and_no_variable_changes_it() -> None:
    """The chat on every page enforces the cap the build writes into it; the worker
    enforces the same number, so no environment variable may move one without the other."""
    assert Settings.from_env({}).max_message_chars == LAB_MESSAGE_MAX_CHARS
    with pytest.raises(CourseError) as caught:
        Settings.from_env({"LABS_MAX_MESSAGE_CHARS": "500"})
    assert str(caught.value).startswith("LABS_MAX_MESSAGE_CHARS: not a setting of the worker")
    assert "quiz_engine/core/limits.py" in str(caught.value)
