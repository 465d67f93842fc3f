"""What-if changes applied: a scenario's inputs with the changes :func:`parse_whatif` read,
and the name a fork gets after its parent and the change.

Shared by every surface that forks — ``ftroi whatif`` in the terminal, and in Slack
``/ftroi whatif``, a "what if …" reply in a scenario's thread and the What if… modal — so a
change means the same wherever it is typed. Like the parsers, no Slack and no I/O: a change
that cannot be applied is a :class:`~bot.dialogue.parse.ParseError` quoting it, with the
accepted changes.

>>> from engine.models import Scenario
>>> from bot.dialogue.parse import parse_whatif
>>> Scenario().workload.requests_per_day
50000.0
>>> apply_changes(Scenario(), parse_whatif("volume x2")).workload.requests_per_day
100000.0
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import ValidationError

from bot.dialogue.parse.problems import describe
from bot.dialogue.parse.registry import field
from bot.dialogue.parse.text import ParseError, quote
from bot.dialogue.parse.whatif import ACCEPTED_CHANGES, Change
from engine.analysis import Analysis
from engine.models import Scenario
from storage.rules import MAX_NAME_LENGTH

__all__ = ["apply_changes", "fork_name"]

# Inputs a scenario may leave to the catalogs or the engine (None): a factor on one of them
# multiplies the figure the parent's analysis used.
_CHOSEN: dict[str, Callable[[Analysis], float]] = {
    "model.instance_usd_per_hour": lambda a: a.serving.instance_usd_per_hour,
    "project.compute_usd_per_run": lambda a: a.project.compute_per_run_usd,
    "api.input_usd_per_1m_tokens": lambda a: a.api_price.input_usd_per_1m_tokens,
    "api.output_usd_per_1m_tokens": lambda a: a.api_price.output_usd_per_1m_tokens,
}


def _current(inputs: Scenario, analysis: Analysis | None, change: Change) -> float:
    """The number a factor multiplies: the input, or the figure the engine used for it."""
    try:
        return inputs.get(change.path)
    except (ValueError, AttributeError):
        chosen = _CHOSEN.get(change.path)
        if chosen is not None and analysis is not None:
            return chosen(analysis)
    raise ParseError(
        f"{change.echo!r} cannot be applied: {change.path} has no number here to multiply; "
        f"set a value instead — accepted changes: {ACCEPTED_CHANGES}")


def apply_changes(inputs: Scenario, changes: list[Change], *,
                  analysis: Analysis | None = None) -> Scenario:
    """``inputs`` with every change applied, validated once as a whole.

    A factor multiplies the input, or, for one left to the catalogs or the engine (an
    instance price, compute per run, API prices), the figure ``analysis`` used. A change
    that cannot be applied, or that the engine's models refuse, is quoted with what is
    accepted (:class:`~bot.dialogue.parse.ParseError`).
    """
    values: dict[str, object] = {}
    for change in changes:
        if change.op == "set":
            values[change.path] = change.value
            continue
        if not isinstance(change.value, int | float):
            raise ParseError(f"{change.echo!r}: a factor must be a number, not "
                             f"{change.value!r}")
        scaled = _current(inputs, analysis, change) * change.value
        try:  # a factor lands within the field's own bounds, or is refused here
            field(change.path).within(scaled, quote(change.echo))
        except ParseError as e:
            raise ParseError(f"{e} — accepted changes: {ACCEPTED_CHANGES}") from None
        values[change.path] = scaled
    try:
        return inputs.with_values(values)
    except ValidationError as e:
        problems = describe(e)
        raise ParseError("; ".join(_quote(problem, changes) for problem in problems)
                         + f" — accepted changes: {ACCEPTED_CHANGES}") from None


def _quote(problem: str, changes: list[Change]) -> str:
    """The problem with the change it comes from quoted first (the nearest one by path)."""
    field = problem.split(":", 1)[0]
    for change in changes:
        table = change.path.rsplit(".", 1)[0]
        if field in (change.path, table) or field.startswith(change.path + "."):
            return f"{change.echo!r} is not accepted: {problem}"
    return problem


def fork_name(parent: str, text: str, attempt: int = 1) -> str:
    """"<parent> (what if <text>)" within the name limit, " #n" added from the second try.

    >>> fork_name("Support bot", "volume x2"), fork_name("Support bot", "volume x2", 3)
    ('Support bot (what if volume x2)', 'Support bot (what if volume x2) #3')
    >>> len(fork_name("x" * 80, "gpu h100 and review rate 3%", 12))
    80
    """
    tail = f" #{attempt}" if attempt > 1 else ""
    room = MAX_NAME_LENGTH - len(tail) - len(" (what if )")
    what = " ".join(text.split())
    keep_parent = min(len(parent), max(room - min(len(what), 24), room // 2))
    name = parent if len(parent) <= keep_parent else parent[: keep_parent - 1].rstrip() + "…"
    room -= len(name)
    what = what if len(what) <= room else what[: room - 1].rstrip() + "…"
    return f"{name} (what if {what}){tail}"
