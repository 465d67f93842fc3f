"""The workspace a fake Slack serves: its team, people, channels, tokens and OAuth app.

A test changes the world through these plain objects (add a channel, take the bot out
of one, drop a scope from a token) before or between calls; the fake reads them on
every request, as Slack would read its own database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

#: The Slack app manifest a real install of ftroi is created from.
MANIFEST = Path(__file__).resolve().parents[2] / "deploy" / "slack-app-manifest.yml"


def manifest_bot_scopes(path: Path = MANIFEST) -> frozenset[str]:
    """``oauth_config.scopes.bot`` of the manifest: what installing the app grants its bot."""
    manifest = yaml.safe_load(path.read_text(encoding="utf-8"))
    return frozenset(manifest["oauth_config"]["scopes"]["bot"])


#: The scopes the ftroi bot is installed with: exactly the manifest's bot scopes, so a
#: method the app calls without one answers ``missing_scope`` here as it would on Slack.
BOT_SCOPES = manifest_bot_scopes()


def manifest_escapes_commands(path: Path = MANIFEST) -> dict[str, bool]:
    """Each slash command of the manifest, and whether Slack turns the mentions and links
    in its text into tokens (``should_escape``; Slack's default is off)."""
    manifest = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {c["command"]: bool(c.get("should_escape", False))
            for c in manifest["features"].get("slash_commands", [])}


#: What Slack does to the text of ftroi's slash commands.
COMMAND_TOKENS = manifest_escapes_commands()


@dataclass
class User:
    id: str
    name: str
    real_name: str
    tz: str = "Europe/Berlin"
    is_bot: bool = False
    deleted: bool = False

    def profile(self, team_id: str) -> dict[str, object]:
        """The ``user`` object users.info answers with."""
        return {
            "id": self.id,
            "team_id": team_id,
            "name": self.name,
            "real_name": self.real_name,
            "deleted": self.deleted,
            "is_bot": self.is_bot,
            "is_app_user": False,
            "tz": self.tz,
            "tz_offset": 3600 if self.tz == "Europe/Berlin" else 0,
            "profile": {
                "real_name": self.real_name,
                "display_name": self.name,
                "team": team_id,
            },
        }


@dataclass
class Channel:
    id: str
    name: str
    members: set[str] = field(default_factory=set)
    is_private: bool = False
    is_im: bool = False

    @property
    def type(self) -> str:
        """``channel_type`` as events carry it: channel, group (private) or im."""
        return "im" if self.is_im else "group" if self.is_private else "channel"

    @property
    def history_scope(self) -> str:
        return {"channel": "channels:history", "group": "groups:history", "im": "im:history"}[
            self.type
        ]


@dataclass
class Grant:
    """What a token may do: whose it is, in which team, with which scopes."""

    token: str
    team_id: str
    user_id: str
    scopes: set[str]
    bot_id: str | None = None

    @property
    def is_bot(self) -> bool:
        return self.bot_id is not None


@dataclass
class Workspace:
    """One Slack team with the ftroi app installed."""

    team_id: str = "T0FTROI0001"
    domain: str = "ftroi-test"
    name: str = "ftroi test workspace"
    app_id: str = "A0FTROI0001"
    bot_user_id: str = "U0FTROIBOT1"
    bot_id: str = "B0FTROIBOT1"
    bot_token: str = "xoxb-0001-ftroi-test-bot"
    #: The app-level token (connections:write) that opens Socket Mode links.
    app_token: str = "xapp-1-A0FTROI0001-0001-ftroi-test-app"
    client_id: str = "1111.2222"
    client_secret: str = "fake-client-secret"
    #: The legacy verification token payloads still carry (Bolt ignores it).
    verification_token: str = "fake-verification-token"
    users: dict[str, User] = field(default_factory=dict)
    channels: dict[str, Channel] = field(default_factory=dict)
    grants: dict[str, Grant] = field(default_factory=dict)

    @classmethod
    def default(cls) -> Workspace:
        """Alice and Bob in #general and #ml-costs (the bot in both), #private-x without it."""
        ws = cls()
        for user in (
            User("U0ALICE0001", "alice", "Alice Example"),
            User("U0BOB000001", "bob", "Bob Example", tz="UTC"),
            User(ws.bot_user_id, "ftroi", "ftroi", is_bot=True),
        ):
            ws.users[user.id] = user
        people = {"U0ALICE0001", "U0BOB000001", ws.bot_user_id}
        ws.add_channel(Channel("C0GENERAL01", "general", set(people)))
        ws.add_channel(Channel("C0MLCOSTS01", "ml-costs", set(people)))
        ws.add_channel(Channel("C0PRIVATE01", "private-x", {"U0ALICE0001"}, is_private=True))
        ws.grants[ws.bot_token] = Grant(
            ws.bot_token, ws.team_id, ws.bot_user_id, set(BOT_SCOPES), bot_id=ws.bot_id
        )
        return ws

    @property
    def alice(self) -> str:
        return "U0ALICE0001"

    @property
    def bob(self) -> str:
        return "U0BOB000001"

    @property
    def general(self) -> str:
        return "C0GENERAL01"

    def add_channel(self, channel: Channel) -> Channel:
        self.channels[channel.id] = channel
        return channel

    def dm_with(self, user_id: str) -> Channel:
        """The bot's direct-message channel with a person (chat.postMessage to a user id)."""
        dm_id = "D" + user_id[1:]
        if dm_id not in self.channels:
            self.add_channel(
                Channel(dm_id, user_id, {user_id, self.bot_user_id}, is_private=True, is_im=True)
            )
        return self.channels[dm_id]

    def user_name(self, user_id: str) -> str:
        user = self.users.get(user_id)
        return user.name if user else user_id.lower()
