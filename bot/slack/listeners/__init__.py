"""Bolt listeners, one module per Slack surface, each with ``register(app, deps)``.

Listeners ack, delegate to :mod:`bot.slack.listeners.flows`, and let errors reach the one
handler in :mod:`bot.slack.listeners.errors`.
"""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.slack.deps import Deps
from bot.slack.listeners import actions, commands, errors, events, home, installs, views

__all__ = ["register"]


def register(app: AsyncApp, deps: Deps) -> None:
    """Every surface's listeners, and the error handler."""
    for surface in (errors, commands, actions, views, events, home, installs):
        surface.register(app, deps)
