"""``ftroi whatif NAME CHANGES…``: fork a saved scenario with changes in plain words.

    ftroi whatif "Support bot" volume x2
    ftroi whatif "Support bot" "gpu h100" "review rate 3%" --name "Support bot on H100"
    ftroi whatif "support bot" what if we use an H100 and 2x the volume?

The changes are read by the dialogue's what-if parser (the same words as in a Slack thread)
and echoed as understood; every change is applied (a catalog GPU or API model also resets a
typed price to the catalog's), and the result is validated by the engine's models as a
whole. The fork is named "<parent> (what if …)" unless ``--name`` says otherwise, made unique
with " #2", " #3"… It records its parent; its report's card and its delta to the parent are
printed. A change that cannot be used is quoted with what is accepted (status 2).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime

from pydantic import ValidationError

from bot.commands.show_cmd import analyse_inputs, analyse_record
from bot.dialogue.parse import ACCEPTED_CHANGES, Change, ParseError, parse_whatif
from bot.reports.card import card
from bot.reports.compare import render_fork_delta, wrap_wide
from bot.reports.text import render_card
from bot.terminal.identity import (
    BAD_INPUT,
    TEAM,
    CommandError,
    add_identity_options,
    find_scenario,
    guarded,
    local_store,
    local_user,
    shell_arg,
)
from engine.analysis import Analysis
from engine.errors import EngineError, describe_validation_error
from engine.models import Scenario
from storage import MAX_NAME_LENGTH, NameTakenError, ScenarioRecord, Store

__all__ = ["apply_changes", "fork_name", "read_changes", "register", "run"]

_TRIES = 50


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "whatif", help="fork a scenario with changes in plain words",
        description="Fork a saved scenario with changes in plain words ('volume x2', "
        f"'gpu h100', 'review rate 3%%'). Accepted changes: {ACCEPTED_CHANGES}.",
    )
    parser.add_argument("scenario", metavar="NAME|ID", help="the scenario to fork")
    parser.add_argument("changes", nargs="+", metavar="CHANGE",
                        help="the changes, as words (quote each, or separate with commas)")
    parser.add_argument("--name", metavar="NEW", help="the fork's name (default: "
                        "'<NAME> (what if <CHANGES>)')")
    add_identity_options(parser)
    parser.set_defaults(run=run)


def read_changes(words: list[str]) -> tuple[str, list[Change]]:
    """The changes the words ask for, and the text they were read from.

    The words are read as one sentence; failing that, each word (a quoted change) apart.

    >>> text, changes = read_changes(["gpu h100", "volume x2"])
    >>> text, [(c.path, c.op, c.value) for c in changes if c.op == "scale"]
    ('gpu h100, volume x2', [('workload.requests_per_day', 'scale', 2.0)])
    """
    sentence = " ".join(w.strip() for w in words if w.strip())
    try:
        return sentence, parse_whatif(sentence)
    except ParseError as first:
        if len(words) > 1:
            listed = ", ".join(w.strip().strip(",") for w in words if w.strip())
            try:
                return listed, parse_whatif(listed)
            except ParseError:
                pass
        raise CommandError(str(first), BAD_INPUT) from None


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
    raise CommandError(
        f"{change.echo!r} cannot be applied: {change.path} has no number here to multiply; "
        f"set a value instead — accepted changes: {ACCEPTED_CHANGES}", BAD_INPUT)


def apply_changes(inputs: Scenario, changes: list[Change], *,
                  analysis: Analysis | None = None) -> Scenario:
    """``inputs`` with every change applied, validated once as a whole.

    A factor multiplies the input, or, for one left to the catalogs or the engine (an
    instance price, compute per run, API prices), the figure ``analysis`` used. A change
    that cannot be applied, or that the engine's models refuse, is quoted with what is
    accepted (:class:`CommandError`, status 2).
    """
    values: dict[str, object] = {}
    for change in changes:
        if change.op == "set":
            values[change.path] = change.value
            continue
        if not isinstance(change.value, int | float):
            raise CommandError(f"{change.echo!r}: a factor must be a number, not "
                               f"{change.value!r}", BAD_INPUT)
        values[change.path] = _current(inputs, analysis, change) * change.value
    try:
        return inputs.with_values(values)
    except ValidationError as e:
        problems = describe_validation_error(e)
        raise CommandError("; ".join(_quote(problem, changes) for problem in problems)
                           + f" — accepted changes: {ACCEPTED_CHANGES}", BAD_INPUT) from None


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


def _fork(store: Store, parent: ScenarioRecord, inputs: Scenario, *, text: str,
          user: str, name: str | None) -> ScenarioRecord:
    now = datetime.now(UTC)
    if name is not None:
        return store.fork_scenario(TEAM, parent.id, owner_id=user, name=name, now=now,
                                   version=parent.version.number, inputs=inputs)
    for attempt in range(1, _TRIES + 1):
        try:
            return store.fork_scenario(TEAM, parent.id, owner_id=user,
                                       name=fork_name(parent.name, text, attempt), now=now,
                                       version=parent.version.number, inputs=inputs)
        except NameTakenError:
            continue
    raise CommandError(f"{_TRIES} forks of {parent.name!r} already have this name; give one "
                       "with --name")


def run(args: argparse.Namespace) -> int:
    def body() -> int:
        text, changes = read_changes(args.changes)
        with local_store(args) as store:
            parent = find_scenario(store, args.scenario)
            print("Understood:\n" + "\n".join(f"  {c.echo}" for c in changes) + "\n")
            before = analyse_record(parent)
            inputs = apply_changes(parent.inputs, changes, analysis=before)
            if inputs.api.priced_at is None:  # a new scenario is priced as of its creation
                inputs = inputs.with_value("api.priced_at", date.today())
            try:
                after = analyse_inputs(inputs)
            except EngineError as e:
                raise CommandError(f"{text!r} is not accepted: {e}", BAD_INPUT) from None
            fork = _fork(store, parent, inputs, text=text, user=local_user(args.user),
                         name=args.name)
        print(wrap_wide(f"Saved {fork.name!r} (version 1, id {fork.id}), forked from "
                        f"{parent.name!r} version {parent.version.number}.") + "\n")
        sys.stdout.write(render_card(card(after, name=fork.name)) + "\n\n")
        sys.stdout.write(render_fork_delta(before, after, parent_name=parent.name) + "\n")
        print(wrap_wide(f"Full report: ftroi show {shell_arg(fork.name)}"))
        return 0

    return guarded("whatif", body)
