"""Every way to pay less, costed the same way and checked against the person's constraints.

For one scenario :func:`options` lists, each costed monthly (month 1, today's volume),
one-time and over the model's lifetime (with growth and ongoing engineering; see
:mod:`engine.option_costs`), with its payback against today's API and whether it meets the
constraints:

* ``current_api`` — what they pay today: the baseline;
* ``cheaper_api`` — the best few models that plausibly do the same job
  (:mod:`engine.catalog.api_tiers`) plus any the person names; a switched model gets the
  fine-tuned model's review rate unless one is given, and evaluation hours up front;
* ``api_batch`` — today's model through its provider's batch API (genai-prices' batch
  prices), and with prompt caching at the cached-input share the person sets;
* ``hosted_open_model`` — an open model of the fine-tuned size on a per-token host, and a
  LoRA fine-tune of it hosted there where the host serves adapters at per-token prices;
* ``managed_finetune`` — the API provider's own fine-tuning (training fees and fine-tuned
  inference prices);
* ``self_hosted_finetune`` — the scenario's own plan: the project, then serving it.

An option that fails a constraint stays in the list, marked, with the reason. Every option
carries the assumptions its figures rest on.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

import numpy as np
from pydantic import BaseModel

from engine.catalog.api_prices import ApiPrice, batch_price, cached_input_price, price_request
from engine.catalog.api_tiers import api_tiers, candidate_models
from engine.catalog.batch import batch_turnaround_hours
from engine.catalog.hosted_models import hosted_for_size
from engine.catalog.managed_prices import (
    FinetunePriceRow,
    lora_training_price,
    managed_finetune_rows,
)
from engine.errors import EngineError
from engine.figures import count, percent, quantity, unit_usd
from engine.lifetime import crossover_month, month_weights
from engine.managed import KEPT_PHASES
from engine.models import Scenario, default_value
from engine.option_costs import Terms, cost, monthly_series
from engine.provenance import Assumption
from engine.resolve import Resolved
from engine.serving import ServingPlan

__all__ = ["KINDS", "METHOD_LABELS", "SHOWN_CANDIDATES", "Option", "OptionKind", "cheapest",
           "option_terms", "options", "provider_name"]

OptionKind = Literal["current_api", "cheaper_api", "api_batch", "hosted_open_model",
                     "managed_finetune", "self_hosted_finetune"]
KINDS: tuple[OptionKind, ...] = ("current_api", "cheaper_api", "api_batch",
                                 "hosted_open_model", "managed_finetune",
                                 "self_hosted_finetune")
SHOWN_CANDIDATES = 3  # the best cheaper API models listed (every named one is listed too)
METHOD_LABELS = {"lora": "LoRA", "qlora": "QLoRA", "full": "full fine-tune"}
_PROVIDERS = {"openai": "OpenAI", "anthropic": "Anthropic", "google": "Google",
              "together": "Together", "fireworks": "Fireworks", "groq": "Groq"}


def provider_name(provider: str) -> str:
    """A provider as people write it: "OpenAI", "Together"; an unlisted id as it is."""
    return _PROVIDERS.get(provider, provider)
_FINE_TUNES = ("managed_finetune", "self_hosted_finetune")


#: How an option's reasons mark a constraint it fails.
BARRED = "does not qualify: "


class Option(BaseModel):
    """One way to pay, costed. ``payback_months`` is when the cumulative cost falls to
    today's API's (with growth); None when that does not happen within the lifetime."""

    id: str
    kind: OptionKind
    label: str
    monthly_usd: float
    one_time_usd: float
    lifetime_usd: float
    payback_months: float | None
    meets_constraints: bool
    reasons: list[str]
    savings_monthly_usd: float
    lifetime_savings_usd: float
    assumptions: list[Assumption]

    @property
    def failed(self) -> list[str]:
        """The constraints it fails, in words (its reasons that say so, without the mark)."""
        return [r.removeprefix(BARRED) for r in self.reasons if r.startswith(BARRED)]


class _Draft(BaseModel):
    """An option before costing: its terms, words and constraint checks."""

    terms: Terms
    kind: OptionKind
    label: str
    reasons: list[str]
    failed: list[str]
    assumptions: list[Assumption]
    named: bool = False


def _price_words(p: ApiPrice) -> str:
    return _per_1m_words(p.input_usd_per_1m_tokens, p.output_usd_per_1m_tokens)


@lru_cache(maxsize=1024)
def _per_1m_words(input_usd: float, output_usd: float) -> str:
    """Kept: every analysis writes the same catalog prices (a dozen models' each time)."""
    return f"{unit_usd(input_usd)} in / {unit_usd(output_usd)} out per 1M tokens"


def _price_assumptions(label: str, p: ApiPrice) -> list[Assumption]:
    return [Assumption(name=f"{label} input price", value=p.input_usd_per_1m_tokens,
                       unit="$/1M tokens", source=p.source, date=p.date),
            Assumption(name=f"{label} output price", value=p.output_usd_per_1m_tokens,
                       unit="$/1M tokens", source=p.source, date=p.date)]


def _review(s: Scenario) -> tuple[Literal["ft", "fixed"], float, str]:
    alt = s.alternatives
    if alt.review_rate is None:
        return ("ft", s.quality.review_rate_ft,
                f"review rate {percent(s.quality.review_rate_ft)}, the fine-tuned "
                "model's (assumed: measure it on your task)")
    return "fixed", alt.review_rate, f"review rate {percent(alt.review_rate)} (yours)"


def _outside(s: Scenario, what: str) -> list[str]:
    """The constraint failures of an option that sends data to ``what``."""
    return [f"data leaves your cloud: {what} serves it"] if s.constraints.data_in_our_cloud \
        else []


def _api_change(s: Scenario) -> list[str]:
    return (["changes the API you call (you asked for no API change: only fine-tunes "
             "qualify)"] if s.constraints.no_api_change else [])


def _candidates(s: Scenario, r: Resolved) -> list[_Draft]:
    w = s.workload
    today = r.api.model
    mode, rate, review_words = _review(s)
    named = set(s.alternatives.candidates)
    today_per_request = (w.avg_input_tokens_per_request * r.api.input_usd_per_1m_tokens
                         + w.avg_output_tokens_per_request * r.api.output_usd_per_1m_tokens)
    evaluation = (f"{quantity(s.alternatives.evaluation_hours)} h to evaluate it on your own "
                  "test set before switching")
    evaluation_source = _source(s, "alternatives.evaluation_hours", _EVAL_SOURCE)
    drafts = []
    for model in dict.fromkeys([*candidate_models(today), *s.alternatives.candidates]):
        if model == today:
            continue
        p = price_request(model, at=r.priced_at, avg_input_tokens=w.avg_input_tokens_per_request,
                          avg_output_tokens=w.avg_output_tokens_per_request)
        per_request = (w.avg_input_tokens_per_request * p.input_usd_per_1m_tokens
                       + w.avg_output_tokens_per_request * p.output_usd_per_1m_tokens)
        if per_request >= today_per_request and model not in named:
            continue  # not cheaper per request: not a way to pay less
        reasons = [f"{model} at {_price_words(p)}", review_words, evaluation]
        row = api_tiers().get(model)
        if row is not None and row.reasoning:
            reasons.append("a reasoning model: its hidden reasoning is billed as output tokens,"
                           " so today's output tokens per request understate its bill")
        if model in named:
            reasons.append("named by you")
        drafts.append(_Draft(
            terms=Terms(id=f"cheaper_api:{model}", input_usd_per_1m=p.input_usd_per_1m_tokens,
                        output_usd_per_1m=p.output_usd_per_1m_tokens, review=mode,
                        review_rate=rate, hours=s.alternatives.evaluation_hours,
                        hours_path="alternatives.evaluation_hours"),
            kind="cheaper_api", label=f"Switch to {model}", reasons=reasons,
            failed=_outside(s, p.provider or model) + _api_change(s),
            assumptions=[*_price_assumptions(model, p),
                         Assumption(name=f"{model} evaluation", unit="hours",
                                    value=s.alternatives.evaluation_hours,
                                    source=evaluation_source)],
            named=model in named))
    return drafts


_EVAL_SOURCE = ("default: ftroi assumption, two engineer-days to prove a model on your own "
                "test set (the source document's evaluation framework setup is 8–16 h)")


def _source(s: Scenario, path: str, default: str) -> str:
    return "you" if s.get(path) != default_value(path) else default


def _batch_and_cache(s: Scenario, r: Resolved) -> list[_Draft]:
    w, q, model = s.workload, s.quality, r.api.model
    if model is None or r.api.source == "you" or s.api.price_book != "current":
        return []
    sizes = {"avg_input_tokens": w.avg_input_tokens_per_request,
             "avg_output_tokens": w.avg_output_tokens_per_request}
    drafts = []
    batch = batch_price(model, at=r.priced_at, **sizes)
    if batch is not None:
        promised = batch_turnaround_hours().get(batch.provider or "")
        hours = promised if promised is not None else float("inf")
        late = q.latency_requirement_ms < hours * 3_600_000
        window = (f"answers within {quantity(hours)} hours" if promised is not None else
                  "no completion window is promised")
        drafts.append(_Draft(
            terms=Terms(id="api_batch", input_usd_per_1m=batch.input_usd_per_1m_tokens,
                        output_usd_per_1m=batch.output_usd_per_1m_tokens, review="api"),
            kind="api_batch", label=f"{model} through the batch API",
            reasons=[f"{model}'s batch prices: {_price_words(batch)}, {window}; same model, "
                     "same review rate"],
            failed=(([f"your latency requirement is {quantity(q.latency_requirement_ms)} ms, and "
                      f"the batch API {window.replace('answers', 'answers only')}"] if late
                     else [])
                    + _outside(s, batch.provider or model) + _api_change(s)),
            assumptions=_price_assumptions(f"{model} batch", batch)))
    share = s.alternatives.cached_input_share
    cached = cached_input_price(model, at=r.priced_at, cached_share=share, **sizes) \
        if share > 0 else None
    if cached is not None:
        drafts.append(_Draft(
            terms=Terms(id="api_cached", input_usd_per_1m=cached.input_usd_per_1m_tokens,
                        output_usd_per_1m=cached.output_usd_per_1m_tokens, review="api"),
            kind="api_batch", label=f"{model} with prompt caching",
            reasons=[f"{percent(share)} of input tokens read from {model}'s prompt cache: input"
                     f" {unit_usd(cached.input_usd_per_1m_tokens)} per 1M blended; same model"],
            failed=_outside(s, cached.provider or model) + _api_change(s),
            assumptions=[*_price_assumptions(f"{model} cached", cached),
                         Assumption(name="Cached input share", value=share, unit="fraction",
                                    source="you")]))
    return drafts


def _tokens_per_run(s: Scenario) -> float:
    t = s.training
    return t.dataset_examples * t.avg_sequence_tokens * t.epochs


def _tuned(option_id: str, p: ApiPrice, per_run: float, s: Scenario) -> Terms:
    """A fine-tune someone else trains and serves per token: every run's training fee up
    front, the data and evaluation work kept, retrained like the self-hosted one."""
    return Terms(id=option_id, input_usd_per_1m=p.input_usd_per_1m_tokens,
                 output_usd_per_1m=p.output_usd_per_1m_tokens, review="ft",
                 fee_usd=per_run * s.project.num_training_runs, phases=KEPT_PHASES,
                 retrain_fee_usd=per_run, retrained=True)


def _hosted(s: Scenario, r: Resolved) -> list[_Draft]:
    w, size = s.workload, s.model.model_size_b
    mode, rate, review_words = _review(s)
    drafts = []
    seen: set[str] = set()
    for row in hosted_for_size(size):
        try:
            p = price_request(row.ref, at=r.priced_at,
                              avg_input_tokens=w.avg_input_tokens_per_request,
                              avg_output_tokens=w.avg_output_tokens_per_request)
        except EngineError:
            continue  # the table names a model this genai-prices no longer prices
        where = f"{row.model} on {provider_name(row.provider)}"
        base = [f"{row.size_b:g}B open model {where} at {_price_words(p)}", review_words]
        if row.provider not in seen:
            seen.add(row.provider)
            drafts.append(_Draft(
                terms=Terms(id=f"hosted:{row.ref}", input_usd_per_1m=p.input_usd_per_1m_tokens,
                            output_usd_per_1m=p.output_usd_per_1m_tokens, review=mode,
                            review_rate=rate, hours=s.alternatives.evaluation_hours,
                            hours_path="alternatives.evaluation_hours"),
                kind="hosted_open_model", label=f"Call {where}",
                reasons=[*base, "no fine-tune: the base open model as it is",
                         f"{quantity(s.alternatives.evaluation_hours)} h to evaluate it"],
                failed=_outside(s, row.provider) + _api_change(s),
                assumptions=_price_assumptions(row.ref, p)))
        train = lora_training_price(row.provider, row.size_b, s.model.method)
        if row.lora_serverless and train is not None:
            per_run = _tokens_per_run(s) / 1e6 * train.training_usd_per_1m_tokens
            drafts.append(_Draft(
                terms=_tuned(f"hosted_lora:{row.ref}", p, per_run, s),
                kind="hosted_open_model", label=f"LoRA fine-tune of {where}",
                reasons=[*base[:1], f"{row.provider} trains the LoRA at "
                         f"{unit_usd(train.training_usd_per_1m_tokens)} per 1M training tokens "
                         f"({count(s.project.num_training_runs)} runs) and serves the adapter at"
                         " the base model's per-token price",
                         "you keep the data and evaluation work; no GPUs to run"],
                failed=_outside(s, row.provider),
                assumptions=[*_price_assumptions(row.ref, p),
                             Assumption(name=f"{row.provider} LoRA training price",
                                        value=train.training_usd_per_1m_tokens,
                                        unit="$/1M training tokens", source=train.source,
                                        date=train.date)]))
    return drafts


def _managed(s: Scenario, r: Resolved) -> list[_Draft]:
    w = s.workload
    drafts = []
    for row in managed_finetune_rows(r.api.provider):
        try:
            p = price_request(f"{row.provider}/{row.inference_model}", at=r.priced_at,
                              avg_input_tokens=w.avg_input_tokens_per_request,
                              avg_output_tokens=w.avg_output_tokens_per_request)
        except EngineError:
            continue
        per_run = _tokens_per_run(s) / 1e6 * row.training_usd_per_1m_tokens
        drafts.append(_Draft(
            terms=_tuned(f"managed:{row.provider}/{row.base_model}", p, per_run, s),
            kind="managed_finetune",
            label=f"Fine-tune {_undated(row.base_model or '')} with {provider_name(row.provider)}",
            reasons=[f"training at {unit_usd(row.training_usd_per_1m_tokens)} per 1M training "
                     f"tokens × {count(s.project.num_training_runs)} runs; the fine-tuned model "
                     f"at {_price_words(p)}",
                     "you keep the data and evaluation work; the provider trains and serves it"],
            failed=_outside(s, row.provider) + _unavailable(s, r, row),
            assumptions=[*_price_assumptions(f"fine-tuned {row.base_model}", p),
                         Assumption(name=f"{row.base_model} fine-tuning price",
                                    value=row.training_usd_per_1m_tokens,
                                    unit="$/1M training tokens", source=row.source,
                                    date=row.date)]))
    return drafts


def _unavailable(s: Scenario, r: Resolved, row: FinetunePriceRow) -> list[str]:
    """Why a provider's fine-tuning cannot serve the whole lifetime from the price date."""
    out = []
    if row.new_jobs_until is not None and row.new_jobs_until < r.priced_at:
        out.append(f"{provider_name(row.provider)} takes no new fine-tuning jobs after "
                   f"{row.new_jobs_until.isoformat()}")
    if row.shutdown is not None:
        left = (row.shutdown - r.priced_at).days / 30
        if left < s.project.model_lifetime_months:
            out.append(f"{provider_name(row.provider)} shuts fine-tuned {row.base_model} down on "
                       f"{row.shutdown.isoformat()}, {quantity(max(left, 0))} months after the "
                       f"price date, before the {quantity(s.project.model_lifetime_months)}-"
                       "month lifetime ends")
    return out


def _undated(model: str) -> str:
    """``gpt-4o-mini-2024-07-18`` → ``gpt-4o-mini``: the snapshot date is in the sources.

    >>> _undated("gpt-4o-mini-2024-07-18"), _undated("gpt-4.1")
    ('gpt-4o-mini', 'gpt-4.1')
    """
    parts = model.split("-")
    if len(parts) > 3 and all(p.isdigit() for p in parts[-3:]):
        return "-".join(parts[:-3])
    return model


def _self_hosted(s: Scenario, r: Resolved) -> _Draft:
    m, sv = s.model, r.serving
    noun = "instance" if sv.num_instances == 1 else "instances"
    fleet = f"{count(sv.num_instances)} {noun} of {sv.gpus_per_instance}× {sv.gpu}"
    return _Draft(
        terms=Terms(id="self_hosted_finetune", review="ft", self_hosted=True),
        kind="self_hosted_finetune",
        label=f"Fine-tune a {m.model_size_b:g}B ({METHOD_LABELS[m.method]}) and self-host it",
        reasons=[f"served on {fleet}" + (", sized for you" if sv.sized_automatically else ""),
                 "the project, then serving, storage, maintenance and retraining"],
        failed=_short_fleet(sv), assumptions=[])


def _short_fleet(sv: ServingPlan) -> list[str]:
    """A fleet the person fixed too small for today's traffic is costed for less than the
    traffic needs: the option cannot be the answer until the fleet carries it."""
    if sv.peak_utilisation <= 1:
        return []
    noun = "instance carries" if sv.num_instances == 1 else "instances carry"
    return [f"{count(sv.num_instances)} {noun} {percent(1 / sv.peak_utilisation)} of "
            f"today's peak traffic at full load; {count(sv.instances_needed)} would carry it "
            "at the target utilisation (leave the instance count to ftroi, or set it)"]


def _current(s: Scenario, r: Resolved) -> _Draft:
    name = r.api.model or "custom API prices"
    return _Draft(terms=Terms(id="current_api", input_usd_per_1m=r.api.input_usd_per_1m_tokens,
                              output_usd_per_1m=r.api.output_usd_per_1m_tokens, review="api"),
                  kind="current_api", label=f"Keep {name}",
                  reasons=[f"what you pay today: {name} at {_price_words(r.api)}"],
                  failed=_outside(s, r.api.provider or name), assumptions=[])


def option_terms(scenario: Scenario, resolved: Resolved) -> list[_Draft]:
    """Every option's terms and words, catalog look-ups done (today's API first)."""
    s, r = scenario, resolved
    drafts = [_current(s, r)]
    if s.api.price_book == "current":
        drafts += _candidates(s, r) + _batch_and_cache(s, r) + _hosted(s, r) + _managed(s, r)
    return [*drafts, _self_hosted(s, r)]


def options(scenario: Scenario, resolved: Resolved,
            drafts: list[_Draft] | None = None) -> list[Option]:
    """The options of one scenario, costed; the cheaper API models cut to the best few."""
    drafts = drafts if drafts is not None else option_terms(scenario, resolved)
    current, money, _ = cost([d.terms for d in drafts[1:]], scenario, resolved)
    money[drafts[0].terms.id] = current
    # Cut before the months are worked out: of a dozen cheaper models three are shown.
    drafts = _shortlist(drafts, {d.terms.id: float(money[d.terms.id].lifetime) for d in drafts})
    lifetime = scenario.project.model_lifetime_months
    weights = month_weights(lifetime)
    baseline = monthly_series(current, scenario, resolved, self_hosted=False, weights=weights)
    today_monthly = current.monthly  # worked out on each read: read once
    out = []
    for d in drafts:
        m = money[d.terms.id]
        monthly = m.monthly
        series = monthly_series(m, scenario, resolved, self_hosted=d.terms.self_hosted,
                                weights=weights)
        is_current = d.kind == "current_api"
        # Paid back only if it costs less over the lifetime: a crossing that today's API
        # wins back before the lifetime ends is no payback.
        cheaper = float(m.lifetime) < float(current.lifetime)
        payback = None if is_current or not cheaper else crossover_month(
            float(m.one_time), series, baseline, weights)
        out.append(Option(
            id=d.terms.id, kind=d.kind, label=d.label, monthly_usd=float(monthly),
            one_time_usd=float(m.one_time), lifetime_usd=float(m.lifetime),
            payback_months=payback, meets_constraints=not d.failed,
            reasons=[*d.reasons, *(f"{BARRED}{f}" for f in d.failed)],
            savings_monthly_usd=float(today_monthly - monthly),
            lifetime_savings_usd=float(current.lifetime - m.lifetime),
            assumptions=d.assumptions))
    return out


def _shortlist(drafts: list[_Draft], lifetime_usd: dict[str, float]) -> list[_Draft]:
    """Every option but the cheaper API models, of which the best few and the named ones."""
    apis = sorted((d for d in drafts if d.kind == "cheaper_api"),
                  key=lambda d: (bool(d.failed), lifetime_usd[d.terms.id]))
    keep = {d.terms.id for d in apis[:SHOWN_CANDIDATES]} | {d.terms.id for d in drafts
                                                           if d.named}
    return [d for d in drafts if d.kind != "cheaper_api" or d.terms.id in keep]


def cheapest(opts: list[Option]) -> Option:
    """The qualifying option with the lowest lifetime cost (ties: the listed order)."""
    ok = [o for o in opts if o.meets_constraints] or opts
    return ok[int(np.argmin([o.lifetime_usd for o in ok]))]
