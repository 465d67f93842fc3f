"""Every way to pay less, and the one honest answer (issue: options ranked by lifetime cost).

Properties over random valid scenarios: the best option is the cheapest that qualifies; when
the self-hosted fine-tune costs more than today's API over the lifetime, nothing the report,
the card or a chart title says claims that fine-tuning pays back or is cheaper. Then the
cases that started it, each named after what went wrong.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.reports.card import card
from bot.reports.plan_break_even import _title as break_even_title
from bot.reports.plan_cumulative import _title as cumulative_title
from bot.reports.text import render_report
from engine.analysis import Analysis, analyse
from engine.lifetime import growth_factor
from engine.models import Scenario
from engine.options import KINDS
from tests.engine.strategies import scenarios

AT = date(2026, 11, 24)
#: Words that say fine-tuning wins: never said unless it costs less over the lifetime.
CLAIMS = ("pays back", "paid back", "is cheaper above", "costs less than the API",
          "Fine-tuning costs less", "fine-tuning ahead", "fine-tuned side is cheaper")
SETTINGS = settings(max_examples=40, deadline=None)


def analysed(**parts: dict) -> Analysis:
    return analyse(Scenario(**parts), at=AT, samples=500)


def claims_about_fine_tuning(a: Analysis) -> list[str]:
    """Every clause a person reads about fine-tuning that claims it wins (the fit score's
    reasons aside: they are the source document's words, in their own labelled section)."""
    fit = a.recommendation.reasons
    texts = [a.decision.headline, break_even_title(a), cumulative_title(a),
             *(line for line in render_report(a).splitlines()
               if not any(r in line for r in fit))]
    clauses = [c for t in texts for c in t.replace(" — ", ";").split(";") if "ine-tun" in c]
    return [c for c in clauses if any(claim in c for claim in CLAIMS)]


@st.composite
def with_options(draw: st.DrawFn) -> Scenario:
    """A random valid scenario with random constraints, ongoing engineering and growth."""
    s = draw(scenarios())
    return s.with_values({
        "constraints.data_in_our_cloud": draw(st.booleans()),
        "constraints.no_api_change": draw(st.booleans()),
        "project.maintenance_hours_per_month": draw(st.sampled_from([0, 8, 40])),
        "project.retrain_every_months": draw(st.sampled_from([0, 3, 6, 12])),
        "workload.monthly_growth_rate": draw(st.sampled_from([-0.05, 0.0, 0.03, 0.1])),
    })


@SETTINGS
@given(with_options())
def test_best_is_the_cheapest_option_that_meets_the_constraints(s: Scenario) -> None:
    a = analyse(s, at=AT, samples=200)
    d = a.decision
    qualifying = [o for o in d.options if o.meets_constraints] or d.options
    assert d.best_option.lifetime_usd == min(o.lifetime_usd for o in qualifying)
    assert d.best_option in qualifying
    assert {o.kind for o in d.options} <= set(KINDS)
    assert d.current.kind == "current_api" and d.self_hosted.kind == "self_hosted_finetune"
    for o in d.options:
        assert o.meets_constraints == (not any(r.startswith("does not qualify")
                                               for r in o.reasons))
    assert d.headline.startswith(d.best_option.label)


@SETTINGS
@given(with_options())
def test_nothing_says_fine_tuning_pays_back_when_it_costs_more_over_the_lifetime(
        s: Scenario) -> None:
    a = analyse(s, at=AT, samples=200)
    d = a.decision
    if d.self_hosted.lifetime_usd >= d.current.lifetime_usd:
        assert not a.pays_back_within_lifetime
        assert claims_about_fine_tuning(a) == []


@SETTINGS
@given(with_options())
def test_lifetime_cost_is_one_time_plus_the_months_with_growth(s: Scenario) -> None:
    # Every per-token option's running cost grows with the volume; its lifetime cost is the
    # one-time cost plus month 1's cost × the growth factor (no fixed part but retraining).
    a = analyse(s, at=AT, samples=200)
    g = growth_factor(s.workload.monthly_growth_rate, s.project.model_lifetime_months)
    current = a.decision.current
    assert current.lifetime_usd == pytest.approx(current.monthly_usd * float(g), rel=1e-9,
                                                 abs=1e-6)
    for o in a.decision.options:
        if o.kind in ("cheaper_api", "api_batch"):
            assert o.lifetime_usd == pytest.approx(o.one_time_usd + o.monthly_usd * float(g),
                                                   rel=1e-9, abs=1e-6)


def test_the_json_contract_has_the_decision_with_every_key() -> None:
    data = analysed().model_dump(mode="json")["decision"]
    assert set(data) >= {"headline", "best", "options"}
    for o in data["options"]:
        assert set(o) >= {"id", "kind", "label", "monthly_usd", "one_time_usd", "lifetime_usd",
                          "payback_months", "meets_constraints", "reasons"}
    qualifying = [o for o in data["options"] if o["meets_constraints"]]
    assert data["best"] == min(qualifying, key=lambda o: o["lifetime_usd"])["id"]


# --- the cases that started it ----------------------------------------------------------------

def test_the_classifier_where_a_cheaper_api_wins_says_switch_not_fine_tune() -> None:
    # gpt-4o classifying: 1,000 tokens in, 5 out. The old headline recommended the fine-tune;
    # switching to a smaller model of the same provider costs a fraction of either.
    a = analysed(workload={"requests_per_day": 100_000, "avg_input_tokens_per_request": 1_000,
                           "avg_output_tokens_per_request": 5}, api={"model": "gpt-4o"})
    best = a.decision.best_option
    assert best.kind == "cheaper_api" and best.id == "cheaper_api:gpt-4o-mini"
    assert a.decision.headline.startswith("Switch to gpt-4o-mini: $459.00/month, saves "
                                          "$7,191.00/month")
    assert "fine-tuning and self-hosting saves" in a.decision.headline
    assert best.lifetime_usd < a.decision.self_hosted.lifetime_usd < a.decision.current.lifetime_usd
    assert card(a).verdict == a.decision.headline


def test_the_never_paying_70b_says_keep_the_api_and_never_pays_back() -> None:
    # A 70B on 2× A100 80GB against gpt-4o-mini at 20,000 requests a day: serving alone costs
    # more than the whole API bill, so it never pays back.
    a = analysed(workload={"requests_per_day": 20_000}, api={"model": "gpt-4o-mini"},
                 model={"model_size_b": 70, "gpu": "a100_80g"})
    assert a.payback_months is None and not a.pays_back_within_lifetime
    assert a.decision.best == "current_api"
    assert a.decision.headline.startswith("Keep gpt-4o-mini: nothing costs less over the "
                                          "18-month lifetime")
    assert "fine-tuning and self-hosting would cost" in a.decision.headline
    assert claims_about_fine_tuning(a) == []
    assert a.decision.tone == "bad"
    assert card(a).recommendation.startswith("The source document's fit score: ")


def test_the_losing_scenario_whose_old_chart_said_cheaper_above_says_the_api_is_cheaper() -> None:
    # 500,000 requests a day against gpt-4o-mini: 350M tokens/day. On one A10G (the old
    # default) the fleet could not carry it and the chart said "Fine-tuning is cheaper above
    # … — you are at …" while savings were negative; sized for the traffic, the fine-tune
    # costs more than the API even before the project.
    a = analysed(workload={"requests_per_day": 500_000}, api={"model": "gpt-4o-mini"})
    be = a.break_even
    assert a.serving.sized_automatically and a.serving.peak_utilisation <= 1
    assert be.tokens_per_day is not None and be.lifetime_tokens_per_day is not None
    assert be.current_tokens_per_day < be.tokens_per_day < be.lifetime_tokens_per_day
    assert not be.above and not be.lifetime_above and a.monthly.savings_usd < 0
    title = break_even_title(a)
    assert title.startswith("The API is cheaper at your volume: over the 18-month lifetime "
                            "fine-tuning breaks even only above")
    assert claims_about_fine_tuning(a) == []


def test_a_fleet_too_small_for_the_traffic_is_not_the_answer() -> None:
    # The same traffic on one instance the person chose: costed on one A10G it looks like a
    # saving, but one instance carries under half of the peak, so it does not qualify.
    a = analysed(workload={"requests_per_day": 500_000}, api={"model": "gpt-4o-mini"},
                 model={"num_instances": 1})
    own = a.decision.self_hosted
    assert a.serving.peak_utilisation > 1 and not own.meets_constraints
    needed = a.serving.instances_needed
    assert needed > 1
    assert any(r.startswith("does not qualify: 1 instance carries") and
               f"{needed} would carry it" in r for r in own.reasons)
    assert a.decision.best != own.id
    assert "capacity_short" in {w.code for w in a.warnings}


def test_ongoing_engineering_is_in_the_fine_tuned_monthly_cost_and_the_lifetime() -> None:
    none = analysed(project={"maintenance_hours_per_month": 0, "retrain_every_months": 0})
    some = analysed(project={"maintenance_hours_per_month": 10, "retrain_every_months": 6,
                             "retrain_runs": 2, "retrain_evaluation_hours": 20,
                             "compute_usd_per_run": 50})
    # 10 h × $150 a month; 18 months retrained at 6 and 12: 2 × (2 × $50 + 20 h × $150) / 18.
    ongoing = 10 * 150 + 2 * (2 * 50 + 20 * 150) / 18
    assert some.monthly.ongoing_engineering_usd == pytest.approx(ongoing)
    assert none.monthly.ongoing_engineering_usd == 0
    assert some.decision.self_hosted.monthly_usd - none.decision.self_hosted.monthly_usd \
        == pytest.approx(ongoing)
    assert some.payback_months > none.payback_months


def test_what_it_would_take_finds_the_payback_target_or_says_it_cannot() -> None:
    a = analyse(Scenario(), at=AT, samples=200, target_payback_months=3)
    take = {f.path: f for f in a.what_it_takes}
    assert "project.model_lifetime_months" not in take  # payback does not depend on it
    volume = take["workload.requests_per_day"]
    assert volume.flip is not None and volume.flips_when == "above"
    # Flip points hold the fleet at today's size (their note says so).
    at_volume = analyse(Scenario().with_values({"workload.requests_per_day": volume.flip,
                                                "model.num_instances": a.serving.num_instances}),
                        at=AT, samples=50)
    assert at_volume.payback_months == pytest.approx(3, rel=1e-6)
    assert take["quality.cost_per_review_usd"].reason == "does not change the payback here"
    with pytest.raises(ValueError, match="target payback: 0 months is not accepted"):
        analyse(Scenario(), at=AT, samples=50, target_payback_months=0)


def test_the_simulation_says_how_often_each_option_is_cheapest() -> None:
    u = analysed().uncertainty
    assert sum(u.cheapest_share.values()) == pytest.approx(1.0)
    assert set(u.cheapest_share) == {o.id for o in analysed().decision.options
                                     if o.meets_constraints}


def test_a_host_that_serves_lora_adapters_per_token_adds_a_hosted_fine_tune(monkeypatch) -> None:
    # No host in the catalog does today (each needs a dedicated endpoint); when one does, its
    # row's lora_serverless puts a hosted LoRA fine-tune beside the base open model.
    import engine.options as options
    from engine.catalog.hosted_models import HostedModelRow

    row = HostedModelRow(size_b=8, provider="fireworks", model="llama-v3p1-8b-instruct",
                         lora_serverless=True, source="a test row", date="2026-11")
    monkeypatch.setattr(options, "hosted_for_size", lambda size: [row])
    opts = {o.id: o for o in analysed().decision.options}
    lora = opts["hosted_lora:fireworks/llama-v3p1-8b-instruct"]
    base = opts["hosted:fireworks/llama-v3p1-8b-instruct"]
    # Fireworks' LoRA training up to 16B: $0.50 per 1M tokens × 76.8M tokens × 8 runs.
    assert lora.one_time_usd == pytest.approx(0.5 * 76.8 * 8 + 92 * 150)  # data + evaluation
    assert lora.kind == base.kind == "hosted_open_model"
    assert lora.monthly_usd > base.monthly_usd - 1e-9  # retraining on top of the same tokens


def test_the_fine_tuned_review_rate_is_the_apis_until_measured() -> None:
    # "We review 5% of answers" says nothing about the fine-tuned model: it is assumed to be
    # reviewed as often (the default says so), not at the old fixed 2%, which credited the
    # fine-tune with 3 points less review it had never shown.
    a = analysed(quality={"human_review_rate_api": 0.05})
    assert a.inputs.quality.human_review_rate_ft is None
    assert a.inputs.quality.review_rate_ft == 0.05
    assert a.monthly.review_delta_usd == 0
    ft = next(x for x in a.assumptions if x.name == "Review rate with the fine-tuned model")
    assert (ft.value, ft.source) == (0.05, "default: the same as the API until measured")
    measured = analysed(quality={"human_review_rate_api": 0.05, "human_review_rate_ft": 0.02})
    # 50,000 requests × 30 × 3 points × $5 less review once the fine-tune is measured at 2%.
    assert measured.monthly.review_delta_usd == pytest.approx(-50_000 * 30 * 0.03 * 5)
