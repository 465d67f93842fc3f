"""A Bolt AsyncApp shaped like ftroi's Slack shell, for testing the driver against real Bolt.

It acks, records every payload that reaches a listener in ``seen``, and answers through
Slack (say, respond, views.open, views.publish) — so a test sees both sides.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from .fixtures import SIGNING_SECRET
from .server import FakeSlack


def plain(text: str) -> dict[str, str]:
    return {"type": "plain_text", "text": text}


def option(text: str, value: str) -> dict[str, Any]:
    return {"text": plain(text), "value": value}


CARD = [
    {"type": "section", "text": {"type": "mrkdwn", "text": "*New fine-tuning ROI scenario*"}},
    {
        "type": "actions",
        "block_id": "steps",
        "elements": [
            {"type": "button", "action_id": "next", "text": plain("Next"), "value": "step-2",
             "style": "primary"},
            {"type": "button", "action_id": "cancel", "text": plain("Cancel"), "value": "x"},
            {"type": "static_select", "action_id": "gpu", "placeholder": plain("GPU"),
             "options": [option("A10G", "a10g"), option("H100", "h100")]},
        ],
    },
]  # fmt: skip
INTAKE = {
    "type": "modal",
    "callback_id": "intake",
    "notify_on_close": True,
    "title": plain("Workload"),
    "submit": plain("Next"),
    "blocks": [
        {"type": "input", "block_id": "name", "label": plain("Scenario name"),
         "element": {"type": "plain_text_input", "action_id": "v", "max_length": 40}},
        {"type": "input", "block_id": "rpd", "label": plain("Requests per day"),
         "element": {"type": "number_input", "action_id": "v", "is_decimal_allowed": False,
                     "min_value": "1", "max_value": "100000000"}},
        {"type": "input", "block_id": "model", "label": plain("Current API"),
         "element": {"type": "static_select", "action_id": "v",
                     "options": [option("GPT-4o", "gpt-4o"), option("Claude 3 Haiku", "haiku")]}},
        {"type": "input", "block_id": "method", "label": plain("Method"),
         "element": {"type": "radio_buttons", "action_id": "v",
                     "options": [option("LoRA", "lora"), option("QLoRA", "qlora")],
                     "initial_option": option("LoRA", "lora")}},
        {"type": "input", "block_id": "extras", "label": plain("Include"), "optional": True,
         "element": {"type": "checkboxes", "action_id": "v",
                     "options": [option("Storage", "storage"), option("Review", "review")]}},
        {"type": "input", "block_id": "base", "label": plain("Base model"), "optional": True,
         "element": {"type": "external_select", "action_id": "base_model",
                     "min_query_length": 1}},
    ],
}  # fmt: skip
HOME = {
    "type": "home",
    "blocks": [{"type": "actions", "block_id": "mine", "elements": [
        {"type": "button", "action_id": "open", "text": plain("Open"), "value": "s1"},
        {"type": "static_select", "action_id": "sort", "placeholder": plain("Sort"),
         "options": [option("Newest", "new"), option("Cheapest", "cheap")]}]}],
}  # fmt: skip


def tiny_app(fake: FakeSlack, seen: list[dict[str, Any]]) -> AsyncApp:
    """A Bolt app like ftroi's shell: it acks, records what reached it, and answers via Slack."""
    app = AsyncApp(
        client=AsyncWebClient(token=fake.bot_token, base_url=fake.api_url),
        signing_secret=SIGNING_SECRET,
        request_verification_enabled=True,
        process_before_response=True,
    )

    @app.command("/ftroi")
    async def command(ack: Any, body: dict[str, Any], say: Any, respond: Any, client: Any) -> None:
        await ack()
        seen.append(body)
        if body["text"] == "new":
            await client.views_open(trigger_id=body["trigger_id"], view=INTAKE)
        else:
            await say(text="New fine-tuning ROI scenario", blocks=CARD)
            await respond(text="Started; only you see this")

    @app.action("next")
    @app.action("gpu")
    @app.action("open")
    @app.action("sort")
    async def action(ack: Any, body: dict[str, Any], respond: Any) -> None:
        await ack()
        seen.append(body)
        if body["actions"][0]["action_id"] == "next":
            await respond(text="Step 2 of 6", replace_original=True)

    @app.view("intake")
    async def submitted(ack: Any, body: dict[str, Any], view: dict[str, Any]) -> None:
        seen.append(body)
        name = view["state"]["values"]["name"]["v"]["value"]
        if name == "taken":
            await ack(response_action="errors", errors={"name": "That name is taken"})
        else:
            await ack()

    @app.view_closed("intake")
    async def closed(ack: Any, body: dict[str, Any]) -> None:
        await ack()
        seen.append(body)

    @app.options("base_model")
    async def suggest(ack: Any, body: dict[str, Any]) -> None:
        typed = body["value"]
        await ack(options=[option(f"{typed}-7b", f"{typed}-7b"), option(f"{typed}-70b", "70b")])

    @app.event("message")
    async def message(event: dict[str, Any], say: Any, request: Any) -> None:
        seen.append({"event": event, "retry": request.headers.get("x-slack-retry-num")})
        if event.get("thread_ts"):
            await say(text=f"Understood: {event['text']}", thread_ts=event["thread_ts"])

    @app.event("app_home_opened")
    async def home(event: dict[str, Any], client: Any) -> None:
        seen.append(event)
        await client.views_publish(user_id=event["user"], view=HOME)

    return app
