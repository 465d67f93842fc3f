"""The parsers' docstring examples are tests (pytest collects only tests/ and engine/), and
their public surface is pinned."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import bot.dialogue
from bot.dialogue import parse

MODULES = sorted(m.name for m in pkgutil.iter_modules(bot.dialogue.__path__, "bot.dialogue.")
                 if m.name.rpartition(".")[2].startswith("parse"))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0


def test_public_surface() -> None:
    assert sorted(parse.__all__) == [
        "ACCEPTED_CHANGES", "Change", "FieldSpec", "FtModelChoice", "GpuChoice", "KINDS", "Kind",
        "ParseError", "Parsed", "Reading", "Unread", "example", "format_count", "format_money",
        "parse_api_model", "parse_bool", "parse_choice", "parse_count", "parse_duration",
        "parse_engine", "parse_ft_model", "parse_gpu", "parse_instances", "parse_integer",
        "parse_level", "parse_method", "parse_money", "parse_pricing", "parse_quantisation",
        "parse_rate", "parse_step_answer", "parse_whatif", "read_count", "read_duration",
        "read_field", "read_money",
    ]
    assert all(hasattr(parse, name) for name in parse.__all__)


def test_one_exception_for_what_people_type() -> None:
    assert issubclass(parse.ParseError, ValueError)
