"""The surfaces' modules: their docstring examples are tests (pytest's testpaths collect
``tests`` and ``engine`` only, so they run from here), and none of them imports Slack."""

from __future__ import annotations

import doctest
import importlib
import re

import pytest

from tests.cli.conftest import REPO

DOCTESTED = [
    "bot.reports.layout",
    "bot.reports.text_outlook",
    "bot.scenario_files",
    "bot.commands.roi_cmd",
]
SHARED = [*REPO.joinpath("bot", "reports").glob("*.py"), REPO / "bot" / "scenario_files.py",
          REPO / "bot" / "commands" / "roi_cmd.py", REPO / "bot" / "commands" / "prices_cmd.py"]


@pytest.mark.parametrize("name", DOCTESTED)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.parametrize("path", SHARED, ids=lambda p: p.name)
def test_the_shared_reports_do_not_import_slack(path):
    source = path.read_text(encoding="utf-8")
    assert not re.search(r"^\s*(from|import)\s+slack", source, flags=re.MULTILINE)
