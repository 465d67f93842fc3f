"""Imports point one way: bot → storage → engine. The engine imports neither storage nor
bot; storage imports no bot; the dialogue and the reports, shared by the terminal and Slack,
import neither of them (nor the command line); the Slack app does not import the terminal
or the command line. Read from the source (every ``import`` and ``from … import``, at any
depth, lazy ones included), so a new file is checked without being listed here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: package → what none of its modules may import (a module or a package prefix).
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "engine": ("storage", "bot", "slack_sdk", "slack_bolt", "sqlite_utils", "psycopg",
               "aiohttp", "matplotlib"),
    # storage keeps Slack installations with slack_sdk's own stores: it may import slack_sdk.
    "storage": ("bot", "slack_bolt", "matplotlib"),
    "bot/dialogue": ("bot.slack", "bot.terminal", "bot.commands", "bot.cli", "slack_sdk",
                     "slack_bolt"),
    "bot/reports": ("bot.slack", "bot.terminal", "bot.commands", "bot.cli", "slack_sdk",
                    "slack_bolt"),
    "bot/slack": ("bot.terminal", "bot.commands", "bot.cli"),
    "bot/terminal": ("bot.slack", "slack_sdk", "slack_bolt"),
}


def imported(path: Path) -> set[str]:
    """Every module ``path`` imports, absolute names (relative imports resolved)."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(filter(None, [base, node.module or ""]))
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def crossings(package: str, forbidden: tuple[str, ...]) -> list[str]:
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for name in sorted(imported(path)):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                found.append(f"{path.relative_to(ROOT)} imports {name}")
    return found


@pytest.mark.parametrize(("package", "forbidden"), FORBIDDEN.items(), ids=list(FORBIDDEN))
def test_imports_point_one_way(package: str, forbidden: tuple[str, ...]) -> None:
    assert (ROOT / package).is_dir()
    assert crossings(package, forbidden) == []


def test_the_check_sees_a_crossing() -> None:
    assert imported(ROOT / "bot" / "slack" / "app.py") >= {"slack_sdk.web.async_client", "storage"}
    assert crossings("bot/slack", ("storage",)) != []  # the Slack app does use storage
