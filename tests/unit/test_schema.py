"""The published JSON Schema agrees with the build's validation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.unit.conftest import VALID_QUIZ
from tests.unit.test_validate import MISTAKES

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "quiz_engine" / "content" / "schemas" / "quiz.schema.json").read_text())
COURSE_FILES = [*sorted((ROOT / "docs").glob("**/quiz.yml")), ROOT / "docs" / "test" / "test.yml"]
# Mistakes a JSON Schema cannot express (uniqueness of ids and texts, YAML syntax).
NOT_EXPRESSIBLE = {"duplicate question ids", "repeated option", "duplicate key", "broken YAML"}


def validate(data: Any) -> None:
    """Validate ``data`` against the published schema."""
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize("path", COURSE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_course_files_match_the_schema(path: Path) -> None:
    """Every quiz file of the course is valid under the schema editors use."""
    validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def test_sample_matches_the_schema() -> None:
    """The sample quiz of the unit tests is valid under the schema."""
    validate(yaml.safe_load(VALID_QUIZ))


@pytest.mark.parametrize(
    ("old", "new"),
    [m[1:3] for m in MISTAKES if m[0] not in NOT_EXPRESSIBLE],
    ids=[m[0] for m in MISTAKES if m[0] not in NOT_EXPRESSIBLE],
)
def test_schema_rejects_what_the_build_rejects(old: str, new: str) -> None:
    """The schema flags the same authoring mistakes the build stops on."""
    with pytest.raises(jsonschema.ValidationError):
        validate(yaml.safe_load(VALID_QUIZ.replace(old, new, 1)))
