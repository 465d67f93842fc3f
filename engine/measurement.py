"""A scenario's measured workload: what a usage export said, kept with the scenario.

:class:`UsageFigures` is what :func:`engine.usage.derive` makes of an export;
:class:`Measurement` is those figures with the file's name and the inputs they set, stored in
``Scenario.measured`` so that a saved, reopened, forked or exported scenario still says where
its workload came from. :func:`with_provenance` marks an analysis's assumptions: an input
that still holds its measured value is "measured from FILE, first day to last day (the
window)"; one a person changed since is theirs again, and says nothing of the file.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from engine.figures import percent
from engine.provenance import Assumption

if TYPE_CHECKING:
    from engine.models import Scenario

__all__ = ["BillMix", "Growth", "Measurement", "UsageFigures", "bill_mix", "with_provenance"]

GROWTH = "workload.monthly_growth_rate"
GROWTH_RANGE = f"ranges.{GROWTH}"
REQUESTS = "workload.requests_per_day"
INPUT = "workload.avg_input_tokens_per_request"
OUTPUT = "workload.avg_output_tokens_per_request"
PEAK = "workload.peak_hours_per_day"
OFF_PEAK = "workload.off_peak_traffic_share"
API_MODEL = "api.model"

#: The engine's assumption names of the inputs a measurement sets.
_NAMES = {"Requests per day": REQUESTS, "Average input tokens": INPUT,
          "Average output tokens": OUTPUT}


class Growth(BaseModel):
    """Monthly growth fitted on daily totals, with its 90% range."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    monthly_rate: float
    low: float
    high: float
    fitted_on: str  # "requests" or "tokens"
    days: int
    first_day: date
    last_day: date
    clipped: bool = False


class UsageFigures(BaseModel):
    """What a usage export says about the workload, and over which days."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    source: str
    first_day: date
    last_day: date
    days: int
    whole_days: int
    hourly: bool
    requests: int | None
    input_tokens: int
    output_tokens: int
    cached_input_tokens: int
    window_first_day: date
    window_last_day: date
    window_days: int
    requests_per_day: float | None
    input_tokens_per_day: float
    output_tokens_per_day: float
    avg_input_tokens_per_request: float | None
    avg_output_tokens_per_request: float | None
    cached_input_share: float | None
    batch_share: float | None
    models: dict[str, float]
    dominant_model: str | None
    growth: Growth | None
    growth_note: str | None
    peak_hours_per_day: float | None
    off_peak_traffic_share: float | None
    notes: tuple[str, ...] = ()


class Measurement(BaseModel):
    """A usage export as a scenario keeps it: the file's name and format, its figures, the
    notes its reader made, the input the person had to give (an export that counts no
    requests) and the inputs the measurement set, by dotted path, with their values."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False, defer_build=True)

    file: str
    format: str
    figures: UsageFigures
    notes: tuple[str, ...] = ()
    given: str | None = None
    values: dict[str, float | str]

    @property
    def provenance(self) -> str:
        f = self.figures
        return f"measured from {self.file}, {f.first_day} to {f.last_day}"

    @property
    def window(self) -> str:
        f = self.figures
        days = f"{f.window_days} whole day{'s' * (f.window_days != 1)}"
        if (f.window_first_day, f.window_last_day) == (f.first_day, f.last_day):
            return f"mean of the {days}"
        return f"mean of the last {days}, {f.window_first_day} to {f.window_last_day}"

    def model_mix(self, limit: int = 4) -> str:
        """The models' shares of tokens, the largest ``limit`` by name."""
        shares = list(self.figures.models.items())
        shown = [f"{model} {percent(share)}" for model, share in shares[:limit]]
        if len(shares) > limit:
            rest = sum(s for _, s in shares[limit:])
            shown.append(f"{len(shares) - limit} more {percent(rest)}")
        return ", ".join(shown)

    def still_measured(self, scenario: Scenario) -> frozenset[str]:
        """The paths of ``scenario`` that still hold their measured value (a person may have
        changed some since), with the growth range when it is still the measured one."""
        same = {path for path, value in self.values.items() if path != GROWTH_RANGE
                and _value(scenario, path) == value}
        g, r = self.figures.growth, scenario.ranges.get(GROWTH)
        if g is not None and r is not None and (r.low, r.high) == (g.low, g.high) \
                and GROWTH in same:
            same.add(GROWTH_RANGE)
        return frozenset(same)

    def source(self, path: str) -> str:
        """Where the measured input ``path`` came from, in words."""
        f = self.figures
        if path == self.given:
            return "you (the export counts no requests)"
        if path in (REQUESTS, INPUT, OUTPUT):
            via = "; derived from the tokens a day and the value you gave" if self.given else ""
            return f"{self.provenance} ({self.window}){via}"
        if path == GROWTH and f.growth is not None:
            g = f.growth
            clipped = ", clipped to the input's −50% to +100%" if g.clipped else ""
            return (f"{self.provenance}: trend fitted on daily {g.fitted_on}, {g.days} days "
                    f"{g.first_day} to {g.last_day}, weekday pattern removed; 90% range "
                    f"{percent(g.low)} to {percent(g.high)}{clipped}")
        return (f"{self.provenance}: the average day "
                f"({self.window.removeprefix('mean of ')}) by UTC hour; peak hours carry at "
                "least half the busiest hour's traffic")


class BillMix(BaseModel):
    """Today's API bill as the export measured it: models by catalog id → share of tokens
    (the ones the catalog prices, renormalised), the cached-input and batch shares, and
    the words that say so."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    shares: dict[str, float]
    cached_share: float
    batch_share: float
    source: str


#: How a bill priced as a measured mix starts its source.
MIX_SOURCE = "the measured mix"

#: Below this share of its tokens on models the catalog prices, a mix is not priced as one.
MIN_PRICED_SHARE = 0.5


def bill_mix(scenario: Scenario, canonical: Callable[[str], str | None]) -> BillMix | None:
    """How today's API is priced when the scenario's workload was measured: as the export's
    mix of models, with its cached input and batch share — when the API is still the
    export's dominant model, no price is typed, and there is more than one model, cached
    input or batch traffic to price (else the one model's list price is the bill).
    ``canonical``: a model's catalog id, None when the catalog does not price it."""
    m = scenario.measured
    if m is None or API_MODEL not in m.still_measured(scenario):
        return None
    api = scenario.api
    if api.price_book != "current" or api.input_usd_per_1m_tokens is not None \
            or api.output_usd_per_1m_tokens is not None:
        return None
    f = m.figures
    cached, batch = f.cached_input_share or 0.0, f.batch_share or 0.0
    shares: dict[str, float] = {}
    for name, share in f.models.items():
        ref = canonical(name)
        if ref is not None:
            shares[ref] = shares.get(ref, 0.0) + share
    priced = sum(shares.values())
    if priced < MIN_PRICED_SHARE or (len(shares) <= 1 and cached == 0 and batch == 0):
        return None
    shares = {ref: share / priced for ref, share in shares.items()}
    left_out = (f"; {percent(1 - priced)} of tokens on models the catalog does not price "
                "left out" if priced < 1 - 1e-9 else "")
    parts = [f"{MIX_SOURCE} of {m.file} ({m.window}): "
             + ", ".join(f"{ref} {percent(share)}" for ref, share in shares.items())
             + " of tokens" + left_out]
    if cached:
        parts.append(f"{percent(cached)} of input at cache-read prices")
    if batch:
        parts.append(f"{percent(batch)} of tokens at batch prices (plain where a model has none)")
    parts.append("the export's cached and batch shares applied to each model alike")
    return BillMix(shares=shares, cached_share=cached, batch_share=batch,
                   source="; ".join(parts))


def _value(scenario: Scenario, path: str) -> object:
    table, leaf = path.split(".")
    return getattr(getattr(scenario, table), leaf)


def with_provenance(assumptions: list[Assumption], scenario: Scenario,
                    priced_model: str | None, *, mix_priced: bool = False) -> list[Assumption]:
    """``assumptions`` with the measured inputs' sources, and what the export measured but
    the engine does not price (the model mix, cached input, the batch share); unchanged
    when the scenario has no measurement. ``priced_model``: the API model the bill is
    priced as (None for typed prices)."""
    m = scenario.measured
    if m is None:
        return assumptions
    applied = m.still_measured(scenario)
    out: list[Assumption] = []
    for a in assumptions:
        path = _NAMES.get(a.name)
        if path is not None and (path in applied or path == m.given):
            a = a.model_copy(update={"source": m.source(path)})
        out.append(a)
        if a.name == "Average output tokens":
            out.extend(_extras(scenario, m, applied, priced_model, mix_priced))
    if not any(x.name == "Average output tokens" for x in assumptions):
        out.extend(_extras(scenario, m, applied, priced_model, mix_priced))
    return out


def _extras(scenario: Scenario, m: Measurement, applied: frozenset[str],
            priced_model: str | None, mix_priced: bool) -> list[Assumption]:
    w, f = scenario.workload, m.figures
    extra: list[Assumption] = []
    if GROWTH in applied:
        ranged = "; the scenario's growth range" if GROWTH_RANGE in applied else ""
        extra.append(Assumption(name="Monthly growth", value=w.monthly_growth_rate,
                                unit="fraction", source=m.source(GROWTH) + ranged))
    elif f.growth_note and GROWTH not in m.values:
        extra.append(Assumption(name="Monthly growth", value=w.monthly_growth_rate,
                                unit="fraction", source=f"not from {m.file}: {f.growth_note}"))
    if PEAK in applied and OFF_PEAK in applied:
        extra.append(Assumption(name="Peak hours per day", value=w.peak_hours_per_day,
                                unit="hours", source=m.source(PEAK)))
        extra.append(Assumption(name="Off-peak traffic share", value=w.off_peak_traffic_share,
                                unit="fraction", source=m.source(OFF_PEAK)))
    extra += (_priced_mix(m) if mix_priced else
              _not_priced(m, applied, priced_model or "your typed prices"))
    notes = "; ".join(m.notes)
    extra.append(Assumption(name="Usage file", value=m.format, unit="",
                            source=f"{m.file}: {f.first_day} to {f.last_day}, {f.days} days "
                                   f"({f.whole_days} whole)" + (f"; {notes}" if notes else "")))
    return extra


def _priced_mix(m: Measurement) -> list[Assumption]:
    f, out = m.figures, []
    if f.models:
        out.append(Assumption(name="API model mix", value=m.model_mix(), unit="",
                              source=f"{m.provenance}, share of tokens ({m.window}); today's "
                                     "API bill is priced as this mix"))
    if f.cached_input_share is not None:
        out.append(Assumption(name="Cached input share", value=f.cached_input_share,
                              unit="fraction", source=f"{m.provenance}; priced at each model's "
                                                      "cache-read price in today's bill"))
    if f.batch_share is not None:
        out.append(Assumption(name="Batch share", value=f.batch_share, unit="fraction",
                              source=f"{m.provenance}, share of tokens; priced at each model's "
                                     "batch price in today's bill"))
    return out


def _not_priced(m: Measurement, applied: frozenset[str], priced: str) -> list[Assumption]:
    f, out = m.figures, []
    if f.models:
        how = (f"the dominant model, {priced}, prices all of it: the engine prices one model"
               if API_MODEL in applied and len(f.models) > 1 else
               f"priced as {priced}" + (" (the dominant model)" if API_MODEL in applied
                                        else ""))
        out.append(Assumption(name="API model mix", value=m.model_mix(), unit="",
                              source=f"{m.provenance}, share of tokens ({m.window}); {how}"))
    if f.cached_input_share is not None:
        out.append(Assumption(
            name="Cached input share", value=f.cached_input_share, unit="fraction",
            source=f"{m.provenance}; not priced: the API bill prices all input at the full "
                   "input price, so with cached input it is an upper bound"))
    if f.batch_share is not None:
        out.append(Assumption(
            name="Batch share", value=f.batch_share, unit="fraction",
            source=f"{m.provenance}, share of tokens; not priced: the batch discount is not "
                   "applied to the API bill"))
    return out

