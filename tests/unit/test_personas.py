"""Persona files: the shipped ones load, match the seed, and mistakes are explained."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from quiz_engine.content.persona import default_personas_dir, load_persona, load_personas
from quiz_engine.core.errors import CourseError

# The peers' opening messages, as the course author wrote them (the seed text).
SEED_OPENINGS = {
    "lab-1": "Hey. Give me your rough project idea — doesn't have to be polished. One or two "
    "sentences on what you want to build and why. I'll help you figure out if it's actually "
    "viable and what the scope should look like.",
    "lab-2": "Walk me through your dataset. Where did you get it, how big is it, what are the "
    "labels, and do you know the class distribution yet? I'll push back on anything that looks "
    "risky before you start training.",
    "lab-3": "Ready to debug. Do you want me to give you a scenario to diagnose — training "
    "curves, model setup, the works — or do you have a real training problem from your own "
    "project you want to work through? Either way, we're going to get specific.",
    "lab-4": "Alright, I'm playing technical recruiter here. I've got your project open — "
    "either describe it to me or say \"use the houseplant scenario.\" I'll ask the questions a "
    "serious reviewer would ask. Don't give me marketing language. Give me specifics.",
}
SEED_TITLES = {
    "lab-1": "Scope Your Project",
    "lab-2": "Audit Your Dataset",
    "lab-3": "Debug a Training Run",
    "lab-4": "Defend Your Project",
}

MINIMAL = """\
id: lab-9
title: A lab
opening_message: Hello.
system_prompt: Be a peer.
checklist:
  - id: one
    label: One
    goal: Say one thing.
    ask: What is it?
    pushback: Say more. What is it?
wrap_up: Done.
refusal: No.
"""


def write(tmp_path: Path, text: str, name: str = "lab-9.yml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_four_labs_load_with_the_seed_openings_and_titles() -> None:
    """Every lab's opening message and title are exactly the course author's."""
    personas = load_personas()
    assert list(personas) == ["lab-1", "lab-2", "lab-3", "lab-4"]
    for lab_id, persona in personas.items():
        assert persona.opening_message == SEED_OPENINGS[lab_id]
        assert persona.title == SEED_TITLES[lab_id]
        assert persona.peer.startswith("AI Peer · ")


def test_lab1_checklist_is_task_data_metric_decisions_risk() -> None:
    """Lab 1 drives towards the scope document's five answers, in order."""
    persona = load_personas()["lab-1"]
    assert [item.id for item in persona.checklist] == [
        "task", "dataset", "metric", "decisions", "risk",
    ]


def test_labs_3_and_4_carry_their_scenarios() -> None:
    """Lab 3 has broken training runs with curves; Lab 4 has Leila's houseplants."""
    personas = load_personas()
    lab3 = personas["lab-3"].scenarios
    assert 2 <= len(lab3) <= 3
    assert all("| epoch" in s.brief or "| step" in s.brief for s in lab3)
    houseplant = personas["lab-4"].scenarios[0]
    for fact in ("12-class", "ResNet-18", "84% test accuracy", "No confusion matrix"):
        assert fact in houseplant.brief


def test_system_prompts_set_the_peer_behaviour() -> None:
    """Each prompt asks for one question at a time, pushback, privacy and the topic."""
    for persona in load_personas().values():
        prompt = persona.system_prompt
        assert "one question per message" in prompt
        assert "Never" in prompt
        assert "instructions are private" in prompt
        assert "Stay" in prompt and "topic" in prompt


def test_instructions_append_checklist_and_secret_answers() -> None:
    """The LLM sees the checklist and the scenarios' answers; the practice data doesn't."""
    persona = load_personas()["lab-3"]
    instructions = persona.instructions()
    assert "## Checklist" in instructions
    assert "Answer (secret): Exploding gradients" in instructions
    practice = persona.practice_data
    assert "system_prompt" not in practice
    assert all("answer" not in scenario for scenario in practice["scenarios"])


def test_a_minimal_persona_is_valid(tmp_path: Path) -> None:
    """The smallest legal file loads, with the default peer label."""
    persona = load_persona(write(tmp_path, MINIMAL))
    assert persona.id == "lab-9"
    assert persona.peer == "AI Peer"


MISTAKES = [
        (
            MINIMAL.replace("refusal: No.", "refusal: No.\nrefusl: typo"),
            "lab-9.yml:13: refusl: unknown key 'refusl' — did you mean 'refusal'?",
        ),
        (
            MINIMAL.replace("id: lab-9", "id: lab-8"),
            "lab-9.yml:1: id: 'lab-8' does not match the file name 'lab-9' — rename the file",
        ),
        (
            MINIMAL.replace("title: A lab\n", ""),
            "lab-9.yml:1: missing key 'title' — add `title:` to the file",
        ),
        (
            MINIMAL.replace("    pushback: Say more. What is it?\n",
                            "    pushback: Say more.\n    accept:\n      number: yes please\n"),
            "lab-9.yml:12: checklist[0].accept.number: expected true or false, found text",
        ),
        (
            MINIMAL.replace("    pushback: Say more. What is it?\n",
                            "    pushback: Say more.\n    vague: [fine, 12]\n"),
            "lab-9.yml:11: checklist[0].vague[1]: expected a non-empty string, found a number — "
            'quote it: "12"',
        ),
        (
            MINIMAL.replace("    pushback: Say more. What is it?\n",
                            "    pushback: Say more.\n    accept:\n      keywords: [a]\n"
                            "      min_keywords: 2\n"),
            "lab-9.yml:13: checklist[0].accept.min_keywords: asks for 2 keywords but only 1",
        ),
        (
            MINIMAL + "scenarios:\n  - id: s\n    title: S\n    brief: B\n    answer: A\n",
            "lab-9.yml:13: scenarios: scenarios need scenario_triggers",
        ),
        (
            MINIMAL + "scenario_triggers: [go]\nscenarios:\n  - id: s\n    title: S\n"
            "    brief: B\n    answer: A\n    expect:\n      onne: {ask: Why}\n",
            "lab-9.yml:20: scenarios[0].expect.onne: 'onne' is not a checklist item id — "
            "did you mean 'one'?",
        ),
        (
            MINIMAL.replace("checklist:\n", "checklist: []\nold_checklist:\n"),
            "lab-9.yml:6: old_checklist: unknown key",
        ),
        (
            MINIMAL.replace("title: A lab", "title: [unclosed"),
            "lab-9.yml:3: this is not valid YAML",
        ),
]
# Mistakes a JSON Schema cannot express: the file's name, counts across keys, ids, YAML syntax.
NOT_EXPRESSIBLE = ("does not match the file name", "asks for 2 keywords", "is not a checklist item",
                   "not valid YAML")


@pytest.mark.parametrize(("text", "message"), MISTAKES)
def test_mistakes_are_reported_with_file_line_key_and_fix(
    tmp_path: Path, text: str, message: str
) -> None:
    """A broken persona stops loading with `path:line: key: problem — fix`."""
    with pytest.raises(CourseError) as caught:
        load_persona(write(tmp_path, text))
    assert str(caught.value).startswith(str(tmp_path / message.split(":")[0]) + ":")
    assert message.partition(":")[2] in str(caught.value)
    assert " — " in str(caught.value)


def test_an_empty_checklist_is_refused(tmp_path: Path) -> None:
    """A persona must drive towards something."""
    bad = MINIMAL.split("checklist:")[0] + "checklist: []\nwrap_up: Done.\nrefusal: No.\n"
    with pytest.raises(CourseError, match="checklist: is empty — add at least one"):
        load_persona(write(tmp_path, bad))


def test_a_folder_without_personas_is_refused(tmp_path: Path) -> None:
    """Pointing LABS_PERSONAS_DIR at the wrong folder is caught at start-up."""
    with pytest.raises(CourseError, match="no persona files found"):
        load_personas(tmp_path)


def test_the_shipped_folder_is_the_default() -> None:
    """Without a folder, the personas next to the package are used."""
    assert (default_personas_dir() / "lab-1.yml").is_file()


SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "quiz_engine" / "content" / "schemas"
     / "persona.schema.json").read_text(encoding="utf-8")
)


def _schema_validate(data: object) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize("path", sorted(default_personas_dir().glob("*.yml")), ids=lambda p: p.name)
def test_persona_files_match_the_schema(path: Path) -> None:
    """Every shipped persona is valid under the schema editors use."""
    _schema_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", sorted(default_personas_dir().glob("*.yml")), ids=lambda p: p.name)
def test_persona_files_name_their_schema_for_editors(path: Path) -> None:
    """Each persona file's first line points YAML editors at the schema, as quiz files do."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix), f"{path.name} starts with {first!r}"
    assert json.loads((path.parent / first[len(prefix):]).read_text(encoding="utf-8")) == SCHEMA


def test_the_minimal_persona_matches_the_schema() -> None:
    """The smallest legal file is valid under the schema too."""
    _schema_validate(yaml.safe_load(MINIMAL))


@pytest.mark.parametrize(
    "text",
    [text for text, message in MISTAKES if not any(m in message for m in NOT_EXPRESSIBLE)],
)
def test_the_schema_rejects_what_the_loader_rejects(text: str) -> None:
    """The schema flags the same authoring mistakes the build and the worker stop on."""
    with pytest.raises(jsonschema.ValidationError):
        _schema_validate(yaml.safe_load(text))
