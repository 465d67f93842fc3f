"""Slack settings: validated at start, one clear line for what is missing, no secret shown."""

from __future__ import annotations

import pytest

from bot.slack.settings import SETTINGS_DOC, SettingsError, SlackSettings

BOT = {"SLACK_BOT_TOKEN": "xoxb-very-secret-bot", "SLACK_SIGNING_SECRET": "very-secret-signing"}


def test_single_workspace_http():
    s = SlackSettings.from_env(BOT)
    assert s.mode == "http"
    assert s.api_url == "https://slack.com/api/"
    assert s.ftroi_port == 3000


def test_oauth_and_socket_mode():
    oauth = SlackSettings.from_env({"SLACK_CLIENT_ID": "123.456",
                                    "SLACK_CLIENT_SECRET": "very-secret-client",
                                    "SLACK_SIGNING_SECRET": "very-secret-signing"})
    assert oauth.mode == "oauth"
    socket = SlackSettings.from_env({"SLACK_APP_TOKEN": "xapp-very-secret",
                                     "SLACK_BOT_TOKEN": "xoxb-very-secret-bot"})
    assert socket.mode == "socket"


@pytest.mark.parametrize(("env", "says"), [
    ({}, "set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET"),
    ({"SLACK_BOT_TOKEN": "xoxb-very-secret-bot"}, "set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET"),
    ({"SLACK_CLIENT_ID": "1"}, "OAuth (many workspaces) also needs SLACK_CLIENT_SECRET and "
                               "SLACK_SIGNING_SECRET"),
    ({"SLACK_APP_TOKEN": "xapp-very-secret"}, "also needs SLACK_BOT_TOKEN"),
    ({**BOT, "SLACK_BOT_TOKEN": "xoxp-very-secret-user"}, "SLACK_BOT_TOKEN must be a bot token"),
    ({**BOT, "FTROI_PORT": "abc"}, "FTROI_PORT: 'abc' is not accepted"),
    ({**BOT, "FTROI_SLACK_API_URL": "not a url"}, "FTROI_SLACK_API_URL: 'not a url'"),
])
def test_a_bad_or_missing_setting_is_one_line_naming_it(env, says):
    with pytest.raises(SettingsError) as caught:
        SlackSettings.from_env(env)
    message = str(caught.value)
    assert says in message
    assert "\n" not in message
    assert "very-secret" not in message


def test_secrets_never_show_in_a_repr():
    s = SlackSettings.from_env(BOT)
    assert "very-secret" not in repr(s) and "very-secret" not in str(s.model_dump())


def test_the_process_environment_is_read(monkeypatch):
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-from-env")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "from-env")
    monkeypatch.setenv("FTROI_SLACK_API_URL", "http://127.0.0.1:9999/api")
    s = SlackSettings.from_env()
    assert s.slack_bot_token is not None
    assert s.slack_bot_token.get_secret_value() == "xoxb-from-env"
    assert s.api_url == "http://127.0.0.1:9999/api/"


def test_every_setting_is_documented():
    documented = {name for name, _, _ in SETTINGS_DOC}
    assert documented == {name.upper() for name in SlackSettings.model_fields}
