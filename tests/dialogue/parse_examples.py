"""Example steps for the parser tests, built as the dialogue's steps are (PRODUCT.md §3)."""

from __future__ import annotations

from bot.dialogue.parse import FieldSpec

WORKLOAD = [
    FieldSpec("workload.requests_per_day", "requests/day", "count", "requests/day",
              ("requests", "req", "calls")),
    FieldSpec("workload.avg_input_tokens_per_request", "input tokens/request", "count",
              "tokens/request", ("input", "in", "prompt")),
    FieldSpec("workload.avg_output_tokens_per_request", "output tokens/request", "count",
              "tokens/request", ("output", "out", "completion")),
]
SERVING = [
    FieldSpec("model.model_size_b", "model", "ft_model", None, ("model", "size")),
    FieldSpec("model.method", "method", "method", None, ("method",)),
    FieldSpec("model.gpu", "GPU", "gpu", None, ("gpu", "gpus")),
    FieldSpec("model.num_instances", "instances", "instances", None, ("instances", "replicas")),
    FieldSpec("model.pricing", "pricing", "pricing"),
    FieldSpec("model.quantisation", "quantisation", "quantisation"),
    FieldSpec("model.engine", "engine", "engine"),
    FieldSpec("model.instance_usd_per_hour", "instance price", "money", "USD/hour",
              ("instance price", "price")),
    FieldSpec("model.target_utilisation", "target utilisation", "rate", "fraction",
              ("utilisation", "utilization", "target")),
    FieldSpec("model.throughput_tokens_per_s_per_instance", "throughput per instance",
              "count", "tokens/second", ("throughput",)),
]
QUALITY = [
    FieldSpec("quality.human_review_rate_api", "review rate with the API", "rate", "fraction",
              ("api",)),
    FieldSpec("quality.human_review_rate_ft", "review rate fine-tuned", "rate", "fraction",
              ("fine-tuned", "ft")),
    FieldSpec("quality.cost_per_review_usd", "cost per review", "money", "USD/review",
              ("review",)),
]
PROJECT = [
    FieldSpec("project.num_training_runs", "training runs", "integer", "runs", ("runs",)),
    FieldSpec("project.compute_usd_per_run", "compute per run", "money", "USD/run",
              ("compute",)),
    FieldSpec("project.engineer_usd_per_hour", "engineer rate", "money", "USD/hour",
              ("rate", "engineer")),
    FieldSpec("project.model_lifetime_months", "model lifetime", "duration", "months",
              ("lifetime",)),
]
