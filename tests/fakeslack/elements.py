"""Find what a person sees in sent blocks, and fill view state as Slack's client would.

A click is built from the blocks the app actually sent: the element is looked up by its
``action_id``, its visible text (a button's label) or its ``block_id``, and an option by
its value or its visible text. A person can only pick what is on screen and can only
submit a modal whose required fields are filled within their limits; anything else is a
:class:`DriverError` naming what was on screen.

>>> blocks = [{"type": "actions", "block_id": "b1", "elements": [
...     {"type": "button", "action_id": "next", "text": {"type": "plain_text", "text": "Next"}}]}]
>>> find(blocks, text="Next").element["action_id"]
'next'
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

NOT_STATEFUL = {"button", "overflow", "workflow_button"}
TEXT_INPUTS = {"plain_text_input", "email_text_input", "url_text_input"}
ONE_OPTION = {"static_select", "external_select", "radio_buttons", "overflow"}
MANY_OPTIONS = {"checkboxes", "multi_static_select", "multi_external_select"}
PICKED = {
    "users_select": ("selected_user", "initial_user"),
    "conversations_select": ("selected_conversation", "initial_conversation"),
    "channels_select": ("selected_channel", "initial_channel"),
    "datepicker": ("selected_date", "initial_date"),
    "timepicker": ("selected_time", "initial_time"),
}


class DriverError(AssertionError):
    """A person could not do that in Slack (the element is not there, a field is required…)."""


@dataclass(frozen=True)
class Found:
    block: dict[str, Any]
    element: dict[str, Any]


def elements_of(block: dict[str, Any]) -> list[dict[str, Any]]:
    if block.get("type") == "actions":
        return [e for e in block.get("elements") or [] if isinstance(e, dict)]
    return [block[k] for k in ("accessory", "element") if isinstance(block.get(k), dict)]


def label(element: dict[str, Any]) -> str:
    text = element.get("text") or element.get("placeholder") or {}
    return str(text.get("text", "")) if isinstance(text, dict) else ""


def find(
    blocks: list[dict[str, Any]],
    *,
    action_id: str | None = None,
    text: str | None = None,
    block_id: str | None = None,
    value: str | None = None,
    types: set[str] | None = None,
) -> Found:
    """The one element matching every criterion given; DriverError on none or several."""
    seen, matches = [], []
    for block in blocks:
        for element in elements_of(block):
            seen.append(
                f"{element.get('type')} {label(element)!r} (block_id={block.get('block_id')},"
                f" action_id={element.get('action_id')})"
            )
            if (
                (types is None or element.get("type") in types)
                and (action_id is None or element.get("action_id") == action_id)
                and (text is None or label(element) == text)
                and (block_id is None or block.get("block_id") == block_id)
                and (value is None or element.get("value") == value)
            ):
                matches.append(Found(block, element))
    criteria = {"action_id": action_id, "text": text, "block_id": block_id, "value": value}
    wanted = ", ".join(f"{k}={v!r}" for k, v in criteria.items() if v is not None)
    if len(matches) != 1:
        problem = "nothing on screen matches" if not matches else "several elements match"
        raise DriverError(f"{problem} {wanted}; on screen: " + "; ".join(seen or ["nothing"]))
    return matches[0]


def options_of(element: dict[str, Any]) -> list[dict[str, Any]]:
    groups = element.get("option_groups") or []
    return list(element.get("options") or []) + [o for g in groups for o in g.get("options", [])]


def option(element: dict[str, Any], choice: Any) -> dict[str, Any]:
    """The option a person picks by its value or visible text (external selects: any text)."""
    if isinstance(choice, dict):
        return choice
    if element.get("type") in ("external_select", "multi_external_select"):
        return {"text": {"type": "plain_text", "text": str(choice)}, "value": str(choice)}
    for candidate in options_of(element):
        if str(choice) in (candidate.get("value"), candidate.get("text", {}).get("text")):
            return candidate
    shown = [o.get("text", {}).get("text") for o in options_of(element)]
    raise DriverError(f"{choice!r} is not an option of {element.get('action_id')}: {shown}")


def selection(element: dict[str, Any], given: Any) -> dict[str, Any]:
    """The ``state`` / ``actions[0]`` entry for a stateful element (``given`` None = untouched)."""
    kind = element["type"]
    if kind in TEXT_INPUTS or kind == "number_input":
        value = element.get("initial_value") if given is None else _typed(element, given)
        return {"type": kind, "value": value if value != "" else None}
    if kind in ONE_OPTION:
        chosen = element.get("initial_option") if given is None else option(element, given)
        return {"type": kind, "selected_option": chosen}
    if kind in MANY_OPTIONS:
        picks = element.get("initial_options") or []
        if given is not None:
            picks = [option(element, g) for g in (given if isinstance(given, list) else [given])]
        return {"type": kind, "selected_options": picks}
    if kind in PICKED:
        key, initial = PICKED[kind]
        return {"type": kind, key: element.get(initial) if given is None else given}
    if kind == "rich_text_input":
        if given is None:
            return {"type": kind, "rich_text_value": element.get("initial_value")}
        section = {"type": "rich_text_section", "elements": [{"type": "text", "text": str(given)}]}
        return {"type": kind, "rich_text_value": {"type": "rich_text", "elements": [section]}}
    return {"type": kind, "value": given}


def _typed(element: dict[str, Any], given: Any) -> str:
    text = str(given)
    if element["type"] == "number_input":
        if not re.fullmatch(r"-?\d+(\.\d+)?", text):
            raise DriverError(f"{text!r} is not a number; Slack's number input refuses it")
        if "." in text and not element.get("is_decimal_allowed"):
            raise DriverError(f"{text!r}: this number input does not allow decimals")
        low, high = element.get("min_value"), element.get("max_value")
        if (low is not None and float(text) < float(low)) or (
            high is not None and float(text) > float(high)
        ):
            raise DriverError(f"{text!r} lies outside {low}–{high}; Slack refuses it")
        return text
    least, most = element.get("min_length", 0), element.get("max_length", 3000)
    if text and not least <= len(text) <= most:
        raise DriverError(f"{len(text)} characters typed; this input takes {least}–{most}")
    return text


def empty(entry: dict[str, Any]) -> bool:
    return not any(v for k, v in entry.items() if k != "type")


def view_state(
    view: dict[str, Any], values: dict[str, Any] | None, *, submitting: bool = False
) -> dict[str, Any]:
    """``view.state`` after a person typed/picked ``values`` ({block_id or label: {action_id: v}}
    or {block_id or label: v}); on submit, required inputs left empty raise DriverError."""
    values = dict(values or {})
    state: dict[str, dict[str, Any]] = {}
    for block in view.get("blocks", []):
        keys = [block.get("block_id"), label({"text": block.get("label")})]
        given = next((values.pop(k) for k in keys if k in values), None)
        for element in elements_of(block):
            if element.get("type") in NOT_STATEFUL:
                continue
            mine = given.get(element["action_id"]) if isinstance(given, dict) else given
            entry = selection(element, mine)
            state.setdefault(block["block_id"], {})[element["action_id"]] = entry
            required = block.get("type") == "input" and not block.get("optional")
            if submitting and required and empty(entry):
                raise DriverError(f"the required field {keys[1]!r} ({keys[0]}) is empty")
    if values:
        raise DriverError(f"no input {sorted(values)} in this view")
    return {"values": state}


def walk(node: Any) -> Iterator[Mapping[str, Any]]:
    """Every object in a message's or a view's JSON, depth first (blocks, elements, texts)."""
    if isinstance(node, Mapping):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)
