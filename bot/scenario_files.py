"""Scenario files: a :class:`~engine.models.Scenario` written as TOML or JSON.

The shape is the nested shape of ``Scenario.model_dump(mode="json")``: tables ``workload``,
``api``, ``model``, ``project`` (with ``project.engineer_hours``), ``training``, ``quality``,
``managed`` and ``ranges``. A part left out takes its default. ``[workload] usage = "FILE"``
fills the workload from a usage export (:mod:`bot.usage`; the path is relative to the
scenario file), under any value the file sets itself. TOML has no null, so two
words stand for the empty values a scenario may need (JSON may use either the word or null):

* ``model.num_instances = "auto"`` — size the serving fleet for me;
* ``api.model = "custom"`` — no catalog model: the typed input and output prices are the API.

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
...     print(e.problems[0])
s.json: workload.requests_per_day: -1 is not accepted — Input should be greater than or equal to 0
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.usage import UsageFileError, take_usage
from engine.errors import describe_validation_error
from engine.models import Scenario

__all__ = [
    "EMPTY_WORDS",
    "SUFFIXES",
    "ScenarioFileError",
    "load_scenario",
    "read_json_file",
    "read_scenario_data",
    "scenario_from_data",
]

SUFFIXES = (".toml", ".json")
#: (table, field) → the word that stands for None in a file.
EMPTY_WORDS: dict[tuple[str, str], str] = {
    ("model", "num_instances"): "auto",
    ("api", "model"): "custom",
}


class ScenarioFileError(ValueError):
    """A scenario file that cannot be used; ``problems`` holds one line per problem."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioFileError([f"{path}: no such file"]) from None
    except (OSError, UnicodeDecodeError) as e:
        raise ScenarioFileError([f"{path}: cannot be read — {e}"]) from None


def _json(text: str, label: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise ScenarioFileError([
            f"{label}: not valid JSON — {e.msg} at line {e.lineno}, column {e.colno}"
        ]) from None


def read_json_file(path: Path, *, what: str) -> object:
    """Any JSON file (``what`` it should be names it in the errors), parsed, not validated."""
    try:
        return _json(_read_text(path), path.name)
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
    if path.suffix.lower() == ".toml":
        try:
            data: object = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            raise ScenarioFileError([f"{label}: not valid TOML — {e}"]) from None
    else:
        data = _json(text, label)
    if not isinstance(data, dict):
        raise ScenarioFileError([
            f"{label}: the top level must be a table of scenario parts "
            f"({', '.join(Scenario.model_fields)}), not {type(data).__name__}"
        ])
    workload = data.get("workload")
    if isinstance(workload, dict) and isinstance(workload.get("usage"), str):
        workload["usage"] = str(path.parent / workload["usage"])  # relative to this file
    return data


def scenario_from_data(
    data: Mapping[str, Any],
    *,
    label: str = "scenario",
    origins: Mapping[str, str] | None = None,
) -> Scenario:
    """Validate nested tables into a scenario.

    A problem is prefixed with ``label`` (the file's name), or, for a field whose dotted path
    is in ``origins``, with where its value came from instead (a command-line flag).
    """
    cleaned = {key: dict(value) if isinstance(value, Mapping) else value
               for key, value in data.items()}
    for (table, field), word in EMPTY_WORDS.items():
        part = cleaned.get(table)
        if isinstance(part, dict) and isinstance(part.get(field), str) \
                and part[field].strip().lower() == word:
            part[field] = None
    try:
        return Scenario.model_validate(cleaned)
    except ValidationError as e:
        fields = [".".join(str(part) for part in item["loc"]) for item in e.errors()]
        raise ScenarioFileError(
            f"{_origin(field, origins or {}) or label}: {line}"
            for field, line in zip(fields, describe_validation_error(e), strict=True)
        ) from None


def _origin(field: str, origins: Mapping[str, str]) -> str | None:
    """Where a field's value came from; for a whole part (a check across its fields), the
    origins of every field inside it that did not come from the file."""
    if field in origins:
        return origins[field]
    inside = [origin for path, origin in origins.items() if path.startswith(f"{field}.")]
    return ", ".join(inside) or None


def load_scenario(path: Path | str) -> Scenario:
    """Read and validate a ``.toml`` or ``.json`` scenario file (with the workload measured
    from its ``[workload] usage`` file, if it names one)."""
    path = Path(path)
    try:
        data, _, _ = take_usage(read_scenario_data(path), flag=None)
    except UsageFileError as e:
        raise ScenarioFileError([f"{path.name}: workload.usage: {e}"]) from None
    return scenario_from_data(data, label=path.name)
