"""Scenario files: a :class:`~engine.models.Scenario` written as TOML or JSON.

The shape is the nested shape of ``Scenario.model_dump(mode="json")``: tables ``workload``,
``api``, ``model``, ``project`` (with ``project.engineer_hours``), ``training``, ``quality``,
``managed`` and ``ranges``; every key is a field of the registry
(:mod:`bot.dialogue.parse.registry`), whose path it is. A part left out takes its default.
``[workload] usage = "FILE"`` fills the workload from a usage export (:mod:`bot.usage`; the
path is relative to the scenario file), under any value the file sets itself.
Every value is checked by its field's kind before the engine sees it: a number must be a
number (``true`` is not 1), finite, not absurdly small and within the field's bounds; text
is read as a typed answer is (``requests_per_day = "2M/month"``), and a word stands for
the empty values TOML has no null for (JSON may use either the word or null):

* ``model.num_instances = "auto"`` — size the serving fleet for me;
* ``api.model = "custom"`` — no catalog model: the typed input and output prices are the API.

``project.engineer_hours`` may be a table of phases or a total (``480``, ``"2 people for 6
weeks"``), spread over the phases. A range is for a numeric input the scenario has a value
for, within that input's bounds. A UTF-8 byte-order mark is read; a file nested deeper than
a scenario can be, or holding a number of thousands of digits, is refused.

A file that cannot be used raises :class:`ScenarioFileError`, whose ``problems`` are one line
per problem, each naming the file, the field, the value and what is accepted.

>>> import json, pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "s.json"
>>> _ = path.write_text(json.dumps({"workload": {"requests_per_day": 1000}}))
>>> load_scenario(path).workload.requests_per_day
1000.0
>>> _ = path.write_text(json.dumps({"workload": {"requests_per_day": -1}}))
>>> try:
...     load_scenario(path)
... except ScenarioFileError as e:
...     print(e.problems[0])  # doctest: +ELLIPSIS
s.json: workload.requests_per_day: -1 is too small: requests/day is at least 0 requests/day ...
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.dialogue.parse import Context, ParseError, field
from bot.dialogue.parse.kinds import HugeNumber
from bot.dialogue.parse.problems import problems as engine_problems
from bot.dialogue.parse.registry import FIELDS
from bot.dialogue.parse.suggest import did_you_mean
from bot.usage import UsageFileError, take_usage
from engine.models import Scenario

__all__ = [
    "MAX_DEPTH",
    "SUFFIXES",
    "ScenarioFileError",
    "load_scenario",
    "read_json_file",
    "read_scenario_data",
    "scenario_from_data",
]

SUFFIXES = (".toml", ".json")
MAX_DEPTH = 6
"""How deep a scenario file's tables may nest (``ranges`` → a path → ``low``/``high`` is 3)."""
_TABLES = frozenset(p for f in FIELDS for p in (f.path.rsplit(".", n)[0]
                                                for n in range(1, f.path.count(".") + 1)))


class ScenarioFileError(ValueError):
    """A scenario file that cannot be used; ``problems`` holds one line per problem."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def _json_int(digits: str) -> int | float:
    """An integer JSON holds, or, past what any input takes, a marked infinity (Python's
    own ``int()`` refuses 4,300 digits with a ValueError)."""
    return HugeNumber(digits) if len(digits.lstrip("-")) > 30 else int(digits)


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")  # a byte-order mark, as Windows writes
    except FileNotFoundError:
        raise ScenarioFileError([f"{path}: no such file"]) from None
    except (OSError, UnicodeDecodeError) as e:
        raise ScenarioFileError([f"{path}: cannot be read — {e}"]) from None


def read_json_file(path: Path, *, what: str) -> object:
    """Any JSON file (``what`` it should be names it in the errors), parsed, not validated."""
    try:
        return json.loads(_read_text(path), parse_int=_json_int)
    except json.JSONDecodeError as e:
        raise ScenarioFileError([f"{path.name}: not valid JSON — {e.msg} at line {e.lineno}, "
                                 f"column {e.colno} (expected {what})"]) from None
    except RecursionError:
        raise ScenarioFileError([f"{path.name}: nested far too deep (expected {what})"]) \
            from None
    except ScenarioFileError as e:
        raise ScenarioFileError([f"{line} (expected {what})" for line in e.problems]) from None


def read_scenario_data(path: Path) -> dict[str, Any]:
    """The file's nested tables, not yet validated (flags may still change them)."""
    label = path.name
    if path.suffix.lower() not in SUFFIXES:
        raise ScenarioFileError([
            f"{path}: a scenario file must end in {' or '.join(SUFFIXES)}, not "
            f"{path.suffix or 'no extension'!r}"
        ])
    text = _read_text(path)
    toml = path.suffix.lower() == ".toml"
    kind = "TOML" if toml else "JSON"
    try:
        data: object = tomllib.loads(text) if toml else json.loads(text, parse_int=_json_int)
    except tomllib.TOMLDecodeError as e:
        raise ScenarioFileError([f"{label}: not valid TOML — {e}"]) from None
    except json.JSONDecodeError as e:
        raise ScenarioFileError([
            f"{label}: not valid JSON — {e.msg} at line {e.lineno}, column {e.colno}"
        ]) from None
    except RecursionError:
        raise ScenarioFileError([f"{label}: not a scenario — nested far deeper than a "
                                 f"scenario's {MAX_DEPTH} levels"]) from None
    except ValueError as e:  # TOML's integers of more than 4,300 digits
        raise ScenarioFileError([f"{label}: not valid {kind} — {e}"]) from None
    if not isinstance(data, dict):
        raise ScenarioFileError([
            f"{label}: the top level must be a table of scenario parts "
            f"({', '.join(Scenario.model_fields)}), not {type(data).__name__}"
        ])
    if _deeper_than(data, MAX_DEPTH):
        raise ScenarioFileError([f"{label}: not a scenario — its tables nest deeper than "
                                 f"{MAX_DEPTH} levels"])
    workload = data.get("workload")
    if isinstance(workload, dict) and isinstance(workload.get("usage"), str):
        workload["usage"] = str(path.parent / workload["usage"])  # relative to this file
    return data


def _deeper_than(data: object, limit: int) -> bool:
    level = [data]
    for _ in range(limit):
        level = [child for node in level
                 for child in (node.values() if isinstance(node, dict) else
                               node if isinstance(node, list) else ())]
        if not level:
            return False
    return any(isinstance(node, dict | list) for node in level)


def scenario_from_data(
    data: Mapping[str, Any],
    *,
    label: str = "scenario",
    origins: Mapping[str, str] | None = None,
    context: Context | None = None,
) -> Scenario:
    """Check every value by its field, then validate the tables into a scenario.

    A problem is prefixed with ``label`` (the file's name), or, for a field whose dotted path
    is in ``origins``, with where its value came from instead (a command-line flag).
    """
    origins = origins or {}
    problems: list[str] = []
    flat: dict[str, object] = {}
    _read_table(data, "", flat, problems, origins, label, context or _context(data))
    ranges = data.get("ranges")
    if isinstance(ranges, Mapping):
        problems += _check_ranges(ranges, _where("ranges", origins, label))
    if problems:
        raise ScenarioFileError(problems)
    nested: dict[str, Any] = {k: v for k, v in data.items() if k not in _TABLES}
    for path, value in flat.items():
        *tables, leaf = path.split(".")
        node = nested
        for table in tables:
            node = node.setdefault(table, {})
        node[leaf] = value
    try:
        return Scenario.model_validate(nested)
    except ValidationError as e:
        raise ScenarioFileError(
            f"{_where(path, origins, label)}: {path + ': ' if path else ''}{message}"
            for path, message in engine_problems(e)) from None


def _context(data: Mapping[str, Any]) -> Context:
    api = data.get("api")
    book = api.get("price_book") if isinstance(api, Mapping) else None
    return Context(current={"api.price_book": book} if isinstance(book, str) else {})


def _read_table(node: Mapping[str, Any], prefix: str, flat: dict[str, object],
                problems: list[str], origins: Mapping[str, str], label: str,
                context: Context) -> None:
    for key, value in node.items():
        path = f"{prefix}{key}"
        if not prefix and key in ("ranges", "measured"):  # validated by the engine model
            continue
        if isinstance(value, Mapping) and path in _TABLES:
            _read_table(value, f"{path}.", flat, problems, origins, label, context)
            continue
        where = _where(path, origins, label)
        try:
            spec = field(path)
        except KeyError:
            if path in _TABLES:  # a part given as something else than a table: the engine says
                flat[path] = value
                continue
            near = did_you_mean(path, [*(f.path for f in FIELDS), *_TABLES])
            problems.append(f"{where}: {path}: not an input of a scenario"
                            + (f"; {near}" if near else ""))
            continue
        try:
            flat.update(spec.kind.values_from_data(value, spec, context))
        except ParseError as e:
            problems.append(f"{where}: {path}: {e}")


def _check_ranges(ranges: Mapping[str, Any], where: str) -> list[str]:
    """Each range names a numeric field and its ends are numbers within the field's bounds."""
    problems = []
    for path, span in ranges.items():
        try:
            spec = field(str(path))
        except KeyError as e:
            problems.append(f"{where}: range for {path!r}: {str(e).strip(chr(34))}")
            continue
        if not spec.kind.numeric:
            problems.append(f"{where}: range for {path!r}: {spec.label} is not a number")
            continue
        if not isinstance(span, Mapping):
            continue  # the engine says what a range is
        for end in ("low", "high"):
            if end in span:
                try:
                    spec.kind.check(span[end], spec)
                except ParseError as e:
                    problems.append(f"{where}: range for {path!r}: {end}: {e}")
    return problems


def _where(path: str, origins: Mapping[str, str], label: str) -> str:
    """Where a field's value came from; for a whole part (a check across its fields), the
    origins of every field inside it that did not come from the file."""
    if path in origins:
        return origins[path]
    inside = [origin for p, origin in origins.items() if p.startswith(f"{path}.")]
    return ", ".join(dict.fromkeys(inside)) or label


def load_scenario(path: Path | str) -> Scenario:
    """Read and validate a ``.toml`` or ``.json`` scenario file (with the workload measured
    from its ``[workload] usage`` file, if it names one)."""
    path = Path(path)
    try:
        data, _, _ = take_usage(read_scenario_data(path), flag=None)
    except UsageFileError as e:
        raise ScenarioFileError([f"{path.name}: workload.usage: {e}"]) from None
    return scenario_from_data(data, label=path.name)
