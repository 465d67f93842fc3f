"""The Slack app's settings, from the environment, with Slack's usual names.

Three ways to run, chosen by what is set:

* **single workspace, HTTP**: ``SLACK_BOT_TOKEN`` + ``SLACK_SIGNING_SECRET``;
* **multi-workspace, HTTP (OAuth)**: ``SLACK_CLIENT_ID`` + ``SLACK_CLIENT_SECRET`` +
  ``SLACK_SIGNING_SECRET`` (installations kept by slack_sdk's stores in the same database);
* **Socket Mode**: ``SLACK_APP_TOKEN`` (``xapp-…``) + ``SLACK_BOT_TOKEN``.

Secrets are ``SecretStr``: their value never appears in a repr, a log line or an error.

>>> s = SlackSettings.from_env({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"})
>>> s.mode, s.slack_bot_token
('http', SecretStr('**********'))
>>> try:
...     SlackSettings.from_env({})
... except SettingsError as e:
...     print(str(e)[:56])
missing settings: set SLACK_BOT_TOKEN and SLACK_SIGNING_
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Literal, Self

from pydantic import AnyHttpUrl, Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["SETTINGS_DOC", "SettingsError", "SlackSettings"]

SLACK_API_URL = "https://slack.com/api/"


class SettingsError(ValueError):
    """A setting is missing or malformed; the message is one line naming it."""


class SlackSettings(BaseSettings):
    model_config = SettingsConfigDict(case_sensitive=False, extra="ignore", frozen=True)

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    ftroi_database_url: str = "sqlite:///./ftroi.db"
    ftroi_slack_api_url: AnyHttpUrl = Field(default=AnyHttpUrl(SLACK_API_URL))
    ftroi_port: int = Field(default=3000, ge=1, le=65_535)
    ftroi_log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    ftroi_card_lease_seconds: float = Field(default=60.0, ge=1.0, le=3_600.0)
    ftroi_chart_workers: int = Field(default=1, ge=0, le=8)

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xoxb-"):
            raise ValueError("SLACK_BOT_TOKEN must be a bot token starting with 'xoxb-'")
        return value

    @field_validator("slack_app_token")
    @classmethod
    def _app_token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xapp-"):
            raise ValueError("SLACK_APP_TOKEN must be an app-level token starting with 'xapp-'")
        return value

    @model_validator(mode="after")
    def _one_complete_mode(self) -> Self:
        if self.slack_app_token is not None:
            if self.slack_bot_token is None:
                raise ValueError("Socket Mode (SLACK_APP_TOKEN is set) also needs SLACK_BOT_TOKEN")
            return self
        oauth = self.slack_client_id is not None or self.slack_client_secret is not None
        if oauth:
            missing = [name for name, value in (
                ("SLACK_CLIENT_ID", self.slack_client_id),
                ("SLACK_CLIENT_SECRET", self.slack_client_secret),
                ("SLACK_SIGNING_SECRET", self.slack_signing_secret),
            ) if value is None]
            if missing:
                raise ValueError("OAuth (many workspaces) also needs " + " and ".join(missing))
            return self
        if self.slack_bot_token is None or self.slack_signing_secret is None:
            raise ValueError(
                "missing settings: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (one workspace), "
                "or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_SIGNING_SECRET (OAuth, many "
                "workspaces), or SLACK_APP_TOKEN and SLACK_BOT_TOKEN (Socket Mode)"
            )
        return self

    @property
    def mode(self) -> Literal["http", "oauth", "socket"]:
        if self.slack_app_token is not None:
            return "socket"
        return "oauth" if self.slack_client_id is not None else "http"

    @property
    def card_lease(self) -> timedelta:
        """How long an owed result card stays with the replica that saved it."""
        return timedelta(seconds=self.ftroi_card_lease_seconds)

    @property
    def api_url(self) -> str:
        url = str(self.ftroi_slack_api_url)
        return url if url.endswith("/") else url + "/"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> SlackSettings:
        """Read the settings (from ``environ`` when given, else the process environment);
        any problem is a ``SettingsError`` of one line per problem."""
        try:
            if environ is None:
                return cls()
            known = {name.upper() for name in cls.model_fields}
            return cls.model_validate(
                {k.lower(): v for k, v in environ.items() if k.upper() in known})
        except ValidationError as e:
            raise SettingsError("; ".join(_describe(item) for item in e.errors())) from None


def _describe(item: Mapping[str, object]) -> str:
    """One problem, never quoting a secret's value."""
    message = str(item["msg"]).removeprefix("Value error, ")
    loc = item.get("loc") or ()
    if not isinstance(loc, tuple) or not loc:
        return message
    name = str(loc[0]).upper()
    if name in _SECRETS or item.get("type") == "missing":
        return f"{name}: {message}"
    return f"{name}: {item.get('input')!r} is not accepted — {message}"


_SECRETS = {"SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_CLIENT_SECRET"}

#: Every setting: (name, default, meaning) — the README's settings table is checked against it.
SETTINGS_DOC: tuple[tuple[str, str, str], ...] = (
    ("SLACK_BOT_TOKEN", "—", "bot token (`xoxb-…`) of a single-workspace install"),
    ("SLACK_SIGNING_SECRET", "—", "verifies that requests come from Slack (HTTP mode)"),
    ("SLACK_APP_TOKEN", "—", "app-level token (`xapp-…`): run in Socket Mode"),
    ("SLACK_CLIENT_ID", "—", "OAuth client id, for installs in many workspaces"),
    ("SLACK_CLIENT_SECRET", "—", "OAuth client secret"),
    ("FTROI_DATABASE_URL", "sqlite:///./ftroi.db", "`sqlite:///path` or `postgresql://…`"),
    ("FTROI_SLACK_API_URL", SLACK_API_URL, "Slack Web API base URL (a test fake, a proxy)"),
    ("FTROI_PORT", "3000", "HTTP port of `ftroi serve`"),
    ("FTROI_LOG_LEVEL", "INFO", "DEBUG, INFO, WARNING or ERROR"),
    ("FTROI_CARD_LEASE_SECONDS", "60", "how long a replica that saved an intake has to post "
     "its result card before another replica posts it (1–3600)"),
    ("FTROI_CHART_WORKERS", "1", "chart processes `ftroi serve` draws its charts in, so "
     "that drawing holds up no ack and no other intake (~70 MB each); 0 draws them in the "
     "app's own process, on one thread (0–8)"),
)
