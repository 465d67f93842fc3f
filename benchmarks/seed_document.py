"""THE SOURCE DOCUMENT'S OWN ``compute_roi`` — re-expressed for measurement, not for use.

This is the document's §ROI Calculator code (/work/shared/seed/000_7431ddc36fa81b9a.txt,
its three dataclasses and ``compute_roi``), copied statement for statement: the same names,
constants, arithmetic, order and rounding. The stored text lost its indentation and its
runs of spaces, so the indentation is put back as Python needs it and the spacing inside
the ``verbose`` report's strings is the text's; nothing else is changed, its mistakes
included (the worked example's serving doubled, ``model_quality_multiplier`` unused, the
break-even that ignores the review delta). ftroi never calls it: ``benchmarks/engine.py``
times it as the baseline for a volume sweep, one call per point, as a notebook written
against the document would. The engine's corrected figures live in ``engine``; the
document's API, computed by the engine, is ``engine.seed_compat``.
"""

# ruff: noqa: F401, F541, E501, I001  (the document's code as written: its unused imports,
# its f-strings without fields, its long comment line, its import order)

from dataclasses import dataclass
from typing import Optional
import math


@dataclass
class APIConfig:
    """Configuration for the current API-based setup."""
    input_price_per_1m_tokens: float # e.g., 5.0 for GPT-4o input
    output_price_per_1m_tokens: float # e.g., 15.0 for GPT-4o output
    avg_input_tokens_per_request: int # average tokens in prompt
    avg_output_tokens_per_request: int # average tokens in response
    requests_per_day: int


@dataclass
class FineTunedModelConfig:
    """Configuration for the proposed fine-tuned model setup."""
    model_size_b: float # model size in billions (e.g., 7.0, 13.0, 70.0)
    lora_or_full: str # "lora", "qlora", or "full"
    instance_type: str # "a10g", "a100_40g", "a100_80g", "h100"
    num_instances: int # number of GPUs/instances
    instance_cost_per_hour: float
    model_quality_multiplier: float # 1.0 = same as API, 0.9 = 10% worse, 1.1 = 10% better
    human_review_rate_api: float # fraction of API responses needing review (e.g. 0.02)
    human_review_rate_ft: float # fraction of FT responses needing review (e.g. 0.05)
    human_review_cost_per_review: float # cost per human review (e.g. 5.0)


@dataclass
class ProjectCostConfig:
    """One-time costs for the fine-tuning project."""
    num_training_runs: int
    compute_cost_per_run: float # GPU compute cost per experiment
    engineer_hours_data: float
    engineer_hours_experiments: float
    engineer_hours_evaluation: float
    engineer_hours_deployment: float
    engineer_hourly_rate: float
    model_lifetime_months: int = 18


def compute_roi(
    api: APIConfig,
    ft_model: FineTunedModelConfig,
    project: ProjectCostConfig,
    verbose: bool = True,
) -> dict:
    """
    Compute full ROI analysis for a fine-tuning project.
    Returns dict with monthly costs, break-even, and payback period.
    """
    # --- Baseline API cost ---
    daily_input_tokens = api.requests_per_day * api.avg_input_tokens_per_request
    daily_output_tokens = api.requests_per_day * api.avg_output_tokens_per_request
    daily_total_tokens = daily_input_tokens + daily_output_tokens
    monthly_api_cost = (
        (daily_input_tokens * 30 * api.input_price_per_1m_tokens / 1e6)
        + (daily_output_tokens * 30 * api.output_price_per_1m_tokens / 1e6)
    )
    # --- Serving cost ---
    monthly_serving_cost = (
        ft_model.instance_cost_per_hour
        * ft_model.num_instances
        * 24 * 30 # hours in a month
    )
    # Storage for model weights + checkpoints (~$0.023/GB/month on S3)
    model_storage_gb = ft_model.model_size_b * 2 # bf16: 2 bytes/param
    monthly_storage_cost = model_storage_gb * 0.023
    # --- Human review quality cost delta ---
    monthly_requests = api.requests_per_day * 30
    review_cost_api = (
        monthly_requests
        * ft_model.human_review_rate_api
        * ft_model.human_review_cost_per_review
    )
    review_cost_ft = (
        monthly_requests
        * ft_model.human_review_rate_ft
        * ft_model.human_review_cost_per_review
    )
    monthly_quality_cost_delta = review_cost_ft - review_cost_api # positive = FT is worse
    # --- One-time project cost ---
    compute_total = project.num_training_runs * project.compute_cost_per_run
    engineering_total = (
        (project.engineer_hours_data
        + project.engineer_hours_experiments
        + project.engineer_hours_evaluation
        + project.engineer_hours_deployment)
        * project.engineer_hourly_rate
    )
    total_project_cost = compute_total + engineering_total
    monthly_amortized = total_project_cost / project.model_lifetime_months
    # --- Monthly cost comparison ---
    monthly_ft_total = (
        monthly_serving_cost
        + monthly_storage_cost
        + monthly_amortized
        + monthly_quality_cost_delta
    )
    monthly_savings = monthly_api_cost - monthly_ft_total
    # Payback: upfront cost (amortized out of monthly comparison)
    # = total_project_cost / (monthly savings if we ignore amortization from savings calc)
    monthly_savings_no_amort = monthly_api_cost - (
        monthly_serving_cost + monthly_storage_cost + monthly_quality_cost_delta
    )
    payback_months = (
        total_project_cost / monthly_savings_no_amort
        if monthly_savings_no_amort > 0
        else float("inf")
    )
    # --- Break-even volume analysis ---
    # At what daily token volume does FT become cheaper than API (excluding amortization)?
    # serving_cost = api_cost
    # serving_cost_per_month = (input_price * input_frac + output_price * output_frac) * tokens/month / 1e6
    weighted_api_price_per_token = (
        (api.input_price_per_1m_tokens * daily_input_tokens
        + api.output_price_per_1m_tokens * daily_output_tokens)
        / (daily_total_tokens * 1e6)
        if daily_total_tokens > 0 else 0
    )
    break_even_tokens_per_month = (
        (monthly_serving_cost + monthly_storage_cost) / weighted_api_price_per_token
        if weighted_api_price_per_token > 0 else float("inf")
    )
    break_even_tokens_per_day = break_even_tokens_per_month / 30
    results = {
        "monthly_api_cost": round(monthly_api_cost, 2),
        "monthly_serving_cost": round(monthly_serving_cost, 2),
        "monthly_storage_cost": round(monthly_storage_cost, 2),
        "monthly_amortized_project_cost": round(monthly_amortized, 2),
        "monthly_quality_cost_delta": round(monthly_quality_cost_delta, 2),
        "monthly_ft_total": round(monthly_ft_total, 2),
        "monthly_savings": round(monthly_savings, 2),
        "total_project_cost": round(total_project_cost, 2),
        "compute_cost": round(compute_total, 2),
        "engineering_cost": round(engineering_total, 2),
        "payback_months": round(payback_months, 1) if payback_months != float("inf") else "never",
        "break_even_tokens_per_day": int(break_even_tokens_per_day),
        "current_daily_tokens": int(daily_total_tokens),
        "is_above_break_even": daily_total_tokens >= break_even_tokens_per_day,
    }
    if verbose:
        print("\n" + "="*60)
        print("FINE-TUNING ROI ANALYSIS")
        print("="*60)
        print(f"\nCurrent volume: {daily_total_tokens:>15,.0f} tokens/day")
        print(f"Break-even volume: {break_even_tokens_per_day:>15,.0f} tokens/day")
        print(f"Above break-even: {results['is_above_break_even']}")
        print(f"\nMONTHLY COSTS")
        print(f" Current API bill: ${monthly_api_cost:>12,.2f}")
        print(f" FT serving: ${monthly_serving_cost:>12,.2f}")
        print(f" Storage: ${monthly_storage_cost:>12,.2f}")
        print(f" Amortized project: ${monthly_amortized:>12,.2f}")
        print(f" Quality delta: ${monthly_quality_cost_delta:>12,.2f}")
        print(f" FT total: ${monthly_ft_total:>12,.2f}")
        print(f" Monthly savings: ${monthly_savings:>12,.2f}")
        print(f"\nPROJECT COSTS")
        print(f" Compute (training): ${compute_total:>12,.2f}")
        print(f" Engineering time: ${engineering_total:>12,.2f}")
        print(f" Total project cost: ${total_project_cost:>12,.2f}")
        print(f"\nPayback period: {results['payback_months']} months")
        print("="*60)
    return results
