"""From a usage file to a scenario's inputs, each measured value with its provenance.

:func:`measure` reads and derives (``engine.usage``); :func:`take_usage` fills a scenario's
nested data with the measured values wherever the person set none themselves (a value in
the scenario file or a flag always wins) and puts the growth range into
``ranges["workload.monthly_growth_rate"]``; the measurement itself goes
into the scenario (``Scenario.measured``), so every analysis of it, saved or not, says where
those values were measured (``engine.measurement``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from bot.usage.fields import NoRequestCounts, UsageFileError
from bot.usage.read import read_usage
from engine.catalog.api_prices import canonical_model
from engine.errors import UnknownModelError, UsageDataError
from engine.measurement import (
    API_MODEL,
    GROWTH,
    INPUT,
    OFF_PEAK,
    OUTPUT,
    PEAK,
    REQUESTS,
    Measurement,
)
from engine.usage import UsageFigures, derive, with_request_count, with_request_size

__all__ = ["GROWTH_PATH", "Measured", "measure", "scenario_values", "take_usage"]

GROWTH_PATH = GROWTH


@dataclass(frozen=True)
class Measured:
    """A usage file read and derived; ``given`` is the path of a value the person had to
    give because the export counts no requests (None when it counts them)."""

    path: Path
    format: str
    figures: UsageFigures
    notes: tuple[str, ...]
    given: str | None = None
    api_model: str | None = None  # the dominant model as the price catalog names it

    @property
    def name(self) -> str:
        return self.path.name

    def measurement(self, paths: Collection[str] | None = None) -> Measurement:
        """What a scenario keeps of this measurement: the values it set at ``paths`` (every
        measured value when None)."""
        values = {p: v for p, v in scenario_values(self).items()
                  if paths is None or p in paths}
        return Measurement(file=self.name, format=self.format, figures=self.figures,
                           notes=self.notes, given=self.given, values=values)

    @cached_property
    def whole(self) -> Measurement:
        """:meth:`measurement` of every measured value, made once."""
        return self.measurement()

    @property
    def provenance(self) -> str:
        return self.whole.provenance

    @property
    def window(self) -> str:
        return self.whole.window


def measure(path: Path, *, now: datetime, requests_per_day: float | None = None,
            avg_input_tokens_per_request: float | None = None,
            price_book: str = "current") -> Measured:
    """Read and derive ``path``. An export without request counts needs the requests a day
    or the average request's input tokens; without either it is refused, saying so."""
    export = read_usage(path, now=int(now.timestamp()))
    try:
        figures = derive(export.buckets, now=int(now.timestamp()), source=path.name)
    except UsageDataError as e:
        raise UsageFileError(f"{path.name}: {e}") from None
    given = None
    if figures.requests is None:
        if requests_per_day:
            figures, given = with_request_count(figures, requests_per_day=requests_per_day), \
                REQUESTS
        elif avg_input_tokens_per_request:
            figures = with_request_size(
                figures, avg_input_tokens_per_request=avg_input_tokens_per_request)
            given = INPUT
        else:
            raise NoRequestCounts(
                f"{path.name}: an {export.format} export counts tokens but no requests — give "
                "the requests a day or the average input tokens per request as well (e.g. "
                "--requests-per-day 20k or --input-tokens 800; in a scenario file, "
                "requests_per_day or avg_input_tokens_per_request under [workload])")
    model = None
    if figures.dominant_model is not None:
        try:
            model = canonical_model(figures.dominant_model,
                                    price_book="seed_2024" if price_book == "seed_2024"
                                    else "current")
        except UnknownModelError:
            model = None
    return Measured(path=path, format=export.format, figures=figures,
                    notes=(*export.notes, *figures.notes), given=given, api_model=model)


def scenario_values(m: Measured) -> dict[str, Any]:
    """The inputs the measurement sets, by dotted path (only what it measured)."""
    f = m.figures
    values: dict[str, Any] = {
        REQUESTS: f.requests_per_day,
        INPUT: f.avg_input_tokens_per_request,
        OUTPUT: f.avg_output_tokens_per_request,
    }
    if f.growth is not None:
        values[GROWTH_PATH] = f.growth.monthly_rate
    if f.peak_hours_per_day is not None:
        values[PEAK] = f.peak_hours_per_day
        values[OFF_PEAK] = f.off_peak_traffic_share
    if m.api_model is not None:
        values[API_MODEL] = m.api_model
    if m.given is not None:
        values.pop(m.given)
    return {path: v for path, v in values.items() if v is not None}


def _has(data: Mapping[str, Any], path: str) -> bool:
    node: object = data
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return False
        node = node[part]
    return True


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    table, leaf = path.split(".")
    part = data.get(table)
    data[table] = part = dict(part) if isinstance(part, Mapping) else {}
    part[leaf] = value


def _given(data: Mapping[str, Any], path: str) -> float | None:
    part = data.get("workload")
    value = part.get(path.split(".")[1]) if isinstance(part, Mapping) else None
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) \
        else None


def take_usage(data: Mapping[str, Any], *, flag: str | None,
               now: datetime | None = None) -> tuple[dict[str, Any], Measured | None,
                                                     frozenset[str]]:
    """The scenario data with a usage file's measured values filled in.

    The file is ``flag`` (relative to the working directory), else the data's
    ``workload.usage`` (made absolute by the scenario file's reader); the key is removed
    either way. Returns the data, the measurement (None without a file) and the paths it set.
    """
    out = {k: dict(v) if isinstance(v, Mapping) else v for k, v in data.items()}
    workload = out.get("workload")
    ref = workload.pop("usage", None) if isinstance(workload, dict) else None
    if flag is None and ref is None:
        return out, None, frozenset()
    if flag is None and not isinstance(ref, str):
        raise UsageFileError(f"workload.usage: {ref!r} is not accepted — give the usage "
                             "file's path as text, relative to the scenario file")
    path = Path(flag if flag is not None else str(ref))
    api = out.get("api")
    book = api.get("price_book", "current") if isinstance(api, Mapping) else "current"
    m = measure(path, now=now or datetime.now(UTC),
                requests_per_day=_given(out, REQUESTS),
                avg_input_tokens_per_request=_given(out, INPUT), price_book=str(book))
    applied = set()
    shape_typed = _has(out, PEAK) or _has(out, OFF_PEAK)
    for p, value in scenario_values(m).items():
        if p == API_MODEL and (_has(out, "api.input_usd_per_1m_tokens")
                               or _has(out, "api.output_usd_per_1m_tokens")):
            continue  # typed prices are the person's API: the measured model stays a note
        if p in (PEAK, OFF_PEAK) and shape_typed:
            continue  # the traffic shape is a pair: one typed half keeps the typed shape
        if not _has(out, p):
            _set(out, p, value)
            applied.add(p)
    growth = m.figures.growth
    if growth is not None and GROWTH_PATH in applied:
        ranges = out.get("ranges")
        ranges = dict(ranges) if isinstance(ranges, Mapping) else {}
        if GROWTH_PATH not in ranges:
            ranges[GROWTH_PATH] = {"low": growth.low, "high": growth.high}
            out["ranges"] = ranges
            applied.add(f"ranges.{GROWTH_PATH}")
    out["measured"] = m.measurement(applied).model_dump(mode="json")
    return out, m, frozenset(applied)

