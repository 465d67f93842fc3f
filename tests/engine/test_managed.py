"""The managed fine-tuning alternative.

Oracles: "source document, §Managed Fine-Tuning Services" (OpenAI $8/1M training tokens,
fine-tuned models at 2–3× the base price; Together.ai $1–3/1M), the source document's
engineering-hours table (PRODUCT.md's midpoint defaults), and genai-prices 0.2.3 for the
base model (gpt-4o-mini at $0.15 / $0.60 per 1M tokens on 2024-10-01).
"""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from engine.catalog.managed_prices import ManagedPriceRow, managed_finetuning_prices
from engine.managed import KEPT_PHASES, ManagedComparison, compare_managed
from engine.models import PHASES, ManagedOption, Project, QualityFit, TrainingPlan, Workload

AT = date(2024, 10, 1)
# Today's bill in the hand-checked case: gpt-4o at $2.50 / $10 per 1M tokens, 50K requests a
# day of 500 in + 200 out: 750M × 2.5 + 300M × 10 = $1,875 + $3,000 a month.
API_MONTHLY = 4875.0


def _compare(option: ManagedOption | None = None, *, api_monthly_usd: float = API_MONTHLY,
             quality: QualityFit | None = None, **kwargs: object) -> ManagedComparison:
    return compare_managed(
        option=option or ManagedOption(), workload=Workload(), plan=TrainingPlan(),
        project=Project(), quality=quality or QualityFit(), api_monthly_usd=api_monthly_usd,
        at=AT, **kwargs,  # type: ignore[arg-type]
    )


def test_openai_gpt_4o_mini_by_hand() -> None:
    m = _compare()
    assert (m.provider, m.base_model) == ("openai", "gpt-4o-mini")
    assert (m.base_input_usd_per_1m_tokens, m.base_output_usd_per_1m_tokens) == (0.15, 0.60)
    # Training: 50,000 examples × 512 tokens × 3 epochs = 76.8M tokens a run; 8 runs =
    # 614.4M tokens × $8/1M (OpenAI, low = high = 8) = $4,915.20.
    assert m.training_tokens_per_run == 76_800_000
    assert m.num_training_runs == 8
    assert m.training_usd_per_1m_tokens == 8.0
    assert m.training_usd == pytest.approx(4915.20)
    assert m.training_usd_low == m.training_usd_high == pytest.approx(4915.20)
    # Engineering kept: data collection 40 + formatting 12 + evaluation setup 12 + model
    # evaluation 28 = 92 h × $150 = $13,800. Project: $18,715.20.
    assert m.engineer_hours_kept == 92
    assert m.engineering_usd == pytest.approx(13_800)
    assert m.project_usd == pytest.approx(18_715.20)
    # Inference at 2.5× (midpoint of 2–3×): 1.5M requests a month × (500 × 0.15 + 200 × 0.60)
    # / 1M = $292.50 at base price; × 2.5 = $731.25. Equal review rates: no delta.
    assert m.inference_price_multiple == 2.5
    assert m.inference_monthly_usd == pytest.approx(731.25)
    assert m.review_delta_monthly_usd == 0
    assert m.monthly_usd == pytest.approx(731.25)
    # Net $4,143.75 a month; payback 18,715.20 / 4,143.75 = 4.52 months; amortised over 18
    # months $1,039.73, savings $3,104.02.
    assert m.net_before_amortisation_monthly_usd == pytest.approx(4143.75)
    assert m.payback_months == pytest.approx(18_715.20 / 4143.75)
    assert round(m.payback_months or 0, 2) == 4.52
    assert m.amortised_monthly_usd == pytest.approx(18_715.20 / 18)
    assert round(m.savings_monthly_usd, 2) == 3104.02


def test_phases_kept_and_removed() -> None:
    m = _compare()
    assert m.phases_kept == list(KEPT_PHASES) == [
        "data_collection", "data_formatting", "evaluation_setup", "model_evaluation"]
    assert m.phases_removed == ["experiment_setup", "hyperparameter_search", "deployment",
                                "monitoring"]
    assert set(m.phases_kept) | set(m.phases_removed) == set(PHASES)
    kept = {a.name: a for a in m.assumptions}["engineering phases kept"]
    assert "reduce engineering time to near zero" in kept.source


@pytest.mark.parametrize("api_monthly_usd", [0.0, 500.0, 731.25])
def test_payback_is_none_when_savings_are_not_positive(api_monthly_usd: float) -> None:
    m = _compare(api_monthly_usd=api_monthly_usd)
    assert m.net_before_amortisation_monthly_usd <= 0
    assert m.payback_months is None
    assert m.savings_monthly_usd < 0


def test_review_delta_uses_the_fine_tuned_rates() -> None:
    quality = QualityFit(human_review_rate_api=0.02, human_review_rate_ft=0.03,
                         cost_per_review_usd=5)
    m = _compare(quality=quality, api_monthly_usd=100_000)
    # 1.5M requests a month × (3% − 2%) × $5 = $75,000.
    assert m.review_delta_monthly_usd == pytest.approx(75_000)
    assert m.monthly_usd == pytest.approx(731.25 + 75_000)
    assert m.payback_months == pytest.approx(18_715.20 / (100_000 - 75_731.25))


def test_overrides_win_over_the_catalog() -> None:
    option = ManagedOption(training_usd_per_1m_tokens=6, inference_price_multiple=2)
    m = _compare(option)
    assert m.training_usd == pytest.approx(614.4 * 6)
    assert m.inference_monthly_usd == pytest.approx(292.5 * 2)
    # The catalog's range is still reported beside the typed price.
    assert (m.training_usd_per_1m_tokens_low, m.training_usd_per_1m_tokens_high) == (8, 8)
    sources = {a.name: a.source for a in m.assumptions}
    assert sources["managed training price"] == "you"
    assert sources["fine-tuned inference price"] == "you"


def test_catalog_midpoints_cite_their_row() -> None:
    sources = {a.name: (a.source, a.date) for a in _compare().assumptions}
    source, when = sources["managed training price"]
    assert source.startswith("openai, midpoint of the range: source document §Managed")
    assert when == "2024"
    assert sources["gpt-4o-mini input price"][1] == "2024-10-01"


def test_together_reports_its_range() -> None:
    # gpt-3.5-turbo stands in as a base model the API catalog can price (see the report on
    # Together's own model ids); the training figures do not depend on it.
    m = _compare(ManagedOption(provider="together", base_model="gpt-3.5-turbo"))
    # $1–3/1M: midpoint $2; 614.4M tokens → $1,228.80, range $614.40–$1,843.20.
    assert m.training_usd_per_1m_tokens == 2.0
    assert m.training_usd == pytest.approx(1228.8)
    assert m.training_usd_low == pytest.approx(614.4)
    assert m.training_usd_high == pytest.approx(1843.2)
    assert m.inference_price_multiple == 1.0


def test_unknown_provider_needs_both_prices() -> None:
    with pytest.raises(ValidationError, match=r"'acme'.*accepted: openai, together"):
        ManagedOption(provider="acme", training_usd_per_1m_tokens=4)
    m = _compare(ManagedOption(provider="acme", training_usd_per_1m_tokens=4,
                               inference_price_multiple=1.5))
    assert (m.training_usd_low, m.training_usd_high) == (None, None)
    assert m.training_usd == pytest.approx(614.4 * 4)


def test_prices_are_an_argument() -> None:
    row = ManagedPriceRow(provider="openai", training_usd_per_1m_tokens_low=2,
                          training_usd_per_1m_tokens_high=4, inference_multiple_low=1,
                          inference_multiple_high=1, source="my contract", date="2025-01")
    m = _compare(prices={"openai": row})
    assert m.training_usd == pytest.approx(614.4 * 3)
    assert m.inference_monthly_usd == pytest.approx(292.5)


def test_kept_phases_is_an_option() -> None:
    m = _compare(kept_phases=("data_collection",))
    assert m.engineer_hours_kept == 40
    with pytest.raises(ValueError, match=r"kept_phases: 'coffee' is not a phase; accepted: "):
        _compare(kept_phases=("coffee",))


def test_seed_price_book_for_the_base_model() -> None:
    m = _compare(ManagedOption(base_model="gpt-3.5-turbo"), price_book="seed_2024")
    assert (m.base_input_usd_per_1m_tokens, m.base_output_usd_per_1m_tokens) == (0.5, 1.5)


@pytest.mark.parametrize("api_monthly_usd", [-1.0, float("nan"), float("inf")])
def test_invalid_api_bill_is_a_validation_error(api_monthly_usd: float) -> None:
    with pytest.raises(ValidationError, match="api_monthly_usd"):
        _compare(api_monthly_usd=api_monthly_usd)


@pytest.mark.parametrize(
    "changes",
    [{"training_usd_per_1m_tokens": -1}, {"inference_price_multiple": 0.5}, {"tier": "pro"}],
)
def test_invalid_option_is_a_validation_error(changes: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        ManagedOption.model_validate(changes)


def test_catalog_rows_are_strict() -> None:
    assert set(managed_finetuning_prices()) == {"openai", "together"}
    with pytest.raises(ValidationError, match="must not exceed"):
        ManagedPriceRow(provider="x", training_usd_per_1m_tokens_low=3,
                        training_usd_per_1m_tokens_high=1, inference_multiple_low=1,
                        inference_multiple_high=1, source="test", date="2024")
    with pytest.raises(ValidationError, match="extra"):
        ManagedPriceRow.model_validate({
            "provider": "x", "training_usd_per_1m_tokens_low": 1,
            "training_usd_per_1m_tokens_high": 1, "inference_multiple_low": 1,
            "inference_multiple_high": 1, "source": "test", "date": "2024", "region": "eu"})
