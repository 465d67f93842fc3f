"""``ftroi whatif NAME CHANGES…``: fork a saved scenario with changes in plain words.

    ftroi whatif "Support bot" volume x2
    ftroi whatif "Support bot" "gpu h100" "review rate 3%" --name "Support bot on H100"
    ftroi whatif "support bot" what if we use an H100 and 2x the volume?

The changes are read by the dialogue's what-if parser (the same words as in a Slack thread)
and echoed as understood; every change is applied by the dialogue's
:func:`~bot.dialogue.whatif.apply_changes`, as in Slack (a catalog GPU or API model also
resets a typed price to the catalog's), and the result is validated by the engine's models
as a whole. The fork is named "<parent> (what if …)" unless ``--name`` says otherwise, made
unique with " #2", " #3"… It records its parent; its report's card and its delta to the
parent are printed. A change that cannot be used is quoted with what is accepted (status 2).
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from bot.commands.show_cmd import analyse_inputs, analyse_record
from bot.dialogue.accepted_changes import ACCEPTED_CHANGES
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

if TYPE_CHECKING:
    from bot.dialogue.parse import Change
    from engine.models import Scenario
    from storage import ScenarioRecord, Store

__all__ = ["read_changes", "register", "run"]

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
    from bot.dialogue.parse import ParseError, parse_whatif

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


def _fork(store: Store, parent: ScenarioRecord, inputs: Scenario, *, text: str,
          user: str, name: str | None) -> ScenarioRecord:
    from bot.dialogue.whatif import fork_name
    from storage.errors import NameTakenError

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
    from bot.dialogue.parse import ParseError
    from bot.dialogue.whatif import apply_changes
    from bot.reports.card import card
    from bot.reports.compare import render_fork_delta, wrap_wide
    from bot.reports.text import render_card
    from engine.errors import EngineError

    def body() -> int:
        text, changes = read_changes(args.changes)
        with local_store(args) as store:
            parent = find_scenario(store, args.scenario)
            print("Understood:\n" + "\n".join(f"  {c.echo}" for c in changes) + "\n")
            before = analyse_record(parent)
            try:
                inputs = apply_changes(parent.inputs, changes, analysis=before)
            except ParseError as e:
                raise CommandError(str(e), BAD_INPUT) from None
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
