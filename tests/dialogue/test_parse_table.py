"""One typed value per row: what people type, and what it must read as.

The phrasings are PRODUCT.md §3's typed answers ("50k", "2.5M tokens/day", "1,200",
"$1.03/hr", "2x a10g", "gpt-4o", "claude 3.5 sonnet", "7b qlora", "3%", "150/h") and the
variants people write around them. Conversions use PRODUCT.md §5's month of 30 days (720 h).
The second table is what must be refused: each message quotes what was typed and names
the accepted forms.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bot.dialogue.parse import (
    FtModelChoice,
    GpuChoice,
    ParseError,
    parse_api_model,
    parse_bool,
    parse_count,
    parse_duration,
    parse_engine,
    parse_ft_model,
    parse_gpu,
    parse_instances,
    parse_integer,
    parse_level,
    parse_method,
    parse_money,
    parse_pricing,
    parse_quantisation,
    parse_rate,
)

PARSERS: dict[str, Callable[..., Any]] = {
    "count": parse_count, "integer": parse_integer, "money": parse_money, "rate": parse_rate,
    "duration": parse_duration, "gpu": parse_gpu, "api": parse_api_model,
    "ft": parse_ft_model, "level": parse_level, "bool": parse_bool, "pricing": parse_pricing,
    "engine": parse_engine, "quant": parse_quantisation, "method": parse_method,
    "instances": parse_instances,
}


def run(kind: str, text: str, unit: str | None) -> Any:
    return PARSERS[kind](text, unit=unit) if unit else PARSERS[kind](text)


READS = [
    # counts and volumes
    ("count", "50k", None, 50_000),
    ("count", "50K", None, 50_000),
    ("count", "2.5M", None, 2_500_000),
    ("count", "1,200", None, 1_200),
    ("count", "1.2e6", None, 1_200_000),
    ("count", "1_000", None, 1_000),
    ("count", "3 million", None, 3_000_000),
    ("count", "1.5 billion", None, 1_500_000_000),
    ("count", "1.1M", None, 1_100_000),  # exact decimal scaling, not 1100000.0000000002
    ("count", "a million", None, 1_000_000),
    ("count", "about 80k", None, 80_000),
    ("count", "~80k", None, 80_000),
    ("count", "-0", None, 0),
    ("count", "１２ｋ", None, 12_000),  # full-width, as some keyboards type
    ("count", "80k\u00a0requests a day", "requests/day", 80_000),  # Slack's no-break space
    ("count", "2.5M tokens/day", "tokens/day", 2_500_000),
    ("count", "80k requests a day", "requests/day", 80_000),
    ("count", "80k/day", "requests/day", 80_000),
    ("count", "80k req/day", "requests/day", 80_000),
    ("count", "80k requests per day", "requests/day", 80_000),
    ("count", "80,000 calls daily", "requests/day", 80_000),
    ("count", "80k requests", "requests/day", 80_000),
    ("count", "2.4M requests/month", "requests/day", 80_000),  # ÷ 30 days
    ("count", "1 rps", "requests/day", 86_400),
    ("count", "600 tokens", "tokens/request", 600),
    ("count", "600 tokens per request", "tokens/request", 600),
    ("count", "600 tok/req", "tokens/request", 600),
    ("integer", "8", "runs", 8),
    ("integer", "8 runs", "runs", 8),
    ("integer", "two", "runs", 2),
    ("integer", "50k examples", "examples", 50_000),
    # money
    ("money", "$1.03/hr", "USD/hour", 1.03),  # seed: A10G on-demand
    ("money", "1.03 $/h", "USD/hour", 1.03),
    ("money", "$1.03 per hour", "USD/hour", 1.03),
    ("money", "150/h", "USD/hour", 150),  # seed: engineer rate
    ("money", "$150 an hour", "USD/hour", 150),
    ("money", "150", "USD/hour", 150),
    ("money", "4 bucks an hour", "USD/hour", 4),
    ("money", "usd 4/h", "USD/hour", 4),
    ("money", "$3,600/month", "USD/hour", 5),  # seed: 2×A100 80GB at $3,600/month = $5/h
    ("money", "$742/mo", "USD/hour", 742 / 720),
    ("money", "$1.03/h", "USD/month", 741.6),  # seed: $742/month for 24/7
    ("money", "$12k a year", "USD/month", 1_000),
    ("money", "$2.5/1M", "USD/1M tokens", 2.5),
    ("money", "$2.50 per million tokens", "USD/1M tokens", 2.5),
    ("money", "$2.5/M", "USD/1M tokens", 2.5),
    ("money", "$0.0025/1K tokens", "USD/1M tokens", 2.5),
    ("money", "2.5", "USD/1M tokens", 2.5),
    ("money", "$5", "USD/review", 5),  # seed: cost per review
    ("money", "5 dollars", "USD", 5),
    ("money", "50 cents", "USD/review", 0.5),
    ("money", "$5 per review", "USD/review", 5),
    ("money", "$5 each", "USD/review", 5),
    ("money", "$1.2k", "USD/run", 1_200),
    ("money", "$500 per run", "USD/run", 500),
    # rates
    ("rate", "3%", None, 0.03),
    ("rate", "0.03", None, 0.03),
    ("rate", "3 percent", None, 0.03),
    ("rate", "2.5 %", None, 0.025),
    ("rate", "0", None, 0),
    ("rate", "1.0", None, 1.0),
    ("rate", ".5", None, 0.5),
    ("rate", "three percent", None, 0.03),
    ("rate", "5%/month", "fraction/month", 0.05),
    ("rate", "5% monthly", "fraction/month", 0.05),
    ("rate", "-2%", "fraction/month", -0.02),
    # durations
    ("duration", "18 months", "months", 18),  # seed: model lifetime
    ("duration", "18mo", "months", 18),
    ("duration", "1.5 years", "months", 18),
    ("duration", "2y", "months", 24),
    ("duration", "18", "months", 18),
    ("duration", "a year", "months", 12),
    ("duration", "90 days", "months", 3),
    ("duration", "2000 ms", "ms", 2_000),
    ("duration", "2s", "ms", 2_000),
    ("duration", "1.5 seconds", "ms", 1_500),
    # GPUs: N× is N GPUs in one instance (seed: "70B on 2×A100 80GB" is one server)
    ("gpu", "2x a10g", None, GpuChoice("a10g", 2)),
    ("gpu", "2 × H100", None, GpuChoice("h100", 2)),
    ("gpu", "h100", None, GpuChoice("h100")),
    ("gpu", "A100 80GB x4", None, GpuChoice("a100_80g", 4)),
    ("gpu", "4xA100-40GB", None, GpuChoice("a100_40g", 4)),
    ("gpu", "l4", None, GpuChoice("l4")),
    ("gpu", "2 h100s", None, GpuChoice("h100", 2)),
    ("gpu", "two H100 GPUs", None, GpuChoice("h100", 2)),
    ("gpu", "NVIDIA A10G", None, GpuChoice("a10g")),
    ("gpu", "an H100", None, GpuChoice("h100")),
    ("gpu", "h100 pcie", None, GpuChoice("h100_pcie")),
    ("gpu", "$3.20/h custom gpu", None, GpuChoice("custom", None, 3.2)),
    # GPU memory sizes, in the catalog's forms and around the name (both A100s are "A100")
    ("gpu", "a100 40gb", None, GpuChoice("a100_40g")),
    ("gpu", "A100 40 GB", None, GpuChoice("a100_40g")),
    ("gpu", "a100-80gb", None, GpuChoice("a100_80g")),
    ("gpu", "80 GB A100", None, GpuChoice("a100_80g")),
    ("gpu", "2x 80GB A100s", None, GpuChoice("a100_80g", 2)),
    ("gpu", "2 a100s 40gb", None, GpuChoice("a100_40g", 2)),
    ("gpu", "h100 80gb", None, GpuChoice("h100")),
    ("gpu", "h100 pcie 80gb", None, GpuChoice("h100_pcie")),
    ("gpu", "h200 141gb", None, GpuChoice("h200")),
    ("gpu", "A10G 24GB", None, GpuChoice("a10g")),
    ("gpu", "l4 24 gb", None, GpuChoice("l4")),
    # words that lead to a GPU in a sentence
    ("gpu", "on 2x a100 40gb", None, GpuChoice("a100_40g", 2)),
    ("gpu", "with an h100", None, GpuChoice("h100")),
    ("gpu", "using l4", None, GpuChoice("l4")),
    ("gpu", "served on 2x a100 80gb", None, GpuChoice("a100_80g", 2)),
    ("gpu", "custom GPU at $3.20/hour", None, GpuChoice("custom", None, 3.2)),
    # API models, through the price catalog
    ("api", "gpt-4o", None, "gpt-4o"),
    ("api", "claude 3.5 sonnet", None, "claude-3-5-sonnet"),
    ("api", "GPT-4o mini", None, "gpt-4o-mini"),
    ("api", "gemini 2.5 pro", None, "gemini-2.5-pro"),
    ("api", "Claude 3 Haiku", None, "claude-3-haiku"),
    ("api", "the gpt-4o api", None, "gpt-4o"),
    # the fine-tuned model
    ("ft", "7b qlora", None, FtModelChoice(7, "qlora")),
    ("ft", "13B LoRA", None, FtModelChoice(13, "lora")),
    ("ft", "70b full", None, FtModelChoice(70, "full")),
    ("ft", "llama 8b", None, FtModelChoice(8)),
    ("ft", "mistral 7b lora", None, FtModelChoice(7, "lora")),
    ("ft", "llama-3.1-8b-instruct", None, FtModelChoice(8)),
    ("ft", "full fine-tune 70B", None, FtModelChoice(70, "full")),
    ("ft", "7 billion parameters", None, FtModelChoice(7)),
    ("ft", "7", None, FtModelChoice(7)),
    ("ft", "qwen2.5 7b q-lora", None, FtModelChoice(7, "qlora")),
    # enums and booleans
    ("level", "high", None, "high"),
    ("level", "hi", None, "high"),
    ("level", "med", None, "medium"),
    ("level", "Low", None, "low"),
    ("bool", "yes", None, True),
    ("bool", "Y", None, True),
    ("bool", "true", None, True),
    ("bool", "no", None, False),
    ("bool", "n", None, False),
    ("bool", "false", None, False),
    ("pricing", "on-demand", None, "on_demand"),
    ("pricing", "on demand", None, "on_demand"),
    ("pricing", "spot", None, "spot"),
    ("pricing", "reserved", None, "reserved"),
    ("engine", "vllm", None, "vllm"),
    ("engine", "vLLM", None, "vllm"),
    ("engine", "transformers", None, "transformers"),
    ("engine", "hf", None, "transformers"),
    ("quant", "bf16", None, "bf16"),
    ("quant", "int8", None, "int8"),
    ("quant", "int4", None, "int4"),
    ("quant", "4-bit", None, "int4"),
    ("quant", "8-bit", None, "int8"),
    ("method", "QLoRA", None, "qlora"),
    ("instances", "auto", None, None),
    ("instances", "size it for me", None, None),
    ("instances", "2", None, 2),
    ("instances", "3 instances", None, 3),
]


@pytest.mark.parametrize(("kind", "text", "unit", "expected"), READS,
                         ids=[f"{k}:{t}" for k, t, _, _ in READS])
def test_reads(kind: str, text: str, unit: str | None, expected: Any) -> None:
    assert run(kind, text, unit) == (pytest.approx(expected) if isinstance(expected, float)
                                     else expected)


def test_the_table_is_large_enough() -> None:
    assert len(READS) >= 100


REFUSED = [
    # (kind, typed, unit, what the message must contain besides the quote)
    ("count", "apples", None, ["'50k'", "'1,200'"]),
    ("count", "50 apples", None, ["unit", "'3 million'"]),
    ("count", "-5", None, ["negative", "'50k'"]),
    ("count", "1e309", None, ["too large"]),
    ("count", "nan", None, ["'50k'"]),
    ("count", "inf", None, ["'50k'"]),
    ("count", "1,2", None, ["'1,200'"]),
    ("count", "2.5M tokens/day", "requests/day", ["counts tokens", "requests/day",
                                                   "'80k requests a day'"]),
    ("count", "600 tokens/day", "tokens/request", ["per day", "per request", "'600 tokens'"]),
    ("integer", "2.5 runs", "runs", ["whole number", "'8'"]),
    ("money", "€5", "USD", ["US dollars", "'$5'"]),
    ("money", "-$5", "USD", ["'$5'"]),
    ("money", "$3,600/m", "USD/hour", ["per month or per million", "'$3,600/month'"]),
    ("money", "$5/hour", "USD/review", ["per hour", "'$5 per review'"]),
    ("money", "$5/1M", "USD/hour", ["USD/hour", "'$1.03/hr'"]),
    ("money", "$5 each", "USD/hour", ["'150/h'"]),
    ("money", "cheap", "USD/hour", ["'$150 an hour'"]),
    ("rate", "3", None, ["ambiguous", "'3%'", "'0.03'"]),
    ("rate", "1", None, ["ambiguous", "'1%'"]),
    ("rate", "1.5", None, ["'1.5%'"]),
    ("rate", "150%", None, ["0–100%", "'3 percent'"]),
    ("rate", "-3%", None, ["0–100%"]),
    ("rate", "5% a year", "fraction/month", ["monthly", "'5%/month'"]),
    ("rate", "a lot", None, ["'3%'", "'0.03'"]),
    ("duration", "18m", "months", ["minutes or months", "'18 months'"]),
    ("duration", "forever", "months", ["'18 months'", "'1.5 years'"]),
    ("duration", "-2 years", "months", ["negative"]),
    ("gpu", "tpu v5", None, ["A10G", "H100", "'2x a10g'"]),
    ("gpu", "0x h100", None, ["1 to 64", "'2x a10g'"]),
    ("gpu", "100x h100", None, ["1 to 64"]),
    ("gpu", "custom", None, ["'$3.20/h custom gpu'"]),
    ("gpu", "custom gpu at cheap", None, ["'$3.20/h custom gpu'"]),
    ("gpu", "h100 40gb", None, ["H100 has 80GB", "'A100 80GB x4'"]),
    ("gpu", "2x a100 24gb", None, ["A100 has 40GB or 80GB"]),
    ("api", "gpt-99 turbo max", None, ["'gpt-4o'", "'claude 3.5 sonnet'", "per 1M tokens"]),
    ("api", "¯\\_(ツ)_/¯", None, ["'gpt-4o'"]),
    ("ft", "qlora", None, ["no model size", "'7b qlora'"]),
    ("ft", "mixtral 8x7b", None, ["'8x7b'", "'7b qlora'"]),
    ("ft", "7b 13b", None, ["two sizes"]),
    ("ft", "5000b", None, ["2,000B"]),
    ("level", "very", None, ["high", "medium", "low"]),
    ("bool", "maybe", None, ["yes", "no"]),
    ("pricing", "cheap", None, ["on-demand", "spot", "reserved"]),
    ("engine", "tgi", None, ["vLLM", "Transformers"]),
    ("quant", "2-bit", None, ["bf16", "int8", "int4"]),
    ("instances", "0", None, ["at least one", "'auto'"]),
    ("instances", "2.5", None, ["whole number", "'size it for me'"]),
]


@pytest.mark.parametrize(("kind", "text", "unit", "accepted"), REFUSED,
                         ids=[f"{k}:{t}" for k, t, _, _ in REFUSED])
def test_refused_with_the_text_and_what_is_accepted(kind: str, text: str, unit: str | None,
                                                     accepted: list[str]) -> None:
    with pytest.raises(ParseError) as caught:
        run(kind, text, unit)
    message = str(caught.value)
    quoted = "'8x7b'" if text == "mixtral 8x7b" else f"'{text}'"
    assert quoted in message
    for form in accepted:
        assert form in message


def test_too_long_is_refused_not_truncated() -> None:
    with pytest.raises(ParseError, match="too long"):
        parse_count("1" * 5000)
