"""deploy/slack-app-manifest.yml against the app itself, each way.

The manifest is what Slack acts on: the slash commands and events it delivers, the URLs it
calls, the scopes an install grants the bot's token. Each is compared with the app
``build_app`` makes: the listeners it registers with Bolt, the routes ``ftroi serve``
serves, and the Web API methods it calls — found in bot/'s source, and seen at the fake
Slack, which grants exactly the manifest's scopes (tests/fakeslack/world.py).

Each check is a function of a manifest (a dict) returning what disagrees, one line each;
the tests at the end give it a changed copy and read the message.
"""

from __future__ import annotations

import ast
import copy
import html
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import pytest
import yaml
from aiohttp import web
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.commands.serve_cmd import _with_health
from bot.slack import ids
from bot.slack.app import build_app
from bot.slack.settings import SlackSettings
from storage import AsyncStore, open_store
from tests.fakeslack.driver import Driver, Reply
from tests.fakeslack.fixtures import fake_slack as fake_slack
from tests.fakeslack.fixtures import make_driver as make_driver
from tests.fakeslack.fixtures import serve_app as serve_app
from tests.fakeslack.server import FakeSlack
from tests.fakeslack.world import Channel
from tests.slack.slack_support import SlackUnderTest, run_intake
from tests.slack.usage_exports import openai_export

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / "deploy" / "slack-app-manifest.yml"

Manifest = dict[str, Any]


def manifest() -> Manifest:
    loaded: Manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    return loaded


def changed(edit: Callable[[Manifest], object]) -> Manifest:
    """A copy of the manifest with ``edit`` applied to it."""
    m = copy.deepcopy(manifest())
    edit(m)
    return m


# --- what the manifest declares ----------------------------------------------------------

def commands(m: Manifest) -> set[str]:
    return {c["command"] for c in m["features"].get("slash_commands", [])}


def shortcuts(m: Manifest) -> dict[str, str]:
    """Each shortcut's callback_id, and its type (``message`` or ``global``)."""
    return {s["callback_id"]: s["type"] for s in m["features"].get("shortcuts", [])}


def subscriptions(m: Manifest) -> set[str]:
    return set(m["settings"]["event_subscriptions"]["bot_events"])


def bot_scopes(m: Manifest) -> set[str]:
    return set(m["oauth_config"]["scopes"]["bot"])


def slack_requests(m: Manifest, *, oauth: bool) -> set[tuple[str, str]]:
    """(HTTP method, path) of every request Slack makes to the app: it POSTs to the request
    URLs and, with OAuth only, sends the installer's browser to the redirect URL."""
    settings = m["settings"]
    posted = [*(c["url"] for c in m["features"].get("slash_commands", [])),
              settings["event_subscriptions"]["request_url"],
              settings["interactivity"]["request_url"],
              settings["interactivity"].get("message_menu_options_url")]
    requests = {("POST", urlsplit(url).path) for url in posted if url}
    if oauth:
        requests |= {("GET", urlsplit(url).path) for url in m["oauth_config"]["redirect_urls"]}
    return requests


# Slack names a message subscription by the channel type it covers (message.channels,
# .groups, .im, .mpim) but delivers each as an event of type "message" with that
# channel_type; Bolt's @app.event("message") receives them all. So the app can only say
# it listens to "message": which channel types reach it is the manifest's choice.
MESSAGE_SUBSCRIPTIONS = {"message.channels": "channel", "message.groups": "group",
                         "message.im": "im", "message.mpim": "mpim"}


def event_type(subscription: str) -> str:
    return "message" if subscription in MESSAGE_SUBSCRIPTIONS else subscription


# --- what the app serves -----------------------------------------------------------------

#: Bolt's AsyncApp methods that register a listener, by what the manifest must enable.
SUBSCRIBED = {"command", "event", "message"}
INTERACTIVE = {"action", "block_action", "view", "view_submission", "view_closed", "options",
               "block_suggestion", "message_shortcut", "global_shortcut"}
#: Bolt's registrars of shortcuts, by the manifest's shortcut ``type``.
SHORTCUT_KINDS = {"message_shortcut": "message", "global_shortcut": "global"}
NOT_IN_THIS_CHECK = {"shortcut", "function",
                     "attachment_action", "dialog_submission", "dialog_cancellation",
                     "dialog_suggestion"}
OPTIONS = {"options", "block_suggestion"}

#: Routes ``ftroi serve`` answers that Slack never calls, and who does.
NOT_FOR_SLACK = {
    "/healthz": "container probes",
    "/readyz": "container probes",
    # The README links people to it; it sends them on to Slack's authorize page. The
    # manifest has no field for it.
    "/slack/install": "people installing the app, in their browser",
}

ENVS = {
    "http": {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "secret"},
    "oauth": {"SLACK_CLIENT_ID": "1111.2222", "SLACK_CLIENT_SECRET": "client-secret",
              "SLACK_SIGNING_SECRET": "secret"},
}


@dataclass
class Built:
    mode: str
    listens: list[tuple[str, Any]]  # (the AsyncApp method, its first argument), per listener
    routes: set[tuple[str, str]]    # (HTTP method, path) that ftroi serve answers


def recording_listeners(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any]]:
    """From now on, each listener registered through AsyncApp's public methods
    (``@app.command("/ftroi")``, ``@app.event(...)``, …) is noted with its constraint.

    Bolt keeps a listener's constraint only in its matcher's closure; the registering call
    is where the app names it. The ``built`` fixture checks no listener got past this."""
    noted: list[tuple[str, Any]] = []

    def recording(kind: str) -> Callable[..., Any]:
        original = getattr(AsyncApp, kind)

        def registrar(self: AsyncApp, *args: Any, **kwargs: Any) -> Any:
            register = original(self, *args, **kwargs)
            constraint = args[0] if args else next(iter(kwargs.values()), "")

            def register_noted(*functions: Any, **more: Any) -> Any:
                noted.append((kind, constraint))
                return register(*functions, **more)

            return register_noted

        return registrar

    for kind in SUBSCRIBED | INTERACTIVE | NOT_IN_THIS_CHECK:
        monkeypatch.setattr(AsyncApp, kind, recording(kind))
    return noted


@pytest.fixture(params=sorted(ENVS))
async def built(request: pytest.FixtureRequest, tmp_path: Path,
                monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Built]:
    """ftroi's app in one HTTP mode, as ``ftroi serve`` builds and serves it."""
    settings = SlackSettings.from_env(
        {**ENVS[request.param], "FTROI_DATABASE_URL": f"sqlite:///{tmp_path}/ftroi.db"})
    store = AsyncStore(open_store(settings.ftroi_database_url))
    try:
        listens = recording_listeners(monkeypatch)
        app = build_app(settings, store)
        monkeypatch.undo()
        # Every listener Bolt holds was registered through a method noted above.
        assert len(listens) == len(app._async_listeners), "a listener the test did not see"
        server = _with_health(app.web_app(), store, {"ready": True})
        routes = {(r.method, r.resource.canonical) for r in server.router.routes()
                  if r.method != "HEAD" and r.resource is not None}
        yield Built(settings.mode, listens, routes)
    finally:
        await store.aclose()


# --- the checks --------------------------------------------------------------------------

def two_way(what: str, declared: set[str], served: set[str]) -> list[str]:
    return [*(f"{what} {x} is in the manifest but the app does not serve it"
              for x in sorted(declared - served)),
            *(f"{what} {x} is served by the app but not in the manifest"
              for x in sorted(served - declared))]


def named(listens: list[tuple[str, Any]], kinds: set[str]) -> tuple[set[str], list[str]]:
    """The exact names listened to by ``kinds`` of listener, and any that is not a name."""
    names = {"message" if kind == "message" else c for kind, c in listens
             if kind in kinds and isinstance(c, str)}
    patterns = [f"@app.{kind}({c!r}) is not one name: the manifest lists names"
                for kind, c in listens if kind in kinds and not isinstance(c, str)]
    return names, patterns


def command_problems(m: Manifest, listens: list[tuple[str, Any]]) -> list[str]:
    served, patterns = named(listens, {"command"})
    return patterns + two_way("slash command", commands(m), served)


def event_problems(m: Manifest, listens: list[tuple[str, Any]]) -> list[str]:
    served, patterns = named(listens, {"event", "message"})
    declared = {event_type(s) for s in subscriptions(m)}
    return patterns + two_way("event", declared, served)


def interactivity_problems(m: Manifest, listens: list[tuple[str, Any]]) -> list[str]:
    kinds = {kind for kind, _ in listens}
    settings = m["settings"].get("interactivity", {})
    problems = []
    if bool(kinds & INTERACTIVE) != bool(settings.get("is_enabled")):
        problems.append(f"interactivity is_enabled is {settings.get('is_enabled')} but the "
                        f"app listens to {sorted(kinds & INTERACTIVE) or 'no interactions'}")
    if bool(kinds & OPTIONS) != bool(settings.get("message_menu_options_url")):
        problems.append("message_menu_options_url must be set exactly when the app answers "
                        "external selects' options")
    if kinds & NOT_IN_THIS_CHECK:
        problems.append(f"listeners {sorted(kinds & NOT_IN_THIS_CHECK)} need manifest "
                        "features this test does not check yet: extend it")
    return problems


def shortcut_problems(m: Manifest, listens: list[tuple[str, Any]]) -> list[str]:
    """Shortcuts declared (callback_id and type) against those the app listens to."""
    served, patterns = named(listens, set(SHORTCUT_KINDS))
    problems = patterns + two_way("shortcut", set(shortcuts(m)), served)
    for kind, callback_id in listens:
        declared = shortcuts(m).get(callback_id) if isinstance(callback_id, str) else None
        if kind in SHORTCUT_KINDS and declared not in (None, SHORTCUT_KINDS[kind]):
            problems.append(f"shortcut {callback_id} is a {declared} shortcut in the "
                            f"manifest but the app listens to it as a {SHORTCUT_KINDS[kind]} one")
    return problems


def route_problems(m: Manifest, routes: set[tuple[str, str]], *, oauth: bool) -> list[str]:
    served = {f"{method} {path}" for method, path in routes if path not in NOT_FOR_SLACK}
    declared = {f"{method} {path}" for method, path in slack_requests(m, oauth=oauth)}
    return two_way("request", declared, served)


def test_the_manifests_slash_commands_are_the_apps(built: Built) -> None:
    assert command_problems(manifest(), built.listens) == []


def test_the_manifests_events_are_the_apps(built: Built) -> None:
    assert event_problems(manifest(), built.listens) == []


def test_the_manifests_shortcuts_are_the_apps(built: Built) -> None:
    assert shortcut_problems(manifest(), built.listens) == []


def test_interactivity_is_on_exactly_for_the_apps_interactions(built: Built) -> None:
    assert interactivity_problems(manifest(), built.listens) == []


def test_slack_calls_exactly_the_paths_ftroi_serve_answers(built: Built) -> None:
    assert route_problems(manifest(), built.routes, oauth=built.mode == "oauth") == []


# --- the Web API methods the app calls, and their scopes ---------------------------------

#: What the app calls to download a file a person shared, counted here as a method.
DOWNLOAD = "url_private_download"

#: The bot scopes each Web API method ftroi calls needs, from the method's page under
#: docs.slack.dev/reference/methods/ (Facts → Scopes, bot token). Empty: none.
METHOD_SCOPES: dict[str, frozenset[str]] = {
    "chat.postMessage": frozenset({"chat:write"}),
    "chat.postEphemeral": frozenset({"chat:write"}),
    "chat.update": frozenset({"chat:write"}),
    "files.getUploadURLExternal": frozenset({"files:write"}),
    "files.completeUploadExternal": frozenset({"files:write"}),
    # Not a Web API method: a shared file's bytes at its url_private_download, which Slack
    # serves to a token bearing files:read (docs.slack.dev/reference/objects/file-object;
    # Slack staff in slackapi/bolt-js#2585), fetched by bot.slack.downloads.download_file.
    DOWNLOAD: frozenset({"files:read"}),
    "views.open": frozenset(),
    "views.publish": frozenset(),
    "auth.test": frozenset(),
    # The OAuth flow's code exchange authenticates with the client id and secret.
    "oauth.v2.access": frozenset(),
    # Socket Mode, with the app-level token's connections:write: not a bot scope.
    "apps.connections.open": frozenset(),
}

#: Calls made for the app by Bolt and slack_sdk, which bot/'s source does not show.
LIBRARY_CALLS = {
    "auth.test": "Bolt, authorizing requests with the bot token; and checking a new install",
    "oauth.v2.access": "Bolt's OAuth flow, exchanging the installer's code",
}

#: Methods only another way of running calls: the journey below cannot reach them.
OTHER_MODES = {"oauth.v2.access", "apps.connections.open"}

#: The scopes each event subscription needs (docs.slack.dev/reference/events/<event>).
EVENT_SCOPES: dict[str, frozenset[str]] = {
    "app_home_opened": frozenset(),
    "app_uninstalled": frozenset(),
    "tokens_revoked": frozenset(),
    "message.channels": frozenset({"channels:history"}),
    "message.groups": frozenset({"groups:history"}),
    "message.im": frozenset({"im:history"}),
    "message.mpim": frozenset({"mpim:history"}),
}

#: slack_sdk helpers that are several Web API calls, and Bolt's ``say`` argument; ftroi's
#: download of a shared file (bot.slack.downloads), called by its name.
HELPERS = {"files_upload_v2": ("files.getUploadURLExternal", "files.completeUploadExternal")}
BOLT_FUNCTIONS = {"say": ("chat.postMessage",), "download_file": (DOWNLOAD,)}
CLIENT_METHODS = {name for name in vars(AsyncWebClient) if not name.startswith("_")}


def web_api_calls(source: str) -> set[str]:
    """The Web API methods some Python source calls: ``client.chat_postMessage(…)``,
    ``client.files_upload_v2(…)``, ``client.api_call("…")``, Bolt's ``say(…)``, or a shared
    file's download (``download_file(…)``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Name) and node.func.id in BOLT_FUNCTIONS:
            found |= set(BOLT_FUNCTIONS[node.func.id])
        if not isinstance(node.func, ast.Attribute):
            continue
        name = node.func.attr
        if name == "api_call" and node.args and isinstance(node.args[0], ast.Constant):
            found.add(str(node.args[0].value))
        elif name in HELPERS:
            found |= set(HELPERS[name])
        elif name in CLIENT_METHODS:
            found.add(name.replace("_", "."))
    return found


def app_calls() -> set[str]:
    """Every Web API method the app can call: its source's, and its libraries' for it."""
    found = set(LIBRARY_CALLS)
    for path in sorted((ROOT / "bot").rglob("*.py")):
        found |= web_api_calls(path.read_text(encoding="utf-8"))
    return found


def scope_problems(m: Manifest, methods: set[str]) -> list[str]:
    """Scopes needed but not granted, granted but not needed, and needs nobody looked up."""
    needs: dict[str, list[str]] = {}
    problems = []
    for method in sorted(methods):
        if method not in METHOD_SCOPES:
            problems.append(f"{method}: add it to METHOD_SCOPES with the bot scopes its "
                            "docs.slack.dev page names")
        for scope in METHOD_SCOPES.get(method, ()):
            needs.setdefault(scope, []).append(method)
    for event in sorted(subscriptions(m)):
        if event not in EVENT_SCOPES:
            problems.append(f"event {event}: add it to EVENT_SCOPES with the scopes it needs")
        for scope in EVENT_SCOPES.get(event, ()):
            needs.setdefault(scope, []).append(f"the {event} event")
    if commands(m):
        needs.setdefault("commands", []).append("slash commands")
    granted = bot_scopes(m)
    problems += [f"{scope} is needed by {', '.join(needs[scope])} but the manifest does not "
                 "grant it" for scope in sorted(needs.keys() - granted)]
    problems += [f"{scope} is granted by the manifest but nothing the app calls or subscribes "
                 "to needs it" for scope in sorted(granted - needs.keys())]
    return problems


def test_every_method_the_app_calls_is_in_the_scope_table() -> None:
    calls = app_calls()
    assert calls - METHOD_SCOPES.keys() == set(), \
        "add each to METHOD_SCOPES with the bot scopes its docs.slack.dev page names"
    assert METHOD_SCOPES.keys() - calls == set(), "no longer called: remove from METHOD_SCOPES"


def test_the_manifest_grants_the_scopes_the_app_needs_and_no_more() -> None:
    assert scope_problems(manifest(), app_calls()) == []


async def test_installing_asks_slack_for_exactly_the_manifests_scopes(
        tmp_path: Path, serve_app: Callable[[web.Application], Any]) -> None:
    settings = SlackSettings.from_env(
        {**ENVS["oauth"], "FTROI_DATABASE_URL": f"sqlite:///{tmp_path}/ftroi.db"})
    store = AsyncStore(open_store(settings.ftroi_database_url))
    try:
        base = await serve_app(build_app(settings, store).web_app())
        async with aiohttp.ClientSession() as browser, \
                browser.get(base + "/slack/install") as page:
            text = html.unescape(await page.text())
    finally:
        await store.aclose()
    asked = re.search(r"[?&]scope=([^&\"']*)", text)  # in the link to Slack's authorize page
    assert asked is not None, text
    assert sorted(asked[1].split(",")) == sorted(bot_scopes(manifest()))


# --- the running app, against the fake Slack ---------------------------------------------

@pytest.fixture
async def slack(fake_slack: FakeSlack, serve_app: Callable[[web.Application], Any],
                make_driver: Callable[[str], Driver], tmp_path: Path,
                caplog: pytest.LogCaptureFixture) -> AsyncIterator[SlackUnderTest]:
    under_test = SlackUnderTest(fake_slack, serve_app, make_driver,
                                f"sqlite:///{tmp_path}/ftroi.db", caplog)
    await under_test.start()
    yield under_test
    await under_test.close()


async def deliver(slack: SlackUnderTest, subscription: str) -> Reply:
    """What Slack sends for one event subscription: a Home tab opened, or a reply in a
    thread of a conversation of the subscription's channel type that the bot is in."""
    world = slack.world
    if subscription == "app_home_opened":
        return await slack.driver.open_home()
    if subscription in ("app_uninstalled", "tokens_revoked"):
        await slack.settle()  # what came before still posts with the token
        kept = dict(world.grants)  # the later deliveries still need the bot's token
        reply = await (slack.driver.uninstall() if subscription == "app_uninstalled"
                       else slack.driver.revoke_tokens())
        world.grants.update(kept)
        return reply
    kind = MESSAGE_SUBSCRIPTIONS[subscription]
    if kind == "channel":
        channel = world.channels[world.general]
    elif kind == "group":
        channel = world.add_channel(Channel("C0PRIVBOT01", "private-ftroi",
                                            {world.alice, world.bot_user_id}, is_private=True))
    else:
        raise AssertionError(f"no {kind} conversation to deliver {subscription} in: add one")
    parent = slack.fake.user_message(channel.id, world.alice, "a thread")
    return await slack.driver.say("thanks", channel=channel.id, thread_ts=parent["ts"])


async def test_bolt_handles_what_the_manifest_sends_and_nothing_else(
        slack: SlackUnderTest) -> None:
    m = manifest()
    for command in sorted(commands(m)):
        assert (await slack.command("help", command=command)).status == 200, command
    for subscription in sorted(subscriptions(m)):
        assert (await deliver(slack, subscription)).status == 200, subscription
    for callback_id in sorted(shortcuts(m)):
        message = slack.fake.user_message(slack.world.general, slack.world.alice, "50k a day")
        assert (await slack.driver.shortcut(message, callback_id)).status == 200, callback_id
    await slack.settle()
    assert unhandled(slack) == []
    # Bolt answers 404 to what no listener matches, and logs it.
    assert (await slack.command("help", command="/ftroi-other")).status == 404
    reaction = {"type": "reaction_added", "user": slack.world.alice, "reaction": "tada",
                "item": {"type": "message", "channel": slack.world.general, "ts": "1.000001"},
                "event_ts": "1.000002"}
    assert (await slack.driver.event(reaction)).status == 404
    assert len(unhandled(slack)) == 2


def unhandled(slack: SlackUnderTest) -> list[str]:
    """Bolt's warnings about requests no listener matched."""
    return [r.getMessage() for r in slack.caplog.records
            if r.getMessage().startswith("Unhandled request")]


async def test_a_journey_calls_only_known_methods_and_never_lacks_a_scope(
        slack: SlackUnderTest) -> None:
    world = slack.world
    root = await run_intake(slack, "new Support bot")          # posts, updates, uploads
    # A fork asked in the thread (storage knows its card), then one refused: a message
    # event has no response_url, so the refusal is a chat.postEphemeral.
    await slack.say("what if we use an H100?", thread_ts=root["ts"], user=world.bob)
    await slack.say("@ftroi what if we use a banana?", thread_ts=root["ts"], user=world.bob)
    await slack.click(slack.cards(thread_ts=root["ts"])[0], action_id=ids.CARD_EXPORT)
    await slack.command("list")
    await slack.click(slack.ephemerals()[-1], action_id=ids.item(ids.SCENARIO_COMPARE, "list", 0))
    await slack.driver.open_home()
    await slack.command("new From usage")                       # a usage export shared
    intake = [m for m in slack.channel() if "New fine-tuning ROI scenario" in m["text"]][-1]
    await slack.driver.share_file("our usage", thread_ts=intake["ts"], name="usage.json",
                                  data=openai_export(), mimetype="application/json")
    await slack.settle()

    calls = slack.fake.calls()
    assert [(c.method, c.response) for c in calls if c.error == "missing_scope"] == []
    assert [d.served for d in slack.fake.downloads()] == [True]  # files:read was granted
    called = {c.method for c in calls} | {DOWNLOAD for d in slack.fake.downloads()}
    assert called <= app_calls(), "a call the source scan missed: teach web_api_calls it"
    assert app_calls() - OTHER_MODES <= called, "extend the journey to reach these"


# --- each check says what is wrong -------------------------------------------------------

APP_LISTENS = [("command", "/ftroi"), ("event", "app_home_opened"), ("message", ""),
               ("action", "ftroi.card.export"), ("options", "ftroi.compare.pick")]


def test_a_shortcut_missing_or_of_another_type_is_reported() -> None:
    listens = [*APP_LISTENS, ("message_shortcut", "ftroi.shortcut.analyse")]
    none = changed(lambda m: m["features"].pop("shortcuts"))
    assert shortcut_problems(none, listens) == [
        "shortcut ftroi.shortcut.analyse is served by the app but not in the manifest"]
    made_global = changed(lambda m: m["features"]["shortcuts"][0].update(type="global"))
    assert shortcut_problems(made_global, listens) == [
        "shortcut ftroi.shortcut.analyse is a global shortcut in the manifest but the app "
        "listens to it as a message one"]


def test_a_command_renamed_in_the_manifest_is_reported_both_ways() -> None:
    m = changed(lambda m: m["features"]["slash_commands"][0].update(command="/roi"))
    assert command_problems(m, APP_LISTENS) == [
        "slash command /roi is in the manifest but the app does not serve it",
        "slash command /ftroi is served by the app but not in the manifest",
    ]


def test_events_compare_by_bolts_event_type() -> None:
    only_dms = changed(lambda m: m["settings"]["event_subscriptions"].update(
        bot_events=["app_home_opened", "message.im", "reaction_added"]))
    assert event_problems(only_dms, APP_LISTENS) == [
        "event reaction_added is in the manifest but the app does not serve it"]
    no_messages = changed(lambda m: m["settings"]["event_subscriptions"].update(
        bot_events=["app_home_opened"]))
    assert event_problems(no_messages, APP_LISTENS) == [
        "event message is served by the app but not in the manifest"]


def test_interactivity_off_or_without_an_options_url_is_reported() -> None:
    m = changed(lambda m: m["settings"]["interactivity"].pop("message_menu_options_url"))
    assert interactivity_problems(m, APP_LISTENS) == [
        "message_menu_options_url must be set exactly when the app answers external selects' "
        "options"]
    m["settings"]["interactivity"]["is_enabled"] = False
    assert interactivity_problems(m, APP_LISTENS)[0].startswith("interactivity is_enabled is")


def test_a_request_url_on_another_path_is_reported_both_ways() -> None:
    m = changed(lambda m: m["settings"]["event_subscriptions"].update(
        request_url="https://YOUR-HOST/slack/other"))
    routes = {("POST", "/slack/events"), ("GET", "/healthz"), ("GET", "/readyz")}
    assert route_problems(m, routes, oauth=False) == [
        "request POST /slack/other is in the manifest but the app does not serve it"]
    assert route_problems(m, routes | {("POST", "/slack/more")}, oauth=False)[-1] == \
        "request POST /slack/more is served by the app but not in the manifest"


def test_a_scope_missing_or_to_spare_is_reported_with_who_needs_it() -> None:
    without_files = changed(lambda m: m["oauth_config"]["scopes"]["bot"].remove("files:write"))
    assert scope_problems(without_files, app_calls()) == [
        "files:write is needed by files.completeUploadExternal, files.getUploadURLExternal "
        "but the manifest does not grant it"]
    without_read = changed(lambda m: m["oauth_config"]["scopes"]["bot"].remove("files:read"))
    assert scope_problems(without_read, app_calls()) == [
        "files:read is needed by url_private_download but the manifest does not grant it"]
    spare = changed(lambda m: m["oauth_config"]["scopes"]["bot"].append("im:history"))
    assert scope_problems(spare, app_calls()) == [
        "im:history is granted by the manifest but nothing the app calls or subscribes to "
        "needs it"]


def test_a_new_web_api_call_needs_a_line_in_the_scope_table() -> None:
    source = "async def f(client):\n    await client.reactions_add(name='tada')\n"
    assert web_api_calls(source) == {"reactions.add"}
    assert scope_problems(manifest(), app_calls() | web_api_calls(source))[0] == (
        "reactions.add: add it to METHOD_SCOPES with the bot scopes its docs.slack.dev page "
        "names")
