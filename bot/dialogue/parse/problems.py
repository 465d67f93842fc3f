"""The engine's refusals in the registry's words: one line per problem, naming the field by
its path (what a file or a flag calls it) and showing the value as it was given — never a
whole table of values, whatever rule refused it.

>>> from engine.models import Scenario
>>> try:
...     Scenario.model_validate({"workload": {"peak_hours_per_day": 10}})
... except ValidationError as e:
...     print(problems(e)[0][1][:40])
traffic shape needs both peak_hours_per_

>>> try:
...     Scenario.model_validate({"workload": {"requests_per_day": -5}})
... except ValidationError as e:
...     print(describe(e)[0])
workload.requests_per_day: -5 is not accepted — Input should be greater than or equal to 0
"""

from __future__ import annotations

from pydantic import ValidationError

from bot.dialogue.parse.kinds import shown_data

__all__ = ["describe", "problems"]


def problems(error: ValidationError) -> list[tuple[str, str]]:
    """(dotted path, what is wrong) for each problem; the value given is shown for a field's
    own problem, not for a rule across a part."""
    found = []
    for item in error.errors(include_url=False):
        path = ".".join(str(part) for part in item["loc"])
        message = str(item["msg"]).removeprefix("Value error, ")
        given = item.get("input")
        if "input" in item and not isinstance(given, dict | list) \
                and item["type"] not in ("missing", "model_type", "dict_type"):
            message = f"{shown_data(given)} is not accepted — {message}"
        found.append((path, message))
    return found


def describe(error: ValidationError) -> list[str]:
    """``path: problem`` lines (no path for a rule across the whole scenario)."""
    return [f"{path}: {message}" if path else message for path, message in problems(error)]
