"""Every ``blocks`` and ``view`` payload is checked twice: by slack_sdk.models and by limits.py.

slack_sdk's models carry their own limit validators (``to_dict()`` runs them); limits.py
holds the ones those models lack (unique ids, counts per block, option limits, tables,
the markdown total, modal-level rules). A payload passes only when both agree.

>>> validate_view({"type": "modal", "title": {"type": "plain_text", "text": "x" * 25},
...                "blocks": [{"type": "divider"}]})[:2]
['[ERROR] title must be between 1 and 24 characters [slack_sdk.models.views.View]', \
'[ERROR] text must be 1 to 24 characters, found 25 [json-pointer:/view/title/text]']
"""

from __future__ import annotations

import warnings
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from . import limits

#: views — modal title, submit and close "max length of 24 characters"; private_metadata 3000;
#: callback_id 255 (docs.slack.dev/reference/views/modal-views).
MODAL_TITLE, MODAL_BUTTON, PRIVATE_METADATA, CALLBACK_ID = 24, 24, 3000, 255


def validate_blocks(
    blocks: Any, *, surface: str = "message", pointer: str = "/blocks"
) -> list[str]:
    """Reasons why Slack would refuse these blocks (empty when it would take them)."""
    reasons = _sdk_blocks(blocks, pointer) if isinstance(blocks, list) else []
    return reasons + limits.check_blocks(blocks, surface=surface, pointer=pointer)


def validate_view(view: Any) -> list[str]:
    """Reasons why Slack would refuse this view object for views.open/push/update/publish."""
    if not isinstance(view, dict) or view.get("type") not in ("modal", "home"):
        return ["[ERROR] view must be an object of type modal or home [json-pointer:/view]"]
    reasons = _sdk(lambda: View(**view).to_dict(), "slack_sdk.models.views.View")
    walk = limits._Walk(view["type"])
    if view["type"] == "modal":
        walk.text(view, "title", "/view", MODAL_TITLE)
        walk.text(view, "submit", "/view", MODAL_BUTTON, required=False)
        walk.text(view, "close", "/view", MODAL_BUTTON, required=False)
        has_input = any(
            isinstance(b, dict) and b.get("type") == "input" for b in view.get("blocks") or []
        )
        if has_input and view.get("submit") is None:
            walk.err("submit is required when a modal has an input block", "/view/submit")
    elif any(key in view for key in ("submit", "close")):
        walk.err("a home tab has no submit or close button", "/view")
    walk.length(view, "private_metadata", "/view", PRIVATE_METADATA)
    walk.length(view, "callback_id", "/view", CALLBACK_ID)
    walk.length(view, "external_id", "/view", limits.ID_MAX)
    if not view.get("blocks"):
        walk.err("blocks is required and cannot be empty", "/view/blocks")
    else:
        walk.blocks(view["blocks"], "/view/blocks")
    return reasons + walk.errors


def _sdk_blocks(blocks: list[Any], pointer: str) -> list[str]:
    reasons: list[str] = []
    for i, block in enumerate(blocks):
        if not isinstance(block, dict):
            continue  # limits.py names the wrong type
        parsed = _quiet(lambda b=block: Block.parse(b))
        if isinstance(parsed, Block):
            reasons += _sdk(parsed.to_dict, f"slack_sdk.models.blocks {pointer}/{i}")
        elif isinstance(parsed, str):
            reasons.append(f"[ERROR] {parsed} [slack_sdk.models.blocks {pointer}/{i}]")
    return reasons


def _sdk(build: Any, where: str) -> list[str]:
    outcome = _quiet(build)
    return [f"[ERROR] {outcome} [{where}]"] if isinstance(outcome, str) else []


def _quiet(build: Any) -> Any:
    """Run a slack_sdk constructor or ``to_dict``; its complaints come back as a string.

    Its warnings (deprecations, unknown fields) become reasons too: under pytest's
    ``filterwarnings = error`` they would otherwise surface as a server error, far from
    the call that caused them.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = build()
        except SlackObjectFormationError as e:
            return str(e)
        except (TypeError, ValueError, KeyError, AttributeError) as e:
            return f"{type(e).__name__}: {e}"
    if caught:
        return "; ".join(str(w.message) for w in caught)
    return result
