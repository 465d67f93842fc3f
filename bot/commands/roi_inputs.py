"""``ftroi roi``'s inputs: a file, sentences read as the chat reads them, and one flag per
field of the registry — all read by the same parsers as a typed answer.

The scenario is the file (or the defaults), then each ``--say TEXT`` in order, read exactly
as the chat reads a typed answer (across all the intake's steps: the same words, the same
refusals), then the per-field flags (``--requests-per-day 2M/month``,
``--engineer-usd-per-hour '$200k/year'``), which win. Anything not understood, or refused by
the engine with the rest, is a :class:`~bot.scenario_files.ScenarioFileError` with the
chat's message for each problem: ``ftroi roi`` prints them and exits with status 2.

>>> from bot.dialogue.parse import field
>>> flag_values({field("workload.requests_per_day"): ("--requests-per-day", "2M/month")},
...             Context())
({'workload.requests_per_day': 66666.66666666667}, [])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bot.dialogue.draft import check
from bot.dialogue.parse import Context, FieldSpec, intake_fields, parse_step_answer, value_at
from bot.dialogue.parse.text import quote
from bot.dialogue.state import Scalar
from bot.scenario_files import (
    ScenarioFileError,
    read_json_file,
    read_scenario_data,
    scenario_from_data,
)
from bot.usage import Measured, take_usage
from engine.errors import EngineError
from engine.measured import from_vllm_result
from engine.models import Scenario

__all__ = ["Usage", "build_inputs", "flag_values", "said"]

#: A usage file's measurement and the inputs it set (None, empty without one).
Usage = tuple[Measured | None, frozenset[str]]


def flag_values(flags: Mapping[FieldSpec, tuple[str, str]],
                context: Context) -> tuple[dict[str, object], list[str]]:
    """What the per-field flags (field → the flag as typed, its text) set — a catalog GPU's
    resets under what is typed — and one problem per flag that does not read, naming the
    flag and the field."""
    typed: dict[str, object] = {}
    implied: dict[str, object] = {}
    problems = []
    for spec, (flag, text) in flags.items():
        parsed = parse_step_answer(text, [spec], focus=spec.path, current=context.current,
                                   working_hours_per_year=context.working_hours_per_year)
        if parsed.unread:
            problems += [f"{flag} ({spec.path}): {u.message}" for u in parsed.unread]
            continue
        own = {p: v for p, v in parsed.values.items() if p == spec.path or p in spec.owns
               or p in spec.kind.scaled(spec) or p not in spec.resets}
        typed.update(own)
        implied.update({p: v for p, v in parsed.values.items() if p not in own})
    return {**{p: v for p, v in implied.items() if p not in typed}, **typed}, problems


def said(base: Scenario, texts: Sequence[str], *, today: date,
         working_hours_per_year: float) -> dict[str, Scalar]:
    """The values ``texts`` give, each read as the chat reads a typed answer, over ``base``.

    ``ScenarioFileError`` with the chat's messages for anything not understood, or refused
    by the engine with the values before it."""
    fields = intake_fields()
    draft: dict[str, Scalar] = {}
    for text in texts:
        current = check(base, draft, today=today).scenario or base
        parsed = parse_step_answer(
            text, fields, unset=[f.path for f in fields if f.path not in draft],
            current={f.path: value_at(current, f.path) for f in fields},
            working_hours_per_year=working_hours_per_year, scope="--say",
            more="see 'ftroi roi --help' for every input")
        if not parsed.values and not parsed.unread:
            raise ScenarioFileError([f"--say {quote(text)}: nothing to read"])
        if parsed.unread:
            raise ScenarioFileError([f"--say {quote(text)}: {line}" for line in parsed.problems])
        values = {k: _scalar(v) for k, v in parsed.values.items()}
        checked = check(base, {**draft, **values}, today=today, prefer=values)
        if not checked.ok:
            raise ScenarioFileError([f"--say {quote(text)}: {line}"
                                     for line in checked.errors.values()])
        draft.update(values)
    return draft


def build_inputs(source: Path | None, says: Sequence[str],
                 flags: Mapping[FieldSpec, tuple[str, str]], *, today: date,
                 working_hours_per_year: float, usage: str | None = None,
                 throughput_from: str | None = None,
                 now: datetime | None = None) -> tuple[Scenario, Usage]:
    """The scenario from the file, the sentences and the flags (in that order), priced at
    the file's date or ``today`` unless a flag says otherwise; and the usage export it was
    filled from. The flags are checked with the file (a flag may mend a file's value), and
    win over the sentences; a usage export (``usage``, else the file's ``[workload] usage``)
    goes under the file's own values; a measured throughput (``throughput_from``) over
    everything but a typed throughput."""
    context = Context(working_hours_per_year=working_hours_per_year)
    data = read_scenario_data(source) if source else {}
    label = source.name if source else "scenario"
    typed, problems = flag_values(flags, context)
    if problems:
        raise ScenarioFileError(problems)
    # A usage export goes under what the file and the flags say (an Anthropic export needs
    # the request count a flag may give).
    data, measured, applied = take_usage(_over(data, typed), flag=usage, now=now)
    bench = _measured_throughput(Path(throughput_from)) if throughput_from else {}
    origins = {path: flag for spec, (flag, _) in flags.items() for path in typed
               if path == spec.path or path in (*spec.owns, *spec.resets)}
    base = scenario_from_data(_over(data, typed), label=label, origins=origins)
    values: dict[str, Any] = dict(said(base, says, today=today,
                                       working_hours_per_year=working_hours_per_year))
    origins = {**dict.fromkeys(values, "--say"), **origins}
    values.update(typed)
    throughput = "model.throughput_tokens_per_s_per_instance"
    if bench and typed.get(throughput) is None:
        values.update(bench)
        origins.update(dict.fromkeys(bench, "--throughput-from"))
    elif throughput in values and values[throughput] is None:
        values["model.throughput_note"] = None  # a GPU reset its throughput: and its source
    if base.api.priced_at is None and "api.priced_at" not in values:
        values["api.priced_at"] = today.isoformat()
    return scenario_from_data(_over(base.model_dump(mode="json"), values), label=label,
                              origins=origins), (measured, applied)


def _measured_throughput(path: Path) -> dict[str, object]:
    """The throughput and its source of a ``vllm bench serve --save-result`` file, by path."""
    raw = read_json_file(path, what="a vllm bench serve result")
    try:
        measured = from_vllm_result(raw, filename=path.name)
    except EngineError as e:
        raise ScenarioFileError([f"--throughput-from: {e}"]) from None
    return {"model.throughput_tokens_per_s_per_instance": measured.tokens_per_s,
            "model.throughput_note": measured.note}


def _over(data: Mapping[str, Any], values: Mapping[str, object]) -> dict[str, Any]:
    """``data``'s nested tables with ``values`` (by dotted path) written over them."""
    merged = {k: dict(v) if isinstance(v, Mapping) else v for k, v in data.items()}
    for path, value in values.items():
        *tables, leaf = path.split(".")
        node = merged
        for table in tables:
            child = node.get(table)
            node[table] = child = dict(child) if isinstance(child, Mapping) else {}
            node = child
        node[leaf] = value
    return merged


def _scalar(value: object) -> Scalar:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"a parsed value must be a JSON scalar, got {value!r}")
