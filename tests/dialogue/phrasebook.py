"""The phrasebook: what people type at each step of the intake, and what it must give.

Each row is (step, what is typed, what it must give). What it gives is the values by dotted
path (a float compared to 1e-9), or :class:`Refused` with the fragments the reply must say.
The rows come from the ways people state their numbers in a thread (issue 12's list first),
from PRODUCT.md §3's typed answers, and from the source document's own figures; conversions
follow PRODUCT.md §5 (30-day months) and a working year of 2,080 hours for a person's pay.
Run by ``test_phrasebook.py`` through the real dialogue (its steps, the registry, the
engine's check) — never a copy of the fields.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Refused:
    """A phrasing that must stay refused; the reply says each of ``says``. The rest of the
    answer may still be offered for confirmation ("70b on 2x h100 40gb": the 70B, not the
    GPU), but never the refused part."""

    says: tuple[str, ...]

    def __init__(self, *says: str) -> None:
        object.__setattr__(self, "says", says)


R, IN, OUT = ("workload.requests_per_day", "workload.avg_input_tokens_per_request",
              "workload.avg_output_tokens_per_request")
GROWTH, PEAK, OFF = ("workload.monthly_growth_rate", "workload.peak_hours_per_day",
                     "workload.off_peak_traffic_share")
API, API_IN, API_OUT = "api.model", "api.input_usd_per_1m_tokens", "api.output_usd_per_1m_tokens"
SIZE, METHOD, GPU, COUNT = ("model.model_size_b", "model.method", "model.gpu",
                            "model.gpus_per_instance")
INSTANCES, PRICING, QUANT, ENGINE = ("model.num_instances", "model.pricing",
                                     "model.quantisation", "model.engine")
PRICE, UTIL, THROUGHPUT = ("model.instance_usd_per_hour", "model.target_utilisation",
                           "model.throughput_tokens_per_s_per_instance")
RUNS, COMPUTE, RATE, LIFE = ("project.num_training_runs", "project.compute_usd_per_run",
                             "project.engineer_usd_per_hour", "project.model_lifetime_months")
EXAMPLES, SEQ, EPOCHS, TGPU, TSPOT = ("training.dataset_examples", "training.avg_sequence_tokens",
                                      "training.epochs", "training.gpu", "training.spot")
H = "project.engineer_hours."
COLLECT, FORMAT, SETUP, HPARAM = (H + "data_collection", H + "data_formatting",
                                  H + "experiment_setup", H + "hyperparameter_search")
EVAL_SETUP, EVAL, DEPLOY, MONITOR = (H + "evaluation_setup", H + "model_evaluation",
                                     H + "deployment", H + "monitoring")
REVIEW_API, REVIEW_FT, REVIEW_COST = ("quality.human_review_rate_api",
                                      "quality.human_review_rate_ft",
                                      "quality.cost_per_review_usd")
CONSISTENCY, LATENCY, QUALITY = ("quality.task_consistency", "quality.latency_requirement_ms",
                                 "quality.quality_requirement")
EXPERTISE, ITERATION, SMALLER = ("quality.team_ml_expertise", "quality.iteration_speed_priority",
                                 "quality.smaller_model_evaluated")
SALARY = 200_000 / 2080  # $200k/year at 2,080 working hours
MONTH = 2080 / 12  # working hours in a month


def spread(total: float, **typed: float) -> dict[str, float]:
    """Hours in total over the phases not typed, in the source document's midpoints (132 h:
    40, 12, 6, 12, 12, 28, 16, 6), with the typed phases as typed."""
    midpoints = {COLLECT: 40, FORMAT: 12, SETUP: 6, HPARAM: 12, EVAL_SETUP: 12, EVAL: 28,
                 DEPLOY: 16, MONITOR: 6}
    kept = {H + k: v for k, v in typed.items()}
    rest = total - sum(kept.values())
    free = {p: w for p, w in midpoints.items() if p not in kept}
    return {**{p: rest * w / sum(free.values()) for p, w in free.items()}, **kept}


PHRASES: list[tuple[str, str, dict[str, object] | Refused]] = [
    # --- Workload: requests ----------------------------------------------------------------
    ("workload", "80k requests a day", {R: 80_000}),
    ("workload", "80,000 requests per day", {R: 80_000}),
    ("workload", "80k/day", {R: 80_000}),
    ("workload", "80k req/day", {R: 80_000}),
    ("workload", "2.4M requests/month", {R: 80_000}),
    ("workload", "2.4M requests a month", {R: 80_000}),
    ("workload", "2.4 million requests monthly", {R: 80_000}),
    ("workload", "2.4M requests per month", {R: 80_000}),
    ("workload", "5 rps", {R: 432_000}),
    ("workload", "5 requests per second", {R: 432_000}),
    ("workload", "half a million requests a day", {R: 500_000}),
    ("workload", "a couple of thousand requests a day", {R: 2_000}),
    ("workload", "~80k calls daily", {R: 80_000}),
    ("workload", "about 80k requests a day", {R: 80_000}),
    ("workload", "roughly 1.2M queries a day", {R: 1_200_000}),
    ("workload", "we get 50k requests a day", {R: 50_000}),
    ("workload", "traffic 120k a day", {R: 120_000}),
    ("workload", "volume 90k/day", {R: 90_000}),
    ("workload", "a million requests a day", {R: 1_000_000}),
    ("workload", "１２ｋ requests a day", {R: 12_000}),
    # --- Workload: tokens per request ------------------------------------------------------
    ("workload", "600 in, 250 out", {IN: 600, OUT: 250}),
    ("workload", "600 in and 250 out", {IN: 600, OUT: 250}),
    ("workload", "input 600, output 250", {IN: 600, OUT: 250}),
    ("workload", "in 600 out 250", {IN: 600, OUT: 250}),
    ("workload", "prompts ~1.2k tokens, answers ~300", {IN: 1_200, OUT: 300}),
    ("workload", "prompt 1,200 tokens, completion 300 tokens", {IN: 1_200, OUT: 300}),
    ("workload", "1.2k input tokens", {IN: 1_200}),
    ("workload", "300 output tokens", {OUT: 300}),
    ("workload", "answers about 250 tokens", {OUT: 250}),
    ("workload", "completions ~400", {OUT: 400}),
    ("workload", "80k requests a day, 600 in and 250 out", {R: 80_000, IN: 600, OUT: 250}),
    ("workload", "80k, 600, 250", {R: 80_000, IN: 600, OUT: 250}),
    ("workload", "80k requests, 600, 250", {R: 80_000, IN: 600, OUT: 250}),
    # --- Workload: tokens a day -------------------------------------------------------------
    ("workload", "2.5M tokens/day, 70% input", {R: 2_500_000 / 700, IN: 490, OUT: 210}),
    ("workload", "2.5M tokens/day, 70/30, 1,000 tokens per request",
     {R: 2_500, IN: 700, OUT: 300}),
    ("workload", "75M tokens a month, 1,000 tokens per request, 70% input",
     {R: 2_500, IN: 700, OUT: 300}),
    ("workload", "2.5M tokens/day", {R: 2_500_000 / 700, IN: 500, OUT: 200}),
    ("workload", "2.5M tokens/day and 2,500 requests a day, 30% output",
     {R: 2_500, IN: 700, OUT: 300}),
    # --- Workload: growth and traffic shape ------------------------------------------------
    ("workload", "5% growth a month", {GROWTH: 0.05}),
    ("workload", "growing 2% monthly", {GROWTH: 0.02}),
    ("workload", "growth 5%/month", {GROWTH: 0.05}),
    ("workload", "-2% growth a month", {GROWTH: -0.02}),
    ("workload", "10 peak hours a day, 15% off-peak", {PEAK: 10, OFF: 0.15}),
    ("workload", "10 hours peak, 10% off-peak", {PEAK: 10, OFF: 0.10}),
    ("workload", "peak 8 hours a day, 20% off peak", {PEAK: 8, OFF: 0.20}),
    # --- Workload: refused -----------------------------------------------------------------
    ("workload", "bananas", Refused("could not read 'bananas'", "this step takes")),
    ("workload", "3%", Refused("'3%' could be monthly growth or off-peak traffic share")),
    ("workload", "70% input", Refused("goes with tokens/day")),
    ("workload", "80k requests, 90k requests", Refused("two values for requests/day")),
    ("workload", "600", Refused("'600' could be")),
    ("workload", "-5 requests a day", Refused("negative")),
    ("workload", "1e309 requests a day", Refused("too large")),
    ("workload", "2e10 requests a day", Refused("'2e10 requests a day'", "is too large",
                                                "at most 10,000,000,000")),
    ("workload", "1e-310 requests a day", Refused("too small to mean anything")),
    ("workload", "10 peak hours a day", Refused("traffic shape needs both")),
    ("workload", "5% growth a year", Refused("yearly")),
    ("workload", "a few requests a day", Refused("'a few requests a day'")),
    ("workload", "a couple hundred requests a day", {R: 200}),
    ("workload", "a few hundred requests a day",
     Refused("'a few hundred requests a day': 'a few hundred' is not a number; requests/day "
             "is at least 0 requests/day")),
    ("workload", "2.5M tokens/day, 80k requests, 600 in, 250 out", Refused("disagrees")),
    # --- Current API -----------------------------------------------------------------------
    ("api", "gpt-4o", {API: "gpt-4o", API_IN: None, API_OUT: None}),
    ("api", "GPT-4o mini", {API: "gpt-4o-mini"}),
    ("api", "we're on gpt-4o-mini", {API: "gpt-4o-mini"}),
    ("api", "we’re on gpt-4o-mini", {API: "gpt-4o-mini"}),
    ("api", "we use claude 3.5 sonnet", {API: "claude-3-5-sonnet"}),
    ("api", "we are using Claude 3 Haiku", {API: "claude-3-haiku"}),
    ("api", "currently gemini 2.5 pro", {API: "gemini-2.5-pro"}),
    ("api", "the gpt-4o api", {API: "gpt-4o"}),
    ("api", "$2.50/1M in, $10/1M out", {API_IN: 2.5, API_OUT: 10}),
    ("api", "$2.5 per million input tokens, $10 per million output tokens",
     {API_IN: 2.5, API_OUT: 10}),
    ("api", "input price $3/1M", {API_IN: 3}),
    ("api", "$0.0025/1K tokens in", {API_IN: 2.5}),
    ("api", "claude 3.5 sonnet, $3/1M in, $15/1M out",
     {API: "claude-3-5-sonnet", API_IN: 3, API_OUT: 15}),
    ("api", "gtp-4o", Refused("unknown API model 'gtp-4o'; did you mean 'gpt-4o'?")),
    ("api", "we're on gtp-4o-mni",  # today's API: a fine-tune (ft:…) only when ft: is typed
     Refused("unknown API model 'gtp-4o-mni'; did you mean 'gpt-4o-mini'? accepted")),
    ("api", "ft:gtp-4o-mni", Refused("did you mean 'ft:gpt-4o-mini'?")),
    ("api", "for 6 weeks", Refused("could not read 'for 6 weeks'", "this step takes API model")),
    ("api", "claude 3.5 sonet", Refused("did you mean", "'claude-3-5-sonnet'")),
    ("api", "gpt-99 turbo max", Refused("unknown API model 'gpt-99 turbo max'")),
    ("api", "€5/1M in", Refused("US dollars")),
    ("api", "$5/hour in", Refused("per hour")),
    # --- Fine-tuned model and serving ------------------------------------------------------
    ("serving", "7b qlora", {SIZE: 7, METHOD: "qlora"}),
    ("serving", "13B LoRA", {SIZE: 13, METHOD: "lora"}),
    ("serving", "70b", {SIZE: 70}),
    ("serving", "llama 8b", {SIZE: 8}),
    ("serving", "7 billion parameters", {SIZE: 7}),
    ("serving", "mistral 7b lora on 2x a10g, spot, vllm, int4",
     {SIZE: 7, METHOD: "lora", GPU: "a10g", COUNT: 2, PRICING: "spot", ENGINE: "vllm",
      QUANT: "int4"}),
    ("serving", "2x a10g", {GPU: "a10g", COUNT: 2, PRICE: None, THROUGHPUT: None}),
    ("serving", "a100 80gb", {GPU: "a100_80g", COUNT: None}),
    ("serving", "on an h100", {GPU: "h100"}),
    ("serving", "we're on h100s", {GPU: "h100"}),
    ("serving", "70b qlora on 2x a100 80gb", {SIZE: 70, METHOD: "qlora", GPU: "a100_80g",
                                             COUNT: 2}),
    ("serving", "13b lora served on 2x A100 40GB spot",
     {SIZE: 13, GPU: "a100_40g", COUNT: 2, PRICING: "spot"}),
    ("serving", "8b lora with l4 24GB", {SIZE: 8, GPU: "l4"}),
    ("serving", "h100 pcie", {GPU: "h100_pcie"}),
    ("serving", "2 h100s", {GPU: "h100", COUNT: 2}),
    ("serving", "3 instances", {INSTANCES: 3}),
    ("serving", "auto", {INSTANCES: None}),
    ("serving", "size it for me", {INSTANCES: None}),
    ("serving", "spot", {PRICING: "spot"}),
    ("serving", "reserved instances", {PRICING: "reserved"}),
    ("serving", "on-demand", {PRICING: "on_demand"}),
    ("serving", "int8", {QUANT: "int8"}),
    ("serving", "8-bit", {QUANT: "int8"}),
    ("serving", "4-bit", {QUANT: "int4"}),
    ("serving", "awq", {QUANT: "int4"}),
    ("serving", "no quantisation", {QUANT: "bf16"}),
    ("serving", "transformers", {ENGINE: "transformers"}),
    ("serving", "hf", {ENGINE: "transformers"}),
    ("serving", "vllm", {ENGINE: "vllm"}),
    ("serving", "$2.40/h instance price", {PRICE: 2.4}),
    ("serving", "instance price $3,600/month", {PRICE: 5}),
    ("serving", "40% utilisation", {UTIL: 0.4}),
    ("serving", "target utilization 30%", {UTIL: 0.3}),
    ("serving", "$3.20/h custom gpu, 2,000 tok/s throughput",
     {GPU: "custom", PRICE: 3.2, THROUGHPUT: 2_000}),
    ("serving", "70b full on 8x h100", {SIZE: 70, METHOD: "full", GPU: "h100", COUNT: 8}),
    ("serving", "tpu v5", Refused("unknown GPU 'tpu v5'", "A10G", "H200")),
    ("serving", "h10O", Refused("unknown GPU 'h10O'; did you mean 'H100'?")),
    ("serving", "70b on 2x h100 40gb", Refused("H100 has 80GB")),
    ("serving", "100x h100", Refused("1 to 64 GPUs per instance")),
    ("serving", "0.5% utilisation", Refused("at least 1%")),
    ("serving", "70", Refused("'70' could be")),
    ("serving", "dora", Refused("'dora'")),
    ("serving", "70b lora, 1x a10g", Refused("does not fit on 1× A10G")),
    ("serving", "throughput 1e-308 tok/s", Refused("too small", "at least 1 token/s")),
    # --- Project and team: runs, compute, training plan ------------------------------------
    ("project", "8 runs", {RUNS: 8}),
    ("project", "a couple of runs", {RUNS: 2}),
    ("project", "about 2 dozen runs", {RUNS: 24}),
    ("project", "two dozen runs", {RUNS: 24}),
    ("project", "a couple dozen runs", {RUNS: 24}),
    ("project", "half a dozen runs", {RUNS: 6}),
    ("project", "a few hundred runs",
     Refused("'a few hundred runs': 'a few hundred' is not a number; training runs is at "
             "least 0 runs and at most 10,000 runs, e.g. '8 runs'")),
    ("project", "dozens of runs", Refused("'dozens' is not a number", "e.g. '8 runs'")),
    ("project", "8 runs at $40 each", {RUNS: 8, COMPUTE: 40}),
    ("project", "$40 compute per run", {COMPUTE: 40}),
    ("project", "50k examples, 512 sequence tokens, 3 epochs",
     {EXAMPLES: 50_000, SEQ: 512, EPOCHS: 3}),
    ("project", "training gpu a100 80gb", {TGPU: "a100_80g"}),
    ("project", "train on h100", {TGPU: "h100"}),
    ("project", "spot training yes", {TSPOT: True}),
    ("project", "spot training no", {TSPOT: False}),
    # --- Project and team: effort -----------------------------------------------------------
    ("project", "2 people for 6 weeks", spread(480)),
    ("project", "480 hours in total", spread(480)),
    ("project", "3 engineer-months", spread(3 * MONTH)),
    ("project", "one engineer for a month", spread(MONTH)),
    ("project", "an engineer for 3 weeks", spread(120)),
    ("project", "2 engineers over 4 weeks", spread(320)),
    ("project", "total of 300 hours", spread(300)),
    ("project", "200 engineering hours", spread(200)),
    ("project", "480 hours in total, deployment 40h", spread(480, deployment=40)),
    ("project", "collection 60h", {COLLECT: 60}),
    ("project", "hyperparameter search 40h", {HPARAM: 40}),
    ("project", "deployment 24h, monitoring 6h", {DEPLOY: 24, MONITOR: 6}),
    ("project", "model evaluation 1 week", {EVAL: 40}),
    ("project", "experiment setup 1 day", {SETUP: 8}),
    ("project", "data formatting 12 hours", {FORMAT: 12}),
    # --- Project and team: pay and lifetime -------------------------------------------------
    ("project", "$150/h engineer rate", {RATE: 150}),
    ("project", "engineer rate $200k/year", {RATE: SALARY}),
    ("project", "$180k a year loaded", {RATE: 180_000 / 2080}),
    ("project", "$15k/month rate", {RATE: 15_000 * 12 / 2080}),
    ("project", "$200k/year salary", {RATE: SALARY}),
    ("project", "hourly rate 120", {RATE: 120}),
    ("project", "lifetime 18 months", {LIFE: 18}),
    ("project", "lifetime 2 years", {LIFE: 24}),
    ("project", "keep it for 2 years", {LIFE: 24}),
    ("project", "replace after 18 months", {LIFE: 18}),
    ("project", "model lifetime 1.5 years", {LIFE: 18}),
    ("project", "8 runs, 2 people for 6 weeks, $200k/year",
     {RUNS: 8, RATE: SALARY, **spread(480)}),
    ("project", "1.5 years", Refused("'1.5 years' does not say what it is for; say which: "
                                     "engineering hours in total", "this step takes")),
    ("project", "for 6 weeks",
     Refused("'for 6 weeks' does not say what it is for; say which: engineering hours in "
             "total (e.g. '2 people for 6 weeks'); model lifetime (e.g. 'lifetime 18 months'); "
             "retrain every (e.g. 'retrain every 6 months')")),
    ("project", "6 weeks", Refused("'6 weeks' could be")),
    ("project", "lifetime 2 weeks", Refused("at least 1 month")),
    ("project", "2.5 runs", Refused("whole number")),
    ("project", "lifetime forever", Refused("'forever'")),
    ("project", "training gpu 2x a10g", Refused("one GPU from the catalog")),
    ("project", "$5/1M engineer rate", Refused("USD/hour")),
    ("project", "-3 runs", Refused("negative")),
    ("project", "2 people for 6 weeks, collection 600h",
     Refused("already add up to more")),
    # --- Quality and fit --------------------------------------------------------------------
    ("quality", "2% api, 5% fine-tuned, $5 per review",
     {REVIEW_API: 0.02, REVIEW_FT: 0.05, REVIEW_COST: 5}),
    ("quality", "2% with the api", {REVIEW_API: 0.02}),
    ("quality", "review rate 3%", {REVIEW_FT: 0.03}),
    ("quality", "api review rate 1%", {REVIEW_API: 0.01}),
    ("quality", "5% fine-tuned", {REVIEW_FT: 0.05}),
    ("quality", "same review rate as today", {REVIEW_FT: 0.02}),
    ("quality", "3% api, same for fine-tuned", {REVIEW_API: 0.03, REVIEW_FT: 0.03}),
    ("quality", "review rate with the API 3%", {REVIEW_API: 0.03}),
    ("quality", "3% review with the API", {REVIEW_API: 0.03}),
    ("quality", "review 3% with the API", {REVIEW_API: 0.03}),
    ("quality", "review rate 3% with the API", {REVIEW_API: 0.03}),
    ("quality", "we review 3% of answers", {REVIEW_API: 0.03}),  # describing today
    ("quality", "3% of answers are reviewed", {REVIEW_API: 0.03}),
    ("quality", "we review 5% fine-tuned", {REVIEW_FT: 0.05}),
    ("quality", "we review 3% of answers, reviews cost $2 each",
     {REVIEW_API: 0.03, REVIEW_COST: 2}),
    ("quality", "reviews cost $2 each", {REVIEW_COST: 2}),
    ("quality", "each review costs $2", {REVIEW_COST: 2}),
    ("quality", "a review costs 50 cents", {REVIEW_COST: 0.5}),
    ("quality", "$5 per review", {REVIEW_COST: 5}),
    ("quality", "50 cents per review", {REVIEW_COST: 0.5}),
    ("quality", "high consistency", {CONSISTENCY: "high"}),
    ("quality", "latency 500 ms", {LATENCY: 500}),
    ("quality", "latency 2s", {LATENCY: 2_000}),
    ("quality", "respond within 1.5 seconds", {LATENCY: 1_500}),
    ("quality", "high quality bar", {QUALITY: "high"}),
    ("quality", "quality medium", {QUALITY: "medium"}),
    ("quality", "low quality requirement", {QUALITY: "low"}),
    ("quality", "we have ML expertise", {EXPERTISE: True}),
    ("quality", "no ML expertise", {EXPERTISE: False}),
    ("quality", "ML expertise no", {EXPERTISE: False}),
    ("quality", "iteration speed matters", {ITERATION: True}),
    ("quality", "iteration no", {ITERATION: False}),
    ("quality", "we haven't tried a smaller model", {SMALLER: False}),
    ("quality", "not tried a smaller model", {SMALLER: False}),
    ("quality", "tried a smaller model", {SMALLER: True}),
    ("quality", "we tried a smaller model", {SMALLER: True}),
    ("quality", "high consistency, latency 500 ms, high quality bar",
     {CONSISTENCY: "high", LATENCY: 500, QUALITY: "high"}),
    ("quality", "3%", Refused("'3%' could be review rate with the API or review rate "
                              "fine-tuned")),
    ("quality", "150% api", Refused("0–100%")),
    ("quality", "review 3%", Refused("'review 3%' could be review rate with the API or review "
                                     "rate fine-tuned; say which")),
    ("quality", "latency forever", Refused("'forever'")),
    ("quality", "quality very", Refused("'quality very'")),
    ("quality", "expertise maybe", Refused("'expertise maybe'")),
    ("quality", "3 api", Refused("ambiguous for a rate")),
]
