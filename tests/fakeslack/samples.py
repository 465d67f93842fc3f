"""Block Kit snippets the fake's own tests build payloads from."""

from __future__ import annotations

from typing import Any

SECTION: dict[str, Any] = {"type": "section", "text": {"type": "mrkdwn", "text": "*Hello*"}}


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def button(action_id: str, text: str = "Go") -> dict[str, Any]:
    return {"type": "button", "action_id": action_id, "text": {"type": "plain_text", "text": text}}


def modal(title: str = "ROI", blocks: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": title},
        "blocks": blocks or [SECTION],
    }


def options(n: int, text_length: int = 5) -> list[dict[str, Any]]:
    return [
        {"text": {"type": "plain_text", "text": f"{i:0{text_length}d}"}, "value": f"v{i}"}
        for i in range(n)
    ]
