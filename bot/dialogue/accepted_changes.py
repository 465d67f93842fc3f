"""The what-if changes ftroi understands, as people are shown them.

Its own module, free of the parsers, so that ``ftroi whatif --help`` can print the list
without loading them (and the engine behind them); :mod:`bot.dialogue.parse.whatif`, which
reads these changes, and every surface that lists them take it from here.
"""

from __future__ import annotations

__all__ = ["ACCEPTED_CHANGES"]

ACCEPTED_CHANGES = (
    "'volume x2', '2x the volume', 'double the volume', 'volume +50%', 'volume 100k', "
    "'gpu h100', 'on an H100', '2x a10g', '2 instances', 'auto instances', 'review rate 3%', "
    "'api review rate 1%', 'cost per review $4', 'api claude 3 haiku', 'lifetime 24 months', "
    "'rate $120/h', 'instance price $2/h', 'spot' / 'on-demand' / 'reserved', "
    "'int4' / 'int8' / 'fp8' / 'bf16', 'vllm' / 'tensorrt-llm' / 'transformers', '13b lora', "
    "'input 800 tokens', "
    "'output 300 tokens', 'growth 5%/month', 'utilisation 40%', '10 training runs', "
    "'compute $500 per run', 'engineering hours x1.5'"
)
