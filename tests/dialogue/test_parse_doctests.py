"""The parsers' docstring examples are tests (pytest collects only tests/ and engine/), and
their public surface is pinned."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

from bot.dialogue import parse

MODULES = sorted(["bot.dialogue.parse", *(m.name for m in pkgutil.iter_modules(
    parse.__path__, "bot.dialogue.parse."))])


def test_every_module_of_the_package_is_here() -> None:
    assert len(MODULES) >= 15 and "bot.dialogue.parse.registry" in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0


def test_public_surface() -> None:
    assert sorted(parse.__all__) == [
        "ACCEPTED_CHANGES", "ApiModel", "Bounds", "Change", "Choice", "Context", "Count",
        "DateKind", "Duration", "Effort", "FIELDS", "FieldSpec", "FtModel", "FtModelChoice",
        "Gpu", "GpuChoice", "Hours", "Instances", "Kind", "Money", "Name", "ParseError",
        "Parsed", "Rate", "Reading", "Unread", "WORKING_HOURS_PER_YEAR", "YesNo", "asked_by",
        "field", "format_count", "format_money", "intake_fields", "modal_fields",
        "parse_api_model", "parse_bool", "parse_choice", "parse_count", "parse_duration",
        "parse_engine", "parse_ft_model", "parse_gpu", "parse_instances", "parse_integer",
        "parse_level", "parse_method", "parse_money", "parse_pricing", "parse_quantisation",
        "parse_rate", "parse_step_answer", "parse_whatif", "read_count", "read_duration",
        "read_effort", "read_field", "read_money", "suggest_field", "value_at",
    ]
    assert all(hasattr(parse, name) for name in parse.__all__)


def test_one_exception_for_what_people_type() -> None:
    assert issubclass(parse.ParseError, ValueError)
