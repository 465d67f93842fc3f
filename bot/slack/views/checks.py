"""What a built message or view must satisfy: every Block Kit limit, checked on its dicts.

:func:`check_blocks` is what the tests run on every view (next to their own recount); a
listener may run it too before sending something it assembled by hand.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from bot.slack.limits import (
    ACTION_ID,
    ACTIONS_ELEMENTS,
    BLOCK_ID,
    BUTTON_TEXT,
    BUTTON_VALUE,
    CONFIRM_BUTTON,
    CONFIRM_TEXT,
    CONFIRM_TITLE,
    CONTEXT_ELEMENTS,
    CONTEXT_TEXT,
    FIELD_TEXT,
    HEADER_TEXT,
    INPUT_HINT,
    INPUT_LABEL,
    MESSAGE_BLOCKS,
    MESSAGE_TEXT_BUDGET,
    OPTION_TEXT,
    OPTION_VALUE,
    OPTIONS,
    OVERFLOW_OPTIONS_MAX,
    OVERFLOW_OPTIONS_MIN,
    PLACEHOLDER,
    PLAIN_TEXT_INPUT,
    SECTION_FIELDS,
    SECTION_TEXT,
    TABLE_CELL,
    TABLE_COLUMNS,
    TABLE_ROWS,
    TABLES_PER_MESSAGE,
    VIEW_BLOCKS,
    slack_len,
)

__all__ = ["Surface", "block_text_size", "check_blocks"]

Surface = Literal["message", "modal", "home"]


def block_text_size(value: Any) -> int:
    """Every ``text`` string inside a block's dict (or a list of them), in UTF-16 units."""
    if isinstance(value, Mapping):
        return sum(
            slack_len(v) if k == "text" and isinstance(v, str) else block_text_size(v)
            for k, v in value.items()
        )
    if isinstance(value, list):
        return sum(block_text_size(v) for v in value)
    return 0


def check_blocks(blocks: Sequence[Mapping[str, Any]], *, surface: Surface) -> list[str]:
    """Every limit the blocks (as dicts) break on ``surface``; empty when they fit."""
    problems: list[str] = []
    most = MESSAGE_BLOCKS if surface == "message" else VIEW_BLOCKS
    if not 0 < len(blocks) <= most:
        problems.append(f"{len(blocks)} blocks, not 1–{most}")
    if block_text_size(list(blocks)) > MESSAGE_TEXT_BUDGET:
        problems.append(f"{block_text_size(list(blocks))} characters of text, over "
                        f"{MESSAGE_TEXT_BUDGET}")
    tables = sum(1 for b in blocks if b.get("type") == "table")
    if tables > (TABLES_PER_MESSAGE if surface == "message" else 0):
        problems.append(f"{tables} tables on a {surface}")
    action_ids: list[str] = []
    block_ids = [b["block_id"] for b in blocks if "block_id" in b]
    for i, b in enumerate(blocks):
        problems += [f"block {i}: {p}" for p in _check_block(b, action_ids)]
    for name, ids in (("action_id", action_ids), ("block_id", block_ids)):
        repeated = sorted({x for x in ids if ids.count(x) > 1})
        if repeated:
            problems.append(f"repeated {name}s: {repeated}")
    return problems


def _too_long(what: str, text: str | None, limit: int) -> list[str]:
    if text is not None and slack_len(text) > limit:
        return [f"{what} is {slack_len(text)} long, over {limit}"]
    return []


def _check_block(b: Mapping[str, Any], action_ids: list[str]) -> list[str]:
    kind = b.get("type")
    out = _too_long("block_id", b.get("block_id"), BLOCK_ID)
    if kind == "header":
        out += _too_long("header", b["text"]["text"], HEADER_TEXT)
    elif kind == "section":
        if "text" in b:
            out += _too_long("section text", b["text"]["text"], SECTION_TEXT)
        fields = b.get("fields", [])
        if len(fields) > SECTION_FIELDS:
            out.append(f"{len(fields)} fields")
        for f in fields:
            out += _too_long("field", f["text"], FIELD_TEXT)
        if "accessory" in b:
            out += _check_element(b["accessory"], action_ids)
    elif kind == "context":
        if len(b["elements"]) > CONTEXT_ELEMENTS:
            out.append(f"{len(b['elements'])} context elements")
        for e in b["elements"]:
            out += _too_long("context element", e.get("text"), CONTEXT_TEXT)
    elif kind == "actions":
        if len(b["elements"]) > ACTIONS_ELEMENTS:
            out.append(f"{len(b['elements'])} action elements")
        for e in b["elements"]:
            out += _check_element(e, action_ids)
    elif kind == "input":
        out += _too_long("input label", b["label"]["text"], INPUT_LABEL)
        out += _too_long("hint", (b.get("hint") or {}).get("text"), INPUT_HINT)
        out += _check_element(b["element"], action_ids)
    elif kind == "table":
        rows = b["rows"]
        if len(rows) > TABLE_ROWS or any(len(r) > TABLE_COLUMNS for r in rows):
            out.append("table too big")
        for row in rows:
            for cell in row:
                text = cell.get("text", "")
                out += _too_long("table cell", text, TABLE_CELL)
                if not text.strip():
                    out.append("empty table cell")
    return out


def _check_element(e: Mapping[str, Any], action_ids: list[str]) -> list[str]:
    out: list[str] = []
    if "action_id" in e:
        action_ids.append(e["action_id"])
        out += _too_long("action_id", e["action_id"], ACTION_ID)
    if e.get("type") == "button":
        out += _too_long("button text", e["text"]["text"], BUTTON_TEXT)
        out += _too_long("button value", e.get("value"), BUTTON_VALUE)
        out += _check_confirm(e.get("confirm"))
    options = e.get("options", [])
    if e.get("type") == "overflow" and not (
            OVERFLOW_OPTIONS_MIN <= len(options) <= OVERFLOW_OPTIONS_MAX):
        out.append(f"overflow with {len(options)} options")
    if len(options) > OPTIONS:
        out.append(f"{len(options)} options")
    for o in [*options, *e.get("initial_options", []), *filter(None, [e.get("initial_option")])]:
        out += _too_long("option text", o["text"]["text"], OPTION_TEXT)
        out += _too_long("option value", o["value"], OPTION_VALUE)
    out += _too_long("placeholder", (e.get("placeholder") or {}).get("text"), PLACEHOLDER)
    out += _too_long("initial value", e.get("initial_value"), PLAIN_TEXT_INPUT)
    return out


def _check_confirm(c: Mapping[str, Any] | None) -> list[str]:
    if not c:
        return []
    return (_too_long("confirm title", c["title"]["text"], CONFIRM_TITLE)
            + _too_long("confirm text", c["text"]["text"], CONFIRM_TEXT)
            + _too_long("confirm button", c["confirm"]["text"], CONFIRM_BUTTON)
            + _too_long("deny button", c["deny"]["text"], CONFIRM_BUTTON))
