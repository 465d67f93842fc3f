"""Usage exports → the workload: read a provider's or a gateway's usage file, derive the
workload from it (:mod:`engine.usage`), fill a scenario with it, and say where each value
came from.

Readers: :mod:`bot.usage.providers` (OpenAI, Anthropic), :mod:`bot.usage.litellm`,
:mod:`bot.usage.plain`; :mod:`bot.usage.read` tells them apart; :mod:`bot.usage.apply` fills
a scenario and keeps the measurement in it (``Scenario.measured``, whose provenance the
engine shows on every analysis); :mod:`bot.usage.report` offers it to a conversation and
makes ``--json``'s ``usage`` object.
"""

from bot.usage.apply import Measured, measure, scenario_values, take_usage
from bot.usage.fields import NoRequestCounts, UsageFileError
from bot.usage.read import read_usage
from bot.usage.report import proposals, usage_json

__all__ = ["Measured", "NoRequestCounts", "UsageFileError", "measure", "proposals",
           "read_usage", "scenario_values", "take_usage", "usage_json"]
