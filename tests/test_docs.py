"""The README cannot drift from the code: commands, CI and the Quick start agree."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from bot.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, flags=re.S)]


def test_quick_start_has_exactly_two_commands():
    commands = quick_start_commands()
    assert len(commands) == 2
    assert all("\n" not in c for c in commands)
    assert "ftroi" in commands[0] and "pytest" in commands[1]


def test_ci_runs_exactly_the_readmes_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert quick_start_commands()[1] in ci.splitlines()


def test_every_subcommand_is_in_the_readme():
    subparsers = next(a for a in build_parser()._actions
                      if isinstance(a, argparse._SubParsersAction))
    for name in subparsers.choices:
        assert f"`ftroi {name}" in README, name


def test_every_dialogue_step_and_field_is_in_the_readme():
    from bot.dialogue.parse.registry import steps_table
    from bot.dialogue.steps import STEPS

    section = README.split("## The intake", 1)[1].split("\n## ", 1)[0]
    table = steps_table(tuple((s.id, s.title) for s in STEPS))
    assert table in section, f"paste the registry's table of the intake:\n{table}"
    for step in STEPS:
        assert step.title in section, step.title
        for field in step.fields:
            assert field.label in section, field.label


def test_every_input_is_in_the_readmes_table_of_inputs_as_the_registry_has_it():
    from bot.dialogue.parse.registry import FIELDS, fields_table

    section = README.split("### Every input", 1)[1].split("\n## ", 1)[0]
    table = fields_table()
    assert table in section, f"paste the registry's table of inputs:\n{table}"
    for field in FIELDS:
        assert f"`{field.flag}`" in section and f"`{field.path}`" in section


def test_every_setting_is_in_the_readmes_settings_table():
    from bot.slack.settings import SETTINGS_DOC

    section = README.split("## Settings", 1)[1].split("\n## ", 1)[0]
    for name, _, meaning in SETTINGS_DOC:
        assert f"| `{name}` |" in section, name
        assert meaning in section, name
