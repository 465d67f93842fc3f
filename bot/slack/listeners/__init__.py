"""Bolt listeners, one module per Slack surface, each with ``register(app, deps)``.

=============  ======================================================================
module         its flat table: one named handler per id
=============  ======================================================================
``commands``   ``COMMANDS``: ``/ftroi``
``actions``    ``ACTIONS``: the intake's buttons, the card's, the lists', rename, More
``views``      ``VIEWS``: the modals' submissions; ``OPTIONS``: Compare with…'s search
``events``     ``EVENTS``: a message in a thread (typed, or sharing a file)
``home``       ``EVENTS``: the Home tab opened; ``ACTIONS``: New scenario, More
``installs``   ``EVENTS``: ``tokens_revoked``, ``app_uninstalled``
``shortcuts``  ``SHORTCUTS``: the message shortcut "Analyse this"
=============  ======================================================================

Every handler runs through :mod:`bot.slack.listeners.run` (read its payload and value,
ack, claim the delivery, act), delegates to :mod:`bot.slack.listeners.flows`, and lets
errors reach the one handler in :mod:`bot.slack.listeners.errors`.
"""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.slack.deps import Deps
from bot.slack.listeners import (
    actions,
    commands,
    errors,
    events,
    home,
    installs,
    shortcuts,
    views,
)

__all__ = ["register"]


def register(app: AsyncApp, deps: Deps) -> None:
    """Every surface's listeners, and the error handler."""
    for surface in (errors, commands, actions, views, events, home, installs, shortcuts):
        surface.register(app, deps)
