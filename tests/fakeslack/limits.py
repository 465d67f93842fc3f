"""Block Kit's limits, checked on the JSON an app sends, independently of slack_sdk.models.

Each limit names where it is documented (``docs.slack.dev/reference/block-kit/…`` unless
said otherwise). Reasons read like Slack's own: ``[ERROR] <what> [json-pointer:/blocks/3/text]``.

>>> check_blocks([{"type": "header", "text": {"type": "mrkdwn", "text": "Hi"}}])
['[ERROR] text must be of type plain_text, found mrkdwn [json-pointer:/blocks/0/text]']
>>> check_blocks([{"type": "divider", "block_id": "a"}, {"type": "divider", "block_id": "a"}])
['[ERROR] block_id "a" is used twice in one payload [json-pointer:/blocks/1/block_id]']
"""

from __future__ import annotations

import re
from typing import Any

PLAIN = ("plain_text",)
EITHER = ("plain_text", "mrkdwn")
#: blocks — "up to 50 blocks in each message, and 100 blocks in modals or Home tabs".
MAX_BLOCKS = {"message": 50, "modal": 100, "home": 100}
ID_MAX = 255  # block_id (every block page) and action_id (every element page)
SECTION_TEXT, FIELDS, FIELD_TEXT = 3000, 10, 2000  # blocks/section-block
HEADER_TEXT = 150  # blocks/header-block
CONTEXT_ELEMENTS = 10  # blocks/context-block
ACTIONS_ELEMENTS = 25  # blocks/actions-block ("maximum of 25 elements")
LABEL, HINT = 2000, 2000  # blocks/input-block
IMAGE_ALT, IMAGE_TITLE, URL = 2000, 2000, 3000  # blocks/image-block; button url
MARKDOWN_TOTAL = 12000  # blocks/markdown-block: cumulative over the payload's markdown blocks
#: Every ``text`` string of a message's blocks together (UTF-16 units), markdown blocks
#: aside (they have MARKDOWN_TOTAL): from this size on chat.postMessage answers
#: ``msg_blocks_too_long``. Undocumented; slackapi/bolt-js#2867 was refused at 11,341
#: counted this way (#2509: markdown blocks alone went to 13,297), so the fake refuses from
#: the smallest size known refused.
MESSAGE_TEXT_REFUSED = 11_341
TABLE_ROWS, TABLE_CELLS, TABLE_COLUMN_SETTINGS = 100, 20, 20  # blocks/table-block
#: One table per message: Slack answers invalid_attachments / only_one_table_allowed (seen in
#: several public Slack clients; not on the table-block page). The fake reports it with the
#: other block reasons, under invalid_blocks.
BUTTON_TEXT, BUTTON_VALUE, ACCESSIBILITY = 75, 2000, 75  # block-elements/button-element
PLACEHOLDER = 150  # select menus, plain-text input, date pickers
OPTION_TEXT, OPTION_VALUE, OPTION_DESCRIPTION = 75, 150, 75  # composition-objects/option-object
SELECT_OPTIONS, OPTION_GROUPS, GROUP_LABEL = 100, 100, 75  # select menus; option-group-object
RADIO_OPTIONS, CHECKBOX_OPTIONS, OVERFLOW_OPTIONS = 10, 10, 5  # radio, checkboxes, overflow pages
TEXT_INPUT_LENGTH = 3000  # plain-text-input: min_length 0–3000, max_length 1–3000
CONFIRM = {"title": 100, "text": 300, "confirm": 30, "deny": 30}  # composition-objects/confirm

_ACTIONABLE = {
    "button", "checkboxes", "datepicker", "datetimepicker", "overflow", "radio_buttons",
    "timepicker", "workflow_button", "static_select", "external_select", "users_select",
    "conversations_select", "channels_select", "multi_static_select", "multi_external_select",
    "multi_users_select", "multi_conversations_select", "multi_channels_select",
}
_INPUTS = (_ACTIONABLE - {"button", "overflow", "workflow_button"}) | {
    "plain_text_input", "number_input", "email_text_input", "url_text_input",
    "rich_text_input", "file_input",
}
_ACCESSORIES = _ACTIONABLE | {"image"}
_KNOWN_BLOCKS = {
    "section", "header", "divider", "image", "context", "actions", "input", "markdown",
    "rich_text", "table", "file", "video", "call", "context_actions",
}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def text_size(value: Any) -> int:
    """Every ``text`` string inside blocks, in UTF-16 units (as JavaScript counts).

    >>> text_size([{"type": "section", "text": {"type": "mrkdwn", "text": "hi 🚀"}}])
    5
    """
    if isinstance(value, dict):
        return sum(len(v.encode("utf-16-le")) // 2 if k == "text" and isinstance(v, str)
                   else text_size(v) for k, v in value.items())
    if isinstance(value, list):
        return sum(text_size(v) for v in value)
    return 0


def check_blocks(blocks: Any, *, surface: str = "message", pointer: str = "/blocks") -> list[str]:
    """Every limit a ``blocks`` array breaks on ``surface`` (message, modal or home)."""
    return _Walk(surface).blocks(blocks, pointer)


class _Walk:
    def __init__(self, surface: str) -> None:
        self.surface = surface
        self.errors: list[str] = []
        self.block_ids: set[str] = set()
        self.markdown_chars = 0
        self.tables = 0

    def err(self, message: str, pointer: str) -> None:
        self.errors.append(f"[ERROR] {message} [json-pointer:{pointer}]")

    def blocks(self, blocks: Any, ptr: str) -> list[str]:
        if not isinstance(blocks, list):
            self.err("blocks must be an array", ptr)
            return self.errors
        most = MAX_BLOCKS[self.surface]
        if len(blocks) > most:
            self.err(f"no more than {most} blocks are allowed in a {self.surface}, found "
                     f"{len(blocks)}", ptr)
        for i, block in enumerate(blocks):
            self.block(block, f"{ptr}/{i}")
        if self.markdown_chars > MARKDOWN_TOTAL:
            self.err(f"markdown blocks hold {self.markdown_chars} characters in all, more "
                     f"than {MARKDOWN_TOTAL}", ptr)
        return self.errors

    def block(self, block: Any, ptr: str) -> None:
        if not isinstance(block, dict) or block.get("type") not in _KNOWN_BLOCKS:
            kind = block.get("type") if isinstance(block, dict) else type(block).__name__
            self.err(f"unknown block type {kind!r}", ptr)
            return
        self.ident(block, "block_id", ptr)
        block_id = block.get("block_id")
        if isinstance(block_id, str):
            if block_id in self.block_ids:
                self.err(f'block_id "{block_id}" is used twice in one payload', ptr + "/block_id")
            self.block_ids.add(block_id)
        getattr(self, "b_" + block["type"], lambda b, p: None)(block, ptr)

    def ident(self, obj: dict[str, Any], key: str, ptr: str) -> None:
        value = obj.get(key)
        if value is not None and (not isinstance(value, str) or not 0 < len(value) <= ID_MAX):
            self.err(f"{key} must be a string of 1 to {ID_MAX} characters", f"{ptr}/{key}")

    def text(self, obj: dict[str, Any], key: str, ptr: str, most: int,
             types: tuple[str, ...] = PLAIN, required: bool = True) -> None:
        if obj.get(key) is None:
            if required:
                self.err(f"{key} is required", f"{ptr}/{key}")
            return
        self.text_object(obj[key], f"{ptr}/{key}", most, types, key)

    def text_object(self, value: Any, ptr: str, most: int, types: tuple[str, ...],
                    name: str = "text") -> None:
        if not isinstance(value, dict) or value.get("type") not in types:
            found = value.get("type") if isinstance(value, dict) else type(value).__name__
            self.err(f"{name} must be of type {' or '.join(types)}, found {found}", ptr)
            return
        self.length(value, "text", ptr, most, least=1)

    def length(self, obj: dict[str, Any], key: str, ptr: str, most: int, least: int = 0) -> None:
        value = obj.get(key)
        if value is None:
            if least:
                self.err(f"{key} is required", f"{ptr}/{key}")
        elif not isinstance(value, str):
            self.err(f"{key} must be a string", f"{ptr}/{key}")
        elif not least <= len(value) <= most:
            self.err(f"{key} must be {least} to {most} characters, found {len(value)}",
                     f"{ptr}/{key}")

    def count(
        self, obj: dict[str, Any], key: str, ptr: str, most: int, least: int = 1
    ) -> list[Any]:
        items = obj.get(key)
        if not isinstance(items, list) or not least <= len(items) <= most:
            found = len(items) if isinstance(items, list) else "none"
            self.err(f"{key} must hold {least} to {most} items, found {found}", f"{ptr}/{key}")
            return items if isinstance(items, list) else []
        return items

    # -- blocks -------------------------------------------------------------------------
    def b_section(self, b: dict[str, Any], ptr: str) -> None:
        if b.get("text") is None and b.get("fields") is None:
            self.err("a section needs text or fields", ptr)
        self.text(b, "text", ptr, SECTION_TEXT, EITHER, required=False)
        if b.get("fields") is not None:
            for i, field in enumerate(self.count(b, "fields", ptr, FIELDS)):
                self.text_object(field, f"{ptr}/fields/{i}", FIELD_TEXT, EITHER, "field")
        if b.get("accessory") is not None:
            self.element(b["accessory"], f"{ptr}/accessory", _ACCESSORIES, set())

    def b_header(self, b: dict[str, Any], ptr: str) -> None:
        self.text(b, "text", ptr, HEADER_TEXT)

    def b_image(self, b: dict[str, Any], ptr: str) -> None:
        self.i_image(b, ptr)
        self.text(b, "title", ptr, IMAGE_TITLE, required=False)

    def b_context(self, b: dict[str, Any], ptr: str) -> None:
        for i, el in enumerate(self.count(b, "elements", ptr, CONTEXT_ELEMENTS)):
            if isinstance(el, dict) and el.get("type") == "image":
                self.i_image(el, f"{ptr}/elements/{i}")
            else:
                self.text_object(el, f"{ptr}/elements/{i}", SECTION_TEXT, EITHER, "element")

    def b_actions(self, b: dict[str, Any], ptr: str) -> None:
        seen: set[str] = set()
        for i, el in enumerate(self.count(b, "elements", ptr, ACTIONS_ELEMENTS)):
            self.element(el, f"{ptr}/elements/{i}", _ACTIONABLE, seen)

    def b_input(self, b: dict[str, Any], ptr: str) -> None:
        self.text(b, "label", ptr, LABEL)
        self.text(b, "hint", ptr, HINT, required=False)
        if b.get("element") is None:
            self.err("element is required", ptr + "/element")
        else:
            self.element(b["element"], ptr + "/element", _INPUTS, set())
            if b.get("dispatch_action") and b["element"].get("type") == "file_input":
                self.err("dispatch_action cannot be used with file_input", ptr + "/dispatch_action")

    def b_markdown(self, b: dict[str, Any], ptr: str) -> None:
        self.length(b, "text", ptr, MARKDOWN_TOTAL, least=1)
        self.markdown_chars += len(b.get("text") or "")

    def b_table(self, b: dict[str, Any], ptr: str) -> None:
        self.tables += 1
        if self.surface == "message" and self.tables == 2:  # only_one_table_allowed
            self.err("only one table is allowed per message (only_one_table_allowed)", ptr)
        for r, row in enumerate(self.count(b, "rows", ptr, TABLE_ROWS)):
            cells = self.count({"cells": row}, "cells", f"{ptr}/rows/{r}", TABLE_CELLS)
            for c, cell in enumerate(cells):
                # blocks/table-block: "Table cells can have a type of raw_text or
                # rich_text" (raw_number is the data_table block's, not this one's).
                if not isinstance(cell, dict) or cell.get("type") not in ("raw_text", "rich_text"):
                    self.err("a table cell must be raw_text or rich_text",
                             f"{ptr}/rows/{r}/{c}")
        if b.get("column_settings") is not None:
            self.count(b, "column_settings", ptr, TABLE_COLUMN_SETTINGS)

    # -- elements -----------------------------------------------------------------------
    def element(self, el: Any, ptr: str, allowed: set[str], seen: set[str]) -> None:
        if not isinstance(el, dict) or el.get("type") not in allowed:
            kind = el.get("type") if isinstance(el, dict) else type(el).__name__
            self.err(f"element type {kind!r} is not allowed here", ptr)
            return
        self.ident(el, "action_id", ptr)
        action_id = el.get("action_id")
        if isinstance(action_id, str):
            if action_id in seen:  # documented: unique among the action_ids of its block
                self.err(f'action_id "{action_id}" is used twice in one block', ptr + "/action_id")
            seen.add(action_id)
        if "placeholder" in el:
            self.text(el, "placeholder", ptr, PLACEHOLDER)
        if el.get("confirm") is not None:
            self.confirm(el["confirm"], ptr + "/confirm")
        kind = el["type"]
        if kind == "button":
            self.text(el, "text", ptr, BUTTON_TEXT)
            self.length(el, "value", ptr, BUTTON_VALUE)
            self.length(el, "url", ptr, URL)
            self.length(el, "accessibility_label", ptr, ACCESSIBILITY)
            if el.get("style") not in (None, "primary", "danger"):
                self.err("style must be primary or danger", ptr + "/style")
        elif kind in ("static_select", "multi_static_select"):
            self.menu(el, ptr)
        elif kind in ("radio_buttons", "checkboxes", "overflow"):
            most = {"radio_buttons": RADIO_OPTIONS, "checkboxes": CHECKBOX_OPTIONS}.get(
                kind, OVERFLOW_OPTIONS
            )
            types = PLAIN if kind == "overflow" else EITHER
            self.options(el, self.count(el, "options", ptr, most), ptr, types)
        elif kind == "plain_text_input":
            least, most = el.get("min_length", 0), el.get("max_length", TEXT_INPUT_LENGTH)
            if not (0 <= least <= TEXT_INPUT_LENGTH and 1 <= most <= TEXT_INPUT_LENGTH
                    and least <= most):
                self.err(f"min_length/max_length must lie in 0–{TEXT_INPUT_LENGTH}, min ≤ max", ptr)
        elif kind == "number_input":
            if not isinstance(el.get("is_decimal_allowed"), bool):
                self.err("is_decimal_allowed is required", ptr + "/is_decimal_allowed")
        elif kind == "datepicker" and el.get("initial_date") is not None:
            if not _DATE.match(str(el["initial_date"])):
                self.err("initial_date must be YYYY-MM-DD", ptr + "/initial_date")
        elif kind == "image":
            self.i_image(el, ptr)

    def menu(self, el: dict[str, Any], ptr: str) -> None:
        if ("options" in el) == ("option_groups" in el):
            self.err("exactly one of options and option_groups is required", ptr)
        if "options" in el:
            self.options(el, self.count(el, "options", ptr, SELECT_OPTIONS), ptr, PLAIN)
            return
        every: list[Any] = []
        for g, group in enumerate(self.count(el, "option_groups", ptr, OPTION_GROUPS)):
            gptr = f"{ptr}/option_groups/{g}"
            if isinstance(group, dict):
                self.text(group, "label", gptr, GROUP_LABEL)
                group_options = self.count(group, "options", gptr, SELECT_OPTIONS)
                self.options(group, group_options, gptr, PLAIN, check_initial=False)
                every += group_options
        self.initial(el, every, ptr)

    def options(self, el: dict[str, Any], options: list[Any], ptr: str,
                types: tuple[str, ...], check_initial: bool = True) -> None:
        for i, option in enumerate(options):
            optr = f"{ptr}/options/{i}"
            if not isinstance(option, dict):
                self.err("an option must be an object", optr)
                continue
            self.text(option, "text", optr, OPTION_TEXT, types)
            self.length(option, "value", optr, OPTION_VALUE, least=1)
            self.text(option, "description", optr, OPTION_DESCRIPTION, required=False)
            self.length(option, "url", optr, URL)
        if check_initial:
            self.initial(el, options, ptr)

    def initial(self, el: dict[str, Any], options: list[Any], ptr: str) -> None:
        chosen = el.get("initial_options") or ([el["initial_option"]] if el.get("initial_option")
                                               else [])
        for option in chosen:
            if option not in options:
                self.err("initial options must exactly match one of options", ptr)

    def confirm(self, confirm: Any, ptr: str) -> None:
        if not isinstance(confirm, dict):
            self.err("confirm must be an object", ptr)
            return
        for key, most in CONFIRM.items():
            self.text(confirm, key, ptr, most)

    def i_image(self, el: dict[str, Any], ptr: str) -> None:
        self.length(el, "alt_text", ptr, IMAGE_ALT, least=1)
        if el.get("image_url") is None and el.get("slack_file") is None:
            self.err("image_url or slack_file is required", ptr)
        self.length(el, "image_url", ptr, URL)
